@area:socket
Feature: the connection fails under the socket: the peer resets it, or goes away while we write

  > Emitted when an error occurs. The 'close' event will be called directly
  > following this event.
  -- Node.js v19 net docs (seed 001), Event: 'error'

  > Emitted once the socket is fully closed. The argument hadError is a
  > boolean which says if the socket was closed due to a transmission error.
  -- Node.js v19 net docs (seed 001), Event: 'close'

  > Close the TCP connection by sending an RST packet and destroy the
  > stream.
  -- Node.js v19 net docs (seed 001), socket.resetAndDestroy()

  > Ensures that no more I/O activity happens on this socket. Destroys the
  > stream and closes the connection.
  -- Node.js v19 net docs (seed 001), socket.destroy([error])

  # The client writes 1 MiB, far more than the peer reads at once, so the
  # peer acts on its first bytes with the rest unread or still on the way:
  # closing a socket with unread data makes the kernel send an RST too. A
  # refused connection, the third fault of this kind, is in connect.feature.

  @member:event:socket.error @member:event:socket.close @member:socket.resetAndDestroy @member:socket.write @node:>=19
  Scenario: the peer resets the connection while our data flows: 'error' with ECONNRESET, then 'close' with true
    Given server srv that on 'data' is reset
    And srv is listening on "127.0.0.1" port 0
    And a buffer of 1048576 bytes as big
    And client c connects to srv
    And c has an 'error' listener
    When I call c.write(big)
    Then c emits 'error' with {code: "ECONNRESET", errno: -104}
    And c emits 'error' before 'close'
    And c emits 'close' with true
    And c.destroyed is true

  @member:event:socket.error @member:event:socket.close @member:socket.destroy @member:socket.write
  Scenario: the peer goes away while we write: 'error' with EPIPE or ECONNRESET, then 'close' with true
    # Closing a socket with unread data sends an RST; what our side sees
    # first, the failed write (EPIPE, or ECONNRESET) or the failed read
    # (ECONNRESET), depends on timing, in Node.js as anywhere.
    Given server srv that on 'data' is destroyed
    And srv is listening on "127.0.0.1" port 0
    And a buffer of 1048576 bytes as big
    And client c connects to srv
    And c has an 'error' listener
    When I call c.write(big)
    Then c emits 'error' with {code: stringMatching("^(EPIPE|ECONNRESET)$"), syscall: stringMatching("^(read|write)$")}
    And c emits 'error' before 'close'
    And c emits 'close' with true
    And c.destroyed is true
