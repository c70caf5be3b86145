package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/netconform/netconform/coverage"
	"github.com/netconform/netconform/expectations"
	"github.com/netconform/netconform/steps"
)

// reproEveryOne is set by `make repro-check`: every program, not a sample.
var reproEveryOne = os.Getenv("NETCONFORM_REPRO_ALL") != ""

// programRun is what a repro program did under a runtime.
type programRun struct {
	code   int
	notOK  string // the step of its first "not ok" line
	output string
}

func runProgram(argv []string, prog string) (programRun, error) {
	dir, err := os.MkdirTemp("", "netconform-repro-")
	if err != nil {
		return programRun{}, err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "repro.cjs")
	if err := os.WriteFile(file, []byte(prog), 0o644); err != nil {
		return programRun{}, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], append(argv[1:], file)...)
	cmd.Dir = dir
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	r := programRun{output: string(out)}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		return r, err
	}
	// The first failure in behaviour: a "not ok" whose text does not say
	// "(wording only)" on its next line.
	lines := strings.Split(r.output, "\n")
	for i, l := range lines {
		if s, ok := strings.CutPrefix(l, "not ok "); ok && !(i+1 < len(lines) && strings.HasSuffix(lines[i+1], "(wording only)")) {
			r.notOK = s
			break
		}
	}
	return r, nil
}

// parallel runs f on every item, a few at a time.
func parallel[T any](items []T, f func(T)) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, 3)
	for _, it := range items {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			f(it)
		}()
	}
	wg.Wait()
}

// TestReproPassesOnNode: every scenario of the suite is a program, or
// says which of its steps cannot be one; the programs pass under the
// Node.js on PATH (Node 20), as the scenarios do. make test runs the
// first scenario of every feature file; make repro-check runs all.
func TestReproPassesOnNode(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node on PATH")
	}
	// The variants of the line of the Node on PATH.
	line, err := nodeLine(node)
	if err != nil {
		t.Fatal(err)
	}
	scenarios, err := reproScenarios("v19", line)
	if err != nil {
		t.Fatal(err)
	}
	var sample []coverage.Scenario
	progs := map[string]string{}
	seen := map[string]bool{}
	cannot := 0
	fullQueue := 0
	for _, sc := range scenarios {
		prog, err := reproOf(sc)
		var cr *steps.CannotRepro
		switch {
		case errors.As(err, &cr) && strings.HasPrefix(cr.Step, "a listener whose accept queue is full"):
			// The later tick of connecting: node:net cannot make a
			// listener that does not accept.
			fullQueue++
			continue
		case errors.As(err, &cr):
			cannot++
			continue
		case err != nil:
			t.Errorf("%s :: %s: %v", sc.Feature, sc.Name, err)
			continue
		}
		id := sc.Feature + " :: " + sc.Name
		progs[id] = prog
		if reproEveryOne || !seen[sc.Feature] {
			sample = append(sample, sc)
			seen[sc.Feature] = true
		}
	}
	if cannot == 0 || cannot > 20 {
		t.Errorf("%d scenarios cannot be a program; want the few that look from outside the target", cannot)
	}
	if fullQueue == 0 || fullQueue > 40 {
		t.Errorf("%d scenarios connect to a full accept queue; want those of the connecting state's later tick", fullQueue)
	}
	t.Logf("%d programs, %d scenarios cannot be one, %d more connect to a full accept queue; running %d under %s", len(progs), cannot, fullQueue, len(sample), node)
	parallel(sample, func(sc coverage.Scenario) {
		id := sc.Feature + " :: " + sc.Name
		r, err := runProgram([]string{node}, progs[id])
		if err != nil {
			t.Errorf("%s: %v", id, err)
			return
		}
		if r.code != 0 || r.notOK != "" || !strings.Contains(r.output, "\nok ") {
			t.Errorf("%s: the program fails under Node (exit %d):\n%s", id, r.code, r.output)
		}
	})
}

// TestReproFailsWhereTargetsFail: for the behaviour failures that Bun's
// and Deno's expectations list, the scenario's program fails under that
// runtime, at the step at which the suite failed it. make test checks
// four of each, spread over the list; make repro-check all.
func TestReproFailsWhereTargetsFail(t *testing.T) {
	for _, target := range []string{"bun", "deno"} {
		t.Run(target, func(t *testing.T) {
			bin, err := runtimeBinary(target)
			if err != nil {
				t.Skipf("no %s: %v (make runtimes installs it)", target, err)
			}
			argv := []string{bin}
			if target == "deno" {
				argv = []string{bin, "run", "-A"}
			}
			checkReproFailures(t, target, argv)
		})
	}
}

func checkReproFailures(t *testing.T, target string, argv []string) {
	expect, err := expectations.Load(target, "")
	if err != nil {
		t.Fatal(err)
	}
	// Bun and Deno are judged under the default baseline.
	scenarios, err := reproScenarios("v19", steps.DefaultBaseline)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]coverage.Scenario{}
	for _, sc := range scenarios {
		byID[sc.Feature+" :: "+sc.Name] = sc
	}
	// The behaviour failures to check, and the feature files and lines
	// to run the suite on to learn at which step each fails.
	var ids, paths []string
	for _, e := range expect.Failing {
		sc, ok := byID[e.Scenario]
		if e.WordingOnly() || !ok {
			continue
		}
		if _, err := reproOf(sc); err != nil {
			continue // it cannot be a program: TestReproPassesOnNode counts those
		}
		ids = append(ids, e.Scenario)
		paths = append(paths, fmt.Sprintf("features/%s:%d", sc.Feature, sc.Line))
	}
	if !reproEveryOne && len(ids) > 4 {
		// A sample across the list, which is sorted by feature: the
		// first, two between, the last.
		pick := func(xs []string) []string {
			n := len(xs) - 1
			return []string{xs[0], xs[n/3], xs[2*n/3], xs[n]}
		}
		ids, paths = pick(ids), pick(paths)
	}
	results := filepath.Join(t.TempDir(), "results.json")
	args := append([]string{"--target", target, "--concurrency", "2", "--format", "progress:" + os.DevNull, "--results", results}, paths...)
	if reproEveryOne {
		args = args[:len(args)-len(paths)]
	}
	runCLI(args...)
	var doc struct {
		Scenarios []struct {
			steps.Result
			Verdict string
		}
	}
	data, err := os.ReadFile(results)
	if err == nil {
		err = json.Unmarshal(data, &doc)
	}
	if err != nil {
		t.Fatalf("the suite's results under %s: %v", target, err)
	}
	failedAt := map[string]string{}
	var invariantsOnly []string
	for _, s := range doc.Scenarios {
		if s.Status != steps.Failed || s.Level != steps.LevelBehaviour {
			continue
		}
		if s.Step == "after the scenario" && strings.Contains(s.Message, "lifecycle invariants") {
			// The runner checks the lifecycle invariants on the whole
			// event log once a scenario ends; a program does not.
			invariantsOnly = append(invariantsOnly, s.ID())
			continue
		}
		failedAt[s.ID()] = s.Step
	}
	if len(invariantsOnly) > 0 {
		t.Logf("%d behaviour failures of %s break only a lifecycle invariant, which a program does not check: %s",
			len(invariantsOnly), target, strings.Join(invariantsOnly, "; "))
		skip := map[string]bool{}
		for _, id := range invariantsOnly {
			skip[id] = true
		}
		kept := ids[:0]
		for _, id := range ids {
			if !skip[id] {
				kept = append(kept, id)
			}
		}
		ids = kept
	}
	t.Logf("checking %d behaviour failures of %s as programs", len(ids), target)
	parallel(ids, func(id string) {
		step, ok := failedAt[id]
		if !ok {
			t.Errorf("%s: listed as failing under %s in behaviour, but the suite did not fail it so", id, target)
			return
		}
		prog, _ := reproOf(byID[id])
		r, err := runProgram(argv, prog)
		switch {
		case err != nil:
			t.Errorf("%s: %v", id, err)
		case r.code == 0:
			t.Errorf("%s: the program passes under %s, where the suite fails it at %q:\n%s", id, target, step, r.output)
		case r.notOK != step:
			t.Errorf("%s: the program fails under %s at %q, the suite at %q:\n%s", id, target, r.notOK, step, r.output)
		}
	})
}

// TestReproProgramFails: a program prints what the suite prints when a
// check fails, goes on past a wording difference, and exits 1.
func TestReproProgramFails(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node on PATH")
	}
	prog, err := steps.Repro("x.feature", "wrong on purpose", []steps.ReproStep{
		{Keyword: "When", Text: `I call new net.SocketAddress({family: "IPV4"})`},
		{Keyword: "Then", Text: `it throws ERR_INVALID_ADDRESS with message "Invalid socket address!"`},
		{Keyword: "When", Text: `I call net.isIP("1.2.3.4")`},
		{Keyword: "Then", Text: "it returns 6"},
		{Keyword: "Then", Text: "it returns 4"},
	})
	if err != nil {
		t.Fatal(err)
	}
	r, err := runProgram([]string{node}, prog)
	if err != nil {
		t.Fatal(err)
	}
	if r.code != 1 || r.notOK != "it returns 6" {
		t.Errorf("exit %d, first behaviour failure at %q:\n%s", r.code, r.notOK, r.output)
	}
	if !strings.Contains(r.output, "not ok it throws ERR_INVALID_ADDRESS with message \"Invalid socket address!\"\n") {
		t.Errorf("the wording difference is not reported:\n%s", r.output)
	}
	for _, want := range []string{
		`new net.SocketAddress({ family: "IPV4" }) (wording only)`,
		`  expected: throws ERR_INVALID_ADDRESS with message "Invalid socket address!"`,
		`  got:      threw Error [ERR_INVALID_ADDRESS]: Invalid socket address`,
		"ok I call net.isIP(\"1.2.3.4\")",
		"not ok it returns 6\nnet.isIP(\"1.2.3.4\")\n  expected: returns 6\n  got:      returned 4\n  events of the scenario:",
	} {
		if !strings.Contains(r.output, want) {
			t.Errorf("the output lacks %q:\n%s", want, r.output)
		}
	}
	if strings.Contains(r.output, "\nok it throws") {
		t.Errorf("a step that differed in wording is also ok:\n%s", r.output)
	}
	if strings.Contains(r.output, "ok it returns 4") {
		t.Errorf("the program went on past a behaviour failure:\n%s", r.output)
	}
}
