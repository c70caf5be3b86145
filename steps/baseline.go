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

// lacking are the documented events a Node.js line does not have at all,
// with the first line that has them: 'ready' came with Node.js 9.11.
// Under the baseline of an older line, the sequence steps leave such an
// event out of what they expect and of what they count, and the
// invariants about it (invariantSince) do not apply.
var lacking = map[string]string{"ready": "19"}

// invariantSince are the invariants that hold from a Node.js line on:
// one about an event of lacking, and those an older line breaks against
// its own docs, where an erratum scenario shows what it does instead
// (docs/profiles.md 4). Under an older baseline they are not checked at
// all: an invariant cannot be waived for one scenario.
var invariantSince = map[string]string{
	"socket.ready-after-connect": "19",
	"server.error-then-close":    "19",
	// Node.js 0.10 delivers a paused socket's data and 'end' after its
	// 'close' (docs/profiles.md 4.4.3).
	"socket.nothing-after-close": "19",
	// Node.js 19 listens after the 'close' of a signal aborted before
	// listen() (docs/profiles.md 4.1).
	"server.nothing-after-close": "20",
}

// lineLacks reports whether the scenario's baseline is a line that does
// not have the event at all.
func (w *world) lineLacks(event string) bool {
	since, ok := lacking[event]
	return ok && before(w.cfg.baseline(), since)
}

// before reports whether line is a known line older than since; "any"
// and unknown lines are not.
func before(line, since string) bool {
	r := lineRank(line)
	return r >= 0 && r < lineRank(since)
}

// withoutLacking drops from an expected sequence the events the
// baseline's line does not have.
func (w *world) withoutLacking(want []expectedEvent) []expectedEvent {
	out := want[:0:0]
	for _, e := range want {
		if !w.lineLacks(e.name) {
			out = append(out, e)
		}
	}
	return out
}

// forBaseline drops the violations of invariants about an event the
// baseline's line does not have.
func (w *world) forBaseline(vs []Violation) []Violation {
	var out []Violation
	for _, v := range vs {
		if since, ok := invariantSince[v.Invariant.ID]; ok && before(w.cfg.baseline(), since) {
			continue
		}
		out = append(out, v)
	}
	return out
}
