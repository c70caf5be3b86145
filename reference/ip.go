package reference

import (
	"regexp"
	"strings"
)

// The grammar Node.js 20 accepts (lib/internal/net.js): IPv4 in
// dot-decimal with no leading zeroes, and IPv6 in every compressed form,
// with an optional dotted IPv4 tail and an optional %zone.
var (
	octet   = `(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)`
	dotted  = `(?:` + octet + `\.){3}` + octet
	ipv4Re  = regexp.MustCompile(`^` + dotted + `$`)
	ipv6Re  = regexp.MustCompile(`^(?:` + ipv6Forms() + `)(?:%[0-9a-zA-Z\-.:]+)?$`)
	ipv4Old = regexp.MustCompile(`^(?:\d{1,3}\.){3}\d{1,3}$`)
)

// ipv6Forms spells out, for each count of leading groups before a "::",
// what may follow; a full address of eight groups is the k=7 case.
func ipv6Forms() string {
	const g = `[0-9a-fA-F]{1,4}`
	rep := func(s string, min, max int) string {
		return `(?:` + s + `){` + itoa(min) + `,` + itoa(max) + `}`
	}
	var forms []string
	forms = append(forms, `(?:`+g+`:){7}(?:`+g+`|:)`)
	forms = append(forms, `(?:`+g+`:){6}(?:`+dotted+`|:`+g+`|:)`)
	forms = append(forms, `(?:`+g+`:){5}(?::`+dotted+`|`+rep(`:`+g, 1, 2)+`|:)`)
	for k := 4; k >= 1; k-- {
		forms = append(forms, `(?:`+g+`:){`+itoa(k)+`}(?:`+rep(`:`+g, 0, 5-k)+`:`+dotted+`|`+rep(`:`+g, 1, 7-k)+`|:)`)
	}
	forms = append(forms, `:(?:`+rep(`:`+g, 0, 5)+`:`+dotted+`|`+rep(`:`+g, 1, 7)+`|:)`)
	return strings.Join(forms, "|")
}

func itoa(n int) string { return string(rune('0' + n)) }

// IsIPv4 reports whether s is an IPv4 address in dot-decimal notation
// with no leading zeroes, as net.isIPv4 does.
func IsIPv4(s string) bool { return ipv4Re.MatchString(s) }

// IsIPv6 reports whether s is an IPv6 address, as net.isIPv6 does.
func IsIPv6(s string) bool { return ipv6Re.MatchString(s) }

// IsIP returns 4 for an IPv4 address, 6 for an IPv6 address, and 0
// otherwise, as net.isIP does.
func IsIP(s string) int {
	switch {
	case IsIPv4(s):
		return 4
	case IsIPv6(s):
		return 6
	}
	return 0
}

// IsIPv4Profile is IsIPv4 for profile p. The v0.10 docs do not exclude
// leading zeroes ("Tests if input is an IPv4 address"), so the v0.10
// profile accepts octets written with them, such as "127.000.000.001".
// No feature asserts this: v0.10's isIP called uv_inet_pton, whose code
// (from BIND) rejects leading zeroes, so real v0.10 most likely did too.
func IsIPv4Profile(p Profile, s string) bool {
	if p == ProfileV010 {
		return ipv4Old.MatchString(s) && octetsInRange(s)
	}
	return IsIPv4(s)
}

// IsIPProfile is IsIP for profile p.
func IsIPProfile(p Profile, s string) int {
	switch {
	case IsIPv4Profile(p, s):
		return 4
	case IsIPv6(s):
		return 6
	}
	return 0
}

func octetsInRange(s string) bool {
	for _, part := range strings.Split(s, ".") {
		v := 0
		for _, c := range part {
			v = v*10 + int(c-'0')
			if v > 255 {
				return false
			}
		}
	}
	return true
}
