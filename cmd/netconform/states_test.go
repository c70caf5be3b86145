package main

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/netconform/netconform/coverage"
)

func TestCoverageStatesFailsWhileACellIsEmpty(t *testing.T) {
	m, err := coverage.ParseStateModel("door.yaml", []byte(`
class: Door
prefix: door
members: [{id: door.open}, {id: door.lock}]
states:
  - {id: shut, says: "shut"}
  - {id: ajar, says: "ajar"}
unreachable:
  - {state: ajar, member: door.lock, why: "the bolt misses"}
`))
	if err != nil {
		t.Fatal(err)
	}
	feature := `Feature: x

  @state:door.shut @member:door.open
  Scenario: open a shut door
    When I call d.open()

  @state:door.shut @member:door.lock
  Scenario: lock a shut door
    When I call d.lock()
`
	run := func(text string) (int, string) {
		fs, err := coverage.LoadFeatures(fstest.MapFS{"d/x.feature": {Data: []byte(text)}})
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		return runStateCoverage(fs, []coverage.StateModel{m}, false, &out), out.String()
	}
	status, out := run(feature)
	if status != 1 {
		t.Errorf("one cell empty: want exit 1, got %d", status)
	}
	for _, want := range []string{
		"Door (coverage/states/door.yaml): 4 cells: 2 with scenarios, 1 unreachable, 1 empty",
		"  door.open     1 EMPTY",
		"  door.lock     1     -",
		"door.lock in ajar: the bolt misses",
		"EMPTY door.open in ajar: no scenario tagged @state:door.ajar with @member:door.open",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the table misses %q:\n%s", want, out)
		}
	}
	status, out = run(feature + `
  @state:door.ajar @member:door.open
  Scenario: open an ajar door
    When I call d.open()
`)
	if status != 0 || strings.Contains(out, "EMPTY") {
		t.Errorf("every cell filled or unreachable: want exit 0 and no EMPTY, got %d:\n%s", status, out)
	}
}
