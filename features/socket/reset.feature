@area:socket
Feature: socket.resetAndDestroy()

  > Close the TCP connection by sending an RST packet and destroy the
  > stream. If this TCP socket is in connecting status, it will send an RST
  > packet and destroy this TCP socket once it is connected. Otherwise, it
  > will call socket.destroy with an ERR_SOCKET_CLOSED Error. If this is
  > not a TCP socket (for example, a pipe), calling this method will
  > immediately throw an ERR_INVALID_HANDLE_TYPE Error.
  -- Node.js v19 net docs (seed 001), socket.resetAndDestroy()

  @member:socket.resetAndDestroy @node:>=19
  Scenario: the peer of a reset connection sees ECONNRESET
    Given server srv is listening on "127.0.0.1" port 0
    And client c connects to srv
    And srv accepts a connection as s
    And s has an 'error' listener
    When I call c.resetAndDestroy()
    Then it returns c
    And c.destroyed is true
    And s emits 'error' with {code: "ECONNRESET", syscall: "read"}
    And s emits 'close' with true
    And c emits 'close' with false
    And c emitted exactly 'connect', 'ready', 'close' false
    And s emitted exactly 'error' {code: "ECONNRESET", syscall: "read"}, 'close' true

  @member:socket.resetAndDestroy @node:>=19
  Scenario: reset while connecting resets once connected
    Given server srv is listening on "127.0.0.1" port 0
    And I call srv.address() as bound
    And I call new net.Socket() as c
    When I call c.connect(bound.port, "127.0.0.1"); c.resetAndDestroy() in one tick
    Then c emits 'connect' before 'close'
    And c emits 'close' with false
    And c emitted exactly 'connect', 'ready', 'close' false
    When srv accepts a connection as s
    Then s emitted exactly 'error' {code: "ECONNRESET", syscall: "read"}, 'close' true
    And process emits 'uncaughtException' with {code: "ECONNRESET", syscall: "read"}

  @member:socket.resetAndDestroy @node:>=19
  Scenario: reset of a socket that has no connection destroys it with ERR_SOCKET_CLOSED
    Given I call new net.Socket() as c
    And c has an 'error' listener
    When I call c.resetAndDestroy()
    Then it returns c
    And c emits 'error' with {code: "ERR_SOCKET_CLOSED", message: "Socket is closed"}
    And c emitted exactly 'error' {code: "ERR_SOCKET_CLOSED"}, 'close'

  @member:socket.resetAndDestroy @os:linux @node:>=19 @variant:socket.path
  Scenario: reset of a Unix domain socket throws ERR_INVALID_HANDLE_TYPE
    Given a temporary socket path as p
    And server usrv
    And I call usrv.listen(p)
    And usrv emits 'listening'
    And I call net.createConnection(p) as c
    And c emits 'connect'
    When I call c.resetAndDestroy()
    Then it throws ERR_INVALID_HANDLE_TYPE with message "This handle type cannot be sent"
