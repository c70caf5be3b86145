package reference

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// The expected values of these tests are what Node.js 20 answered to the
// same calls (node -e, v20.20.2).

func mustAdd(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("adding a rule: %v", err)
	}
}

func TestBlockListChecksAddresses(t *testing.T) {
	bl := NewBlockList()
	mustAdd(t, bl.AddAddress("1.2.3.4", "ipv4"))
	mustAdd(t, bl.AddAddress("2001:DB8:0:0::1", "IPv6"))
	for _, c := range []struct {
		address, family string
		want            bool
	}{
		{"1.2.3.4", "ipv4", true},
		{"1.2.3.5", "ipv4", false},
		{"::ffff:1.2.3.4", "ipv6", true}, // the IPv4-mapped form
		{"::FFFF:1.2.3.4", "IPv6", true},
		{"::1.2.3.4", "ipv6", false}, // IPv4-compatible is not mapped
		{"2001:db8::1", "ipv6", true},
		{"2001:db8::2", "ipv6", false},
		{"1.2.3.4", "ipv6", false},     // not an IPv6 address: not blocked
		{"2001:db8::1", "ipv4", false}, // not an IPv4 address: not blocked
		{"1.2.3.4", "ipv5", false},     // an unknown family: not blocked either
		{"not an address", "ipv4", false},
	} {
		if got := bl.Check(c.address, c.family); got != c.want {
			t.Errorf("check(%q, %q) = %t, want %t", c.address, c.family, got, c.want)
		}
	}
}

func TestBlockListChecksIPv4AgainstMappedRules(t *testing.T) {
	bl := NewBlockList()
	mustAdd(t, bl.AddAddress("::ffff:5.6.7.8", "ipv6"))
	mustAdd(t, bl.AddRange("::ffff:10.0.0.0", "::ffff:10.0.0.255", "ipv6"))
	mustAdd(t, bl.AddSubnet("::ffff:192.168.0.0", 112, "ipv6"))
	for address, want := range map[string]bool{
		"5.6.7.8": true, "5.6.7.9": false,
		"10.0.0.7": true, "10.0.1.7": false,
		"192.168.3.4": true, "192.169.3.4": false,
	} {
		if got := bl.Check(address, "ipv4"); got != want {
			t.Errorf("check(%q) = %t, want %t", address, got, want)
		}
	}
}

func TestBlockListChecksMappedAgainstIPv4Rules(t *testing.T) {
	bl := NewBlockList()
	mustAdd(t, bl.AddAddress("5.6.7.8", "ipv4"))
	mustAdd(t, bl.AddRange("10.0.0.0", "10.0.0.255", "ipv4"))
	mustAdd(t, bl.AddSubnet("192.168.0.0", 16, "ipv4"))
	for address, want := range map[string]bool{
		"::ffff:5.6.7.8": true, "::ffff:10.0.0.7": true, "::ffff:192.168.9.9": true,
		"::192.168.9.9": false, "::ffff:192.169.9.9": false,
	} {
		if got := bl.Check(address, "ipv6"); got != want {
			t.Errorf("check(%q, 'ipv6') = %t, want %t", address, got, want)
		}
	}
}

func TestBlockListRangesOrderAddressesByValue(t *testing.T) {
	bl := NewBlockList()
	mustAdd(t, bl.AddRange("1.2.3.4", "1.2.3.10", "ipv4"))
	for address, want := range map[string]bool{
		"1.2.3.3": false, "1.2.3.4": true, "1.2.3.7": true, "1.2.3.10": true, "1.2.3.11": false,
		"2.2.3.5": false, "1.2.4.5": false,
	} {
		if got := bl.Check(address, "ipv4"); got != want {
			t.Errorf("check(%q) in 1.2.3.4-1.2.3.10 = %t, want %t", address, got, want)
		}
	}
	// Network order: 1.2.3.4 comes before 2.0.0.1.
	mustAdd(t, bl.AddRange("1.2.3.4", "2.0.0.1", "ipv4"))
}

func TestBlockListSubnetEdges(t *testing.T) {
	for _, c := range []struct {
		network string
		prefix  int
		family  string
		check   string
		cfamily string
		want    bool
	}{
		{"1.2.3.4", 32, "ipv4", "1.2.3.4", "ipv4", true},
		{"1.2.3.4", 32, "ipv4", "1.2.3.5", "ipv4", false},
		{"1.2.3.4", 32, "ipv4", "5.6.7.8", "ipv4", false},
		{"1.2.3.4", 0, "ipv4", "5.6.7.8", "ipv4", true},
		{"1.2.3.4", 0, "ipv4", "::ffff:9.9.9.9", "ipv6", true},
		{"1.2.3.4", 0, "ipv4", "::1", "ipv6", false}, // an IPv4 subnet holds only mapped IPv6
		{"::", 0, "ipv6", "5.6.7.8", "ipv4", true},
		{"8592:757c:efae:4e45::", 64, "ipv6", "8592:757c:efae:4e45:ffff::1", "ipv6", true},
		{"8592:757c:efae:4e45::", 64, "ipv6", "8592:757c:efae:4e46::", "ipv6", false},
		{"10.0.0.0", 9, "ipv4", "10.127.255.255", "ipv4", true},
		{"10.0.0.0", 9, "ipv4", "10.128.0.0", "ipv4", false},
	} {
		bl := NewBlockList()
		mustAdd(t, bl.AddSubnet(c.network, c.prefix, c.family))
		if got := bl.Check(c.check, c.cfamily); got != c.want {
			t.Errorf("%s/%d: check(%q, %q) = %t, want %t", c.network, c.prefix, c.check, c.cfamily, got, c.want)
		}
	}
}

func TestBlockListRulesNewestFirst(t *testing.T) {
	bl := NewBlockList()
	if got := bl.Rules(); len(got) != 0 {
		t.Fatalf("rules of a new BlockList = %q, want none", got)
	}
	mustAdd(t, bl.AddAddress("1.2.3.4", "ipv4"))
	mustAdd(t, bl.AddRange("1.2.3.4", "1.2.3.10", "ipv4"))
	mustAdd(t, bl.AddSubnet("8592:757c:efae:4e45::", 64, "ipv6"))
	mustAdd(t, bl.AddAddress("1.2.3.4", "ipv4"))
	mustAdd(t, bl.AddAddress("::FFFF:1.2.3.4", "ipv6"))
	mustAdd(t, bl.AddAddress("2001:DB8:0:0::1", "ipv6"))
	mustAdd(t, bl.AddSubnet("10.0.0.1", 8, "ipv4"))
	want := []string{
		"Subnet: IPv4 10.0.0.1/8",
		"Address: IPv6 2001:db8::1",
		"Address: IPv6 ::ffff:1.2.3.4",
		"Address: IPv4 1.2.3.4",
		"Subnet: IPv6 8592:757c:efae:4e45::/64",
		"Range: IPv4 1.2.3.4-1.2.3.10",
		"Address: IPv4 1.2.3.4",
	}
	if got := bl.Rules(); !reflect.DeepEqual(got, want) {
		t.Errorf("rules:\n got %q\nwant %q", got, want)
	}
}

func TestBlockListErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		add  func(*BlockList) error
		code string
		msg  string
	}{
		{"prefix over 32", func(b *BlockList) error { return b.AddSubnet("1.2.3.4", 33, "ipv4") },
			"ERR_OUT_OF_RANGE", `The value of "prefix" is out of range. It must be >= 0 && <= 32. Received 33`},
		{"negative prefix", func(b *BlockList) error { return b.AddSubnet("1.2.3.4", -1, "ipv4") },
			"ERR_OUT_OF_RANGE", `The value of "prefix" is out of range. It must be >= 0 && <= 32. Received -1`},
		{"prefix over 128", func(b *BlockList) error { return b.AddSubnet("::", 129, "ipv6") },
			"ERR_OUT_OF_RANGE", `The value of "prefix" is out of range. It must be >= 0 && <= 128. Received 129`},
		{"huge prefix", func(b *BlockList) error { return b.AddSubnet("1.2.3.4", 1<<40, "ipv4") },
			"ERR_OUT_OF_RANGE", `The value of "prefix" is out of range. It must be >= 0 && <= 32. Received 1_099_511_627_776`},
		{"unknown type", func(b *BlockList) error { return b.AddAddress("1.2.3.4", "ipv5") },
			"ERR_INVALID_ARG_VALUE", `The property 'options.family' is invalid. Received 'ipv5'`},
		{"empty type", func(b *BlockList) error { return b.AddAddress("1.2.3.4", "") },
			"ERR_INVALID_ARG_VALUE", `The property 'options.family' is invalid. Received ''`},
		{"unknown range type", func(b *BlockList) error { return b.AddRange("1.2.3.4", "1.2.3.5", "ipv5") },
			"ERR_INVALID_ARG_VALUE", `The property 'options.family' is invalid. Received 'ipv5'`},
		{"unknown subnet type", func(b *BlockList) error { return b.AddSubnet("1.2.3.4", 8, "ipv5") },
			"ERR_INVALID_ARG_VALUE", `The property 'options.family' is invalid. Received 'ipv5'`},
		{"bad address", func(b *BlockList) error { return b.AddAddress("1.2.3.256", "ipv4") },
			"ERR_INVALID_ADDRESS", "Invalid socket address"},
		{"empty address", func(b *BlockList) error { return b.AddAddress("", "ipv4") },
			"ERR_INVALID_ADDRESS", "Invalid socket address"},
		{"IPv6 as IPv4", func(b *BlockList) error { return b.AddAddress("::1", "ipv4") },
			"ERR_INVALID_ADDRESS", "Invalid socket address"},
		{"IPv4 as IPv6", func(b *BlockList) error { return b.AddAddress("1.2.3.4", "ipv6") },
			"ERR_INVALID_ADDRESS", "Invalid socket address"},
		{"bad range end", func(b *BlockList) error { return b.AddRange("1.2.3.4", "x", "ipv4") },
			"ERR_INVALID_ADDRESS", "Invalid socket address"},
		{"bad subnet", func(b *BlockList) error { return b.AddSubnet("1.2.3", 8, "ipv4") },
			"ERR_INVALID_ADDRESS", "Invalid socket address"},
		{"range start after end", func(b *BlockList) error { return b.AddRange("1.2.3.10", "1.2.3.4", "ipv4") },
			"ERR_INVALID_ARG_VALUE", "The argument 'start' must come before end. Received SocketAddress { address: '1.2.3.10', port: 0, family: 'ipv4', flowlabel: 0 }"},
		{"IPv6 range start after end", func(b *BlockList) error { return b.AddRange("::10", "::4", "ipv6") },
			"ERR_INVALID_ARG_VALUE", "The argument 'start' must come before end. Received SocketAddress { address: '::10', port: 0, family: 'ipv6', flowlabel: 0 }"},
		{"long start after end", func(b *BlockList) error {
			return b.AddRange("1111:2222:3333:4444:5555:6666:7777:8888", "::1", "ipv6")
		}, "ERR_INVALID_ARG_VALUE", "The argument 'start' must come before end. Received SocketAddress {\n  address: '1111:2222:3333:4444:5555:6666:7777:8888',\n  port: 0,\n  family: 'ipv6',\n  flowlabel: 0\n}"},
	} {
		bl := NewBlockList()
		err := c.add(bl)
		if ErrorCode(err) != c.code || err == nil || err.(*Error).Message != c.msg {
			t.Errorf("%s: got %v, want %s: %s", c.name, err, c.code, c.msg)
		}
		if got := bl.Rules(); len(got) != 0 {
			t.Errorf("%s: a failed add left rules %q", c.name, got)
		}
	}
}

func TestBlockListTakesSocketAddresses(t *testing.T) {
	sa := func(address, family string, port int) *SocketAddress {
		a, err := NewSocketAddress(SocketAddressOptions{Address: address, Family: family, Port: port})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	bl := NewBlockList()
	bl.AddSocketAddress(sa("1.2.3.4", "", 80))
	mustAdd(t, bl.AddSocketAddressRange(sa("10.0.0.1", "", 0), sa("10.0.0.9", "", 0)))
	// Bounds that do not compare make a range Node accepts and that blocks nothing.
	mustAdd(t, bl.AddSocketAddressRange(sa("10.0.0.1", "", 0), sa("::1", "ipv6", 0)))
	// The prefix is bounded by the SocketAddress's family.
	mustAdd(t, bl.AddSocketAddressSubnet(sa("2001:db8::", "ipv6", 0), 64))
	err := bl.AddSocketAddressSubnet(sa("10.0.0.0", "", 0), 33)
	if ErrorCode(err) != "ERR_OUT_OF_RANGE" || !strings.Contains(err.Error(), "It must be >= 0 && <= 32. Received 33") {
		t.Errorf("a /33 IPv4 SocketAddress subnet: got %v", err)
	}
	// A range from a mapped address to a smaller IPv4 one is backwards.
	err = bl.AddSocketAddressRange(sa("::ffff:10.0.0.9", "ipv6", 0), sa("10.0.0.1", "", 0))
	if want := "The argument 'start' must come before end. Received SocketAddress { address: '::ffff:10.0.0.9', port: 0, family: 'ipv6', flowlabel: 0 }"; err == nil || err.(*Error).Message != want {
		t.Errorf("a backwards mixed range: got %v, want %s", err, want)
	}
	want := []string{
		"Subnet: IPv6 2001:db8::/64",
		"Range: IPv4 10.0.0.1-::1",
		"Range: IPv4 10.0.0.1-10.0.0.9",
		"Address: IPv4 1.2.3.4",
	}
	if got := bl.Rules(); !reflect.DeepEqual(got, want) {
		t.Errorf("rules:\n got %q\nwant %q", got, want)
	}
	if !bl.CheckSocketAddress(sa("1.2.3.4", "", 9)) {
		t.Error("check(SocketAddress 1.2.3.4:9) = false: the port is not part of a rule")
	}
	if !bl.CheckSocketAddress(sa("2001:db8::5", "ipv6", 0)) {
		t.Error("check(SocketAddress 2001:db8::5) = false, want true")
	}
	if bl.Check("10.0.0.10", "ipv4") {
		t.Error("check(10.0.0.10) = true: the range to ::1 blocks nothing")
	}
}

type blocklistCase struct {
	Rules  [][]any `json:"rules"`
	Errors []*struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
	List   []string `json:"list"`
	Checks [][]any  `json:"checks"`
}

// TestBlockListCorpusAgreesWithNode replays the block lists of the corpus
// and compares every error, rule list and check with Node's.
func TestBlockListCorpusAgreesWithNode(t *testing.T) {
	var bad []string
	cases := 0
	head := readCorpus(t, blocklistCorpus, func(line int, raw []byte) error {
		var c blocklistCase
		if err := json.Unmarshal(raw, &c); err != nil {
			return err
		}
		cases++
		bl := NewBlockList()
		for i, r := range c.Rules {
			var err error
			switch r[0] {
			case "address":
				err = bl.AddAddress(r[1].(string), r[2].(string))
			case "range":
				if r[2] == r[4] {
					err = bl.AddRange(r[1].(string), r[3].(string), r[2].(string))
					break
				}
				s, serr := ParseSocketAddress(r[1].(string), r[2].(string))
				e, eerr := ParseSocketAddress(r[3].(string), r[4].(string))
				if serr != nil || eerr != nil {
					return fmt.Errorf("bad range bounds %v", r)
				}
				err = bl.AddSocketAddressRange(s, e)
			case "subnet":
				err = bl.AddSubnet(r[1].(string), int(r[3].(float64)), r[2].(string))
			default:
				return fmt.Errorf("unknown rule %v", r)
			}
			want := c.Errors[i]
			switch {
			case want == nil && err != nil:
				bad = append(bad, fmt.Sprintf("  line %d: %v: %v, node added it", line, r, err))
			case want != nil && (err == nil || ErrorCode(err) != want.Code || err.(*Error).Message != want.Message):
				bad = append(bad, fmt.Sprintf("  line %d: %v: %v, node %s: %s", line, r, err, want.Code, want.Message))
			}
		}
		if got := bl.Rules(); !reflect.DeepEqual(got, c.List) && !(len(got) == 0 && len(c.List) == 0) {
			bad = append(bad, fmt.Sprintf("  line %d: rules %q, node %q", line, got, c.List))
		}
		for _, ch := range c.Checks {
			address, family, want := ch[0].(string), ch[1].(string), ch[2].(bool)
			if got := bl.Check(address, family); got != want {
				bad = append(bad, fmt.Sprintf("  line %d: rules %q: check(%q, %q) %t, node %t", line, c.List, address, family, got, want))
			}
		}
		return nil
	})
	if cases < 100 {
		t.Fatalf("the block list corpus has %d cases", cases)
	}
	if len(bad) > 0 {
		t.Errorf("the reference's BlockList disagrees with Node %s %d times:\n%s", head.Node, len(bad), strings.Join(bad, "\n"))
	}
}

// TestBlockListRulesFromNode24 checks how Node.js 24 and later list the
// rules: addresses once each, then subnets, then ranges, each kind newest
// first (as node24 and node26 answered the same calls).
func TestBlockListRulesFromNode24(t *testing.T) {
	bl := NewBlockListFor(Node24)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(bl.AddSubnet("10.0.0.0", 8, "ipv4"))
	must(bl.AddRange("1.1.1.1", "1.1.1.2", "ipv4"))
	must(bl.AddAddress("9.9.9.9", "ipv4"))
	must(bl.AddSubnet("11.0.0.0", 8, "ipv4"))
	must(bl.AddRange("1.1.1.1", "1.1.1.2", "ipv4"))
	must(bl.AddAddress("9.9.9.9", "ipv4"))
	want := []string{"Address: IPv4 9.9.9.9", "Subnet: IPv4 11.0.0.0/8", "Subnet: IPv4 10.0.0.0/8", "Range: IPv4 1.1.1.1-1.1.1.2", "Range: IPv4 1.1.1.1-1.1.1.2"}
	if got := bl.Rules(); !reflect.DeepEqual(got, want) {
		t.Errorf("Rules() = %q, want %q", got, want)
	}
	if !bl.Check("9.9.9.9", "ipv4") || !bl.Check("11.2.3.4", "ipv4") || bl.Check("12.0.0.1", "ipv4") {
		t.Error("Check disagrees with the rules")
	}
}
