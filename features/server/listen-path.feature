@area:server @os:linux
Feature: server.listen(path[, backlog][, callback]) starts a Unix domain socket server

  > Start an IPC server listening for connections on the given path.
  -- Node.js v19 net docs (seed 001), server.listen(path[, backlog][, callback])

  > For a server listening on a pipe or Unix domain socket, the name is
  > returned as a string.
  > server.address() returns null before the 'listening' event has been
  > emitted or after calling server.close().
  -- Node.js v19 net docs (seed 001), server.address()

  > If a Node.js API abstraction creates the Unix domain socket, it will
  > unlink the Unix domain socket as well. For example, net.createServer()
  > may create a Unix domain socket and server.close() will unlink it.
  -- Node.js v19 net docs (seed 001), Identifying paths for IPC connections

  > One of the most common errors raised when listening is EADDRINUSE.
  > This happens when another server is already listening on the
  > requested port/path/handle.
  -- Node.js v19 net docs (seed 001), server.listen()

  > Start a UNIX socket server listening for connections on the given `path`.
  -- Node.js v0.10 net docs (seed 000), server.listen(path, [callback])

  @member:server.listen @member:server.listen(path)
  Scenario: listen(path) listens on a Unix domain socket at that path
    Given a temporary socket path as p
    And server srv
    When I call srv.listen(p)
    Then it returns srv
    And srv emits 'listening'
    And the file at p exists

  @member:server.listen @member:server.listen(path) @node:>=19
  Scenario: listen(path, backlog, callback) listens and calls back
    Given a temporary socket path as p
    And server srv
    When I call srv.listen(p, 10, onListening)
    Then onListening is called
    And srv.listening is true

  @member:server.listen @member:server.listen(path) @member:server.listen(options) @member:option:server.listen.path @node:>=19
  Scenario: listen({path}) listens on a Unix domain socket
    Given a temporary socket path as p
    And server srv
    When I call srv.listen({path: p}, onListening)
    Then onListening is called
    And the file at p exists

  @member:server.listen @member:event:server.connection @member:server.listen(path)
  Scenario: a Unix domain socket server accepts a connection to its path
    Given a temporary socket path as p
    And server srv
    When I call srv.listen(p)
    And srv emits 'listening'
    And a Unix domain socket client connects to p
    Then srv emits 'connection'

  @member:server.address @member:server.listen(path) @variant:server.path
  Scenario: address() of a Unix domain socket server is its path, a string
    Given a temporary socket path as p
    And server srv
    When I call srv.listen(p)
    And srv emits 'listening'
    And I call srv.address()
    Then it returns p

  @member:server.address @member:server.close @doc-erratum @member:server.listen(path) @variant:server.path
  Scenario: address() of a closed Unix domain socket server is still its path
    # The doc says null after close(); Node.js 20 keeps returning the path
    # (lib/net.js returns this._pipeName, which close() leaves set).
    Given a temporary socket path as p
    And server srv
    When I call srv.listen(p)
    And srv emits 'listening'
    And I call srv.close(closed)
    And closed is called
    And I call srv.address()
    Then it returns p

  @member:server.close @member:server.listen(path) @variant:server.path
  Scenario: close() unlinks the socket file the server created
    Given a temporary socket path as p
    And server srv
    When I call srv.listen(p)
    And srv emits 'listening'
    And the file at p exists
    And I call srv.close(closed)
    Then the file at p does not exist
    And closed is called

  @member:server.listen @member:event:server.error @member:server.listen(path) @node:>=19 @variant:server.path
  Scenario: listening on a path another server listens on emits EADDRINUSE
    Given a temporary socket path as p
    And server first
    And server second
    And second has an 'error' listener
    When I call first.listen(p)
    And first emits 'listening'
    And I call second.listen(p)
    Then second emits 'error' with {code: "EADDRINUSE", errno: -98, syscall: "listen", address: p, port: -1, message: stringMatching("^listen EADDRINUSE: address already in use /.*\\.sock$")}
    And second.listening is false
    And the file at p exists

  @member:server.listen @member:event:server.error @member:server.listen(path)
  Scenario: listen() succeeds on the path again after the other server closed
    Given a temporary socket path as p
    And server first
    And server second
    And second has an 'error' listener
    When I call first.listen(p)
    And first emits 'listening'
    And I call second.listen(p)
    And second emits 'error' with EADDRINUSE
    And I call first.close(closed)
    And closed is called
    And I call second.listen(p)
    Then second emits 'listening'

  @member:server.listen @member:server.listen(path) @member:server.listen(options) @member:option:server.listen.path @member:option:server.listen.writableAll @node:>=19
  Scenario: listen({path, writableAll: true}) makes the socket file writable by everyone
    Given a temporary socket path as p
    And server srv
    When I call srv.listen({path: p, writableAll: true}, onListening)
    And onListening is called
    Then the file at p has mode bits 0o222

  # The runner runs every target under umask 077 (docs/writing-features.md),
  # so a socket file starts as the owner's alone and the bits for others
  # come from readableAll and writableAll.
  @member:server.listen @member:server.listen(path) @member:server.listen(options) @member:option:server.listen.path @member:option:server.listen.readableAll @node:>=19
  Scenario: listen({path, readableAll: true}) makes the socket file readable by everyone
    Given a temporary socket path as p
    And server srv
    When I call srv.listen({path: p, readableAll: true}, onListening)
    And onListening is called
    Then the file at p has mode bits 0o444

  @member:server.listen(options) @member:option:server.listen.readableAll @member:option:server.listen.writableAll @profile:v19
  Scenario Outline: listen(<options>) gives group and others the permissions asked for and no more
    # Under umask 077 group and others start with nothing; readableAll
    # adds r and writableAll w, nothing else. (The owner's bits differ:
    # Node.js 20 adds to the owner's rwx, 0o744; Node.js 22 sets the
    # mode to the bits asked for alone, 0o444.)
    Given a temporary socket path as p
    And server srv
    When I call srv.listen(<options>, onListening)
    And onListening is called
    Then the file at p gives group and others <mode>

    Examples:
      | options                                         | mode  |
      | {path: p}                                       | 0o000 |
      | {path: p, readableAll: true}                    | 0o044 |
      | {path: p, writableAll: true}                    | 0o022 |
      | {path: p, readableAll: true, writableAll: true} | 0o066 |

  @member:server.listen @member:server.listen(path) @member:server.listen(options) @member:option:server.listen.path @member:option:server.listen.readableAll @member:option:server.listen.writableAll @node:>=19
  Scenario: listen({path, readableAll: true, writableAll: true}) opens the socket file to everyone
    Given a temporary socket path as p
    And server srv
    When I call srv.listen({path: p, readableAll: true, writableAll: true}, onListening)
    And onListening is called
    Then the file at p has mode bits 0o666

  @member:server.listen @member:server.listen(path) @member:server.listen(options) @member:option:server.listen.path @member:option:server.listen.port @node:>=19
  Scenario: listen({port, path}) ignores the path
    # "path: Will be ignored if port is specified."
    Given a temporary socket path as p
    And server srv
    When I call srv.listen({port: 0, host: "127.0.0.1", path: p}, onListening)
    And onListening is called
    And I call srv.address()
    Then it returns {address: "127.0.0.1", family: "IPv4", port: any(Number)}
    And the file at p does not exist

  @member:server.maxConnections @member:event:server.drop @profile:v19 @member:server.listen(path)
  Scenario: a Unix domain socket server emits 'drop' with no argument
    # "If it is a TCP server, the argument is as follows, otherwise the
    # argument is undefined."
    Given a temporary socket path as p
    And server srv
    When I set srv.maxConnections to 1
    And I call srv.listen(p)
    And srv emits 'listening'
    And a Unix domain socket client connects to p
    And srv emits 'connection'
    And I call net.createConnection(p) as b
    Then b emitted exactly 'connect', 'ready', 'end', 'close' false
    # The server emits 'drop' before it closes the connection it drops.
    And srv has emitted exactly 'listening', 'connection', 'drop' undefined
