@area:server
Feature: net.createServer([options][, connectionListener])

  > Creates a new TCP or IPC server.
  > allowHalfOpen boolean If set to false, then the socket will
  > automatically end the writable side when the readable side ends.
  > Default: false.
  > connectionListener Function Automatically set as a listener for the
  > 'connection' event.
  > pauseOnConnect boolean Indicates whether the socket should be paused
  > on incoming connections. Default: false.
  > If pauseOnConnect is set to true, then the socket associated with each
  > incoming connection will be paused, and no data will be read from its
  > handle. This allows connections to be passed between processes without
  > any data being read by the original process. To begin reading data
  > from a paused socket, call socket.resume().
  > noDelay boolean If set to true, it disables the use of Nagle's
  > algorithm immediately after a new incoming connection is received.
  > Default: false.
  > keepAlive boolean If set to true, it enables keep-alive functionality
  > on the socket immediately after a new incoming connection is received
  > [...] Default: false.
  > keepAliveInitialDelay number If set to a positive number, it sets the
  > initial delay before the first keepalive probe is sent on an idle
  > socket. Default: 0.
  -- Node.js v19 net docs (seed 001), net.createServer([options][, connectionListener])

  > The `connectionListener` argument is automatically set as a listener
  > for the ['connection'][] event.
  -- Node.js v0.10 net docs (seed 000), net.createServer([options], [connectionListener])

  allowHalfOpen is in features/socket/half-open.feature. The socket
  options noDelay and keepAlive set are not readable from JavaScript; the
  reference's tests read them back with getsockopt
  (reference/server_test.go).

  @member:net.createServer @node:>=19
  Scenario: the connectionListener is added as a 'connection' listener
    When I call net.createServer(onConnection) as srv
    And I call srv.listenerCount("connection")
    Then it returns 1

  @member:net.createServer
  Scenario: the connectionListener after options is called with the new socket
    When I call net.createServer({}, onConnection) as srv
    And srv is listening on "127.0.0.1" port 0
    And client c connects to srv
    And srv accepts a connection as s
    Then onConnection is called with s

  @member:net.createServer @node:>=19
  Scenario: options of a type other than object throw ERR_INVALID_ARG_TYPE
    When I call net.createServer(1)
    Then it throws ERR_INVALID_ARG_TYPE with message "The \"options\" argument must be of type object. Received type number (1)"

  @member:net.createServer @member:option:net.createServer.pauseOnConnect @node:>=19
  Scenario: without pauseOnConnect an accepted socket is not paused
    Given server srv is listening on "127.0.0.1" port 0
    When client c connects to srv
    And srv accepts a connection as s
    And I call s.isPaused()
    Then it returns false

  @member:net.createServer @member:option:net.createServer.pauseOnConnect @node:>=19 @variant:socket.pauseOnConnect
  Scenario: with pauseOnConnect an accepted socket is paused and reads nothing
    Given server srv with {pauseOnConnect: true}
    And srv is listening on "127.0.0.1" port 0
    When client c connects to srv
    And srv accepts a connection as s
    And c writes "hello"
    And I call s.isPaused()
    Then it returns true
    And s does not emit 'data'
    And s.bytesRead is 0

  @member:net.createServer @member:option:net.createServer.pauseOnConnect @variant:socket.pauseOnConnect
  Scenario: with pauseOnConnect the socket reads once resume() is called
    Given server srv with {pauseOnConnect: true}
    And srv is listening on "127.0.0.1" port 0
    When client c connects to srv
    And srv accepts a connection as s
    And c writes "hello"
    And I call s.resume()
    Then s receives "hello"

  @member:net.createServer @member:option:net.createServer.pauseOnConnect @node:>=19 @variant:socket.pauseOnConnect
  Scenario: with pauseOnConnect a 'data' listener alone does not start reading
    Given server srv with {pauseOnConnect: true}
    And srv is listening on "127.0.0.1" port 0
    When client c connects to srv
    And srv accepts a connection as s
    And c writes "hello"
    And s has a 'data' listener
    Then s does not emit 'data'
    When I call s.resume()
    Then s receives "hello"

  @member:net.createServer @member:option:net.createServer.noDelay @member:option:net.createServer.keepAlive @member:option:net.createServer.keepAliveInitialDelay
  Scenario: a server with noDelay, keepAlive and keepAliveInitialDelay serves connections
    Given server srv with {noDelay: true, keepAlive: true, keepAliveInitialDelay: 2000} that on 'connection' pipes it to itself
    And srv is listening on "127.0.0.1" port 0
    When client c connects to srv
    And c writes "ping"
    Then c receives "ping"

  @member:net.Server @member:class:net.Server
  Scenario: new net.Server(connectionListener) creates a server as net.createServer() does
    # "This class is used to create a TCP or IPC server." (seed 001, net.Server)
    When I call new net.Server(onConnection) as srv
    And srv is listening on "127.0.0.1" port 0
    And client c connects to srv
    And srv accepts a connection as s
    Then onConnection is called with s

  @member:net.createServer @member:option:net.createServer.allowHalfOpen
  Scenario: with allowHalfOpen the server's socket does not end when the client does
    Given server srv with {allowHalfOpen: true}
    And srv is listening on "127.0.0.1" port 0
    When client c connects to srv
    And srv accepts a connection as s
    And I call s.resume()
    And c ends
    And s emits 'end'
    Then c does not emit 'end'
    When s ends
    Then c emits 'end'

  @member:net.createServer @member:option:net.createServer.allowHalfOpen
  Scenario: without allowHalfOpen the server's socket ends when the client does
    Given server srv
    And srv is listening on "127.0.0.1" port 0
    When client c connects to srv
    And srv accepts a connection as s
    And I call s.resume()
    And c ends
    Then s emits 'end'
    And c emits 'end'
