@area:examples
Feature: the tutorials' client programs

  The English tutorial's server greets each connection with
  "Hello World!\r\n" and pipes the socket to itself; its two clients
  print what they receive.

  > var client = new net.Socket();
  > client.connect(8080, '127.0.0.1', function() {
  >   console.log('Connected');
  >   client.write('Hello from client');
  > });
  > client.on('data', function(data) {
  >   console.log('Received: ' + data);
  >   client.destroy(); // kill client after server's response
  > });
  > client.on('close', function() { console.log('Connection closed'); });
  > [prints] Connected / Received: Hello World! / Connection closed
  -- the English tutorial (seed 004), client.js; also the Chinese tutorial (seed 003)

  > var client = net.connect({port: 8080}, function() {
  >   console.log('Connected to the server!');
  > });
  > client.on('data', function(data) { console.log(data.toString()); client.end(); });
  > client.on('end', function() { console.log('Disconnected from the server'); });
  > [prints] Connected to the server! / Hello World! / Disconnected from the server
  -- the English tutorial (seed 004), the second client; also seed 003

  Ports are 0 here, not 8080: the OS assigns one. The first client waits
  for the echo of its own line before destroy(), so that no byte is in
  flight when it closes (an unread byte would make the kernel answer the
  server with RST). The greeting and the echo may arrive in one 'data' or
  in two: TCP keeps no message boundaries, so the scenario checks the bytes
  in order, not how they were chunked.

  Background:
    Given server srv that on 'connection' writes "Hello World!\r\n" and pipes it to itself
    And srv is listening on "127.0.0.1" port 0
    And I call srv.address() as bound

  @member:example:tutorial-client @member:socket.connect @member:socket.connect(port) @member:class:net.Socket
  Scenario: new net.Socket().connect(port, host, listener): connected, greeted, closed by destroy()
    Given I call new net.Socket() as client
    And I call client.on("data", onData)
    When I call client.connect(bound.port, "127.0.0.1", onConnected)
    Then onConnected is called
    When I call client.write("Hello from client")
    Then client receives "Hello World!\r\nHello from client"
    And onData is called
    When client is destroyed
    Then client emits 'close' with false
    And client emits 'data' before 'close'
    And client emitted exactly 'connect', 'ready', 'data' Buffer.from("Hello World!\r\nHello from client"), 'close' false

  @member:example:tutorial-client @member:net.connect @member:example:tutorial-client-2 @member:net.connect(options) @node:>=19
  Scenario: net.connect({port}, listener): connected, greeted, then 'end' after end()
    Given I call net.connect({port: bound.port}, onConnected) as client
    And I call client.on("data", onData)
    Then onConnected is called
    And onData is called with Buffer.from("Hello World!\r\n")
    When client ends
    Then client emits 'end' before 'close'
    And client emits 'close' with false
    And client emitted exactly 'lookup' [null, "127.0.0.1", 4, "localhost"], 'connect', 'ready', 'data' Buffer.from("Hello World!\r\n"), 'end', 'close' false
