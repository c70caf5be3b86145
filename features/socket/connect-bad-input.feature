@area:socket @bad-input @observed
Feature: net.connect(), net.createConnection() and socket.connect() reject bad arguments

  > port number Required. Port the socket should connect to.
  > host string Host the socket should connect to. Default: 'localhost'.
  > localAddress string Local address the socket should connect from.
  > localPort number Local port the socket should connect from.
  > family number: Version of IP stack. Must be 4, 6, or 0.
  > hints number Optional dns.lookup() hints.
  > lookup Function Custom lookup function. Default: dns.lookup().
  > keepAliveInitialDelay number If set to a positive number, it sets the
  > initial delay before the first keepalive probe is sent on an idle socket.
  -- Node.js v19 net docs (seed 001), socket.connect(options[, connectListener])

  > For available options, see new net.Socket([options]) and
  > socket.connect(options[, connectListener]).
  -- Node.js v19 net docs (seed 001), net.createConnection(options[, connectListener])

  > If there is a problem connecting, instead of a 'connect' event, an
  > 'error' event will be emitted with the error passed to the 'error'
  > listener.
  -- Node.js v19 net docs (seed 001), socket.connect()

  > For TCP sockets, `options` argument should be an object which specifies:
  > - `port`: Port the client should connect to (Required).
  > - `host`: Host the client should connect to. Defaults to `'localhost'`.
  > - `localAddress`: Local interface to bind to for network connections.
  > - `family` : Version of IP stack. Defaults to `4`.
  -- Node.js v0.10 net docs (seed 000), net.connect(options, [connectionListener])

  The docs name the options and their types, not what a wrong one does.
  The codes and messages are Node.js 20's, each checked with `node -e`;
  connect.feature holds the first rows of this table. An argument Node
  can judge before it connects is thrown from the call; what only the
  operating system can refuse (binding to a local address) comes as
  'error' on the returned socket. The family and hints are checked by
  the host name lookup, so only when the host is a name ("localhost" by
  default); the timeout option is the one net.createConnection() adds
  (Node's docs list it under "Additional options", a list this copy of
  the v19 text leaves out), checked by socket.setTimeout() before the
  connection starts.

  @member:net.createConnection @member:net.createConnection(port) @member:net.connect(port) @member:option:socket.connect.port @member:option:net.connect.port
  Scenario Outline: net.createConnection(<port>) throws ERR_SOCKET_BAD_PORT
    When I call net.createConnection(<port>)
    Then it throws RangeError ERR_SOCKET_BAD_PORT with message "Port should be >= 0 and < 65536. Received <received>."

    @node:>=19
    Examples: numbers that are not ports
      | port      | received                  |
      | Infinity  | type number (Infinity)    |
      | -Infinity | type number (-Infinity)   |
      | NaN       | type number (NaN)         |

    @node:>=19
    Examples: strings that are numbers, but not ports
      | port      | received                  |
      | " "       | type string (' ')         |
      | "1.5"     | type string ('1.5')       |
      | "0x10000" | type string ('0x10000')   |
      | "1e5"     | type string ('1e5')       |

  @member:net.connect @member:net.connect(options) @member:option:socket.connect.port @member:option:net.connect.port
  Scenario Outline: net.connect({port: <port>}) throws <code>
    When I call net.connect({port: <port>})
    Then it throws <name> <code> with message <message>

    @node:>=19
    Examples:
      | port      | name       | code                 | message                                                                                                |
      | 1.5       | RangeError | ERR_SOCKET_BAD_PORT  | "Port should be >= 0 and < 65536. Received type number (1.5)."                                         |
      | -0.5      | RangeError | ERR_SOCKET_BAD_PORT  | "Port should be >= 0 and < 65536. Received type number (-0.5)."                                        |
      | " "       | RangeError | ERR_SOCKET_BAD_PORT  | "Port should be >= 0 and < 65536. Received type string (' ')."                                         |
      | false     | TypeError  | ERR_INVALID_ARG_TYPE | 'The "options.port" property must be one of type number or string. Received type boolean (false)'      |
      | []        | TypeError  | ERR_INVALID_ARG_TYPE | 'The "options.port" property must be one of type number or string. Received an instance of Array'      |
      | undefined | TypeError  | ERR_MISSING_ARGS     | 'The "options" or "port" or "path" argument must be specified'                                         |

  @member:net.createConnection @member:net.createConnection(port) @member:net.createConnection(options)
  Scenario Outline: net.createConnection(<args>) is neither a port nor options: <code>
    When I call net.createConnection(<args>)
    Then it throws TypeError <code> with message <message>

    @node:>=19
    Examples:
      | args      | code                 | message                                                                                           |
      | false     | ERR_INVALID_ARG_TYPE | 'The "options.port" property must be one of type number or string. Received type boolean (false)' |
      | undefined | ERR_MISSING_ARGS     | 'The "options" or "port" or "path" argument must be specified'                                    |
      | []        | ERR_MISSING_ARGS     | 'The "options" or "port" or "path" argument must be specified'                                    |

  @member:net.connect @member:net.connect(options) @member:option:socket.connect.host @member:option:net.connect.host
  Scenario Outline: a host of type <type> throws ERR_INVALID_ARG_TYPE
    When I call net.connect({port: 80, host: <host>})
    Then it throws TypeError ERR_INVALID_ARG_TYPE with message <message>

    # Node.js 20 leaves the host's type to the lookup; 22 and later check
    # it first, naming the option.
    @node:<22 @observed @node:>=19
    Examples: Node.js 20
      | host | type    | message                                                                                |
      | true | boolean | 'The "hostname" argument must be of type string. Received type boolean (true)'         |
      | {}   | object  | 'The "hostname" argument must be of type string. Received an instance of Object'       |
      | []   | array   | 'The "hostname" argument must be of type string. Received an instance of Array'        |

    @node:>=22 @observed @node:>=19
    Examples: Node.js 22 and later
      | host | type    | message                                                                                |
      | true | boolean | 'The "options.host" property must be of type string. Received type boolean (true)'     |
      | {}   | object  | 'The "options.host" property must be of type string. Received an instance of Object'   |
      | []   | array   | 'The "options.host" property must be of type string. Received an instance of Array'    |

  @member:net.connect @member:net.connect(options) @member:option:socket.connect.localAddress @member:option:net.connect.localAddress
  Scenario Outline: localAddress <localAddress> is not an IP address: ERR_INVALID_IP_ADDRESS
    When I call net.connect({port: 80, localAddress: <localAddress>})
    Then it throws TypeError ERR_INVALID_IP_ADDRESS with message "Invalid IP address: <shown>"

    @node:>=19
    Examples:
      | localAddress | shown     |
      | "localhost"  | localhost |
      | "1.2.3.256"  | 1.2.3.256 |
      | 5            | 5         |
      | true         | true      |
      | {}           | {}        |

  @member:net.connect @member:net.connect(options) @member:option:socket.connect.localPort @member:option:net.connect.localPort
  Scenario Outline: localPort <localPort> is not a number: ERR_INVALID_ARG_TYPE
    When I call net.connect({port: 80, localPort: <localPort>})
    Then it throws TypeError ERR_INVALID_ARG_TYPE with message "The \"options.localPort\" property must be of type number. Received <received>"

    @node:>=19
    Examples:
      | localPort | received              |
      | "80"      | type string ('80')    |
      | true      | type boolean (true)   |
      | {}        | an instance of Object |

  @member:net.connect @member:net.connect(options) @member:option:socket.connect.family @member:option:net.connect.family
  Scenario Outline: family <family> is not 0, 4 or 6: ERR_INVALID_ARG_VALUE
    When I call net.connect({port: 80, family: <family>})
    Then it throws TypeError ERR_INVALID_ARG_VALUE with message "The property 'options.family' must be one of: 0, 4, 6. Received <shown>"

    @node:>=19
    Examples:
      | family | shown  |
      | 1      | 1      |
      | 4.5    | 4.5    |
      | -4     | -4     |
      | "4"    | '4'    |
      | "IPv5" | 'IPv5' |
      | true   | true   |
      | {}     | {}     |

  @member:net.connect @member:net.connect(options) @member:option:socket.connect.hints
  Scenario Outline: hints <hints> are refused with <code>
    When I call net.connect({port: 80, hints: <hints>})
    Then it throws TypeError <code> with message <message>

    @node:>=19
    Examples:
      | hints | code                  | message                                                                                  |
      | true  | ERR_INVALID_ARG_TYPE  | 'The "options.hints" property must be of type number. Received type boolean (true)'     |
      | {}    | ERR_INVALID_ARG_TYPE  | 'The "options.hints" property must be of type number. Received an instance of Object'   |
      | 1     | ERR_INVALID_ARG_VALUE | "The argument 'hints' is invalid. Received 1"                                            |
      | 12345 | ERR_INVALID_ARG_VALUE | "The argument 'hints' is invalid. Received 12345"                                        |
      | -1    | ERR_INVALID_ARG_VALUE | "The argument 'hints' is invalid. Received 4294967295"                                   |

  @member:net.connect @member:net.connect(options) @member:option:socket.connect.lookup
  Scenario Outline: lookup <lookup> is not a function: ERR_INVALID_ARG_TYPE
    When I call net.connect({port: 80, lookup: <lookup>})
    Then it throws TypeError ERR_INVALID_ARG_TYPE with message "The \"options.lookup\" property must be of type function. Received <received>"

    @node:>=19
    Examples:
      | lookup | received              |
      | "x"    | type string ('x')     |
      | true   | type boolean (true)   |
      | {}     | an instance of Object |

  @member:net.connect @member:net.connect(options) @member:option:socket.connect.path @member:option:net.connect.path
  Scenario Outline: path <path> is not a string: ERR_INVALID_ARG_TYPE
    When I call net.connect({path: <path>})
    Then it throws TypeError ERR_INVALID_ARG_TYPE with message "The \"options.path\" property must be of type string. Received <received>"

    @node:>=19
    Examples:
      | path | received              |
      | true | type boolean (true)   |
      | {}   | an instance of Object |
      | []   | an instance of Array  |

  @member:net.createConnection @member:net.createConnection(options)
  Scenario Outline: the timeout option <timeout> is refused as setTimeout() refuses it: <code>
    When I call net.createConnection({port: 80, timeout: <timeout>})
    Then it throws <name> <code> with message <message>

    @node:>=19
    Examples:
      | timeout  | name       | code                 | message                                                                                               |
      | "x"      | TypeError  | ERR_INVALID_ARG_TYPE | "The \"msecs\" argument must be of type number. Received type string ('x')"                          |
      | true     | TypeError  | ERR_INVALID_ARG_TYPE | 'The "msecs" argument must be of type number. Received type boolean (true)'                          |
      | -1       | RangeError | ERR_OUT_OF_RANGE     | 'The value of "msecs" is out of range. It must be a non-negative finite number. Received -1'         |
      | Infinity | RangeError | ERR_OUT_OF_RANGE     | 'The value of "msecs" is out of range. It must be a non-negative finite number. Received Infinity'   |

  @profile:v19 @member:net.createConnection(options) @member:option:net.Socket.signal
  Scenario Outline: net.createConnection() with signal <signal> throws, as new net.Socket() does
    When I call net.createConnection({port: 80, signal: <signal>})
    Then it throws TypeError ERR_INVALID_ARG_TYPE with message "The \"signal\" argument must be an instance of AbortSignal. Received <received>"

    Examples:
      | signal | received            |
      | 5      | type number (5)     |
      | "x"    | type string ('x')   |

  @profile:v19 @member:net.createConnection(options) @member:option:socket.connect.keepAliveInitialDelay
  Scenario Outline: keepAliveInitialDelay <delay> is not a number: ERR_INVALID_ARG_TYPE
    When I call net.createConnection({port: 80, keepAlive: true, keepAliveInitialDelay: <delay>})
    Then it throws TypeError ERR_INVALID_ARG_TYPE with message "The \"options.keepAliveInitialDelay\" property must be of type number. Received <received>"

    Examples:
      | delay | received              |
      | "x"   | type string ('x')     |
      | {}    | an instance of Object |

  @member:socket.connect @member:socket.connect(options) @member:socket.connect(port)
  Scenario Outline: socket.connect(<args>) throws <code> and the socket neither connects nor fails later
    Given I call new net.Socket() as c
    When I call c.connect(<args>)
    Then it throws <name> <code> with message <message>
    And c does not emit 'connect'
    And c does not emit 'error'

    @node:>=19
    Examples:
      | args                            | name       | code                   | message                                                                                          |
      | Infinity                        | RangeError | ERR_SOCKET_BAD_PORT    | "Port should be >= 0 and < 65536. Received type number (Infinity)."                              |
      | {port: "x"}                     | RangeError | ERR_SOCKET_BAD_PORT    | "Port should be >= 0 and < 65536. Received type string ('x')."                                   |
      | null                            | TypeError  | ERR_INVALID_ARG_TYPE   | 'The "options.port" property must be one of type number or string. Received null'                |
      |                                 | TypeError  | ERR_MISSING_ARGS       | 'The "options" or "port" or "path" argument must be specified'                                   |
      | {port: 80, localAddress: "x"}   | TypeError  | ERR_INVALID_IP_ADDRESS | "Invalid IP address: x"                                                                          |
      | {port: 80, family: 5}           | TypeError  | ERR_INVALID_ARG_VALUE  | "The property 'options.family' must be one of: 0, 4, 6. Received 5"                              |
      | {port: 80, lookup: 5}           | TypeError  | ERR_INVALID_ARG_TYPE   | 'The "options.lookup" property must be of type function. Received type number (5)'              |
      | {path: 5}                       | TypeError  | ERR_INVALID_ARG_TYPE   | 'The "options.path" property must be of type string. Received type number (5)'                  |

    @node:<22 @observed @node:>=19
    Examples: a host that is not a string, Node.js 20
      | args                            | name       | code                   | message                                                                                          |
      | {port: 80, host: true}          | TypeError  | ERR_INVALID_ARG_TYPE   | 'The "hostname" argument must be of type string. Received type boolean (true)'                   |

    @node:>=22 @observed @node:>=19
    Examples: a host that is not a string, Node.js 22 and later
      | args                            | name       | code                   | message                                                                                          |
      | {port: 80, host: true}          | TypeError  | ERR_INVALID_ARG_TYPE   | 'The "options.host" property must be of type string. Received type boolean (true)'                |

  @member:socket.connect @member:socket.connect(options) @member:option:socket.connect.localAddress @member:option:socket.connect.localPort @member:event:socket.error @os:linux
  Scenario Outline: a local address or port the system refuses comes as 'error' <code>: <why>
    Given server srv is listening on <host> port 0
    And I call srv.address() as bound
    And I call new net.Socket() as c
    And c has an 'error' listener
    When I call c.connect(<options>)
    Then c had not emitted 'error' when the call returned
    And c emits 'error' with <error>
    And c emits 'error' before 'close'
    And c does not emit 'connect'

    @node:>=19
    Examples:
      | host        | options                                                            | code          | error                                                                                                       | why                                    |
      | "127.0.0.1" | {port: bound.port, host: "127.0.0.1", localAddress: "::1"}         | EINVAL        | {name: "Error", code: "EINVAL", syscall: "bind", address: "::1", message: "bind EINVAL ::1"}                | an IPv6 local address for IPv4          |
      | "::1"       | {port: bound.port, host: "::1", localAddress: "127.0.0.1"}         | EINVAL        | {name: "Error", code: "EINVAL", syscall: "bind", address: "127.0.0.1", message: "bind EINVAL 127.0.0.1"}    | an IPv4 local address for IPv6          |
      | "127.0.0.1" | {port: bound.port, host: "127.0.0.1", localAddress: "192.0.2.1"}   | EADDRNOTAVAIL | {name: "Error", code: "EADDRNOTAVAIL", syscall: "bind", address: "192.0.2.1", message: "bind EADDRNOTAVAIL 192.0.2.1"} | an address of no local interface |
      | "127.0.0.1" | {port: bound.port, host: "127.0.0.1", localPort: bound.port}       | EADDRINUSE    | {name: "Error", code: "EADDRINUSE", syscall: "bind", address: "0.0.0.0", port: bound.port}                  | the port the server listens on          |
