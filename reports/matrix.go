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
}

// row is one scenario across the targets.
type row struct {
	Feature  string
	Scenario string
	Cells    []cell
}

type cell struct {
	Verdict expectations.Verdict
	Detail  string // the failure text, or the expectation's reason
}

func (c cell) Class() string {
	switch c.Verdict {
	case expectations.Pass:
		return "pass"
	case expectations.ExpectedFail:
		return "xfail"
	case "":
		return "skip"
	}
	return "fail"
}

func (c cell) Label() string {
	switch c.Verdict {
	case expectations.Pass:
		return "pass"
	case expectations.ExpectedFail:
		return "expected fail"
	case expectations.UnexpectedFail:
		return "FAIL"
	case expectations.UnexpectedPass:
		return "unexpected pass"
	}
	return "not run"
}

// Matrix is the scenarios against the targets.
type Matrix struct {
	Runs []Run
	Rows []row
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
			rows[i].Cells[ti] = cell{Verdict: j.Verdict, Detail: detail}
		}
	}
	for i := range rows {
		for len(rows[i].Cells) < len(runs) {
			rows[i].Cells = append(rows[i].Cells, cell{})
		}
	}
	sort.SliceStable(rows, func(a, b int) bool {
		if rows[a].Feature != rows[b].Feature {
			return rows[a].Feature < rows[b].Feature
		}
		return rows[a].Scenario < rows[b].Scenario
	})
	return Matrix{Runs: runs, Rows: rows}
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

// WriteMarkdown writes the matrix as a Markdown table.
func (m Matrix) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# netconform matrix\n\n| target | implementation | profile | baseline | passed | expected fail | unexpected | not run | time |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n")
	for i, t := range m.Totals() {
		r := m.Runs[i]
		if r.Err != "" {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | - | - | - | - | could not run: %s |\n", r.Target, mdEscape(r.Implementation), r.Profile, r.Baseline, mdEscape(r.Err))
			continue
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %d | %d | %d | %d | %s |\n", r.Target, mdEscape(r.Implementation), r.Profile, r.Baseline, t[0], t[1], t[2], t[3], r.Elapsed.Round(time.Millisecond))
	}
	b.WriteString("\n| feature | scenario |")
	for _, r := range m.Runs {
		b.WriteString(" " + r.Target + " |")
	}
	b.WriteString("\n| --- | --- |" + strings.Repeat(" --- |", len(m.Runs)) + "\n")
	for _, r := range m.Rows {
		fmt.Fprintf(&b, "| %s | %s |", mdEscape(r.Feature), mdEscape(r.Scenario))
		for _, c := range r.Cells {
			b.WriteString(" " + c.Label() + " |")
		}
		b.WriteString("\n")
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

var page = template.Must(template.New("matrix").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>netconform matrix</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin-bottom:2em}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3}
td.pass{background:#e6f4ea}td.xfail{background:#fff4d6}td.fail{background:#fde2e1;font-weight:bold}td.skip{color:#888}
td.feature{color:#555;font-family:monospace}
details summary{cursor:pointer}
pre{white-space:pre-wrap;max-width:60em;font-size:12px;background:#fafafa;padding:6px;border:1px solid #ddd}
</style></head><body>
<h1>netconform matrix</h1>
<table><tr><th>target</th><th>implementation</th><th>profile</th><th>baseline</th><th>passed</th><th>expected fail</th><th>unexpected</th><th>not run</th><th>time</th></tr>
{{range $i, $r := .Runs}}<tr><td>{{$r.Target}}</td><td>{{$r.Implementation}}</td><td>{{$r.Profile}}</td><td>{{$r.Baseline}}</td>{{if $r.Err}}<td colspan="5">could not run: {{$r.Err}}</td>{{else}}{{with index $.Totals $i}}<td>{{index . 0}}</td><td>{{index . 1}}</td><td>{{index . 2}}</td><td>{{index . 3}}</td>{{end}}<td>{{$r.Elapsed}}</td>{{end}}</tr>
{{end}}</table>
<table><tr><th>feature</th><th>scenario</th>{{range .Runs}}<th>{{.Target}}</th>{{end}}</tr>
{{range .Rows}}<tr><td class="feature">{{.Feature}}</td><td>{{.Scenario}}</td>{{range .Cells}}<td class="{{.Class}}" title="{{.Detail}}">{{if .Detail}}<details><summary>{{.Label}}</summary><pre>{{.Detail}}</pre></details>{{else}}{{.Label}}{{end}}</td>{{end}}</tr>
{{end}}</table>
</body></html>
`))

// WriteHTML writes the matrix as a page: each failure's text expands
// under its cell and shows on hover.
func (m Matrix) WriteHTML(w io.Writer) error {
	return page.Execute(w, struct {
		Matrix
		Totals [][4]int
	}{m, m.Totals()})
}
