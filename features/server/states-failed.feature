@area:server @state:server.failed @observed @profile:v19
# The state tables are of the v19 docs (ERR_ codes, listening, ref() and
# unref() returning the server, no 'close' after a failed listen()): the
# v0.10 profile, and Node.js 0.10, are held to their own docs instead.
Feature: every member of a server whose listen() failed

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

  The state table of net.Server (docs/state-machines.md): each row is one
  member of a server whose listen() emitted 'error' (EADDRINUSE), as
  Node.js 20 (and 22, 24, 26) answers: it is not listening, address() is
  null, listen() may be called again, and close() emits 'close' and calls
  back with ERR_SERVER_NOT_RUNNING.

  Scenario Outline: <call> on a server whose listen() failed
    Given server taken is listening on "127.0.0.1" port 0
    And I call taken.address() as bound
    And server srv
    And srv has an 'error' listener
    And I call srv.listen(bound.port, "127.0.0.1")
    And srv emits 'error'
    When I call <call>
    Then it <outcome>
    And srv emitted exactly <srv events>

    @member:server.address
    Examples: server.address
      | call          | outcome      | srv events                   |
      | srv.address() | returns null | 'error' {code: "EADDRINUSE"} |

    @member:server.listening
    Examples: server.listening
      | call          | outcome       | srv events                   |
      | srv.listening | returns false | 'error' {code: "EADDRINUSE"} |

    @member:server.maxConnections
    Examples: server.maxConnections
      | call               | outcome           | srv events                   |
      | srv.maxConnections | returns undefined | 'error' {code: "EADDRINUSE"} |

    @member:server.maxConnections @write:server.maxConnections
    Examples: server.maxConnections =
      | call                   | outcome   | srv events                   |
      | srv.maxConnections = 2 | returns 2 | 'error' {code: "EADDRINUSE"} |

    @member:server.ref
    Examples: server.ref
      | call      | outcome     | srv events                   |
      | srv.ref() | returns srv | 'error' {code: "EADDRINUSE"} |

    @member:server.unref
    Examples: server.unref
      | call        | outcome     | srv events                   |
      | srv.unref() | returns srv | 'error' {code: "EADDRINUSE"} |

  Scenario Outline: <call> on a server whose listen() failed, and its callback
    Given server taken is listening on "127.0.0.1" port 0
    And I call taken.address() as bound
    And server srv
    And srv has an 'error' listener
    And I call srv.listen(bound.port, "127.0.0.1")
    And srv emits 'error'
    When I call <call>
    Then it returns srv
    And done is called with <done args>
    And srv emitted exactly <srv events>

    @member:server.close
    Examples: server.close
      | call            | done args                                                           | srv events                            |
      | srv.close(done) | {code: "ERR_SERVER_NOT_RUNNING", message: "Server is not running."} | 'error' {code: "EADDRINUSE"}, 'close' |

    @member:server.getConnections
    Examples: server.getConnections
      | call                     | done args | srv events                   |
      | srv.getConnections(done) | [null, 0] | 'error' {code: "EADDRINUSE"} |

    @member:server.listen
    Examples: server.listen
      | call                             | done args | srv events                                |
      | srv.listen(0, "127.0.0.1", done) | []        | 'error' {code: "EADDRINUSE"}, 'listening' |

