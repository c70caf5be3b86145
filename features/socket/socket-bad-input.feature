@area:socket @bad-input @observed
Feature: new net.Socket() rejects bad options

  > fd number If specified, wrap around an existing socket with the given
  > file descriptor, otherwise a new socket will be created.
  > signal AbortSignal An Abort signal that may be used to destroy the socket.
  -- Node.js v19 net docs (seed 001), new net.Socket([options])

  > keepAliveInitialDelay number If set to a positive number, it sets the
  > initial delay before the first keepalive probe is sent on an idle socket.
  -- Node.js v19 net docs (seed 001), socket.connect(options[, connectListener])

  The docs give the types, not what a wrong one does; the codes and
  messages are Node.js 20's, each checked with `node -e`. The constructor
  checks fd (properties.feature has its first rows) and signal, and
  keepAliveInitialDelay, which socket.connect() documents and the
  constructor reads. A signal is looked at only when it is truthy: null,
  false and 0 mean no signal.

  @member:net.Socket @member:option:net.Socket.fd
  Scenario Outline: new net.Socket({fd: <fd>}) throws <code>
    When I call new net.Socket({fd: <fd>})
    Then it throws <name> <code> with message <message>

    @node:>=19
    Examples:
      | fd         | name       | code                 | message                                                                                         |
      | 1.5        | RangeError | ERR_OUT_OF_RANGE     | 'The value of "fd" is out of range. It must be an integer. Received 1.5'                        |
      | NaN        | RangeError | ERR_OUT_OF_RANGE     | 'The value of "fd" is out of range. It must be an integer. Received NaN'                        |
      | 2147483648 | RangeError | ERR_OUT_OF_RANGE     | 'The value of "fd" is out of range. It must be >= 0 && <= 2147483647. Received 2147483648'      |
      | null       | TypeError  | ERR_INVALID_ARG_TYPE | 'The "fd" argument must be of type number. Received null'                                       |
      | true       | TypeError  | ERR_INVALID_ARG_TYPE | 'The "fd" argument must be of type number. Received type boolean (true)'                        |

  @profile:v19 @member:net.Socket @member:option:net.Socket.signal
  Scenario Outline: new net.Socket({signal: <signal>}) throws ERR_INVALID_ARG_TYPE
    When I call new net.Socket({signal: <signal>})
    Then it throws TypeError ERR_INVALID_ARG_TYPE with message "The \"signal\" argument must be an instance of AbortSignal. Received <received>"

    Examples:
      | signal | received             |
      | 5      | type number (5)      |
      | "x"    | type string ('x')    |
      | true   | type boolean (true)  |
      | []     | an instance of Array |

  @profile:v19 @member:net.Socket @member:option:net.Socket.signal
  Scenario Outline: new net.Socket({signal: <signal>}) has no signal and connects
    Given server srv is listening on "127.0.0.1" port 0
    And I call srv.address() as bound
    When I call new net.Socket({signal: <signal>}) as c
    And I call c.connect(bound.port, "127.0.0.1")
    Then c emits 'connect'

    Examples:
      | signal |
      | null   |
      | false  |
      | 0      |

  @profile:v19 @member:net.Socket @member:option:socket.connect.keepAliveInitialDelay
  Scenario Outline: new net.Socket({keepAliveInitialDelay: <delay>}) throws ERR_INVALID_ARG_TYPE
    When I call new net.Socket({keepAliveInitialDelay: <delay>})
    Then it throws TypeError ERR_INVALID_ARG_TYPE with message "The \"options.keepAliveInitialDelay\" property must be of type number. Received <received>"

    Examples:
      | delay | received              |
      | "x"   | type string ('x')     |
      | true  | type boolean (true)   |
      | null  | null                  |
