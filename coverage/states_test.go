package coverage_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/netconform/netconform/coverage"
	"github.com/netconform/netconform/features"
)

const lampModel = `
class: Lamp
prefix: lamp
members:
  - id: lamp.switch
    covers: [lamp.switch, lamp.switch(on)]
  - id: lamp.level
  - id: lamp.level
    write: true
states:
  - id: off
    says: "dark"
  - id: warming
    says: "between"
    transient: true
    ticks: {same: "in the tick of switch()", later: "after"}
unreachable:
  - {state: warming, tick: later, member: "*", why: "it is warm by then"}
variants:
  - {id: dimmer, says: "with a dimmer", differs: "level is a number in every state"}
  - {id: solar, says: "on a battery", differs: "warming lasts a day"}
`

func lampFeatures(t *testing.T, text string) []coverage.Feature {
	t.Helper()
	fs, err := coverage.LoadFeatures(fstest.MapFS{"lamp/x.feature": {Data: []byte(text)}})
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func TestStateCellsFromTags(t *testing.T) {
	m, err := coverage.ParseStateModel("lamp.yaml", []byte(lampModel))
	if err != nil {
		t.Fatal(err)
	}
	fs := lampFeatures(t, `Feature: x

  @state:lamp.off
  Scenario Outline: <call> when off
    When I call <call>

    @member:lamp.switch(on)
    Examples: switch
      | call         |
      | l.switch(on) |

    @member:lamp.level
    Examples: level
      | call    |
      | l.level |

    @member:lamp.level @write:lamp.level
    Examples: level =
      | call        |
      | l.level = 2 |

  @state:lamp.warming @tick:same @member:lamp.level @variant:lamp.dimmer
  Scenario: level while warming
    When I call l.level
`)
	if p := coverage.LintStates(fs, []coverage.StateModel{m}); len(p) > 0 {
		t.Fatalf("lint: %v", p)
	}
	tab := coverage.ComputeStates(fs, []coverage.StateModel{m})[0]
	got := map[string]string{}
	for _, row := range tab.Rows {
		for _, c := range row {
			mark := "empty"
			if c.Unreachable != "" {
				mark = "unreachable"
			}
			if len(c.Scenarios) > 0 {
				var names []string
				for _, s := range c.Scenarios {
					names = append(names, s.Name)
				}
				mark = strings.Join(names, ",")
			}
			got[c.Column+" "+c.Phase.String()] = mark
		}
	}
	want := map[string]string{
		"lamp.switch off":           "l.switch(on) when off",
		"lamp.level off":            "l.level when off",
		"lamp.level= off":           "l.level = 2 when off",
		"lamp.switch warming/same":  "empty",
		"lamp.level warming/same":   "level while warming",
		"lamp.level= warming/same":  "empty",
		"lamp.switch warming/later": "unreachable",
		"lamp.level warming/later":  "unreachable",
		"lamp.level= warming/later": "unreachable",
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("cell %s: want %q, got %q", k, w, got[k])
		}
	}
	if cells, filled, unreachable := tab.Counts(); cells != 9 || filled != 4 || unreachable != 3 {
		t.Errorf("counts: want 9 cells, 4 filled, 3 unreachable; got %d, %d, %d", cells, filled, unreachable)
	}
	if n := len(tab.Empty()); n != 2 {
		t.Errorf("want 2 empty cells, got %d", n)
	}
	if len(tab.Variants[0]) != 1 || tab.Variants[0][0].Name != "level while warming" {
		t.Errorf("variant dimmer: want the one scenario tagged with it, got %v", tab.Variants[0])
	}
	if e := tab.EmptyVariants(); len(e) != 1 || e[0] != "solar" {
		t.Errorf("want variant solar without scenarios, got %v", e)
	}
}

func TestLintStatesCatchesBadTags(t *testing.T) {
	m, err := coverage.ParseStateModel("lamp.yaml", []byte(lampModel))
	if err != nil {
		t.Fatal(err)
	}
	fs := lampFeatures(t, `Feature: x

  @state:lamp.warming @member:lamp.level
  Scenario: no tick
    When I call l.level

  @state:lamp.off @tick:same @member:lamp.level
  Scenario: a tick where none is
    When I call l.level

  @state:lamp.broken @member:lamp.level
  Scenario: no such state
    When I call l.level

  @state:kettle.off @member:lamp.level
  Scenario: no such class
    When I call l.level

  @state:lamp.off @member:lamp.switch @write:lamp.switch
  Scenario: a write of a method
    When I call l.switch = 1

  @state:lamp.off @member:lamp.other
  Scenario: no column
    When I call l.other

  @state:lamp.warming @tick:later @member:lamp.level
  Scenario: an unreachable cell filled
    When I call l.level

  @tick:same @member:lamp.level
  Scenario: a tick alone
    When I call l.level

  @member:lamp.level @variant:lamp.gas
  Scenario: no such variant
    When I call l.level
`)
	got := strings.Join(coverage.LintStates(fs, []coverage.StateModel{m}), "\n")
	for _, want := range []string{
		`"no tick": @state:lamp.warming needs @tick:same or @tick:later`,
		`"a tick where none is": @state:lamp.off has no ticks, so no @tick:same`,
		`"no such state": @state:lamp.broken: Lamp has no state "broken"`,
		`"no such class": @state:kettle.off names no class's model`,
		`"a write of a method": @write:lamp.switch: Lamp has no write column for it`,
		`"no column": @state:lamp.off, but no @member: tag names a column of Lamp`,
		`"an unreachable cell filled": fills lamp.level in warming/later, which lamp.yaml calls unreachable (it is warm by then)`,
		`"a tick alone" has @tick: or @write: but no @state: tag`,
		`"no such variant": @variant:lamp.gas names no variant of a model`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the lint misses %q; it said:\n%s", want, got)
		}
	}
}

func TestParseStateModelRefusesBadModels(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"unknown field", "class: A\nprefix: a\nmembers: [{id: a.b}]\nstates: [{id: s, says: x, colour: red}]\n", "field colour not found"},
		{"duplicate state", "class: A\nprefix: a\nmembers: [{id: a.b}]\nstates: [{id: s, says: x}, {id: s, says: y}]\n", `state "s" is empty or listed twice`},
		{"transient without ticks", "class: A\nprefix: a\nmembers: [{id: a.b}]\nstates: [{id: s, says: x, transient: true}]\n", "needs ticks same and later"},
		{"bad tick", "class: A\nprefix: a\nmembers: [{id: a.b}]\nstates: [{id: s, says: x, ticks: {soon: y}}]\n", `tick "soon"`},
		{"unreachable unknown member", "class: A\nprefix: a\nmembers: [{id: a.b}]\nstates: [{id: s, says: x}]\nunreachable: [{state: s, member: a.c, why: w}]\n", `no member column "a.c"`},
		{"unreachable without why", "class: A\nprefix: a\nmembers: [{id: a.b}]\nstates: [{id: s, says: x}]\nunreachable: [{state: s, member: \"*\"}]\n", "says no why"},
		{"silent state", "class: A\nprefix: a\nmembers: [{id: a.b}]\nstates: [{id: s}]\n", "says nothing of itself"},
	} {
		_, err := coverage.ParseStateModel("m.yaml", []byte(tc.text))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: want an error containing %q, got %v", tc.name, tc.want, err)
		}
	}
}

// TestStateTagsOfTheFeatures holds the features' cell tags to the
// models: every @state:, @tick: and @write: tag names a cell.
func TestStateTagsOfTheFeatures(t *testing.T) {
	fs, models := featuresAndModels(t)
	if len(models) != 2 {
		t.Fatalf("want the models of net.Server and net.Socket, got %d", len(models))
	}
	for _, p := range coverage.LintStates(fs, models) {
		t.Error(p)
	}
}

// TestStateTablesAreFull holds the state tables full: every member of
// net.Server and net.Socket in every state (and tick) has a scenario or
// a reason in the model why no program can reach it, and every variant
// has a scenario (what `netconform coverage --states` fails on).
func TestStateTablesAreFull(t *testing.T) {
	fs, models := featuresAndModels(t)
	for _, tab := range coverage.ComputeStates(fs, models) {
		for _, c := range tab.Empty() {
			t.Errorf("%s: %s in %s has no scenario and no reason", tab.Model.Class, c.Column, c.Phase)
		}
		for _, v := range tab.EmptyVariants() {
			t.Errorf("%s: variant %s has no scenario", tab.Model.Class, v)
		}
	}
}

// featuresAndModels loads the suite's features and the state models.
func featuresAndModels(t *testing.T) ([]coverage.Feature, []coverage.StateModel) {
	t.Helper()
	fs, err := coverage.LoadFeatures(features.FS)
	if err != nil {
		t.Fatal(err)
	}
	models, err := coverage.StateModels()
	if err != nil {
		t.Fatal(err)
	}
	return fs, models
}
