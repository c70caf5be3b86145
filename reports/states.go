package reports

import (
	"fmt"
	"html/template"
	"path/filepath"
	"strings"

	"github.com/netconform/netconform/coverage"
	"github.com/netconform/netconform/expectations"
	"github.com/netconform/netconform/steps"
)

// statesPage is one class's state table: the model's states, and per
// target (or, without verdicts, once) a grid of every member in every
// state.
type statesPage struct {
	Class, File                       string
	States                            []coverage.State
	Phases                            []coverage.Phase
	Cells, Filled, Unreachable, Empty int
	Grids                             []stateGrid
	Reasons                           []coverage.Unreachable
	Variants                          []variantRow
}

// variantRow is a variant of the machine with the scenarios that prove
// where it differs.
type variantRow struct {
	coverage.Variant
	Scenarios []string
}

// stateGrid is the table as one target's verdicts colour it; Target ""
// is the table of scenario counts.
type stateGrid struct {
	Target string
	Rows   []stateRow
	// Differs lists the cells where the target did not hold in
	// behaviour, for a port author's first look.
	Differs []string
}

type stateRow struct {
	Column, Page string
	Cells        []stateCell
}

type stateCell struct {
	Label, Class, Title string
}

// statesFile is the page of a class's state table.
func statesFile(class string) string { return "states-" + pageFile(class) }

// writeStatesPages writes a page per state table and returns the pages,
// for the index.
func writeStatesPages(dir string, tables []coverage.StateTable, verdicts []Verdicts) ([]*statesPage, error) {
	var out []*statesPage
	for _, t := range tables {
		p := &statesPage{Class: t.Model.Class, File: statesFile(t.Model.Class), States: t.Model.States, Phases: t.Phases, Reasons: t.Model.Unreachable}
		p.Cells, p.Filled, p.Unreachable = t.Counts()
		p.Empty = len(t.Empty())
		for i, v := range t.Model.Variants {
			row := variantRow{Variant: v}
			for _, s := range t.Variants[i] {
				row.Scenarios = append(row.Scenarios, s.Feature+": "+s.Name)
			}
			p.Variants = append(p.Variants, row)
		}
		p.Grids = append(p.Grids, stateGridOf(t, nil))
		for i := range verdicts {
			p.Grids = append(p.Grids, stateGridOf(t, &verdicts[i]))
		}
		if err := writeTemplate(filepath.Join(dir, p.File), statesTmpl, p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// stateGridOf colours t's cells by v's verdicts: per cell, how many of
// the scenarios the target ran held in behaviour, of how many; nil v
// gives the counts of scenarios.
func stateGridOf(t coverage.StateTable, v *Verdicts) stateGrid {
	var g stateGrid
	if v != nil {
		g.Target = v.Target
	}
	for i, row := range t.Rows {
		r := stateRow{Column: row[0].Column, Page: pageFile(t.Model.Members[i].ID)}
		for _, c := range row {
			sc := stateCell{}
			switch {
			case c.Empty():
				sc = stateCell{"EMPTY", "missing", "no scenario yet"}
			case len(c.Scenarios) == 0:
				sc = stateCell{"—", "skip", "unreachable: " + c.Unreachable}
			case v == nil:
				sc = stateCell{fmt.Sprint(len(c.Scenarios)), "", scenarioNames(c.Scenarios)}
			default:
				sc = verdictsOfCell(c, *v)
				if strings.Contains(sc.Class, "behaviour") {
					g.Differs = append(g.Differs, c.Column+" in "+c.Phase.String())
				}
			}
			r.Cells = append(r.Cells, sc)
		}
		g.Rows = append(g.Rows, r)
	}
	return g
}

// verdictsOfCell sums one target's verdicts over a cell's scenarios.
func verdictsOfCell(c coverage.Cell, v Verdicts) stateCell {
	ran, held, full := 0, 0, 0
	unexpected := false
	var failed []string
	for _, s := range c.Scenarios {
		id := s.Feature + " :: " + s.Name
		verdict := expectations.Verdict(v.ByID[id])
		if verdict == "" {
			continue // another baseline's variant, or not selected
		}
		ran++
		level := steps.Level(v.Levels[id])
		if level == "" {
			level = steps.LevelBehaviour
			if verdict == expectations.Pass {
				level = steps.LevelFull
			}
		}
		switch level {
		case steps.LevelFull:
			held++
			full++
		case steps.LevelWording:
			held++
			failed = append(failed, s.Name+" (wording)")
		default:
			failed = append(failed, s.Name)
		}
		if verdict == expectations.UnexpectedFail || verdict == expectations.UnexpectedPass {
			unexpected = true
		}
	}
	if ran == 0 {
		return stateCell{"not run", "skip", scenarioNames(c.Scenarios)}
	}
	class := string(steps.LevelFull)
	switch {
	case held < ran:
		class = string(steps.LevelBehaviour)
	case full < ran:
		class = string(steps.LevelWording)
	}
	if unexpected {
		class = "unexpected " + class
	}
	title := "every scenario held"
	if len(failed) > 0 {
		title = "differs in: " + strings.Join(failed, "; ")
	}
	return stateCell{fmt.Sprintf("%d/%d", held, ran), class, title}
}

func scenarioNames(scs []coverage.Scenario) string {
	names := make([]string, len(scs))
	for i, s := range scs {
		names[i] = s.Name
	}
	return strings.Join(names, "; ")
}

var statesTmpl = template.Must(template.New("states").Parse(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{.Class}} as a state machine · netconform</title>` + style + `
<style>.grid td{text-align:center;min-width:3em}.grid td:first-child{text-align:left}.grid th{font-size:12px;writing-mode:vertical-rl;transform:rotate(180deg);text-align:left}</style></head><body>
<p><a href="index.html">netconform</a> › states</p>
<h1><code>{{.Class}}</code>: every member in every state</h1>
<p>{{.Cells}} cells: {{.Filled}} proved by scenarios, {{.Unreachable}} that no program can reach (—, the reason below), {{.Empty}} empty. A cell is one member called, read or set in one state; a state with two ticks has a cell for the call made in the tick that entered the state and one for a later tick. The model: <code>coverage/states/</code>; the shape: <code>docs/state-machines.md</code>.</p>
<h2>The states</h2>
<table><tr><th>state</th><th>what it is</th><th>ticks</th></tr>
{{range .States}}<tr><td><code>{{.ID}}</code></td><td>{{.Says}}{{if .Transient}} <i>Transient.</i>{{end}}</td><td>{{if .Ticks}}same: {{.Ticks.same}}<br>later: {{.Ticks.later}}{{end}}</td></tr>{{end}}</table>
{{range .Grids}}<h2>{{if .Target}}{{.Target}}: held in behaviour, of the scenarios run{{else}}Scenarios per cell{{end}}</h2>
{{if .Target}}{{if .Differs}}<p>Differs from Node in {{len .Differs}} cells: {{range $i, $d := .Differs}}{{if $i}}, {{end}}<code>{{$d}}</code>{{end}}.</p>{{else}}<p>Holds in every cell it ran.</p>{{end}}{{end}}
<table class="grid"><tr><th>member</th>{{range $.Phases}}<th>{{.}}</th>{{end}}</tr>
{{range .Rows}}<tr><td><a href="{{.Page}}"><code>{{.Column}}</code></a></td>{{range .Cells}}<td class="{{.Class}}" title="{{.Title}}">{{.Label}}</td>{{end}}</tr>
{{end}}</table>{{end}}
{{if .Variants}}<h2>Variants</h2>
<table><tr><th>variant</th><th>where it differs</th><th>scenarios</th></tr>
{{range .Variants}}<tr><td><code>{{.ID}}</code>: {{.Says}}</td><td>{{.Differs}}</td>{{if .Scenarios}}<td>{{range .Scenarios}}{{.}}<br>{{end}}</td>{{else}}<td class="missing">none</td>{{end}}</tr>{{end}}</table>{{end}}
{{if .Reasons}}<h2>Cells no program can reach</h2>
<table><tr><th>member</th><th>state</th><th>why</th></tr>
{{range .Reasons}}<tr><td><code>{{.Member}}</code></td><td>{{.State}}{{if .Tick}}/{{.Tick}}{{end}}</td><td>{{.Why}}</td></tr>{{end}}</table>{{end}}
</body></html>
`))
