@area:server @state:server.new @observed @profile:v19
# The state tables are of the v19 docs (ERR_ codes, listening, ref() and
# unref() returning the server, no 'close' after a failed listen()): the
# v0.10 profile, and Node.js 0.10, are held to their own docs instead.
Feature: every member of a server that has not been told to listen

  > server.address() returns null before the 'listening' event has been
  > emitted or after calling server.close().
  -- Node.js v19 net docs (seed 001), server.address()

  > The optional callback will be called once the 'close' event occurs.
  > Unlike that event, it will be called with an Error as its only
  > argument if the server was not open when it was closed.
  -- Node.js v19 net docs (seed 001), server.close([callback])

  > Indicates whether or not the server is listening for connections.
  -- Node.js v19 net docs (seed 001), server.listening

  The state table of net.Server (docs/state-machines.md): each row is one
  member in the state "new", as net.createServer() returns the server.
  The docs say what address() and close() do here; the rest is what
  Node.js 20 does (the same in 22, 24 and 26). A close() of a server
  that never listened still emits 'close'.

  Scenario Outline: <call> on a new server
    Given server srv
    When I call <call>
    Then it <outcome>
    And srv emitted exactly <srv events>

    @member:server.address
    Examples: server.address
      | call          | outcome      | srv events |
      | srv.address() | returns null | nothing    |

    @member:server.listening
    Examples: server.listening
      | call          | outcome       | srv events |
      | srv.listening | returns false | nothing    |

    @member:server.maxConnections
    Examples: server.maxConnections
      | call               | outcome           | srv events |
      | srv.maxConnections | returns undefined | nothing    |

    @member:server.maxConnections @write:server.maxConnections
    Examples: server.maxConnections =
      | call                   | outcome   | srv events |
      | srv.maxConnections = 2 | returns 2 | nothing    |

    @member:server.ref
    Examples: server.ref
      | call      | outcome     | srv events |
      | srv.ref() | returns srv | nothing    |

    @member:server.unref
    Examples: server.unref
      | call        | outcome     | srv events |
      | srv.unref() | returns srv | nothing    |

  Scenario Outline: <call> on a new server, and its callback
    Given server srv
    When I call <call>
    Then it returns srv
    And done is called with <done args>
    And srv emitted exactly <srv events>

    @member:server.close
    Examples: server.close
      | call           | done args                                                               | srv events |
      | srv.close(done) | {code: "ERR_SERVER_NOT_RUNNING", message: "Server is not running."} | 'close'    |

    @member:server.getConnections
    Examples: server.getConnections
      | call                     | done args | srv events |
      | srv.getConnections(done) | [null, 0] | nothing    |

    @member:server.listen
    Examples: server.listen
      | call                              | done args | srv events  |
      | srv.listen(0, "127.0.0.1", done) | []          | 'listening' |
