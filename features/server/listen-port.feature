@area:server
Feature: server.listen([port[, host[, backlog]]][, callback]) starts a TCP server

  > Start a TCP server listening for connections on the given port and host.
  > If port is omitted or is 0, the operating system will assign an
  > arbitrary unused port, which can be retrieved by using
  > server.address().port after the 'listening' event has been emitted.
  > If host is omitted, the server will accept connections on the
  > unspecified IPv6 address (::) when IPv6 is available, or the
  > unspecified IPv4 address (0.0.0.0) otherwise.
  > In most operating systems, listening to the unspecified IPv6 address
  > (::) may cause the net.Server to also listen on the unspecified IPv4
  > address (0.0.0.0).
  -- Node.js v19 net docs (seed 001), server.listen([port[, host[, backlog]]][, callback])

  > All listen() methods can take a backlog parameter to specify the
  > maximum length of the queue of pending connections. [...] The default
  > value of this parameter is 511 (not 512).
  > All net.Socket are set to SO_REUSEADDR (see socket(7) for details).
  -- Node.js v19 net docs (seed 001), server.listen()

  > Begin accepting connections on the specified `port` and `host`. If the
  > `host` is omitted, the server will accept connections directed to any
  > IPv4 address (`INADDR_ANY`). A port value of zero will assign a random port.
  -- Node.js v0.10 net docs (seed 000), server.listen(port, [host], [backlog], [callback])

  @member:server.listen @member:server.listen(port)
  Scenario: listen() with no arguments listens on an OS-assigned port
    Given server srv
    When I call srv.listen()
    Then it returns srv
    And srv emits 'listening'
    When I call srv.address()
    Then it returns {address: any(String), family: any(String), port: any(Number)}
    And its port is not 0

  @member:server.listen @member:server.listen(port)
  Scenario: listen(callback) listens on an OS-assigned port and calls back at 'listening'
    Given server srv
    When I call srv.listen(onListening)
    Then onListening is called
    When I call srv.address()
    Then its port is not 0

  @member:server.listen @member:server.listen(port)
  Scenario Outline: a port of <port> asks the OS for a port
    Given server srv
    When I call srv.listen(<port>, "127.0.0.1")
    Then srv emits 'listening'
    When I call srv.address()
    Then it returns {address: "127.0.0.1", family: "IPv4", port: any(Number)}
    And its port is not 0

    Examples:
      | port      |
      | 0         |
      | "0"       |
      | null      |
      | undefined |

  @member:server.listen @profile:v19 @member:server.listen(port)
  Scenario: with the host omitted the server listens on the unspecified IPv6 address
    Given server srv
    When I call srv.listen(0)
    And srv emits 'listening'
    And I call srv.address()
    Then it returns {address: "::", family: "IPv6", port: any(Number)}

  @member:server.listen @profile:v19 @member:server.listen(port)
  Scenario: with the host omitted an IPv4 client can connect too (dual stack)
    Given server srv
    When I call srv.listen(0)
    And srv emits 'listening'
    And I call srv.address() as bound
    And I call new net.Socket() as c
    And c has an 'error' listener
    And I call c.connect(bound.port, "127.0.0.1")
    Then c emits 'connect'
    And srv emits 'connection'

  @member:server.listen @profile:v0.10 @member:server.listen(port)
  Scenario: with the host omitted the server listens on any IPv4 address
    Given server srv
    When I call srv.listen(0)
    And srv emits 'listening'
    And I call srv.address()
    Then it returns {address: "0.0.0.0", family: "IPv4", port: any(Number)}

  @member:server.listen @member:server.listen(port) @node:>=19
  Scenario: with the host omitted the server is bound before listen() returns
    Given server srv
    When I call srv.listen(0); srv.listening in one tick
    Then it returns true
    And srv had not emitted 'listening' when the call returned
    And srv emits 'listening'

  @member:server.listen @member:server.listen(port) @node:>=19
  Scenario: listen(port, host, backlog, callback) listens and calls back
    Given server srv
    When I call srv.listen(0, "127.0.0.1", 10, onListening)
    Then it returns srv
    And onListening is called
    And srv.listening is true

  @member:server.listen @member:server.listen(port) @node:>=19
  Scenario: listen(port, backlog, callback) takes a number after the port as the backlog
    Given server srv
    When I call srv.listen(0, 10, onListening)
    Then it returns srv
    And onListening is called
    And srv.listening is true

  @member:server.listen @member:server.listen(port)
  Scenario: a server listening on 127.0.0.1 accepts a client's connection
    Given server srv is listening on "127.0.0.1" port 0
    When client c connects to srv
    Then srv emits 'connection'

  @member:server.listen @member:server.listen(port)
  Scenario: a port freed by close() can be listened on again at once (SO_REUSEADDR)
    Given server first is listening on "127.0.0.1" port 0
    And server second
    When client c connects to first
    And first accepts a connection as s
    And I call first.address() as bound
    And I call first.close()
    And s is destroyed
    And first emits 'close'
    And I call second.listen(bound.port, "127.0.0.1")
    Then second emits 'listening'

  @member:server.listen @member:event:server.error @profile:v19 @member:server.listen(port)
  Scenario: EADDRINUSE with the host omitted names the unspecified IPv6 address
    Given server first
    And server second
    And second has an 'error' listener
    When I call first.listen(0)
    And first emits 'listening'
    And I call first.address() as bound
    And I call second.listen(bound.port)
    Then second emits 'error' with {code: "EADDRINUSE", syscall: "listen", address: "::", port: bound.port, message: stringMatching("^listen EADDRINUSE: address already in use :::[0-9]+$")}
