// Command netconform runs the netconform features against an
// implementation of node:net and reports the verdicts.
//
//	netconform [--target reference] [--profile v19|v0.10] [--tags EXPR]
//	           [--format progress,cucumber:reports/out/cucumber.json,junit:reports/out/junit.xml]
//	           [--concurrency N] [--timeout 5s] [--expectations FILE] [--results FILE] [paths...]
//	netconform matrix --targets reference,node,node22,bun,deno [--out reports/out]
//
// It exits 0 when every scenario passed, 1 when one failed, and 2 on bad
// usage.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/netconform/netconform/coverage"
	"github.com/netconform/netconform/expectations"
	"github.com/netconform/netconform/features"
	"github.com/netconform/netconform/protocol"
	"github.com/netconform/netconform/reports"
	"github.com/netconform/netconform/steps"
	"github.com/netconform/netconform/steps/drivertarget"
	"github.com/netconform/netconform/steps/reftarget"
)

func main() {
	if len(os.Args) == 2 && os.Args[1] == serveReferenceArg {
		impl := protocol.Implementation{Name: "netconform-reference", Version: runtime.Version()}
		if err := drivertarget.Serve(reftarget.ServeInherited(), impl, os.Stdin, os.Stdout, os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, "netconform:", err)
			os.Exit(1)
		}
		return
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if code, done := runHabits(args, stdout, stderr); done {
		return code
	}
	if len(args) > 0 && args[0] == "matrix" {
		return runMatrix(args[1:], stderr)
	}
	if len(args) > 0 && args[0] == "docs" {
		return runDocs(args[1:], stderr)
	}
	if len(args) > 0 && args[0] == "coverage" {
		return runCoverage(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "drift" {
		return runDrift(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "repro" {
		return runRepro(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "mutants" {
		return runMutants(args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "check-driver" {
		return runCheckDriver(args[1:], stdout, stderr)
	}
	fl := flag.NewFlagSet("netconform", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() { usage(fl, "") }
	target := fl.String("target", "reference", "the implementation to check: "+targetList)
	o := suiteFlags(fl)
	format := fl.String("format", "progress", "formats, comma-separated; a file per format with name:path (pretty, progress, cucumber, junit, events)")
	expectFile := fl.String("expectations", "", "the target's known failures (default: the built-in expectations/<target>.yaml)")
	resultsFile := fl.String("results", "", "write every scenario's verdict as JSON to this file")
	repeat := fl.Int("repeat", 1, "run the suite N times and report every scenario whose verdict changed")
	dryRun := fl.Bool("dry-run", false, "list the scenarios the selection would run, with their tags, and run nothing")
	name := fl.String("name", "", "the target's name in reports and the target: its expectations must name (default: --target; give one to a cmd: target)")
	updateFile := fl.String("update-expectations", "", "write the run's failures to this expectations file for review (entries keep their reasons; new ones have none)")
	shard := fl.String("shard", "", "run only shard i of n (\"i/n\", 1 <= i <= n), the same scenarios on every machine")
	if err := fl.Parse(args); err != nil {
		return parseStatus(err)
	}
	if err := o.setShard(*shard); err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	o.name, o.updateFile, o.stdout = *name, *updateFile, stdout
	if *repeat < 1 {
		fmt.Fprintln(stderr, "netconform: --repeat must be at least 1")
		return 2
	}
	if err := o.check(stderr); err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	outs := &outputs{}
	defer outs.discard()
	fmtSpec, junitPaths, err := splitJUnit(*format)
	if err == nil && fmtSpec != "" {
		fmtSpec, err = prepareFormats(fmtSpec, outs)
	}
	for _, p := range junitPaths {
		if err != nil {
			break
		}
		tmp := "" // standard output
		if p != "" {
			tmp, err = outs.add("junit", p)
		}
		o.junit = append(o.junit, tmp)
	}
	if err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	resultsPath := ""
	if *resultsFile != "" {
		if resultsPath, err = outs.add("--results", *resultsFile); err != nil {
			fmt.Fprintln(stderr, "netconform:", err)
			return 2
		}
	}
	var paths []string
	for _, p := range fl.Args() {
		// Paths are inside the embedded features; accept them as written
		// from the checkout too.
		paths = append(paths, strings.TrimPrefix(filepath.ToSlash(p), "features/"))
	}
	o.format, o.output, o.paths, o.expectFile, o.target = fmtSpec, stdout, paths, *expectFile, *target
	if fmtSpec == "" {
		o.output = io.Discard // only junit was asked for
	}
	if *dryRun {
		return listSelection(o, stdout, stderr)
	}
	sigs := watchSignals()
	defer sigs.stop()
	sigs.onForce(outs.discard)
	o.signals = sigs
	if *repeat > 1 {
		return runRepeat(*target, o, *repeat, outs, resultsPath, stderr)
	}
	r, err := runSuite(*target, o)
	if err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	return finish(r, o, outs, resultsPath, stderr)
}

// finish writes the reports of a run, prints its summary and returns
// the exit status.
func finish(r reports.Run, o suiteOptions, outs *outputs, resultsPath string, stderr io.Writer) int {
	status := 0
	if resultsPath != "" {
		if err := writeResults(resultsPath, r, o); err != nil {
			fmt.Fprintln(stderr, "netconform:", err)
			status = 2
		}
	}
	if err := writeJUnit(r, o.junit, o.stdout); err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		status = 2
	}
	if err := outs.commit(); err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		status = 2
	}
	if o.updateFile != "" && status == 0 {
		if err := updateExpectations(o.updateFile, r); err != nil {
			fmt.Fprintln(stderr, "netconform:", err)
			status = 2
		} else {
			fmt.Fprintf(stderr, "netconform: wrote %s: review it, and give each new entry its reason\n", o.updateFile)
		}
	}
	printSummary(stderr, r)
	o.printSeeds(stderr)
	switch {
	case o.signals.interrupted() != nil:
		fmt.Fprintf(stderr, "netconform: interrupted by %s: the reports hold the scenarios that ran\n", o.signals.interrupted())
		return o.signals.status()
	case status != 0:
		return status
	case r.Err != "":
		fmt.Fprintln(stderr, "netconform:", r.Err)
		return 1
	case len(r.Report.Judged) == 0:
		fmt.Fprintln(stderr, "netconform: no scenario ran")
		return 1
	case !r.Report.OK():
		return 1
	}
	return 0
}

// suiteOptions are the options every run of the suite takes.
type suiteOptions struct {
	profile, tags *string
	node          *string // the baseline; "" is the target's own line
	allVariants   bool    // run every @node: variant (drift)
	target        string  // the single run's target, for --dry-run
	concurrency   *int
	timeout       *time.Duration
	random        *int64
	wording       *string
	failFast      *bool
	format        string
	output        io.Writer
	paths         []string
	expectFile    string
	// name is the target's name in reports and expectations (default:
	// the target).
	name string
	// shardSpec is --shard ("i/n"), shard its test; nil runs everything.
	shardSpec string
	shard     func(id string) bool
	seed      *int64
	signals   *interrupts
	// junit are the files JUnit reports go to ("" for standard output),
	// stdout that output; updateFile is --update-expectations.
	junit      []string
	stdout     io.Writer
	updateFile string
}

// check refuses bounds that cannot work, draws the seeds a run was not
// given, and warns of a concurrency the machine cannot keep up with.
func (o suiteOptions) check(stderr io.Writer) error {
	if *o.timeout <= 0 {
		return fmt.Errorf("--timeout must be more than 0, not %s", *o.timeout)
	}
	if *o.concurrency <= 0 {
		return fmt.Errorf("--concurrency must be at least 1, not %d", *o.concurrency)
	}
	if cores := runtime.NumCPU(); *o.concurrency > 8*cores {
		fmt.Fprintf(stderr, "netconform: warning: --concurrency %d on %d cores: scenarios will miss their %s bounds and fail for want of CPU, not for what the target does\n",
			*o.concurrency, cores, *o.timeout)
	}
	if *o.seed == 0 {
		*o.seed = rand.Int64N(1<<53) + 1
	}
	if *o.random == -1 {
		*o.random = rand.Int64N(1<<53) + 1
	}
	return nil
}

// printSeeds says how to repeat the run's names, data and order.
func (o suiteOptions) printSeeds(w io.Writer) {
	fmt.Fprintf(w, "netconform: seed %d (--seed %d repeats the names and data of this run)", *o.seed, *o.seed)
	if *o.random > 0 {
		fmt.Fprintf(w, ", order --random %d", *o.random)
	}
	fmt.Fprintln(w)
}

func suiteFlags(fl *flag.FlagSet) suiteOptions {
	return suiteOptions{
		profile:     fl.String("profile", "v19", "the documented version to hold it to: v19 or v0.10"),
		node:        fl.String("node", "", "the Node.js line to expect where the docs are silent: "+strings.Join(steps.NodeLines, ", ")+" (default: a Node target's own line, else "+steps.DefaultBaseline+")"),
		tags:        fl.String("tags", "", `run only scenarios matching this tag expression, e.g. "@area:server && ~@os:linux"`),
		concurrency: fl.Int("concurrency", 1, "scenarios run at once (one driver process each)"),
		timeout:     fl.Duration("timeout", steps.DefaultTimeout, "bound of every wait of a step"),
		random:      fl.Int64("random", 0, "run scenarios in a random order from this seed (-1: a new seed)"),
		wording:     fl.String("wording", "count", `whether an error message's text counts towards the verdict: "count", or "ignore" to judge behaviour alone`),
		failFast:    fl.Bool("fail-fast", false, "stop scheduling scenarios after the first failure, expected or not (for mutation runs)"),
		seed:        fl.Int64("seed", 0, "the seed of the names and data that vary from run to run (0: a new seed, printed with the summary)"),
	}
}

// ignoreWording reads --wording.
func (o suiteOptions) ignoreWording() (bool, error) {
	switch *o.wording {
	case "count", "":
		return false, nil
	case "ignore":
		return true, nil
	}
	return false, fmt.Errorf("--wording %q: want count or ignore", *o.wording)
}

// runSuite runs the features against one target and judges the results
// against its expectations.
func runSuite(target string, o suiteOptions) (reports.Run, error) {
	name := o.name
	if name == "" {
		name = target
	}
	run := reports.Run{Target: name, Profile: *o.profile, Baseline: baselineOf(target, *o.node)}
	if err := steps.CheckBaseline(run.Baseline); err != nil {
		return run, err
	}
	ignore, err := o.ignoreWording()
	if err != nil {
		return run, err
	}
	run.IgnoreWording = ignore
	// The expectations first: a wrong file fails before anything runs.
	expect, err := loadExpectations(name, o.expectFile, *o.profile, run.Baseline)
	if err != nil {
		return run, err
	}
	if o.shard != nil {
		expect = keepShard(expect, o.shard)
	}
	tgt, cleanup, err := newNamedTarget(target, name)
	if err != nil {
		return run, err
	}
	o.signals.onForce(cleanup)
	defer cleanup()
	defer tgt.Close()
	if d, ok := tgt.(*drivertarget.Target); ok {
		d.SetSeed(*o.seed)
	}
	tgt = o.signals.watch(tgt)
	if o.format == "" {
		o.format = "progress"
	}
	results := &steps.Results{}
	start := time.Now()
	_, err = steps.Run(steps.RunOptions{
		Config:        steps.Config{Target: tgt, Profile: *o.profile, Baseline: run.Baseline, AllVariants: o.allVariants, Timeout: *o.timeout, Results: results, Only: o.shard, IgnoreWording: ignore},
		FS:            features.FS,
		Paths:         o.paths,
		Tags:          *o.tags,
		Format:        o.format,
		Concurrency:   *o.concurrency,
		Output:        o.output,
		Randomize:     *o.random,
		StopOnFailure: *o.failFast,
		Color:         useColor(o.output, o.format),
	})
	if err != nil {
		return run, err
	}
	run.Elapsed = time.Since(start)
	run.Implementation = targetImplementation(tgt)
	run.Report = expect.Judge(results.List(), nil)
	if err := closeTarget(tgt); err != nil {
		run.Err = "after the run: " + err.Error()
	}
	return run, nil
}

// closeTarget closes the target and checks that nothing it started is
// left: every driver process, and whatever a driver started, must end
// with it. The check of this process's children holds for the CLI, which
// starts no process but drivers.
func closeTarget(tgt steps.Target) error {
	err := tgt.Close()
	if _, driven := tgt.(*drivertarget.Target); !driven {
		return err
	}
	children, cerr := drivertarget.Children()
	if cerr != nil {
		return errors.Join(err, cerr)
	}
	for _, c := range children {
		err = errors.Join(err, fmt.Errorf("child process left running: %s", c))
	}
	return err
}

// runMatrix runs the suite against several targets, one after the
// other, and writes reports/out/matrix.md and matrix.html.
func runMatrix(args []string, stderr io.Writer) int {
	fl := flag.NewFlagSet("netconform matrix", flag.ContinueOnError)
	fl.SetOutput(stderr)
	targets := fl.String("targets", "reference,node", "comma-separated targets, each optionally named: name=cmd:\"...\"; targets: "+targetList)
	out := fl.String("out", "reports/out", "the folder to write matrix.md and matrix.html to")
	resultsFiles := fl.String("results", "", "comma-separated --results files (whole runs, or every shard of one) to merge into the matrix instead of running")
	expectFiles := fl.String("expectations", "", "comma-separated target=file: the expectations of a target (by its name) instead of the built-in ones")
	o := suiteFlags(fl)
	if err := fl.Parse(args); err != nil {
		return parseStatus(err)
	}
	if err := o.check(stderr); err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	outs := &outputs{}
	defer outs.discard()
	written := map[string]string{}
	for _, name := range []string{"matrix.md", "matrix.html"} {
		tmp, err := outs.add(name, filepath.Join(*out, name))
		if err != nil {
			fmt.Fprintln(stderr, "netconform:", err)
			return 2
		}
		written[name] = tmp
	}
	sigs := watchSignals()
	defer sigs.stop()
	sigs.onForce(outs.discard)
	o.signals = sigs
	o.output = io.Discard
	if *resultsFiles != "" {
		return writeMergedMatrix(*resultsFiles, *out, written, outs, stderr)
	}
	files, err := parseNamedFiles(*expectFiles)
	if err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	var runs []reports.Run
	status := 0
	for _, t := range strings.Split(*targets, ",") {
		t = strings.TrimSpace(t)
		o.name = ""
		if name, rest, ok := strings.Cut(t, "="); ok && name != "" && !strings.ContainsAny(name, ": ") {
			o.name, t = name, rest
		}
		name := t
		if o.name != "" {
			name = o.name
		}
		o.expectFile = files[name]
		delete(files, name)
		r, err := runSuite(t, o)
		if err != nil {
			r.Err = err.Error()
			fmt.Fprintf(stderr, "netconform: target %s could not run: %v\n", t, err)
			status = 1
		} else {
			printSummary(stderr, r)
			if r.Err != "" {
				fmt.Fprintf(stderr, "netconform: target %s: %s\n", t, r.Err)
				status = 1
			}
			if !r.Report.OK() {
				status = 1
			}
		}
		runs = append(runs, r)
		if sigs.interrupted() != nil {
			break
		}
	}
	for name := range files {
		fmt.Fprintf(stderr, "netconform: --expectations names %s, which is not one of --targets\n", name)
		status = 1
	}
	if code := writeMatrix(runs, *out, written, outs, stderr); code != 0 {
		return code
	}
	o.printSeeds(stderr)
	if sigs.interrupted() != nil {
		fmt.Fprintf(stderr, "netconform: interrupted by %s: the matrix holds the scenarios that ran\n", sigs.interrupted())
		return sigs.status()
	}
	return status
}

// writeMergedMatrix writes the matrix of --results files, running
// nothing.
func writeMergedMatrix(paths, out string, written map[string]string, outs *outputs, stderr io.Writer) int {
	var list []string
	for _, p := range strings.Split(paths, ",") {
		if p = strings.TrimSpace(p); p != "" {
			list = append(list, p)
		}
	}
	runs, err := mergeResults(list)
	if err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	status := 0
	for _, r := range runs {
		printSummary(stderr, r)
		if !r.Report.OK() {
			status = 1
		}
	}
	if code := writeMatrix(runs, out, written, outs, stderr); code != 0 {
		return code
	}
	return status
}

// writeMatrix writes matrix.md and matrix.html of runs into the temp
// files written names, then puts them in place in out.
func writeMatrix(runs []reports.Run, out string, written map[string]string, outs *outputs, stderr io.Writer) int {
	m := reports.NewMatrix(runs)
	for _, name := range []string{"matrix.md", "matrix.html"} {
		write := m.WriteMarkdown
		if name == "matrix.html" {
			write = m.WriteHTML
		}
		var buf bytes.Buffer
		err := write(&buf)
		if err == nil {
			err = os.WriteFile(written[name], buf.Bytes(), reportMode)
		}
		if err != nil {
			fmt.Fprintln(stderr, "netconform:", err)
			return 2
		}
	}
	if err := outs.commit(); err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	for _, name := range []string{"matrix.md", "matrix.html"} {
		fmt.Fprintln(stderr, "netconform: wrote", filepath.Join(out, name))
	}
	return 0
}

// printSummary says how the run went against the expectations, and
// names every unexpected result.
func printSummary(w io.Writer, r reports.Run) {
	rep := r.Report
	for _, j := range rep.Judged {
		switch j.Verdict {
		case expectations.UnexpectedFail:
			fmt.Fprintf(w, "FAIL             %s\n", j.ID())
		case expectations.UnexpectedPass:
			fmt.Fprintf(w, "UNEXPECTED PASS  %s (listed as failing: %s; remove the entry)\n", j.ID(), j.Entry.Reason)
		}
	}
	for _, e := range rep.Stale {
		fmt.Fprintf(w, "not run          %s (listed in the expectations)\n", e.Scenario)
	}
	verdict := "passed"
	if !rep.OK() {
		verdict = "FAILED"
	}
	sc := r.Scores()
	wording := "wording counts"
	if r.IgnoreWording {
		wording = "wording ignored"
	}
	fmt.Fprintf(w, "netconform: target %s%s, profile %s, baseline Node %s: %d scenarios: %d passed, %d expected failures, %d unexpected failures, %d unexpected passes; levels: %d full, %d wording only, %d behaviour (%s); %s in %s\n",
		r.Target, implementationNote(r), r.Profile, r.Baseline, len(rep.Judged), rep.Count(expectations.Pass), rep.Count(expectations.ExpectedFail),
		rep.Count(expectations.UnexpectedFail), rep.Count(expectations.UnexpectedPass),
		sc.All.Full, sc.All.Wording, sc.All.Behaviour, wording, verdict, r.Elapsed.Round(time.Millisecond))
	if len(sc.Areas) > 0 {
		fmt.Fprintf(w, "netconform: target %s by area, held in behaviour of all: %s\n", r.Target, sc.AreaLine())
	}
	for _, f := range sc.Features {
		if f.Full < f.Total {
			fmt.Fprintf(w, "  %-40s %s, %d wording only, %d behaviour\n", f.Name, f, f.Wording, f.Behaviour)
		}
	}
}

// resultsDoc is the JSON of --results: what the matrix reads.
type resultsDoc struct {
	Target         string `json:"target"`
	Implementation string `json:"implementation,omitempty"`
	Profile        string `json:"profile"`
	Baseline       string `json:"baseline,omitempty"`
	ElapsedMS      int64  `json:"elapsed_ms"`
	Shard          string `json:"shard,omitempty"` // "i/n" when the run was one shard
	Seed           int64  `json:"seed,omitempty"`
	// Error is what failed the run beyond its scenarios (a process a
	// driver left running): the run failed even if every scenario passed.
	Error string `json:"error,omitempty"`
	// Wording is "count" or "ignore": whether a scenario that differs
	// only in an error's message failed.
	Wording   string          `json:"wording"`
	Scores    reports.Scores  `json:"scores"`
	Scenarios []resultsRecord `json:"scenarios"`
}

type resultsRecord struct {
	steps.Result
	Verdict expectations.Verdict `json:"verdict"`
	Reason  string               `json:"reason,omitempty"`
}

func writeResults(path string, r reports.Run, o suiteOptions) error {
	doc := resultsDoc{Target: r.Target, Implementation: r.Implementation, Profile: r.Profile, Baseline: r.Baseline,
		ElapsedMS: r.Elapsed.Milliseconds(), Shard: o.shardSpec, Error: r.Err, Wording: "count", Scores: r.Scores()}
	if o.seed != nil {
		doc.Seed = *o.seed
	}
	if r.IgnoreWording {
		doc.Wording = "ignore"
	}
	for _, j := range r.Report.Judged {
		rec := resultsRecord{Result: j.Result, Verdict: j.Verdict}
		if j.Entry != nil {
			rec.Reason = j.Entry.Reason
		}
		doc.Scenarios = append(doc.Scenarios, rec)
	}
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), reportMode)
}

// runCheckDriver checks that a driver target speaks the protocol itself.
func runCheckDriver(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("netconform check-driver", flag.ContinueOnError)
	fl.SetOutput(stderr)
	target := fl.String("target", "reference-driver", "a driver target: "+targetList)
	timeout := fl.Duration("timeout", 5*time.Second, "bound of each answer")
	if err := fl.Parse(args); err != nil {
		return parseStatus(err)
	}
	if *timeout <= 0 {
		fmt.Fprintf(stderr, "netconform: --timeout must be more than 0, not %s\n", *timeout)
		return 2
	}
	argv, cleanup, err := driverCommand(*target)
	if err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	defer cleanup()
	return printChecklist(drivertarget.CheckProtocol(argv, *timeout), *target, stdout, stderr)
}

// runRepeat runs the suite n times and reports every scenario whose
// verdict was not the same in every round: a flake. The format files and
// --results hold the last round.
func runRepeat(target string, o suiteOptions, n int, outs *outputs, resultsPath string, stderr io.Writer) int {
	o.output = io.Discard
	verdicts := map[string]map[expectations.Verdict]int{}
	var order []string
	failed := false
	start := time.Now()
	var last reports.Run
	rounds := 0
	for i := 1; i <= n && o.signals.interrupted() == nil; i++ {
		r, err := runSuite(target, o)
		if err != nil {
			fmt.Fprintln(stderr, "netconform:", err)
			return 2
		}
		last, rounds = r, i
		for _, j := range r.Report.Judged {
			if verdicts[j.ID()] == nil {
				verdicts[j.ID()] = map[expectations.Verdict]int{}
				order = append(order, j.ID())
			}
			verdicts[j.ID()][j.Verdict]++
		}
		if !r.Report.OK() {
			failed = true
		}
		if r.Err != "" {
			failed = true
			fmt.Fprintf(stderr, "round %d/%d: %s\n", i, n, r.Err)
		}
		fmt.Fprintf(stderr, "round %d/%d: %d scenarios, %d unexpected, %s\n", i, n, len(r.Report.Judged),
			r.Report.Count(expectations.UnexpectedFail)+r.Report.Count(expectations.UnexpectedPass), r.Elapsed.Round(time.Millisecond))
	}
	sort.Strings(order)
	flaky := 0
	for _, id := range order {
		v := verdicts[id]
		total := 0
		for _, c := range v {
			total += c
		}
		if len(v) > 1 || total != rounds {
			flaky++
			fmt.Fprintf(stderr, "FLAKY  %s: %v over %d rounds\n", id, v, rounds)
		}
	}
	if resultsPath != "" {
		if err := writeResults(resultsPath, last, o); err != nil {
			fmt.Fprintln(stderr, "netconform:", err)
			return 2
		}
	}
	if err := writeJUnit(last, o.junit, o.stdout); err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	if err := outs.commit(); err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	fmt.Fprintf(stderr, "netconform: target %s, %d rounds at concurrency %d: %d scenarios, %d changed verdict; %s\n",
		target, rounds, *o.concurrency, len(order), flaky, time.Since(start).Round(time.Millisecond))
	o.printSeeds(stderr)
	if o.signals.interrupted() != nil {
		fmt.Fprintf(stderr, "netconform: interrupted by %s after %d rounds\n", o.signals.interrupted(), rounds)
		return o.signals.status()
	}
	if flaky > 0 || failed {
		return 1
	}
	return 0
}

// runCoverage prints, for each source document, every member with the
// scenarios that cover it; it fails when a member has none or the lint
// finds a problem.
func runCoverage(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("netconform coverage", flag.ContinueOnError)
	fl.SetOutput(stderr)
	verbose := fl.Bool("v", false, "list the scenarios of every member (with --states: of every cell)")
	states := fl.Bool("states", false, "print each class's state table (every member in every state) and fail while a cell is empty")
	if err := fl.Parse(args); err != nil {
		return parseStatus(err)
	}
	fs, ms, err := loadDocs()
	if err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	if *states {
		models, err := coverage.StateModels()
		if err != nil {
			fmt.Fprintln(stderr, "netconform:", err)
			return 2
		}
		return runStateCoverage(fs, models, *verbose, stdout)
	}
	status := 0
	for _, p := range coverage.Lint(fs, ms) {
		fmt.Fprintln(stdout, "LINT", p)
		status = 1
	}
	for _, r := range coverage.Compute(fs, ms) {
		fmt.Fprintf(stdout, "\n%s (%s, %s): %d of %d members covered\n", r.Manifest.Title, r.Manifest.Seed, r.Manifest.File, r.Covered(), len(r.Entries))
		for _, e := range r.Entries {
			mark := "ok     "
			if len(e.Scenarios) == 0 {
				mark, status = "MISSING", 1
			}
			fmt.Fprintf(stdout, "  %s %-45s %3d scenarios  %s\n", mark, e.Member.ID, len(e.Scenarios), e.Member.Kind)
			if *verbose {
				for _, s := range e.Scenarios {
					fmt.Fprintf(stdout, "            %s :: %s\n", s.Feature, s.Name)
				}
			}
		}
	}
	return status
}

// runDocs writes the features as a static site, one page per documented
// member, with each target's verdicts when result files are given.
func runDocs(args []string, stderr io.Writer) int {
	fl := flag.NewFlagSet("netconform docs", flag.ContinueOnError)
	fl.SetOutput(stderr)
	out := fl.String("out", "reports/out/docs", "the folder to write the site to")
	results := fl.String("results", "", "comma-separated --results files whose verdicts to show")
	if err := fl.Parse(args); err != nil {
		return parseStatus(err)
	}
	fs, ms, err := loadDocs()
	if err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	var verdicts []reports.Verdicts
	for _, path := range strings.Split(*results, ",") {
		if path = strings.TrimSpace(path); path == "" {
			continue
		}
		data, err := os.ReadFile(path)
		var doc resultsDoc
		if err == nil {
			err = json.Unmarshal(data, &doc)
		}
		if err != nil {
			fmt.Fprintf(stderr, "netconform: results %s: %v\n", path, err)
			return 2
		}
		v := reports.Verdicts{Target: doc.Target, ByID: map[string]string{}, Levels: map[string]string{}}
		var results []steps.Result
		for _, s := range doc.Scenarios {
			v.ByID[s.ID()] = string(s.Verdict)
			v.Levels[s.ID()] = string(reports.LevelOf(s.Result))
			results = append(results, s.Result)
		}
		v.Scores = reports.ScoreResults(results)
		verdicts = append(verdicts, v)
	}
	byID := map[string]coverage.Scenario{}
	for _, f := range fs {
		for _, s := range f.Scenarios {
			byID[s.Feature+" :: "+s.Name] = s
		}
	}
	repro := func(feature, name string) (string, error) { return reproOf(byID[feature+" :: "+name]) }
	models, err := coverage.StateModels()
	if err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	if err := reports.WriteDocsSite(*out, coverage.Compute(fs, ms), coverage.ComputeStates(fs, models), verdicts, repro); err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	fmt.Fprintln(stderr, "netconform: wrote", filepath.Join(*out, "index.html"))
	return 0
}

// listSelection prints the scenarios a run would run: those under the
// paths whose tags match the selection.
func listSelection(o suiteOptions, stdout, stderr io.Writer) int {
	expr, err := steps.SelectionFor(*o.profile, baselineOf(o.target, *o.node), *o.tags)
	if err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	fs, err := coverage.LoadFeatures(features.FS)
	if err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	n := 0
	for _, f := range fs {
		if !underPaths(f.Path, o.paths) {
			continue
		}
		for _, s := range f.Scenarios {
			if steps.MatchTags(expr, s.Tags) && (o.shard == nil || o.shard(steps.Result{Feature: s.Feature, Scenario: s.Name}.ID())) {
				n++
				fmt.Fprintf(stdout, "%s :: %s  %s\n", s.Feature, s.Name, strings.Join(s.Tags, " "))
			}
		}
	}
	fmt.Fprintf(stderr, "netconform: %d scenarios selected by %q\n", n, expr)
	return 0
}

func underPaths(p string, paths []string) bool {
	if len(paths) == 0 {
		return true
	}
	for _, q := range paths {
		q = strings.TrimSuffix(q, "/")
		if q == "." || p == q || strings.HasPrefix(p, q+"/") {
			return true
		}
	}
	return false
}

// loadDocs loads the embedded features and the documents' manifests.
func loadDocs() ([]coverage.Feature, []coverage.Manifest, error) {
	fs, err := coverage.LoadFeatures(features.FS)
	if err == nil && len(fs) == 0 {
		err = fmt.Errorf("no features")
	}
	if err != nil {
		return nil, nil, err
	}
	ms, err := coverage.Manifests()
	return fs, ms, err
}
