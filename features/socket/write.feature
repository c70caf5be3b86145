@area:socket
Feature: socket.write() and socket.end()

  > Sends data on the socket. The second parameter specifies the encoding
  > in the case of a string. It defaults to UTF8 encoding.
  > Returns true if the entire data was flushed successfully to the kernel
  > buffer. Returns false if all or part of the data was queued in user
  > memory. 'drain' will be emitted when the buffer is again free.
  > The optional callback parameter will be executed when the data is
  > finally written out, which may not be immediately.
  -- Node.js v19 net docs (seed 001), socket.write(data[, encoding][, callback])

  > Emitted when the write buffer becomes empty. Can be used to throttle
  > uploads.
  -- Node.js v19 net docs (seed 001), Event: 'drain'

  > Half-closes the socket. i.e., it sends a FIN packet. It is possible
  > the server will still send some data.
  -- Node.js v19 net docs (seed 001), socket.end([data[, encoding]][, callback])

  Data written while the socket is still connecting is queued in user
  memory, so a write of writableHighWaterMark bytes (16384 in Node 20)
  then returns false whatever the kernel would take.

  Background:
    Given server srv is listening on "127.0.0.1" port 0
    And I call srv.address() as bound

  @member:socket.write
  Scenario: write() on a connected socket returns true and the data arrives
    Given client c connects to srv
    And srv accepts a connection as s
    And I call s.resume()
    When I call c.write("hello")
    Then it returns true
    And s receives "hello"

  # The high-water mark is the stream default, which the net docs leave
  # to the stream docs: 16384 bytes up to Node.js 20, 65536 from 22 on.
  @member:socket.write @member:event:socket.drain @node:<22 @observed
  Scenario: a write that fills the buffer while connecting returns false, and 'drain' follows
    Given a buffer of 16384 bytes as big
    And I call new net.Socket() as c
    When I call c.connect(bound.port, "127.0.0.1"); c.write(big) in one tick
    Then it returns false
    And c emits 'connect' before 'drain'
    And c.bytesWritten is 16384

  @member:socket.write @member:event:socket.drain @node:>=22 @observed
  Scenario: a write that fills the 64 KiB buffer while connecting returns false, and 'drain' follows
    Given a buffer of 65536 bytes as big
    And I call new net.Socket() as c
    When I call c.connect(bound.port, "127.0.0.1"); c.write(big) in one tick
    Then it returns false
    And c emits 'connect' before 'drain'
    And c.bytesWritten is 65536

  @member:socket.write @node:>=22 @observed
  Scenario: a write of 16384 bytes while connecting stays under the 64 KiB high-water mark
    Given a buffer of 16384 bytes as big
    And I call new net.Socket() as c
    When I call c.connect(bound.port, "127.0.0.1"); c.write(big) in one tick
    Then it returns true

  @member:socket.write
  Scenario: a write under the high-water mark while connecting returns true
    Given a buffer of 16383 bytes as small
    And I call new net.Socket() as c
    When I call c.connect(bound.port, "127.0.0.1"); c.write(small) in one tick
    Then it returns true

  @member:socket.bufferSize @node:>=19
  Scenario: bytes queued while connecting count in writableLength
    Given I call new net.Socket() as c
    When I call c.connect(bound.port, "127.0.0.1"); c.write("abc"); c.writableLength in one tick
    Then it returns 3

  @member:socket.bufferSize
  Scenario: bufferSize counts every byte queued while connecting
    Given I call new net.Socket() as c
    When I call c.connect(bound.port, "127.0.0.1"); c.write("abc"); c.write("de"); c.bufferSize in one tick
    Then it returns 5

  @member:socket.write
  Scenario Outline: write(data, <encoding>) sends the string encoded as <encoding>
    Given client c connects to srv
    And srv accepts a connection as s
    And I call s.resume()
    When I call c.write(<data>, "<encoding>")
    Then s receives <bytes>

    Examples:
      | encoding | data           | bytes                          |
      | utf8     | "h\u00e9"      | Buffer.from("68c3a9", "hex")   |
      | hex      | "68c3a9"       | Buffer.from("68c3a9", "hex")   |
      | base64   | "aMOp"         | Buffer.from("68c3a9", "hex")   |

    # "latin1" is a name of Node.js 6.4 and later; 0.10 calls it "binary".
    @node:>=19
    Examples: latin1
      | encoding | data           | bytes                          |
      | latin1   | "h\u00e9"      | Buffer.from("68e9", "hex")     |

  @member:socket.write
  Scenario: write(string) defaults to UTF-8
    Given client c connects to srv
    And srv accepts a connection as s
    And I call s.resume()
    When I call c.write("\u00e9\u20ac")
    Then s receives Buffer.from("c3a9e282ac", "hex")

  @member:socket.write
  Scenario: write(buffer) sends the bytes
    Given client c connects to srv
    And srv accepts a connection as s
    And I call s.resume()
    When I call c.write(Buffer.from("00ff10", "hex"))
    Then s receives Buffer.from("00ff10", "hex")

  @member:socket.write
  Scenario: the write callback runs once the data is written out
    Given client c connects to srv
    When I call c.write("x", onWritten)
    Then onWritten is called
    And onWritten emits 'call' 1 time

  # Node.js 19 words it "an instance of Buffer or Uint8Array": its rows
  # are in write-bad-input.feature.
  @member:socket.write @node:>=20 @observed
  Scenario: write() of something that is not a string or a Buffer throws
    Given client c connects to srv
    When I call c.write(5)
    Then it throws ERR_INVALID_ARG_TYPE with message 'The "chunk" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received type number (5)'

  @member:socket.write @node:>=19
  Scenario: write() with an unknown encoding throws
    Given client c connects to srv
    When I call c.write("x", "bogus")
    Then it throws ERR_UNKNOWN_ENCODING with message "Unknown encoding: bogus"

  @member:socket.write @member:socket.end @node:>=19
  Scenario: write() after end() fails with ERR_STREAM_WRITE_AFTER_END
    Given client c connects to srv
    And c has an 'error' listener
    When I call c.end(); c.write("x", onWritten) in one tick
    Then it returns false
    And onWritten is called with {code: "ERR_STREAM_WRITE_AFTER_END", message: "write after end"}
    And c emits 'error' with {code: "ERR_STREAM_WRITE_AFTER_END"}
    And c emits 'error' before 'close'
    And c emits 'close' with true

  @member:socket.write @member:event:socket.end @node:>=19
  Scenario: once the peer's FIN has ended our side too, write() fails with EPIPE
    Given server srv2 that on 'connection' ends
    And srv2 is listening on "127.0.0.1" port 0
    And client c connects to srv2
    And c emits 'end'
    And c emits 'close'
    When I call c.write("late", onWritten)
    Then it returns false
    And onWritten is called with {name: "Error", code: "EPIPE", message: "This socket has been ended by the other party"}

  @member:socket.write @member:event:socket.end @node:>=19
  Scenario: inside the 'end' listener the socket can still write before it ends by itself
    Given server srv2 that on 'connection' ends
    And srv2 is listening on "127.0.0.1" port 0
    And client c that on 'end' writes "last words" connects to srv2
    And srv2 accepts a connection as s
    When I call s.resume()
    Then s receives "last words"
    And s emits 'end' before 'close'

  @member:socket.end
  Scenario: end() sends a FIN: the peer sees 'end'
    Given client c connects to srv
    And srv accepts a connection as s
    And I call s.resume()
    When c ends
    Then s emits 'end'

  @member:socket.end
  Scenario: end(data) writes the data, then the FIN
    Given client c connects to srv
    And srv accepts a connection as s
    And I call s.resume()
    When c ends with "bye"
    Then s receives "bye"
    And s emits 'data' before 'end'

  @member:socket.end @node:>=19
  Scenario: end(data, encoding, callback) encodes the data and calls back at 'finish'
    Given client c connects to srv
    And srv accepts a connection as s
    And I call s.resume()
    When I call c.end("6869", "hex", onFinish)
    Then s receives "hi"
    And onFinish is called
    And c emits 'finish'

  @member:socket.end @node:>=19
  Scenario: end(data) on a socket that is already ending fails with ERR_STREAM_WRITE_AFTER_END
    Given client c connects to srv
    And c has an 'error' listener
    When I call c.end(); c.end("x", onEnded) in one tick
    Then c emits 'error' with {name: "Error", code: "ERR_STREAM_WRITE_AFTER_END", message: "write after end"}
    And onEnded is called with {code: "ERR_STREAM_WRITE_AFTER_END"}
    And c emits 'error' before 'close'
    And c emits 'close' with true
    And c does not emit 'finish'

  @member:socket.end @node:>=19
  Scenario: end(data) after 'finish' fails with ERR_STREAM_WRITE_AFTER_END too
    Given server srv2 with {allowHalfOpen: true}
    And srv2 is listening on "127.0.0.1" port 0
    And client c connects to srv2
    And c has an 'error' listener
    And c ends
    And c emits 'finish'
    When I call c.end("x", onEnded)
    Then onEnded is called with {code: "ERR_STREAM_WRITE_AFTER_END", message: "write after end"}
    And c emits 'error' with {code: "ERR_STREAM_WRITE_AFTER_END"}
    And c emits 'close' with true

  @member:socket.end @member:socket.readyState
  Scenario: after end() the socket is "readOnly" until the peer ends too
    Given server srv2 with {allowHalfOpen: true}
    And srv2 is listening on "127.0.0.1" port 0
    And client c connects to srv2
    When I call c.end(); c.readyState in one tick
    Then it returns "readOnly"

  @member:socket.write @member:socket.destroy @node:>=19
  Scenario: write() after destroy() fails with ERR_STREAM_DESTROYED and no 'error'
    Given client c connects to srv
    When I call c.destroy(); c.write("x", onWritten) in one tick
    Then it returns false
    And onWritten is called with {code: "ERR_STREAM_DESTROYED", message: "Cannot call write after a stream was destroyed"}
    And c emits 'close' with false
    And c does not emit 'error'
