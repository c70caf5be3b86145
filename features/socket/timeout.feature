@area:socket
Feature: socket.setTimeout() and 'timeout'

  > Sets the socket to timeout after timeout milliseconds of inactivity on
  > the socket. By default net.Socket do not have a timeout.
  > When an idle timeout is triggered the socket will receive a 'timeout'
  > event but the connection will not be severed. The user must manually
  > call socket.end() or socket.destroy() to end the connection.
  > If timeout is 0, then the existing idle timeout is disabled.
  > The optional callback parameter will be added as a one-time listener
  > for the 'timeout' event.
  -- Node.js v19 net docs (seed 001), socket.setTimeout(timeout[, callback])

  > The socket timeout in milliseconds as set by socket.setTimeout(). It
  > is undefined if a timeout has not been set.
  -- Node.js v19 net docs (seed 001), socket.timeout

  > Emitted if the socket times out from inactivity. This is only to
  > notify that the socket has been idle. The user must manually close the
  > connection.
  -- Node.js v19 net docs (seed 001), Event: 'timeout'

  Background:
    Given server srv is listening on "127.0.0.1" port 0

  @member:socket.setTimeout @member:event:socket.timeout @node:>=19
  Scenario: an idle socket emits 'timeout' and stays open
    Given client c connects to srv
    When I call c.setTimeout(50)
    Then it returns c
    And c emits 'timeout'
    And c.destroyed is false
    And c.readyState is "open"
    And c emitted exactly 'connect', 'ready', 'timeout'

  @member:socket.setTimeout
  Scenario: the callback is a one-time 'timeout' listener
    Given client c connects to srv
    When I call c.setTimeout(30, onTimeout)
    Then onTimeout is called
    And c emits 'timeout'
    And c emitted exactly 'connect', 'ready', 'timeout'
    And onTimeout emits 'call' 1 time

  @member:socket.setTimeout
  Scenario: setTimeout(0) disables the idle timeout
    Given client c1 connects to srv
    And client c2 connects to srv
    When I call c2.setTimeout(10); c2.setTimeout(0); c1.setTimeout(60) in one tick
    Then c1 emits 'timeout'
    And c2 does not emit 'timeout'
    And c1 emitted exactly 'connect', 'ready', 'timeout'
    And c2 emitted exactly 'connect', 'ready'

  @member:socket.timeout @node:>=19
  Scenario: timeout is undefined until setTimeout() sets it
    Given I call new net.Socket() as c
    Then c.timeout is undefined
    When I call c.setTimeout(1000)
    Then c.timeout is 1000
    When I call c.setTimeout(0)
    Then c.timeout is 0

  @member:socket.setTimeout
  Scenario Outline: setTimeout(<args>) throws <code>
    Given I call new net.Socket() as c
    When I call c.setTimeout(<args>)
    Then it throws <code> with message <message>

    @node:>=19
    Examples:
      | args   | code                 | message                                                                                          |
      | "x"    | ERR_INVALID_ARG_TYPE | "The \"msecs\" argument must be of type number. Received type string ('x')"                     |
      | -1     | ERR_OUT_OF_RANGE     | 'The value of "msecs" is out of range. It must be a non-negative finite number. Received -1'    |
      | 1, 5   | ERR_INVALID_ARG_TYPE | 'The "callback" argument must be of type function. Received type number (5)'                    |
