@area:socket @state:socket.lookingUp @observed @profile:v19
Feature: every member of a net.Socket while its host name is looked up

  connect() was given a host name: the socket is connecting, 'lookup'
  has not come. In connect()'s tick the default lookup has just started
  (localhost answers 127.0.0.1 here); a later tick holds the socket with
  a custom lookup function that never answers.

  > Emitted after resolving the host name but before connecting. Not
  > applicable to Unix sockets.
  -- Node.js v19 net docs (seed 001), Event: 'lookup'

  > This property represents the state of the connection as a string.
  > If the stream is connecting socket.readyState is opening.
  -- Node.js v19 net docs (seed 001), socket.readyState

  > This is true if the socket is not connected yet, either because
  > .connect() has not yet been called or because it is still in the
  > process of connecting (see socket.connecting).
  -- Node.js v19 net docs (seed 001), socket.pending

  Background:
    Given server srv is listening on "127.0.0.1" port 0
    And I call srv.address() as bound
    And I call new net.Socket() as c
    And c has an 'error' listener

  # A second connect() in this tick to the IP address races the first
  # lookup (EALREADY or not, from run to run): the rows connect with a
  # lookup that never answers, so the first lookup's answer connects.
  @tick:same
  Scenario Outline: <call> in the tick of connect() to a host name
    When I call c.connect({port: bound.port, host: "localhost"}); <call> in one tick
    Then it <outcome>
    And c emitted exactly <c events>
    And srv emitted exactly <srv events>

    @member:socket.address
    Examples: socket.address
      | call        | outcome    | c events                                                         | srv events                |
      | c.address() | returns {} | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.bufferSize
    Examples: socket.bufferSize
      | call         | outcome   | c events                                                         | srv events                |
      | c.bufferSize | returns 0 | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.bytesRead
    Examples: socket.bytesRead
      | call        | outcome   | c events                                                         | srv events                |
      | c.bytesRead | returns 0 | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.bytesWritten
    Examples: socket.bytesWritten
      | call           | outcome   | c events                                                         | srv events                |
      | c.bytesWritten | returns 0 | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.connect
    Examples: socket.connect
      | call                                                              | outcome   | c events                                                         | srv events                |
      | c.connect({port: bound.port, host: "localhost", lookup: pending}) | returns c | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.connecting
    Examples: socket.connecting
      | call         | outcome      | c events                                                         | srv events                |
      | c.connecting | returns true | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

    # Node.js 19 still emits the lookup's 'lookup' after the 'close' of a
    # socket destroyed while it looked up; 20 and later drop the answer.
    @member:socket.destroy @node:>=20
    Examples: socket.destroy
      | call        | outcome   | c events      | srv events  |
      | c.destroy() | returns c | 'close' false | 'listening' |

    @member:socket.destroyed
    Examples: socket.destroyed
      | call        | outcome       | c events                                                         | srv events                |
      | c.destroyed | returns false | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.end
    Examples: socket.end
      | call    | outcome   | c events                                                                               | srv events                |
      | c.end() | returns c | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready', 'end', 'close' false | 'listening', 'connection' |

    @member:socket.localAddress
    Examples: socket.localAddress
      | call           | outcome           | c events                                                         | srv events                |
      | c.localAddress | returns undefined | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.localFamily
    Examples: socket.localFamily
      | call          | outcome           | c events                                                         | srv events                |
      | c.localFamily | returns undefined | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.localPort
    Examples: socket.localPort
      | call        | outcome           | c events                                                         | srv events                |
      | c.localPort | returns undefined | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.pause
    Examples: socket.pause
      | call      | outcome   | c events                                                         | srv events                |
      | c.pause() | returns c | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.pending
    Examples: socket.pending
      | call      | outcome      | c events                                                         | srv events                |
      | c.pending | returns true | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.readyState
    Examples: socket.readyState
      | call         | outcome           | c events                                                         | srv events                |
      | c.readyState | returns "opening" | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.ref
    Examples: socket.ref
      | call    | outcome   | c events                                                         | srv events                |
      | c.ref() | returns c | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.remoteAddress
    Examples: socket.remoteAddress
      | call            | outcome           | c events                                                         | srv events                |
      | c.remoteAddress | returns undefined | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.remoteFamily
    Examples: socket.remoteFamily
      | call           | outcome           | c events                                                         | srv events                |
      | c.remoteFamily | returns undefined | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.remotePort
    Examples: socket.remotePort
      | call         | outcome           | c events                                                         | srv events                |
      | c.remotePort | returns undefined | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.resume
    Examples: socket.resume
      | call       | outcome   | c events                                                         | srv events                |
      | c.resume() | returns c | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.setEncoding
    Examples: socket.setEncoding
      | call                  | outcome   | c events                                                         | srv events                |
      | c.setEncoding("utf8") | returns c | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.setKeepAlive
    Examples: socket.setKeepAlive
      | call                       | outcome   | c events                                                         | srv events                |
      | c.setKeepAlive(true, 1000) | returns c | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.setNoDelay
    Examples: socket.setNoDelay
      | call               | outcome   | c events                                                         | srv events                |
      | c.setNoDelay(true) | returns c | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.timeout
    Examples: socket.timeout
      | call      | outcome           | c events                                                         | srv events                |
      | c.timeout | returns undefined | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.unref
    Examples: socket.unref
      | call      | outcome   | c events                                                         | srv events                |
      | c.unref() | returns c | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.write
    Examples: socket.write
      | call          | outcome      | c events                                                         | srv events                |
      | c.write("hi") | returns true | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

  @tick:same
  Scenario Outline: <call> with a callback in the tick of connect() to a host name
    When I call c.connect({port: bound.port, host: "localhost"}); <call> in one tick
    Then it <outcome>
    And done <done>
    And c emitted exactly <c events>
    And srv emitted exactly <srv events>

    @member:socket.connect
    Examples: socket.connect
      | call                                                                    | outcome   | done      | c events                                                         | srv events                |
      | c.connect({port: bound.port, host: "localhost", lookup: pending}, done) | returns c | is called | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.end
    Examples: socket.end
      | call        | outcome   | done                | c events                                                                               | srv events                |
      | c.end(done) | returns c | is called with null | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready', 'end', 'close' false | 'listening', 'connection' |

    @member:socket.setTimeout
    Examples: socket.setTimeout
      | call                    | outcome   | done      | c events                                                                    | srv events                |
      | c.setTimeout(500, done) | returns c | is called | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready', 'timeout' | 'listening', 'connection' |

    @member:socket.write
    Examples: socket.write
      | call                | outcome      | done                | c events                                                         | srv events                |
      | c.write("hi", done) | returns true | is called with null | 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready' | 'listening', 'connection' |

  @tick:same @member:socket.write
  Scenario: a write made while the host name is looked up reaches the server once connected
    When I call c.connect({port: bound.port, host: "localhost"}); c.write("hi") in one tick
    And srv accepts a connection as s
    And I call s.resume()
    Then s receives "hi"

  @tick:later
  Scenario Outline: <call> while a custom lookup has not answered
    Given I call c.connect({port: 9, host: "example.invalid", lookup: pending})
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
      | call         | outcome   | c events | srv events  |
      | c.bufferSize | returns 0 | nothing  | 'listening' |

    @member:socket.bytesRead
    Examples: socket.bytesRead
      | call        | outcome   | c events | srv events  |
      | c.bytesRead | returns 0 | nothing  | 'listening' |

    @member:socket.bytesWritten
    Examples: socket.bytesWritten
      | call           | outcome   | c events | srv events  |
      | c.bytesWritten | returns 0 | nothing  | 'listening' |

    @member:socket.connect
    Examples: socket.connect
      | call                               | outcome   | c events           | srv events                |
      | c.connect(bound.port, "127.0.0.1") | returns c | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.connecting
    Examples: socket.connecting
      | call         | outcome      | c events | srv events  |
      | c.connecting | returns true | nothing  | 'listening' |

    @member:socket.destroy
    Examples: socket.destroy
      | call        | outcome   | c events      | srv events  |
      | c.destroy() | returns c | 'close' false | 'listening' |

    @member:socket.destroyed
    Examples: socket.destroyed
      | call        | outcome       | c events | srv events  |
      | c.destroyed | returns false | nothing  | 'listening' |

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

    @member:socket.readyState
    Examples: socket.readyState
      | call         | outcome           | c events | srv events  |
      | c.readyState | returns "opening" | nothing  | 'listening' |

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

    @member:socket.resetAndDestroy
    Examples: socket.resetAndDestroy
      | call                | outcome   | c events | srv events  |
      | c.resetAndDestroy() | returns c | nothing  | 'listening' |

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
      | call                       | outcome   | c events | srv events  |
      | c.setKeepAlive(true, 1000) | returns c | nothing  | 'listening' |

    @member:socket.setNoDelay
    Examples: socket.setNoDelay
      | call               | outcome   | c events | srv events  |
      | c.setNoDelay(true) | returns c | nothing  | 'listening' |

    @member:socket.timeout
    Examples: socket.timeout
      | call      | outcome           | c events | srv events  |
      | c.timeout | returns undefined | nothing  | 'listening' |

    @member:socket.unref
    Examples: socket.unref
      | call      | outcome   | c events | srv events  |
      | c.unref() | returns c | nothing  | 'listening' |

    @member:socket.write
    Examples: socket.write
      | call          | outcome      | c events | srv events  |
      | c.write("hi") | returns true | nothing  | 'listening' |

  @tick:later
  Scenario Outline: <call> with a callback while a custom lookup has not answered
    Given I call c.connect({port: 9, host: "example.invalid", lookup: pending})
    When I call <call>
    Then it <outcome>
    And done <done>
    And c emitted exactly <c events>
    And srv emitted exactly <srv events>

    @member:socket.connect
    Examples: socket.connect
      | call                                     | outcome   | done      | c events           | srv events                |
      | c.connect(bound.port, "127.0.0.1", done) | returns c | is called | 'connect', 'ready' | 'listening', 'connection' |

    @member:socket.end
    Examples: socket.end
      | call        | outcome   | done          | c events | srv events  |
      | c.end(done) | returns c | is not called | nothing  | 'listening' |

    @member:socket.setTimeout
    Examples: socket.setTimeout
      | call                   | outcome   | done      | c events  | srv events  |
      | c.setTimeout(50, done) | returns c | is called | 'timeout' | 'listening' |

    @member:socket.write
    Examples: socket.write
      | call                | outcome      | done          | c events | srv events  |
      | c.write("hi", done) | returns true | is not called | nothing  | 'listening' |

  # Through a server that does not read (pauseOnConnect), so that its
  # socket keeps the reset unread instead of failing with ECONNRESET
  # before a step could listen for it.
  @tick:same @member:socket.resetAndDestroy
  Scenario: resetAndDestroy() in the tick of connect() to a host name waits for the connection, then resets it
    Given server psrv with {pauseOnConnect: true}
    And psrv is listening on "127.0.0.1" port 0
    And I call psrv.address() as paused
    When I call c.connect({port: paused.port, host: "localhost"}); c.resetAndDestroy() in one tick
    Then it returns c
    And c emitted exactly 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready', 'close' false
    And psrv accepts a connection as s
    And s emitted exactly nothing
