@area:socket @state:socket.new @observed @profile:v19
Feature: every member of a net.Socket that has not connected

  A socket that new net.Socket() returned and that connect() has not
  been given. The docs say little of this state; the rows pin what
  Node.js 20 does.

  > This is true if the socket is not connected yet, either because
  > .connect() has not yet been called or because it is still in the
  > process of connecting (see socket.connecting).
  -- Node.js v19 net docs (seed 001), socket.pending

  > boolean Indicates if the connection is destroyed or not. Once a
  > connection is destroyed no further data can be transferred using it.
  -- Node.js v19 net docs (seed 001), socket.destroyed

  Background:
    Given server srv is listening on "127.0.0.1" port 0
    And I call srv.address() as bound
    And I call new net.Socket() as c
    And c has an 'error' listener

  Scenario Outline: <call> before connect()
    When I call <call>
    Then it <outcome>
    And c emitted exactly <c events>
    And srv emitted exactly <srv events>

    @member:socket.address
    Examples: socket.address
      | call        | outcome    | c events | srv events  |
      | c.address() | returns {} | nothing  | 'listening' |

    @member:socket.bufferSize
    Examples: socket.bufferSize
      | call         | outcome           | c events | srv events  |
      | c.bufferSize | returns undefined | nothing  | 'listening' |

    @member:socket.bytesRead
    Examples: socket.bytesRead
      | call        | outcome   | c events | srv events  |
      | c.bytesRead | returns 0 | nothing  | 'listening' |

    @member:socket.bytesWritten
    Examples: socket.bytesWritten
      | call           | outcome   | c events | srv events  |
      | c.bytesWritten | returns 0 | nothing  | 'listening' |

    # connect() is what leaves the state: the server sees the connection.
    @member:socket.connect
    Examples: socket.connect
      | call                               | outcome   | c events           | srv events                |
      | c.connect(bound.port, "127.0.0.1") | returns c | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.connecting
    Examples: socket.connecting
      | call         | outcome       | c events | srv events  |
      | c.connecting | returns false | nothing  | 'listening' |

    # 'close' comes without hadError: the socket never had a connection.
    @member:socket.destroy
    Examples: socket.destroy
      | call        | outcome   | c events | srv events  |
      | c.destroy() | returns c | 'close'  | 'listening' |

    @member:socket.destroyed
    Examples: socket.destroyed
      | call        | outcome       | c events | srv events  |
      | c.destroyed | returns false | nothing  | 'listening' |

    # end() of a socket that never connected emits nothing at all.
    @member:socket.end
    Examples: socket.end
      | call    | outcome   | c events | srv events  |
      | c.end() | returns c | nothing  | 'listening' |

    @member:socket.localAddress
    Examples: socket.localAddress
      | call           | outcome           | c events | srv events  |
      | c.localAddress | returns undefined | nothing  | 'listening' |

    @member:socket.localFamily
    Examples: socket.localFamily
      | call          | outcome           | c events | srv events  |
      | c.localFamily | returns undefined | nothing  | 'listening' |

    @member:socket.localPort
    Examples: socket.localPort
      | call        | outcome           | c events | srv events  |
      | c.localPort | returns undefined | nothing  | 'listening' |

    @member:socket.pause
    Examples: socket.pause
      | call      | outcome   | c events | srv events  |
      | c.pause() | returns c | nothing  | 'listening' |

    @member:socket.pending
    Examples: socket.pending
      | call      | outcome      | c events | srv events  |
      | c.pending | returns true | nothing  | 'listening' |

    # Not "closed": a new socket is readable and writable as a stream.
    @member:socket.readyState
    Examples: socket.readyState
      | call         | outcome        | c events | srv events  |
      | c.readyState | returns "open" | nothing  | 'listening' |

    @member:socket.ref
    Examples: socket.ref
      | call    | outcome   | c events | srv events  |
      | c.ref() | returns c | nothing  | 'listening' |

    @member:socket.remoteAddress
    Examples: socket.remoteAddress
      | call            | outcome           | c events | srv events  |
      | c.remoteAddress | returns undefined | nothing  | 'listening' |

    @member:socket.remoteFamily
    Examples: socket.remoteFamily
      | call           | outcome           | c events | srv events  |
      | c.remoteFamily | returns undefined | nothing  | 'listening' |

    @member:socket.remotePort
    Examples: socket.remotePort
      | call         | outcome           | c events | srv events  |
      | c.remotePort | returns undefined | nothing  | 'listening' |

    # Without a handle resetAndDestroy() destroys with ERR_SOCKET_CLOSED.
    @member:socket.resetAndDestroy
    Examples: socket.resetAndDestroy
      | call                | outcome   | c events                           | srv events  |
      | c.resetAndDestroy() | returns c | 'error' ERR_SOCKET_CLOSED, 'close' | 'listening' |

    @member:socket.resume
    Examples: socket.resume
      | call       | outcome   | c events | srv events  |
      | c.resume() | returns c | nothing  | 'listening' |

    @member:socket.setEncoding
    Examples: socket.setEncoding
      | call                  | outcome   | c events | srv events  |
      | c.setEncoding("utf8") | returns c | nothing  | 'listening' |

    @member:socket.setKeepAlive
    Examples: socket.setKeepAlive
      | call                      | outcome   | c events | srv events  |
      | c.setKeepAlive(true, 1000) | returns c | nothing  | 'listening' |

    @member:socket.setNoDelay
    Examples: socket.setNoDelay
      | call              | outcome   | c events | srv events  |
      | c.setNoDelay(true) | returns c | nothing  | 'listening' |

    @member:socket.timeout
    Examples: socket.timeout
      | call      | outcome           | c events | srv events  |
      | c.timeout | returns undefined | nothing  | 'listening' |

    @member:socket.unref
    Examples: socket.unref
      | call      | outcome   | c events | srv events  |
      | c.unref() | returns c | nothing  | 'listening' |

    # A write without a connection fails: 'error' ERR_SOCKET_CLOSED, then
    # 'close' without hadError.
    @member:socket.write
    Examples: socket.write
      | call          | outcome       | c events                           | srv events  |
      | c.write("hi") | returns false | 'error' ERR_SOCKET_CLOSED, 'close' | 'listening' |

  Scenario Outline: <call> before connect(), with a callback
    When I call <call>
    Then it <outcome>
    And done <done>
    And c emitted exactly <c events>
    And srv emitted exactly <srv events>

    @member:socket.connect
    Examples: socket.connect
      | call                                     | outcome   | done      | c events           | srv events                |
      | c.connect(bound.port, "127.0.0.1", done) | returns c | is called | 'connect', 'ready' | 'listening', 'connection' |

    # end()'s callback: Node 20 never calls it; Node 22 and later call
    # it with null (the stream finishes without a handle to shut down).
    @member:socket.end @node:<22
    Examples: socket.end before Node 22
      | call        | outcome   | done          | c events | srv events  |
      | c.end(done) | returns c | is not called | nothing  | 'listening' |

    @member:socket.end @node:>=22
    Examples: socket.end from Node 22
      | call        | outcome   | done                | c events | srv events  |
      | c.end(done) | returns c | is called with null | nothing  | 'listening' |

    # The idle timer runs even without a connection.
    @member:socket.setTimeout
    Examples: socket.setTimeout
      | call                  | outcome   | done      | c events  | srv events  |
      | c.setTimeout(50, done) | returns c | is called | 'timeout' | 'listening' |

    @member:socket.write
    Examples: socket.write
      | call                | outcome       | done                             | c events                           | srv events  |
      | c.write("hi", done) | returns false | is called with ERR_SOCKET_CLOSED | 'error' ERR_SOCKET_CLOSED, 'close' | 'listening' |
