@area:server @state:server.closing @observed @profile:v19
# The state tables are of the v19 docs (ERR_ codes, listening, ref() and
# unref() returning the server, no 'close' after a failed listen()): the
# v0.10 profile, and Node.js 0.10, are held to their own docs instead.
Feature: every member of a server that is closing: close() called, a connection still open

  > Stops the server from accepting new connections and keeps existing
  > connections. This function is asynchronous, the server is finally
  > closed when all connections are ended and the server emits a 'close'
  > event. The optional callback will be called once the 'close' event
  > occurs. Unlike that event, it will be called with an Error as its only
  > argument if the server was not open when it was closed.
  -- Node.js v19 net docs (seed 001), server.close([callback])

  > server.address() returns null before the 'listening' event has been
  > emitted or after calling server.close().
  -- Node.js v19 net docs (seed 001), server.address()

  > The server.listen() method can be called again if and only if there
  > was an error during the first server.listen() call or server.close()
  > has been called. Otherwise, an ERR_SERVER_ALREADY_LISTEN error will
  > be thrown.
  -- Node.js v19 net docs (seed 001), server.listen()

  The state table of net.Server (docs/state-machines.md): each row is one
  member of a server whose close() was called while a connection is
  open, as Node.js 20 (and 22, 24, 26) answers. The server is no longer
  listening, but 'close' waits for the connection. Two rows go beyond
  the docs: a second close() does not call back at once but queues its
  callback for the 'close' to come, with ERR_SERVER_NOT_RUNNING; and a
  listen() here listens again, after which the first close() never
  completes: no 'close', and its callback never comes.

  Scenario Outline: <call> on a closing server
    Given server srv is listening on "127.0.0.1" port 0
    And client c connects to srv
    And srv accepts a connection as s
    And I call srv.close(closed)
    When I call <call>
    Then it <outcome>
    And srv emitted exactly <srv events>
    And c emitted exactly <c events>

    @member:server.address
    Examples: server.address
      | call          | outcome      | srv events                  | c events           |
      | srv.address() | returns null | 'listening', 'connection' s | 'connect', 'ready' |

    @member:server.listening
    Examples: server.listening
      | call          | outcome       | srv events                  | c events           |
      | srv.listening | returns false | 'listening', 'connection' s | 'connect', 'ready' |

    @member:server.maxConnections
    Examples: server.maxConnections
      | call               | outcome           | srv events                  | c events           |
      | srv.maxConnections | returns undefined | 'listening', 'connection' s | 'connect', 'ready' |

    @member:server.maxConnections @write:server.maxConnections
    Examples: server.maxConnections =
      | call                   | outcome   | srv events                  | c events           |
      | srv.maxConnections = 2 | returns 2 | 'listening', 'connection' s | 'connect', 'ready' |

    @member:server.ref
    Examples: server.ref
      | call      | outcome     | srv events                  | c events           |
      | srv.ref() | returns srv | 'listening', 'connection' s | 'connect', 'ready' |

    @member:server.unref
    Examples: server.unref
      | call        | outcome     | srv events                  | c events           |
      | srv.unref() | returns srv | 'listening', 'connection' s | 'connect', 'ready' |

  Scenario Outline: <call> on a closing server, and its callback
    Given server srv is listening on "127.0.0.1" port 0
    And client c connects to srv
    And srv accepts a connection as s
    And I call srv.close(closed)
    When I call <call>
    Then it returns srv
    And done is called with <done args>
    And srv emitted exactly <srv events>
    And c emitted exactly <c events>

    @member:server.getConnections
    Examples: server.getConnections
      | call                     | done args | srv events                  | c events           |
      | srv.getConnections(done) | [null, 1] | 'listening', 'connection' s | 'connect', 'ready' |

  @member:server.close
  Scenario: a second close() while closing calls back with ERR_SERVER_NOT_RUNNING when the server closes
    Given server srv is listening on "127.0.0.1" port 0
    And client c connects to srv
    And srv accepts a connection as s
    And I call srv.close(closed)
    When I call srv.close(done)
    Then it returns srv
    And done is not called
    When c is destroyed
    Then closed is called with []
    And done is called with {code: "ERR_SERVER_NOT_RUNNING", message: "Server is not running."}
    And srv emitted exactly 'listening', 'connection' s, 'close'

  @member:server.listen
  Scenario: listen() while closing listens again, and the first close() never completes
    Given server srv is listening on "127.0.0.1" port 0
    And client c connects to srv
    And srv accepts a connection as s
    And I call srv.close(closed)
    When I call srv.listen(0, "127.0.0.1", done)
    Then it returns srv
    And done is called with []
    And srv.listening is true
    When c is destroyed
    Then s emitted exactly 'end', 'close' false
    And srv emitted exactly 'listening', 'connection' s, 'listening'
    And closed is not called
