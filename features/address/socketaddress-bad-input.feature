@area:address @profile:v19 @bad-input @observed
Feature: new net.SocketAddress() rejects bad options

  > options Object
  > address string The network address as either an IPv4 or IPv6 string.
  > Default: '127.0.0.1' if family is 'ipv4'; '::' if family is 'ipv6'.
  > family string One of either 'ipv4' or 'ipv6'. Default: 'ipv4'.
  > flowlabel number An IPv6 flow-label used only if family is 'ipv6'.
  > port number An IP port.
  -- Node.js v19 net docs (seed 001), new net.SocketAddress([options])

  The codes and messages are Node.js 20's, each checked with `node -e`;
  socketaddress.feature has the first rows. The constructor checks, in
  this order, that the options are an object, the family, the type of
  the address, the port, the flow label, and last whether the address
  parses as one of the family. (SocketAddress.parse() came after Node.js
  20 and is not here.)

  @member:net.SocketAddress @member:option:net.SocketAddress.address
  Scenario Outline: an address of type <type> is refused: <address>
    When I call new net.SocketAddress({address: <address>})
    Then it throws TypeError ERR_INVALID_ARG_TYPE with message "The \"options.address\" property must be of type string. Received <received>"

    Examples:
      | address | type    | received               |
      | 0       | number  | type number (0)        |
      | true    | boolean | type boolean (true)    |
      | {}      | object  | an instance of Object  |
      | []      | array   | an instance of Array   |

  @member:net.SocketAddress @member:option:net.SocketAddress.family
  Scenario Outline: a family that is not 'ipv4' or 'ipv6' is refused: <family>
    When I call new net.SocketAddress({family: <family>})
    Then it throws TypeError ERR_INVALID_ARG_VALUE with message "The property 'options.family' is invalid. Received <shown>"

    Examples:
      | family  | shown   |
      | "IPv5"  | 'IPv5'  |
      | "ip v4" | 'ip v4' |
      | 6       | 6       |
      | true    | true    |
      | {}      | {}      |
      | []      | []      |

  @member:net.SocketAddress @member:option:net.SocketAddress.port
  Scenario Outline: a port that is not one is refused: <port>
    When I call new net.SocketAddress({port: <port>})
    Then it throws RangeError ERR_SOCKET_BAD_PORT with message "options.port should be >= 0 and < 65536. Received <received>."

    Examples:
      | port     | received                |
      | NaN      | type number (NaN)       |
      | Infinity | type number (Infinity)  |
      | "x"      | type string ('x')       |
      | " "      | type string (' ')       |
      | "65536"  | type string ('65536')   |
      | "1.5"    | type string ('1.5')     |
      | {}       | an instance of Object   |
      | []       | an instance of Array    |

  @member:net.SocketAddress @member:option:net.SocketAddress.flowlabel
  Scenario Outline: a flow label that is not a 32-bit unsigned integer is refused: <flowlabel>
    When I call new net.SocketAddress({flowlabel: <flowlabel>})
    Then it throws <name> <code> with message <message>

    Examples:
      | flowlabel | name       | code                 | message                                                                                            |
      | "1"       | TypeError  | ERR_INVALID_ARG_TYPE | "The \"options.flowlabel\" property must be of type number. Received type string ('1')"            |
      | true      | TypeError  | ERR_INVALID_ARG_TYPE | 'The "options.flowlabel" property must be of type number. Received type boolean (true)'            |
      | {}        | TypeError  | ERR_INVALID_ARG_TYPE | 'The "options.flowlabel" property must be of type number. Received an instance of Object'          |
      | NaN       | RangeError | ERR_OUT_OF_RANGE     | 'The value of "options.flowlabel" is out of range. It must be an integer. Received NaN'            |
      | Infinity  | RangeError | ERR_OUT_OF_RANGE     | 'The value of "options.flowlabel" is out of range. It must be an integer. Received Infinity'       |
      | -0.5      | RangeError | ERR_OUT_OF_RANGE     | 'The value of "options.flowlabel" is out of range. It must be an integer. Received -0.5'           |

  @member:net.SocketAddress
  Scenario Outline: options that are not an object are refused: <options>
    When I call new net.SocketAddress(<options>)
    Then it throws TypeError ERR_INVALID_ARG_TYPE with message "The \"options\" argument must be of type object. Received <received>"

    Examples:
      | options | received            |
      | "x"     | type string ('x')   |
      | true    | type boolean (true) |
      | 5       | type number (5)     |

  @member:net.SocketAddress
  Scenario Outline: of two bad options the one checked first is named: <options>
    When I call new net.SocketAddress(<options>)
    Then it throws <name> <code> with message <message>

    Examples:
      | options                                  | name       | code                  | message                                                                                 |
      | {family: "ipv5", address: 5}             | TypeError  | ERR_INVALID_ARG_VALUE | "The property 'options.family' is invalid. Received 'ipv5'"                             |
      | {address: 5, port: -1}                   | TypeError  | ERR_INVALID_ARG_TYPE  | 'The "options.address" property must be of type string. Received type number (5)'       |
      | {port: -1, flowlabel: -1}                | RangeError | ERR_SOCKET_BAD_PORT   | "options.port should be >= 0 and < 65536. Received type number (-1)."                   |
      | {address: "x", port: -1}                 | RangeError | ERR_SOCKET_BAD_PORT   | "options.port should be >= 0 and < 65536. Received type number (-1)."                   |
      | {address: "x", flowlabel: 1.5}           | RangeError | ERR_OUT_OF_RANGE      | 'The value of "options.flowlabel" is out of range. It must be an integer. Received 1.5' |
