@area:socket @bad-input @observed
Feature: socket.setTimeout() and socket.setEncoding() reject bad arguments

  > Sets the socket to timeout after timeout milliseconds of inactivity on
  > the socket. [...] The optional callback parameter will be added as a
  > one-time listener for the 'timeout' event.
  -- Node.js v19 net docs (seed 001), socket.setTimeout(timeout[, callback])

  > Passing an invalid callback to the `callback` argument now throws
  > `ERR_INVALID_ARG_TYPE` instead of `ERR_INVALID_CALLBACK`.
  -- Node.js v19 net docs (seed 001), socket.setTimeout(timeout[, callback]), history v18.0.0

  > Set the encoding for the socket as a Readable Stream. See
  > readable.setEncoding() for more information.
  -- Node.js v19 net docs (seed 001), socket.setEncoding([encoding])

  The timeout must be a non-negative finite number and the callback a
  function; an encoding must be one Buffer knows. The codes and messages
  are Node.js 20's, each checked with `node -e`; timeout.feature has the
  first rows. setNoDelay() and setKeepAlive() take any value (Node reads
  its truthiness and number), so they have no row here.

  @member:socket.setTimeout
  Scenario Outline: setTimeout(<args>) throws <code>
    Given I call new net.Socket() as c
    When I call c.setTimeout(<args>)
    Then it throws <name> <code> with message <message>

    @node:>=19
    Examples: a timeout that is not a number
      | args  | name      | code                 | message                                                                               |
      |       | TypeError | ERR_INVALID_ARG_TYPE | 'The "msecs" argument must be of type number. Received undefined'                     |
      | null  | TypeError | ERR_INVALID_ARG_TYPE | 'The "msecs" argument must be of type number. Received null'                          |
      | "100" | TypeError | ERR_INVALID_ARG_TYPE | "The \"msecs\" argument must be of type number. Received type string ('100')"         |
      | true  | TypeError | ERR_INVALID_ARG_TYPE | 'The "msecs" argument must be of type number. Received type boolean (true)'           |
      | {}    | TypeError | ERR_INVALID_ARG_TYPE | 'The "msecs" argument must be of type number. Received an instance of Object'         |

    @node:>=19
    Examples: a number that is not a timeout
      | args      | name       | code             | message                                                                                              |
      | NaN       | RangeError | ERR_OUT_OF_RANGE | 'The value of "msecs" is out of range. It must be a non-negative finite number. Received NaN'        |
      | Infinity  | RangeError | ERR_OUT_OF_RANGE | 'The value of "msecs" is out of range. It must be a non-negative finite number. Received Infinity'   |
      | -Infinity | RangeError | ERR_OUT_OF_RANGE | 'The value of "msecs" is out of range. It must be a non-negative finite number. Received -Infinity'  |
      | -0.5      | RangeError | ERR_OUT_OF_RANGE | 'The value of "msecs" is out of range. It must be a non-negative finite number. Received -0.5'       |

    @node:>=19
    Examples: a callback that is not a function
      | args     | name      | code                 | message                                                                             |
      | 0, 5     | TypeError | ERR_INVALID_ARG_TYPE | 'The "callback" argument must be of type function. Received type number (5)'        |
      | 1, "cb"  | TypeError | ERR_INVALID_ARG_TYPE | "The \"callback\" argument must be of type function. Received type string ('cb')"   |
      | 1, null  | TypeError | ERR_INVALID_ARG_TYPE | 'The "callback" argument must be of type function. Received null'                   |

  @member:socket.setEncoding
  Scenario Outline: setEncoding(<encoding>) throws ERR_UNKNOWN_ENCODING, and data stays Buffers
    Given server srv is listening on "127.0.0.1" port 0
    And client c connects to srv
    And srv accepts a connection as s
    When I call c.setEncoding(<encoding>)
    Then it throws TypeError ERR_UNKNOWN_ENCODING with message "Unknown encoding: <shown>"
    When s writes "hi"
    Then c emits 'data' with Buffer.from("hi")

    @node:>=19
    Examples:
      | encoding | shown |
      | "bogus"  | bogus |
      | "utf9"   | utf9  |
      | 5        | 5     |
      | true     | true  |
      | {}       | {}    |
