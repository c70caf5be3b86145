@area:address @profile:v19
Feature: net.BlockList blocks addresses, ranges and subnets

  > The BlockList object can be used with some network APIs to specify
  > rules for disabling inbound or outbound access to specific IP
  > addresses, IP ranges, or IP subnets.
  -- Node.js v19 net docs (seed 001), net.BlockList

  > Adds a rule to block the given IP address.
  -- Node.js v19 net docs (seed 001), blockList.addAddress(address[, type])

  > Adds a rule to block a range of IP addresses from start (inclusive) to
  > end (inclusive).
  -- Node.js v19 net docs (seed 001), blockList.addRange(start, end[, type])

  > net string | net.SocketAddress The network IPv4 or IPv6 address.
  > prefix number The number of CIDR prefix bits. For IPv4, this must be a
  > value between 0 and 32. For IPv6, this must be between 0 and 128.
  > type string Either 'ipv4' or 'ipv6'. Default: 'ipv4'.
  > Adds a rule to block a range of IP addresses specified as a subnet mask.
  -- Node.js v19 net docs (seed 001), blockList.addSubnet(net, prefix[, type])

  > Returns true if the given IP address matches any of the rules added to
  > the BlockList.
  -- Node.js v19 net docs (seed 001), blockList.check(address[, type])

  > Type: string[]
  > The list of rules added to the blocklist.
  -- Node.js v19 net docs (seed 001), blockList.rules

  BlockList is newer than v0.10 (added in v15.0.0 and v14.18.0), so the
  feature holds under the v19 profile only. Where the docs are silent,
  the scenarios hold an implementation to what Node.js 20 does: an IPv4
  address and an IPv6 rule meet through the IPv4-mapped form
  ::ffff:a.b.c.d (and only through it); check() answers false, without
  throwing, for an address it cannot parse; rules lists the newest rule
  first, with addresses in their compressed lower-case form.

  @member:class:net.BlockList @member:blockList.addAddress @member:blockList.check
  Scenario Outline: addAddress(<rule>, <type>) then check(<address>, <family>) is <blocked>: <why>
    When I call new net.BlockList() as bl
    And I call bl.addAddress(<rule>, <type>)
    And I call bl.check(<address>, <family>)
    Then it returns <blocked>

    Examples:
      | rule             | type   | address                | family | blocked | why                                          |
      | "1.2.3.4"        | "ipv4" | "1.2.3.4"              | "ipv4" | true    | the address itself                           |
      | "1.2.3.4"        | "ipv4" | "1.2.3.5"              | "ipv4" | false   | another address                              |
      | "2001:db8::1"    | "ipv6" | "2001:db8::1"          | "ipv6" | true    | an IPv6 address itself                       |
      | "2001:db8::1"    | "ipv6" | "2001:DB8:0:0:0:0:0:1" | "ipv6" | true    | the same IPv6 address written another way    |
      | "1.2.3.4"        | "ipv4" | "::ffff:1.2.3.4"       | "ipv6" | true    | its IPv4-mapped IPv6 form                    |
      | "::ffff:1.2.3.4" | "ipv6" | "1.2.3.4"              | "ipv4" | true    | an IPv4 address against its mapped IPv6 rule |
      | "1.2.3.4"        | "ipv4" | "::1.2.3.4"            | "ipv6" | false   | the IPv4-compatible form, which is not mapped |

  @member:blockList.addAddress
  Scenario: the type of addAddress() is 'ipv4' by default
    When I call new net.BlockList() as bl
    And I call bl.addAddress("::1")
    Then it throws ERR_INVALID_ADDRESS with message "Invalid socket address"

  @member:blockList.check
  Scenario: the type of check() is 'ipv4' by default
    When I call new net.BlockList() as bl
    And I call bl.addAddress("::1", "ipv6")
    And I call bl.check("::1")
    Then it returns false

  @member:blockList.addAddress
  Scenario: the type is read in any letter case
    When I call new net.BlockList() as bl
    And I call bl.addAddress("::1", "IPv6")
    And I call bl.rules
    Then it returns ["Address: IPv6 ::1"]

  @member:blockList.addRange @member:blockList.check
  Scenario Outline: addRange("1.2.3.4", "1.2.3.10") blocks <address>: <blocked>, <why>
    When I call new net.BlockList() as bl
    And I call bl.addRange("1.2.3.4", "1.2.3.10")
    And I call bl.check(<address>, <family>)
    Then it returns <blocked>

    Examples:
      | address           | family | blocked | why                                        |
      | "1.2.3.4"         | "ipv4" | true    | the start is inclusive                     |
      | "1.2.3.10"        | "ipv4" | true    | the end is inclusive                       |
      | "1.2.3.7"         | "ipv4" | true    | an address between them                    |
      | "1.2.3.3"         | "ipv4" | false   | just before the start                      |
      | "1.2.3.11"        | "ipv4" | false   | just after the end                         |
      | "2.2.3.5"         | "ipv4" | false   | ordered by value, most significant first   |
      | "::ffff:1.2.3.5"  | "ipv6" | true    | the IPv4-mapped form of an address in range |

  @member:blockList.addRange @member:blockList.check
  Scenario Outline: addRange("2001:db8::1", "2001:db8::ff", "ipv6") blocks <address>: <blocked>
    When I call new net.BlockList() as bl
    And I call bl.addRange("2001:db8::1", "2001:db8::ff", "ipv6")
    And I call bl.check(<address>, "ipv6")
    Then it returns <blocked>

    Examples:
      | address         | blocked |
      | "2001:db8::1"   | true    |
      | "2001:db8::80"  | true    |
      | "2001:db8::ff"  | true    |
      | "2001:db8::100" | false   |
      | "2001:db8::"    | false   |

  @member:blockList.addRange
  Scenario: a range may hold a single address
    When I call new net.BlockList() as bl
    And I call bl.addRange("1.2.3.4", "1.2.3.4")
    And I call bl.rules
    Then it returns ["Range: IPv4 1.2.3.4-1.2.3.4"]

  @member:blockList.addRange
  Scenario Outline: a range whose start is after its end is refused: <start> to <end>
    When I call new net.BlockList() as bl
    And I call bl.addRange(<start>, <end>, <type>)
    Then it throws ERR_INVALID_ARG_VALUE with message <message>

    Examples:
      | start      | end       | type   | message                                                                                                                  |
      | "1.2.3.10" | "1.2.3.4" | "ipv4" | "The argument 'start' must come before end. Received SocketAddress { address: '1.2.3.10', port: 0, family: 'ipv4', flowlabel: 0 }" |
      | "::10"     | "::4"     | "ipv6" | "The argument 'start' must come before end. Received SocketAddress { address: '::10', port: 0, family: 'ipv6', flowlabel: 0 }"     |

  @member:blockList.addSubnet @member:blockList.check
  Scenario Outline: addSubnet(<network>, <prefix>, <type>) then check(<address>, <family>) is <blocked>: <why>
    When I call new net.BlockList() as bl
    And I call bl.addSubnet(<network>, <prefix>, <type>)
    And I call bl.check(<address>, <family>)
    Then it returns <blocked>

    Examples: IPv4
      | network                 | prefix | type   | address           | family | blocked | why                                   |
      | "192.168.0.0"           | 16     | "ipv4" | "192.168.255.255" | "ipv4" | true    | the last address of the subnet        |
      | "192.168.0.0"           | 16     | "ipv4" | "192.169.0.0"     | "ipv4" | false   | the first address after it            |
      | "10.0.0.0"              | 9      | "ipv4" | "10.127.255.255"  | "ipv4" | true    | a prefix that is not a whole octet    |
      | "10.0.0.0"              | 9      | "ipv4" | "10.128.0.0"      | "ipv4" | false   | one past a prefix of 9 bits           |
      | "10.0.0.0"              | 0      | "ipv4" | "8.8.8.8"         | "ipv4" | true    | a prefix of 0 bits holds every address |
      | "1.2.3.4"               | 32     | "ipv4" | "1.2.3.4"         | "ipv4" | true    | a prefix of 32 bits holds the network |
      | "1.2.3.4"               | 32     | "ipv4" | "1.2.3.5"         | "ipv4" | false   | and nothing else                      |
      | "192.168.0.0"           | 16     | "ipv4" | "::ffff:192.168.9.9" | "ipv6" | true | the IPv4-mapped form of an address in it |

    Examples: IPv6
      | network                 | prefix | type   | address                       | family | blocked | why                                      |
      | "8592:757c:efae:4e45::" | 64     | "ipv6" | "8592:757c:efae:4e45::f"      | "ipv6" | true    | an address in the subnet                 |
      | "8592:757c:efae:4e45::" | 64     | "ipv6" | "8592:757c:efae:4e46::"       | "ipv6" | false   | the first address after it               |
      | "2001:db8::1"           | 128    | "ipv6" | "2001:db8::1"                 | "ipv6" | true    | a prefix of 128 bits holds the network   |
      | "2001:db8::1"           | 128    | "ipv6" | "2001:db8::2"                 | "ipv6" | false   | and nothing else                         |
      | "::ffff:192.168.0.0"    | 112    | "ipv6" | "192.168.3.4"                 | "ipv4" | true    | an IPv4 address, as its mapped form      |
      | "::ffff:192.168.0.0"    | 112    | "ipv6" | "192.169.3.4"                 | "ipv4" | false   | an IPv4 address outside the mapped subnet |

  @member:blockList.addSubnet
  Scenario: the type of addSubnet() is 'ipv4' by default
    When I call new net.BlockList() as bl
    And I call bl.addSubnet("10.0.0.0", 8)
    And I call bl.rules
    Then it returns ["Subnet: IPv4 10.0.0.0/8"]

  @member:blockList.addSubnet
  Scenario Outline: a prefix outside its family's bits is out of range: <prefix> for <type>
    When I call new net.BlockList() as bl
    And I call bl.addSubnet(<network>, <prefix>, <type>)
    Then it throws ERR_OUT_OF_RANGE with message <message>

    Examples:
      | network   | prefix | type   | message                                                                            |
      | "1.2.3.4" | 33     | "ipv4" | 'The value of "prefix" is out of range. It must be >= 0 && <= 32. Received 33'     |
      | "1.2.3.4" | -1     | "ipv4" | 'The value of "prefix" is out of range. It must be >= 0 && <= 32. Received -1'     |
      | "::"      | 129    | "ipv6" | 'The value of "prefix" is out of range. It must be >= 0 && <= 128. Received 129'   |
      | "1.2.3.4" | 8.5    | "ipv4" | 'The value of "prefix" is out of range. It must be an integer. Received 8.5'       |
      | "1.2.3.4" | NaN    | "ipv4" | 'The value of "prefix" is out of range. It must be an integer. Received NaN'       |

  @member:blockList.addSubnet
  Scenario: a prefix that is not a number is refused
    When I call new net.BlockList() as bl
    And I call bl.addSubnet("1.2.3.4", "8")
    Then it throws ERR_INVALID_ARG_TYPE with message "The \"prefix\" argument must be of type number. Received type string ('8')"

  @member:blockList.addAddress @member:blockList.addRange @member:blockList.addSubnet
  Scenario Outline: an unknown type is refused: <call>
    When I call new net.BlockList() as bl
    And I call bl.<call>
    Then it throws ERR_INVALID_ARG_VALUE with message "The property 'options.family' is invalid. Received 'ipv5'"

    Examples:
      | call                                    |
      | addAddress("1.2.3.4", "ipv5")           |
      | addRange("1.2.3.4", "1.2.3.5", "ipv5")  |
      | addSubnet("1.2.3.4", 8, "ipv5")         |

  @member:blockList.addAddress @member:blockList.addRange @member:blockList.addSubnet
  Scenario Outline: an address that is not one of the type is refused: <call>
    When I call new net.BlockList() as bl
    And I call bl.<call>
    Then it throws ERR_INVALID_ADDRESS with message "Invalid socket address"

    Examples:
      | call                                   |
      | addAddress("1.2.3.256")                |
      | addAddress("1.2.3.4", "ipv6")          |
      | addAddress("")                         |
      | addRange("1.2.3.4", "example.com")     |
      | addSubnet("1.2.3", 8)                  |

  @member:blockList.addAddress @member:blockList.addRange @member:blockList.addSubnet @member:blockList.check
  Scenario Outline: an address that is neither a string nor a SocketAddress is refused: <call>
    When I call new net.BlockList() as bl
    And I call bl.<call>
    Then it throws ERR_INVALID_ARG_TYPE with message <message>

    Examples:
      | call                          | message                                                                                      |
      | addAddress(1234)              | 'The "address" argument must be of type string. Received type number (1234)'                 |
      | addAddress(null)              | 'The "address" argument must be of type string. Received null'                               |
      | addRange(1, "1.2.3.4")        | 'The "start" argument must be of type string. Received type number (1)'                      |
      | addRange("1.2.3.4", {})       | 'The "end" argument must be of type string. Received an instance of Object'                  |
      | addSubnet(undefined, 8)       | 'The "network" argument must be of type string. Received undefined'                          |
      | check(1)                      | 'The "address" argument must be of type string. Received type number (1)'                    |
      | addAddress("1.2.3.4", 4)      | 'The "family" argument must be of type string. Received type number (4)'                     |
      | check("1.2.3.4", null)        | 'The "family" argument must be of type string. Received null'                                |

  @member:blockList.check
  Scenario Outline: check() answers false for what it cannot parse: <address>, <family>
    When I call new net.BlockList() as bl
    And I call bl.addSubnet("0.0.0.0", 0)
    And I call bl.check(<address>, <family>)
    Then it returns false

    Examples:
      | address          | family |
      | "not an address" | "ipv4" |
      | "1.2.3.4"        | "ipv6" |
      | "1.2.3.4"        | "ipv5" |

  @member:blockList.check
  Scenario: a new BlockList blocks nothing
    When I call new net.BlockList() as bl
    And I call bl.check("1.2.3.4")
    Then it returns false

  @member:blockList.rules
  Scenario: a new BlockList has no rules
    When I call new net.BlockList() as bl
    And I call bl.rules
    Then it returns []

  # The docs say only "the list of rules added to the blocklist": the
  # order and whether a repeated rule is kept are Node's. Up to Node.js 22
  # the rules are one list, newest first; from 24 on addresses are a set,
  # listed before the subnets and then the ranges.
  @member:blockList.rules @node:<24 @observed
  Scenario: rules describes every rule, the newest first
    When I call new net.BlockList() as bl
    And I call bl.addAddress("1.2.3.4")
    And I call bl.addRange("1.2.3.4", "1.2.3.10")
    And I call bl.addSubnet("8592:757c:efae:4e45::", 64, "ipv6")
    And I call bl.rules
    Then it returns ["Subnet: IPv6 8592:757c:efae:4e45::/64", "Range: IPv4 1.2.3.4-1.2.3.10", "Address: IPv4 1.2.3.4"]

  @member:blockList.rules
  Scenario Outline: rules writes <what>
    When I call new net.BlockList() as bl
    And I call bl.<call>
    And I call bl.rules
    Then it returns [<rule>]

    Examples:
      | call                                              | rule                                     | what                                   |
      | addAddress("2001:DB8:0:0:0:0:0:1", "ipv6")        | "Address: IPv6 2001:db8::1"              | IPv6 compressed and in lower case      |
      | addAddress("::FFFF:1.2.3.4", "ipv6")              | "Address: IPv6 ::ffff:1.2.3.4"           | an IPv4-mapped address with its IPv4 tail |
      | addRange("::1", "::ffff", "ipv6")                 | "Range: IPv6 ::1-::ffff"                 | an IPv6 range                          |
      | addSubnet("10.1.2.3", 8)                          | "Subnet: IPv4 10.1.2.3/8"                | a subnet's network as given, not masked |

  @member:blockList.rules @node:<24 @observed
  Scenario: rules keeps a rule added twice twice
    When I call new net.BlockList() as bl
    And I call bl.addAddress("1.2.3.4")
    And I call bl.addAddress("1.2.3.4")
    And I call bl.rules
    Then it returns ["Address: IPv4 1.2.3.4", "Address: IPv4 1.2.3.4"]

  @member:blockList.rules @node:>=24 @observed
  Scenario: rules lists the addresses, then the subnets, then the ranges, each kind newest first
    When I call new net.BlockList() as bl
    And I call bl.addSubnet("10.0.0.0", 8)
    And I call bl.addRange("1.1.1.1", "1.1.1.2")
    And I call bl.addSubnet("11.0.0.0", 8)
    And I call bl.addRange("2.1.1.1", "2.1.1.2")
    And I call bl.addAddress("9.9.9.9")
    And I call bl.rules
    Then it returns ["Address: IPv4 9.9.9.9", "Subnet: IPv4 11.0.0.0/8", "Subnet: IPv4 10.0.0.0/8", "Range: IPv4 2.1.1.1-2.1.1.2", "Range: IPv4 1.1.1.1-1.1.1.2"]

  @member:blockList.rules @node:>=24 @observed
  Scenario: rules lists an address added twice once, and keeps a range added twice twice
    When I call new net.BlockList() as bl
    And I call bl.addAddress("1.2.3.4")
    And I call bl.addAddress("1.2.3.4")
    And I call bl.addRange("1.2.3.4", "1.2.3.10")
    And I call bl.addRange("1.2.3.4", "1.2.3.10")
    And I call bl.rules
    Then it returns ["Address: IPv4 1.2.3.4", "Range: IPv4 1.2.3.4-1.2.3.10", "Range: IPv4 1.2.3.4-1.2.3.10"]

  @member:blockList.addAddress @member:blockList.check
  Scenario: addAddress() and check() take a SocketAddress, whatever its port
    When I call new net.SocketAddress({address: "1.2.3.4", port: 80}) as rule
    And I call new net.SocketAddress({address: "1.2.3.4", port: 9}) as visitor
    And I call new net.BlockList() as bl
    And I call bl.addAddress(rule)
    And I call bl.check(visitor)
    Then it returns true

  @member:blockList.addAddress
  Scenario: the family of a SocketAddress wins over the type argument
    When I call new net.SocketAddress({address: "::1", family: "ipv6"}) as sa
    And I call new net.BlockList() as bl
    And I call bl.addAddress(sa, "ipv4")
    And I call bl.rules
    Then it returns ["Address: IPv6 ::1"]

  @member:blockList.addSubnet
  Scenario: addSubnet() takes a SocketAddress network and bounds the prefix by its family
    When I call new net.SocketAddress({address: "2001:db8::", family: "ipv6"}) as network
    And I call new net.BlockList() as bl
    And I call bl.addSubnet(network, 64)
    And I call bl.check("2001:db8::5", "ipv6")
    Then it returns true

  @member:blockList.addRange
  Scenario: addRange() takes a SocketAddress start and a string end
    When I call new net.SocketAddress({address: "10.0.0.1"}) as start
    And I call new net.BlockList() as bl
    And I call bl.addRange(start, "10.0.0.9")
    And I call bl.rules
    Then it returns ["Range: IPv4 10.0.0.1-10.0.0.9"]
