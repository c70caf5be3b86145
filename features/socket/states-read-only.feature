@area:socket @state:socket.readOnly @observed @profile:v19
Feature: every member of a read-only net.Socket: the peer's FIN is in, our side still writable

  > Emitted when the other end of the socket signals the end of
  > transmission, thus ending the readable side of the socket.
  -- Node.js v19 net docs (seed 001), Event: 'end'

  > By default (allowHalfOpen is false) the socket will send an end of
  > transmission packet back and destroy its file descriptor once it has
  > written out its pending write queue. However, if allowHalfOpen is set
  > to true, the socket will not automatically end() its writable side,
  > allowing the user to write arbitrary amounts of data. The user must
  > call end() explicitly to close the connection (i.e. sending a FIN
  > packet back).
  -- Node.js v19 net docs (seed 001), Event: 'end'

  > If the stream is readable and not writable, it is readOnly. If the
  > stream is not readable and writable, it is writeOnly.
  -- Node.js v19 net docs (seed 001), socket.readyState

  c is a client with allowHalfOpen; s, the connection srv accepted
  (reading, no allowHalfOpen), has ended and c has emitted 'end'. Every
  row is what Node.js 20 does (@observed). c can still write, and s sees
  the data. Note readyState: the docs word it from the stream's side, and
  a socket that can only write is "writeOnly". end() ends c's side too:
  s, whose side ended already, sees 'end' and both close.

  connect() is not here: on a connected socket Node 20 emits 'connect'
  and 'ready' a second time, though no second connection is made, which
  the runner's lifecycle invariant socket.connect-once refuses.

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

  Scenario Outline: readOnly: <call> <outcome>
    When I call <call>
    Then it <outcome>
    And c emitted exactly <c events>
    And s emitted exactly <s events>

    @member:socket.address
    Examples: socket.address
      | call        | outcome                                                     | c events                  | s events |
      | c.address() | returns {address: "127.0.0.1", family: "IPv4", port: cport} | 'connect', 'ready', 'end' | nothing  |

    @member:socket.bufferSize
    Examples: socket.bufferSize
      | call         | outcome   | c events                  | s events |
      | c.bufferSize | returns 0 | 'connect', 'ready', 'end' | nothing  |

    @member:socket.bytesRead
    Examples: socket.bytesRead
      | call        | outcome   | c events                  | s events |
      | c.bytesRead | returns 0 | 'connect', 'ready', 'end' | nothing  |

    @member:socket.bytesWritten
    Examples: socket.bytesWritten
      | call           | outcome   | c events                  | s events |
      | c.bytesWritten | returns 0 | 'connect', 'ready', 'end' | nothing  |

    @member:socket.connecting
    Examples: socket.connecting
      | call         | outcome       | c events                  | s events |
      | c.connecting | returns false | 'connect', 'ready', 'end' | nothing  |

    @member:socket.destroy
    Examples: socket.destroy
      | call                         | outcome   | c events                                                           | s events             |
      | c.destroy()                  | returns c | 'connect', 'ready', 'end', 'close' false                           | 'end', 'close' false |
      | c.destroy(new Error("boom")) | returns c | 'connect', 'ready', 'end', 'error' {message: "boom"}, 'close' true | 'end', 'close' false |

    @member:socket.destroyed
    Examples: socket.destroyed
      | call        | outcome       | c events                  | s events |
      | c.destroyed | returns false | 'connect', 'ready', 'end' | nothing  |

    @member:socket.end
    Examples: socket.end
      | call       | outcome   | c events                                 | s events                                      |
      | c.end()    | returns c | 'connect', 'ready', 'end', 'close' false | 'end', 'close' false                          |
      | c.end("x") | returns c | 'connect', 'ready', 'end', 'close' false | 'data' Buffer.from("x"), 'end', 'close' false |

    @member:socket.localAddress
    Examples: socket.localAddress
      | call           | outcome             | c events                  | s events |
      | c.localAddress | returns "127.0.0.1" | 'connect', 'ready', 'end' | nothing  |

    @member:socket.localFamily
    Examples: socket.localFamily
      | call          | outcome        | c events                  | s events |
      | c.localFamily | returns "IPv4" | 'connect', 'ready', 'end' | nothing  |

    @member:socket.localPort
    Examples: socket.localPort
      | call        | outcome       | c events                  | s events |
      | c.localPort | returns cport | 'connect', 'ready', 'end' | nothing  |

    @member:socket.pause
    Examples: socket.pause
      | call      | outcome   | c events                  | s events |
      | c.pause() | returns c | 'connect', 'ready', 'end' | nothing  |

    @member:socket.pending
    Examples: socket.pending
      | call      | outcome       | c events                  | s events |
      | c.pending | returns false | 'connect', 'ready', 'end' | nothing  |

    @member:socket.readyState
    Examples: socket.readyState
      | call         | outcome             | c events                  | s events |
      | c.readyState | returns "writeOnly" | 'connect', 'ready', 'end' | nothing  |

    @member:socket.ref
    Examples: socket.ref
      | call    | outcome   | c events                  | s events |
      | c.ref() | returns c | 'connect', 'ready', 'end' | nothing  |

    @member:socket.remoteAddress
    Examples: socket.remoteAddress
      | call            | outcome             | c events                  | s events |
      | c.remoteAddress | returns "127.0.0.1" | 'connect', 'ready', 'end' | nothing  |

    @member:socket.remoteFamily
    Examples: socket.remoteFamily
      | call           | outcome        | c events                  | s events |
      | c.remoteFamily | returns "IPv4" | 'connect', 'ready', 'end' | nothing  |

    @member:socket.remotePort
    Examples: socket.remotePort
      | call         | outcome            | c events                  | s events |
      | c.remotePort | returns bound.port | 'connect', 'ready', 'end' | nothing  |

    @member:socket.resetAndDestroy
    Examples: socket.resetAndDestroy
      | call                | outcome   | c events                                 | s events                                                               |
      | c.resetAndDestroy() | returns c | 'connect', 'ready', 'end', 'close' false | 'error' {code: "ECONNRESET", message: "read ECONNRESET"}, 'close' true |

    @member:socket.resume
    Examples: socket.resume
      | call       | outcome   | c events                  | s events |
      | c.resume() | returns c | 'connect', 'ready', 'end' | nothing  |

    @member:socket.setEncoding
    Examples: socket.setEncoding
      | call                  | outcome   | c events                  | s events |
      | c.setEncoding("utf8") | returns c | 'connect', 'ready', 'end' | nothing  |

    @member:socket.setKeepAlive
    Examples: socket.setKeepAlive
      | call                       | outcome   | c events                  | s events |
      | c.setKeepAlive(true, 1000) | returns c | 'connect', 'ready', 'end' | nothing  |

    @member:socket.setNoDelay
    Examples: socket.setNoDelay
      | call               | outcome   | c events                  | s events |
      | c.setNoDelay(true) | returns c | 'connect', 'ready', 'end' | nothing  |

    @member:socket.setTimeout
    Examples: socket.setTimeout
      | call                | outcome   | c events                  | s events |
      | c.setTimeout(60000) | returns c | 'connect', 'ready', 'end' | nothing  |

    @member:socket.timeout
    Examples: socket.timeout
      | call      | outcome           | c events                  | s events |
      | c.timeout | returns undefined | 'connect', 'ready', 'end' | nothing  |

    @member:socket.unref
    Examples: socket.unref
      | call      | outcome   | c events                  | s events |
      | c.unref() | returns c | 'connect', 'ready', 'end' | nothing  |

    @member:socket.write
    Examples: socket.write
      | call         | outcome      | c events                  | s events                |
      | c.write("x") | returns true | 'connect', 'ready', 'end' | 'data' Buffer.from("x") |

  Scenario Outline: readOnly: <call> <outcome>, and done <done>
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
      | call                      | outcome   | done          | c events                  | s events |
      | c.setTimeout(60000, done) | returns c | is not called | 'connect', 'ready', 'end' | nothing  |

    @member:socket.write
    Examples: socket.write with a callback
      | call               | outcome      | done                | c events                  | s events                |
      | c.write("x", done) | returns true | is called with null | 'connect', 'ready', 'end' | 'data' Buffer.from("x") |


  # As on an open socket: the handle connects again, with a second
  # 'connect' and 'ready', and the peer sees nothing more.
  @member:socket.connect
  Scenario Outline: readOnly: <call> connects the same connection again
    When I call <call>
    Then it returns c
    And done is called with []
    And c emitted exactly 'connect', 'ready', 'end', 'connect', 'ready'
    And s emitted exactly nothing

    Examples:
      | call                                                   |
      | c.connect(bound.port, "127.0.0.1", done)               |
      | c.connect({port: bound.port, host: "127.0.0.1"}, done) |
