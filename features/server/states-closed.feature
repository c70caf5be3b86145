@area:server @state:server.closed @observed @profile:v19
# The state tables are of the v19 docs (ERR_ codes, listening, ref() and
# unref() returning the server, no 'close' after a failed listen()): the
# v0.10 profile, and Node.js 0.10, are held to their own docs instead.
Feature: every member of a server that has closed

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
  member of a server that has emitted 'close', as Node.js 20 (and 22, 24,
  26) answers. A second close() calls back with ERR_SERVER_NOT_RUNNING, as
  the docs say, and emits 'close' a second time, which they do not say.

  Scenario Outline: <call> on a closed server
    Given server srv is listening on "127.0.0.1" port 0
    And I call srv.close(closed)
    And srv emits 'close'
    When I call <call>
    Then it <outcome>
    And srv emitted exactly <srv events>

    @member:server.address
    Examples: server.address
      | call          | outcome      | srv events           |
      | srv.address() | returns null | 'listening', 'close' |

    @member:server.listening
    Examples: server.listening
      | call          | outcome       | srv events           |
      | srv.listening | returns false | 'listening', 'close' |

    @member:server.maxConnections
    Examples: server.maxConnections
      | call               | outcome           | srv events           |
      | srv.maxConnections | returns undefined | 'listening', 'close' |

    @member:server.maxConnections @write:server.maxConnections
    Examples: server.maxConnections =
      | call                   | outcome   | srv events           |
      | srv.maxConnections = 2 | returns 2 | 'listening', 'close' |

    @member:server.ref
    Examples: server.ref
      | call      | outcome     | srv events           |
      | srv.ref() | returns srv | 'listening', 'close' |

    @member:server.unref
    Examples: server.unref
      | call        | outcome     | srv events           |
      | srv.unref() | returns srv | 'listening', 'close' |

  Scenario Outline: <call> on a closed server, and its callback
    Given server srv is listening on "127.0.0.1" port 0
    And I call srv.close(closed)
    And srv emits 'close'
    When I call <call>
    Then it returns srv
    And done is called with <done args>
    And srv emitted exactly <srv events>

    @member:server.close
    Examples: server.close
      | call            | done args                                                           | srv events                    |
      | srv.close(done) | {code: "ERR_SERVER_NOT_RUNNING", message: "Server is not running."} | 'listening', 'close', 'close' |

    @member:server.getConnections
    Examples: server.getConnections
      | call                     | done args | srv events           |
      | srv.getConnections(done) | [null, 0] | 'listening', 'close' |

    @member:server.listen
    Examples: server.listen
      | call                             | done args | srv events                        |
      | srv.listen(0, "127.0.0.1", done) | []        | 'listening', 'close', 'listening' |

