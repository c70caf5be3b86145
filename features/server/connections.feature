@area:server
Feature: server.getConnections(), server.maxConnections and 'drop'

  > Asynchronously get the number of concurrent connections on the
  > server. Works when sockets were sent to forks.
  > Callback should take two arguments err and count.
  -- Node.js v19 net docs (seed 001), server.getConnections(callback)

  > Set this property to reject connections when the server's connection
  > count gets high.
  -- Node.js v19 net docs (seed 001), server.maxConnections

  > When the number of connections reaches the threshold of
  > server.maxConnections, the server will drop new connections and emit
  > 'drop' event instead. If it is a TCP server, the argument is as
  > follows, otherwise the argument is undefined.
  > data: localAddress, localPort, localFamily, remoteAddress, remotePort,
  > remoteFamily ('IPv4' or 'IPv6').
  -- Node.js v19 net docs (seed 001), Event: 'drop'

  > Emitted when a new connection is made. socket is an instance of
  > net.Socket.
  -- Node.js v19 net docs (seed 001), Event: 'connection'

  > This function is **deprecated**; please use [server.getConnections()][]
  > instead. The number of concurrent connections on the server.
  -- Node.js v0.10 net docs (seed 000), server.connections

  @member:server.getConnections @node:>=19
  Scenario: getConnections() counts no connection on a new server
    Given server srv is listening on "127.0.0.1" port 0
    When I call srv.getConnections(counted)
    Then it returns srv
    And counted had not emitted 'call' when the call returned
    And counted is called with [null, 0]

  @member:server.getConnections
  Scenario Outline: getConnections(<callback>) throws ERR_INVALID_ARG_TYPE
    Given server srv
    When I call srv.getConnections(<callback>)
    Then it throws ERR_INVALID_ARG_TYPE with message "The \"callback\" argument must be of type function. Received <received>"

    @node:>=19
    Examples:
      | callback | received           |
      |          | undefined          |
      | 5        | type number (5)    |

  @member:server.getConnections
  Scenario: getConnections() counts the open connections
    Given server srv is listening on "127.0.0.1" port 0
    When client a connects to srv
    And client b connects to srv
    And srv emits 'connection' 2 times
    And I call srv.getConnections(counted)
    Then counted is called with [null, 2]

  @member:server.getConnections
  Scenario: getConnections() no longer counts a closed connection
    Given server srv is listening on "127.0.0.1" port 0
    When client a connects to srv
    And srv accepts a connection as s
    And s is destroyed
    And s emits 'close'
    And I call srv.getConnections(counted)
    Then counted is called with [null, 0]

  @member:server.getConnections @member:server.close
  Scenario: getConnections() counts connections kept after close()
    Given server srv is listening on "127.0.0.1" port 0
    When client a connects to srv
    And srv accepts a connection as s
    And I call srv.close()
    And I call srv.getConnections(counted)
    Then counted is called with [null, 1]

  @member:event:server.connection @node:>=19
  Scenario: 'connection' passes a net.Socket connected to the client
    Given server srv is listening on "127.0.0.1" port 0
    When client c connects to srv
    And srv accepts a connection as s
    Then s.remoteAddress is "127.0.0.1"
    And s.remoteFamily is "IPv4"

  @member:server.maxConnections
  Scenario: maxConnections is undefined until set, and reads back what was set
    Given server srv
    Then srv.maxConnections is undefined
    When I set srv.maxConnections to 1
    Then srv.maxConnections is 1

  @member:server.maxConnections
  Scenario: a connection past maxConnections is closed and not emitted
    Given server srv
    And I set srv.maxConnections to 1
    And srv is listening on "127.0.0.1" port 0
    When client a connects to srv
    And srv accepts a connection as s
    And client b connects to srv
    Then b emits 'end' before 'close'
    And srv emits 'connection' 1 time
    And a.destroyed is false

  @member:server.maxConnections
  Scenario: a connection is accepted again once the count is below maxConnections
    Given server srv
    And I set srv.maxConnections to 1
    And srv is listening on "127.0.0.1" port 0
    When client a connects to srv
    And srv accepts a connection as s
    And s is destroyed
    And s emits 'close'
    And client b connects to srv
    Then srv emits 'connection' 2 times

  @member:server.maxConnections @member:event:server.drop @profile:v19
  Scenario: a TCP server emits 'drop' with the addresses of the dropped connection
    Given server srv
    And I set srv.maxConnections to 1
    And srv is listening on "127.0.0.1" port 0
    When I call srv.address() as bound
    And client a connects to srv
    And srv accepts a connection as s
    And client b connects to srv
    Then b emitted exactly 'connect', 'ready', 'end', 'close' false
    # The server emits 'drop' before it closes the connection it drops.
    And srv has emitted exactly 'listening', 'connection' s, 'drop' {localAddress: "127.0.0.1", localPort: bound.port, localFamily: "IPv4", remoteAddress: "127.0.0.1", remotePort: any(Number), remoteFamily: "IPv4"}

  @member:server.maxConnections @member:event:server.drop @profile:v0.10
  Scenario: a server rejects a connection past maxConnections without an event
    Given server srv
    And I set srv.maxConnections to 1
    And srv is listening on "127.0.0.1" port 0
    When client a connects to srv
    And srv accepts a connection as s
    And client b connects to srv
    And b emits 'close'
    Then srv does not emit 'drop'

  @member:server.maxConnections @node:<22 @observed
  Scenario: maxConnections 0 sets no limit
    # The docs say nothing of 0. Node.js 20's lib/net.js drops only when
    # `maxConnections && connections >= maxConnections`.
    Given server srv
    And I set srv.maxConnections to 0
    And srv is listening on "127.0.0.1" port 0
    When client a connects to srv
    Then srv emitted exactly 'listening', 'connection'

  @member:server.maxConnections @member:event:server.drop @profile:v19 @node:>=22 @observed
  Scenario: maxConnections 0 accepts no connection
    # From Node.js 22 on, 0 is a limit like any other: every connection
    # is dropped.
    Given server srv
    And I set srv.maxConnections to 0
    And srv is listening on "127.0.0.1" port 0
    When client a connects to srv
    Then a emitted exactly 'connect', 'ready', 'end', 'close' false
    And srv has emitted exactly 'listening', 'drop' {localAddress: "127.0.0.1", localPort: any(Number), localFamily: "IPv4", remoteAddress: "127.0.0.1", remotePort: any(Number), remoteFamily: "IPv4"}

  @member:server.connections @profile:v0.10
  Scenario: server.connections is the number of concurrent connections
    Given server srv is listening on "127.0.0.1" port 0
    Then srv.connections is 0
    When client a connects to srv
    And srv accepts a connection as s
    Then srv.connections is 1

  @member:server.connections @profile:v19
  Scenario: server.connections is gone
    # The v19 docs no longer list it; Node.js 20 has no such property.
    Given server srv is listening on "127.0.0.1" port 0
    When client a connects to srv
    And srv accepts a connection as s
    Then srv.connections is undefined
