package reference

import (
	"bytes"
	"strconv"
)

// BlockList is net.BlockList: rules that block IP addresses, ranges and
// subnets, and a check of an address against them.
//
// Its semantics are Node's (src/node_sockaddr.cc), including how the two
// families meet: an IPv4 address and an IPv6 address compare, match and
// fall into each other's subnets only through the IPv4-mapped form
// ::ffff:a.b.c.d, so 1.2.3.4 is blocked by a rule on ::ffff:1.2.3.4 and
// the other way round, while ::1.2.3.4 has nothing to do with 1.2.3.4.
//
// A BlockList is not safe for concurrent use; the reference uses it on
// its loop's goroutine.
type BlockList struct {
	rules []blockRule // newest first, as Node keeps and lists them
	line  NodeLine    // how Rules lists them; 0 is up to Node.js 22
}

type blockRule interface {
	applies(a *SocketAddress) bool
	String() string
}

// NewBlockList is new net.BlockList().
func NewBlockList() *BlockList { return &BlockList{} }

// NewBlockListFor is new net.BlockList() as Node.js line n has it: from
// Node.js 24 on, rules lists each address once and lists the rules by
// kind (see Rules).
func NewBlockListFor(n NodeLine) *BlockList { return &BlockList{line: n} }

// AddAddress is blockList.addAddress(address, family): it blocks one
// address of family ("ipv4" or "ipv6", in any letter case). It fails as
// ParseSocketAddress does: ERR_INVALID_ARG_VALUE for an unknown family,
// ERR_INVALID_ADDRESS for an address that is not one of the family.
func (b *BlockList) AddAddress(address, family string) error {
	a, err := ParseSocketAddress(address, family)
	if err != nil {
		return err
	}
	b.AddSocketAddress(a)
	return nil
}

// AddSocketAddress is blockList.addAddress(socketAddress).
func (b *BlockList) AddSocketAddress(a *SocketAddress) {
	b.rules = append([]blockRule{addressRule{a}}, b.rules...)
}

// AddRange is blockList.addRange(start, end, family): it blocks every
// address from start to end, both included. A start after the end is
// ERR_INVALID_ARG_VALUE.
func (b *BlockList) AddRange(start, end, family string) error {
	s, err := ParseSocketAddress(start, family)
	if err != nil {
		return err
	}
	e, err := ParseSocketAddress(end, family)
	if err != nil {
		return err
	}
	return b.AddSocketAddressRange(s, e)
}

// AddSocketAddressRange is blockList.addRange(start, end) with
// SocketAddress arguments, which may be of different families: Node
// refuses the range only when start compares after end, and bounds that
// do not compare at all (1.2.3.4 and ::1) make a range that blocks
// nothing.
func (b *BlockList) AddSocketAddressRange(start, end *SocketAddress) error {
	if compareAddresses(start, end) == orderGreater {
		return ErrInvalidArgValue("start", InspectArgValue(start.String()), "must come before end")
	}
	b.rules = append([]blockRule{rangeRule{start, end}}, b.rules...)
	return nil
}

// AddSubnet is blockList.addSubnet(network, prefix, family): it blocks
// the addresses whose first prefix bits are those of network. The prefix
// is 0..32 for IPv4 and 0..128 for IPv6, else ERR_OUT_OF_RANGE.
func (b *BlockList) AddSubnet(network string, prefix int, family string) error {
	n, err := ParseSocketAddress(network, family)
	if err != nil {
		return err
	}
	return b.AddSocketAddressSubnet(n, prefix)
}

// AddSocketAddressSubnet is blockList.addSubnet(socketAddress, prefix):
// the prefix is bounded by the SocketAddress's family.
func (b *BlockList) AddSocketAddressSubnet(network *SocketAddress, prefix int) error {
	max := 32
	if network.v6 {
		max = 128
	}
	if prefix < 0 || prefix > max {
		return ErrOutOfRange("prefix", ">= 0 && <= "+strconv.Itoa(max), receivedInteger(int64(prefix)))
	}
	b.rules = append([]blockRule{subnetRule{network, prefix}}, b.rules...)
	return nil
}

// Check is blockList.check(address, family): whether a rule blocks the
// address. An address that is not one of the family, or an unknown
// family, is not an error: it is not blocked.
func (b *BlockList) Check(address, family string) bool {
	a, err := ParseSocketAddress(address, family)
	if err != nil {
		return false
	}
	return b.CheckSocketAddress(a)
}

// CheckSocketAddress is blockList.check(socketAddress).
func (b *BlockList) CheckSocketAddress(a *SocketAddress) bool {
	for _, r := range b.rules {
		if r.applies(a) {
			return true
		}
	}
	return false
}

// Rules is blockList.rules: a description of every rule, newest first,
// such as "Address: IPv4 1.2.3.4", "Range: IPv4 1.2.3.4-1.2.3.10" and
// "Subnet: IPv6 8592:757c:efae:4e45::/64". Addresses read as
// SocketAddress.Address prints them; a range is labelled with its start's
// family, and a subnet shows its network address as given, not masked.
//
// For a list of line 24 or later (NewBlockListFor), which keeps its
// addresses in a set and each kind of rule apart: every address once,
// then the subnets, then the ranges, each kind newest first. Node.js 24
// does not promise the order of its addresses among themselves.
func (b *BlockList) Rules() []string {
	out := make([]string, 0, len(b.rules))
	if !b.line.groupsBlockListRules() {
		for _, r := range b.rules {
			out = append(out, r.String())
		}
		return out
	}
	seen := map[string]bool{}
	for _, r := range b.rules {
		if _, ok := r.(addressRule); ok && !seen[r.String()] {
			seen[r.String()] = true
			out = append(out, r.String())
		}
	}
	for _, r := range b.rules {
		if _, ok := r.(subnetRule); ok {
			out = append(out, r.String())
		}
	}
	for _, r := range b.rules {
		if _, ok := r.(rangeRule); ok {
			out = append(out, r.String())
		}
	}
	return out
}

func familyLabel(a *SocketAddress) string {
	if a.v6 {
		return "IPv6"
	}
	return "IPv4"
}

type addressRule struct{ addr *SocketAddress }

func (r addressRule) applies(a *SocketAddress) bool {
	return compareAddresses(r.addr, a) == orderSame
}

func (r addressRule) String() string {
	return "Address: " + familyLabel(r.addr) + " " + r.addr.Address()
}

type rangeRule struct{ start, end *SocketAddress }

func (r rangeRule) applies(a *SocketAddress) bool {
	lo, hi := compareAddresses(a, r.start), compareAddresses(a, r.end)
	return (lo == orderSame || lo == orderGreater) && (hi == orderSame || hi == orderLess)
}

func (r rangeRule) String() string {
	return "Range: " + familyLabel(r.start) + " " + r.start.Address() + "-" + r.end.Address()
}

type subnetRule struct {
	network *SocketAddress
	prefix  int
}

func (r subnetRule) applies(a *SocketAddress) bool {
	n := r.network
	switch {
	case a.v6 == n.v6:
		width := 4
		if a.v6 {
			width = 16
		}
		return prefixEqual(a.ip[:width], n.ip[:width], r.prefix)
	case !a.v6:
		// An IPv4 address against an IPv6 subnet: as its mapped form.
		mapped := mapIPv4(a)
		return prefixEqual(mapped[:], n.ip[:], r.prefix)
	default:
		// An IPv6 address against an IPv4 subnet: only a mapped address
		// can be in it, by its last 32 bits.
		return isMapped(a) && prefixEqual(a.ip[12:], n.ip[:4], r.prefix)
	}
}

func (r subnetRule) String() string {
	return "Subnet: " + familyLabel(r.network) + " " + r.network.Address() + "/" + strconv.Itoa(r.prefix)
}

// prefixEqual reports whether a and b agree on their first bits bits.
func prefixEqual(a, b []byte, bits int) bool {
	full := bits / 8
	if !bytes.Equal(a[:full], b[:full]) {
		return false
	}
	rest := bits % 8
	if rest == 0 {
		return true
	}
	mask := byte(0xFF << (8 - rest))
	return a[full]&mask == b[full]&mask
}

var mappedPrefix = [12]byte{10: 0xff, 11: 0xff}

func isMapped(a *SocketAddress) bool {
	return a.v6 && bytes.Equal(a.ip[:12], mappedPrefix[:])
}

func mapIPv4(a *SocketAddress) [16]byte {
	var m [16]byte
	copy(m[:], mappedPrefix[:])
	copy(m[12:], a.ip[:4])
	return m
}

type order int

const (
	orderNotComparable order = iota
	orderLess
	orderSame
	orderGreater
)

// compareAddresses orders two addresses as Node's SocketAddress::compare:
// by their bytes in network order within a family, and across families
// only when the IPv6 one is IPv4-mapped.
func compareAddresses(x, y *SocketAddress) order {
	var a, b []byte
	switch {
	case x.v6 == y.v6:
		a, b = x.IP(), y.IP()
	case !x.v6:
		if !isMapped(y) {
			return orderNotComparable
		}
		a, b = x.ip[:4], y.ip[12:]
	default:
		if !isMapped(x) {
			return orderNotComparable
		}
		a, b = x.ip[12:], y.ip[:4]
	}
	switch bytes.Compare(a, b) {
	case -1:
		return orderLess
	case 1:
		return orderGreater
	}
	return orderSame
}
