@area:address @bad-input @observed
Feature: net.isIP(), net.isIPv4() and net.isIPv6() never throw: a non-string is read as a string

  > Returns 6 if input is an IPv6 address. Returns 4 if input is an IPv4
  > address in dot-decimal notation with no leading zeroes. Otherwise,
  > returns 0.
  -- Node.js v19 net docs (seed 001), net.isIP(input)

  > Tests if input is an IP address. Returns 0 for invalid strings,
  > returns 4 for IP version 4 addresses, and returns 6 for IP version 6
  > addresses.
  -- Node.js v0.10 net docs (seed 000), net.isIP(input)

  The docs speak of strings only, and Node.js 20 never throws here: it
  matches String(input) against its patterns, so a number, a boolean, an
  object, null and undefined are 0 and false, while an array of one
  address string or a Buffer of one reads as that address. These rows
  assert no error, and count apart from the bad-input rows that do.

  @member:net.isIP @member:net.isIPv4 @member:net.isIPv6
  Scenario Outline: <input> is read as String(<input>): <isIP>
    When I call net.isIP(<input>)
    Then it returns <isIP>
    When I call net.isIPv4(<input>)
    Then it returns <isIPv4>
    When I call net.isIPv6(<input>)
    Then it returns <isIPv6>

    Examples:
      | input                     | isIP | isIPv4 | isIPv6 |
      | 16909060                  | 0    | false  | false  |
      | true                      | 0    | false  | false  |
      | null                      | 0    | false  | false  |
      | undefined                 | 0    | false  | false  |
      | {}                        | 0    | false  | false  |
      | ["1.2.3.4"]               | 4    | true   | false  |
      | ["::1"]                   | 6    | false  | true   |
      | ["1.2.3.4", "5.6.7.8"]    | 0    | false  | false  |
      | Buffer.from("1.2.3.4")    | 4    | true   | false  |

  @member:net.isIP
  Scenario: isIP() with no input is 0
    When I call net.isIP()
    Then it returns 0
