package reference

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
)

// SocketAddress is net.SocketAddress: an IPv4 or IPv6 address with a port
// and, for IPv6, a flow label. It is immutable, as Node's is.
//
// Node parses the address with libuv (uv_ip4_addr, uv_ip6_addr), not
// with the regular expressions of net.isIP, and reports it the way
// uv_inet_ntop prints it; the reference does the same, quirks included:
// the address ends at the first NUL character (it is a C string), an
// IPv6 zone id ("%eth0") is accepted whatever it holds and then dropped,
// and when there is one, only the first 39 bytes before the '%' are
// parsed.
type SocketAddress struct {
	v6        bool
	ip        [16]byte // an IPv4 address is in ip[:4]
	port      int
	flowLabel uint32
}

// SocketAddressOptions are the options of new net.SocketAddress(options).
//
// Go cannot tell an absent option from an empty one, so empty Family and
// Address stand for absent options and take Node's defaults. (In
// JavaScript an explicit empty string is invalid; ParseSocketAddress
// treats "" that way.)
type SocketAddressOptions struct {
	// Family is "ipv4" or "ipv6", in any letter case; empty means "ipv4".
	Family string
	// Address is an address of Family. Empty means the default, which Node
	// picks from Family as written, before lower-casing it: "127.0.0.1"
	// when Family is absent or exactly "ipv4", and "::" otherwise, so that
	// {family: 'IPV4'} fails with ERR_INVALID_ADDRESS.
	Address string
	// Port is 0..65535.
	Port int
	// FlowLabel is 0..4294967295, as Node validates it; it is kept only
	// for IPv6, where it must fit the 20 bits of a flow label.
	FlowLabel int64
}

// Node aborts the process (a failed C++ CHECK) for an IPv6 flow label
// over 20 bits; the reference reports ERR_OUT_OF_RANGE instead.
const maxFlowLabel = 0xFFFFF

// NewSocketAddress is new net.SocketAddress(o). It validates in Node's
// order: family (ERR_INVALID_ARG_VALUE), port (ERR_SOCKET_BAD_PORT), flow
// label (ERR_OUT_OF_RANGE), then the address (ERR_INVALID_ADDRESS).
func NewSocketAddress(o SocketAddressOptions) (*SocketAddress, error) {
	family := o.Family
	if family == "" {
		family = "ipv4"
	}
	address := o.Address
	if address == "" {
		address = "::"
		if family == "ipv4" {
			address = "127.0.0.1"
		}
	}
	return newSocketAddress(address, family, o.Port, o.FlowLabel)
}

// ParseSocketAddress is new net.SocketAddress({address, family}) with
// both options given, which is what BlockList's methods make of a string
// argument: an empty address or family is an error, as in Node, not a
// default.
func ParseSocketAddress(address, family string) (*SocketAddress, error) {
	return newSocketAddress(address, family, 0, 0)
}

func newSocketAddress(address, family string, port int, flowLabel int64) (*SocketAddress, error) {
	fam, err := SocketAddressFamily(family)
	if err != nil {
		return nil, err
	}
	if port < 0 || port > 0xFFFF {
		return nil, ErrSocketBadPort("options.port", "type number ("+strconv.Itoa(port)+")", true)
	}
	if flowLabel < 0 || flowLabel > math.MaxUint32 {
		return nil, ErrOutOfRange("options.flowlabel", ">= 0 && <= 4294967295", receivedInteger(flowLabel))
	}
	a := &SocketAddress{v6: fam == "ipv6", port: port}
	var ok bool
	if a.v6 {
		a.ip, ok = uvIP6Addr(address)
	} else {
		var ip4 [4]byte
		ip4, ok = inetPton4(cString(address))
		copy(a.ip[:], ip4[:])
	}
	if !ok {
		return nil, ErrInvalidAddress()
	}
	if a.v6 {
		if flowLabel > maxFlowLabel {
			return nil, ErrOutOfRange("options.flowlabel", ">= 0 && <= 1048575", receivedInteger(flowLabel))
		}
		a.flowLabel = uint32(flowLabel)
	}
	return a, nil
}

// SocketAddressFamily returns "ipv4" or "ipv6" for a family name as
// SocketAddress and BlockList read it: in any letter case (JavaScript's
// toLowerCase, which maps no non-ASCII letter onto these), else
// ERR_INVALID_ARG_VALUE naming options.family and showing the name as
// given.
func SocketAddressFamily(name string) (string, error) {
	lower := strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, name)
	if lower == "ipv4" || lower == "ipv6" {
		return lower, nil
	}
	return "", ErrInvalidArgValue("options.family", InspectArgValue(InspectString(name)), "")
}

// Address is the address as Node prints it: dotted decimal, or IPv6 in
// the compressed lower-case form of uv_inet_ntop (which writes an IPv4
// tail for ::ffff:0:0/96 and for ::/96 but ::1 and ::).
func (a *SocketAddress) Address() string {
	if !a.v6 {
		return ntop4(a.ip[:4])
	}
	return ntop6(a.ip)
}

// Family is "ipv4" or "ipv6".
func (a *SocketAddress) Family() string {
	if a.v6 {
		return "ipv6"
	}
	return "ipv4"
}

// Port is the port.
func (a *SocketAddress) Port() int { return a.port }

// FlowLabel is the IPv6 flow label; always 0 for IPv4.
func (a *SocketAddress) FlowLabel() uint32 { return a.flowLabel }

// IP returns the address's bytes: 4 for IPv4, 16 for IPv6.
func (a *SocketAddress) IP() []byte {
	if a.v6 {
		return append([]byte(nil), a.ip[:]...)
	}
	return append([]byte(nil), a.ip[:4]...)
}

// String is util.inspect(socketAddress), as Node's error messages show
// it: "SocketAddress { address: '1.2.3.4', port: 0, family: 'ipv4',
// flowlabel: 0 }", broken over lines when that is longer than util.inspect's
// 80 columns allow.
func (a *SocketAddress) String() string {
	entries := []string{
		"address: " + InspectString(a.Address()),
		"port: " + strconv.Itoa(a.port),
		"family: " + InspectString(a.Family()),
		"flowlabel: " + strconv.FormatUint(uint64(a.flowLabel), 10),
	}
	// util.inspect's reduceToSingleString: one line when the entries, the
	// separators and a fixed allowance fit in breakLength (80).
	total := len(entries) + len(entries) + len("{") + 10
	for _, e := range entries {
		total += len(e)
	}
	if total <= 80 {
		return "SocketAddress { " + strings.Join(entries, ", ") + " }"
	}
	return "SocketAddress {\n  " + strings.Join(entries, ",\n  ") + "\n}"
}

// ErrInvalidAddress is Node's ERR_INVALID_ADDRESS: an address libuv
// cannot parse.
func ErrInvalidAddress() *Error {
	return nodeError("Error", "ERR_INVALID_ADDRESS", "Invalid socket address")
}

// ErrOutOfRange is Node's ERR_OUT_OF_RANGE; rng reads as Node writes it
// (">= 0 && <= 32", "an integer") and received is the value as
// util.inspect shows it (see ReceivedNumber).
func ErrOutOfRange(name, rng, received string) *Error {
	return nodeError("RangeError", "ERR_OUT_OF_RANGE", "The value of \"%s\" is out of range. It must be %s. Received %s", name, rng, received)
}

// ReceivedNumber is how ERR_OUT_OF_RANGE shows a number: as util.inspect
// does, except that an integer whose magnitude is over 2**32 gets "_"
// between groups of three digits (String(n) passed through Node's
// addNumericalSeparator, so 1e21 shows as "1e_+21").
func ReceivedNumber(f float64) string {
	if f == math.Trunc(f) && !math.IsInf(f, 0) && math.Abs(f) > 1<<32 {
		return addNumericalSeparator(JSNumberString(f))
	}
	if f == 0 && math.Signbit(f) {
		return "-0"
	}
	return JSNumberString(f)
}

func receivedInteger(n int64) string { return ReceivedNumber(float64(n)) }

func addNumericalSeparator(val string) string {
	res := ""
	i := len(val)
	start := 0
	if strings.HasPrefix(val, "-") {
		start = 1
	}
	for ; i >= start+4; i -= 3 {
		res = "_" + val[i-3:i] + res
	}
	return val[:i] + res
}

// JSNumberString is JavaScript's String(f): fixed notation from 1e-6 to
// 1e21, exponent notation outside, as Number.prototype.toString writes.
func JSNumberString(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0"
	}
	abs := math.Abs(f)
	if abs >= 1e21 || abs < 1e-6 {
		s := strconv.FormatFloat(f, 'e', -1, 64)
		mant, exp, _ := strings.Cut(s, "e")
		if exp[0] == '+' {
			return mant + "e+" + strings.TrimLeft(exp[1:], "0")
		}
		return mant + "e-" + strings.TrimLeft(exp[1:], "0")
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// InspectString is util.inspect(s) for a string, as Node's error messages
// quote one: in single quotes, or double quotes or backquotes when s holds
// a single quote, with control characters, the quote and the backslash
// escaped. A string longer than 16 and than 76 UTF-16 units is split
// after each newline into quoted pieces joined by " +\n  ", as inspect
// does at the top level. (util.inspect also cuts strings over 10,000
// units; error messages cut them at 128 first, see InspectArgValue.)
func InspectString(s string) string {
	if n := len(utf16.Encode([]rune(s))); n > 16 && n > 80-4 && strings.Contains(s, "\n") {
		var pieces []string
		for s != "" {
			i := strings.IndexByte(s, '\n')
			if i < 0 {
				i = len(s) - 1
			}
			pieces = append(pieces, quoteJS(s[:i+1]))
			s = s[i+1:]
		}
		return strings.Join(pieces, " +\n  ")
	}
	return quoteJS(s)
}

func quoteJS(s string) string {
	quote := byte('\'')
	if strings.Contains(s, "'") {
		switch {
		case !strings.Contains(s, `"`):
			quote = '"'
		case !strings.Contains(s, "`") && !strings.Contains(s, "${"):
			quote = '`'
		}
	}
	var b strings.Builder
	b.WriteByte(quote)
	for _, r := range s {
		switch {
		case r == '\'' && quote == '\'':
			b.WriteString(`\'`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r >= 0x7f && r <= 0x9f:
			b.WriteString(`\x` + strings.ToUpper(strconv.FormatInt(int64(r)|0x100, 16)[1:]))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(quote)
	return b.String()
}

// InspectArgValue is how ERR_INVALID_ARG_VALUE shows the value it got:
// its util.inspect form, cut to 128 UTF-16 units followed by "...".
func InspectArgValue(inspected string) string {
	u := utf16.Encode([]rune(inspected))
	if len(u) > 128 {
		return string(utf16.Decode(u[:128])) + "..."
	}
	return inspected
}

// cString is what C code sees of a JavaScript string: the bytes before
// the first NUL.
func cString(s string) string {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return s[:i]
	}
	return s
}

// uvIP6Addr is libuv's uv_ip6_addr: a zone id after '%' is dropped
// unparsed (an unknown interface is silently ignored), and the address
// before it is cut to 39 bytes (its buffer is 40) before parsing.
func uvIP6Addr(s string) ([16]byte, bool) {
	s = cString(s)
	if i := strings.IndexByte(s, '%'); i >= 0 {
		s = s[:i]
		if len(s) > 39 {
			s = s[:39]
		}
	}
	return inetPton6(s)
}

// inetPton4 is libuv's inet_pton4: exactly four decimal octets of at
// most 255, with no leading zero.
func inetPton4(s string) ([4]byte, bool) {
	var out [4]byte
	sawDigit := false
	octets := 0
	tp := 0
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= '0' && ch <= '9':
			nw := uint(out[tp])*10 + uint(ch-'0')
			if sawDigit && out[tp] == 0 {
				return out, false
			}
			if nw > 255 {
				return out, false
			}
			out[tp] = byte(nw)
			if !sawDigit {
				octets++
				if octets > 4 {
					return out, false
				}
				sawDigit = true
			}
		case ch == '.' && sawDigit:
			if octets == 4 {
				return out, false
			}
			tp++
			out[tp] = 0
			sawDigit = false
		default:
			return out, false
		}
	}
	if octets < 4 {
		return out, false
	}
	return out, true
}

// inetPton6 is libuv's inet_pton6 (from BIND): up to eight groups of one
// to four hex digits, one "::" standing for at least one zero group, and
// an optional dotted IPv4 tail in the last 32 bits.
func inetPton6(s string) ([16]byte, bool) {
	var tmp [16]byte
	tp, colonp := 0, -1
	src := 0
	if len(s) > 0 && s[0] == ':' {
		if len(s) < 2 || s[1] != ':' {
			return tmp, false
		}
		src = 1
	}
	curtok := src
	seenXDigits := 0
	val := uint(0)
	for src < len(s) {
		ch := s[src]
		src++
		if d, ok := hexDigit(ch); ok {
			val = val<<4 | d
			seenXDigits++
			if seenXDigits > 4 {
				return tmp, false
			}
			continue
		}
		if ch == ':' {
			curtok = src
			if seenXDigits == 0 {
				if colonp >= 0 {
					return tmp, false
				}
				colonp = tp
				continue
			} else if src == len(s) {
				return tmp, false
			}
			if tp+2 > 16 {
				return tmp, false
			}
			tmp[tp], tmp[tp+1] = byte(val>>8), byte(val)
			tp += 2
			seenXDigits, val = 0, 0
			continue
		}
		if ch == '.' && tp+4 <= 16 {
			if v4, ok := inetPton4(s[curtok:]); ok {
				copy(tmp[tp:], v4[:])
				tp += 4
				seenXDigits = 0
				break
			}
		}
		return tmp, false
	}
	if seenXDigits > 0 {
		if tp+2 > 16 {
			return tmp, false
		}
		tmp[tp], tmp[tp+1] = byte(val>>8), byte(val)
		tp += 2
	}
	if colonp >= 0 {
		if tp == 16 {
			return tmp, false
		}
		n := tp - colonp
		for i := 1; i <= n; i++ {
			tmp[16-i] = tmp[colonp+n-i]
			tmp[colonp+n-i] = 0
		}
		tp = 16
	}
	if tp != 16 {
		return tmp, false
	}
	return tmp, true
}

func hexDigit(c byte) (uint, bool) {
	switch {
	case c >= '0' && c <= '9':
		return uint(c - '0'), true
	case c >= 'a' && c <= 'f':
		return uint(c-'a') + 10, true
	case c >= 'A' && c <= 'F':
		return uint(c-'A') + 10, true
	}
	return 0, false
}

func ntop4(b []byte) string {
	return strconv.Itoa(int(b[0])) + "." + strconv.Itoa(int(b[1])) + "." + strconv.Itoa(int(b[2])) + "." + strconv.Itoa(int(b[3]))
}

// ntop6 is libuv's inet_ntop6: the first longest run of two or more zero
// groups becomes "::", groups are lower-case hex without leading zeroes,
// and ::ffff:a.b.c.d and ::a.b.c.d (not ::1 or ::) end in dotted IPv4.
func ntop6(ip [16]byte) string {
	var words [8]uint16
	for i := range words {
		words[i] = uint16(ip[2*i])<<8 | uint16(ip[2*i+1])
	}
	bestBase, bestLen := -1, 0
	curBase, curLen := -1, 0
	for i, w := range words {
		if w == 0 {
			if curBase == -1 {
				curBase, curLen = i, 1
			} else {
				curLen++
			}
			continue
		}
		if curBase != -1 {
			if bestBase == -1 || curLen > bestLen {
				bestBase, bestLen = curBase, curLen
			}
			curBase = -1
		}
	}
	if curBase != -1 && (bestBase == -1 || curLen > bestLen) {
		bestBase, bestLen = curBase, curLen
	}
	if bestBase != -1 && bestLen < 2 {
		bestBase = -1
	}
	var b strings.Builder
	for i := 0; i < len(words); i++ {
		if bestBase != -1 && i >= bestBase && i < bestBase+bestLen {
			if i == bestBase {
				b.WriteByte(':')
			}
			continue
		}
		if i != 0 {
			b.WriteByte(':')
		}
		if i == 6 && bestBase == 0 && (bestLen == 6 || bestLen == 7 && words[7] != 1 || bestLen == 5 && words[5] == 0xffff) {
			b.WriteString(ntop4(ip[12:]))
			return b.String()
		}
		b.WriteString(strconv.FormatUint(uint64(words[i]), 16))
	}
	if bestBase != -1 && bestBase+bestLen == len(words) {
		b.WriteByte(':')
	}
	return b.String()
}
