@area:socket @state:socket.destroyedWithError @observed @profile:v19
Feature: a net.Socket destroyed with an error: every member, in the tick of destroy(error) and after 'close'

  > Ensures that no more I/O activity happens on this socket. Destroys the
  > stream and closes the connection.
  -- Node.js v19 net docs (seed 001), socket.destroy([error])

  > Indicates if the connection is destroyed or not. Once a connection is
  > destroyed no further data can be transferred using it.
  -- Node.js v19 net docs (seed 001), socket.destroyed

  > Emitted when an error occurs. The 'close' event will be called directly
  > following this event.
  -- Node.js v19 net docs (seed 001), Event: 'error'

  > Emitted once the socket is fully closed. The argument hadError is a
  > boolean which says if the socket was closed due to a transmission error.
  -- Node.js v19 net docs (seed 001), Event: 'close'

  c is destroyed with new Error("boom"): it emits that 'error' in a later
  tick, then 'close' true. The calls in the tick of the destroy come
  before the 'error'. The docs say nothing else of such a socket's
  members; every row is what Node.js 20 does (@observed). Before the
  destroy, s wrote "hi" and c wrote "ping", so that the counters have
  something to keep. The peer s sees a FIN, as for destroy() without an
  error: 'end', then it ends and closes. A write, end(data) or end()
  after the destroy fails its callback with ERR_STREAM_DESTROYED and
  emits no second 'error' (end() without data, unlike after a destroy
  without an error, does call its callback). connect() undoes the destroy
  and connects again. connect() in the tick of the destroy connects
  again too, and the first connection's end comes after the call: under
  a driver that acts from the loop's poll phase (as the Node driver
  does), the old connection's 'close' in the close
  phase of that turn, and the new 'connect' in a later turn. The runner's
  lifecycle rules start the new life after that 'close'.

  Background:
    Given server srv is listening on "127.0.0.1" port 0
    And I call srv.address() as bound
    And client c connects to srv
    And c has an 'error' listener
    And srv accepts a connection as s
    And I call s.resume()
    And s writes "hi"
    And c receives "hi"
    And c writes "ping"
    And s receives "ping"

  @tick:same
  Scenario Outline: destroyed with an error, in the tick of destroy(error): <call> <outcome>
    When I call c.destroy(new Error("boom")); <call> in one tick
    Then it <outcome>
    And c emitted exactly 'connect', 'ready', 'data' Buffer.from("hi"), 'error' {message: "boom"}, 'close' true
    And s emitted exactly 'data' Buffer.from("ping"), 'end', 'close' false

    @member:socket.address
    Examples: socket.address
      | call        | outcome    |
      | c.address() | returns {} |

    @member:socket.bufferSize
    Examples: socket.bufferSize
      | call         | outcome           |
      | c.bufferSize | returns undefined |

    @member:socket.bytesRead
    Examples: socket.bytesRead
      | call        | outcome   |
      | c.bytesRead | returns 2 |

    @member:socket.bytesWritten
    Examples: socket.bytesWritten
      | call           | outcome   |
      | c.bytesWritten | returns 4 |

    @member:socket.connecting
    Examples: socket.connecting
      | call         | outcome       |
      | c.connecting | returns false |

    @member:socket.destroy
    Examples: socket.destroy
      | call                          | outcome   |
      | c.destroy()                   | returns c |
      | c.destroy(new Error("again")) | returns c |

    @member:socket.destroyed
    Examples: socket.destroyed
      | call        | outcome      |
      | c.destroyed | returns true |

    @member:socket.end
    Examples: socket.end
      | call       | outcome   |
      | c.end()    | returns c |
      | c.end("x") | returns c |

    @member:socket.localAddress
    Examples: socket.localAddress
      | call           | outcome           |
      | c.localAddress | returns undefined |

    @member:socket.localFamily
    Examples: socket.localFamily
      | call          | outcome           |
      | c.localFamily | returns undefined |

    @member:socket.localPort
    Examples: socket.localPort
      | call        | outcome           |
      | c.localPort | returns undefined |

    @member:socket.pause
    Examples: socket.pause
      | call      | outcome   |
      | c.pause() | returns c |

    @member:socket.pending
    Examples: socket.pending
      | call      | outcome      |
      | c.pending | returns true |

    @member:socket.readyState
    Examples: socket.readyState
      | call         | outcome          |
      | c.readyState | returns "closed" |

    @member:socket.ref
    Examples: socket.ref
      | call    | outcome   |
      | c.ref() | returns c |

    @member:socket.remoteAddress
    Examples: socket.remoteAddress
      | call            | outcome           |
      | c.remoteAddress | returns undefined |

    @member:socket.remoteFamily
    Examples: socket.remoteFamily
      | call           | outcome           |
      | c.remoteFamily | returns undefined |

    @member:socket.remotePort
    Examples: socket.remotePort
      | call         | outcome           |
      | c.remotePort | returns undefined |

    @member:socket.resetAndDestroy
    Examples: socket.resetAndDestroy
      | call                | outcome   |
      | c.resetAndDestroy() | returns c |

    @member:socket.resume
    Examples: socket.resume
      | call       | outcome   |
      | c.resume() | returns c |

    @member:socket.setEncoding
    Examples: socket.setEncoding
      | call                  | outcome   |
      | c.setEncoding("utf8") | returns c |

    @member:socket.setKeepAlive
    Examples: socket.setKeepAlive
      | call                       | outcome   |
      | c.setKeepAlive(true, 1000) | returns c |

    @member:socket.setNoDelay
    Examples: socket.setNoDelay
      | call               | outcome   |
      | c.setNoDelay(true) | returns c |

    @member:socket.setTimeout
    Examples: socket.setTimeout
      | call            | outcome   |
      | c.setTimeout(1) | returns c |

    @member:socket.timeout
    Examples: socket.timeout
      | call      | outcome           |
      | c.timeout | returns undefined |

    @member:socket.unref
    Examples: socket.unref
      | call      | outcome   |
      | c.unref() | returns c |

    @member:socket.write
    Examples: socket.write
      | call         | outcome       |
      | c.write("x") | returns false |

  @tick:same
  Scenario Outline: destroyed with an error, in the tick of destroy(error): <call> <outcome>, and done <done>
    When I call c.destroy(new Error("boom")); <call> in one tick
    Then it <outcome>
    And done <done>
    And c emitted exactly 'connect', 'ready', 'data' Buffer.from("hi"), 'error' {message: "boom"}, 'close' true
    And s emitted exactly 'data' Buffer.from("ping"), 'end', 'close' false

    @member:socket.end
    Examples: socket.end with a callback
      | call             | outcome   | done                                                                                                     |
      | c.end(done)      | returns c | is called with {code: "ERR_STREAM_DESTROYED", message: "Cannot call end after a stream was destroyed"}   |
      | c.end("x", done) | returns c | is called with {code: "ERR_STREAM_DESTROYED", message: "Cannot call write after a stream was destroyed"} |

    @member:socket.setTimeout
    Examples: socket.setTimeout with a callback
      | call                  | outcome   | done          |
      | c.setTimeout(1, done) | returns c | is not called |

    @member:socket.write
    Examples: socket.write with a callback
      | call               | outcome       | done                                                                                                     |
      | c.write("x", done) | returns false | is called with {code: "ERR_STREAM_DESTROYED", message: "Cannot call write after a stream was destroyed"} |

  @tick:later
  Scenario Outline: destroyed with an error, after 'close': <call> <outcome>
    When I call c.destroy(new Error("boom"))
    And c emits 'close'
    And I call <call>
    Then it <outcome>
    And c emitted exactly 'connect', 'ready', 'data' Buffer.from("hi"), 'error' {message: "boom"}, 'close' true
    And s emitted exactly 'data' Buffer.from("ping"), 'end', 'close' false

    @member:socket.address
    Examples: socket.address
      | call        | outcome    |
      | c.address() | returns {} |

    @member:socket.bufferSize
    Examples: socket.bufferSize
      | call         | outcome           |
      | c.bufferSize | returns undefined |

    @member:socket.bytesRead
    Examples: socket.bytesRead
      | call        | outcome   |
      | c.bytesRead | returns 2 |

    @member:socket.bytesWritten
    Examples: socket.bytesWritten
      | call           | outcome   |
      | c.bytesWritten | returns 4 |

    @member:socket.connecting
    Examples: socket.connecting
      | call         | outcome       |
      | c.connecting | returns false |

    @member:socket.destroy
    Examples: socket.destroy
      | call                          | outcome   |
      | c.destroy()                   | returns c |
      | c.destroy(new Error("again")) | returns c |

    @member:socket.destroyed
    Examples: socket.destroyed
      | call        | outcome      |
      | c.destroyed | returns true |

    @member:socket.end
    Examples: socket.end
      | call       | outcome   |
      | c.end()    | returns c |
      | c.end("x") | returns c |

    @member:socket.localAddress
    Examples: socket.localAddress
      | call           | outcome           |
      | c.localAddress | returns undefined |

    @member:socket.localFamily
    Examples: socket.localFamily
      | call          | outcome           |
      | c.localFamily | returns undefined |

    @member:socket.localPort
    Examples: socket.localPort
      | call        | outcome           |
      | c.localPort | returns undefined |

    @member:socket.pause
    Examples: socket.pause
      | call      | outcome   |
      | c.pause() | returns c |

    @member:socket.pending
    Examples: socket.pending
      | call      | outcome      |
      | c.pending | returns true |

    @member:socket.readyState
    Examples: socket.readyState
      | call         | outcome          |
      | c.readyState | returns "closed" |

    @member:socket.ref
    Examples: socket.ref
      | call    | outcome   |
      | c.ref() | returns c |

    @member:socket.remoteAddress
    Examples: socket.remoteAddress
      | call            | outcome           |
      | c.remoteAddress | returns undefined |

    @member:socket.remoteFamily
    Examples: socket.remoteFamily
      | call           | outcome           |
      | c.remoteFamily | returns undefined |

    @member:socket.remotePort
    Examples: socket.remotePort
      | call         | outcome           |
      | c.remotePort | returns undefined |

    @member:socket.resetAndDestroy
    Examples: socket.resetAndDestroy
      | call                | outcome   |
      | c.resetAndDestroy() | returns c |

    @member:socket.resume
    Examples: socket.resume
      | call       | outcome   |
      | c.resume() | returns c |

    @member:socket.setEncoding
    Examples: socket.setEncoding
      | call                  | outcome   |
      | c.setEncoding("utf8") | returns c |

    @member:socket.setKeepAlive
    Examples: socket.setKeepAlive
      | call                       | outcome   |
      | c.setKeepAlive(true, 1000) | returns c |

    @member:socket.setNoDelay
    Examples: socket.setNoDelay
      | call               | outcome   |
      | c.setNoDelay(true) | returns c |

    @member:socket.setTimeout
    Examples: socket.setTimeout
      | call            | outcome   |
      | c.setTimeout(1) | returns c |

    @member:socket.timeout
    Examples: socket.timeout
      | call      | outcome           |
      | c.timeout | returns undefined |

    @member:socket.unref
    Examples: socket.unref
      | call      | outcome   |
      | c.unref() | returns c |

    @member:socket.write
    Examples: socket.write
      | call         | outcome       |
      | c.write("x") | returns false |

  @tick:later
  Scenario Outline: destroyed with an error, after 'close': <call> <outcome>, and done <done>
    When I call c.destroy(new Error("boom"))
    And c emits 'close'
    And I call <call>
    Then it <outcome>
    And done <done>
    And c emitted exactly 'connect', 'ready', 'data' Buffer.from("hi"), 'error' {message: "boom"}, 'close' true
    And s emitted exactly 'data' Buffer.from("ping"), 'end', 'close' false

    @member:socket.end
    Examples: socket.end with a callback
      | call             | outcome   | done                                                                                                     |
      | c.end(done)      | returns c | is called with {code: "ERR_STREAM_DESTROYED", message: "Cannot call end after a stream was destroyed"}   |
      | c.end("x", done) | returns c | is called with {code: "ERR_STREAM_DESTROYED", message: "Cannot call write after a stream was destroyed"} |

    @member:socket.setTimeout
    Examples: socket.setTimeout with a callback
      | call                  | outcome   | done          |
      | c.setTimeout(1, done) | returns c | is not called |

    @member:socket.write
    Examples: socket.write with a callback
      | call               | outcome       | done                                                                                                     |
      | c.write("x", done) | returns false | is called with {code: "ERR_STREAM_DESTROYED", message: "Cannot call write after a stream was destroyed"} |

  @tick:same
  Scenario Outline: destroyed with an error, in the tick of destroy(): <call> connects again
    When I call c.destroy(new Error("boom")); <call> in one tick
    Then it returns c
    And srv accepts a connection as s2
    And done is called with []
    And c emitted exactly 'connect', 'ready', 'data' Buffer.from("hi"), 'error' {message: "boom"}, 'close' true, 'connect', 'ready'
    And s emitted exactly 'data' Buffer.from("ping"), 'end', 'close' false
    And s2 emitted exactly nothing

    @member:socket.connect
    Examples: socket.connect
      | call                                                   |
      | c.connect(bound.port, "127.0.0.1", done)               |
      | c.connect({port: bound.port, host: "127.0.0.1"}, done) |

  @tick:later
  Scenario Outline: destroyed with an error, after 'close': <call> connects again
    When I call c.destroy(new Error("boom"))
    And c emits 'close'
    And I call <call>
    Then it returns c
    And srv accepts a connection as s2
    And done is called with []
    And c emitted exactly 'connect', 'ready', 'data' Buffer.from("hi"), 'error' {message: "boom"}, 'close' true, 'connect', 'ready'
    And s emitted exactly 'data' Buffer.from("ping"), 'end', 'close' false
    And s2 emitted exactly nothing

    @member:socket.connect
    Examples: socket.connect
      | call                                                   |
      | c.connect(bound.port, "127.0.0.1", done)               |
      | c.connect({port: bound.port, host: "127.0.0.1"}, done) |
