@area:address @profile:v19 @bad-input @observed
Feature: net.BlockList methods reject bad addresses, types and prefixes

  > Adds a rule to block the given IP address.
  -- Node.js v19 net docs (seed 001), blockList.addAddress(address[, type])

  > Adds a rule to block a range of IP addresses from start (inclusive) to
  > end (inclusive).
  -- Node.js v19 net docs (seed 001), blockList.addRange(start, end[, type])

  > net string | net.SocketAddress The network IPv4 or IPv6 address.
  > prefix number The number of CIDR prefix bits. For IPv4, this must be a
  > value between 0 and 32. For IPv6, this must be between 0 and 128.
  > type string Either 'ipv4' or 'ipv6'. Default: 'ipv4'.
  -- Node.js v19 net docs (seed 001), blockList.addSubnet(net, prefix[, type])

  > Returns true if the given IP address matches any of the rules added to
  > the BlockList.
  -- Node.js v19 net docs (seed 001), blockList.check(address[, type])

  An address is a string or a SocketAddress; the type a string, 'ipv4'
  when undefined. The codes and messages are Node.js 20's, each checked
  with `node -e`; blocklist.feature has the first rows. Each address
  is checked in turn (the start before the end): that it is a string,
  that the type is a string, then that it parses as an address of the
  type; addSubnet then checks the prefix, whose range follows the
  network's family. check() refuses only what is not a string: an
  address or a type it cannot read is simply not blocked.

  @member:blockList.addAddress
  Scenario Outline: addAddress(<args>) throws <code>
    When I call new net.BlockList() as bl
    And I call bl.addAddress(<args>)
    Then it throws TypeError <code> with message <message>
    And bl.rules is []

    Examples:
      | args             | code                  | message                                                                          |
      |                  | ERR_INVALID_ARG_TYPE  | 'The "address" argument must be of type string. Received undefined'              |
      | true             | ERR_INVALID_ARG_TYPE  | 'The "address" argument must be of type string. Received type boolean (true)'    |
      | {}               | ERR_INVALID_ARG_TYPE  | 'The "address" argument must be of type string. Received an instance of Object'  |
      | []               | ERR_INVALID_ARG_TYPE  | 'The "address" argument must be of type string. Received an instance of Array'   |
      | 5, 4             | ERR_INVALID_ARG_TYPE  | 'The "address" argument must be of type string. Received type number (5)'        |
      | "1.2.3.4", null  | ERR_INVALID_ARG_TYPE  | 'The "family" argument must be of type string. Received null'                    |
      | "1.2.3.4", {}    | ERR_INVALID_ARG_TYPE  | 'The "family" argument must be of type string. Received an instance of Object'   |
      | "1.2.3.4", ""    | ERR_INVALID_ARG_VALUE | "The property 'options.family' is invalid. Received ''"                          |

  @member:blockList.addRange
  Scenario Outline: addRange(<args>) throws <code>
    When I call new net.BlockList() as bl
    And I call bl.addRange(<args>)
    Then it throws <name> <code> with message <message>
    And bl.rules is []

    Examples:
      | args                        | name      | code                 | message                                                                        |
      |                             | TypeError | ERR_INVALID_ARG_TYPE | 'The "start" argument must be of type string. Received undefined'              |
      | "1.2.3.4"                   | TypeError | ERR_INVALID_ARG_TYPE | 'The "end" argument must be of type string. Received undefined'                |
      | "1.2.3.4", "1.2.3.5", 4     | TypeError | ERR_INVALID_ARG_TYPE | 'The "family" argument must be of type string. Received type number (4)'       |
      | "1.2.3.4", "1.2.3.5", null  | TypeError | ERR_INVALID_ARG_TYPE | 'The "family" argument must be of type string. Received null'                  |
      | "1.2.3.4", "::1"            | Error     | ERR_INVALID_ADDRESS  | "Invalid socket address"                                                       |
      | "::1", "::2"                | Error     | ERR_INVALID_ADDRESS  | "Invalid socket address"                                                       |

  @member:blockList.addSubnet
  Scenario Outline: addSubnet(<args>) throws <code>
    When I call new net.BlockList() as bl
    And I call bl.addSubnet(<args>)
    Then it throws <name> <code> with message <message>
    And bl.rules is []

    Examples: a network or a type of the wrong type
      | args                | name      | code                 | message                                                                        |
      | 5, 8                | TypeError | ERR_INVALID_ARG_TYPE | 'The "network" argument must be of type string. Received type number (5)'      |
      | "1.2.3.4", 8, 4     | TypeError | ERR_INVALID_ARG_TYPE | 'The "family" argument must be of type string. Received type number (4)'       |
      | "1.2.3.4", 8, null  | TypeError | ERR_INVALID_ARG_TYPE | 'The "family" argument must be of type string. Received null'                  |
      | "::", 64            | Error     | ERR_INVALID_ADDRESS  | "Invalid socket address"                                                       |

    Examples: the type is checked before the prefix
      | args                   | name      | code                  | message                                                             |
      | "1.2.3.4", "x", "ipv5" | TypeError | ERR_INVALID_ARG_VALUE | "The property 'options.family' is invalid. Received 'ipv5'"         |

    Examples: a prefix that is not a number of bits
      | args                  | name       | code                 | message                                                                                     |
      | "1.2.3.4"             | TypeError  | ERR_INVALID_ARG_TYPE | 'The "prefix" argument must be of type number. Received undefined'                          |
      | "1.2.3.4", null       | TypeError  | ERR_INVALID_ARG_TYPE | 'The "prefix" argument must be of type number. Received null'                               |
      | "1.2.3.4", Infinity   | RangeError | ERR_OUT_OF_RANGE     | 'The value of "prefix" is out of range. It must be an integer. Received Infinity'           |
      | "1.2.3.4", -0.5       | RangeError | ERR_OUT_OF_RANGE     | 'The value of "prefix" is out of range. It must be an integer. Received -0.5'               |
      | "1.2.3.4", 2147483648 | RangeError | ERR_OUT_OF_RANGE     | 'The value of "prefix" is out of range. It must be >= 0 && <= 32. Received 2147483648'      |

  @member:blockList.addSubnet @member:class:net.SocketAddress
  Scenario Outline: addSubnet(<network>, <prefix>) of a SocketAddress throws <code>
    Given I call new net.SocketAddress(<address>) as network
    When I call new net.BlockList() as bl
    And I call bl.addSubnet(network, <prefix>)
    Then it throws <name> <code> with message <message>

    Examples:
      | network | address                              | prefix | name       | code                 | message                                                                              |
      | an IPv6 | {address: "::1", family: "ipv6"}     | 129    | RangeError | ERR_OUT_OF_RANGE     | 'The value of "prefix" is out of range. It must be >= 0 && <= 128. Received 129'     |
      | an IPv4 | {address: "1.2.3.4"}                 | 33     | RangeError | ERR_OUT_OF_RANGE     | 'The value of "prefix" is out of range. It must be >= 0 && <= 32. Received 33'       |
      | an IPv4 | {address: "1.2.3.4"}                 | "8"    | TypeError  | ERR_INVALID_ARG_TYPE | "The \"prefix\" argument must be of type number. Received type string ('8')"         |

  @member:blockList.addRange @member:class:net.SocketAddress
  Scenario: addRange() of a SocketAddress and a number refuses the end
    Given I call new net.SocketAddress({address: "1.2.3.4"}) as start
    When I call new net.BlockList() as bl
    And I call bl.addRange(start, 5)
    Then it throws TypeError ERR_INVALID_ARG_TYPE with message 'The "end" argument must be of type string. Received type number (5)'

  @member:blockList.check
  Scenario Outline: check(<args>) throws ERR_INVALID_ARG_TYPE
    When I call new net.BlockList() as bl
    And I call bl.check(<args>)
    Then it throws TypeError ERR_INVALID_ARG_TYPE with message <message>

    Examples:
      | args           | message                                                                          |
      |                | 'The "address" argument must be of type string. Received undefined'              |
      | null           | 'The "address" argument must be of type string. Received null'                   |
      | true           | 'The "address" argument must be of type string. Received type boolean (true)'    |
      | {}             | 'The "address" argument must be of type string. Received an instance of Object'  |
      | []             | 'The "address" argument must be of type string. Received an instance of Array'   |
      | "1.2.3.4", 4   | 'The "family" argument must be of type string. Received type number (4)'         |
      | "1.2.3.4", {}  | 'The "family" argument must be of type string. Received an instance of Object'   |

  @member:blockList.check
  Scenario: check() with an empty type answers false
    When I call new net.BlockList() as bl
    And I call bl.addSubnet("0.0.0.0", 0)
    And I call bl.check("1.2.3.4", "")
    Then it returns false
