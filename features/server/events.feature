@area:server
Feature: the events of net.Server and their order

  > Emitted when the server has been bound after calling server.listen().
  -- Node.js v19 net docs (seed 001), Event: 'listening'

  > Emitted when an error occurs. Unlike net.Socket, the 'close' event
  > will not be emitted directly following this event unless
  > server.close() is manually called.
  -- Node.js v19 net docs (seed 001), Event: 'error'

  > Emitted when an error occurs. The `'close'` event will be called
  > directly following this event.
  -- Node.js v0.10 net docs (seed 000), Event: 'error'

  > Indicates whether or not the server is listening for connections.
  -- Node.js v19 net docs (seed 001), server.listening

  @member:event:server.error @profile:v19
  Scenario: 'error' is not followed by 'close'
    Given server first is listening on "127.0.0.1" port 0
    And server second
    And second has an 'error' listener
    When I call first.address() as bound
    And I call second.listen(bound.port, "127.0.0.1")
    Then second emits 'error' with EADDRINUSE
    And second does not emit 'close'
    And second emitted exactly 'error' {code: "EADDRINUSE", syscall: "listen"}

  @member:event:server.error @profile:v19
  Scenario: 'close' follows 'error' when close() is called
    Given server first is listening on "127.0.0.1" port 0
    And server second
    And second has an 'error' listener
    When I call first.address() as bound
    And I call second.listen(bound.port, "127.0.0.1")
    And second emits 'error' with EADDRINUSE
    And I call second.close()
    Then second emits 'error' before 'close'
    And second emitted exactly 'error' {code: "EADDRINUSE", syscall: "listen"}, 'close'

  # Node.js 0.10 does not do what its docs say (docs/profiles.md, 4.4):
  # the scenario of the docs holds the other targets of the v0.10 profile
  # (the reference, ports), the erratum Node.js 0.10 itself.
  @member:event:server.error @profile:v0.10 @node:>=19
  Scenario: 'close' directly follows 'error'
    Given server first is listening on "127.0.0.1" port 0
    And server second
    And second has an 'error' listener
    When I call first.address() as bound
    And I call second.listen(bound.port, "127.0.0.1")
    Then second emits 'error' before 'close'
    And second emitted exactly 'error' {code: "EADDRINUSE", syscall: "listen"}, 'close'

  @member:event:server.error @profile:v0.10 @doc-erratum @node:0.10
  Scenario: Node.js 0.10: a server whose listen fails emits 'error' and no 'close'
    Given server first is listening on "127.0.0.1" port 0
    And server second
    And second has an 'error' listener
    When I call first.address() as bound
    And I call second.listen(bound.port, "127.0.0.1")
    Then second emits 'error' with EADDRINUSE
    And second does not emit 'close'

  @member:event:server.error
  Scenario: an 'error' nobody listens to is an uncaught exception
    Given server first is listening on "127.0.0.1" port 0
    And server second
    When I call first.address() as bound
    And I call second.listen(bound.port, "127.0.0.1")
    Then process emits 'uncaughtException' with EADDRINUSE

  @member:event:server.listening @member:event:server.connection @member:event:server.close @member:server.listening
  Scenario: a server emits 'listening', then 'connection', then 'close'
    Given server srv is listening on "127.0.0.1" port 0
    When client c connects to srv
    And srv accepts a connection as s
    And I call srv.close()
    And c is destroyed
    Then srv emits 'listening' before 'connection'
    And srv emits 'connection' before 'close'
    And srv emitted exactly 'listening', 'connection' s, 'close'
    And c emitted exactly 'connect', 'ready', 'close' false
    And s emitted exactly 'end', 'close' false

  @member:server.listening @node:>=19
  Scenario: server.listening is false while a listen waits for its host lookup
    Given server srv
    When I call srv.listen(0, "127.0.0.1"); srv.listening in one tick
    Then it returns false
    And srv emits 'listening'
    And srv.listening is true

  @member:server.listening @node:>=19
  Scenario: server.listening is false as soon as close() returns
    Given server srv is listening on "127.0.0.1" port 0
    When I call srv.close(); srv.listening in one tick
    Then it returns false
