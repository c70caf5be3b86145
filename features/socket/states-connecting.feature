@area:socket @state:socket.connecting @observed @profile:v19
Feature: every member of a net.Socket while it connects

  The address is known and the handshake has not completed. In the tick
  of connect() to an IP address, Node has not even begun it (it connects
  in the next tick); a later tick holds the socket connecting to a
  listener whose accept queue is full, whose kernel drops the SYN.

  > This property represents the state of the connection as a string.
  > If the stream is connecting socket.readyState is opening.
  -- Node.js v19 net docs (seed 001), socket.readyState

  > If true, socket.connect(options[, connectListener]) was called and has
  > not yet finished. It will stay true until the socket becomes connected,
  > then it is set to false and the 'connect' event is emitted.
  -- Node.js v19 net docs (seed 001), socket.connecting

  > This is true if the socket is not connected yet, either because
  > .connect() has not yet been called or because it is still in the
  > process of connecting (see socket.connecting).
  -- Node.js v19 net docs (seed 001), socket.pending

  Background:
    Given server srv is listening on "127.0.0.1" port 0
    And I call srv.address() as bound

  @tick:same
  Scenario Outline: <call> in the tick of connect() to an IP address
    Given I call new net.Socket() as c
    And c has an 'error' listener
    When I call c.connect(bound.port, "127.0.0.1"); <call> in one tick
    Then it <outcome>
    And c emitted exactly <c events>
    And srv emitted exactly <srv events>

    @member:socket.address
    Examples: socket.address
      | call        | outcome    | c events           | srv events                |
      | c.address() | returns {} | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.bufferSize
    Examples: socket.bufferSize
      | call         | outcome   | c events           | srv events                |
      | c.bufferSize | returns 0 | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.bytesRead
    Examples: socket.bytesRead
      | call        | outcome   | c events           | srv events                |
      | c.bytesRead | returns 0 | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.bytesWritten
    Examples: socket.bytesWritten
      | call           | outcome   | c events           | srv events                |
      | c.bytesWritten | returns 0 | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.connect
    Examples: socket.connect
      | call                               | outcome   | c events                                 | srv events                |
      | c.connect(bound.port, "127.0.0.1") | returns c | 'error' {code: "EALREADY"}, 'close' true | 'listening', 'connection' |

    @member:socket.connecting
    Examples: socket.connecting
      | call         | outcome      | c events           | srv events                |
      | c.connecting | returns true | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.destroy
    Examples: socket.destroy
      | call        | outcome   | c events      | srv events  |
      | c.destroy() | returns c | 'close' false | 'listening' |

    @member:socket.destroyed
    Examples: socket.destroyed
      | call        | outcome       | c events           | srv events                |
      | c.destroyed | returns false | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.end
    Examples: socket.end
      | call    | outcome   | c events                                 | srv events                |
      | c.end() | returns c | 'connect', 'ready', 'end', 'close' false | 'listening', 'connection' |

    @member:socket.localAddress
    Examples: socket.localAddress
      | call           | outcome           | c events           | srv events                |
      | c.localAddress | returns undefined | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.localFamily
    Examples: socket.localFamily
      | call          | outcome           | c events           | srv events                |
      | c.localFamily | returns undefined | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.localPort
    Examples: socket.localPort
      | call        | outcome           | c events           | srv events                |
      | c.localPort | returns undefined | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.pause
    Examples: socket.pause
      | call      | outcome   | c events           | srv events                |
      | c.pause() | returns c | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.pending
    Examples: socket.pending
      | call      | outcome      | c events           | srv events                |
      | c.pending | returns true | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.readyState
    Examples: socket.readyState
      | call         | outcome           | c events           | srv events                |
      | c.readyState | returns "opening" | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.ref
    Examples: socket.ref
      | call    | outcome   | c events           | srv events                |
      | c.ref() | returns c | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.remoteAddress
    Examples: socket.remoteAddress
      | call            | outcome           | c events           | srv events                |
      | c.remoteAddress | returns undefined | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.remoteFamily
    Examples: socket.remoteFamily
      | call           | outcome           | c events           | srv events                |
      | c.remoteFamily | returns undefined | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.remotePort
    Examples: socket.remotePort
      | call         | outcome           | c events           | srv events                |
      | c.remotePort | returns undefined | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.resume
    Examples: socket.resume
      | call       | outcome   | c events           | srv events                |
      | c.resume() | returns c | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.setEncoding
    Examples: socket.setEncoding
      | call                  | outcome   | c events           | srv events                |
      | c.setEncoding("utf8") | returns c | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.setKeepAlive
    Examples: socket.setKeepAlive
      | call                       | outcome   | c events           | srv events                |
      | c.setKeepAlive(true, 1000) | returns c | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.setNoDelay
    Examples: socket.setNoDelay
      | call               | outcome   | c events           | srv events                |
      | c.setNoDelay(true) | returns c | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.timeout
    Examples: socket.timeout
      | call      | outcome           | c events           | srv events                |
      | c.timeout | returns undefined | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.unref
    Examples: socket.unref
      | call      | outcome   | c events           | srv events                |
      | c.unref() | returns c | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.write
    Examples: socket.write
      | call          | outcome      | c events           | srv events                |
      | c.write("hi") | returns true | 'connect', 'ready' | 'listening', 'connection' |

  @tick:same
  Scenario Outline: <call> with a callback in the tick of connect() to an IP address
    Given I call new net.Socket() as c
    And c has an 'error' listener
    When I call c.connect(bound.port, "127.0.0.1"); <call> in one tick
    Then it <outcome>
    And done <done>
    And c emitted exactly <c events>
    And srv emitted exactly <srv events>

    @member:socket.connect
    Examples: socket.connect
      | call                                     | outcome   | done          | c events                                 | srv events                |
      | c.connect(bound.port, "127.0.0.1", done) | returns c | is not called | 'error' {code: "EALREADY"}, 'close' true | 'listening', 'connection' |

    @member:socket.end
    Examples: socket.end
      | call        | outcome   | done                | c events                                 | srv events                |
      | c.end(done) | returns c | is called with null | 'connect', 'ready', 'end', 'close' false | 'listening', 'connection' |

    @member:socket.setTimeout
    Examples: socket.setTimeout
      | call                    | outcome   | done      | c events                      | srv events                |
      | c.setTimeout(500, done) | returns c | is called | 'connect', 'ready', 'timeout' | 'listening', 'connection' |

    @member:socket.write
    Examples: socket.write
      | call                | outcome      | done                | c events           | srv events                |
      | c.write("hi", done) | returns true | is called with null | 'connect', 'ready' | 'listening', 'connection' |

  # What the server's side of the connection sees. A second connect()
  # fails with EALREADY, but the first dial had reached the server,
  # which sees that connection end.
  @tick:same
  Scenario Outline: what the server sees of <call> in the tick of connect()
    Given I call new net.Socket() as c
    And c has an 'error' listener
    When I call c.connect(bound.port, "127.0.0.1"); <call> in one tick
    And srv accepts a connection as s
    And s has an 'error' listener
    Then s emitted exactly <s events>

    @member:socket.connect
    Examples: socket.connect
      | call                               | s events             |
      | c.connect(bound.port, "127.0.0.1") | 'end', 'close' false |

    @member:socket.end
    Examples: socket.end
      | call    | s events             |
      | c.end() | 'end', 'close' false |

  @tick:same @member:socket.write
  Scenario: a write made in the tick of connect() reaches the server once connected
    Given I call new net.Socket() as c
    When I call c.connect(bound.port, "127.0.0.1"); c.write("hi") in one tick
    And srv accepts a connection as s
    And I call s.resume()
    Then s receives "hi"

  @tick:later
  Scenario Outline: <call> while connecting to a full accept queue
    Given a listener whose accept queue is full as full
    And I call net.connect(full.port, full.address) as c
    And c has an 'error' listener
    When I call <call>
    Then it <outcome>
    And c emitted exactly <c events>

    @member:socket.address
    Examples: socket.address
      | call        | outcome                                                           | c events |
      | c.address() | returns {address: "127.0.0.1", family: "IPv4", port: any(Number)} | nothing  |

    @member:socket.bufferSize
    Examples: socket.bufferSize
      | call         | outcome   | c events |
      | c.bufferSize | returns 0 | nothing  |

    @member:socket.bytesRead
    Examples: socket.bytesRead
      | call        | outcome   | c events |
      | c.bytesRead | returns 0 | nothing  |

    @member:socket.bytesWritten
    Examples: socket.bytesWritten
      | call           | outcome   | c events |
      | c.bytesWritten | returns 0 | nothing  |

    @member:socket.connect
    Examples: socket.connect
      | call                               | outcome   | c events                                 |
      | c.connect(bound.port, "127.0.0.1") | returns c | 'error' {code: "EALREADY"}, 'close' true |

    @member:socket.connecting
    Examples: socket.connecting
      | call         | outcome      | c events |
      | c.connecting | returns true | nothing  |

    @member:socket.destroy
    Examples: socket.destroy
      | call        | outcome   | c events      |
      | c.destroy() | returns c | 'close' false |

    @member:socket.destroyed
    Examples: socket.destroyed
      | call        | outcome       | c events |
      | c.destroyed | returns false | nothing  |

    @member:socket.end
    Examples: socket.end
      | call    | outcome   | c events |
      | c.end() | returns c | nothing  |

    @member:socket.localAddress
    Examples: socket.localAddress
      | call           | outcome             | c events |
      | c.localAddress | returns "127.0.0.1" | nothing  |

    @member:socket.localFamily
    Examples: socket.localFamily
      | call          | outcome        | c events |
      | c.localFamily | returns "IPv4" | nothing  |

    @member:socket.localPort
    Examples: socket.localPort
      | call        | outcome             | c events |
      | c.localPort | returns any(Number) | nothing  |

    @member:socket.pause
    Examples: socket.pause
      | call      | outcome   | c events |
      | c.pause() | returns c | nothing  |

    @member:socket.pending
    Examples: socket.pending
      | call      | outcome      | c events |
      | c.pending | returns true | nothing  |

    @member:socket.readyState
    Examples: socket.readyState
      | call         | outcome           | c events |
      | c.readyState | returns "opening" | nothing  |

    @member:socket.ref
    Examples: socket.ref
      | call    | outcome   | c events |
      | c.ref() | returns c | nothing  |

    @member:socket.remoteAddress
    Examples: socket.remoteAddress
      | call            | outcome           | c events |
      | c.remoteAddress | returns undefined | nothing  |

    @member:socket.remoteFamily
    Examples: socket.remoteFamily
      | call           | outcome           | c events |
      | c.remoteFamily | returns undefined | nothing  |

    @member:socket.remotePort
    Examples: socket.remotePort
      | call         | outcome           | c events |
      | c.remotePort | returns undefined | nothing  |

    @member:socket.resetAndDestroy
    Examples: socket.resetAndDestroy
      | call                | outcome   | c events |
      | c.resetAndDestroy() | returns c | nothing  |

    @member:socket.resume
    Examples: socket.resume
      | call       | outcome   | c events |
      | c.resume() | returns c | nothing  |

    @member:socket.setEncoding
    Examples: socket.setEncoding
      | call                  | outcome   | c events |
      | c.setEncoding("utf8") | returns c | nothing  |

    @member:socket.setKeepAlive
    Examples: socket.setKeepAlive
      | call                       | outcome   | c events |
      | c.setKeepAlive(true, 1000) | returns c | nothing  |

    @member:socket.setNoDelay
    Examples: socket.setNoDelay
      | call               | outcome   | c events |
      | c.setNoDelay(true) | returns c | nothing  |

    @member:socket.timeout
    Examples: socket.timeout
      | call      | outcome           | c events |
      | c.timeout | returns undefined | nothing  |

    @member:socket.unref
    Examples: socket.unref
      | call      | outcome   | c events |
      | c.unref() | returns c | nothing  |

    @member:socket.write
    Examples: socket.write
      | call          | outcome      | c events |
      | c.write("hi") | returns true | nothing  |

  @tick:later
  Scenario Outline: <call> with a callback while connecting to a full accept queue
    Given a listener whose accept queue is full as full
    And I call net.connect(full.port, full.address) as c
    And c has an 'error' listener
    When I call <call>
    Then it <outcome>
    And done <done>
    And c emitted exactly <c events>

    @member:socket.connect
    Examples: socket.connect
      | call                                     | outcome   | done          | c events                                 |
      | c.connect(bound.port, "127.0.0.1", done) | returns c | is not called | 'error' {code: "EALREADY"}, 'close' true |

    @member:socket.end
    Examples: socket.end
      | call        | outcome   | done          | c events |
      | c.end(done) | returns c | is not called | nothing  |

    @member:socket.setTimeout
    Examples: socket.setTimeout
      | call                   | outcome   | done      | c events  |
      | c.setTimeout(50, done) | returns c | is called | 'timeout' |

    @member:socket.write
    Examples: socket.write
      | call                | outcome      | done          | c events |
      | c.write("hi", done) | returns true | is not called | nothing  |

  # Through a server that does not read (pauseOnConnect), so that its
  # socket keeps the reset unread instead of failing with ECONNRESET
  # before a step could listen for it.
  @tick:same @member:socket.resetAndDestroy
  Scenario: resetAndDestroy() in the tick of connect() to an IP address waits for the connection, then resets it
    Given server psrv with {pauseOnConnect: true}
    And psrv is listening on "127.0.0.1" port 0
    And I call psrv.address() as paused
    And I call new net.Socket() as c
    When I call c.connect(paused.port, "127.0.0.1"); c.resetAndDestroy() in one tick
    Then it returns c
    And c emitted exactly 'connect', 'ready', 'close' false
    And psrv accepts a connection as s
    And s emitted exactly nothing

  # The counters of a write queued while connecting: bytesWritten counts
  # it already (Node adds the queued bytes), bufferSize holds it.
  @tick:same @member:socket.bytesWritten
  Scenario: bytesWritten counts a write queued in the tick of connect()
    Given I call new net.Socket() as c
    When I call c.connect(bound.port, "127.0.0.1"); c.write("hi"); c.bytesWritten in one tick
    Then it returns 2
    And srv accepts a connection as s
    And I call s.resume()
    And s receives "hi"

  @tick:later @member:socket.bytesWritten @member:socket.bufferSize
  Scenario: bytesWritten and bufferSize count a write queued while connecting to a full accept queue
    Given a listener whose accept queue is full as full
    And I call net.connect(full.port, full.address) as c
    When I call c.write("hi")
    Then it returns true
    And c.bytesWritten is 2
    And c.bufferSize is 2
    And c emitted exactly nothing
