@area:server @state:server.listeningWithConnections @observed @profile:v19
# The state tables are of the v19 docs (ERR_ codes, listening, ref() and
# unref() returning the server, no 'close' after a failed listen()): the
# v0.10 profile, and Node.js 0.10, are held to their own docs instead.
Feature: every member of a listening server that holds an open connection

  > The server.listen() method can be called again if and only if there
  > was an error during the first server.listen() call or server.close()
  > has been called. Otherwise, an ERR_SERVER_ALREADY_LISTEN error will
  > be thrown.
  -- Node.js v19 net docs (seed 001), server.listen()

  > Stops the server from accepting new connections and keeps existing
  > connections. This function is asynchronous, the server is finally
  > closed when all connections are ended and the server emits a 'close'
  > event. The optional callback will be called once the 'close' event
  > occurs. Unlike that event, it will be called with an Error as its only
  > argument if the server was not open when it was closed.
  -- Node.js v19 net docs (seed 001), server.close([callback])

  > Asynchronously get the number of concurrent connections on the server.
  -- Node.js v19 net docs (seed 001), server.getConnections(callback)

  The state table of net.Server (docs/state-machines.md): each row is one
  member of a listening server with one accepted connection open, as
  Node.js 20 (and 22, 24, 26) answers, with what the connection's client
  sees: nothing, for every member here; close() keeps the connection.

  Scenario Outline: <call> on a server with an open connection
    Given server srv is listening on "127.0.0.1" port 0
    And client c connects to srv
    And srv accepts a connection as s
    When I call <call>
    Then it <outcome>
    And srv emitted exactly <srv events>
    And c emitted exactly <c events>

    @member:server.address
    Examples: server.address
      | call          | outcome                                                           | srv events                  | c events           |
      | srv.address() | returns {address: "127.0.0.1", family: "IPv4", port: any(Number)} | 'listening', 'connection' s | 'connect', 'ready' |

    @member:server.listening
    Examples: server.listening
      | call          | outcome      | srv events                  | c events           |
      | srv.listening | returns true | 'listening', 'connection' s | 'connect', 'ready' |

    @member:server.listen
    Examples: server.listen
      | call                             | outcome                          | srv events                  | c events           |
      | srv.listen(0, "127.0.0.1", done) | throws ERR_SERVER_ALREADY_LISTEN | 'listening', 'connection' s | 'connect', 'ready' |

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

  Scenario Outline: <call> on a server with an open connection, and its callback
    Given server srv is listening on "127.0.0.1" port 0
    And client c connects to srv
    And srv accepts a connection as s
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
  Scenario: close() with a connection open keeps it, and calls back once it has ended
    Given server srv is listening on "127.0.0.1" port 0
    And client c connects to srv
    And srv accepts a connection as s
    When I call srv.close(done)
    Then it returns srv
    And done is not called
    And srv emitted exactly 'listening', 'connection' s
    And c emitted exactly 'connect', 'ready'
    When c is destroyed
    Then done is called with []
    And srv emitted exactly 'listening', 'connection' s, 'close'
    And s emitted exactly 'end', 'close' false
