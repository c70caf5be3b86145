@area:server
Feature: server.address()

  > Returns the bound address, the address family name, and port of the
  > server as reported by the operating system if listening on an IP
  > socket (useful to find which port was assigned when getting an
  > OS-assigned address): { port: 12346, family: 'IPv4', address: '127.0.0.1' }.
  > server.address() returns null before the 'listening' event has been
  > emitted or after calling server.close().
  -- Node.js v19 net docs (seed 001), server.address()

  > Don't call `server.address()` until the `'listening'` event has been emitted.
  -- Node.js v0.10 net docs (seed 000), server.address()

  @member:server.address
  Scenario: address() is null before the server listens
    Given server srv
    When I call srv.address()
    Then it returns null

  @member:server.address
  Scenario: address() is null after listen() returns and before 'listening'
    Given server srv
    When I call srv.listen(0, "127.0.0.1"); srv.address() in one tick
    Then it returns null
    And srv emits 'listening'

  @member:server.address
  Scenario: address() reports the OS-assigned port of an IPv4 server
    Given server srv is listening on "127.0.0.1" port 0
    When I call srv.address()
    Then it returns {address: "127.0.0.1", family: "IPv4", port: any(Number)}
    And its port is not 0

  @member:server.address
  Scenario: address() reports the OS-assigned port of an IPv6 server
    Given server srv is listening on "::1" port 0
    When I call srv.address()
    Then it returns {address: "::1", family: "IPv6", port: any(Number)}
    And its port is not 0

  @member:server.address @member:server.close
  Scenario: address() is null after close()
    Given server srv is listening on "127.0.0.1" port 0
    When I call srv.close()
    And I call srv.address()
    Then it returns null
