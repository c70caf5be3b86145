@area:server
Feature: server.listen(options[, callback]) and server.listen(handle[, backlog][, callback])

  > If port is specified, it behaves the same as
  > server.listen([port[, host[, backlog]]][, callback]). Otherwise, if
  > path is specified, it behaves the same as
  > server.listen(path[, backlog][, callback]). If none of them is
  > specified, an error will be thrown.
  > ipv6Only boolean For TCP servers, setting ipv6Only to true will
  > disable dual-stack support, i.e., binding to host :: won't make
  > 0.0.0.0 be bound. Default: false.
  > exclusive boolean Default: false
  > backlog number Common parameter of server.listen() functions.
  -- Node.js v19 net docs (seed 001), server.listen(options[, callback])

  > Start a server listening for connections on a given handle that has
  > already been bound to a port, a Unix domain socket, or a Windows named
  > pipe. The handle object can be either a server, a socket (anything
  > with an underlying _handle member), or an object with an fd member
  > that is a valid file descriptor.
  -- Node.js v19 net docs (seed 001), server.listen(handle[, backlog][, callback])

  > The `handle` object can be set to either a server or socket (anything
  > with an underlying `_handle` member), or a `{fd: <n>}` object.
  > This will cause the server to accept connections on the specified
  > handle, but it is presumed that the file descriptor or handle has
  > already been bound to a port or domain socket.
  -- Node.js v0.10 net docs (seed 000), server.listen(handle, [callback])

  @member:server.listen @member:server.listen(options) @member:option:server.listen.port @member:option:server.listen.host @node:>=19
  Scenario: listen({port, host}) behaves as listen(port, host)
    Given server srv
    When I call srv.listen({port: 0, host: "127.0.0.1"}, onListening)
    Then it returns srv
    And onListening is called
    When I call srv.address()
    Then it returns {address: "127.0.0.1", family: "IPv4", port: any(Number)}
    And its port is not 0

  @member:server.listen @member:server.listen(options) @member:option:server.listen.port @member:option:server.listen.host
  Scenario Outline: listen(<options>) with no port given asks the OS for a port
    Given server srv
    When I call srv.listen(<options>, onListening)
    Then onListening is called
    When I call srv.address()
    Then its port is not 0

    @node:>=19
    Examples:
      | options                                  |
      | {port: undefined, host: "127.0.0.1"}     |
      | {port: null, host: "127.0.0.1"}          |
      | {port: "0", host: "127.0.0.1"}           |

  @member:server.listen @member:server.listen(options) @member:option:server.listen.port @member:option:server.listen.host @member:option:server.listen.backlog @member:option:server.listen.exclusive @node:>=19
  Scenario: listen({port, host, backlog, exclusive: true}) listens
    Given server srv
    When I call srv.listen({port: 0, host: "127.0.0.1", backlog: 10, exclusive: true}, onListening)
    Then onListening is called
    And srv.listening is true

  @member:server.listen @member:server.listen(options) @member:option:server.listen.port @member:option:server.listen.host @member:option:server.listen.ipv6Only @node:>=19
  Scenario: listen({port, host: "::"}) without ipv6Only also accepts IPv4 clients
    Given server srv
    When I call srv.listen({port: 0, host: "::"}, onListening)
    And onListening is called
    And I call srv.address() as bound
    And I call new net.Socket() as c
    And c has an 'error' listener
    And I call c.connect(bound.port, "127.0.0.1")
    Then c emits 'connect'

  @member:server.listen @member:server.listen(options) @member:option:server.listen.port @member:option:server.listen.host @member:option:server.listen.ipv6Only @node:>=19
  Scenario: listen({port, host: "::", ipv6Only: true}) refuses IPv4 clients
    Given server srv
    When I call srv.listen({port: 0, host: "::", ipv6Only: true}, onListening)
    And onListening is called
    And I call srv.address() as bound
    And I call new net.Socket() as c
    And c has an 'error' listener
    And I call c.connect(bound.port, "127.0.0.1")
    Then c emitted exactly 'error' {code: "ECONNREFUSED", syscall: "connect", address: "127.0.0.1", port: bound.port}, 'close' true

  @member:server.listen @member:server.listen(options) @member:option:server.listen.port @member:option:server.listen.host @member:option:server.listen.ipv6Only @node:>=19
  Scenario: listen({port, host: "::", ipv6Only: true}) accepts IPv6 clients
    Given server srv
    When I call srv.listen({port: 0, host: "::", ipv6Only: true}, onListening)
    And onListening is called
    And I call srv.address() as bound
    And I call new net.Socket() as c
    And c has an 'error' listener
    And I call c.connect(bound.port, "::1")
    Then c emits 'connect'

  @member:server.listen @member:server.listen(handle)
  Scenario: listen(server) accepts the connections of the other server's handle
    Given server first is listening on "127.0.0.1" port 0
    And server second
    When I call second.listen(first, onListening)
    Then it returns second
    And onListening is called
    When I call second.address()
    Then it returns {address: "127.0.0.1", family: "IPv4", port: any(Number)}
    When client c connects to first
    Then second emits 'connection'
    And first does not emit 'connection'
