package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/netconform/netconform/reports"
	"github.com/netconform/netconform/steps"
)

// driftLines are the Node.js lines drift runs by default, oldest first:
// every Node target.
const driftLines = "node010,node19,node,node22,node24,node26"

// driftDoc is drift.json: per scenario, which lines pass it.
type driftDoc struct {
	// Lines are the targets that ran, with the implementation each named.
	Lines     []driftLine     `json:"lines"`
	Scenarios []driftScenario `json:"scenarios"`
}

type driftLine struct {
	Target         string `json:"target"`
	Implementation string `json:"implementation"`
	// Skipped says why the line did not run (not installed).
	Skipped string `json:"skipped,omitempty"`
}

// driftScenario is one scenario, or one @node: variant of it (Variant
// names the tags that tell the variants of one name apart).
type driftScenario struct {
	ID      string   `json:"id"`
	Variant string   `json:"variant,omitempty"`
	Members []string `json:"members"`
	// Verdicts maps each line that ran the scenario to "pass" or "fail".
	Verdicts map[string]string `json:"verdicts"`
}

// Agree returns the lines that pass the scenario, in the order lines ran.
func (d driftScenario) Agree(lines []driftLine) []string {
	var out []string
	for _, l := range lines {
		if d.Verdicts[l.Target] == "pass" {
			out = append(out, l.Target)
		}
	}
	return out
}

// runDrift runs the whole suite, in both profiles and whatever the
// @node: tags, over every installed Node.js line, and writes per
// scenario and per member which lines pass: drift.json, drift.md, and a
// results file per line for `netconform docs --results`.
func runDrift(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("netconform drift", flag.ContinueOnError)
	fl.SetOutput(stderr)
	targets := fl.String("targets", driftLines, "the Node.js lines to compare, oldest first")
	out := fl.String("out", "reports/out/drift", "the folder to write drift.json, drift.md and one results file per line to")
	o := suiteFlags(fl)
	if err := fl.Parse(args); err != nil {
		return parseStatus(err)
	}
	if *o.node != "" || *o.tags != "" {
		fmt.Fprintln(stderr, "netconform drift: --node and --tags do not apply: drift runs every scenario on every line")
		return 2
	}
	// Every variant runs, but each line is taken for itself: under 0.10
	// the sequence steps and invariants leave out what 0.10 lacks.
	o.allVariants = true
	o.output = io.Discard
	o.format = "progress"
	if err := makeFolders(*out); err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	var doc driftDoc
	byKey := map[string]*driftScenario{}
	var resultFiles []string
	for _, t := range strings.Split(*targets, ",") {
		t = strings.TrimSpace(t)
		if _, ok := ownLines[t]; !ok {
			fmt.Fprintf(stderr, "netconform drift: %s is not a Node.js line (known: %s)\n", t, driftLines)
			return 2
		}
		line := driftLine{Target: t}
		if _, err := runtimeBinary(t); err != nil {
			line.Skipped = err.Error()
			fmt.Fprintf(stderr, "netconform drift: skipping %s: %v\n", t, err)
			doc.Lines = append(doc.Lines, line)
			continue
		}
		merged := reports.Run{Target: t, Baseline: ownLines[t] + " (every variant)"}
		for _, profile := range []string{"v19", "v0.10"} {
			p := profile
			o.profile = &p
			r, err := runSuite(t, o)
			if err != nil {
				fmt.Fprintf(stderr, "netconform drift: %s, profile %s: %v\n", t, profile, err)
				return 1
			}
			fmt.Fprintf(stderr, "netconform drift: %s (%s), profile %s: %d scenarios, %d passed\n",
				t, r.Implementation, profile, len(r.Report.Judged), countPassed(r))
			line.Implementation = r.Implementation
			merged.Implementation, merged.Profile = r.Implementation, "v19+v0.10"
			for _, j := range r.Report.Judged {
				key, variant := driftKey(j.Result)
				d := byKey[key]
				if d == nil {
					d = &driftScenario{ID: j.ID(), Variant: variant, Members: membersOf(j.Tags), Verdicts: map[string]string{}}
					byKey[key] = d
				}
				verdict := "fail"
				if j.Status == steps.Passed {
					verdict = "pass"
				}
				// A scenario of both profiles runs twice; a real runtime
				// ignores the profile, so it fails only if it failed once.
				if d.Verdicts[t] != "fail" {
					d.Verdicts[t] = verdict
				}
				if profile == "v19" || !hasResult(merged, j.ID()) {
					merged.Report.Judged = append(merged.Report.Judged, j)
				}
			}
		}
		path := filepath.Join(*out, t+".json")
		if err := writeResults(path, merged, o); err != nil {
			fmt.Fprintln(stderr, "netconform:", err)
			return 2
		}
		resultFiles = append(resultFiles, path)
		doc.Lines = append(doc.Lines, line)
	}
	for _, d := range byKey {
		doc.Scenarios = append(doc.Scenarios, *d)
	}
	sort.Slice(doc.Scenarios, func(i, j int) bool {
		a, b := doc.Scenarios[i], doc.Scenarios[j]
		return a.ID+a.Variant < b.ID+b.Variant
	})
	data, err := json.MarshalIndent(doc, "", "  ")
	if err == nil {
		err = os.WriteFile(filepath.Join(*out, "drift.json"), append(data, '\n'), 0o644)
	}
	if err == nil {
		err = os.WriteFile(filepath.Join(*out, "drift.md"), []byte(driftMarkdown(doc)), 0o644)
	}
	if err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	fmt.Fprintf(stderr, "netconform: wrote %s and %s; the docs site shows each line per member with\n  netconform docs --results %s\n",
		filepath.Join(*out, "drift.json"), filepath.Join(*out, "drift.md"), strings.Join(resultFiles, ","))
	return 0
}

func countPassed(r reports.Run) int {
	n := 0
	for _, j := range r.Report.Judged {
		if j.Status == steps.Passed {
			n++
		}
	}
	return n
}

func hasResult(r reports.Run, id string) bool {
	for _, j := range r.Report.Judged {
		if j.ID() == id {
			return true
		}
	}
	return false
}

// driftKey tells apart the @node: variants of a scenario that share its
// name (the Node.js 20 and the Node.js 22 wording of one error).
func driftKey(r steps.Result) (key, variant string) {
	var node []string
	for _, t := range r.Tags {
		if strings.HasPrefix(t, "@node:") {
			node = append(node, t)
		}
	}
	sort.Strings(node)
	variant = strings.Join(node, " ")
	return r.ID() + "\x00" + variant, variant
}

func membersOf(tags []string) []string {
	var out []string
	for _, t := range tags {
		if m, ok := strings.CutPrefix(t, "@member:"); ok {
			out = append(out, m)
		}
	}
	return out
}

// driftMarkdown writes the changelog: every scenario the lines do not all
// agree on, and per member the lines that pass all of its scenarios.
func driftMarkdown(doc driftDoc) string {
	var ran []driftLine
	var b strings.Builder
	b.WriteString("# The drift of node:net across Node.js lines\n\n| line | implementation |\n| --- | --- |\n")
	for _, l := range doc.Lines {
		impl := l.Implementation
		if l.Skipped != "" {
			impl = "not run: " + mdEscapeCell(l.Skipped)
		} else {
			ran = append(ran, l)
		}
		fmt.Fprintf(&b, "| %s | %s |\n", l.Target, impl)
	}
	header := func() {
		b.WriteString("\n| scenario | variant |")
		for _, l := range ran {
			b.WriteString(" " + l.Target + " |")
		}
		b.WriteString("\n| --- | --- |" + strings.Repeat(" --- |", len(ran)) + "\n")
	}
	b.WriteString("\n## Scenarios the lines disagree on\n\nA scenario a line does not run (its profile or a missing feature) is \"-\".\n")
	header()
	n := 0
	for _, d := range doc.Scenarios {
		if len(d.Agree(ran)) == len(d.Verdicts) && len(d.Verdicts) == len(ran) {
			continue
		}
		n++
		fmt.Fprintf(&b, "| %s | %s |", mdEscapeCell(d.ID), d.Variant)
		for _, l := range ran {
			v := d.Verdicts[l.Target]
			if v == "" {
				v = "-"
			}
			b.WriteString(" " + v + " |")
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\n%d of %d scenarios (and variants) are not passed by every line.\n", n, len(doc.Scenarios))
	// Per member: the lines that pass every scenario naming it.
	type tally struct{ pass, ran map[string]int }
	members := map[string]*tally{}
	for _, d := range doc.Scenarios {
		for _, m := range d.Members {
			t := members[m]
			if t == nil {
				t = &tally{map[string]int{}, map[string]int{}}
				members[m] = t
			}
			for line, v := range d.Verdicts {
				t.ran[line]++
				if v == "pass" {
					t.pass[line]++
				}
			}
		}
	}
	var ids []string
	for m := range members {
		ids = append(ids, m)
	}
	sort.Strings(ids)
	b.WriteString("\n## Per member: scenarios passed of those run\n")
	b.WriteString("\n| member |")
	for _, l := range ran {
		b.WriteString(" " + l.Target + " |")
	}
	b.WriteString("\n| --- |" + strings.Repeat(" --- |", len(ran)) + "\n")
	for _, m := range ids {
		t := members[m]
		fmt.Fprintf(&b, "| %s |", m)
		for _, l := range ran {
			fmt.Fprintf(&b, " %d/%d |", t.pass[l.Target], t.ran[l.Target])
		}
		b.WriteString("\n")
	}
	return b.String()
}

func mdEscapeCell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ")
}
