@area:socket @profile:v19
Feature: a custom lookup function resolves the host that connect() is given

  > lookup Function Custom lookup function. Default: dns.lookup().
  > [...] hints number Optional dns.lookup() hints.
  > [...] family number: Version of IP stack. Must be 4, 6, or 0. The
  > value 0 indicates that both IPv4 and IPv6 addresses are allowed.
  -- Node.js v19 net docs (seed 001), socket.connect(options[, connectListener])

  > Emitted after resolving the host name but before connecting. Not
  > applicable to Unix sockets.
  -- Node.js v19 net docs (seed 001), Event: 'lookup'

  The lookup function stands in for dns.lookup(): it is called with the
  host name, the options dns.lookup() would get and a callback. For a
  single address the callback takes (err, address, family). Node.js 20
  also has autoSelectFamily (not in the v19 doc; on by default since
  Node.js 20): with it, and family 0, it asks with {all: true} and wants
  (err, addresses), a list of {address, family}. The scenarios name the
  form they answer in: family 4 or autoSelectFamily: false for the single
  address, the default for the list.

  The socket is made with new net.Socket() before connect(): a lookup
  that calls back at once makes Node emit 'lookup' inside connect(), and
  only a socket that exists before the call can be seen emitting it.

  Background:
    Given server srv is listening on "127.0.0.1" port 0
    And I call srv.address() as bound
    And I call new net.Socket() as c

  @member:option:socket.connect.lookup @member:event:socket.lookup @member:socket.connect(options)
  Scenario: the lookup function's answer is the address connected to
    Given callback myLookup calls its argument 2 with [null, "127.0.0.1", 4]
    When I call c.connect({port: bound.port, host: "example.invalid", family: 4, lookup: myLookup})
    Then myLookup is called with ["example.invalid", {family: 4, hints: 0}, any(Object)]
    And c emits 'lookup' with [null, "127.0.0.1", 4, "example.invalid"]
    And c emits 'lookup' before 'connect'
    And c.remoteAddress is "127.0.0.1"
    And srv emits 'connection'

  @member:option:socket.connect.lookup @member:option:socket.connect.hints
  Scenario: the hints are passed to the lookup function
    Given callback myLookup calls its argument 2 with [null, "127.0.0.1", 4]
    When I call c.connect({port: bound.port, host: "example.invalid", family: 4, hints: 1024, lookup: myLookup})
    Then myLookup is called with ["example.invalid", {family: 4, hints: 1024}, any(Object)]
    And c emits 'connect'

  # autoSelectFamily is on by default from Node.js 20; the v19 docs do not
  # know it.
  @member:option:socket.connect.lookup @member:option:socket.connect.family @node:>=20 @observed
  Scenario: with family 0 and autoSelectFamily on, the lookup is asked for every address
    Given callback myLookup calls its argument 2 with [null, [{address: "127.0.0.1", family: 4}]]
    When I call c.connect({port: bound.port, host: "example.invalid", lookup: myLookup})
    Then myLookup is called with ["example.invalid", {family: undefined, hints: 32, all: true}, any(Object)]
    And c emits 'lookup' with [null, "127.0.0.1", 4, "example.invalid"]
    And c emits 'connect'

  @member:option:socket.connect.lookup
  Scenario: with autoSelectFamily off, the lookup answers with one address, as the v19 doc's lookup did
    Given callback myLookup calls its argument 2 with [null, "127.0.0.1", 4]
    When I call c.connect({port: bound.port, host: "example.invalid", autoSelectFamily: false, lookup: myLookup})
    Then myLookup is called with ["example.invalid", {family: undefined, hints: 32}, any(Object)]
    And c emits 'connect'

  @member:option:socket.connect.lookup @member:event:socket.lookup
  Scenario: an error from the lookup function is emitted with 'lookup', then as 'error', then 'close'
    Given callback myLookup calls its argument 2 with [new Error("no such name")]
    And c has an 'error' listener
    When I call c.connect({port: bound.port, host: "example.invalid", lookup: myLookup})
    Then c emits 'lookup' with [{message: "no such name"}, undefined, undefined, "example.invalid"]
    And c emits 'error' with {message: "no such name"}
    And c emits 'error' before 'close'
    And c emits 'close' with true
    And c does not emit 'connect'

  @member:option:socket.connect.lookup
  Scenario: the lookup function is not called for an IP address
    When I call c.connect({port: bound.port, host: "127.0.0.1", lookup: myLookup})
    Then c emits 'connect'
    And myLookup is not called
    And c does not emit 'lookup'
