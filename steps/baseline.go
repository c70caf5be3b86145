package steps

import (
	"fmt"
	"regexp"
	"strings"
)

// NodeLines are the Node.js release lines a baseline may name, oldest
// first: the lines a @node: tag may compare with.
var NodeLines = []string{"0.10", "19", "20", "22", "24", "26"}

// AnyBaseline selects every scenario whatever its @node: tags: what
// `netconform drift` runs against each Node.js line, to see which lines
// pass which variant. A target that is not a Node.js line cannot follow
// it.
const AnyBaseline = "any"

// DefaultBaseline is the baseline of a target that is no Node.js line of
// its own (a port, the reference): the newest LTS line.
const DefaultBaseline = "26"

// baseline returns the run's baseline, DefaultBaseline when none is set.
func (c Config) baseline() string {
	if c.Baseline == "" {
		return DefaultBaseline
	}
	return c.Baseline
}

// nodeTag is the grammar of a baseline tag: @node:N (that line only),
// @node:>=N (that line and every later one), @node:<N (every line before
// it), N one of NodeLines.
var nodeTag = regexp.MustCompile(`^@node:(>=|<)?([0-9.]+)$`)

// lineRank orders the lines: its index in NodeLines, -1 if unknown.
func lineRank(line string) int {
	for i, l := range NodeLines {
		if l == line {
			return i
		}
	}
	return -1
}

// CheckBaseline checks that line is one of NodeLines.
func CheckBaseline(line string) error {
	if lineRank(line) < 0 && line != AnyBaseline {
		return fmt.Errorf("unknown Node.js line %q for --node (known: %s)", line, strings.Join(NodeLines, ", "))
	}
	return nil
}

// ParseNodeTag parses a baseline tag ("@node:>=22") and reports which
// lines it admits; ok is false for a tag that is not a baseline tag,
// err set for one that is but names an unknown line or comparison.
func ParseNodeTag(tag string) (admits func(line string) bool, ok bool, err error) {
	if !strings.HasPrefix(tag, "@node:") {
		return nil, false, nil
	}
	m := nodeTag.FindStringSubmatch(tag)
	if m == nil || lineRank(m[2]) < 0 {
		return nil, true, fmt.Errorf("tag %s: a baseline tag is @node:N, @node:>=N or @node:<N with N one of %s", tag, strings.Join(NodeLines, ", "))
	}
	want := lineRank(m[2])
	return func(line string) bool {
		r := lineRank(line)
		switch m[1] {
		case ">=":
			return r >= want
		case "<":
			return r < want
		}
		return r == want
	}, true, nil
}

// BaselineTags returns the tag expression that leaves out the scenarios
// whose @node: tags do not admit line: a scenario runs when every one of
// its @node: tags admits the baseline (so "@node:>=20 @node:<24" is
// Node.js 20 and 22). The expression names every tag of the grammar that
// does not admit the line, since godog matches tags by name.
func BaselineTags(line string) (string, error) {
	if err := CheckBaseline(line); err != nil {
		return "", err
	}
	if line == AnyBaseline {
		return "", nil
	}
	var not []string
	for _, n := range NodeLines {
		for _, op := range []string{"", ">=", "<"} {
			tag := "@node:" + op + n
			admits, _, _ := ParseNodeTag(tag)
			if !admits(line) {
				not = append(not, "~"+tag)
			}
		}
	}
	return strings.Join(not, " && "), nil
}
