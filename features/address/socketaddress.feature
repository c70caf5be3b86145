@area:address @profile:v19
Feature: net.SocketAddress holds an address, a family, a port and a flow label

  > options Object
  > address string The network address as either an IPv4 or IPv6 string.
  > Default: '127.0.0.1' if family is 'ipv4'; '::' if family is 'ipv6'.
  > family string One of either 'ipv4' or 'ipv6'. Default: 'ipv4'.
  > flowlabel number An IPv6 flow-label used only if family is 'ipv6'.
  > port number An IP port.
  -- Node.js v19 net docs (seed 001), new net.SocketAddress([options])

  > Type string Either 'ipv4' or 'ipv6'.
  -- Node.js v19 net docs (seed 001), socketaddress.family

  SocketAddress is newer than v0.10 (added in v15.14.0 and v14.18.0), so
  the feature holds under the v19 profile only. The docs name the
  properties socketaddress.address, .family, .flowlabel and .port without
  describing them; the scenarios hold an implementation to what Node.js
  20 does: the address reads back in its compressed lower-case form, the
  family name is read in any letter case, and the validation errors are
  Node's.

  @member:net.SocketAddress @member:socketaddress.address @member:socketaddress.family @member:socketaddress.port @member:socketaddress.flowlabel @member:option:net.SocketAddress.address @member:option:net.SocketAddress.family
  Scenario Outline: new net.SocketAddress(<options>) takes the defaults
    When I call new net.SocketAddress(<options>) as sa
    Then sa.address is <address>
    And sa.family is <family>
    And sa.port is 0
    And sa.flowlabel is 0

    Examples:
      | options            | address     | family |
      |                    | "127.0.0.1" | "ipv4" |
      | {}                 | "127.0.0.1" | "ipv4" |
      | {family: "ipv4"}   | "127.0.0.1" | "ipv4" |
      | {family: "ipv6"}   | "::"        | "ipv6" |
      | {port: undefined}  | "127.0.0.1" | "ipv4" |

  @member:net.SocketAddress @member:socketaddress.address @member:socketaddress.family @member:socketaddress.port @member:socketaddress.flowlabel @member:class:net.SocketAddress @member:option:net.SocketAddress.address @member:option:net.SocketAddress.family @member:option:net.SocketAddress.port @member:option:net.SocketAddress.flowlabel
  Scenario Outline: new net.SocketAddress(<options>) reads back as <address>, <family>, port <port>, flow label <flowlabel>: <why>
    When I call new net.SocketAddress(<options>) as sa
    Then sa.address is <address>
    And sa.family is <family>
    And sa.port is <port>
    And sa.flowlabel is <flowlabel>

    Examples:
      | options                                                            | address          | family | port  | flowlabel | why                                     |
      | {address: "1.2.3.4", port: 80}                                     | "1.2.3.4"        | "ipv4" | 80    | 0         | an IPv4 address and a port              |
      | {address: "2001:DB8::1", family: "ipv6", port: 443, flowlabel: 5}  | "2001:db8::1"    | "ipv6" | 443   | 5         | IPv6 in lower case, with a flow label   |
      | {address: "2001:0db8:0000:0000:0000:ff00:0042:8329", family: "ipv6"} | "2001:db8::ff00:42:8329" | "ipv6" | 0 | 0 | IPv6 compressed                  |
      | {address: "::FFFF:1.2.3.4", family: "ipv6"}                        | "::ffff:1.2.3.4" | "ipv6" | 0     | 0         | an IPv4-mapped address keeps its tail   |
      | {address: "fe80::1%eth0", family: "ipv6"}                          | "fe80::1"        | "ipv6" | 0     | 0         | the zone id is not part of the address  |
      | {family: "IPv6"}                                                   | "::"             | "ipv6" | 0     | 0         | the family in another letter case       |
      | {port: 65535}                                                      | "127.0.0.1"      | "ipv4" | 65535 | 0         | the highest port                        |

  @member:socketaddress.flowlabel @member:option:net.SocketAddress.flowlabel
  Scenario: the flow label is used only if family is 'ipv6'
    When I call new net.SocketAddress({address: "1.2.3.4", flowlabel: 5}) as sa
    Then sa.flowlabel is 0

  @member:net.SocketAddress
  Scenario: the default address follows the family as written, so 'IPV4' defaults to '::'
    When I call new net.SocketAddress({family: "IPV4"})
    Then it throws ERR_INVALID_ADDRESS with message "Invalid socket address"

  @member:net.SocketAddress
  Scenario Outline: an address that is not one of the family is refused: <options>
    When I call new net.SocketAddress(<options>)
    Then it throws ERR_INVALID_ADDRESS with message "Invalid socket address"

    Examples:
      | options                                  |
      | {address: "1.2.3.256"}                   |
      | {address: "::1"}                         |
      | {address: "1.2.3.4", family: "ipv6"}     |
      | {address: "localhost"}                   |
      | {address: "010.1.1.1"}                   |
      | {address: ""}                            |

  @member:net.SocketAddress
  Scenario Outline: a bad option is refused with <code>: <options>
    When I call new net.SocketAddress(<options>)
    Then it throws <code> with message <message>

    Examples: address
      | options        | code                 | message                                                                                  |
      | {address: 1}   | ERR_INVALID_ARG_TYPE | 'The "options.address" property must be of type string. Received type number (1)'       |
      | {address: null} | ERR_INVALID_ARG_TYPE | 'The "options.address" property must be of type string. Received null'                 |

    Examples: family
      | options          | code                  | message                                                          |
      | {family: "ipv5"} | ERR_INVALID_ARG_VALUE | "The property 'options.family' is invalid. Received 'ipv5'"      |
      | {family: 4}      | ERR_INVALID_ARG_VALUE | "The property 'options.family' is invalid. Received 4"           |
      | {family: null}   | ERR_INVALID_ARG_VALUE | "The property 'options.family' is invalid. Received null"        |
      | {family: ""}     | ERR_INVALID_ARG_VALUE | "The property 'options.family' is invalid. Received ''"          |

    Examples: port
      | options         | code                | message                                                                     |
      | {port: 65536}   | ERR_SOCKET_BAD_PORT | "options.port should be >= 0 and < 65536. Received type number (65536)."    |
      | {port: -1}      | ERR_SOCKET_BAD_PORT | "options.port should be >= 0 and < 65536. Received type number (-1)."       |
      | {port: 1.5}     | ERR_SOCKET_BAD_PORT | "options.port should be >= 0 and < 65536. Received type number (1.5)."      |
      | {port: null}    | ERR_SOCKET_BAD_PORT | "options.port should be >= 0 and < 65536. Received null."                   |
      | {port: true}    | ERR_SOCKET_BAD_PORT | "options.port should be >= 0 and < 65536. Received type boolean (true)."    |

    Examples: flow label
      | options              | code                 | message                                                                                                 |
      | {flowlabel: -1}      | ERR_OUT_OF_RANGE     | 'The value of "options.flowlabel" is out of range. It must be >= 0 && <= 4294967295. Received -1'         |
      | {flowlabel: 4294967296} | ERR_OUT_OF_RANGE  | 'The value of "options.flowlabel" is out of range. It must be >= 0 && <= 4294967295. Received 4294967296' |
      | {flowlabel: 1.5}     | ERR_OUT_OF_RANGE     | 'The value of "options.flowlabel" is out of range. It must be an integer. Received 1.5'                  |
      | {flowlabel: null}    | ERR_INVALID_ARG_TYPE | 'The "options.flowlabel" property must be of type number. Received null'                                 |

  @member:net.SocketAddress
  Scenario Outline: options that are not an object are refused: <options>
    When I call new net.SocketAddress(<options>)
    Then it throws ERR_INVALID_ARG_TYPE with message <message>

    Examples:
      | options   | message                                                                       |
      | null      | 'The "options" argument must be of type object. Received null'                |
      | 1         | 'The "options" argument must be of type object. Received type number (1)'     |
      | []        | 'The "options" argument must be of type object. Received an instance of Array' |

  @member:net.SocketAddress
  Scenario: a SocketAddress given as the options is copied
    When I call new net.SocketAddress({address: "::1", family: "ipv6", port: 5, flowlabel: 7}) as original
    And I call new net.SocketAddress(original) as copy
    And I call copy.toJSON()
    Then it returns {address: "::1", port: 5, family: "ipv6", flowlabel: 7}
