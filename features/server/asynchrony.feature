# Every scenario here orders events against a promise job (queueMicrotask),
# which Node.js 0.10 does not have: @node:>=19 (docs/profiles.md 4.4).
@area:server @node:>=19
Feature: when a server's callbacks and events come, against the event loop's queues

  > This function is asynchronous. When the server starts listening, the
  > 'listening' event will be emitted. The last parameter callback will be
  > added as a listener for the 'listening' event.
  -- Node.js v19 net docs (seed 001), server.listen()

  > Stops the server from accepting new connections and keeps existing
  > connections. This function is asynchronous, the server is finally
  > closed when all connections are ended and the server emits a 'close'
  > event.
  -- Node.js v19 net docs (seed 001), server.close()

  > Asynchronously get the number of concurrent connections on the server.
  -- Node.js v19 net docs (seed 001), server.getConnections()

  The docs say these calls are asynchronous; they do not say where the
  callback falls against process.nextTick, promise jobs (queueMicrotask)
  and setImmediate. Each scenario calls the member and then queues one of
  each, in the same tick, and states the order Node.js 20 delivers them in
  (the same in Node 22, 24 and 26): tagged @observed. A callback that runs
  inside the call, or a phase early or late, fails.

  Node emits 'listening' from a nextTick queued by listen() itself when
  no host has to be looked up, so it comes before a tick queued after
  the call; with a host, listen() first looks it up (an IP literal too),
  and 'listening' comes one tick later, after such a tick. That hop is an
  implementation detail: with a host, the scenarios pin only that
  'listening' comes in the nextTick queue, before any promise job.

  @member:server.listen(port) @member:event:server.listening @observed
  Scenario: listen(0, callback) emits 'listening' and calls back in the nextTick queue it was called in
    Given server srv
    When I call srv.listen(0, onListening); globals.nextTick(tick); globals.queueMicrotask(micro); globals.setImmediate(immediate) in one tick
    Then after the call returned came srv 'listening', onListening, tick, micro, immediate, in that order

  @member:server.listen @member:event:server.listening @observed
  Scenario: listen(0, host, callback) emits 'listening' and calls back before any promise job
    Given server srv
    When I call srv.listen(0, "127.0.0.1", onListening); globals.nextTick(tick); globals.queueMicrotask(micro); globals.setImmediate(immediate) in one tick
    Then after the call returned came srv 'listening', onListening, micro, immediate, in that order
    And after the call returned came tick, micro, in that order

  @member:server.listen(options) @member:event:server.listening @observed
  Scenario: listen({port, host}, callback) emits 'listening' and calls back before any promise job
    Given server srv
    When I call srv.listen({port: 0, host: "127.0.0.1"}, onListening); globals.nextTick(tick); globals.queueMicrotask(micro); globals.setImmediate(immediate) in one tick
    Then after the call returned came srv 'listening', onListening, micro, immediate, in that order
    And after the call returned came tick, micro, in that order

  @member:server.close @member:event:server.close @observed
  Scenario: close(callback) of a listening server with no connections emits 'close' and calls back in the nextTick queue
    Given server srv is listening on "127.0.0.1" port 0
    When I call srv.close(closed); globals.nextTick(tick); globals.queueMicrotask(micro); globals.setImmediate(immediate) in one tick
    Then after the call returned came srv 'close', closed, tick, micro, immediate, in that order

  @member:server.close @observed
  Scenario: close(callback) of a server that is not listening calls back with the error in the nextTick queue
    Given server srv
    When I call srv.close(closed); globals.nextTick(tick); globals.queueMicrotask(micro); globals.setImmediate(immediate) in one tick
    Then after the call returned came srv 'close', closed, tick, micro, immediate, in that order
    And closed is called with ERR_SERVER_NOT_RUNNING

  @member:server.getConnections @observed
  Scenario: getConnections(callback) calls back in the nextTick queue, not inside the call
    Given server srv is listening on "127.0.0.1" port 0
    When I call srv.getConnections(counted); globals.nextTick(tick); globals.queueMicrotask(micro); globals.setImmediate(immediate) in one tick
    Then after the call returned came counted, tick, micro, immediate, in that order
    And counted is called with [null, 0]

  @member:server.getConnections @observed
  Scenario: getConnections(callback) of a server that is not listening calls back in the nextTick queue too
    Given server srv
    When I call srv.getConnections(counted); globals.nextTick(tick); globals.queueMicrotask(micro); globals.setImmediate(immediate) in one tick
    Then after the call returned came counted, tick, micro, immediate, in that order

  @member:event:server.error @observed
  Scenario: EADDRINUSE comes as 'error' after the call returned, before any promise job
    Given server first is listening on "127.0.0.1" port 0
    And server second
    And second has an 'error' listener
    When I call first.address() as bound
    And I call second.listen(bound.port, "127.0.0.1"); globals.nextTick(tick); globals.queueMicrotask(micro); globals.setImmediate(immediate) in one tick
    Then after the call returned came second 'error', micro, immediate, in that order
    And after the call returned came tick, micro, in that order
    And second emits 'error' with EADDRINUSE
