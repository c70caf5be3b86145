# Every scenario here orders events against a promise job (queueMicrotask),
# which Node.js 0.10 does not have: @node:>=19 (docs/profiles.md 4.4).
@area:socket @node:>=19
Feature: when a socket's callbacks and events come, against the event loop's queues

  > This function is asynchronous. When the connection is established, the
  > 'connect' event will be emitted. If there is a problem connecting,
  > instead of a 'connect' event, an 'error' event will be emitted with
  > the error passed to the 'error' listener. The last parameter
  > connectListener, if supplied, will be added as a listener for the
  > 'connect' event once.
  -- Node.js v19 net docs (seed 001), socket.connect()

  > Emitted after resolving the host name but before connecting. Not
  > applicable to Unix sockets.
  -- Node.js v19 net docs (seed 001), Event: 'lookup'

  > The optional callback parameter will be executed when the data is
  > finally written out, which may not be immediately.
  -- Node.js v19 net docs (seed 001), socket.write()

  > Half-closes the socket. i.e., it sends a FIN packet. It is possible the
  > server will still send some data.
  -- Node.js v19 net docs (seed 001), socket.end()

  > Sets the socket to timeout after timeout milliseconds of inactivity on
  > the socket. ... The optional callback parameter will be added as a
  > one-time listener for the 'timeout' event.
  -- Node.js v19 net docs (seed 001), socket.setTimeout()

  > Ensures that no more I/O activity happens on this socket. Destroys the
  > stream and closes the connection.
  -- Node.js v19 net docs (seed 001), socket.destroy()

  The docs make connect() asynchronous; for the others they say only
  that the callback or event comes later ("may not be immediately",
  "after resolving"), and nothing of where it falls against
  process.nextTick, promise jobs (queueMicrotask) and setImmediate. Each
  scenario calls the member and then queues one of each, in the same
  tick, and states the order Node.js 20 delivers them in (the same in
  Node 22, 24 and 26): tagged @observed. What comes from the network
  (a connection made, a lookup answered) is pinned only after the tick
  and the promise job, since whether it beats setImmediate depends on the
  kernel and the resolver, not on the implementation.

  @member:socket.connect @member:event:socket.connect @member:event:socket.ready @observed
  Scenario: connect(port, host, connectListener) connects after the ticks and promise jobs of the call
    Given server srv is listening on "127.0.0.1" port 0
    When I call srv.address() as bound
    And I call new net.Socket() as c
    And I call c.connect(bound.port, "127.0.0.1", onConnect); globals.nextTick(tick); globals.queueMicrotask(micro); globals.setImmediate(immediate) in one tick
    Then after the call returned came tick, micro, c 'connect', onConnect, c 'ready', in that order

  @member:socket.connect(options) @member:event:socket.lookup @observed
  Scenario: a host name is looked up after the call returned and a tick, and 'lookup' precedes 'connect'
    Node's 'lookup' comes from the resolver's thread, so after the promise
    jobs of the call too; Deno answers "localhost" sometimes before them,
    sometimes after (7 runs of 8 before), so the scenario pins only the
    tick.

    Given server srv is listening on "127.0.0.1" port 0
    When I call srv.address() as bound
    And I call new net.Socket() as c
    And I call c.connect({port: bound.port, host: "localhost", family: 4}); globals.nextTick(tick); globals.queueMicrotask(micro) in one tick
    Then after the call returned came tick, c 'lookup', c 'connect', in that order
    And after the call returned came tick, micro, in that order

  @member:event:socket.error @member:event:socket.close @observed
  Scenario: a refused connection's 'error' and 'close' come after the ticks and promise jobs of the call
    Given server srv is listening on "127.0.0.1" port 0
    When I call srv.address() as bound
    And I call srv.close(closed)
    And closed is called
    And I call new net.Socket() as c
    And c has an 'error' listener
    And I call c.connect(bound.port, "127.0.0.1"); globals.nextTick(tick); globals.queueMicrotask(micro); globals.setImmediate(immediate) in one tick
    Then after the call returned came tick, micro, c 'error', c 'close', in that order
    And c emits 'error' with ECONNREFUSED

  @member:socket.write @observed
  Scenario: the callback of a write the kernel took at once comes in the nextTick queue, not inside the call
    Given server srv is listening on "127.0.0.1" port 0
    And client c connects to srv
    When I call c.write("ping", written); globals.nextTick(tick); globals.queueMicrotask(micro); globals.setImmediate(immediate) in one tick
    Then after the call returned came written, tick, micro, immediate, in that order
    And written is called with null

  @member:socket.end @observed
  Scenario: the callback of end() comes with 'finish', after the ticks and promise jobs of the call
    Given server srv is listening on "127.0.0.1" port 0
    And client c connects to srv
    When I call c.end(ended); globals.nextTick(tick); globals.queueMicrotask(micro); globals.setImmediate(immediate) in one tick
    Then after the call returned came tick, micro, ended, c 'finish', in that order

  @member:socket.setTimeout @member:event:socket.timeout @observed
  Scenario: 'timeout' and the setTimeout() callback come from a timer, after the check phase that follows the call
    Given server srv is listening on "127.0.0.1" port 0
    And client c connects to srv
    When I call c.setTimeout(1, onTimeout); globals.nextTick(tick); globals.queueMicrotask(micro); globals.setImmediate(immediate) in one tick
    Then after the call returned came tick, micro, immediate, c 'timeout', onTimeout, in that order

  @member:socket.destroy @member:event:socket.close @observed
  Scenario: destroy() of a connected socket emits 'close' once its handle is closed, after the check phase
    Given server srv is listening on "127.0.0.1" port 0
    And client c connects to srv
    When I call c.destroy(); globals.nextTick(tick); globals.queueMicrotask(micro); globals.setImmediate(immediate) in one tick
    Then after the call returned came tick, micro, immediate, c 'close', in that order

  @member:socket.destroy @member:event:socket.close @observed
  Scenario: destroy() of a socket that never connected emits 'close' in the nextTick queue
    Given I call new net.Socket() as c
    When I call c.destroy(); globals.nextTick(tick); globals.queueMicrotask(micro); globals.setImmediate(immediate) in one tick
    Then after the call returned came c 'close', tick, micro, immediate, in that order
