@area:examples
Feature: the echo server and client of the docs and the tutorials

  The docs and both tutorials show the same program: a server that greets
  each connection and then pipes the socket to itself, and a client that
  writes a line and reads back the greeting and its own line.

  > Here is an example of an echo server which listens for connections on port 8124:
  > var server = net.createServer(function(c) { //'connection' listener
  > ... c.write('hello\r\n'); c.pipe(c); });
  -- Node.js v0.10 net docs (seed 000), net.createServer(); also seed 002, and seed 001 ("a TCP echo server")

  > Here is an example of a client of echo server as described previously:
  > var client = net.connect({port: 8124}, function() { client.write('world!\r\n'); });
  -- Node.js v0.10 net docs (seed 000), net.connect()

  > connection.write('Hello World!\r\n'); connection.pipe(connection);
  -- the Chinese tutorial (seed 003) and the English tutorial (seed 004), server.js

  Ports are 0 here, not 8124 or 8080: the OS assigns one, so scenarios run
  side by side.

  @member:example:echo-server @member:net.createServer
  Scenario: the echo server greets, then echoes what the client writes
    Given server srv that on 'connection' writes "hello\r\n" and pipes it to itself
    And srv is listening on "127.0.0.1" port 0
    When client c connects to srv
    And c writes "world!\r\n"
    Then c receives "hello\r\nworld!\r\n"

  @member:example:echo-client @member:net.connect
  Scenario: the echo client ends after the first data and sees the server end too
    Given server srv that on 'connection' writes "hello\r\n" and pipes it to itself
    And srv is listening on "127.0.0.1" port 0
    When client c that on 'data' ends connects to srv
    Then c receives "hello\r\n"
    And c emits 'end' before 'close'
    And c emits 'close' with false
    And c emitted exactly 'connect', 'ready', 'data' Buffer.from("hello\r\n"), 'end', 'close' false

  @member:example:tutorial-server @member:example:tutorial-client
  Scenario: the tutorials' client is greeted and destroys itself on the reply
    Given server srv that on 'connection' writes "Hello World!\r\n" and pipes it to itself
    And srv is listening on "127.0.0.1" port 0
    When client c that on 'data' is destroyed connects to srv
    Then c receives "Hello World!\r\n"
    And c emits 'close' with false
    And c does not emit 'end'
    And c emitted exactly 'connect', 'ready', 'data' Buffer.from("Hello World!\r\n"), 'close' false
