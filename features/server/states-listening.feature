@area:server @state:server.listening @observed @profile:v19
# The state tables are of the v19 docs (ERR_ codes, listening, ref() and
# unref() returning the server, no 'close' after a failed listen()): the
# v0.10 profile, and Node.js 0.10, are held to their own docs instead.
Feature: every member of a listening server with no connection

  > Emitted when the server has been bound after calling server.listen().
  -- Node.js v19 net docs (seed 001), Event: 'listening'

  > The server.listen() method can be called again if and only if there
  > was an error during the first server.listen() call or server.close()
  > has been called. Otherwise, an ERR_SERVER_ALREADY_LISTEN error will
  > be thrown.
  -- Node.js v19 net docs (seed 001), server.listen()

  > Stops the server from accepting new connections and keeps existing
  > connections. This function is asynchronous, the server is finally
  > closed when all connections are ended and the server emits a 'close'
  > event.
  -- Node.js v19 net docs (seed 001), server.close([callback])

  The state table of net.Server (docs/state-machines.md): each row is one
  member of a server that has emitted 'listening' and holds no
  connection, as Node.js 20 (and 22, 24, 26) answers.

  Scenario Outline: <call> on a listening server
    Given server srv is listening on "127.0.0.1" port 0
    When I call <call>
    Then it <outcome>
    And srv emitted exactly <srv events>

    @member:server.address
    Examples: server.address
      | call          | outcome                                                              | srv events  |
      | srv.address() | returns {address: "127.0.0.1", family: "IPv4", port: any(Number)}    | 'listening' |

    @member:server.listening
    Examples: server.listening
      | call          | outcome      | srv events  |
      | srv.listening | returns true | 'listening' |

    @member:server.listen
    Examples: server.listen
      | call                             | outcome                          | srv events  |
      | srv.listen(0, "127.0.0.1", done) | throws ERR_SERVER_ALREADY_LISTEN | 'listening' |

    @member:server.maxConnections
    Examples: server.maxConnections
      | call               | outcome           | srv events  |
      | srv.maxConnections | returns undefined | 'listening' |

    @member:server.maxConnections @write:server.maxConnections
    Examples: server.maxConnections =
      | call                   | outcome   | srv events  |
      | srv.maxConnections = 2 | returns 2 | 'listening' |

    @member:server.ref
    Examples: server.ref
      | call      | outcome     | srv events  |
      | srv.ref() | returns srv | 'listening' |

    @member:server.unref
    Examples: server.unref
      | call        | outcome     | srv events  |
      | srv.unref() | returns srv | 'listening' |

  Scenario Outline: <call> on a listening server, and its callback
    Given server srv is listening on "127.0.0.1" port 0
    When I call <call>
    Then it returns srv
    And done is called with <done args>
    And srv emitted exactly <srv events>

    @member:server.close
    Examples: server.close
      | call            | done args | srv events           |
      | srv.close(done) | []        | 'listening', 'close' |

    @member:server.getConnections
    Examples: server.getConnections
      | call                     | done args | srv events  |
      | srv.getConnections(done) | [null, 0] | 'listening' |
