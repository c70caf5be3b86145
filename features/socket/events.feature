@area:socket
Feature: the events of a net.Socket and their order

  > Emitted when a socket connection is successfully established.
  -- Node.js v19 net docs (seed 001), Event: 'connect'

  > Emitted when a socket is ready to be used. Triggered immediately after
  > 'connect'.
  -- Node.js v19 net docs (seed 001), Event: 'ready'

  > Emitted when data is received. The argument data will be a Buffer or
  > String. Encoding of data is set by socket.setEncoding().
  -- Node.js v19 net docs (seed 001), Event: 'data'

  > Emitted when the other end of the socket signals the end of
  > transmission, thus ending the readable side of the socket.
  -- Node.js v19 net docs (seed 001), Event: 'end'

  > Emitted once the socket is fully closed. The argument hadError is a
  > boolean which says if the socket was closed due to a transmission error.
  -- Node.js v19 net docs (seed 001), Event: 'close'

  > Emitted when an error occurs. The 'close' event will be called directly
  > following this event.
  -- Node.js v19 net docs (seed 001), Event: 'error'

  > The data will be lost if there is no listener when a Socket emits a
  > 'data' event.
  -- Node.js v19 net docs (seed 001), Event: 'data'; also seed 000 ("the data will be lost")

  > Pauses the reading of data. That is, 'data' events will not be
  > emitted. [...] Resumes reading after a call to socket.pause().
  -- Node.js v19 net docs (seed 001), socket.pause(), socket.resume()

  Background:
    Given server srv that on 'connection' ends with "bye"
    And srv is listening on "127.0.0.1" port 0
    And I call srv.address() as bound

  @member:event:socket.connect @member:event:socket.ready @node:>=19
  Scenario: 'ready' follows 'connect'
    When client c connects to srv
    Then c emits 'connect' before 'ready'
    And c emits 'ready' 1 time
    And c emitted exactly 'connect', 'ready', 'data' Buffer.from("bye"), 'end', 'close' false

  @member:event:socket.data
  Scenario: 'data' carries a Buffer
    When client c connects to srv
    Then c emits 'data' with Buffer.from("bye")

  @member:event:socket.data @member:socket.setEncoding @node:>=19
  Scenario: after setEncoding(), 'data' carries a string
    Given I call new net.Socket() as c
    And I call c.setEncoding("utf8")
    When I call c.connect(bound.port, "127.0.0.1")
    And I call c.resume()
    Then c emits 'data' with "bye"
    And c emitted exactly 'connect', 'ready', 'data' "bye", 'end', 'close' false

  @member:event:socket.data @member:socket.setEncoding @node:>=19
  Scenario: setEncoding("hex") decodes 'data' as hex
    Given I call new net.Socket() as c
    And I call c.setEncoding("hex")
    When I call c.connect(bound.port, "127.0.0.1")
    And I call c.resume()
    Then c emits 'data' with "627965"

  @member:event:socket.end @node:>=19
  Scenario: 'end' comes once, after all the data
    When client c connects to srv
    Then c receives "bye"
    And c emits 'data' before 'end'
    And c emits 'end' 1 time
    And c emitted exactly 'connect', 'ready', 'data' Buffer.from("bye"), 'end', 'close' false

  @member:event:socket.close @node:>=19
  Scenario: 'close' comes once, after 'end', with hadError false
    When client c connects to srv
    Then c emits 'end' before 'close'
    And c emits 'close' 1 time
    And c emits 'close' with false
    And c emitted exactly 'connect', 'ready', 'data' Buffer.from("bye"), 'end', 'close' false

  # Node.js 0.10 closes a socket that is not reading yet as soon as both
  # sides have ended, before the data it holds and 'end' are delivered
  # (docs/profiles.md 4.4.3): the scenarios above are of later lines.
  @member:event:socket.close @member:event:socket.end @profile:v0.10 @doc-erratum @node:0.10
  Scenario: Node.js 0.10: a socket that is not reading emits 'close' before its data and 'end'
    Given I call new net.Socket() as c
    And I call c.pause()
    When I call c.connect(bound.port, "127.0.0.1")
    Then c emits 'close' with false
    When I call c.resume()
    Then c has emitted exactly 'connect', 'close' false, 'data' Buffer.from("bye"), 'end'

  @member:event:socket.close @member:event:socket.error
  Scenario: 'error' is followed by 'close' with hadError true
    Given I call srv.close()
    And srv emits 'close'
    When I call new net.Socket() as c
    And c has an 'error' listener
    And I call c.connect(bound.port, "127.0.0.1")
    Then c emits 'error' before 'close'
    And c emits 'close' with true
    And c emits 'close' 1 time
    And c emitted exactly 'error' {code: "ECONNREFUSED", syscall: "connect"}, 'close' true

  @member:socket.pause @member:socket.resume @node:>=19
  Scenario: a paused socket emits no 'data' until resume()
    Given server quiet
    And quiet is listening on "127.0.0.1" port 0
    And client c connects to quiet
    And quiet accepts a connection as s
    When I call c.pause()
    Then it returns c
    When I call c.isPaused()
    Then it returns true
    When s writes "held"
    And s writes " back"
    Then c does not emit 'data'
    When I call c.resume()
    Then c receives "held back"

  @member:socket.pause @member:socket.resume @profile:v19
  Scenario: a paused socket stops reading from the kernel, so what the peer sends waits there
    # The runner reads the socket's receive queue from /proc/<pid>/net/tcp:
    # once the socket stops reading, what the peer sends waits there, and
    # the queue stays the same. A socket that went on reading would drain
    # it, and its peer's write would be flushed.
    Given server quiet
    And quiet is listening on "127.0.0.1" port 0
    And client c connects to quiet
    And quiet accepts a connection as s
    # 1 MiB: more than the receiver's queue holds while it does not read
    # (it stays near its initial size, 128 KiB); the rest waits in the
    # sender's.
    And a buffer of 1048576 bytes as big
    When I call c.pause()
    And I call s.write(big)
    Then the kernel socket of c comes to hold at least 65536 unread bytes
    When I call c.resume()
    Then c receives big

  @member:socket.destroy @member:event:socket.close
  Scenario: destroy() closes at once: 'close' with false, no 'end', and the peer sees 'end'
    Given server quiet
    And quiet is listening on "127.0.0.1" port 0
    And client c connects to quiet
    And quiet accepts a connection as s
    And I call s.resume()
    When c is destroyed
    Then c.destroyed is true
    And c emits 'close' with false
    And s emits 'end'
    And c does not emit 'end'
    And c emitted exactly 'connect', 'ready', 'close' false
    And s emitted exactly 'end', 'close' false

  @member:event:socket.data
  Scenario: data emitted while nobody listens for 'data' is lost
    Given server quiet
    And quiet is listening on "127.0.0.1" port 0
    And client c connects to quiet
    And quiet accepts a connection as s
    When s writes "lost"
    Then c emits 'data' with Buffer.from("lost")
    When I call c.on("data", onData)
    And s writes "kept"
    Then onData is called with Buffer.from("kept")
    And onData emits 'call' 1 time
