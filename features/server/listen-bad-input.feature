@area:server @bad-input @observed
Feature: server.listen() rejects a bad port or bad options by throwing

  > If port is specified, it behaves the same as
  > server.listen([port[, host[, backlog]]][, callback]). Otherwise, if
  > path is specified, it behaves the same as
  > server.listen(path[, backlog][, callback]). If none of them is
  > specified, an error will be thrown.
  -- Node.js v19 net docs (seed 001), server.listen(options[, callback])

  > Start a TCP server listening for connections on the given port and host.
  -- Node.js v19 net docs (seed 001), server.listen([port[, host[, backlog]]][, callback])

  > signal AbortSignal An AbortSignal that may be used to close a
  > listening server.
  -- Node.js v19 net docs (seed 001), server.listen(options[, callback])

  The docs give neither the codes nor the messages; these are Node.js 20's.
  A string that is not a number (Number(s) is NaN or negative: "abc",
  "-1") is a path, not a bad port: see listen-path.feature.

  @member:server.listen @member:server.listen(port) @member:server.listen(options) @member:option:server.listen.port
  Scenario Outline: listen(<args>) throws <code> and does not listen
    Given server srv
    When I call srv.listen(<args>)
    Then it throws <code> with message "<message>"
    And srv.listening is false
    And srv does not emit 'listening'

    @node:>=19
    Examples: ports out of range or not integers
      | args               | code                | message                                                                             |
      | -1                 | ERR_SOCKET_BAD_PORT | options.port should be >= 0 and < 65536. Received type number (-1).                 |
      | 65536              | ERR_SOCKET_BAD_PORT | options.port should be >= 0 and < 65536. Received type number (65536).              |
      | 1.5                | ERR_SOCKET_BAD_PORT | options.port should be >= 0 and < 65536. Received type number (1.5).                |
      | 65535.5            | ERR_SOCKET_BAD_PORT | options.port should be >= 0 and < 65536. Received type number (65535.5).            |
      | NaN                | ERR_SOCKET_BAD_PORT | options.port should be >= 0 and < 65536. Received type number (NaN).                |
      | Infinity           | ERR_SOCKET_BAD_PORT | options.port should be >= 0 and < 65536. Received type number (Infinity).           |
      | -1, "127.0.0.1"    | ERR_SOCKET_BAD_PORT | options.port should be >= 0 and < 65536. Received type number (-1).                 |
      | {port: -1}         | ERR_SOCKET_BAD_PORT | options.port should be >= 0 and < 65536. Received type number (-1).                 |
      | {port: 65536}      | ERR_SOCKET_BAD_PORT | options.port should be >= 0 and < 65536. Received type number (65536).              |
      | {port: NaN}        | ERR_SOCKET_BAD_PORT | options.port should be >= 0 and < 65536. Received type number (NaN).                |

    @node:>=19
    Examples: strings that are numbers but not ports
      | args               | code                | message                                                                             |
      | "1.5"              | ERR_SOCKET_BAD_PORT | options.port should be >= 0 and < 65536. Received type string ('1.5').              |
      | "65536"            | ERR_SOCKET_BAD_PORT | options.port should be >= 0 and < 65536. Received type string ('65536').            |
      | " "                | ERR_SOCKET_BAD_PORT | options.port should be >= 0 and < 65536. Received type string (' ').                |
      | {port: "abc"}      | ERR_SOCKET_BAD_PORT | options.port should be >= 0 and < 65536. Received type string ('abc').              |

    @node:>=19
    Examples: options that are neither a port nor a path
      | args                  | code                  | message                                                                                        |
      | true                  | ERR_INVALID_ARG_VALUE | The argument 'options' is invalid. Received { port: true }                                     |
      | false                 | ERR_INVALID_ARG_VALUE | The argument 'options' is invalid. Received { port: false }                                    |
      | {port: true}          | ERR_INVALID_ARG_VALUE | The argument 'options' is invalid. Received { port: true }                                     |
      | {path: 123}           | ERR_INVALID_ARG_VALUE | The argument 'options' is invalid. Received { path: 123 }                                      |
      | {}                    | ERR_INVALID_ARG_VALUE | The argument 'options' must have the property \"port\" or \"path\". Received {}                |
      | []                    | ERR_INVALID_ARG_VALUE | The argument 'options' must have the property \"port\" or \"path\". Received []                |
      | {host: "127.0.0.1"}   | ERR_INVALID_ARG_VALUE | The argument 'options' must have the property \"port\" or \"path\". Received { host: '127.0.0.1' } |
      | {port: 0, host: 123}  | ERR_INVALID_ARG_TYPE  | The \"hostname\" argument must be of type string. Received type number (123)                  |

    @node:>=19
    Examples: more numbers that are not ports
      | args               | code                | message                                                                             |
      | -Infinity          | ERR_SOCKET_BAD_PORT | options.port should be >= 0 and < 65536. Received type number (-Infinity).          |
      | -0.5               | ERR_SOCKET_BAD_PORT | options.port should be >= 0 and < 65536. Received type number (-0.5).               |
      | {port: Infinity}   | ERR_SOCKET_BAD_PORT | options.port should be >= 0 and < 65536. Received type number (Infinity).           |
      | {port: 1.5}        | ERR_SOCKET_BAD_PORT | options.port should be >= 0 and < 65536. Received type number (1.5).                |

    @node:>=19
    Examples: more strings that are numbers but not ports
      | args               | code                | message                                                                             |
      | "0x10000"          | ERR_SOCKET_BAD_PORT | options.port should be >= 0 and < 65536. Received type string ('0x10000').          |
      | "1e5"              | ERR_SOCKET_BAD_PORT | options.port should be >= 0 and < 65536. Received type string ('1e5').              |
      | {port: " "}        | ERR_SOCKET_BAD_PORT | options.port should be >= 0 and < 65536. Received type string (' ').                |
      | {port: "65536"}    | ERR_SOCKET_BAD_PORT | options.port should be >= 0 and < 65536. Received type string ('65536').            |

    @node:>=19
    Examples: a port or a path of the wrong type, or an empty path
      | args                  | code                  | message                                                                                        |
      | {port: false}         | ERR_INVALID_ARG_VALUE | The argument 'options' is invalid. Received { port: false }                                    |
      | {port: []}            | ERR_INVALID_ARG_VALUE | The argument 'options' is invalid. Received { port: [] }                                       |
      | {port: {}}            | ERR_INVALID_ARG_VALUE | The argument 'options' is invalid. Received { port: {} }                                       |
      | {path: true}          | ERR_INVALID_ARG_VALUE | The argument 'options' is invalid. Received { path: true }                                     |
      | {path: {}}            | ERR_INVALID_ARG_VALUE | The argument 'options' is invalid. Received { path: {} }                                       |
      | {path: ""}            | ERR_INVALID_ARG_VALUE | The argument 'options' is invalid. Received { path: '' }                                       |
      | {fd: -1}              | ERR_INVALID_ARG_VALUE | The argument 'options' must have the property \"port\" or \"path\". Received { fd: -1 }        |
      | {fd: "x"}             | ERR_INVALID_ARG_VALUE | The argument 'options' must have the property \"port\" or \"path\". Received { fd: 'x' }       |

    @node:>=19
    Examples: a host that is not a string
      | args                  | code                  | message                                                                                        |
      | {port: 0, host: true} | ERR_INVALID_ARG_TYPE  | The \"hostname\" argument must be of type string. Received type boolean (true)                 |
      | {port: 0, host: {}}   | ERR_INVALID_ARG_TYPE  | The \"hostname\" argument must be of type string. Received an instance of Object               |
      | {port: 0, host: []}   | ERR_INVALID_ARG_TYPE  | The \"hostname\" argument must be of type string. Received an instance of Array                |

  @member:server.listen @member:server.listen(port) @member:server.listen(options) @member:option:server.listen.port @node:>=19
  Scenario: a bad port throws even on a server that will listen later
    Given server srv
    When I call srv.listen(-1)
    And it throws ERR_SOCKET_BAD_PORT
    And I call srv.listen(0, "127.0.0.1")
    Then srv emits 'listening'

  @profile:v19 @member:server.listen(options) @member:option:server.listen.signal
  Scenario Outline: listen({port: 0, signal: <signal>}) throws ERR_INVALID_ARG_TYPE and does not listen
    Given server srv
    When I call srv.listen({port: 0, signal: <signal>})
    Then it throws TypeError ERR_INVALID_ARG_TYPE with message "The \"options.signal\" property must be an instance of AbortSignal. Received <received>"
    And srv.listening is false
    And srv does not emit 'listening'

    Examples:
      | signal | received             |
      | 5      | type number (5)      |
      | "x"    | type string ('x')    |
      | null   | null                 |
      | false  | type boolean (false) |

  @member:server.listen @member:option:server.listen.port @node:>=19
  Scenario: a port out of range throws a RangeError, a host that is not a string a TypeError
    Given server srv
    When I call srv.listen(65536)
    Then it throws RangeError ERR_SOCKET_BAD_PORT with message "options.port should be >= 0 and < 65536. Received type number (65536)."
    When I call srv.listen({port: 0, host: 123})
    Then it throws TypeError ERR_INVALID_ARG_TYPE with message "The \"hostname\" argument must be of type string. Received type number (123)"
    And srv.listening is false
