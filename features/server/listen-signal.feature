@area:server @profile:v19
Feature: server.listen() with an AbortSignal

  > signal AbortSignal An AbortSignal that may be used to close a listening server.
  -- Node.js v19 net docs (seed 001), server.listen(options[, callback])

  A scenario makes its AbortController with `new globals.AbortController()`:
  the driver protocol's one way to construct a global (docs/protocol.md).
  The option is newer than v0.10, so the feature holds under v19 only.

  @member:option:server.listen.signal @member:server.listen(options)
  Scenario: aborting the signal closes a listening server
    Given server srv
    And I call new globals.AbortController() as ac
    And I call ac.signal as signal
    When I call srv.listen({port: 0, host: "127.0.0.1", signal: signal})
    And srv emits 'listening'
    And I call ac.abort()
    Then srv emits 'close'
    And srv.listening is false

  @member:option:server.listen.signal @member:server.listen(options) @node:>=20
  Scenario: a signal aborted before listen() closes the server without listening
    Given server srv
    And I call new globals.AbortController() as ac
    And I call ac.signal as signal
    And I call ac.abort()
    When I call srv.listen({port: 0, host: "127.0.0.1", signal: signal})
    Then srv emits 'close'
    And srv does not emit 'listening'

  @member:option:server.listen.signal @member:server.listen(options) @doc-erratum @node:19
  Scenario: Node.js 19: a signal aborted before listen() emits 'close', and the server listens all the same
    # The doc likens abort() to close(); Node.js 19.8.1 emits 'close' and
    # then binds and emits 'listening' (docs/profiles.md, errata).
    Given server srv
    And I call new globals.AbortController() as ac
    And I call ac.signal as signal
    And I call ac.abort()
    When I call srv.listen({port: 0, host: "127.0.0.1", signal: signal})
    Then srv emits 'close'
    And srv has emitted exactly 'close', 'listening'
    And srv.listening is true

  @member:option:server.listen.signal @member:server.listen(options)
  Scenario: a signal that is not an AbortSignal is refused
    Given server srv
    When I call srv.listen({port: 0, signal: {}})
    Then it throws ERR_INVALID_ARG_TYPE with message "The \"options.signal\" property must be an instance of AbortSignal. Received an instance of Object"
