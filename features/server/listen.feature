@area:server
Feature: server.listen() may be called again only after an error or close()

  > The server.listen() method can be called again if and only if there
  > was an error during the first server.listen() call or server.close()
  > has been called. Otherwise, an ERR_SERVER_ALREADY_LISTEN error will be
  > thrown.
  -- Node.js v19 net docs (seed 001), server.listen()

  > This function is asynchronous. When the server starts listening, the
  > 'listening' event will be emitted. The last parameter callback will be
  > added as a listener for the 'listening' event.
  -- Node.js v19 net docs (seed 001), server.listen()

  > One of the most common errors raised when listening is EADDRINUSE.
  > This happens when another server is already listening on the
  > requested port/path/handle.
  -- Node.js v19 net docs (seed 001), server.listen()

  @member:server.listen @node:>=19
  Scenario: listen() a second time while listening throws
    Given server srv is listening on "127.0.0.1" port 0
    When I call srv.listen(0)
    Then it throws ERR_SERVER_ALREADY_LISTEN with message "Listen method has been called more than once without closing."
    And srv.listening is true

  @member:server.listen @member:server.close @node:>=19
  Scenario: listen() succeeds again after close()
    Given server srv is listening on "127.0.0.1" port 0
    When I call srv.close(closed)
    And closed is called
    And I call srv.listen(0, "127.0.0.1")
    Then srv emits 'listening' 2 times
    And srv.listening is true

  @member:server.listen @member:event:server.error @node:>=19
  Scenario: EADDRINUSE is emitted as 'error' with the address and port
    Given server first is listening on "127.0.0.1" port 0
    And server second
    And second has an 'error' listener
    When I call first.address() as bound
    And I call second.listen(bound.port, "127.0.0.1")
    Then second emits 'error' with {code: "EADDRINUSE", errno: -98, syscall: "listen", address: "127.0.0.1", port: bound.port, message: stringMatching("^listen EADDRINUSE: address already in use 127\\.0\\.0\\.1:[0-9]+$")}
    And second.listening is false

  @member:server.listen @member:event:server.error
  Scenario: listen() succeeds after a listen that failed with EADDRINUSE
    Given server first is listening on "127.0.0.1" port 0
    And server second
    And second has an 'error' listener
    When I call first.address() as bound
    And I call second.listen(bound.port, "127.0.0.1")
    And second emits 'error' with EADDRINUSE
    And I call second.listen(0, "127.0.0.1")
    Then it returns second
    And second emits 'listening'

  @member:server.listen @member:event:server.listening
  Scenario: 'listening' is emitted after listen() has returned
    Given server srv
    When I call srv.listen(0, "127.0.0.1")
    Then it returns srv
    And srv had not emitted 'listening' when the call returned
    And srv emits 'listening'

  @member:server.listen @member:event:server.listening @node:>=19
  Scenario: the listen callback is added as a 'listening' listener
    Given server srv
    When I call srv.listen(0, "127.0.0.1", onListening); srv.listenerCount("listening") in one tick
    Then it returns 1
    And onListening is called
    And srv emits 'listening'

  @member:server.listening @node:>=19
  Scenario: server.listening is false before listen() and after close()
    Given server srv
    Then srv.listening is false
    When srv is listening on "127.0.0.1" port 0
    Then srv.listening is true
    When I call srv.close()
    Then srv.listening is false
