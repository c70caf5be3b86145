@area:socket @state:socket.bothEnded @observed @profile:v19
Feature: every member of a net.Socket whose both sides have ended, before it destroys itself

  > By default (allowHalfOpen is false) the socket will send an end of
  > transmission packet back and destroy its file descriptor once it has
  > written out its pending write queue. However, if allowHalfOpen is set
  > to true, the socket will not automatically end() its writable side,
  > allowing the user to write arbitrary amounts of data. The user must
  > call end() explicitly to close the connection (i.e. sending a FIN
  > packet back).
  -- Node.js v19 net docs (seed 001), Event: 'end'

  > Half-closes the socket. i.e., it sends a FIN packet. It is possible the
  > server will still send some data.
  -- Node.js v19 net docs (seed 001), socket.end([data[, encoding]][, callback])

  c is a client with allowHalfOpen whose peer s (reading, no
  allowHalfOpen) has ended; c has emitted 'end' and now calls end()
  itself, which ends the second side, and in the same tick makes the
  call. Every row is what Node.js 20 does (@observed). The socket then
  destroys itself: c and s both close. In that tick readyState is already
  "closed" though destroyed is false and the addresses are still there;
  a write or end(data) is a write after end.

  Only the tick of end() is here. Once end() has been called, the socket
  destroys itself right after its 'finish' (autoDestroy), which comes when
  the kernel has taken the FIN (the shutdown request completes); between
  the two there is no event a program can wait for, so a later tick
  meets the socket either still ending or already destroyed, by timing.

  connect() is not here: in that tick Node 20 emits 'connect' and 'ready'
  a second time, though no second connection is made, which the runner's
  lifecycle invariant socket.connect-once refuses. Nor is
  resetAndDestroy(): in that tick Node 20 emits 'error' EINVAL (syscall
  "reset") synchronously and never 'close' (s sees 'end' and closes),
  which the invariant socket.error-then-close refuses.

  Background:
    Given server srv is listening on "127.0.0.1" port 0
    And I call srv.address() as bound
    And client c with {allowHalfOpen: true} connects to srv
    And srv accepts a connection as s
    And I call s.resume()
    And I call s.remotePort as cport
    And c has an 'error' listener
    And s has an 'error' listener
    And s ends
    And c emits 'end'

  @tick:same
  Scenario Outline: bothEnded, in the tick of end(): <call> <outcome>
    When I call c.end(); <call> in one tick
    Then it <outcome>
    And c emitted exactly <c events>
    And s emitted exactly <s events>

    @member:socket.address
    Examples: socket.address
      | call        | outcome                                                     | c events                                 | s events             |
      | c.address() | returns {address: "127.0.0.1", family: "IPv4", port: cport} | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false |

    @member:socket.bufferSize
    Examples: socket.bufferSize
      | call         | outcome   | c events                                 | s events             |
      | c.bufferSize | returns 0 | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false |

    @member:socket.bytesRead
    Examples: socket.bytesRead
      | call        | outcome   | c events                                 | s events             |
      | c.bytesRead | returns 0 | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false |

    @member:socket.bytesWritten
    Examples: socket.bytesWritten
      | call           | outcome   | c events                                 | s events             |
      | c.bytesWritten | returns 0 | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false |

    @member:socket.connecting
    Examples: socket.connecting
      | call         | outcome       | c events                                 | s events             |
      | c.connecting | returns false | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false |

    @member:socket.destroy
    Examples: socket.destroy
      | call                         | outcome   | c events                                                           | s events             |
      | c.destroy()                  | returns c | 'connect', 'ready', 'end', 'close' false                           | 'end', 'close' false |
      | c.destroy(new Error("boom")) | returns c | 'connect', 'ready', 'end', 'error' {message: "boom"}, 'close' true | 'end', 'close' false |

    @member:socket.destroyed
    Examples: socket.destroyed
      | call        | outcome       | c events                                 | s events             |
      | c.destroyed | returns false | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false |

    @member:socket.end
    Examples: socket.end
      | call       | outcome   | c events                                                                                                          | s events             |
      | c.end()    | returns c | 'connect', 'ready', 'end', 'close' false                                                                          | 'end', 'close' false |
      | c.end("x") | returns c | 'connect', 'ready', 'end', 'error' {code: "ERR_STREAM_WRITE_AFTER_END", message: "write after end"}, 'close' true | 'end', 'close' false |

    @member:socket.localAddress
    Examples: socket.localAddress
      | call           | outcome             | c events                                 | s events             |
      | c.localAddress | returns "127.0.0.1" | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false |

    @member:socket.localFamily
    Examples: socket.localFamily
      | call          | outcome        | c events                                 | s events             |
      | c.localFamily | returns "IPv4" | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false |

    @member:socket.localPort
    Examples: socket.localPort
      | call        | outcome       | c events                                 | s events             |
      | c.localPort | returns cport | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false |

    @member:socket.pause
    Examples: socket.pause
      | call      | outcome   | c events                                 | s events             |
      | c.pause() | returns c | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false |

    @member:socket.pending
    Examples: socket.pending
      | call      | outcome       | c events                                 | s events             |
      | c.pending | returns false | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false |

    @member:socket.readyState
    Examples: socket.readyState
      | call         | outcome          | c events                                 | s events             |
      | c.readyState | returns "closed" | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false |

    @member:socket.ref
    Examples: socket.ref
      | call    | outcome   | c events                                 | s events             |
      | c.ref() | returns c | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false |

    @member:socket.remoteAddress
    Examples: socket.remoteAddress
      | call            | outcome             | c events                                 | s events             |
      | c.remoteAddress | returns "127.0.0.1" | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false |

    @member:socket.remoteFamily
    Examples: socket.remoteFamily
      | call           | outcome        | c events                                 | s events             |
      | c.remoteFamily | returns "IPv4" | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false |

    @member:socket.remotePort
    Examples: socket.remotePort
      | call         | outcome            | c events                                 | s events             |
      | c.remotePort | returns bound.port | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false |

    @member:socket.resume
    Examples: socket.resume
      | call       | outcome   | c events                                 | s events             |
      | c.resume() | returns c | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false |

    @member:socket.setEncoding
    Examples: socket.setEncoding
      | call                  | outcome   | c events                                 | s events             |
      | c.setEncoding("utf8") | returns c | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false |

    @member:socket.setKeepAlive
    Examples: socket.setKeepAlive
      | call                       | outcome   | c events                                 | s events             |
      | c.setKeepAlive(true, 1000) | returns c | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false |

    @member:socket.setNoDelay
    Examples: socket.setNoDelay
      | call               | outcome   | c events                                 | s events             |
      | c.setNoDelay(true) | returns c | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false |

    @member:socket.setTimeout
    Examples: socket.setTimeout
      | call                | outcome   | c events                                 | s events             |
      | c.setTimeout(60000) | returns c | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false |

    @member:socket.timeout
    Examples: socket.timeout
      | call      | outcome           | c events                                 | s events             |
      | c.timeout | returns undefined | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false |

    @member:socket.unref
    Examples: socket.unref
      | call      | outcome   | c events                                 | s events             |
      | c.unref() | returns c | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false |

    @member:socket.write
    Examples: socket.write
      | call         | outcome       | c events                                                                                                          | s events             |
      | c.write("x") | returns false | 'connect', 'ready', 'end', 'error' {code: "ERR_STREAM_WRITE_AFTER_END", message: "write after end"}, 'close' true | 'end', 'close' false |

  @tick:same
  Scenario Outline: bothEnded, in the tick of end(): <call> <outcome>, and done <done>
    When I call c.end(); <call> in one tick
    Then it <outcome>
    And done <done>
    And c emitted exactly <c events>
    And s emitted exactly <s events>

    @member:socket.end
    Examples: socket.end with a callback
      | call             | outcome   | done                                                                            | c events                                                                                                          | s events             |
      | c.end(done)      | returns c | is called with null                                                             | 'connect', 'ready', 'end', 'close' false                                                                          | 'end', 'close' false |
      | c.end("x", done) | returns c | is called with {code: "ERR_STREAM_WRITE_AFTER_END", message: "write after end"} | 'connect', 'ready', 'end', 'error' {code: "ERR_STREAM_WRITE_AFTER_END", message: "write after end"}, 'close' true | 'end', 'close' false |

    @member:socket.setTimeout
    Examples: socket.setTimeout with a callback
      | call                      | outcome   | done          | c events                                 | s events             |
      | c.setTimeout(60000, done) | returns c | is not called | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false |

    @member:socket.write
    Examples: socket.write with a callback
      | call               | outcome       | done                                                                            | c events                                                                                                          | s events             |
      | c.write("x", done) | returns false | is called with {code: "ERR_STREAM_WRITE_AFTER_END", message: "write after end"} | 'connect', 'ready', 'end', 'error' {code: "ERR_STREAM_WRITE_AFTER_END", message: "write after end"}, 'close' true | 'end', 'close' false |


  # Node connects the handle again, as on an open socket ('connect' and
  # 'ready' a second time): the end() of that tick is then never carried
  # out, so no FIN reaches the peer and the socket does not close.
  @tick:same @member:socket.connect
  Scenario Outline: bothEnded, in the tick of end(): <call> connects the same connection again
    When I call c.end(); <call> in one tick
    Then it returns c
    And done is called with []
    And c emitted exactly 'connect', 'ready', 'end', 'connect', 'ready'
    And s emitted exactly nothing
    And c.destroyed is false

    Examples:
      | call                                                   |
      | c.connect(bound.port, "127.0.0.1", done)               |
      | c.connect({port: bound.port, host: "127.0.0.1"}, done) |
