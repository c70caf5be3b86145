@area:server
Feature: server.ref() and server.unref()

  > Calling unref() on a server will allow the program to exit if this is
  > the only active server in the event system. If the server is already
  > unrefed calling unref() again will have no effect.
  -- Node.js v19 net docs (seed 001), server.unref()

  > Opposite of unref(), calling ref() on a previously unrefed server will
  > not let the program exit if it's the only server left (the default
  > behavior). If the server is refed calling ref() again will have no
  > effect.
  -- Node.js v19 net docs (seed 001), server.ref()

  That an unref'd server lets the program exit is proved by the
  reference's own tests (reference/server_test.go), where the loop's end
  is observable; a scenario's session keeps its implementation alive.

  @member:server.unref @node:>=19
  Scenario: unref() returns the server
    Given server srv is listening on "127.0.0.1" port 0
    When I call srv.unref()
    Then it returns srv

  @member:server.ref @node:>=19
  Scenario: ref() returns the server
    Given server srv is listening on "127.0.0.1" port 0
    When I call srv.ref()
    Then it returns srv

  @member:server.unref @member:server.ref @node:>=19
  Scenario: unref() and ref() twice in a row are chainable and harmless
    Given server srv is listening on "127.0.0.1" port 0
    When I call srv.unref(); srv.unref(); srv.ref(); srv.ref() in one tick
    Then it returns srv
    And srv.listening is true

  @member:server.unref
  Scenario: an unref'd server still accepts connections
    Given server srv is listening on "127.0.0.1" port 0
    When I call srv.unref()
    And client c connects to srv
    Then srv emits 'connection'

  @member:server.unref
  Scenario: unref() before listen() does not stop the server from listening
    Given server srv
    When I call srv.unref()
    And I call srv.listen(0, "127.0.0.1")
    Then srv emits 'listening'
