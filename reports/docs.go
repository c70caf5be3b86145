package reports

import (
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"sort"

	"github.com/netconform/netconform/coverage"
)

// Verdicts are one target's verdicts by scenario id ("feature :: name").
type Verdicts struct {
	Target string
	ByID   map[string]string // "pass", "expected fail", "FAIL", "UNEXPECTED PASS"
}

// memberPage is one documented member: what the documents say and the
// scenarios that prove it.
type memberPage struct {
	ID, Kind, Heading, File string
	Says                    []docSays
	Blocks                  []scenarioBlock
	Targets                 []string
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
}

type verdictCell struct{ Label, Class string }

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func pageFile(id string) string { return unsafeName.ReplaceAllString(id, "_") + ".html" }

// WriteDocsSite writes a static site to dir: an index of every document
// and its members, and a page per member with the doc sentences, the
// scenarios in plain Gherkin and, given verdicts, each target's verdict
// beside each scenario.
func WriteDocsSite(dir string, reports []coverage.Report, verdicts []Verdicts) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
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
				p.Blocks = blocks(e.Scenarios, verdicts)
			} else if len(e.Scenarios) > countRows(p.Blocks) {
				p.Blocks = blocks(e.Scenarios, verdicts)
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
	var docs []indexDoc
	for _, r := range reports {
		d := indexDoc{Title: r.Manifest.Title, Seed: r.Manifest.Seed, Covered: r.Covered(), Total: len(r.Entries), CoveredBy: map[string]int{}}
		for _, e := range r.Entries {
			d.Members = append(d.Members, pages[e.Member.ID])
			d.CoveredBy[e.Member.ID] = len(e.Scenarios)
		}
		docs = append(docs, d)
	}
	return writeTemplate(filepath.Join(dir, "index.html"), indexTmpl, docs)
}

func countRows(bs []scenarioBlock) int {
	n := 0
	for _, b := range bs {
		n += len(b.Rows)
	}
	return n
}

// blocks groups scenarios by their source (an outline's rows share one).
func blocks(scs []coverage.Scenario, verdicts []Verdicts) []scenarioBlock {
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
		row := verdictRow{Name: s.Name}
		for _, v := range verdicts {
			label := v.ByID[s.Feature+" :: "+s.Name]
			class := "skip"
			switch label {
			case "pass":
				class = "pass"
			case "expected fail":
				class = "xfail"
			case "":
				label = "not run"
			default:
				class = "fail"
			}
			row.Cells = append(row.Cells, verdictCell{label, class})
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
.pass{background:#e6f4ea}.xfail{background:#fff4d6}.fail{background:#fde2e1;font-weight:bold}.skip{color:#888}
.missing{color:#b00;font-weight:bold}.doc{color:#666;font-size:13px}
</style>`

var memberTmpl = template.Must(template.New("member").Parse(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{.ID}} · netconform</title>` + style + `</head><body>
<p><a href="index.html">netconform</a> › {{.Kind}}</p>
<h1><code>{{.Heading}}</code></h1>
{{range .Says}}<blockquote>{{.Text}}<div class="doc">— {{.Doc}}</div></blockquote>{{end}}
<h2>Scenarios</h2>
{{if not .Blocks}}<p class="missing">No scenario proves this member yet.</p>{{end}}
{{range .Blocks}}<p class="doc">features/{{.Feature}}</p><pre>{{.Source}}</pre>
{{if $.Targets}}<table><tr><th>scenario</th>{{range $.Targets}}<th>{{.}}</th>{{end}}</tr>
{{range .Rows}}<tr><td>{{.Name}}</td>{{range .Cells}}<td class="{{.Class}}">{{.Label}}</td>{{end}}</tr>{{end}}</table>{{end}}
{{end}}
</body></html>
`))

var indexTmpl = template.Must(template.New("index").Parse(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>netconform: the net API, proved</title>` + style + `</head><body>
<h1>netconform: the Node.js <code>net</code> API, member by member</h1>
<p>Every member of every document the suite transcribes, with the scenarios that prove it.</p>
{{range .}}<h2>{{.Title}} <span class="doc">{{.Seed}}: {{.Covered}} of {{.Total}} members covered</span></h2>
<table><tr><th>member</th><th>kind</th><th>scenarios</th></tr>
{{$d := .}}{{range .Members}}<tr><td><a href="{{.File}}"><code>{{.ID}}</code></a></td><td>{{.Kind}}</td>{{with index $d.CoveredBy .ID}}<td>{{.}}</td>{{else}}<td class="missing">none</td>{{end}}</tr>
{{end}}</table>{{end}}
</body></html>
`))
