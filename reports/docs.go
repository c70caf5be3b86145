package reports

import (
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/netconform/netconform/coverage"
	"github.com/netconform/netconform/expectations"
	"github.com/netconform/netconform/steps"
)

// Verdicts are one target's verdicts by scenario id ("feature :: name").
type Verdicts struct {
	Target string
	ByID   map[string]string // "pass", "expected fail", "FAIL", "UNEXPECTED PASS"
	// Levels are the scenarios' levels by id: full, wording, behaviour.
	Levels map[string]string
	// Scores are the run's counts per level, per area and feature.
	Scores Scores
}

// ReproFunc writes a scenario as a standalone program (netconform
// repro), or says why it cannot be one.
type ReproFunc func(feature, name string) (string, error)

// memberPage is one documented member: what the documents say and the
// scenarios that prove it.
type memberPage struct {
	ID, Kind, Heading, File string
	Says                    []docSays
	Blocks                  []scenarioBlock
	Targets                 []string
	// Areas are the scores of the areas this member's scenarios are in.
	Areas []areaScores
}

// areaScores is one area's score per target.
type areaScores struct {
	Name   string
	Scores []Score
}

type docSays struct{ Doc, Text string }

type scenarioBlock struct {
	Feature string
	Source  string
	Rows    []verdictRow // one per scenario (an outline has one per example)
}

type verdictRow struct {
	Name  string
	Cells []verdictCell
	// Repro is the path of the scenario's program, relative to the
	// page; NoRepro why there is none.
	Repro, NoRepro string
}

type verdictCell struct{ Label, Class string }

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func pageFile(id string) string { return unsafeName.ReplaceAllString(id, "_") + ".html" }

// WriteDocsSite writes a static site to dir: an index of every document
// and its members, and a page per member with the doc sentences, the
// scenarios in plain Gherkin and, given verdicts, each target's verdict
// beside each scenario; and a page per class's state table, with each
// target's verdicts per cell.
func WriteDocsSite(dir string, reports []coverage.Report, tables []coverage.StateTable, verdicts []Verdicts, repro ReproFunc) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	programs, err := writeRepros(dir, reports, repro)
	if err != nil {
		return err
	}
	var targets []string
	for _, v := range verdicts {
		targets = append(targets, v.Target)
	}
	pages := map[string]*memberPage{}
	var order []string
	for _, r := range reports {
		for _, e := range r.Entries {
			p := pages[e.Member.ID]
			if p == nil {
				p = &memberPage{ID: e.Member.ID, Kind: e.Member.Kind, Heading: e.Member.Heading, File: pageFile(e.Member.ID), Targets: targets}
				pages[e.Member.ID] = p
				order = append(order, e.Member.ID)
				p.Blocks = blocks(e.Scenarios, verdicts, programs)
				p.Areas = areasOf(e.Scenarios, verdicts)
			} else if len(e.Scenarios) > countRows(p.Blocks) {
				p.Blocks = blocks(e.Scenarios, verdicts, programs)
				p.Areas = areasOf(e.Scenarios, verdicts)
			}
			p.Says = append(p.Says, docSays{r.Manifest.Title + " (" + r.Manifest.Seed + ")", e.Member.Says})
		}
	}
	for _, id := range order {
		if err := writeTemplate(filepath.Join(dir, pages[id].File), memberTmpl, pages[id]); err != nil {
			return err
		}
	}
	type indexDoc struct {
		Title, Seed    string
		Covered, Total int
		Members        []*memberPage
		CoveredBy      map[string]int
	}
	states, err := writeStatesPages(dir, tables, verdicts)
	if err != nil {
		return err
	}
	type index struct {
		States   []*statesPage
		Docs     []indexDoc
		Targets  []string
		Areas    []areaScores
		Features []areaScores
	}
	var docs []indexDoc
	for _, r := range reports {
		d := indexDoc{Title: r.Manifest.Title, Seed: r.Manifest.Seed, Covered: r.Covered(), Total: len(r.Entries), CoveredBy: map[string]int{}}
		for _, e := range r.Entries {
			d.Members = append(d.Members, pages[e.Member.ID])
			d.CoveredBy[e.Member.ID] = len(e.Scenarios)
		}
		docs = append(docs, d)
	}
	idx := index{States: states, Docs: docs, Targets: targets}
	idx.Areas, idx.Features = scoreTables(verdicts)
	return writeTemplate(filepath.Join(dir, "index.html"), indexTmpl, idx)
}

// repro is a scenario's program on the site, or why it has none.
type repro struct{ path, why string }

// writeRepros writes every scenario's program under dir/repro/, for the
// pages' "copy as program" links.
func writeRepros(dir string, reports []coverage.Report, write ReproFunc) (map[string]repro, error) {
	out := map[string]repro{}
	if write == nil {
		return out, nil
	}
	if err := os.MkdirAll(filepath.Join(dir, "repro"), 0o755); err != nil {
		return nil, err
	}
	used := map[string]bool{}
	for _, r := range reports {
		for _, e := range r.Entries {
			for _, s := range e.Scenarios {
				id := s.Feature + " :: " + s.Name
				if _, done := out[id]; done {
					continue
				}
				prog, err := write(s.Feature, s.Name)
				if err != nil {
					out[id] = repro{why: err.Error()}
					continue
				}
				file := ReproFile(s.Feature, s.Name)
				for n := 2; used[file]; n++ {
					file = strings.TrimSuffix(ReproFile(s.Feature, s.Name), ".cjs") + fmt.Sprintf("-%d.cjs", n)
				}
				used[file] = true
				if err := os.WriteFile(filepath.Join(dir, "repro", file), []byte(prog), 0o644); err != nil {
					return nil, err
				}
				out[id] = repro{path: "repro/" + file}
			}
		}
	}
	return out, nil
}

var unsafeFile = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// ReproFile is the file name of a scenario's program: its feature and
// name, made safe for a file system.
func ReproFile(feature, name string) string {
	base := strings.TrimSuffix(feature, ".feature") + "--" + name
	base = strings.Trim(unsafeFile.ReplaceAllString(base, "_"), "_")
	if len(base) > 180 {
		base = base[:180]
	}
	return base + ".cjs"
}

// areasOf scores, per target, the areas of the scenarios given.
func areasOf(scs []coverage.Scenario, verdicts []Verdicts) []areaScores {
	seen := map[string]bool{}
	var out []areaScores
	for _, s := range scs {
		a := Area(s.Feature)
		if seen[a] || len(verdicts) == 0 {
			continue
		}
		seen[a] = true
		as := areaScores{Name: a}
		for _, v := range verdicts {
			as.Scores = append(as.Scores, findScore(v.Scores.Areas, a))
		}
		out = append(out, as)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func findScore(scores []Score, name string) Score {
	for _, s := range scores {
		if s.Name == name {
			return s
		}
	}
	return Score{Name: name}
}

// scoreTables are every area's and feature's score per target.
func scoreTables(verdicts []Verdicts) (areas, features []areaScores) {
	table := func(names func(Verdicts) []Score) []areaScores {
		seen := map[string]bool{}
		var all []string
		for _, v := range verdicts {
			for _, s := range names(v) {
				if !seen[s.Name] {
					seen[s.Name] = true
					all = append(all, s.Name)
				}
			}
		}
		sort.Strings(all)
		var out []areaScores
		for _, n := range all {
			as := areaScores{Name: n}
			for _, v := range verdicts {
				as.Scores = append(as.Scores, findScore(names(v), n))
			}
			out = append(out, as)
		}
		return out
	}
	return table(func(v Verdicts) []Score { return v.Scores.Areas }), table(func(v Verdicts) []Score { return v.Scores.Features })
}

func countRows(bs []scenarioBlock) int {
	n := 0
	for _, b := range bs {
		n += len(b.Rows)
	}
	return n
}

// blocks groups scenarios by their source (an outline's rows share one).
func blocks(scs []coverage.Scenario, verdicts []Verdicts, programs map[string]repro) []scenarioBlock {
	var out []scenarioBlock
	index := map[string]int{}
	for _, s := range scs {
		key := s.Feature + fmt.Sprint(s.Line)
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, scenarioBlock{Feature: s.Feature, Source: s.Source})
		}
		id := s.Feature + " :: " + s.Name
		row := verdictRow{Name: s.Name, Repro: programs[id].path, NoRepro: programs[id].why}
		for _, v := range verdicts {
			c := cell{Verdict: expectations.Verdict(v.ByID[id]), Level: steps.Level(v.Levels[id])}
			if c.Level == "" && c.Verdict != "" {
				// Results from before levels: the status decides.
				c.Level = steps.LevelBehaviour
				if c.Verdict == expectations.Pass {
					c.Level = steps.LevelFull
				}
			}
			row.Cells = append(row.Cells, verdictCell{c.Label(), c.Class()})
		}
		out[i].Rows = append(out[i].Rows, row)
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Feature < out[b].Feature })
	return out
}

func writeTemplate(path string, t *template.Template, data any) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := t.Execute(f, data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

const style = `<style>
body{font:15px/1.5 system-ui,sans-serif;margin:2em auto;max-width:70em;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em}
code,pre{font-family:ui-monospace,monospace}
pre{background:#f7f7f7;border:1px solid #ddd;padding:.8em;white-space:pre-wrap;font-size:13px}
blockquote{border-left:4px solid #c9d7e8;margin:.5em 0;padding:.2em 1em;background:#f5f8fc}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;font-size:13px}
.pass,.full{background:#e6f4ea}.xfail,.wording{background:#fff4d6}.behaviour{background:#fde2e1}.fail,.unexpected{font-weight:bold;outline:2px solid #c00;outline-offset:-2px}.skip{color:#888}
.missing{color:#b00;font-weight:bold}.doc{color:#666;font-size:13px}
</style>`

var memberTmpl = template.Must(template.New("member").Parse(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{.ID}} · netconform</title>` + style + `</head><body>
<p><a href="index.html">netconform</a> › {{.Kind}}</p>
<h1><code>{{.Heading}}</code></h1>
{{range .Says}}<blockquote>{{.Text}}<div class="doc">— {{.Doc}}</div></blockquote>{{end}}
<h2>Scenarios</h2>
{{if not .Blocks}}<p class="missing">No scenario proves this member yet.</p>{{end}}
{{range .Blocks}}<p class="doc">features/{{.Feature}}</p><pre>{{.Source}}</pre>
<table><tr><th>scenario</th>{{range $.Targets}}<th>{{.}}</th>{{end}}<th>program</th></tr>
{{range .Rows}}<tr><td>{{.Name}}</td>{{range .Cells}}<td class="{{.Class}}">{{.Label}}</td>{{end}}<td>{{if .Repro}}<a href="{{.Repro}}" download>copy as program</a>{{else if .NoRepro}}<span class="doc" title="{{.NoRepro}}">no program: looks from outside the target</span>{{end}}</td></tr>{{end}}</table>
{{end}}
{{if .Areas}}<h2>Scores of the area</h2>
<p class="doc">Per target: scenarios that held in behaviour, of all; below, how many fully, how many differ only in an error message's wording, how many fail in behaviour.</p>
<table><tr><th>area</th>{{range $.Targets}}<th>{{.}}</th>{{end}}</tr>
{{range .Areas}}<tr><td>{{.Name}}</td>{{range .Scores}}<td>{{.Behaving}}/{{.Total}}<div class="doc">{{.Full}} full · {{.Wording}} wording · {{.Behaviour}} behaviour</div></td>{{end}}</tr>{{end}}</table>{{end}}
<p class="doc">A scenario's program (<code>netconform repro</code>) is one CommonJS file, node:net and no dependencies: run it with <code>node</code>, <code>bun</code> or <code>deno run -A</code>; it prints ok per step, or what the step expected and what came, and exits 1 on a failure.</p>
</body></html>
`))

var indexTmpl = template.Must(template.New("index").Parse(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>netconform: the net API, proved</title>` + style + `</head><body>
<h1>netconform: the Node.js <code>net</code> API, member by member</h1>
<p>Every member of every document the suite transcribes, with the scenarios that prove it.</p>
{{if .States}}<h2>Every member in every state</h2>
<table><tr><th>class</th><th>cells</th><th>proved</th><th>unreachable</th><th>empty</th></tr>
{{range .States}}<tr><td><a href="{{.File}}"><code>{{.Class}}</code></a></td><td>{{.Cells}}</td><td>{{.Filled}}</td><td>{{.Unreachable}}</td>{{if .Empty}}<td class="missing">{{.Empty}}</td>{{else}}<td>0</td>{{end}}</tr>
{{end}}</table>{{end}}
{{if .Targets}}<h2>Scores by area</h2>
<p class="doc">Per target: scenarios that held in behaviour, of all; below, how many fully, how many differ only in an error message's wording, how many fail in behaviour.</p>
<table><tr><th>area</th>{{range .Targets}}<th>{{.}}</th>{{end}}</tr>
{{range .Areas}}<tr><td><b>{{.Name}}</b></td>{{range .Scores}}<td>{{.Behaving}}/{{.Total}}<div class="doc">{{.Full}} full · {{.Wording}} wording · {{.Behaviour}} behaviour</div></td>{{end}}</tr>{{end}}
{{range .Features}}<tr><td><code>{{.Name}}</code></td>{{range .Scores}}<td>{{.Behaving}}/{{.Total}}<div class="doc">{{.Full}} full · {{.Wording}} wording · {{.Behaviour}} behaviour</div></td>{{end}}</tr>{{end}}</table>{{end}}
{{range .Docs}}<h2>{{.Title}} <span class="doc">{{.Seed}}: {{.Covered}} of {{.Total}} members covered</span></h2>
<table><tr><th>member</th><th>kind</th><th>scenarios</th></tr>
{{$d := .}}{{range .Members}}<tr><td><a href="{{.File}}"><code>{{.ID}}</code></a></td><td>{{.Kind}}</td>{{with index $d.CoveredBy .ID}}<td>{{.}}</td>{{else}}<td class="missing">none</td>{{end}}</tr>
{{end}}</table>{{end}}
</body></html>
`))
