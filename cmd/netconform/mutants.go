package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/netconform/netconform/features"
	"github.com/netconform/netconform/steps"
)

// mutant is one broken port: a preload that the runtime loads before the
// driver (`node -r FILE driver.cjs`).
type mutant struct {
	name, path string
	claim      string // its first line: the sentence or delivery rule it breaks
}

// mutantVerdict is what the suite made of one mutant.
type mutantVerdict struct {
	m        mutant
	killed   bool
	by       string // the scenario that killed it
	feature  string // and its feature file
	why      string // the first line of that scenario's failure
	err      error  // the run itself went wrong
	duration time.Duration
}

// runMutants runs the suite against the plain driver, which must pass,
// then against every mutant in a folder, each stopped at its first
// failing scenario, and prints the mutation score. It fails when the
// plain driver fails or a mutant survives.
func runMutants(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("netconform mutants", flag.ContinueOnError)
	fl.SetOutput(stderr)
	node := fl.String("node", "node", "the runtime that loads the driver and the mutants")
	driver := fl.String("driver", "drivers/node/driver.cjs", "the driver the mutants preload into")
	parallel := fl.Int("parallel", 2, "mutants run at once (each a run at concurrency 1)")
	timeout := fl.Duration("timeout", steps.DefaultTimeout, "bound of every wait of a step, for the plain driver and the mutants alike")
	tags := fl.String("tags", "", "run only scenarios matching this tag expression")
	only := fl.String("only", "", "comma-separated mutant names to run (default: every *.cjs of the folder but those starting with _)")
	skipPlain := fl.Bool("skip-plain", false, "do not run the plain driver first (only to re-check mutants by hand)")
	killers := fl.String("killers", "", "a JSON file naming, per mutant, the feature that killed it last; each mutant's run starts with that feature, and the file is rewritten after the run (default: DIR/killers.json)")
	fl.Usage = func() {
		fmt.Fprintln(stderr, "usage: netconform mutants [flags] DIR")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		return parseStatus(err)
	}
	if fl.NArg() != 1 || *parallel < 1 {
		fl.Usage()
		return 2
	}
	mutants, err := loadMutants(fl.Arg(0), *only)
	if err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	driverPath, err := filepath.Abs(*driver)
	if err == nil {
		_, err = os.Stat(driverPath)
	}
	if err != nil {
		fmt.Fprintln(stderr, "netconform: the driver:", err)
		return 2
	}
	if *killers == "" {
		*killers = filepath.Join(fl.Arg(0), "killers.json")
	}
	firstFeature := readKillers(*killers)
	tmp, err := os.MkdirTemp("", "netconform-mutants-")
	if err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	defer os.RemoveAll(tmp)
	start := time.Now()
	common := []string{"--timeout", timeout.String(), "--format", "progress:" + os.DevNull}
	// A cmd: target defaults to the newest baseline; the mutants run over
	// a real Node, which is judged by its own line.
	line, err := nodeLine(*node)
	if err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	common = append(common, "--node", line)
	if *tags != "" {
		common = append(common, "--tags", *tags)
	}

	if !*skipPlain {
		// The plain driver must pass: a scenario that fails without a
		// mutant would "kill" every mutant and prove nothing.
		target := fmt.Sprintf("cmd:%q %q", *node, driverPath)
		res := filepath.Join(tmp, "plain.json")
		out, code := runSelf(self, append([]string{"--target", target, "--concurrency", "2", "--results", res}, common...))
		doc, rerr := readResults(res)
		if code != 0 || rerr != nil {
			fmt.Fprintf(stderr, "netconform: the plain driver (%s) fails the suite; no mutant can be judged:\n%s", target, out)
			if rerr != nil {
				fmt.Fprintln(stderr, "netconform:", rerr)
			}
			return 1
		}
		fmt.Fprintf(stdout, "plain driver: %d scenarios passed in %s\n", len(doc.Scenarios), time.Duration(doc.ElapsedMS)*time.Millisecond)
	}

	verdicts := make([]mutantVerdict, len(mutants))
	var wg sync.WaitGroup
	var mu sync.Mutex // orders the progress lines
	work := make(chan int)
	for w := 0; w < *parallel; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				v := judgeMutant(self, *node, driverPath, tmp, mutants[i], common, firstFeature[mutants[i].name])
				verdicts[i] = v
				mu.Lock()
				printVerdict(stdout, v)
				mu.Unlock()
			}
		}()
	}
	for i := range mutants {
		work <- i
	}
	close(work)
	wg.Wait()

	if err := writeKillers(*killers, firstFeature, verdicts); err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
	}
	killed := 0
	var survivors, broken []mutantVerdict
	for _, v := range verdicts {
		switch {
		case v.err != nil:
			broken = append(broken, v)
		case v.killed:
			killed++
		default:
			survivors = append(survivors, v)
		}
	}
	fmt.Fprintf(stdout, "mutants killed %d/%d in %s\n", killed, len(mutants), time.Since(start).Round(time.Second))
	for _, v := range survivors {
		fmt.Fprintf(stdout, "SURVIVED  %s: %s\n", v.m.name, v.m.claim)
	}
	for _, v := range broken {
		fmt.Fprintf(stdout, "NOT RUN   %s: %v\n", v.m.name, v.err)
	}
	if killed < len(mutants) {
		return 1
	}
	return 0
}

// loadMutants lists the mutants of dir: every *.cjs file whose name does
// not start with "_" (those are helpers the mutants share), each with its
// first line, which must be a comment saying what it breaks.
func loadMutants(dir, only string) ([]mutant, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.cjs"))
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, n := range strings.Split(only, ",") {
		if n = strings.TrimSpace(n); n != "" {
			want[strings.TrimSuffix(n, ".cjs")] = true
		}
	}
	var out []mutant
	found := map[string]bool{}
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".cjs")
		if strings.HasPrefix(name, "_") || (len(want) > 0 && !want[name]) {
			continue
		}
		found[name] = true
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, err
		}
		claim, err := firstLine(abs)
		if err != nil {
			return nil, err
		}
		if !strings.HasPrefix(claim, "//") {
			return nil, fmt.Errorf("mutant %s: its first line must be a comment citing what it breaks, not %q", p, claim)
		}
		out = append(out, mutant{name: name, path: abs, claim: strings.TrimSpace(strings.TrimPrefix(claim, "//"))})
	}
	var missing []string
	for n := range want {
		if !found[n] {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("no such mutant in %s: %s", dir, strings.Join(missing, ", "))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no mutants (*.cjs) in %s", dir)
	}
	return out, nil
}

func firstLine(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	if sc.Scan() {
		return sc.Text(), nil
	}
	if err := sc.Err(); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return "", fmt.Errorf("%s is empty", path)
}

// judgeMutant runs the suite against one mutant, stopping at the first
// failing scenario: that scenario killed it. first, if not empty, is a
// feature to run before the others (the one that killed the mutant last
// time): the whole suite still runs, in another order.
func judgeMutant(self, node, driver, tmp string, m mutant, common []string, first string) mutantVerdict {
	start := time.Now()
	v := mutantVerdict{m: m}
	target := fmt.Sprintf("cmd:%q -r %q %q", node, m.path, driver)
	res := filepath.Join(tmp, m.name+".json")
	args := append([]string{"--target", target, "--fail-fast", "--concurrency", "1", "--results", res}, common...)
	if first != "" {
		args = append(args, first, ".")
	}
	out, code := runSelf(self, args)
	v.duration = time.Since(start)
	doc, err := readResults(res)
	switch {
	case err != nil:
		v.err = fmt.Errorf("%w; its run said: %s", err, lastLines(out, 5))
	case code == 0:
		// survived
	default:
		for _, s := range doc.Scenarios {
			if s.Status == steps.Failed {
				v.killed, v.by, v.why, v.feature = true, s.ID(), firstMessageLine(s.Message), s.Feature
				break
			}
		}
		if !v.killed {
			// No scenario failed, yet the run did: what it left behind
			// (a process) or could not run is the mutant's doing.
			v.killed, v.by, v.why = true, "(after the run)", lastLines(out, 1)
		}
	}
	return v
}

// readKillers reads the feature that killed each mutant last time; a
// missing or unreadable file only means no hints.
func readKillers(path string) map[string]string {
	m := map[string]string{}
	data, err := os.ReadFile(path)
	if err == nil {
		if json.Unmarshal(data, &m) != nil {
			m = map[string]string{}
		}
	}
	for name, f := range m {
		if _, err := fs.Stat(features.FS, f); err != nil {
			delete(m, name) // a feature renamed or removed since
		}
	}
	return m
}

// writeKillers records the feature that killed each mutant this time,
// keeping what it knew of the mutants this run left out (--only).
func writeKillers(path string, m map[string]string, verdicts []mutantVerdict) error {
	for _, v := range verdicts {
		switch {
		case v.killed && v.feature != "":
			m[v.m.name] = v.feature
		case v.err == nil:
			delete(m, v.m.name)
		}
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

func printVerdict(w io.Writer, v mutantVerdict) {
	d := v.duration.Round(100 * time.Millisecond)
	switch {
	case v.err != nil:
		fmt.Fprintf(w, "error     %-32s %v\n", v.m.name, v.err)
	case v.killed:
		fmt.Fprintf(w, "killed    %-32s %6s  by %s: %s\n", v.m.name, d, v.by, v.why)
	default:
		fmt.Fprintf(w, "SURVIVED  %-32s %6s  %s\n", v.m.name, d, v.m.claim)
	}
}

// runSelf runs this binary with args and returns what it printed and its
// exit status (-1 when it could not start or was killed).
func runSelf(self string, args []string) (string, int) {
	cmd := exec.Command(self, args...)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &ee) && ee.ExitCode() >= 0:
		return string(out), ee.ExitCode()
	}
	return string(out) + "\n" + err.Error(), -1
}

func readResults(path string) (resultsDoc, error) {
	var doc resultsDoc
	data, err := os.ReadFile(path)
	if err != nil {
		return doc, fmt.Errorf("no results: %w", err)
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return doc, fmt.Errorf("results %s: %w", path, err)
	}
	return doc, nil
}

func firstMessageLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return clipText(line, 160)
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return clipText(strings.Join(lines, " / "), 300)
}

func clipText(s string, n int) string {
	if len(s) > n {
		return s[:n-3] + "..."
	}
	return s
}

// nodeLine returns the baseline of the Node.js binary node: its major
// version, which must be a line the suite knows.
func nodeLine(node string) (string, error) {
	out, err := exec.Command(node, "--version").Output()
	if err != nil {
		return "", fmt.Errorf("%s --version: %w", node, err)
	}
	version := strings.TrimSpace(string(out))
	major, _, _ := strings.Cut(strings.TrimPrefix(version, "v"), ".")
	if major == "0" {
		major = "0.10"
	}
	for _, l := range steps.NodeLines {
		if l == major {
			return l, nil
		}
	}
	return "", fmt.Errorf("%s is Node.js %s, not a line the suite has a baseline for (%s)", node, version, strings.Join(steps.NodeLines, ", "))
}
