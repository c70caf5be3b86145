@area:socket @bad-input @observed
Feature: socket.write() and socket.end() reject bad data and encodings

  > Sends data on the socket. The second parameter specifies the encoding
  > in the case of a string. It defaults to UTF8 encoding.
  -- Node.js v19 net docs (seed 001), socket.write(data[, encoding][, callback])

  > Half-closes the socket. i.e., it sends a FIN packet. It is possible
  > the server will still send some data.
  > See writable.end() for further details.
  -- Node.js v19 net docs (seed 001), socket.end([data[, encoding]][, callback])

  > Sends data on the socket. The second parameter specifies the encoding
  > in the case of a string--it defaults to UTF8 encoding.
  -- Node.js v0.10 net docs (seed 000), socket.write(data, [encoding], [callback])

  The docs say what data may be, not what else does; the codes and
  messages are Node.js 20's, each checked with `node -e`. A bad chunk or
  encoding throws from the call and does nothing else: the socket is not
  destroyed and not ended, nothing is sent, and a good write afterwards
  arrives alone. An encoding is checked even for a Buffer, which does not
  use it; an empty or null encoding is the default. write.feature has
  the first rows (a number, an unknown encoding).

  Background:
    Given server srv is listening on "127.0.0.1" port 0
    And client c connects to srv
    And srv accepts a connection as s
    And I call s.resume()

  @member:socket.write
  Scenario Outline: write(<args>) throws <code>, and the socket writes on
    When I call c.write(<args>)
    Then it throws TypeError <code> with message <message>
    And c.destroyed is false
    When I call c.write("ok")
    Then s receives "ok"

    @node:>=19
    Examples: data that is neither a string nor a Buffer
      | args      | code                   | message                                                                                                                         |
      | null      | ERR_STREAM_NULL_VALUES | "May not write null values to stream"                                                                                           |

    @node:>=20 @observed
    Examples: data that is neither a string nor a Buffer, Node.js 20 and later
      | args      | code                   | message                                                                                                                         |
      | true      | ERR_INVALID_ARG_TYPE   | 'The "chunk" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received type boolean (true)'  |
      | 1.5       | ERR_INVALID_ARG_TYPE   | 'The "chunk" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received type number (1.5)'    |
      | {}        | ERR_INVALID_ARG_TYPE   | 'The "chunk" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received an instance of Object' |
      | [1]       | ERR_INVALID_ARG_TYPE   | 'The "chunk" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received an instance of Array'  |
      | undefined | ERR_INVALID_ARG_TYPE   | 'The "chunk" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received undefined'             |
      |           | ERR_INVALID_ARG_TYPE   | 'The "chunk" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received undefined'             |

    @node:19 @observed
    Examples: data that is neither a string nor a Buffer, Node.js 19
      | args      | code                   | message                                                                                                                         |
      | true      | ERR_INVALID_ARG_TYPE   | 'The "chunk" argument must be of type string or an instance of Buffer or Uint8Array. Received type boolean (true)'  |
      | 1.5       | ERR_INVALID_ARG_TYPE   | 'The "chunk" argument must be of type string or an instance of Buffer or Uint8Array. Received type number (1.5)'    |
      | {}        | ERR_INVALID_ARG_TYPE   | 'The "chunk" argument must be of type string or an instance of Buffer or Uint8Array. Received an instance of Object' |
      | [1]       | ERR_INVALID_ARG_TYPE   | 'The "chunk" argument must be of type string or an instance of Buffer or Uint8Array. Received an instance of Array'  |
      | undefined | ERR_INVALID_ARG_TYPE   | 'The "chunk" argument must be of type string or an instance of Buffer or Uint8Array. Received undefined'             |
      |           | ERR_INVALID_ARG_TYPE   | 'The "chunk" argument must be of type string or an instance of Buffer or Uint8Array. Received undefined'             |

    @node:>=19
    Examples: encodings Buffer does not know
      | args                         | code                 | message                    |
      | "x", "utf9"                  | ERR_UNKNOWN_ENCODING | "Unknown encoding: utf9"   |
      | "x", 5                       | ERR_UNKNOWN_ENCODING | "Unknown encoding: 5"      |
      | "x", {}                      | ERR_UNKNOWN_ENCODING | "Unknown encoding: {}"     |
      | Buffer.from("78", "hex"), "bogus" | ERR_UNKNOWN_ENCODING | "Unknown encoding: bogus" |

  @member:socket.write
  Scenario Outline: write("é", <encoding>) takes the default encoding, UTF-8
    When I call c.write("é", <encoding>)
    Then it returns true
    And s receives Buffer.from("c3a9", "hex")

    Examples:
      | encoding |
      | ""       |
      | null     |

  @member:socket.end
  Scenario Outline: end(<args>) throws <code>, and the socket is not ended
    When I call c.end(<args>)
    Then it throws TypeError <code> with message <message>
    And c.destroyed is false
    When I call c.write("ok")
    Then s receives "ok"
    And c does not emit 'error'

    @node:>=19
    Examples:
      | args          | code                 | message                                                                                                                         |
      | "x", "bogus"  | ERR_UNKNOWN_ENCODING | "Unknown encoding: bogus"                                                                                                       |
      | "x", 5        | ERR_UNKNOWN_ENCODING | "Unknown encoding: 5"                                                                                                           |

    @node:>=20 @observed
    Examples: data that is neither a string nor a Buffer, Node.js 20 and later
      | args          | code                 | message                                                                                                                         |
      | 5             | ERR_INVALID_ARG_TYPE | 'The "chunk" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received type number (5)'      |
      | true          | ERR_INVALID_ARG_TYPE | 'The "chunk" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received type boolean (true)'  |
      | {}            | ERR_INVALID_ARG_TYPE | 'The "chunk" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received an instance of Object' |

    @node:19 @observed
    Examples: data that is neither a string nor a Buffer, Node.js 19
      | args          | code                 | message                                                                                                                         |
      | 5             | ERR_INVALID_ARG_TYPE | 'The "chunk" argument must be of type string or an instance of Buffer or Uint8Array. Received type number (5)'      |
      | true          | ERR_INVALID_ARG_TYPE | 'The "chunk" argument must be of type string or an instance of Buffer or Uint8Array. Received type boolean (true)'  |
      | {}            | ERR_INVALID_ARG_TYPE | 'The "chunk" argument must be of type string or an instance of Buffer or Uint8Array. Received an instance of Object' |
