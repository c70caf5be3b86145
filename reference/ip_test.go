package reference_test

import (
	"testing"

	"github.com/netconform/netconform/reference"
)

// ipCases holds net.isIP's answers, obtained from Node.js v20.20.2 with
//
//	node -e 'for (const c of [...]) console.log(JSON.stringify(c), net.isIP(c))'
//
// isIPv4 and isIPv6 were checked at the same time: they are true exactly
// when isIP returns 4 and 6.
var ipCases = []struct {
	in   string
	want int
}{
	// IPv4: dot-decimal, no leading zeroes, nothing around it.
	{"127.0.0.1", 4},
	{"0.0.0.0", 4},
	{"255.255.255.255", 4},
	{"256.0.0.1", 0},
	{"127.000.000.001", 0},
	{"127.0.0.01", 0},
	{"01.2.3.4", 0},
	{"1.2.3", 0},
	{"1.2.3.4.5", 0},
	{"1.2.3.4 ", 0},
	{" 1.2.3.4", 0},
	{"1.2.3.4\n", 0},
	{"", 0},
	{"1.2.3.4/24", 0},
	{"1.2.3.4:80", 0},
	{"0x7f.0.0.1", 0},
	{"1.2.3.-4", 0},
	{"1.2.3.4%eth0", 0},
	{"\u0661.2.3.4", 0}, // an Arabic-Indic digit is not a digit here
	{"localhost", 0},

	// IPv6: every compressed form, an IPv4 tail, and a %zone.
	{"::", 6},
	{"::1", 6},
	{"1::", 6},
	{"FFFF::", 6},
	{"2001:db8::1", 6},
	{"2001:0db8:0000:0000:0000:0000:0000:0001", 6},
	{"a:b:c:d:e:f:0:1", 6},
	{"1:2:3:4:5:6:7:8", 6},
	{"1:2:3:4:5:6:7:8:9", 0},
	{"1:2:3:4:5:6:7::", 6},
	{"::2:3:4:5:6:7:8", 6},
	{"::1:2:3:4:5:6:7", 6},
	{"1::2:3:4:5:6:7", 6},
	{"1:2:3:4:5:6::8", 6},
	{"1:2:3:4:5:6:7::8", 0},
	{"1:2:3:4:5:6:7:8::", 0},
	{"1:2:3:4:5:6:7:", 0},
	{"1::2::3", 0},
	{":1", 0},
	{"1:", 0},
	{":::", 0},
	{"12345::1", 0},
	{"g::1", 0},
	{"[::1]", 0},
	{"::ffff:127.0.0.1", 6},
	{"::FFFF:1.2.3.4", 6},
	{"::ffff:127.0.0.01", 0},
	{"::1.2.3.4", 6},
	{"::0:1.2.3.4", 6},
	{"::1.2.3", 0},
	{"::256.1.1.1", 0},
	{"1:2:3:4:5:6:1.2.3.4", 6},
	{"1:2:3:4:5:6:7:1.2.3.4", 0},
	{"1:2:3:4:5::1.2.3.4", 6},
	{"1:2:3:4::5:1.2.3.4", 6},
	{"1::5:1.2.3.4", 6},
	{"fe80::1%eth0", 6},
	{"fe80::1%eth0.1", 6},
	{"fe80::1%", 0},
	{"fe80::1%e_0", 0},
	{"::1%1", 6},
	{"1:2:3:4:5:6:7:8%eth0", 6},
	{"::ffff:1.2.3.4%1", 6},
	{"1:2:3:4:5:6:7:1234%x-y.z:w", 6},
}

func TestIsIP(t *testing.T) {
	for _, tt := range ipCases {
		if got := reference.IsIP(tt.in); got != tt.want {
			t.Errorf("IsIP(%q) = %d, want %d (Node v20)", tt.in, got, tt.want)
		}
		if got := reference.IsIPv4(tt.in); got != (tt.want == 4) {
			t.Errorf("IsIPv4(%q) = %v, want %v (Node v20)", tt.in, got, tt.want == 4)
		}
		if got := reference.IsIPv6(tt.in); got != (tt.want == 6) {
			t.Errorf("IsIPv6(%q) = %v, want %v (Node v20)", tt.in, got, tt.want == 6)
		}
		// The v19 profile is Node's current behaviour.
		if got := reference.IsIPProfile(reference.ProfileV19, tt.in); got != tt.want {
			t.Errorf("IsIPProfile(v19, %q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestIsIPv4ProfileV010(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		// The v0.10 docs allow leading zeroes...
		{"127.000.000.001", true},
		{"01.2.3.4", true},
		{"127.0.0.1", true},
		{"000.000.000.000", true},
		// ...but not values over 255, nor other shapes.
		{"256.0.0.1", false},
		{"1.2.3.0256", false},
		{"1.2.3", false},
		{"1.2.3.4.5", false},
		{"1.2.3.4 ", false},
		{"::1", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := reference.IsIPv4Profile(reference.ProfileV010, tt.in); got != tt.want {
			t.Errorf("IsIPv4Profile(v0.10, %q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	if reference.IsIPv4Profile(reference.ProfileV19, "127.000.000.001") {
		t.Errorf("IsIPv4Profile(v19, 127.000.000.001) = true, want false")
	}
	if got := reference.IsIPProfile(reference.ProfileV010, "127.000.000.001"); got != 4 {
		t.Errorf("IsIPProfile(v0.10, 127.000.000.001) = %d, want 4", got)
	}
	if got := reference.IsIPProfile(reference.ProfileV010, "::1"); got != 6 {
		t.Errorf("IsIPProfile(v0.10, ::1) = %d, want 6", got)
	}
	if got := reference.IsIPProfile(reference.ProfileV010, "1.2.3"); got != 0 {
		t.Errorf("IsIPProfile(v0.10, 1.2.3) = %d, want 0", got)
	}
}
