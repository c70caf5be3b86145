package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/netconform/netconform/coverage"
	"github.com/netconform/netconform/reports"
	"github.com/netconform/netconform/steps"
)

// runRepro writes a scenario as a standalone CommonJS program, or, with
// --all DIR, every scenario of the profile into DIR.
func runRepro(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("netconform repro", flag.ContinueOnError)
	fl.SetOutput(stderr)
	all := fl.String("all", "", "write one program per scenario into this folder, and name those that cannot be one")
	out := fl.String("o", "", "write the program to this file instead of standard output")
	profile := fl.String("profile", "v19", "the profile whose scenarios to write: v19 or v0.10")
	node := fl.String("node", steps.DefaultBaseline, "the Node.js line whose variant of a scenario to write, where the lines differ: "+strings.Join(steps.NodeLines, ", "))
	fl.Usage = func() {
		fmt.Fprintln(stderr, `usage: netconform repro [-o FILE] "<scenario name>" | "<feature> :: <scenario name>"
       netconform repro --all DIR`)
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return parseStatus(err)
	}
	scenarios, err := reproScenarios(*profile, *node)
	if err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	if *all != "" {
		if fl.NArg() > 0 {
			fmt.Fprintln(stderr, "netconform: repro --all takes no scenario name")
			return 2
		}
		return reproAll(*all, scenarios, stderr)
	}
	if fl.NArg() != 1 {
		fl.Usage()
		return 2
	}
	sc, err := findScenario(scenarios, fl.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	prog, err := reproOf(sc)
	if err != nil {
		fmt.Fprintf(stderr, "netconform: %s :: %s: %v\n", sc.Feature, sc.Name, err)
		return 1
	}
	if *out == "" {
		_, err = io.WriteString(stdout, prog)
	} else {
		err = os.WriteFile(*out, []byte(prog), 0o644)
	}
	if err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	return 0
}

// reproScenarios are the scenarios a run of the profile would run.
func reproScenarios(profile, baseline string) ([]coverage.Scenario, error) {
	expr, err := steps.SelectionFor(profile, baseline, "")
	if err != nil {
		return nil, err
	}
	fs, _, err := loadDocs()
	if err != nil {
		return nil, err
	}
	var out []coverage.Scenario
	for _, f := range fs {
		for _, s := range f.Scenarios {
			if steps.MatchTags(expr, s.Tags) {
				out = append(out, s)
			}
		}
	}
	return out, nil
}

// findScenario finds a scenario by its name or by "feature :: name".
func findScenario(scenarios []coverage.Scenario, name string) (coverage.Scenario, error) {
	var found []coverage.Scenario
	for _, s := range scenarios {
		if s.Name == name || s.Feature+" :: "+s.Name == name {
			found = append(found, s)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return coverage.Scenario{}, fmt.Errorf("no scenario named %q (netconform --dry-run lists them)", name)
	}
	var ids []string
	for _, s := range found {
		ids = append(ids, s.Feature+" :: "+s.Name)
	}
	return coverage.Scenario{}, fmt.Errorf("%d scenarios are named %q; name one as \"<feature> :: <name>\": %s", len(found), name, strings.Join(ids, "; "))
}

func reproOf(sc coverage.Scenario) (string, error) {
	st := make([]steps.ReproStep, len(sc.Steps))
	for i, s := range sc.Steps {
		st[i] = steps.ReproStep{Keyword: s.Keyword, Text: s.Text}
	}
	return steps.Repro(sc.Feature, sc.Name, st)
}

// reproAll writes every scenario's program into dir, with index.txt
// mapping files to scenarios and cannot.txt naming those that cannot be
// a program and why.
func reproAll(dir string, scenarios []coverage.Scenario, stderr io.Writer) int {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	var index, cannot []string
	used := map[string]int{}
	for _, sc := range scenarios {
		prog, err := reproOf(sc)
		var cr *steps.CannotRepro
		switch {
		case errors.As(err, &cr):
			cannot = append(cannot, fmt.Sprintf("%s :: %s\t%v", sc.Feature, sc.Name, err))
			continue
		case err != nil:
			fmt.Fprintf(stderr, "netconform: %s :: %s: %v\n", sc.Feature, sc.Name, err)
			return 1
		}
		file := reports.ReproFile(sc.Feature, sc.Name)
		for n := 2; used[file] > 0; n++ {
			file = strings.TrimSuffix(reports.ReproFile(sc.Feature, sc.Name), ".cjs") + fmt.Sprintf("-%d.cjs", n)
		}
		used[file]++
		if err := os.WriteFile(filepath.Join(dir, file), []byte(prog), 0o644); err != nil {
			fmt.Fprintln(stderr, "netconform:", err)
			return 2
		}
		index = append(index, file+"\t"+sc.Feature+" :: "+sc.Name)
	}
	sort.Strings(index)
	sort.Strings(cannot)
	write := func(name string, lines []string) error {
		return os.WriteFile(filepath.Join(dir, name), []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	}
	if err := errors.Join(write("index.txt", index), write("cannot.txt", cannot)); err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	fmt.Fprintf(stderr, "netconform: wrote %d programs to %s (index.txt); %d scenarios cannot be a program (cannot.txt)\n", len(index), dir, len(cannot))
	for _, c := range cannot {
		fmt.Fprintln(stderr, "  cannot:", c)
	}
	return 0
}
