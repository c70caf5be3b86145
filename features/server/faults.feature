@area:server @os:linux
Feature: listening on a Unix domain socket path that cannot be used as given

  > On Unix, the local domain is also known as the Unix domain. The path is
  > a filesystem pathname. It gets truncated to an OS-dependent length of
  > sizeof(sockaddr_un.sun_path) - 1. Typical values are 107 bytes on Linux
  > and 103 bytes on macOS.
  -- Node.js v19 net docs (seed 001), Identifying paths for IPC connections

  > One of the most common errors raised when listening is EADDRINUSE.
  > This happens when another server is already listening on the
  > requested port/path/handle.
  -- Node.js v19 net docs (seed 001), server.listen()

  # Node.js 19 cuts a path to 107 bytes, as the doc says. Node.js 20 and
  # 22 (libuv 1.46) cut it to all 108 bytes of sun_path: a path of 108
  # bytes is used whole. The server and its clients cut the path alike,
  # so the long path serves both; address() answers the path as given.
  # Whether close() then removes the cut file differs between Node.js 20
  # (it does not) and 22 (it does), so no scenario says. From Node.js 24
  # on (libuv 1.48) a path longer than sun_path is not cut but refused.

  @member:server.listen(path) @member:server.address @member:net.createConnection(path) @doc-erratum @node:<24
  Scenario: a path longer than sun_path is cut: the server listens, and a client connects by the same long path
    Given a temporary socket path of 150 bytes as p
    And server srv
    When I call srv.listen(p)
    Then srv emits 'listening'
    And I call srv.address()
    And it returns p
    And the file at p does not exist
    And I call net.createConnection(p) as c
    And c emits 'connect'
    And srv emits 'connection'

  @member:server.listen(path) @member:event:server.error @doc-erratum @node:>=24
  Scenario: a path longer than sun_path is refused: listen() emits EINVAL
    Given a temporary socket path of 150 bytes as p
    And server srv
    And srv has an 'error' listener
    When I call srv.listen(p)
    Then srv emits 'error' with {code: "EINVAL", errno: -22, syscall: "listen", address: p, port: -1}
    And srv.listening is false
    And the file at p does not exist

  @member:server.listen(path) @doc-erratum @node:>=20
  Scenario: a path of exactly 108 bytes is used whole
    Given a temporary socket path of 108 bytes as p
    And server srv
    When I call srv.listen(p)
    Then srv emits 'listening'
    And the file at p is a socket

  @member:server.listen(path) @member:net.createConnection(path) @node:<20
  Scenario: a path of exactly 108 bytes is cut to 107, as the doc says
    Given a temporary socket path of 108 bytes as p
    And server srv
    When I call srv.listen(p)
    Then srv emits 'listening'
    And the file at p does not exist
    And I call net.createConnection(p) as c
    And c emits 'connect'

  @member:server.listen(path) @member:event:server.error @node:>=19
  Scenario: listening where a regular file is emits EADDRINUSE, and the file stays
    Given a temporary socket path as p
    And a regular file at p
    And server srv
    And srv has an 'error' listener
    When I call srv.listen(p)
    Then srv emits 'error' with {code: "EADDRINUSE", errno: -98, syscall: "listen", address: p, port: -1, message: stringMatching("^listen EADDRINUSE: address already in use /")}
    And srv.listening is false
    And the file at p is a regular file
