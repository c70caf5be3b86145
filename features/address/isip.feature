@area:address
Feature: net.isIP(), net.isIPv4() and net.isIPv6() classify address strings

  > Returns 6 if input is an IPv6 address. Returns 4 if input is an IPv4
  > address in dot-decimal notation with no leading zeroes. Otherwise,
  > returns 0.
  -- Node.js v19 net docs (seed 001), net.isIP(input)

  > Returns true if input is an IPv4 address in dot-decimal notation with
  > no leading zeroes. Otherwise, returns false.
  -- Node.js v19 net docs (seed 001), net.isIPv4(input)

  > Returns true if input is an IPv6 address. Otherwise, returns false.
  -- Node.js v19 net docs (seed 001), net.isIPv6(input)

  > Tests if input is an IP address. Returns 0 for invalid strings,
  > returns 4 for IP version 4 addresses, and returns 6 for IP version 6
  > addresses.
  -- Node.js v0.10 net docs (seed 000), net.isIP(input)

  The rows hold in both profiles, except those under @profile:v19: the
  v0.10 docs do not exclude leading zeroes, the v19 docs do.

  @member:net.isIP @member:net.isIPv4 @member:net.isIPv6
  Scenario Outline: <input> is <why>
    When I call net.isIP(<input>)
    Then it returns <isIP>
    When I call net.isIPv4(<input>)
    Then it returns <isIPv4>
    When I call net.isIPv6(<input>)
    Then it returns <isIPv6>

    Examples: IPv4 in dot-decimal notation
      | input                | isIP | isIPv4 | isIPv6 | why                              |
      | "127.0.0.1"          | 4    | true   | false  | the loopback address             |
      | "0.0.0.0"            | 4    | true   | false  | the unspecified address          |
      | "255.255.255.255"    | 4    | true   | false  | every octet at its maximum       |
      | "1.2.3.4"            | 4    | true   | false  | single-digit octets              |

    Examples: not IPv4, nor anything else
      | input                | isIP | isIPv4 | isIPv6 | why                              |
      | "256.0.0.1"          | 0    | false  | false  | an octet over 255                |
      | "1.2.3"              | 0    | false  | false  | three parts                      |
      | "1.2.3.4.5"          | 0    | false  | false  | five parts                       |
      | "1.2.3.4."           | 0    | false  | false  | a trailing dot                   |
      | "1..2.3"             | 0    | false  | false  | an empty part                    |
      | "-1.2.3.4"           | 0    | false  | false  | a sign                           |
      | " 1.2.3.4"           | 0    | false  | false  | a leading space                  |
      | "1.2.3.4 "           | 0    | false  | false  | a trailing space                 |
      | "0x7f.0.0.1"         | 0    | false  | false  | a hexadecimal octet              |
      | "localhost"          | 0    | false  | false  | a host name                      |
      | ""                   | 0    | false  | false  | the empty string                 |

    @profile:v19
    Examples: leading zeroes are not dot-decimal notation
      | input                | isIP | isIPv4 | isIPv6 | why                              |
      | "127.000.000.001"    | 0    | false  | false  | zero-padded octets               |
      | "127.0.0.01"         | 0    | false  | false  | one zero-padded octet            |
      | "01.2.3.4"           | 0    | false  | false  | a zero-padded first octet        |

    Examples: IPv6
      | input                                     | isIP | isIPv4 | isIPv6 | why                                |
      | "::"                                      | 6    | false  | true   | the unspecified address            |
      | "::1"                                     | 6    | false  | true   | the loopback address               |
      | "1:2:3:4:5:6:7:8"                         | 6    | false  | true   | eight groups                       |
      | "2001:0db8:0000:0000:0000:ff00:0042:8329" | 6    | false  | true   | eight groups of four digits        |
      | "2001:db8::"                              | 6    | false  | true   | "::" at the end                    |
      | "::2:3:4:5:6:7:8"                         | 6    | false  | true   | "::" at the start, seven groups    |
      | "1:2:3:4:5:6:7::"                         | 6    | false  | true   | seven groups, then "::"            |
      | "FE80::1"                                 | 6    | false  | true   | upper-case digits                  |
      | "::ffff:127.0.0.1"                        | 6    | false  | true   | an IPv4-mapped address             |
      | "::1.2.3.4"                               | 6    | false  | true   | an IPv4 tail after "::"            |
      | "1:2:3:4:5:6:1.2.3.4"                     | 6    | false  | true   | six groups and an IPv4 tail        |

    # Node.js 0.10's isIP (inet_pton) refuses a zone id: isIP gives 0.
    @node:>=19 @observed
    Examples: a zone id
      | input                                     | isIP | isIPv4 | isIPv6 | why                                |
      | "fe80::1%eth0"                            | 6    | false  | true   | a zone id                          |

    Examples: not IPv6
      | input                                     | isIP | isIPv4 | isIPv6 | why                                |
      | "1:2:3:4:5:6:7:8:9"                       | 0    | false  | false  | nine groups                        |
      | "1::2::3"                                 | 0    | false  | false  | two "::"                           |
      | "12345::1"                                | 0    | false  | false  | a group of five digits             |
      | "gggg::1"                                 | 0    | false  | false  | a group that is not hexadecimal    |
      | ":1"                                      | 0    | false  | false  | a lone leading colon               |
      | "1:"                                      | 0    | false  | false  | a lone trailing colon              |
      | "fe80::1%"                                | 0    | false  | false  | an empty zone id                   |
      | "::ffff:256.0.0.1"                        | 0    | false  | false  | an IPv4 tail with an octet over 255 |

    Examples: not strings: the input is converted with String() first
      | input                | isIP | isIPv4 | isIPv6 | why                                        |
      | 127                  | 0    | false  | false  | a number, which reads "127"                |
      | null                 | 0    | false  | false  | null, which reads "null"                   |
      | undefined            | 0    | false  | false  | undefined, which reads "undefined"         |
      | true                 | 0    | false  | false  | a boolean, which reads "true"              |
      | ["127.0.0.1"]        | 4    | true   | false  | an array of one address, which reads as it |
      | ["::1"]              | 6    | false  | true   | an array of one IPv6 address               |
