package reports

import (
	"fmt"
	"sort"
	"strings"

	"github.com/netconform/netconform/steps"
)

// Score counts one group's scenarios at each level.
type Score struct {
	Name      string `json:"name"` // the area ("socket") or feature file ("socket/write.feature")
	Total     int    `json:"total"`
	Full      int    `json:"full"`      // passed, wording included
	Wording   int    `json:"wording"`   // behaviour held; an error's message differs
	Behaviour int    `json:"behaviour"` // failed in behaviour
}

// Behaving is how many held in behaviour: full or wording only.
func (s Score) Behaving() int { return s.Full + s.Wording }

// String writes "241/271 (230 full)": held in behaviour, of all, and
// how many of them also in wording.
func (s Score) String() string {
	return fmt.Sprintf("%d/%d (%d full)", s.Behaving(), s.Total, s.Full)
}

func (s *Score) add(l steps.Level) {
	s.Total++
	switch l {
	case steps.LevelFull:
		s.Full++
	case steps.LevelWording:
		s.Wording++
	default:
		s.Behaviour++
	}
}

// Scores are a run's counts per level: in all, per area, per feature.
type Scores struct {
	All      Score   `json:"all"`
	Areas    []Score `json:"areas"`
	Features []Score `json:"features"`
}

// Area is the API area of a feature file: its folder.
func Area(feature string) string {
	if a, _, ok := strings.Cut(feature, "/"); ok {
		return a
	}
	return "(top)"
}

// LevelOf is a result's level; results from before levels existed have
// none, and count by their status.
func LevelOf(r steps.Result) steps.Level {
	if r.Level != "" {
		return r.Level
	}
	if r.Status == steps.Passed {
		return steps.LevelFull
	}
	return steps.LevelBehaviour
}

// ScoreResults counts results at each level, in all, per area and per
// feature, the groups sorted by name.
func ScoreResults(results []steps.Result) Scores {
	areas, features := map[string]*Score{}, map[string]*Score{}
	get := func(m map[string]*Score, name string) *Score {
		if m[name] == nil {
			m[name] = &Score{Name: name}
		}
		return m[name]
	}
	s := Scores{All: Score{Name: "all"}}
	for _, r := range results {
		l := LevelOf(r)
		s.All.add(l)
		get(areas, Area(r.Feature)).add(l)
		get(features, r.Feature).add(l)
	}
	s.Areas, s.Features = sorted(areas), sorted(features)
	return s
}

func sorted(m map[string]*Score) []Score {
	out := make([]Score, 0, len(m))
	for _, s := range m {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// AreaLine is the scores of every area on one line: "address 238/238
// (238 full), server 140/164 (120 full), ...".
func (s Scores) AreaLine() string {
	parts := make([]string, len(s.Areas))
	for i, a := range s.Areas {
		parts[i] = a.Name + " " + a.String()
	}
	return strings.Join(parts, ", ")
}
