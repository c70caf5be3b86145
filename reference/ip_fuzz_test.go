package reference

import (
	"bytes"
	"net/netip"
	"strings"
	"testing"
)

// FuzzIsIP checks the reference's address parsers against invariants that
// need no Node.js (the corpus test holds them to Node itself):
//
//   - IsIP is 4 exactly when IsIPv4, 6 exactly when IsIPv6, else 0, and
//     no string is both;
//   - IsIPv4 agrees with net/netip: netip.ParseAddr accepts the same
//     dotted-decimal grammar (four decimal octets up to 255, no leading
//     zero) and nothing else that is IPv4;
//   - IsIPv6 agrees with net/netip except on zones: both accept the same
//     IPv6 forms, but Node allows only [0-9a-zA-Z.:-] in a zone id where
//     netip allows any non-empty text;
//   - the v0.10 profile accepts exactly the dotted quads of up to three
//     digits each whose values are at most 255, a superset of IsIPv4, and
//     the v19 profile is IsIP itself;
//   - the SocketAddress parser (libuv's inet_pton) accepts a string with no
//     NUL and no '%' exactly when IsIPv4 or IsIPv6 does, to the same bytes
//     as netip, and what it prints parses back to itself;
//   - a BlockList holding an address blocks it, as does the range from it
//     to itself and its subnet of full length.
func FuzzIsIP(f *testing.F) {
	for _, s := range []string{
		"127.0.0.1", "0.0.0.0", "255.255.255.255", "01.2.3.4", "1.2.3", "1.2.3.4.", "256.1.1.1",
		"::", "::1", "1:2:3:4:5:6:7:8", "1::", "::ffff:1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "fe80::1%eth0",
		"fe80::1%", "fe80::1%a_b", "1:2:3:4:5:6:7:8:9", "12345::", ":::", "1.2.3.4\x00x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ip, v4, v6 := IsIP(s), IsIPv4(s), IsIPv6(s)
		if ip != 0 && ip != 4 && ip != 6 || (ip == 4) != v4 || (ip == 6) != v6 || v4 && v6 {
			t.Fatalf("IsIP(%q) = %d, IsIPv4 %t, IsIPv6 %t", s, ip, v4, v6)
		}

		addr, err := netip.ParseAddr(s)
		if want := err == nil && addr.Is4(); v4 != want {
			t.Fatalf("IsIPv4(%q) = %t, netip.ParseAddr says %t (%v)", s, v4, want, err)
		}
		if want := err == nil && addr.Is6() && nodeZone(addr.Zone()); v6 != want {
			t.Fatalf("IsIPv6(%q) = %t, netip.ParseAddr and the zone grammar say %t (%v)", s, v6, want, err)
		}

		if IsIPProfile(ProfileV19, s) != ip || IsIPv4Profile(ProfileV19, s) != v4 {
			t.Fatalf("the v19 profile differs from IsIP on %q", s)
		}
		old := IsIPv4Profile(ProfileV010, s)
		if old != dottedQuadUpTo255(s) || v4 && !old {
			t.Fatalf("IsIPv4Profile(v0.10, %q) = %t, IsIPv4 %t", s, old, v4)
		}
		want := 0
		switch {
		case old:
			want = 4
		case v6:
			want = 6
		}
		if got := IsIPProfile(ProfileV010, s); got != want {
			t.Fatalf("IsIPProfile(v0.10, %q) = %d, want %d", s, got, want)
		}

		for _, fam := range []string{"ipv4", "ipv6"} {
			a, err := ParseSocketAddress(s, fam)
			if !strings.ContainsAny(s, "\x00%") {
				if accepted := err == nil; accepted != (fam == "ipv4" && v4 || fam == "ipv6" && v6) {
					t.Fatalf("ParseSocketAddress(%q, %s) accepted %t, IsIPv4 %t, IsIPv6 %t", s, fam, accepted, v4, v6)
				}
				if err == nil && !bytes.Equal(a.IP(), addr.AsSlice()) {
					t.Fatalf("ParseSocketAddress(%q, %s) = %v, netip %v", s, fam, a.IP(), addr.AsSlice())
				}
			}
			if err != nil {
				if ErrorCode(err) != "ERR_INVALID_ADDRESS" {
					t.Fatalf("ParseSocketAddress(%q, %s): %v", s, fam, err)
				}
				continue
			}
			printed := a.Address()
			again, err := ParseSocketAddress(printed, fam)
			if err != nil || again.Address() != printed || !bytes.Equal(again.IP(), a.IP()) {
				t.Fatalf("%q (%s) prints as %q, which parses to %v, %v", s, fam, printed, again, err)
			}
			if p, err := netip.ParseAddr(printed); err != nil || !bytes.Equal(p.AsSlice(), a.IP()) || IsIP(printed) == 0 {
				t.Fatalf("%q (%s) prints as %q, which netip reads as %v, %v (IsIP %d)", s, fam, printed, p, err, IsIP(printed))
			}
			bl := NewBlockList()
			bl.AddSocketAddress(a)
			if err := bl.AddSocketAddressRange(a, a); err != nil {
				t.Fatalf("range %s-%s: %v", printed, printed, err)
			}
			if err := bl.AddSocketAddressSubnet(a, len(a.IP())*8); err != nil {
				t.Fatalf("subnet %s: %v", printed, err)
			}
			for _, r := range bl.rules {
				if !r.applies(a) {
					t.Fatalf("the rule %q does not block %s", r, printed)
				}
			}
		}
	})
}

// nodeZone reports whether a zone id (without its '%') is one Node's
// isIPv6 accepts: none, or one or more of [0-9a-zA-Z.:-].
func nodeZone(z string) bool {
	for _, c := range []byte(z) {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '.' || c == ':') {
			return false
		}
	}
	return true
}

// dottedQuadUpTo255 is the v0.10 profile's IPv4 grammar, written apart
// from ip.go's: four parts of one to three ASCII digits, each at most 255.
func dottedQuadUpTo255(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return false
	}
	for _, p := range parts {
		if len(p) < 1 || len(p) > 3 {
			return false
		}
		n := 0
		for _, c := range []byte(p) {
			if c < '0' || c > '9' {
				return false
			}
			n = n*10 + int(c-'0')
		}
		if n > 255 {
			return false
		}
	}
	return true
}
