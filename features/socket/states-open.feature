@area:socket @state:socket.open @observed @profile:v19
Feature: every member of an open net.Socket: connected, neither side ended

  > Emitted when a socket connection is successfully established.
  -- Node.js v19 net docs (seed 001), Event: 'connect'

  > This property represents the state of the connection as a string.
  > If the stream is connecting socket.readyState is opening.
  > If the stream is readable and writable, it is open.
  -- Node.js v19 net docs (seed 001), socket.readyState

  > Half-closes the socket. i.e., it sends a FIN packet. It is possible the
  > server will still send some data.
  -- Node.js v19 net docs (seed 001), socket.end([data[, encoding]][, callback])

  The docs say little else of an open socket's members; every row is what
  Node.js 20 does (@observed). c is the client, s the connection srv
  accepted (reading, so that it sees c's data and FIN); cport is c's local
  port as s sees it. end() ends both sides: s, without allowHalfOpen, ends
  back, and both close. resetAndDestroy() closes c quietly and s sees
  ECONNRESET. Both have an 'error' listener.

  connect() is not here: on an open socket Node 20 emits 'connect' and
  'ready' a second time, though no second connection is made (the peer
  and any other listener see nothing), which the runner's lifecycle
  invariant socket.connect-once refuses.

  Background:
    Given server srv is listening on "127.0.0.1" port 0
    And I call srv.address() as bound
    And client c connects to srv
    And srv accepts a connection as s
    And I call s.resume()
    And I call s.remotePort as cport
    And c has an 'error' listener
    And s has an 'error' listener

  Scenario Outline: open: <call> <outcome>
    When I call <call>
    Then it <outcome>
    And c emitted exactly <c events>
    And s emitted exactly <s events>

    @member:socket.address
    Examples: socket.address
      | call        | outcome                                                     | c events           | s events |
      | c.address() | returns {address: "127.0.0.1", family: "IPv4", port: cport} | 'connect', 'ready' | nothing  |

    @member:socket.bufferSize
    Examples: socket.bufferSize
      | call         | outcome   | c events           | s events |
      | c.bufferSize | returns 0 | 'connect', 'ready' | nothing  |

    @member:socket.bytesRead
    Examples: socket.bytesRead
      | call        | outcome   | c events           | s events |
      | c.bytesRead | returns 0 | 'connect', 'ready' | nothing  |

    @member:socket.bytesWritten
    Examples: socket.bytesWritten
      | call           | outcome   | c events           | s events |
      | c.bytesWritten | returns 0 | 'connect', 'ready' | nothing  |

    @member:socket.connecting
    Examples: socket.connecting
      | call         | outcome       | c events           | s events |
      | c.connecting | returns false | 'connect', 'ready' | nothing  |

    @member:socket.destroy
    Examples: socket.destroy
      | call                         | outcome   | c events                                                    | s events             |
      | c.destroy()                  | returns c | 'connect', 'ready', 'close' false                           | 'end', 'close' false |
      | c.destroy(new Error("boom")) | returns c | 'connect', 'ready', 'error' {message: "boom"}, 'close' true | 'end', 'close' false |

    @member:socket.destroyed
    Examples: socket.destroyed
      | call        | outcome       | c events           | s events |
      | c.destroyed | returns false | 'connect', 'ready' | nothing  |

    @member:socket.end
    Examples: socket.end
      | call       | outcome   | c events                                 | s events                                      |
      | c.end()    | returns c | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false                          |
      | c.end("x") | returns c | 'connect', 'ready', 'end', 'close' false | 'data' Buffer.from("x"), 'end', 'close' false |

    @member:socket.localAddress
    Examples: socket.localAddress
      | call           | outcome             | c events           | s events |
      | c.localAddress | returns "127.0.0.1" | 'connect', 'ready' | nothing  |

    @member:socket.localFamily
    Examples: socket.localFamily
      | call          | outcome        | c events           | s events |
      | c.localFamily | returns "IPv4" | 'connect', 'ready' | nothing  |

    @member:socket.localPort
    Examples: socket.localPort
      | call        | outcome       | c events           | s events |
      | c.localPort | returns cport | 'connect', 'ready' | nothing  |

    @member:socket.pause
    Examples: socket.pause
      | call      | outcome   | c events           | s events |
      | c.pause() | returns c | 'connect', 'ready' | nothing  |

    @member:socket.pending
    Examples: socket.pending
      | call      | outcome       | c events           | s events |
      | c.pending | returns false | 'connect', 'ready' | nothing  |

    @member:socket.readyState
    Examples: socket.readyState
      | call         | outcome        | c events           | s events |
      | c.readyState | returns "open" | 'connect', 'ready' | nothing  |

    @member:socket.ref
    Examples: socket.ref
      | call    | outcome   | c events           | s events |
      | c.ref() | returns c | 'connect', 'ready' | nothing  |

    @member:socket.remoteAddress
    Examples: socket.remoteAddress
      | call            | outcome             | c events           | s events |
      | c.remoteAddress | returns "127.0.0.1" | 'connect', 'ready' | nothing  |

    @member:socket.remoteFamily
    Examples: socket.remoteFamily
      | call           | outcome        | c events           | s events |
      | c.remoteFamily | returns "IPv4" | 'connect', 'ready' | nothing  |

    @member:socket.remotePort
    Examples: socket.remotePort
      | call         | outcome            | c events           | s events |
      | c.remotePort | returns bound.port | 'connect', 'ready' | nothing  |

    @member:socket.resetAndDestroy
    Examples: socket.resetAndDestroy
      | call                | outcome   | c events                          | s events                                                               |
      | c.resetAndDestroy() | returns c | 'connect', 'ready', 'close' false | 'error' {code: "ECONNRESET", message: "read ECONNRESET"}, 'close' true |

    @member:socket.resume
    Examples: socket.resume
      | call       | outcome   | c events           | s events |
      | c.resume() | returns c | 'connect', 'ready' | nothing  |

    @member:socket.setEncoding
    Examples: socket.setEncoding
      | call                  | outcome   | c events           | s events |
      | c.setEncoding("utf8") | returns c | 'connect', 'ready' | nothing  |

    @member:socket.setKeepAlive
    Examples: socket.setKeepAlive
      | call                       | outcome   | c events           | s events |
      | c.setKeepAlive(true, 1000) | returns c | 'connect', 'ready' | nothing  |

    @member:socket.setNoDelay
    Examples: socket.setNoDelay
      | call               | outcome   | c events           | s events |
      | c.setNoDelay(true) | returns c | 'connect', 'ready' | nothing  |

    @member:socket.setTimeout
    Examples: socket.setTimeout
      | call                | outcome   | c events           | s events |
      | c.setTimeout(60000) | returns c | 'connect', 'ready' | nothing  |

    @member:socket.timeout
    Examples: socket.timeout
      | call      | outcome           | c events           | s events |
      | c.timeout | returns undefined | 'connect', 'ready' | nothing  |

    @member:socket.unref
    Examples: socket.unref
      | call      | outcome   | c events           | s events |
      | c.unref() | returns c | 'connect', 'ready' | nothing  |

    @member:socket.write
    Examples: socket.write
      | call         | outcome      | c events           | s events                |
      | c.write("x") | returns true | 'connect', 'ready' | 'data' Buffer.from("x") |

  Scenario Outline: open: <call> <outcome>, and done <done>
    When I call <call>
    Then it <outcome>
    And done <done>
    And c emitted exactly <c events>
    And s emitted exactly <s events>

    @member:socket.end
    Examples: socket.end with a callback
      | call             | outcome   | done                | c events                                 | s events                                      |
      | c.end(done)      | returns c | is called with null | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false                          |
      | c.end("x", done) | returns c | is called with null | 'connect', 'ready', 'end', 'close' false | 'data' Buffer.from("x"), 'end', 'close' false |

    @member:socket.setTimeout
    Examples: socket.setTimeout with a callback
      | call                      | outcome   | done          | c events           | s events |
      | c.setTimeout(60000, done) | returns c | is not called | 'connect', 'ready' | nothing  |

    @member:socket.write
    Examples: socket.write with a callback
      | call               | outcome      | done                | c events           | s events                |
      | c.write("x", done) | returns true | is called with null | 'connect', 'ready' | 'data' Buffer.from("x") |


  # Node connects the handle it has again: libuv's connect on a
  # connected TCP socket completes, and the socket emits 'connect' and
  # 'ready' a second time; the peer sees nothing. The lifecycle rules take
  # a connect() on an open socket as the start of a new life.
  @member:socket.connect
  Scenario Outline: open: <call> connects the same connection again
    When I call <call>
    Then it returns c
    And done is called with []
    And c emitted exactly 'connect', 'ready', 'connect', 'ready'
    And s emitted exactly nothing
    And c.remotePort is bound.port

    Examples:
      | call                                                   |
      | c.connect(bound.port, "127.0.0.1", done)               |
      | c.connect({port: bound.port, host: "127.0.0.1"}, done) |
