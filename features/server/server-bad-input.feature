@area:server @bad-input @observed
Feature: net.createServer(), new net.Server() and server.getConnections() reject bad arguments

  > options Object [...] keepAliveInitialDelay number If set to a positive
  > number, it sets the initial delay before the first keepalive probe is
  > sent on an idle socket.Default: 0.
  > connectionListener Function Automatically set as a listener for the
  > 'connection' event.
  -- Node.js v19 net docs (seed 001), net.createServer([options][, connectionListener])

  > This class is used to create a TCP or IPC server.
  -- Node.js v19 net docs (seed 001), net.Server

  > Asynchronously get the number of concurrent connections on the
  > server. Works when sockets were sent to forks.
  > Callback should take two arguments err and count.
  -- Node.js v19 net docs (seed 001), server.getConnections(callback)

  > Creates a new TCP server. The `connectionListener` argument is
  > automatically set as a listener for the ['connection'][] event.
  -- Node.js v0.10 net docs (seed 000), net.createServer([options], [connectionListener])

  The codes and messages are Node.js 20's, each checked with `node -e`.
  Options must be an object (or a function, which is then the
  connection listener); of the options only the numbers are checked:
  keepAliveInitialDelay, and highWaterMark, an option Node.js 20 reads
  that the v19 text does not list. The booleans (allowHalfOpen,
  pauseOnConnect, noDelay, keepAlive) take any value. A connection
  listener that is not a function is ignored, not refused.
  getConnections() refuses a callback that is not a function even on a
  server that is not listening. create-server.feature and
  connections.feature have the first rows.

  @member:net.createServer @member:net.Server
  Scenario Outline: <call> throws ERR_INVALID_ARG_TYPE for options of type <type>
    When I call <call>
    Then it throws TypeError ERR_INVALID_ARG_TYPE with message "The \"options\" argument must be of type object. Received <received>"

    @node:>=19
    Examples:
      | call                          | type    | received            |
      | net.createServer("x")         | string  | type string ('x')   |
      | net.createServer(true)        | boolean | type boolean (true) |
      | net.createServer(5, listener) | number  | type number (5)     |
      | new net.Server("x")           | string  | type string ('x')   |
      | new net.Server(5)             | number  | type number (5)     |

  @member:net.createServer @member:option:net.createServer.keepAliveInitialDelay @profile:v19
  Scenario Outline: <call> throws ERR_INVALID_ARG_TYPE for a number option
    When I call <call>
    Then it throws TypeError ERR_INVALID_ARG_TYPE with message <message>

    Examples:
      | call                                             | message                                                                                                         |
      | net.createServer({keepAliveInitialDelay: "x"})   | "The \"options.keepAliveInitialDelay\" property must be of type number. Received type string ('x')"            |
      | net.createServer({keepAliveInitialDelay: null})  | 'The "options.keepAliveInitialDelay" property must be of type number. Received null'                            |
      | new net.Server({keepAliveInitialDelay: {}})      | 'The "options.keepAliveInitialDelay" property must be of type number. Received an instance of Object'           |

    # The highWaterMark option of net.createServer() came with Node.js 20
    # (the v19 docs do not list it); Node.js 19 takes any value.
    @node:>=20 @observed
    Examples: highWaterMark, Node.js 20 and later
      | call                                             | message                                                                                                         |
      | net.createServer({highWaterMark: "x"})           | "The \"options.highWaterMark\" property must be of type number. Received type string ('x')"                    |

  @member:net.createServer @member:option:net.createServer.noDelay @member:option:net.createServer.pauseOnConnect
  Scenario Outline: net.createServer(<options>, <listener>) takes what it does not check and listens
    When I call net.createServer(<options>, <listener>) as srv
    And I call srv.listen(0, "127.0.0.1")
    Then srv emits 'listening'

    Examples:
      | options                  | listener |
      | {noDelay: "yes"}         | 5        |
      | {pauseOnConnect: 0}      | "x"      |
      | []                       | null     |

  @member:server.getConnections
  Scenario Outline: getConnections(<callback>) throws ERR_INVALID_ARG_TYPE
    Given server srv
    When I call srv.getConnections(<callback>)
    Then it throws TypeError ERR_INVALID_ARG_TYPE with message "The \"callback\" argument must be of type function. Received <received>"

    @node:>=19
    Examples:
      | callback | received              |
      | null     | null                  |
      | "x"      | type string ('x')     |
      | true     | type boolean (true)   |
      | {}       | an instance of Object |
