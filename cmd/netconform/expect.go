package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"gopkg.in/yaml.v3"

	"github.com/netconform/netconform/coverage"
	"github.com/netconform/netconform/expectations"
	"github.com/netconform/netconform/features"
	"github.com/netconform/netconform/reports"
	"github.com/netconform/netconform/steps"
)

var suiteIDs = sync.OnceValues(func() ([]string, error) {
	fs, err := coverage.LoadFeatures(features.FS)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, f := range fs {
		for _, s := range f.Scenarios {
			ids = append(ids, steps.Result{Feature: s.Feature, Scenario: s.Name}.ID())
		}
	}
	return ids, nil
})

// loadExpectations loads the expectations of the target named name
// (path overrides the built-in file), checks that each of its entries, in
// every section, names a scenario of the suite, and selects those of the
// profile and baseline.
func loadExpectations(name, path, profile, baseline string) (expectations.File, error) {
	f, err := expectations.Load(name, path)
	if err != nil {
		return f, err
	}
	ids, err := suiteIDs()
	if err != nil {
		return f, err
	}
	if err := f.CheckNames(ids); err != nil {
		return f, err
	}
	return f.Select(profile, baseline)
}

// updateExpectations writes to path the expectations the run observed:
// every scenario that failed, under the run's profile (the common list
// for v19, profiles.<p> otherwise). An entry already in the file keeps
// its reason; a new one carries what was observed and no reason, so
// that the file is refused until someone has reviewed it and said why.
// The file's other sections are kept. Comments are not.
func updateExpectations(path string, r reports.Run) error {
	var f expectations.File
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		if err := yaml.Unmarshal(data, &f); err != nil {
			return fmt.Errorf("--update-expectations %s: %w", path, err)
		}
		if f.Target != "" && f.Target != r.Target {
			return fmt.Errorf("--update-expectations %s: the file is for target %q, not %q", path, f.Target, r.Target)
		}
	case !os.IsNotExist(err):
		return fmt.Errorf("--update-expectations: %w", err)
	}
	f.Target = r.Target
	old := map[string]expectations.Entry{}
	for _, sec := range append([][]expectations.Entry{f.Failing}, sectionLists(f)...) {
		for _, e := range sec {
			old[e.Scenario] = e
		}
	}
	var failing []expectations.Entry
	for _, j := range r.Report.Judged {
		// A scenario that differs only in wording is a known failure even
		// when the run ignored wording, and its entry says so.
		if j.Status != steps.Failed && j.Level != steps.LevelWording {
			continue
		}
		e, ok := old[j.ID()]
		if !ok {
			e = expectations.Entry{Scenario: j.ID()}
		}
		e.Observed = firstLines(j.Message, 3)
		e.Level = ""
		if j.Level == steps.LevelWording {
			e.Level = steps.LevelWording
		}
		failing = append(failing, e)
	}
	sort.Slice(failing, func(a, b int) bool { return failing[a].Scenario < failing[b].Scenario })
	if r.Profile == "v19" || r.Profile == "" {
		f.Failing = failing
	} else {
		if f.Profiles == nil {
			f.Profiles = map[string]expectations.Section{}
		}
		f.Profiles[r.Profile] = expectations.Section{Failing: failing}
	}
	out, err := yaml.Marshal(f)
	if err != nil {
		return err
	}
	head := fmt.Sprintf("# Written by netconform --update-expectations from a run against %s (profile %s).\n"+
		"# Review every entry: say in reason: why it fails (the target's bug, a doc erratum,\n"+
		"# an unsupported feature). An entry without a reason is refused.\n", r.Target, r.Profile)
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	return writeReport(path, append([]byte(head), out...))
}

func sectionLists(f expectations.File) [][]expectations.Entry {
	var out [][]expectations.Entry
	for _, s := range f.Profiles {
		out = append(out, s.Failing)
	}
	for _, s := range f.Baselines {
		out = append(out, s.Failing)
	}
	return out
}

// firstLines returns the first n non-empty lines of s, joined by "; ".
func firstLines(s string, n int) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
			if len(out) == n {
				break
			}
		}
	}
	return strings.Join(out, "; ")
}
