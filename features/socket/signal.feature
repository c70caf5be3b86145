@area:socket @profile:v19
Feature: new net.Socket({signal})

  > signal AbortSignal An Abort signal that may be used to destroy the socket.
  -- Node.js v19 net docs (seed 001), new net.Socket([options])

  A scenario makes its AbortController with `new globals.AbortController()`.
  The option is newer than v0.10, so the feature holds under v19 only.

  @member:option:net.Socket.signal
  Scenario: aborting the signal destroys a connected socket with an AbortError
    Given server srv is listening on "127.0.0.1" port 0
    And I call srv.address() as bound
    And I call new globals.AbortController() as ac
    And I call ac.signal as signal
    And I call new net.Socket({signal: signal}) as c
    And c has an 'error' listener
    And I call c.connect(bound.port, "127.0.0.1")
    And c emits 'connect'
    When I call ac.abort()
    Then c emits 'error' with {name: "AbortError", code: "ABORT_ERR", message: "The operation was aborted"}
    And c emits 'error' before 'close'
    And c emits 'close' with true
    And c.destroyed is true

  @member:option:net.Socket.signal @member:net.createConnection
  Scenario: createConnection({signal}) passes the signal to the socket
    Given server srv is listening on "127.0.0.1" port 0
    And I call srv.address() as bound
    And I call new globals.AbortController() as ac
    And I call ac.signal as signal
    And I call net.createConnection({port: bound.port, host: "127.0.0.1", signal: signal}) as c
    And c has an 'error' listener
    And c emits 'connect'
    When I call ac.abort()
    Then c emits 'error' with {name: "AbortError", code: "ABORT_ERR"}
    And c emits 'close' with true

  @member:option:net.Socket.signal
  Scenario: a signal aborted already destroys the new socket after the constructor returns
    Given I call new globals.AbortController() as ac
    And I call ac.signal as signal
    And I call ac.abort()
    When I call new net.Socket({signal: signal}) as c
    Then c had not emitted 'error' when the call returned
    And process emits 'uncaughtException' with {name: "AbortError", code: "ABORT_ERR"}
    And c emits 'error' before 'close'

  @member:option:net.Socket.signal
  Scenario: a signal that is not an AbortSignal is refused
    When I call new net.Socket({signal: {}})
    Then it throws ERR_INVALID_ARG_TYPE with message 'The "signal" argument must be an instance of AbortSignal. Received an instance of Object'
