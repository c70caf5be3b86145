package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/netconform/netconform/expectations"
	"github.com/netconform/netconform/reports"
	"github.com/netconform/netconform/steps"
	"github.com/netconform/netconform/steps/drivertarget"
	"github.com/netconform/netconform/steps/reftarget"
)

// commands are the subcommands, in the order help lists them.
var commands = []struct{ name, args, summary string }{
	{"", "[--target T] [flags] [features/...]", "run the features against a target (the default command)"},
	{"matrix", "--targets a,b,... | --results a.json,b.json", "run several targets, or merge result files, into matrix.md and matrix.html"},
	{"coverage", "[-v]", "list every documented member with the scenarios that prove it"},
	{"docs", "[--results a.json,...]", "write the features as a static site"},
	{"check-driver", "--target T", "check that a driver speaks the protocol, op by op"},
	{"repro", "\"<scenario name>\" | --all DIR", "write a scenario as a standalone CommonJS program for a bug report"},
	{"drift", "[--out DIR]", "run every installed Node.js line and write which lines agree, per scenario and member"},
	{"mutants", "[--only a,b] DIR", "run the broken ports (preloads) in DIR and print the mutation score"},
	{"help", "[command]", "print this help, or a command's flags"},
	{"version", "", "print netconform's version (also --version)"},
}

// runHabits answers what every CLI is expected to answer: --version,
// help, --help. done is false when args are for a command.
func runHabits(args []string, stdout, stderr io.Writer) (code int, done bool) {
	if len(args) == 0 {
		return 0, false
	}
	switch args[0] {
	case "--version", "-version", "version":
		fmt.Fprintln(stdout, "netconform", version())
		return 0, true
	case "help":
		if len(args) == 1 {
			printCommands(stdout)
			return 0, true
		}
		for _, c := range commands {
			if c.name == args[1] && c.name != "help" && c.name != "version" {
				if c.name == "" {
					break
				}
				return run([]string{c.name, "--help"}, stdout, stderr), true
			}
		}
		if args[1] == "run" {
			return run([]string{"--help"}, stdout, stderr), true
		}
		if args[1] == "help" || args[1] == "version" {
			printCommands(stdout)
			return 0, true
		}
		names := []string{"run"}
		for _, c := range commands[1:] {
			names = append(names, c.name)
		}
		fmt.Fprintf(stderr, "netconform: no command %q (commands: %s)\n", args[1], strings.Join(names, ", "))
		return 2, true
	}
	return 0, false
}

func printCommands(w io.Writer) {
	fmt.Fprintf(w, "netconform %s: the Node.js net conformance suite\n\nUsage:\n", version())
	for _, c := range commands {
		name := c.name
		if name == "" {
			name = "[run]"
		}
		fmt.Fprintf(w, "  netconform %-13s %s\n      %s\n", name, c.args, c.summary)
	}
	fmt.Fprintln(w, "\n`netconform help <command>` lists a command's flags; `netconform --help` the run's.")
	fmt.Fprintln(w, "Port authors: docs/porting.md. CI: docs/ci.md.")
}

// parseStatus is the exit status of a flag error: 0 for -h and --help,
// which are answered, 2 for bad usage.
func parseStatus(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	return 2
}

// usage is the run's -h: its flags, then the subcommands.
func usage(fl *flag.FlagSet, _ string) {
	w := fl.Output()
	fmt.Fprintln(w, "Usage: netconform [flags] [features/...]")
	fl.PrintDefaults()
	fmt.Fprintln(w)
	printCommands(w)
}

// version is the module's version from the build info: the tag for
// `go install ...@v1.2.3`, "(devel)" with the VCS revision for a build
// from a checkout.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown: built without module support)"
	}
	v := bi.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+dirty"
			}
		}
	}
	if rev != "" && v == "(devel)" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		v += " " + rev + modified
	}
	return v + " " + bi.GoVersion
}

// setShard parses --shard i/n into the test of which scenarios the
// shard runs: those whose ID hashes (FNV-1a) to i-1 modulo n, the same
// on every machine and run, whatever the order or the selection.
func (o *suiteOptions) setShard(spec string) error {
	if spec == "" {
		return nil
	}
	a, b, ok := strings.Cut(spec, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return fmt.Errorf("--shard %q: want i/n with 1 <= i <= n, e.g. 2/4", spec)
	}
	o.shardSpec = spec
	o.shard = func(id string) bool { return shardOf(id, n) == i-1 }
	return nil
}

func shardOf(id string, n int) int {
	h := fnv.New32a()
	io.WriteString(h, id)
	return int(h.Sum32() % uint32(n))
}

// keepShard drops the entries of scenarios outside the shard: they run
// in another job, and are not "not run".
func keepShard(f expectations.File, in func(string) bool) expectations.File {
	out := expectations.File{Target: f.Target}
	for _, e := range f.Failing {
		if in(e.Scenario) {
			out.Failing = append(out.Failing, e)
		}
	}
	return out
}

// splitJUnit takes junit out of a format list: netconform writes it
// itself, from the verdicts judged against the expectations. It returns
// the other formats and the junit files ("" for standard output).
func splitJUnit(spec string) (string, []string, error) {
	var rest, junit []string
	for _, f := range strings.Split(spec, ",") {
		name, path, hasPath := strings.Cut(f, ":")
		if name != "junit" {
			rest = append(rest, f)
			continue
		}
		if hasPath && path == "" {
			return "", nil, fmt.Errorf("format %q names no file", f)
		}
		junit = append(junit, path)
	}
	return strings.Join(rest, ","), junit, nil
}

// writeJUnit writes the JUnit report of a run to each of paths (the
// temp files of the outputs; "" for standard output).
func writeJUnit(r reports.Run, paths []string, stdout io.Writer) error {
	for _, path := range paths {
		var buf bytes.Buffer
		if err := reports.WriteJUnit(&buf, r); err != nil {
			return err
		}
		if path == "" {
			if _, err := stdout.Write(buf.Bytes()); err != nil {
				return err
			}
			continue
		}
		if err := os.WriteFile(path, buf.Bytes(), reportMode); err != nil {
			return fmt.Errorf("junit %s: %w", path, err)
		}
	}
	return nil
}

// newNamedTarget is newTarget with the name reports give the target.
func newNamedTarget(target, name string) (steps.Target, func(), error) {
	if target == "reference" {
		return reftarget.New(), func() {}, nil
	}
	argv, cleanup, err := driverCommand(target)
	if err != nil {
		return nil, cleanup, err
	}
	return drivertarget.New(name, argv), cleanup, nil
}

// useColor says whether the formats may colour what they write to out:
// only a terminal, only when NO_COLOR (https://no-color.org) is unset or
// empty, and never when a format writes to a file.
func useColor(out io.Writer, formats string) bool {
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	for _, f := range strings.Split(formats, ",") {
		if strings.Contains(f, ":") {
			return false
		}
	}
	f, ok := out.(*os.File)
	if !ok {
		return false
	}
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}

// mergeResults reads --results files (one per target, or one per shard
// of a target) into one run per target, in the order first seen. Shards
// of a target must all be there, once each, with no scenario twice.
func mergeResults(paths []string) ([]reports.Run, error) {
	type acc struct {
		run    reports.Run
		shards map[string]bool
		n      int
		seen   map[string]string
	}
	byTarget := map[string]*acc{}
	var order []string
	for _, path := range paths {
		data, err := os.ReadFile(path)
		var doc resultsDoc
		if err == nil {
			dec := json.NewDecoder(bytes.NewReader(data))
			err = dec.Decode(&doc)
		}
		if err == nil && doc.Target == "" {
			err = fmt.Errorf("no target: not a --results file")
		}
		if err != nil {
			return nil, fmt.Errorf("results %s: %w", path, err)
		}
		key := doc.Target + "\x00" + doc.Profile
		a := byTarget[key]
		if a == nil {
			a = &acc{run: reports.Run{Target: doc.Target, Profile: doc.Profile, Baseline: doc.Baseline, Implementation: doc.Implementation},
				shards: map[string]bool{}, seen: map[string]string{}}
			byTarget[key] = a
			order = append(order, key)
		}
		if a.shards[doc.Shard] {
			return nil, fmt.Errorf("results %s: target %s (profile %s) shard %q is given twice", path, doc.Target, doc.Profile, doc.Shard)
		}
		a.shards[doc.Shard] = true
		if doc.Shard != "" {
			_, nstr, _ := strings.Cut(doc.Shard, "/")
			n, _ := strconv.Atoi(nstr)
			if a.n != 0 && a.n != n {
				return nil, fmt.Errorf("results %s: shard %s of target %s, whose other results are shards of %d", path, doc.Shard, doc.Target, a.n)
			}
			a.n = n
		}
		if a.run.Elapsed < time.Duration(doc.ElapsedMS)*time.Millisecond {
			// Shards run side by side: the run took as long as the longest.
			a.run.Elapsed = time.Duration(doc.ElapsedMS) * time.Millisecond
		}
		for _, s := range doc.Scenarios {
			if prev, dup := a.seen[s.ID()]; dup {
				return nil, fmt.Errorf("results %s: %s of target %s is also in %s", path, s.ID(), doc.Target, prev)
			}
			a.seen[s.ID()] = path
			j := expectations.Judged{Result: s.Result, Verdict: s.Verdict}
			if s.Reason != "" {
				j.Entry = &expectations.Entry{Scenario: s.ID(), Reason: s.Reason}
			}
			a.run.Report.Judged = append(a.run.Report.Judged, j)
		}
	}
	var runs []reports.Run
	for _, key := range order {
		a := byTarget[key]
		if a.n > 0 {
			var missing []string
			for i := 1; i <= a.n; i++ {
				if !a.shards[fmt.Sprintf("%d/%d", i, a.n)] {
					missing = append(missing, fmt.Sprintf("%d/%d", i, a.n))
				}
			}
			if len(missing) > 0 || a.shards[""] {
				return nil, fmt.Errorf("target %s (profile %s): the results are shards of %d, but shards %s are missing or a whole run is mixed in",
					a.run.Target, a.run.Profile, a.n, strings.Join(missing, ", "))
			}
		}
		sort.SliceStable(a.run.Report.Judged, func(i, j int) bool { return a.run.Report.Judged[i].ID() < a.run.Report.Judged[j].ID() })
		runs = append(runs, a.run)
	}
	return runs, nil
}

// parseNamedFiles parses "target=file" pairs, comma-separated (the
// matrix's --expectations). The split is at the last "=", since a cmd:
// target's command line may hold one.
func parseNamedFiles(spec string) (map[string]string, error) {
	out := map[string]string{}
	if spec == "" {
		return out, nil
	}
	for _, pair := range strings.Split(spec, ",") {
		i := strings.LastIndex(pair, "=")
		if i <= 0 || i == len(pair)-1 {
			return nil, fmt.Errorf("--expectations %q: want target=file", pair)
		}
		t, f := strings.TrimSpace(pair[:i]), strings.TrimSpace(pair[i+1:])
		if _, dup := out[t]; dup {
			return nil, fmt.Errorf("--expectations: target %s is given two files", t)
		}
		out[t] = f
	}
	return out, nil
}

// printChecklist prints check-driver's verdicts as a checklist, a
// heading per part of the protocol, and returns the exit status: 1 when
// any check failed.
func printChecklist(checks []drivertarget.Check, target string, stdout, stderr io.Writer) int {
	failed, group := 0, ""
	for _, c := range checks {
		if c.Group != group {
			group = c.Group
			fmt.Fprintf(stdout, "\n%s\n", group)
		}
		if c.Err != nil {
			failed++
			fmt.Fprintf(stdout, "  [FAIL] %s\n         %v\n", c.Name, strings.ReplaceAll(c.Err.Error(), "\n", "\n         "))
		} else {
			fmt.Fprintf(stdout, "  [ok]   %s\n", c.Name)
		}
	}
	fmt.Fprintf(stdout, "\n%d of %d checks passed\n", len(checks)-failed, len(checks))
	if failed > 0 {
		fmt.Fprintf(stderr, "netconform: %s does not speak the driver protocol as docs/protocol.md defines it: %d checks failed\n", target, failed)
		return 1
	}
	return 0
}
