// Package expectations holds, per target, the scenarios known to fail
// there (expectations/<target>.yaml, embedded), and judges a run against
// them as test262 and web-platform-tests do: a known failure that fails
// is expected; a known failure that passes, or any other failure, is
// unexpected.
package expectations

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/netconform/netconform/steps"
)

//go:embed *.yaml
var files embed.FS

// Entry is one scenario known to fail on a target.
type Entry struct {
	Scenario string `yaml:"scenario"` // steps.Result.ID(): "feature :: scenario name"
	Observed string `yaml:"observed"` // what the target did instead, briefly
	Reason   string `yaml:"reason"`   // why: the target's bug, a doc erratum, an unsupported feature
	// Level says how the scenario fails: "wording" when only an error's
	// message differs from Node's (class, code and every event hold), so
	// that a behaviour failure of it is unexpected; empty or "behaviour"
	// otherwise.
	Level steps.Level `yaml:"level,omitempty"`
}

// WordingOnly reports whether the entry says its scenario differs from
// Node only in the wording of an error message.
func (e Entry) WordingOnly() bool { return e.Level == steps.LevelWording }

// File is the expectations of one target. Failing holds the scenarios
// that fail whatever the run's profile and baseline; Profiles and
// Baselines add those that fail only under one profile (v19, v0.10) or
// one baseline, each a section of its own.
type File struct {
	Target    string             `yaml:"target"`
	Failing   []Entry            `yaml:"failing"`
	Profiles  map[string]Section `yaml:"profiles,omitempty"`
	Baselines map[string]Section `yaml:"baselines,omitempty"`
}

// Section is the entries of one profile or baseline.
type Section struct {
	Failing []Entry `yaml:"failing"`
}

// Load returns the embedded expectations of target, or an empty File if
// it has none. A path may override the embedded file. A file whose
// target: is not target is an error: the expectations of one target say
// nothing about another.
func Load(target, path string) (File, error) {
	f, err := load(target, path)
	if err != nil {
		return f, err
	}
	if f.Target != target {
		where := "the built-in " + fileName(target)
		if path != "" {
			where = path
		}
		return File{}, fmt.Errorf("expectations %s are for target %q, not %q (its target: line must name the run's target)", where, f.Target, target)
	}
	return f, nil
}

func load(target, path string) (File, error) {
	var data []byte
	var err error
	if path != "" {
		data, err = os.ReadFile(path)
	} else {
		data, err = files.ReadFile(fileName(target))
		if errors.Is(err, fs.ErrNotExist) {
			return File{Target: target}, nil
		}
	}
	if err != nil {
		return File{}, err
	}
	f, err := Parse(data)
	if err != nil && path != "" {
		err = fmt.Errorf("%s: %w", path, err)
	}
	return f, err
}

// fileName maps a target to its file; cmd:... targets have none.
func fileName(target string) string { return target + ".yaml" }

// Parse reads an expectations file and checks it.
func Parse(data []byte) (File, error) {
	var f File
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return File{}, fmt.Errorf("expectations: %w", err)
	}
	if strings.TrimSpace(f.Target) == "" {
		return File{}, fmt.Errorf("expectations: no target: line (the target the file is for)")
	}
	for _, sec := range f.sections() {
		seen := map[string]bool{}
		for i, e := range sec.failing {
			switch {
			case !strings.Contains(e.Scenario, " :: "):
				return File{}, fmt.Errorf("expectations: %s, entry %d: scenario %q is not \"<feature> :: <scenario name>\"", sec.name, i+1, e.Scenario)
			case strings.TrimSpace(e.Reason) == "":
				return File{}, fmt.Errorf("expectations: %s, entry %d (%s) gives no reason", sec.name, i+1, e.Scenario)
			case seen[e.Scenario]:
				return File{}, fmt.Errorf("expectations: %s: %s is listed twice", sec.name, e.Scenario)
			case e.Level != "" && e.Level != steps.LevelWording && e.Level != steps.LevelBehaviour:
				return File{}, fmt.Errorf("expectations: %s, entry %d (%s): level %q is neither \"wording\" nor \"behaviour\"", sec.name, i+1, e.Scenario, e.Level)
			}
			seen[e.Scenario] = true
		}
	}
	for p := range f.Profiles {
		if p != "v19" && p != "v0.10" {
			return File{}, fmt.Errorf("expectations: profiles: unknown profile %q (want v19 or v0.10)", p)
		}
	}
	return f, nil
}

// Verdict is a result judged against the expectations.
type Verdict string

// The verdicts.
const (
	Pass             Verdict = "pass"
	ExpectedFail     Verdict = "expected fail"
	UnexpectedFail   Verdict = "FAIL"
	UnexpectedPass   Verdict = "UNEXPECTED PASS"
	StaleExpectation Verdict = "STALE"
)

// Judged is one scenario's result and verdict.
type Judged struct {
	steps.Result
	Verdict Verdict
	Entry   *Entry
}

// Report is a whole run judged.
type Report struct {
	Judged []Judged
	Stale  []Entry // listed scenarios that did not run at all
}

// Judge compares the results of a run with the expectations.
func (f File) Judge(results []steps.Result, ran func(id string) bool) Report {
	byID := map[string]*Entry{}
	for i := range f.Failing {
		byID[f.Failing[i].Scenario] = &f.Failing[i]
	}
	var rep Report
	seen := map[string]bool{}
	for _, r := range results {
		e := byID[r.ID()]
		seen[r.ID()] = true
		v := Pass
		switch {
		case e != nil && e.WordingOnly() && r.Level == steps.LevelBehaviour:
			// Known to differ in wording only: a behaviour failure is new.
			v = UnexpectedFail
		case e != nil && r.Status == steps.Failed:
			v = ExpectedFail
		case e != nil && e.WordingOnly() && r.Level == steps.LevelWording:
			// Wording ignored (--wording=ignore): the known difference
			// does not count, and the scenario passes.
			v = Pass
		case e != nil:
			v = UnexpectedPass
		case r.Status == steps.Failed:
			v = UnexpectedFail
		}
		rep.Judged = append(rep.Judged, Judged{Result: r, Verdict: v, Entry: e})
	}
	for _, e := range f.Failing {
		if !seen[e.Scenario] && (ran == nil || !ran(e.Scenario)) {
			rep.Stale = append(rep.Stale, e)
		}
	}
	sort.Slice(rep.Stale, func(i, j int) bool { return rep.Stale[i].Scenario < rep.Stale[j].Scenario })
	return rep
}

// Count returns how many results have verdict v.
func (r Report) Count(v Verdict) int {
	n := 0
	for _, j := range r.Judged {
		if j.Verdict == v {
			n++
		}
	}
	return n
}

// OK reports whether the run matched its expectations: no unexpected
// failure and no unexpected pass.
func (r Report) OK() bool { return r.Count(UnexpectedFail) == 0 && r.Count(UnexpectedPass) == 0 }
