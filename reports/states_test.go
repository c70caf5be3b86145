package reports

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netconform/netconform/coverage"
)

// TestStatesPageColoursEachCellPerTarget: a port author sees, per
// target, which cells held and which did not, and why a cell has no
// scenario.
func TestStatesPageColoursEachCellPerTarget(t *testing.T) {
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
	sc := func(name string) coverage.Scenario { return coverage.Scenario{Feature: "d/x.feature", Name: name} }
	table := coverage.StateTable{Model: m, Phases: m.Phases(), Rows: [][]coverage.Cell{
		{{Column: "door.open", Phase: coverage.Phase{State: "shut"}, Scenarios: []coverage.Scenario{sc("open shut"), sc("open shut twice")}},
			{Column: "door.open", Phase: coverage.Phase{State: "ajar"}}},
		{{Column: "door.lock", Phase: coverage.Phase{State: "shut"}, Scenarios: []coverage.Scenario{sc("lock shut")}},
			{Column: "door.lock", Phase: coverage.Phase{State: "ajar"}, Unreachable: "the bolt misses"}},
	}}
	port := Verdicts{Target: "port", ByID: map[string]string{
		"d/x.feature :: open shut":       "pass",
		"d/x.feature :: open shut twice": "expected fail",
		"d/x.feature :: lock shut":       "expected fail",
	}, Levels: map[string]string{
		"d/x.feature :: open shut":       "full",
		"d/x.feature :: open shut twice": "behaviour",
		"d/x.feature :: lock shut":       "wording",
	}}
	g := stateGridOf(table, &port)
	want := [][]stateCell{
		{{"1/2", "behaviour", "differs in: open shut twice"}, {"EMPTY", "missing", "no scenario yet"}},
		{{"1/1", "wording", "differs in: lock shut (wording)"}, {"—", "skip", "unreachable: the bolt misses"}},
	}
	for i, row := range g.Rows {
		for j, c := range row.Cells {
			if c != want[i][j] {
				t.Errorf("cell %d,%d: want %+v, got %+v", i, j, want[i][j], c)
			}
		}
	}
	if len(g.Differs) != 1 || g.Differs[0] != "door.open in shut" {
		t.Errorf("differs: want [door.open in shut], got %v", g.Differs)
	}
	if counts := stateGridOf(table, nil); counts.Rows[0].Cells[0].Label != "2" {
		t.Errorf("without verdicts a cell shows its scenarios: got %q", counts.Rows[0].Cells[0].Label)
	}
	dir := t.TempDir()
	table.Variants = [][]coverage.Scenario{}
	pages, err := writeStatesPages(dir, []coverage.StateTable{table}, []Verdicts{port})
	if err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(filepath.Join(dir, pages[0].File))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"<h2>port: held in behaviour", "Differs from Node in 1 cells: <code>door.open in shut</code>", `<td class="behaviour" title="differs in: open shut twice">1/2</td>`, "the bolt misses"} {
		if !strings.Contains(string(html), w) {
			t.Errorf("the page lacks %q", w)
		}
	}
}
