@area:socket
Feature: allowHalfOpen decides what a received FIN does to our side

  > If allowHalfOpen is set to true, when the other end of the socket
  > signals the end of transmission, the server will only send back the
  > end of transmission when socket.end() is explicitly called. For
  > example, in the context of TCP, when a FIN packed is received, a FIN
  > packed is sent back only when socket.end() is explicitly called. Until
  > then the connection is half-closed (non-readable but still writable).
  -- Node.js v19 net docs (seed 001), net.createServer()

  > By default (allowHalfOpen is false) the socket will send an end of
  > transmission packet back and destroy its file descriptor once it has
  > written out its pending write queue. However, if allowHalfOpen is set
  > to true, the socket will not automatically end() its writable side,
  > allowing the user to write arbitrary amounts of data. The user must
  > call end() explicitly to close the connection (i.e. sending a FIN
  > packet back).
  -- Node.js v19 net docs (seed 001), Event: 'end'

  > allowHalfOpen boolean If set to false, then the socket will
  > automatically end the writable side when the readable side ends. See
  > net.createServer() and the 'end' event for details. Default:false.
  -- Node.js v19 net docs (seed 001), new net.Socket([options])

  > If `allowHalfOpen` is `true`, then the socket won't automatically send
  > a FIN packet when the other end of the socket sends a FIN packet. The
  > socket becomes non-readable, but still writable. You should call the
  > `end()` method explicitly.
  -- Node.js v0.10 net docs (seed 000), net.createServer()

  > - `allowHalfOpen`: if `true`, the socket won't automatically send
  > a FIN packet when the other end of the socket sends a FIN packet.
  > Defaults to `false`. See ['end'][] event for more information.
  -- Node.js v0.10 net docs (seed 000), net.connect(options, [connectionListener])

  @member:net.createServer @member:event:socket.end
  Scenario: a half-open server socket can still write after the client's FIN
    Given server srv with {allowHalfOpen: true} that on 'end' writes "bye" and ends
    And srv is listening on "127.0.0.1" port 0
    When client c connects to srv
    And srv accepts a connection as s
    And c ends
    Then c receives "bye"
    And c emits 'end' before 'close'
    And s emits 'end' before 'close'
    And c emits 'close' with false
    And s emits 'close' with false
    And c emitted exactly 'connect', 'ready', 'data' Buffer.from("bye"), 'end', 'close' false
    And s emitted exactly 'end', 'close' false

  @member:net.createServer @member:event:socket.end
  Scenario: a half-open server socket stays writable until it calls end()
    Given server srv with {allowHalfOpen: true}
    And srv is listening on "127.0.0.1" port 0
    When client c connects to srv
    And srv accepts a connection as s
    And c ends
    And s emits 'end'
    Then s.readyState is "writeOnly"
    When s writes "still here"
    Then c receives "still here"
    And c does not emit 'end'
    When s ends
    Then c emits 'end' before 'close'
    And s emits 'close' with false
    And c emitted exactly 'connect', 'ready', 'data' Buffer.from("still here"), 'end', 'close' false
    And s emitted exactly 'end', 'close' false

  @member:net.createServer @member:event:socket.end
  Scenario: by default the server socket ends its side when the client's FIN arrives
    Given server srv
    And srv is listening on "127.0.0.1" port 0
    When client c connects to srv
    And srv accepts a connection as s
    And c ends
    Then s emits 'end' before 'close'
    And c emits 'end' before 'close'
    And s emits 'close' with false
    And c emits 'close' with false
    And c emitted exactly 'connect', 'ready', 'end', 'close' false
    And s emitted exactly 'end', 'close' false

  @member:net.createConnection @member:event:socket.end @member:option:net.Socket.allowHalfOpen
  Scenario: a half-open client can still write after the server's FIN
    Given server srv with {allowHalfOpen: true} that on 'connection' ends
    And srv is listening on "127.0.0.1" port 0
    When client c with {allowHalfOpen: true} connects to srv
    And srv accepts a connection as s
    And I call s.resume()
    And c emits 'end'
    And c writes "late"
    Then s receives "late"
    When c ends
    Then s emits 'end' before 'close'
    And c emits 'close' with false
    And c emitted exactly 'connect', 'ready', 'end', 'close' false
    And s emitted exactly 'data' Buffer.from("late"), 'end', 'close' false

  @member:net.Socket @member:event:socket.end
  Scenario: by default the client ends its side when the server's FIN arrives
    Given server srv with {allowHalfOpen: true} that on 'connection' ends
    And srv is listening on "127.0.0.1" port 0
    When client c connects to srv
    And srv accepts a connection as s
    And I call s.resume()
    Then c emits 'end' before 'close'
    And s emits 'end' before 'close'
    And c emits 'close' with false
    And s emits 'close' with false
    And c emitted exactly 'connect', 'ready', 'end', 'close' false
    And s emitted exactly 'end', 'close' false

  @member:net.Socket @member:event:socket.end
  Scenario: both sides half-open: each side's FIN is independent, and both close after both FINs
    Given server srv with {allowHalfOpen: true}
    And srv is listening on "127.0.0.1" port 0
    When client c with {allowHalfOpen: true} connects to srv
    And srv accepts a connection as s
    And I call s.resume()
    And c ends
    Then s emits 'end'
    And c does not emit 'end'
    And c does not emit 'close'
    When s writes "after your FIN"
    Then c receives "after your FIN"
    When s ends
    Then c emits 'end' before 'close'
    And s emits 'close' with false
    And c emits 'close' with false
    And c emitted exactly 'connect', 'ready', 'data' Buffer.from("after your FIN"), 'end', 'close' false
    And s emitted exactly 'end', 'close' false

  @member:option:net.connect.allowHalfOpen @member:net.connect(options) @member:event:socket.end
  Scenario: net.connect({allowHalfOpen: true}) makes a client that can still write after the server's FIN
    Given server srv with {allowHalfOpen: true} that on 'connection' ends
    And srv is listening on "127.0.0.1" port 0
    And I call srv.address() as bound
    When I call net.connect({port: bound.port, host: "127.0.0.1", allowHalfOpen: true}) as c
    And I call c.resume()
    And srv accepts a connection as s
    And I call s.resume()
    And c emits 'end'
    And c writes "late"
    Then s receives "late"
    When c ends
    Then s emits 'end' before 'close'
    And c emits 'close' with false
    And c emitted exactly 'connect', 'ready', 'end', 'close' false
    And s emitted exactly 'data' Buffer.from("late"), 'end', 'close' false
