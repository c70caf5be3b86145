package steps

import (
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Status is a scenario's verdict.
type Status string

// The verdicts a run records.
const (
	Passed Status = "passed"
	Failed Status = "failed"
)

// Result is the verdict of one scenario against one target.
type Result struct {
	Feature  string   `json:"feature"`  // the feature file, e.g. "server/listen.feature"
	Scenario string   `json:"scenario"` // the scenario's name, outline values filled in
	Tags     []string `json:"tags"`
	Status   Status   `json:"status"`
	// Level is how far it departs from Node: full, wording or behaviour.
	// A wording-level scenario has Status passed when wording is ignored.
	Level   Level  `json:"level"`
	Message string `json:"message,omitempty"` // the failure, as the steps report it
	// Step is the Gherkin text of the step that failed, without its
	// keyword ("after the scenario" for what the end found); for a
	// wording-level scenario, the first step whose wording differed.
	Step     string        `json:"step,omitempty"`
	Duration time.Duration `json:"duration"`
}

// ID is the scenario's identity across runs and targets: its feature
// file and its name.
func (r Result) ID() string { return r.Feature + " :: " + r.Scenario }

// Results collects the verdicts of a run; scenarios may finish
// concurrently.
type Results struct {
	mu   sync.Mutex
	list []Result
}

// Add records a verdict.
func (rs *Results) Add(r Result) {
	rs.mu.Lock()
	rs.list = append(rs.list, r)
	rs.mu.Unlock()
}

// List returns the verdicts sorted by ID.
func (rs *Results) List() []Result {
	rs.mu.Lock()
	out := append([]Result(nil), rs.list...)
	rs.mu.Unlock()
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID() < out[j].ID() })
	return out
}

// featurePath is a scenario's feature file as godog names it, without
// the ":line" a run given "file.feature:12" adds: a scenario has one
// identity however it was selected.
func featurePath(uri string) string {
	if i := strings.LastIndexByte(uri, ':'); i > 0 {
		if _, err := strconv.Atoi(uri[i+1:]); err == nil {
			return uri[:i]
		}
	}
	return uri
}
