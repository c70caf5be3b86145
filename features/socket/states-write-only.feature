@area:socket @state:socket.writeOnly @observed @profile:v19
Feature: every member of a write-only net.Socket: end() called and 'finish' emitted, the peer still open

  > Half-closes the socket. i.e., it sends a FIN packet. It is possible the
  > server will still send some data.
  -- Node.js v19 net docs (seed 001), socket.end([data[, encoding]][, callback])

  > If allowHalfOpen is set to true, when the other end of the socket
  > signals the end of transmission, the server will only send back the end
  > of transmission when socket.end() is explicitly called. For example, in
  > the context of TCP, when a FIN packed is received, a FIN packed is sent
  > back only when socket.end() is explicitly called. Until then the
  > connection is half-closed (non-readable but still writable).
  -- Node.js v19 net docs (seed 001), net.createServer([options][, connectionListener])

  > If the stream is readable and not writable, it is readOnly. If the
  > stream is not readable and writable, it is writeOnly.
  -- Node.js v19 net docs (seed 001), socket.readyState

  c is a client that has ended (its 'finish' is in); s, the connection a
  server with allowHalfOpen accepted (reading), has seen c's FIN ('end')
  and has not ended. Every row is what Node.js 20 does (@observed). A
  write or end(data) now is a write after end: c emits 'error'
  ERR_STREAM_WRITE_AFTER_END and destroys itself; s, whose reading is
  over, sees nothing more. end() again is a no-op, and end(callback) calls
  back with ERR_STREAM_ALREADY_FINISHED without an 'error'. connect() on
  the connected handle fails with EISCONN. resetAndDestroy() closes c
  without an error, and s, past its 'end', notices nothing. Note
  readyState: a socket that can only read is "readOnly".

  Background:
    Given server srv with {allowHalfOpen: true}
    And srv is listening on "127.0.0.1" port 0
    And I call srv.address() as bound
    And client c connects to srv
    And srv accepts a connection as s
    And I call s.resume()
    And I call s.remotePort as cport
    And c has an 'error' listener
    And s has an 'error' listener
    And c ends
    And c emits 'finish'
    And s emits 'end'

  Scenario Outline: writeOnly: <call> <outcome>
    When I call <call>
    Then it <outcome>
    And c emitted exactly <c events>
    And s emitted exactly <s events>

    @member:socket.address
    Examples: socket.address
      | call        | outcome                                                     | c events           | s events |
      | c.address() | returns {address: "127.0.0.1", family: "IPv4", port: cport} | 'connect', 'ready' | 'end'    |

    @member:socket.bufferSize
    Examples: socket.bufferSize
      | call         | outcome   | c events           | s events |
      | c.bufferSize | returns 0 | 'connect', 'ready' | 'end'    |

    @member:socket.bytesRead
    Examples: socket.bytesRead
      | call        | outcome   | c events           | s events |
      | c.bytesRead | returns 0 | 'connect', 'ready' | 'end'    |

    @member:socket.bytesWritten
    Examples: socket.bytesWritten
      | call           | outcome   | c events           | s events |
      | c.bytesWritten | returns 0 | 'connect', 'ready' | 'end'    |

    @member:socket.connect
    Examples: socket.connect
      | call                               | outcome   | c events                                                    | s events |
      | c.connect(bound.port, "127.0.0.1") | returns c | 'connect', 'ready', 'error' {code: "EISCONN"}, 'close' true | 'end'    |

    @member:socket.connecting
    Examples: socket.connecting
      | call         | outcome       | c events           | s events |
      | c.connecting | returns false | 'connect', 'ready' | 'end'    |

    @member:socket.destroy
    Examples: socket.destroy
      | call                         | outcome   | c events                                                    | s events |
      | c.destroy()                  | returns c | 'connect', 'ready', 'close' false                           | 'end'    |
      | c.destroy(new Error("boom")) | returns c | 'connect', 'ready', 'error' {message: "boom"}, 'close' true | 'end'    |

    @member:socket.destroyed
    Examples: socket.destroyed
      | call        | outcome       | c events           | s events |
      | c.destroyed | returns false | 'connect', 'ready' | 'end'    |

    @member:socket.end
    Examples: socket.end
      | call       | outcome   | c events                                                                                                   | s events |
      | c.end()    | returns c | 'connect', 'ready'                                                                                         | 'end'    |
      | c.end("x") | returns c | 'connect', 'ready', 'error' {code: "ERR_STREAM_WRITE_AFTER_END", message: "write after end"}, 'close' true | 'end'    |

    @member:socket.localAddress
    Examples: socket.localAddress
      | call           | outcome             | c events           | s events |
      | c.localAddress | returns "127.0.0.1" | 'connect', 'ready' | 'end'    |

    @member:socket.localFamily
    Examples: socket.localFamily
      | call          | outcome        | c events           | s events |
      | c.localFamily | returns "IPv4" | 'connect', 'ready' | 'end'    |

    @member:socket.localPort
    Examples: socket.localPort
      | call        | outcome       | c events           | s events |
      | c.localPort | returns cport | 'connect', 'ready' | 'end'    |

    @member:socket.pause
    Examples: socket.pause
      | call      | outcome   | c events           | s events |
      | c.pause() | returns c | 'connect', 'ready' | 'end'    |

    @member:socket.pending
    Examples: socket.pending
      | call      | outcome       | c events           | s events |
      | c.pending | returns false | 'connect', 'ready' | 'end'    |

    @member:socket.readyState
    Examples: socket.readyState
      | call         | outcome            | c events           | s events |
      | c.readyState | returns "readOnly" | 'connect', 'ready' | 'end'    |

    @member:socket.ref
    Examples: socket.ref
      | call    | outcome   | c events           | s events |
      | c.ref() | returns c | 'connect', 'ready' | 'end'    |

    @member:socket.remoteAddress
    Examples: socket.remoteAddress
      | call            | outcome             | c events           | s events |
      | c.remoteAddress | returns "127.0.0.1" | 'connect', 'ready' | 'end'    |

    @member:socket.remoteFamily
    Examples: socket.remoteFamily
      | call           | outcome        | c events           | s events |
      | c.remoteFamily | returns "IPv4" | 'connect', 'ready' | 'end'    |

    @member:socket.remotePort
    Examples: socket.remotePort
      | call         | outcome            | c events           | s events |
      | c.remotePort | returns bound.port | 'connect', 'ready' | 'end'    |

    @member:socket.resetAndDestroy
    Examples: socket.resetAndDestroy
      | call                | outcome   | c events                          | s events |
      | c.resetAndDestroy() | returns c | 'connect', 'ready', 'close' false | 'end'    |

    @member:socket.resume
    Examples: socket.resume
      | call       | outcome   | c events           | s events |
      | c.resume() | returns c | 'connect', 'ready' | 'end'    |

    @member:socket.setEncoding
    Examples: socket.setEncoding
      | call                  | outcome   | c events           | s events |
      | c.setEncoding("utf8") | returns c | 'connect', 'ready' | 'end'    |

    @member:socket.setKeepAlive
    Examples: socket.setKeepAlive
      | call                       | outcome   | c events           | s events |
      | c.setKeepAlive(true, 1000) | returns c | 'connect', 'ready' | 'end'    |

    @member:socket.setNoDelay
    Examples: socket.setNoDelay
      | call               | outcome   | c events           | s events |
      | c.setNoDelay(true) | returns c | 'connect', 'ready' | 'end'    |

    @member:socket.setTimeout
    Examples: socket.setTimeout
      | call                | outcome   | c events           | s events |
      | c.setTimeout(60000) | returns c | 'connect', 'ready' | 'end'    |

    @member:socket.timeout
    Examples: socket.timeout
      | call      | outcome           | c events           | s events |
      | c.timeout | returns undefined | 'connect', 'ready' | 'end'    |

    @member:socket.unref
    Examples: socket.unref
      | call      | outcome   | c events           | s events |
      | c.unref() | returns c | 'connect', 'ready' | 'end'    |

    @member:socket.write
    Examples: socket.write
      | call         | outcome       | c events                                                                                                   | s events |
      | c.write("x") | returns false | 'connect', 'ready', 'error' {code: "ERR_STREAM_WRITE_AFTER_END", message: "write after end"}, 'close' true | 'end'    |

  Scenario Outline: writeOnly: <call> <outcome>, and done <done>
    When I call <call>
    Then it <outcome>
    And done <done>
    And c emitted exactly <c events>
    And s emitted exactly <s events>

    @member:socket.connect
    Examples: socket.connect with a callback
      | call                                                   | outcome   | done          | c events                                                    | s events |
      | c.connect(bound.port, "127.0.0.1", done)               | returns c | is not called | 'connect', 'ready', 'error' {code: "EISCONN"}, 'close' true | 'end'    |
      | c.connect({port: bound.port, host: "127.0.0.1"}, done) | returns c | is not called | 'connect', 'ready', 'error' {code: "EISCONN"}, 'close' true | 'end'    |

    @member:socket.end
    Examples: socket.end with a callback
      | call             | outcome   | done                                                                                                         | c events                                                                                                   | s events |
      | c.end(done)      | returns c | is called with {code: "ERR_STREAM_ALREADY_FINISHED", message: "Cannot call end after a stream was finished"} | 'connect', 'ready'                                                                                         | 'end'    |
      | c.end("x", done) | returns c | is called with {code: "ERR_STREAM_WRITE_AFTER_END", message: "write after end"}                              | 'connect', 'ready', 'error' {code: "ERR_STREAM_WRITE_AFTER_END", message: "write after end"}, 'close' true | 'end'    |

    @member:socket.setTimeout
    Examples: socket.setTimeout with a callback
      | call                      | outcome   | done          | c events           | s events |
      | c.setTimeout(60000, done) | returns c | is not called | 'connect', 'ready' | 'end'    |

    @member:socket.write
    Examples: socket.write with a callback
      | call               | outcome       | done                                                                            | c events                                                                                                   | s events |
      | c.write("x", done) | returns false | is called with {code: "ERR_STREAM_WRITE_AFTER_END", message: "write after end"} | 'connect', 'ready', 'error' {code: "ERR_STREAM_WRITE_AFTER_END", message: "write after end"}, 'close' true | 'end'    |

