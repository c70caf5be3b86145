@area:socket
Feature: new net.Socket({fd}) wraps a socket the program already holds

  > fd number If specified, wrap around an existing socket with the given
  > file descriptor, otherwise a new socket will be created.
  > [...] readable boolean Allow reads on the socket when an fd is passed,
  > otherwise ignored. Default: false. writable boolean Allow writes on the
  > socket when an fd is passed, otherwise ignored. Default: false.
  -- Node.js v19 net docs (seed 001), new net.Socket([options])

  > `fd` allows you to specify the existing file descriptor of socket.
  > Set `readable` and/or `writable` to `true` to allow reads and/or
  > writes on this socket (NOTE: Works only when `fd` is passed).
  -- Node.js v0.10 net docs (seed 000), new net.Socket([options])

  The runner makes a loopback TCP connection and hands one end to the
  implementation, as a parent process hands a descriptor to its child: a
  driver is started for the scenario alone and inherits it as descriptor
  3. The runner keeps the other end ("the other end of fd"). So the
  descriptor exists only from the scenario's first step on, and no
  Background makes objects before it.

  Node.js 20 disables a side only when the option is false: it passes
  readable and writable to the stream.Duplex constructor, which turns a
  side off for `false` and leaves it on for anything else, fd or not.
  The v19 doc's "Default: false" and "otherwise ignored" are therefore
  errata; the scenarios tagged @doc-erratum show what Node does instead.

  @member:net.Socket @member:option:net.Socket.fd @member:option:net.Socket.readable @member:option:net.Socket.writable
  Scenario: a socket over a descriptor with readable and writable exchanges data both ways
    Given a TCP connection whose one end the target holds as descriptor fd
    When I call new net.Socket({fd: fd, readable: true, writable: true}) as c
    And I call c.resume()
    And c writes "ping"
    Then the other end of fd receives "ping"
    When the other end of fd writes "pong"
    Then c receives "pong"

  @member:option:net.Socket.fd @node:>=19 @variant:socket.fd
  Scenario: a wrapped socket is connected from the start, without 'connect'
    Given a TCP connection whose one end the target holds as descriptor fd
    When I call new net.Socket({fd: fd, readable: true, writable: true}) as c
    Then c.pending is false
    And c.connecting is false
    And c.readyState is "open"
    And c.remoteAddress is "127.0.0.1"
    And c does not emit 'connect'

  @member:option:net.Socket.fd
  Scenario: destroying a wrapped socket closes the connection
    Given a TCP connection whose one end the target holds as descriptor fd
    When I call new net.Socket({fd: fd, readable: true, writable: true}) as c
    And c is destroyed
    Then c emits 'close' with false
    And the other end of fd sees the connection end

  @member:option:net.Socket.readable @profile:v19 @variant:socket.fd
  Scenario: readable false: the socket reads nothing and is write-only
    # The bytes wait in the kernel before the socket exists, so a socket
    # that reads at all has them at once.
    Given a TCP connection whose one end the target holds as descriptor fd
    And the other end of fd writes "pong"
    When I call new net.Socket({fd: fd, readable: false, writable: true}) as c
    Then c.readable is false
    And c.readyState is "writeOnly"
    When I call c.resume()
    And c writes "ping"
    Then the other end of fd receives "ping"
    When c writes "again"
    Then the other end of fd receives "again"
    And c does not emit 'data'

  @member:option:net.Socket.writable @profile:v19 @variant:socket.fd
  Scenario: writable false: a write fails as a write after end, and nothing is sent
    Given a TCP connection whose one end the target holds as descriptor fd
    When I call new net.Socket({fd: fd, readable: true, writable: false}) as c
    Then c.writable is false
    And c.readyState is "readOnly"
    When c has an 'error' listener
    And I call c.write("ping")
    Then it returns false
    And c emits 'error' with ERR_STREAM_WRITE_AFTER_END
    And the other end of fd receives nothing

  @member:option:net.Socket.readable @member:option:net.Socket.writable @profile:v19 @doc-erratum
  Scenario: with an fd and neither option, the socket reads and writes
    # The doc says both default to false; Node.js 20 leaves both sides on.
    Given a TCP connection whose one end the target holds as descriptor fd
    When I call new net.Socket({fd: fd}) as c
    Then c.readable is true
    And c.writable is true
    When I call c.resume()
    And c writes "ping"
    Then the other end of fd receives "ping"
    When the other end of fd writes "pong"
    Then c receives "pong"

  @member:option:net.Socket.readable @profile:v19 @doc-erratum
  Scenario: without an fd, readable false is not ignored
    # The doc says the option is ignored without an fd; Node.js 20 makes
    # the new socket write-only.
    When I call new net.Socket({readable: false}) as c
    Then c.readable is false
    And c.readyState is "writeOnly"

  @member:option:net.Socket.readable @member:option:net.Socket.writable @profile:v0.10 @node:>=19
  Scenario: with an fd and neither option, the socket neither reads nor writes
    # "Set readable and/or writable to true to allow reads and/or writes":
    # by the v0.10 docs both sides are off unless asked for.
    Given a TCP connection whose one end the target holds as descriptor fd
    When I call new net.Socket({fd: fd}) as c
    Then c.readable is false
    And c.writable is false

  @member:option:net.Socket.readable @member:option:net.Socket.writable @profile:v0.10 @doc-erratum @node:0.10
  Scenario: Node.js 0.10: with an fd and neither option, the socket reads and writes
    # Node.js 0.10.48 leaves both sides on, as Node.js 20 does in the v19
    # profile (docs/profiles.md, 4.4).
    Given a TCP connection whose one end the target holds as descriptor fd
    When I call new net.Socket({fd: fd}) as c
    Then c.readable is true
    And c.writable is true
    When I call c.resume()
    And c writes "ping"
    Then the other end of fd receives "ping"
