@area:server
Feature: server.close([callback]) stops accepting and closes once the connections end

  > Stops the server from accepting new connections and keeps existing
  > connections. This function is asynchronous, the server is finally
  > closed when all connections are ended and the server emits a 'close'
  > event. The optional callback will be called once the 'close' event
  > occurs. Unlike that event, it will be called with an Error as its only
  > argument if the server was not open when it was closed.
  -- Node.js v19 net docs (seed 001), server.close([callback])

  > Emitted when the server closes. If connections exist, this event is
  > not emitted until all connections are ended.
  -- Node.js v19 net docs (seed 001), Event: 'close'

  > Stops the server from accepting new connections and keeps existing
  > connections. [...] Optionally, you can pass a callback to listen for
  > the `'close'` event.
  -- Node.js v0.10 net docs (seed 000), server.close([callback])

  @member:server.close
  Scenario: close() returns the server and 'close' follows
    Given server srv is listening on "127.0.0.1" port 0
    When I call srv.close()
    Then it returns srv
    And srv had not emitted 'close' when the call returned
    And srv emits 'close'

  @member:server.close
  Scenario: after close() a new client is refused
    Given server srv is listening on "127.0.0.1" port 0
    When I call srv.address() as bound
    And I call srv.close()
    And I call new net.Socket() as c
    And c has an 'error' listener
    And I call c.connect(bound.port, "127.0.0.1")
    Then c emits 'error' with ECONNREFUSED
    And srv does not emit 'connection'

  @member:server.close @node:>=19
  Scenario: close() keeps an existing connection working
    Given server srv that on 'connection' pipes it to itself
    And srv is listening on "127.0.0.1" port 0
    When client c connects to srv
    And srv accepts a connection as s
    And I call srv.close()
    And c writes "still here"
    Then c receives "still here"
    And srv.listening is false

  @member:server.close @member:event:server.close
  Scenario: 'close' waits for the last connection to end
    Given server srv is listening on "127.0.0.1" port 0
    When client c connects to srv
    And srv accepts a connection as s
    And I call srv.close(closed)
    Then srv does not emit 'close'
    And closed is not called
    When c ends
    Then s emits 'end' before srv emits 'close'
    And closed is called
    And srv emits 'close' 1 time
    And srv emitted exactly 'listening', 'connection' s, 'close'
    And s emitted exactly 'end', 'close' false
    And c emitted exactly 'connect', 'ready', 'end', 'close' false

  @member:server.close @member:event:server.close
  Scenario: 'close' comes as soon as the last connection is destroyed
    # Node.js counts the connection gone in destroy() and emits the
    # server's 'close' on the next tick, before the socket's own 'close',
    # which waits for the handle to close.
    Given server srv is listening on "127.0.0.1" port 0
    When client c connects to srv
    And srv accepts a connection as s
    And I call srv.close()
    And srv does not emit 'close'
    And s is destroyed
    Then srv emits 'close' before s emits 'close'
    And srv emitted exactly 'listening', 'connection' s, 'close'
    And s emitted exactly 'close' false
    And c emitted exactly 'connect', 'ready', 'end', 'close' false

  @member:server.close
  Scenario: the close callback of a listening server is called with no error
    Given server srv is listening on "127.0.0.1" port 0
    When I call srv.close(closed)
    Then closed is called with undefined

  @member:server.close @node:>=19
  Scenario: the close callback of a server that was not open gets ERR_SERVER_NOT_RUNNING
    Given server srv
    When I call srv.close(closed)
    Then closed is called with {name: "Error", code: "ERR_SERVER_NOT_RUNNING", message: "Server is not running."}
    And srv emits 'close'

  @member:server.close @node:>=19
  Scenario: the close callback of a server closed twice gets ERR_SERVER_NOT_RUNNING
    Given server srv is listening on "127.0.0.1" port 0
    When I call srv.close(first); srv.close(second) in one tick
    Then first is called with undefined
    And second is called with ERR_SERVER_NOT_RUNNING
    And srv emitted exactly 'listening', 'close', 'close'
