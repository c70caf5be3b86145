package reference

import "fmt"

// NodeLine is a release line of Node.js. Where the documentation is silent
// and the lines behave differently, the reference follows one line, its
// baseline: the same program must be able to pass against Node.js 20 and
// against Node.js 26, which disagree on, for instance, what
// maxConnections = 0 means.
type NodeLine int

// The lines the reference can follow.
const (
	Node20 NodeLine = 20
	Node22 NodeLine = 22
	Node24 NodeLine = 24
	Node26 NodeLine = 26
)

// DefaultNodeLine is the line a loop follows unless told otherwise: the
// newest LTS line, the one a port is most likely to aim at.
const DefaultNodeLine = Node26

// NodeLines are the lines ParseNodeLine accepts, oldest first.
var NodeLines = []NodeLine{Node20, Node22, Node24, Node26}

// ParseNodeLine returns the line named s ("20", "22", "24" or "26"); ""
// is DefaultNodeLine.
func ParseNodeLine(s string) (NodeLine, error) {
	if s == "" {
		return DefaultNodeLine, nil
	}
	for _, n := range NodeLines {
		if n.String() == s {
			return n, nil
		}
	}
	return 0, fmt.Errorf("the reference cannot follow Node.js line %q (it follows 20, 22, 24 or 26)", s)
}

// String returns the line's major version, as the suite's --node flag
// spells it.
func (n NodeLine) String() string { return fmt.Sprint(int(n)) }

// SetNodeLine makes the loop's handles follow line n where the docs leave
// the behaviour open. Call it before the loop makes any handle.
func (l *Loop) SetNodeLine(n NodeLine) { l.line = n }

// NodeLine reports the line the loop's handles follow.
func (l *Loop) NodeLine() NodeLine {
	if l.line == 0 {
		return DefaultNodeLine
	}
	return l.line
}

// HighWaterMark returns the default high-water mark of a stream in line
// n: 16384 bytes up to Node.js 20, 65536 from Node.js 22 on
// (stream.getDefaultHighWaterMark()).
func HighWaterMark(n NodeLine) int {
	if n >= Node22 {
		return 64 << 10
	}
	return DefaultHighWaterMark
}

// groupsBlockListRules reports whether the line keeps a BlockList's rules as Node.js 24
// and later do: addresses once each, and listed by kind (addresses, then
// subnets, then ranges) rather than in the order they were added.
func (n NodeLine) groupsBlockListRules() bool { return n >= Node24 }
