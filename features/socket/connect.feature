@area:socket
Feature: socket.connect(), net.connect() and net.createConnection()

  > Initiate a connection on a given socket. [...] This function is
  > asynchronous. When the connection is established, the 'connect' event
  > will be emitted. If there is a problem connecting, instead of a
  > 'connect' event, an 'error' event will be emitted with the error passed
  > to the 'error' listener. The last parameter connectListener, if
  > supplied, will be added as a listener for the 'connect' event once.
  -- Node.js v19 net docs (seed 001), socket.connect()

  > A factory function, which creates a new net.Socket, immediately
  > initiates connection with socket.connect(), then returns the net.Socket
  > that starts the connection.
  -- Node.js v19 net docs (seed 001), net.createConnection()

  > port number Required. Port the socket should connect to.
  > host string Host the socket should connect to. Default: 'localhost'.
  > localAddress string Local address the socket should connect from.
  > localPort number Local port the socket should connect from.
  > family number: Version of IP stack. Must be 4, 6, or 0.
  -- Node.js v19 net docs (seed 001), socket.connect(options[, connectListener])

  > Alias to socket.connect(options[, connectListener]) called with
  > { path: path } as options. [...] called with {port: port, host: host}
  > as options.
  -- Node.js v19 net docs (seed 001), socket.connect(path), socket.connect(port[, host])

  > For TCP sockets, `options` argument should be an object which specifies:
  > - `port`: Port the client should connect to (Required).
  > - `host`: Host the client should connect to. Defaults to `'localhost'`.
  > - `localAddress`: Local interface to bind to for network connections.
  > - `family` : Version of IP stack. Defaults to `4`.
  > For UNIX domain sockets, `options` argument should be an object which specifies:
  > - `path`: Path the client should connect to (Required).
  -- Node.js v0.10 net docs (seed 000), net.connect(options, [connectionListener])

  > - `localPort`: Local port to bind to for network connections.
  -- the later v0.10 net docs (seed 002), net.connect(options, [connectionListener])

  > Creates unix socket connection to `path`.
  -- Node.js v0.10 net docs (seed 000), net.connect(path, [connectListener])

  > This class is an abstraction of a TCP socket or a streaming IPC
  > endpoint (uses named pipes on Windows, and Unix domain sockets
  > otherwise).
  -- Node.js v19 net docs (seed 001), net.Socket

  > onread Object If specified, incoming data is stored in a single buffer
  > and passed to the supplied callback when data arrives on the socket.
  > This will cause the streaming functionality to not provide any data.
  > [...] buffer Buffer | Uint8Array | Function Either a reusable chunk of
  > memory to use for storing incoming data or a function that returns
  > such. callback Function This function is called for every chunk of
  > incoming data. Two arguments are passed to it: the number of bytes
  > written to buffer and a reference to buffer. Return false from this
  > function to implicitly pause() the socket.
  -- Node.js v19 net docs (seed 001), socket.connect(options[, connectListener])

  > This function should only be used for reconnecting a socket after
  > 'close' has been emitted or otherwise it may lead to undefined behavior.
  -- Node.js v19 net docs (seed 001), socket.connect()

  > Emitted after resolving the host name but before connecting. Not
  > applicable to Unix sockets.
  -- Node.js v19 net docs (seed 001), Event: 'lookup'

  Node 20 also emits 'connectionAttempt' events (autoSelectFamily); no
  scenario here asserts on their presence or absence.

  Which host or local address a socket used shows only where it differs
  from what the socket would use anyway: connecting to 127.0.0.1 from
  127.0.0.1 proves nothing about localAddress. Linux routes all of
  127.0.0.0/8 to the loopback interface, so the scenarios tagged @os:linux
  listen on or bind to 127.0.0.2. The local port they bind to is srv's own
  port: srv holds it on 127.0.0.1 only, so on 127.0.0.2 it is free.

  Node 20 reads onread in the net.Socket constructor, not in connect(): it
  takes effect through net.createConnection(options), and a socket.connect
  (options) on an existing socket ignores it; the scenario uses the former.
  A scenario says what a callback returns with "callback f returns v"
  (the onread callback that pauses, the buffer given as a function).

  Background:
    Given server srv is listening on "127.0.0.1" port 0
    And I call srv.address() as bound

  @member:net.createConnection @member:net.createConnection(port)
  Scenario: createConnection(port, host, connectListener) connects and calls the listener once
    When I call net.createConnection(bound.port, "127.0.0.1", onConnect) as c
    Then c emits 'connect'
    And onConnect is called
    And onConnect emits 'call' 1 time

  @member:net.connect @member:net.connect(port)
  Scenario: net.connect is an alias of createConnection
    When I call net.connect(bound.port, "127.0.0.1") as c
    Then c emits 'connect'
    And srv emits 'connection'

  @member:net.createConnection @member:net.createConnection(options) @member:option:socket.connect.port @member:option:net.connect.port
  Scenario: createConnection(options, connectListener) connects to options.port and options.host
    When I call net.createConnection({port: bound.port, host: "127.0.0.1"}, onConnect) as c
    Then onConnect is called
    And c.remotePort is bound.port
    And c.remoteAddress is "127.0.0.1"

  @member:socket.connect @member:socket.connect(port) @node:>=19
  Scenario: socket.connect(port, host, connectListener) on a new net.Socket
    When I call new net.Socket() as c
    And I call c.connect(bound.port, "127.0.0.1", onConnect)
    Then it returns c
    And onConnect is called
    And c emits 'connect' before 'ready'

  @member:socket.connect @member:socket.connect(options) @member:option:socket.connect.port
  Scenario: socket.connect(options) on a new net.Socket
    When I call new net.Socket() as c
    And I call c.connect({port: bound.port, host: "127.0.0.1"})
    Then c emits 'connect'

  @member:socket.connect @member:event:socket.connect
  Scenario: connect() returns before 'connect' is emitted
    When I call net.createConnection(bound.port, "127.0.0.1") as c
    Then c had not emitted 'connect' when the call returned
    And c emits 'connect'

  @member:socket.connect @node:>=19
  Scenario: host defaults to 'localhost', which is looked up
    When I call net.createConnection(bound.port) as c
    Then c emits 'lookup' with [null, "127.0.0.1", 4, "localhost"]
    And c emits 'lookup' before 'connect'

  # Node.js 0.10.48 emits no 'lookup' at all, although its docs list the
  # event ("Emitted after resolving the hostname but before connecting";
  # docs/profiles.md 4.4.4).
  @member:event:socket.lookup @profile:v0.10 @doc-erratum @node:0.10
  Scenario: Node.js 0.10: a connection that looks its host up emits no 'lookup'
    When I call net.createConnection(bound.port, "localhost") as c
    Then c emits 'connect'
    And c has emitted exactly 'connect'

  @member:event:socket.lookup
  Scenario: 'lookup' is not emitted for an IP address
    When I call net.createConnection(bound.port, "127.0.0.1") as c
    Then c emits 'connect'
    And c does not emit 'lookup'

  @member:socket.connect @member:option:socket.connect.family @member:option:net.connect.family @node:>=19
  Scenario: family 4 looks the host up as IPv4
    When I call net.createConnection({port: bound.port, host: "localhost", family: 4}) as c
    Then c emits 'lookup' with [null, "127.0.0.1", 4, "localhost"]
    And c emits 'connect'

  @member:socket.connect
  Scenario: localAddress and localPort bind the connecting socket
    When I call net.createConnection({port: bound.port, host: "127.0.0.1", localAddress: "127.0.0.1", localPort: 0}) as c
    Then c emits 'connect'
    And c.localAddress is "127.0.0.1"
    And c.localPort is any(Number)

  @member:socket.connect
  Scenario: the server sees the connection come from localAddress and localPort
    When I call net.createConnection({port: bound.port, host: "127.0.0.1", localAddress: "127.0.0.1"}) as c
    And c emits 'connect'
    And I call c.address() as local
    And srv accepts a connection as s
    Then s.remotePort is local.port
    And s.remoteAddress is "127.0.0.1"

  @member:socket.connect @member:event:socket.error @member:event:socket.close @node:>=19
  Scenario: a refused connection emits 'error' with ECONNREFUSED, then 'close' with hadError true
    When I call srv.close()
    And srv emits 'close'
    And I call new net.Socket() as c
    And c has an 'error' listener
    And I call c.connect(bound.port, "127.0.0.1")
    Then c emits 'error' with {code: "ECONNREFUSED", syscall: "connect", address: "127.0.0.1", port: bound.port}
    And c emits 'error' before 'close'
    And c emits 'close' with true
    And c does not emit 'connect'
    And c emitted exactly 'error' {code: "ECONNREFUSED", syscall: "connect"}, 'close' true

  @member:socket.connect @node:>=19
  Scenario: the ECONNREFUSED error says what was refused
    When I call srv.close()
    And srv emits 'close'
    And I call new net.Socket() as c
    And c has an 'error' listener
    And I call c.connect({port: bound.port, host: "127.0.0.1"})
    Then c emits 'error' with {name: "Error", message: stringMatching("^connect ECONNREFUSED 127\.0\.0\.1:[0-9]+$")}

  @member:socket.connect @member:net.createConnection
  Scenario Outline: <call> throws <code> before anything connects
    When I call <call>
    Then it throws <code> with message <message>

    @node:>=19
    Examples: ports out of range
      | call                                   | code                | message                                                              |
      | net.createConnection(-1)               | ERR_SOCKET_BAD_PORT | "Port should be >= 0 and < 65536. Received type number (-1)."        |
      | net.createConnection(65536)            | ERR_SOCKET_BAD_PORT | "Port should be >= 0 and < 65536. Received type number (65536)."     |
      | net.createConnection(1.5)              | ERR_SOCKET_BAD_PORT | "Port should be >= 0 and < 65536. Received type number (1.5)."       |
      | net.createConnection("65536")          | ERR_SOCKET_BAD_PORT | "Port should be >= 0 and < 65536. Received type string ('65536')."   |
      | net.createConnection({port: -1})       | ERR_SOCKET_BAD_PORT | "Port should be >= 0 and < 65536. Received type number (-1)."        |
      | net.createConnection({port: NaN})      | ERR_SOCKET_BAD_PORT | "Port should be >= 0 and < 65536. Received type number (NaN)."       |
      | net.createConnection({port: "x"})      | ERR_SOCKET_BAD_PORT | "Port should be >= 0 and < 65536. Received type string ('x')."       |
      | net.createConnection({port: ""})       | ERR_SOCKET_BAD_PORT | "Port should be >= 0 and < 65536. Received type string ('')."        |
      | net.connect({port: 65536})             | ERR_SOCKET_BAD_PORT | "Port should be >= 0 and < 65536. Received type number (65536)."     |

    @node:>=19
    Examples: ports of the wrong type
      | call                                   | code                  | message                                                                                                  |
      | net.createConnection({port: true})     | ERR_INVALID_ARG_TYPE  | 'The "options.port" property must be one of type number or string. Received type boolean (true)'       |
      | net.createConnection({port: null})     | ERR_INVALID_ARG_TYPE  | 'The "options.port" property must be one of type number or string. Received null'                      |
      | net.createConnection({port: {}})       | ERR_INVALID_ARG_TYPE  | 'The "options.port" property must be one of type number or string. Received an instance of Object'    |
      | net.createConnection(true)             | ERR_INVALID_ARG_TYPE  | 'The "options.port" property must be one of type number or string. Received type boolean (true)'       |
      | net.createConnection(null)             | ERR_INVALID_ARG_TYPE  | 'The "options.port" property must be one of type number or string. Received null'                      |

    @node:>=19
    Examples: no port and no path
      | call                                   | code             | message                                                        |
      | net.createConnection({})               | ERR_MISSING_ARGS | 'The "options" or "port" or "path" argument must be specified' |
      | net.createConnection()                 | ERR_MISSING_ARGS | 'The "options" or "port" or "path" argument must be specified' |
      | net.connect({host: "127.0.0.1"})       | ERR_MISSING_ARGS | 'The "options" or "port" or "path" argument must be specified' |

    # Node.js 20 leaves the host's type to the lookup; 22 and later check
    # it first, naming the option.
    @node:<22 @observed @node:>=19
    Examples: a host that is not a string, Node.js 20
      | call                                                | code                   | message                                                                                    |
      | net.connect({port: 80, host: 5})                    | ERR_INVALID_ARG_TYPE   | 'The "hostname" argument must be of type string. Received type number (5)'                |

    @node:>=22 @observed @node:>=19
    Examples: a host that is not a string, Node.js 22 and later
      | call                                                | code                   | message                                                                                    |
      | net.connect({port: 80, host: 5})                    | ERR_INVALID_ARG_TYPE   | 'The "options.host" property must be of type string. Received type number (5)'            |

    @node:>=19
    Examples: other options
      | call                                                | code                   | message                                                                                    |
      | net.connect({port: 80, localAddress: "x"})          | ERR_INVALID_IP_ADDRESS | "Invalid IP address: x"                                                                    |
      | net.connect({port: 80, localPort: "x"})             | ERR_INVALID_ARG_TYPE   | "The \"options.localPort\" property must be of type number. Received type string ('x')"   |
      | net.connect({port: 80, family: 5})                  | ERR_INVALID_ARG_VALUE  | "The property 'options.family' must be one of: 0, 4, 6. Received 5"                       |
      | net.connect({port: 80, family: "x"})                | ERR_INVALID_ARG_VALUE  | "The property 'options.family' must be one of: 0, 4, 6. Received 'x'"                     |
      | net.connect({port: 80, lookup: 5})                  | ERR_INVALID_ARG_TYPE   | 'The "options.lookup" property must be of type function. Received type number (5)'        |
      | net.connect({port: 80, hints: "x"})                 | ERR_INVALID_ARG_TYPE   | "The \"options.hints\" property must be of type number. Received type string ('x')"       |
      | net.connect({path: 5})                              | ERR_INVALID_ARG_TYPE   | 'The "options.path" property must be of type string. Received type number (5)'            |

  @member:socket.connect
  Scenario Outline: socket.connect(<args>) throws <code>, as createConnection does
    Given I call new net.Socket() as c
    When I call c.connect(<args>)
    Then it throws <code>

    @node:>=19
    Examples:
      | args            | code                 |
      | -1              | ERR_SOCKET_BAD_PORT  |
      | {port: true}    | ERR_INVALID_ARG_TYPE |
      | {}              | ERR_MISSING_ARGS     |

  @member:socket.connect @member:net.createConnection @member:net.createConnection(path) @os:linux @node:>=19 @variant:socket.path
  Scenario: createConnection(path) connects to a Unix domain socket, without 'lookup'
    Given a temporary socket path as p
    And server usrv
    And I call usrv.listen(p)
    And usrv emits 'listening'
    When I call net.createConnection(p, onConnect) as c
    Then onConnect is called
    And c emits 'connect' before 'ready'
    And c does not emit 'lookup'
    And usrv emits 'connection'

  @member:socket.connect @member:socket.connect(options) @member:option:socket.connect.path @os:linux
  Scenario: socket.connect({path}) connects to a Unix domain socket
    Given a temporary socket path as p
    And server usrv
    And I call usrv.listen(p)
    And usrv emits 'listening'
    When I call new net.Socket() as c
    And I call c.connect({path: p})
    Then c emits 'connect'

  @member:socket.connect @member:socket.connect(path) @os:linux @node:>=19
  Scenario: connecting to a Unix path nothing listens on fails with ENOENT
    Given a temporary socket path as p
    When I call new net.Socket() as c
    And c has an 'error' listener
    And I call c.connect(p)
    Then c emits 'error' with {code: "ENOENT", syscall: "connect", address: p}
    And c emits 'close' with true

  @member:socket.connecting @node:>=19
  Scenario: connecting is true from connect() until 'connect', then false
    Given I call new net.Socket() as c
    When I call c.connect(bound.port, "127.0.0.1"); c.connecting in one tick
    Then it returns true
    When c emits 'connect'
    Then c.connecting is false

  @member:socket.pending @node:>=19
  Scenario: pending is true before connect() and while connecting, false once connected
    Given I call new net.Socket() as c
    Then c.pending is true
    When I call c.connect(bound.port, "127.0.0.1"); c.pending in one tick
    Then it returns true
    When c emits 'connect'
    Then c.pending is false

  @member:socket.readyState
  Scenario: readyState is "opening" while connecting, then "open"
    Given I call new net.Socket() as c
    When I call c.connect(bound.port, "127.0.0.1"); c.readyState in one tick
    Then it returns "opening"
    When c emits 'connect'
    Then c.readyState is "open"

  @member:socket.connect @node:>=19
  Scenario: a socket connects again after 'close'
    Given server greeter that on 'connection' ends with "bye"
    And greeter is listening on "127.0.0.1" port 0
    And I call greeter.address() as gaddr
    And client c connects to greeter
    And c emits 'close' with false
    When I call c.connect(gaddr.port, "127.0.0.1")
    Then c emits 'connect' 2 times
    And c emits 'close' 2 times
    And c receives "byebye"
    And c.destroyed is true
    And c.bytesRead is 3

  @member:option:socket.connect.host @member:option:net.connect.host @member:net.createConnection(options) @os:linux
  Scenario: options.host is the host connected to, in place of 'localhost'
    Given server srv2 is listening on "127.0.0.2" port 0
    And I call srv2.address() as bound2
    When I call net.createConnection({port: bound2.port, host: "127.0.0.2"}) as c
    Then c emits 'connect'
    And c.remoteAddress is "127.0.0.2"
    And c.remotePort is bound2.port
    And c does not emit 'lookup'

  @member:option:socket.connect.localAddress @member:option:socket.connect.localPort @member:option:net.connect.localAddress @member:option:net.connect.localPort @os:linux @node:>=19
  Scenario: the server sees the connection come from the localAddress and localPort given
    When I call net.createConnection({port: bound.port, host: "127.0.0.1", localAddress: "127.0.0.2", localPort: bound.port}) as c
    And c emits 'connect'
    And srv accepts a connection as s
    Then s.remoteAddress is "127.0.0.2"
    And s.remotePort is bound.port
    And c.localAddress is "127.0.0.2"
    And c.localPort is bound.port

  @member:socket.connect(path) @member:socket.address @member:socket.remoteAddress @member:socket.localAddress @os:linux @observed @variant:socket.path
  Scenario: an open Unix domain socket has no IP addresses: address() is {} and the address properties are undefined
    Given a temporary socket path as p
    And server usrv
    And I call usrv.listen(p)
    And usrv emits 'listening'
    When I call net.connect(p) as c
    And c emits 'connect'
    And usrv accepts a connection as s
    Then c.readyState is "open"
    When I call c.address()
    Then it returns {}
    And c.remoteAddress is undefined
    And c.remotePort is undefined
    And c.remoteFamily is undefined
    And c.localAddress is undefined
    And c.localPort is undefined
    When I call s.address()
    Then it returns {}
    And s.remoteAddress is undefined
    And s.remotePort is undefined

  @member:socket.connect(path) @member:class:net.Socket @os:linux
  Scenario: socket.connect(path, connectListener) connects a new net.Socket to a Unix domain socket
    Given a temporary socket path as p
    And server usrv
    And I call usrv.listen(p)
    And usrv emits 'listening'
    When I call new net.Socket() as c
    And I call c.resume()
    And I call c.connect(p, onConnect)
    Then it returns c
    And onConnect is called
    When usrv accepts a connection as s
    And s writes "over the Unix domain socket"
    Then c receives "over the Unix domain socket"
    And c does not emit 'lookup'

  @member:net.connect(path) @os:linux
  Scenario: net.connect(path, connectListener) connects to a Unix domain socket
    Given a temporary socket path as p
    And server usrv
    And I call usrv.listen(p)
    And usrv emits 'listening'
    When I call net.connect(p, onConnect) as c
    Then onConnect is called
    And usrv emits 'connection'
    And c does not emit 'lookup'

  @member:net.connect(options) @member:option:net.connect.path @os:linux
  Scenario: net.connect({path}, connectListener) connects to a Unix domain socket
    Given a temporary socket path as p
    And server usrv
    And I call usrv.listen(p)
    And usrv emits 'listening'
    When I call net.connect({path: p}, onConnect) as c
    Then onConnect is called
    And usrv emits 'connection'
    And c does not emit 'lookup'

  @member:option:socket.connect.onread @member:option:socket.connect.onread.buffer @member:option:socket.connect.onread.callback @node:>=19
  Scenario: with onread, a chunk lands in the buffer given and goes to the callback, not to 'data'
    When I call net.createConnection({port: bound.port, host: "127.0.0.1", onread: {buffer: Buffer.from("0000000000000000", "hex"), callback: onRead}}) as c
    And c emits 'connect'
    And srv accepts a connection as s
    And s writes "hello"
    Then onRead is called with [5, Buffer.from("68656c6c6f000000", "hex")]
    And onRead emits 'call' 1 time
    And c does not emit 'data'

  @member:option:socket.connect.onread @member:option:socket.connect.onread.callback @profile:v19
  Scenario: an onread callback that returns false stops the reading until resume()
    # Node.js 20 stops reading from the handle (isPaused() stays false);
    # resume() starts it again.
    Given callback onRead returns false
    When I call net.createConnection({port: bound.port, host: "127.0.0.1", onread: {buffer: Buffer.from("00000000000000000000000000000000", "hex"), callback: onRead}}) as c
    And c emits 'connect'
    And srv accepts a connection as s
    And s writes "hello"
    And onRead is called with [5, any(Buffer)]
    And I call s.write("world", written)
    And written is called
    Then onRead emits 'call' 1 time
    When I call c.resume()
    Then onRead is called with [5, Buffer.from("776f726c640000000000000000000000", "hex")]

  @member:option:socket.connect.onread @member:option:socket.connect.onread.buffer @profile:v19
  Scenario: onread's buffer may be a function that returns the buffer to read into
    Given callback makeBuffer returns Buffer.from("0000000000000000", "hex")
    When I call net.createConnection({port: bound.port, host: "127.0.0.1", onread: {buffer: makeBuffer, callback: onRead}}) as c
    And c emits 'connect'
    And srv accepts a connection as s
    And s writes "hello"
    Then onRead is called with [5, Buffer.from("68656c6c6f000000", "hex")]
    And makeBuffer is called
    And c does not emit 'data'
