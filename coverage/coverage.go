// Package coverage ties the features to the documents they transcribe:
// a manifest per source document lists every member it documents
// (coverage/manifests/*.yaml), every scenario names the members it
// proves with @member: tags, and this package reports, per document,
// which scenarios cover each member, and lints the features.
package coverage

import (
	"bytes"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/netconform/netconform/steps"

	gherkin "github.com/cucumber/gherkin/go/v26"
	messages "github.com/cucumber/messages/go/v21"
	"gopkg.in/yaml.v3"
)

//go:embed manifests
var manifestFS embed.FS

// Member is one documented class, function, method, property, event,
// option, signature or example program.
type Member struct {
	ID      string `yaml:"id"`
	Kind    string `yaml:"kind"`
	Heading string `yaml:"heading"`
	Says    string `yaml:"says"`
}

// Manifest lists the members of one source document.
type Manifest struct {
	File    string   `yaml:"-"`
	Seed    string   `yaml:"seed"`
	Title   string   `yaml:"title"`
	Profile string   `yaml:"profile"` // v19 or v0.10: which profile's scenarios prove it
	Members []Member `yaml:"members"`
}

// Manifests returns the embedded manifests, in file order.
func Manifests() ([]Manifest, error) {
	entries, err := fs.ReadDir(manifestFS, "manifests")
	if err != nil {
		return nil, err
	}
	var out []Manifest
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		data, err := manifestFS.ReadFile("manifests/" + e.Name())
		if err != nil {
			return nil, err
		}
		var m Manifest
		dec := yaml.NewDecoder(strings.NewReader(string(data)))
		dec.KnownFields(true)
		if err := dec.Decode(&m); err != nil {
			return nil, fmt.Errorf("manifest %s: %w", e.Name(), err)
		}
		m.File = e.Name()
		if m.Profile != "v19" && m.Profile != "v0.10" {
			return nil, fmt.Errorf("manifest %s: profile %q (want v19 or v0.10)", e.Name(), m.Profile)
		}
		seen := map[string]bool{}
		for _, mem := range m.Members {
			if mem.ID == "" || seen[mem.ID] {
				return nil, fmt.Errorf("manifest %s: member id %q is empty or listed twice", e.Name(), mem.ID)
			}
			seen[mem.ID] = true
		}
		out = append(out, m)
	}
	return out, nil
}

// Scenario is one scenario (an outline's row counts as one) with the
// members it proves.
type Scenario struct {
	Feature string
	Name    string
	Line    int64  // of the Scenario (or Scenario Outline) keyword
	Source  string // the scenario's Gherkin text, with its tags and examples
	Members []string
	Tags    []string
	// Steps are the steps as godog runs them: background first, outline
	// values filled in.
	Steps []Step
}

// Step is one step of a scenario: Given, When or Then (an And or But
// takes its predecessor's), and its text without the keyword.
type Step struct {
	Keyword, Text string
}

// Feature is one feature file as the lint sees it.
type Feature struct {
	Path        string
	Name        string
	Description string
	Scenarios   []Scenario
	Doc         *messages.GherkinDocument
}

// LoadFeatures parses every .feature file of fsys.
func LoadFeatures(fsys fs.FS) ([]Feature, error) {
	var out []Feature
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".feature" {
			return err
		}
		f, err := fsys.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		data, err := io.ReadAll(f)
		if err != nil {
			return err
		}
		ids := 0
		newID := func() string { ids++; return fmt.Sprint(ids) }
		doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(data), newID)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		sources := scenarioSources(doc, strings.Split(string(data), "\n"))
		ft := Feature{Path: p, Doc: doc}
		if doc.Feature != nil {
			ft.Name, ft.Description = doc.Feature.Name, doc.Feature.Description
		}
		for _, pk := range gherkin.Pickles(*doc, p, newID) {
			sc := Scenario{Feature: p, Name: pk.Name}
			if len(pk.AstNodeIds) > 0 {
				if src, ok := sources[pk.AstNodeIds[0]]; ok {
					sc.Line, sc.Source = src.line, src.text
				}
			}
			kw := "Given"
			for _, st := range pk.Steps {
				switch st.Type {
				case messages.PickleStepType_ACTION:
					kw = "When"
				case messages.PickleStepType_OUTCOME:
					kw = "Then"
				case messages.PickleStepType_CONTEXT:
					kw = "Given"
				}
				sc.Steps = append(sc.Steps, Step{Keyword: kw, Text: st.Text})
			}
			for _, t := range pk.Tags {
				sc.Tags = append(sc.Tags, t.Name)
				if m, ok := strings.CutPrefix(t.Name, "@member:"); ok {
					sc.Members = append(sc.Members, m)
				}
			}
			ft.Scenarios = append(ft.Scenarios, sc)
		}
		out = append(out, ft)
		return nil
	})
	return out, err
}

type source struct {
	line int64
	text string
}

// scenarioSources maps each scenario's AST id to its text: from its
// first tag to the line before the next scenario, rule or end of file.
func scenarioSources(doc *messages.GherkinDocument, lines []string) map[string]source {
	out := map[string]source{}
	if doc.Feature == nil {
		return out
	}
	type span struct {
		id          string
		start, line int64
	}
	var spans []span
	var ruleStarts []int64
	add := func(sc *messages.Scenario) {
		start := sc.Location.Line
		for _, t := range sc.Tags {
			if t.Location.Line < start {
				start = t.Location.Line
			}
		}
		spans = append(spans, span{sc.Id, start, sc.Location.Line})
	}
	for _, c := range doc.Feature.Children {
		switch {
		case c.Scenario != nil:
			add(c.Scenario)
		case c.Rule != nil:
			ruleStarts = append(ruleStarts, c.Rule.Location.Line)
			for _, rc := range c.Rule.Children {
				if rc.Scenario != nil {
					add(rc.Scenario)
				}
			}
		}
	}
	for i, sp := range spans {
		end := int64(len(lines)) + 1
		if i+1 < len(spans) {
			end = spans[i+1].start
		}
		for _, r := range ruleStarts {
			if r > sp.line && r < end {
				end = r
			}
		}
		block := lines[sp.start-1 : end-1]
		for len(block) > 0 && strings.TrimSpace(block[len(block)-1]) == "" {
			block = block[:len(block)-1]
		}
		out[sp.id] = source{sp.line, dedent(block)}
	}
	return out
}

func dedent(block []string) string {
	min := -1
	for _, l := range block {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if min < 0 || n < min {
			min = n
		}
	}
	for i, l := range block {
		if len(l) >= min && min > 0 {
			block[i] = l[min:]
		}
	}
	return strings.Join(block, "\n")
}

var attribution = regexp.MustCompile(`(?m)^\s*-- .*\bseeds? \d{3}`)

// Lint returns every problem of the features: a scenario with no
// @member tag or with a member no manifest lists, a feature whose
// description quotes no document sentence with its seed.
func Lint(features []Feature, manifests []Manifest) []string {
	known := map[string]bool{}
	for _, m := range manifests {
		for _, mem := range m.Members {
			known[mem.ID] = true
		}
	}
	var problems []string
	for _, f := range features {
		if !strings.Contains(f.Description, "> ") || !attribution.MatchString(f.Description) {
			problems = append(problems, fmt.Sprintf("%s: the description quotes no doc sentence (\"> ...\" then \"-- ... (seed NNN) ...\")", f.Path))
		}
		named := map[string][]Scenario{}
		for _, s := range f.Scenarios {
			for _, t := range s.Tags {
				if _, _, err := steps.ParseNodeTag(t); err != nil {
					problems = append(problems, fmt.Sprintf("%s: scenario %q: %v", f.Path, s.Name, err))
				}
			}
			// One name may serve two scenarios that no baseline runs
			// together (the Node.js 20 and the Node.js 22 wording of one
			// error): a run tells its scenarios apart by name.
			for _, other := range named[s.Name] {
				if line := sharedLine(other.Tags, s.Tags); line != "" {
					problems = append(problems, fmt.Sprintf("%s: more than one scenario is named %q under baseline Node %s (an outline's name needs a <placeholder> that differs per row): results and expectations tell scenarios apart by name", f.Path, s.Name, line))
					break
				}
			}
			named[s.Name] = append(named[s.Name], s)
			if len(s.Members) == 0 {
				problems = append(problems, fmt.Sprintf("%s: scenario %q has no @member: tag", f.Path, s.Name))
			}
			for _, m := range s.Members {
				if !known[m] {
					problems = append(problems, fmt.Sprintf("%s: scenario %q names @member:%s, which no manifest lists", f.Path, s.Name, m))
				}
			}
		}
	}
	sort.Strings(problems)
	return problems
}

// Entry is one member of a document with the scenarios that cover it.
type Entry struct {
	Member    Member
	Scenarios []Scenario
}

// Report is the coverage of one document.
type Report struct {
	Manifest Manifest
	Entries  []Entry
}

// Covered returns how many members have at least one scenario.
func (r Report) Covered() int {
	n := 0
	for _, e := range r.Entries {
		if len(e.Scenarios) > 0 {
			n++
		}
	}
	return n
}

// Compute returns the coverage of every manifest by the features.
// Profile-tagged scenarios count for the documents of their profile
// only: a v19 scenario does not cover a v0.10 document's member.
func Compute(features []Feature, manifests []Manifest) []Report {
	by := map[string][]Scenario{}
	for _, f := range features {
		for _, s := range f.Scenarios {
			for _, m := range s.Members {
				by[m] = append(by[m], s)
			}
		}
	}
	var out []Report
	for _, m := range manifests {
		r := Report{Manifest: m}
		for _, mem := range m.Members {
			var cov []Scenario
			for _, s := range by[mem.ID] {
				if appliesTo(s, m) {
					cov = append(cov, s)
				}
			}
			r.Entries = append(r.Entries, Entry{Member: mem, Scenarios: cov})
		}
		out = append(out, r)
	}
	return out
}

// appliesTo reports whether a scenario holds for the document's
// profile: untagged scenarios hold for both.
func appliesTo(s Scenario, m Manifest) bool {
	for _, t := range s.Tags {
		if p, ok := strings.CutPrefix(t, "@profile:"); ok && p != m.Profile {
			return false
		}
	}
	return true
}

// sharedLine returns a Node.js line whose baseline selects both
// scenarios, by their @node: tags, or "" if none does.
func sharedLine(a, b []string) string {
	for _, line := range steps.NodeLines {
		if admitsLine(a, line) && admitsLine(b, line) {
			return line
		}
	}
	return ""
}

// admitsLine reports whether every @node: tag of tags admits line.
func admitsLine(tags []string, line string) bool {
	for _, t := range tags {
		if admits, ok, err := steps.ParseNodeTag(t); ok && err == nil && !admits(line) {
			return false
		}
	}
	return true
}
