package expectations

import (
	"fmt"
	"sort"
	"strings"
)

// section is one list of entries of a file, named as the file names it.
type section struct {
	name    string
	failing []Entry
}

// sections returns every list of the file: the common one first, then
// the profiles' and the baselines', in name order.
func (f File) sections() []section {
	out := []section{{"failing", f.Failing}}
	for _, kind := range []struct {
		name string
		m    map[string]Section
	}{{"profiles", f.Profiles}, {"baselines", f.Baselines}} {
		names := make([]string, 0, len(kind.m))
		for n := range kind.m {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			out = append(out, section{kind.name + "." + n + ".failing", kind.m[n].Failing})
		}
	}
	return out
}

// Select returns the expectations of a run under profile and baseline
// ("" for none): the common entries and those of the two sections, as
// one list. A scenario listed both in common and in a section, or in
// both sections, is an error: one entry must say why it fails.
func (f File) Select(profile, baseline string) (File, error) {
	out := File{Target: f.Target, Failing: append([]Entry(nil), f.Failing...)}
	where := map[string]string{}
	for _, e := range f.Failing {
		where[e.Scenario] = "failing"
	}
	add := func(kind, name string, m map[string]Section) error {
		sec, ok := m[name]
		if name == "" || !ok {
			return nil
		}
		here := kind + "." + name + ".failing"
		for _, e := range sec.Failing {
			if w, dup := where[e.Scenario]; dup {
				return fmt.Errorf("expectations: %s is listed in %s and in %s", e.Scenario, w, here)
			}
			where[e.Scenario] = here
			out.Failing = append(out.Failing, e)
		}
		return nil
	}
	if err := add("profiles", profile, f.Profiles); err != nil {
		return File{}, err
	}
	if err := add("baselines", baseline, f.Baselines); err != nil {
		return File{}, err
	}
	return out, nil
}

// CheckNames returns an error naming every entry, in any section, whose
// scenario is not one of known (every scenario ID of the suite, in all
// profiles), each with the nearest known name: such an entry is a typo
// or a scenario since renamed, and would otherwise pass silently as
// "not run".
func (f File) CheckNames(known []string) error {
	set := make(map[string]bool, len(known))
	for _, k := range known {
		set[k] = true
	}
	var bad []string
	for _, sec := range f.sections() {
		for _, e := range sec.failing {
			if set[e.Scenario] {
				continue
			}
			msg := fmt.Sprintf("%s: %q names no scenario of the suite", sec.name, e.Scenario)
			if near := Nearest(e.Scenario, known); near != "" {
				msg += fmt.Sprintf("; the nearest is %q", near)
			}
			bad = append(bad, msg)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	return fmt.Errorf("expectations for %s: %d entries name no scenario:\n  %s", f.Target, len(bad), strings.Join(bad, "\n  "))
}

// Nearest returns the string of candidates with the smallest edit
// distance to s (the first of equals), or "" when there is none.
func Nearest(s string, candidates []string) string {
	best, bestD := "", -1
	for _, c := range candidates {
		if d := distance(s, c); bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance between a and b, in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
