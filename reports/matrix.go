// Package reports writes what a run found for people: the cross-target
// matrix as Markdown and HTML.
package reports

import (
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/netconform/netconform/expectations"
	"github.com/netconform/netconform/steps"
)

// Run is one target's judged run.
type Run struct {
	Target  string
	Profile string
	// Baseline is the Node line followed where the docs are silent
	// ("20", "22", ...; see steps.Config.Baseline).
	Baseline string
	// Implementation is what the target says it is, with its version
	// ("node v24.22.3"), from the driver's hello; empty if none started.
	Implementation string
	Elapsed        time.Duration
	Report         expectations.Report
	Err            string // set when the target could not run at all, or left something behind
	// IgnoreWording is set when the run judged behaviour alone.
	IgnoreWording bool
}

// Scores counts the run's scenarios at each level, per area and feature.
func (r Run) Scores() Scores {
	results := make([]steps.Result, len(r.Report.Judged))
	for i, j := range r.Report.Judged {
		results[i] = j.Result
	}
	return ScoreResults(results)
}

// row is one scenario across the targets.
type row struct {
	Feature  string
	Scenario string
	Cells    []cell
}

// worst is the row's worst level over the targets, for ordering
// failures first.
func (r row) worst() int {
	w := -1
	for _, c := range r.Cells {
		if c.Verdict != "" {
			w = max(w, c.Level.Rank())
		}
	}
	return w
}

type cell struct {
	Verdict expectations.Verdict
	Level   steps.Level
	Detail  string // the failure text, or the expectation's reason
}

// Class is the cell's colour: its level, and whether the expectations
// foresaw it.
func (c cell) Class() string {
	switch {
	case c.Verdict == "":
		return "skip"
	case c.Verdict == expectations.UnexpectedFail || c.Verdict == expectations.UnexpectedPass:
		return "unexpected " + string(c.Level)
	}
	return string(c.Level)
}

// Label is the cell's text: the level, and how the expectations saw it.
func (c cell) Label() string {
	switch c.Verdict {
	case "":
		return "not run"
	case expectations.UnexpectedPass:
		return "UNEXPECTED PASS"
	case expectations.Pass:
		if c.Level == steps.LevelWording {
			return "pass (wording ignored)"
		}
		return "pass"
	case expectations.ExpectedFail:
		return "known: " + string(c.Level)
	}
	return "FAIL: " + string(c.Level)
}

// Matrix is the scenarios against the targets, and the same as a tree:
// area, feature, scenario.
type Matrix struct {
	Runs  []Run
	Rows  []row
	Areas []areaNode
}

// areaNode is one API area: its score per target and its features.
type areaNode struct {
	Name     string
	Scores   []Score // one per run
	Features []featureNode
}

// featureNode is one feature file: its score per target and scenarios.
type featureNode struct {
	Name   string
	Scores []Score
	Rows   []row
}

// NewMatrix lines the runs up scenario by scenario.
func NewMatrix(runs []Run) Matrix {
	index := map[string]int{}
	var rows []row
	for i := range runs {
		runs[i].Elapsed = runs[i].Elapsed.Round(time.Millisecond)
	}
	for ti, r := range runs {
		for _, j := range r.Report.Judged {
			i, ok := index[j.ID()]
			if !ok {
				i = len(rows)
				index[j.ID()] = i
				rows = append(rows, row{Feature: j.Feature, Scenario: j.Scenario, Cells: make([]cell, len(runs))})
			}
			detail := j.Message
			if j.Entry != nil && j.Verdict == expectations.ExpectedFail {
				detail = "known: " + j.Entry.Reason + "\n\n" + j.Message
			}
			rows[i].Cells[ti] = cell{Verdict: j.Verdict, Level: LevelOf(j.Result), Detail: detail}
		}
	}
	sort.SliceStable(rows, func(a, b int) bool {
		if rows[a].Feature != rows[b].Feature {
			return rows[a].Feature < rows[b].Feature
		}
		return rows[a].Scenario < rows[b].Scenario
	})
	return Matrix{Runs: runs, Rows: rows, Areas: tree(rows, len(runs))}
}

// tree groups the rows by area and feature, scores each group per
// target, and orders every level failures first: most behaviour
// failures, then most wording failures, then by name.
func tree(rows []row, targets int) []areaNode {
	var areas []areaNode
	areaAt, featAt := map[string]int{}, map[string]int{}
	for _, r := range rows {
		an := Area(r.Feature)
		ai, ok := areaAt[an]
		if !ok {
			ai = len(areas)
			areaAt[an] = ai
			areas = append(areas, areaNode{Name: an, Scores: make([]Score, targets)})
		}
		a := &areas[ai]
		fi, ok := featAt[r.Feature]
		if !ok {
			fi = len(a.Features)
			featAt[r.Feature] = fi
			a.Features = append(a.Features, featureNode{Name: r.Feature, Scores: make([]Score, targets)})
		}
		f := &a.Features[fi]
		f.Rows = append(f.Rows, r)
		for t, c := range r.Cells {
			if c.Verdict == "" {
				continue
			}
			a.Scores[t].add(c.Level)
			f.Scores[t].add(c.Level)
		}
	}
	badness := func(s []Score) (int, int) {
		b, w := 0, 0
		for _, x := range s {
			b, w = b+x.Behaviour, w+x.Wording
		}
		return b, w
	}
	before := func(sa, sb []Score, na, nb string) bool {
		ba, wa := badness(sa)
		bb, wb := badness(sb)
		if ba != bb {
			return ba > bb
		}
		if wa != wb {
			return wa > wb
		}
		return na < nb
	}
	for ai := range areas {
		fs := areas[ai].Features
		for fi := range fs {
			rs := fs[fi].Rows
			sort.SliceStable(rs, func(i, j int) bool { return rs[i].worst() > rs[j].worst() })
		}
		sort.SliceStable(fs, func(i, j int) bool { return before(fs[i].Scores, fs[j].Scores, fs[i].Name, fs[j].Name) })
	}
	sort.SliceStable(areas, func(i, j int) bool {
		return before(areas[i].Scores, areas[j].Scores, areas[i].Name, areas[j].Name)
	})
	return areas
}

// Totals returns per-target counts: passed, expected fail, unexpected
// (fail or pass), not run.
func (m Matrix) Totals() [][4]int {
	t := make([][4]int, len(m.Runs))
	for _, r := range m.Rows {
		for i, c := range r.Cells {
			switch c.Verdict {
			case expectations.Pass:
				t[i][0]++
			case expectations.ExpectedFail:
				t[i][1]++
			case "":
				t[i][3]++
			default:
				t[i][2]++
			}
		}
	}
	return t
}

// Levels returns each target's counts at each level.
func (m Matrix) Levels() []Score {
	out := make([]Score, len(m.Runs))
	for _, r := range m.Rows {
		for i, c := range r.Cells {
			if c.Verdict != "" {
				out[i].add(c.Level)
			}
		}
	}
	return out
}

// WriteMarkdown writes the matrix as Markdown: the totals and levels per
// target, then each area and feature with its score per target, then
// its scenarios, failures first.
func (m Matrix) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# netconform matrix\n\n| target | implementation | profile | baseline | passed | expected fail | unexpected | not run | full | wording only | behaviour | time |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	levels := m.Levels()
	for i, t := range m.Totals() {
		r := m.Runs[i]
		if r.Err != "" {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | - | - | - | - | - | - | - | could not run: %s |\n", r.Target, mdEscape(r.Implementation), r.Profile, r.Baseline, mdEscape(r.Err))
			continue
		}
		l := levels[i]
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %d | %d | %d | %d | %d | %d | %d | %s |\n", r.Target, mdEscape(r.Implementation), r.Profile, r.Baseline, t[0], t[1], t[2], t[3], l.Full, l.Wording, l.Behaviour, r.Elapsed.Round(time.Millisecond))
	}
	b.WriteString("\nScores read held in behaviour / all (fully).\n")
	header := func(first string) {
		b.WriteString("\n| " + first + " |")
		for _, r := range m.Runs {
			b.WriteString(" " + r.Target + " |")
		}
		b.WriteString("\n| --- |" + strings.Repeat(" --- |", len(m.Runs)) + "\n")
	}
	scoreRow := func(name string, scores []Score) {
		fmt.Fprintf(&b, "| %s |", mdEscape(name))
		for _, s := range scores {
			b.WriteString(" " + s.String() + " |")
		}
		b.WriteString("\n")
	}
	header("area")
	for _, a := range m.Areas {
		scoreRow("**"+a.Name+"**", a.Scores)
	}
	for _, a := range m.Areas {
		fmt.Fprintf(&b, "\n## %s\n", a.Name)
		header("feature")
		for _, f := range a.Features {
			scoreRow(f.Name, f.Scores)
		}
		for _, f := range a.Features {
			fmt.Fprintf(&b, "\n### %s\n", f.Name)
			header("scenario")
			for _, r := range f.Rows {
				fmt.Fprintf(&b, "| %s |", mdEscape(r.Scenario))
				for _, c := range r.Cells {
					b.WriteString(" " + c.Label() + " |")
				}
				b.WriteString("\n")
			}
		}
	}
	var failures []string
	for _, r := range m.Rows {
		for i, c := range r.Cells {
			if c.Verdict != expectations.Pass && c.Verdict != "" {
				f := fence(c.Detail)
				failures = append(failures, fmt.Sprintf("### %s: %s :: %s (%s)\n\n%s\n%s\n%s\n", mdEscape(m.Runs[i].Target), mdEscape(r.Feature), mdEscape(r.Scenario), c.Label(), f, c.Detail, f))
			}
		}
	}
	if len(failures) > 0 {
		b.WriteString("\n## What failed\n\n" + strings.Join(failures, "\n"))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// fence returns a code fence longer than any run of backticks in s, so
// that nothing in s (a driver's text) can close the block early.
func fence(s string) string {
	longest, run := 0, 0
	for _, c := range s {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}

func mdEscape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ")
}

// scoreClass colours a group's score: by its worst level.
func scoreClass(s Score) string {
	switch {
	case s.Total == 0:
		return "skip"
	case s.Behaviour > 0:
		return "behaviour"
	case s.Wording > 0:
		return "wording"
	}
	return "full"
}

// page is the matrix as one self-contained file: no script, no style or
// font from elsewhere, so that it works from disk and in a CI artifact
// viewer that runs no scripts. The tree is nested <details>; each
// failing cell is a <details> of its own that opens to the failure.
var page = template.Must(template.New("matrix").Funcs(template.FuncMap{"scoreClass": scoreClass}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>netconform matrix</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin-bottom:2em}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3}
.grid{display:grid;grid-template-columns:minmax(22em,1fr) repeat({{len .Runs}},13em);align-items:start;border-bottom:1px solid #eee}
.grid>*{padding:3px 6px;overflow-wrap:anywhere}
.head{font-weight:bold;background:#f3f3f3;position:sticky;top:0;z-index:3}
summary{cursor:pointer}
details.area>summary{font-weight:bold;background:#f7f7f7}
details.feature{margin-left:1.2em}
details.feature>summary{font-family:monospace}
.scenario{margin-left:2.4em}
.full{background:#e6f4ea}.wording{background:#fff4d6}.behaviour{background:#fde2e1}.skip{color:#888}
.unexpected{font-weight:bold;outline:2px solid #c00;outline-offset:-2px}
.count small{color:#555;display:block}
details.cell pre{position:relative;z-index:2;width:60em;max-width:calc(100vw - 8em);white-space:pre-wrap;font-size:12px;background:#fff;padding:6px;border:1px solid #bbb;box-shadow:0 2px 6px #0003}
details.area>summary::marker,details.feature>summary::marker{color:#666}
</style></head><body>
<h1>netconform matrix</h1>
<table><tr><th>target</th><th>implementation</th><th>profile</th><th>baseline</th><th>passed</th><th>expected fail</th><th>unexpected</th><th>not run</th><th>full</th><th>wording only</th><th>behaviour</th><th>time</th></tr>
{{range $i, $r := .Runs}}<tr><td>{{$r.Target}}{{if $r.IgnoreWording}} (wording ignored){{end}}</td><td>{{$r.Implementation}}</td><td>{{$r.Profile}}</td><td>{{$r.Baseline}}</td>{{if $r.Err}}<td colspan="8">could not run: {{$r.Err}}</td>{{else}}{{with index $.Totals $i}}<td>{{index . 0}}</td><td>{{index . 1}}</td><td>{{index . 2}}</td><td>{{index . 3}}</td>{{end}}{{with index $.Levels $i}}<td>{{.Full}}</td><td>{{.Wording}}</td><td>{{.Behaviour}}</td>{{end}}<td>{{$r.Elapsed}}</td>{{end}}</tr>
{{end}}</table>
<p>Each area and feature shows, per target, how many of its scenarios held in behaviour of all, and below how many fully, how many differ in an error message's wording only, and how many fail in behaviour. Failures come first; open a row to see its features and scenarios, and a cell to read its failure.</p>
<div id="tree">
<div class="grid head"><span>area / feature / scenario</span>{{range .Runs}}<span>{{.Target}}</span>{{end}}</div>
{{range .Areas}}<details class="area" data-name="{{.Name}}"><summary class="grid"><span class="name">{{.Name}}</span>{{range .Scores}}<span class="count {{scoreClass .}}">{{.Behaving}}/{{.Total}}<small>{{.Full}} full · {{.Wording}} wording · {{.Behaviour}} behaviour</small></span>{{end}}</summary>
{{range .Features}}<details class="feature" data-name="{{.Name}}"><summary class="grid"><span class="name">{{.Name}}</span>{{range .Scores}}<span class="count {{scoreClass .}}">{{.Behaving}}/{{.Total}}<small>{{.Full}} full · {{.Wording}} wording · {{.Behaviour}} behaviour</small></span>{{end}}</summary>
{{range .Rows}}<div class="grid scenario" data-name="{{.Scenario}}"><span class="name">{{.Scenario}}</span>{{range .Cells}}{{if .Detail}}<details class="cell {{.Class}}"><summary>{{.Label}}</summary><pre>{{.Detail}}</pre></details>{{else}}<span class="cell {{.Class}}">{{.Label}}</span>{{end}}{{end}}</div>
{{end}}</details>
{{end}}</details>
{{end}}</div>
</body></html>
`))

// WriteHTML writes the matrix as one self-contained page: the totals,
// then the tree of areas, features and scenarios with their scores per
// target, each failing cell opening to its failure text.
func (m Matrix) WriteHTML(w io.Writer) error {
	return page.Execute(w, struct {
		Matrix
		Totals [][4]int
		Levels []Score
	}{m, m.Totals(), m.Levels()})
}
