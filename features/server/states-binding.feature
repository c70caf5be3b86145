@area:server @state:server.binding @tick:same @observed @profile:v19
# The state tables are of the v19 docs (ERR_ codes, listening, ref() and
# unref() returning the server, no 'close' after a failed listen()): the
# v0.10 profile, and Node.js 0.10, are held to their own docs instead.
Feature: every member of a server in the tick its listen() was called

  > This function is asynchronous. When the server starts listening, the
  > 'listening' event will be emitted.
  -- Node.js v19 net docs (seed 001), server.listen()

  > server.address() returns null before the 'listening' event has been
  > emitted or after calling server.close().
  -- Node.js v19 net docs (seed 001), server.address()

  > The server.listen() method can be called again if and only if there
  > was an error during the first server.listen() call or server.close()
  > has been called. Otherwise, an ERR_SERVER_ALREADY_LISTEN error will
  > be thrown.
  -- Node.js v19 net docs (seed 001), server.listen()

  The state table of net.Server (docs/state-machines.md): each row is one
  member called in the same tick as listen(), before 'listening'. Node.js
  20 (and 22, 24, 26) takes two paths here. With a host, even an IP
  address, listen() first looks the host up, so in its tick the server
  is not yet bound: address() is null, listening is false, and a second
  listen() is taken. Without a host, listen() binds in the call: address()
  already answers, though 'listening' has not been emitted (the docs say
  null; docs/profiles.md 1.6), listening is true, and a second listen()
  throws. A close() in that tick closes the server before 'listening',
  which never comes.

  No later tick can meet the state: the lookup of an IP address answers
  within the tick's nextTick queue, and listen() takes no lookup function
  that could hold it (coverage/states/net.Server.yaml, unreachable).

  Scenario Outline: <call> in the tick of listen(0, "127.0.0.1")
    Given server srv
    When I call srv.listen(0, "127.0.0.1"); <call> in one tick
    Then it <outcome>
    And srv emitted exactly <srv events>

    @member:server.address
    Examples: server.address
      | call          | outcome      | srv events  |
      | srv.address() | returns null | 'listening' |

    @member:server.listening
    Examples: server.listening
      | call          | outcome       | srv events  |
      | srv.listening | returns false | 'listening' |

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

  Scenario Outline: <call> in the tick of listen(0, "127.0.0.1"), and its callback
    Given server srv
    When I call srv.listen(0, "127.0.0.1"); <call> in one tick
    Then it returns srv
    And done is called with <done args>
    And srv emitted exactly <srv events>

    # Node.js 19 listens anyway after such a close() ('close', then
    # 'listening'), and emits 'listening' twice for two listen() calls:
    # the lookup's answer is not yet dropped (docs/profiles.md 4.1).
    @member:server.close @node:>=20
    Examples: server.close
      | call            | done args                                                           | srv events |
      | srv.close(done) | {code: "ERR_SERVER_NOT_RUNNING", message: "Server is not running."} | 'close'    |

    @member:server.getConnections
    Examples: server.getConnections
      | call                     | done args | srv events  |
      | srv.getConnections(done) | [null, 0] | 'listening' |

    @member:server.listen @node:>=20
    Examples: server.listen
      | call                             | done args | srv events  |
      | srv.listen(0, "127.0.0.1", done) | []        | 'listening' |

  @doc-erratum
  Scenario Outline: <call> in the tick of listen(0), which binds in the call
    Given server srv
    When I call srv.listen(0); <call> in one tick
    Then it <outcome>
    And srv emitted exactly <srv events>

    @member:server.address
    Examples: server.address
      | call          | outcome                                                             | srv events  |
      | srv.address() | returns {address: "::", family: "IPv6", port: any(Number)}           | 'listening' |

    @member:server.listening
    Examples: server.listening
      | call          | outcome      | srv events  |
      | srv.listening | returns true | 'listening' |

    @member:server.listen
    Examples: server.listen
      | call                             | outcome                          | srv events  |
      | srv.listen(0, "127.0.0.1", done) | throws ERR_SERVER_ALREADY_LISTEN | 'listening' |

    @member:server.close
    Examples: server.close
      | call            | outcome     | srv events |
      | srv.close(done) | returns srv | 'close'    |
