package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/netconform/netconform/expectations"
	"github.com/netconform/netconform/internal/xsdcheck"
	"github.com/netconform/netconform/reports"
	"github.com/netconform/netconform/steps"
)

func writeFile(t *testing.T, path, text string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestTypoedExpectationFailsTheRunNamingItAndTheNearest(t *testing.T) {
	path := writeFile(t, filepath.Join(t.TempDir(), "e.yaml"), `target: reference
failing:
  - scenario: "server/address.feature :: address() is null before the server listens"
    reason: "a real scenario, so that only the typo is refused"
  - scenario: "server/adress.feature :: address() is null before the server listens"
    reason: "a typo in the feature's name"
`)
	ids, err := suiteIDs()
	if err != nil {
		t.Fatal(err)
	}
	real := "server/address.feature :: address() is null before the server listens"
	if !contains(ids, real) {
		t.Skipf("the scenario %q is gone; pick another for this test", real)
	}
	code, _, stderr := runCLI("--expectations", path, "--format", "progress:"+os.DevNull, "features/server/address.feature")
	if code != 2 {
		t.Errorf("exit %d, want 2 (bad usage)", code)
	}
	want := `failing: "server/adress.feature :: address() is null before the server listens" names no scenario of the suite; the nearest is "` + real + `"`
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr does not say %q:\n%s", want, stderr)
	}
}

func TestExpectationsOfAnotherTargetAreRefused(t *testing.T) {
	path := writeFile(t, filepath.Join(t.TempDir(), "e.yaml"), "target: node22\nfailing: []\n")
	code, _, stderr := runCLI("--expectations", path, "--format", "progress:"+os.DevNull, "features/server/address.feature")
	if code != 2 || !strings.Contains(stderr, `are for target "node22", not "reference"`) {
		t.Errorf("exit %d: %s", code, stderr)
	}
	// --name gives a target the name its expectations use.
	code, _, stderr = runCLI("--name", "node22", "--expectations", path, "--format", "progress:"+os.DevNull, "features/server/address.feature")
	if code != 0 {
		t.Errorf("--name node22 with node22's file: exit %d: %s", code, stderr)
	}
}

func TestUpdateExpectationsKeepsReasonsAndLeavesNewEntriesForReview(t *testing.T) {
	path := writeFile(t, filepath.Join(t.TempDir(), "e.yaml"), `target: x
failing:
  - scenario: "a.feature :: still bad"
    observed: "old"
    reason: "x's bug"
  - scenario: "a.feature :: fixed"
    reason: "was x's bug"
`)
	res := func(name string, st steps.Status, msg string) expectations.Judged {
		return expectations.Judged{Result: steps.Result{Feature: "a.feature", Scenario: name, Status: st, Message: msg}}
	}
	r := reports.Run{Target: "x", Profile: "v19", Report: expectations.Report{Judged: []expectations.Judged{
		res("still bad", steps.Failed, "expected: 1\n  got: 2\n  events:\n  more"),
		res("fixed", steps.Passed, ""),
		res("new bug", steps.Failed, "boom"),
	}}}
	f, data := updateAndRead(t, path, r)
	got := map[string]expectations.Entry{}
	for _, e := range f.Failing {
		got[e.Scenario] = e
	}
	if len(got) != 2 || got["a.feature :: still bad"].Reason != "x's bug" || got["a.feature :: still bad"].Observed != "expected: 1; got: 2; events:" ||
		got["a.feature :: new bug"].Reason != "" || got["a.feature :: new bug"].Observed != "boom" {
		t.Fatalf("written: %+v\n%s", got, data)
	}
	if _, err := expectations.Parse(data); err == nil || !strings.Contains(err.Error(), "a.feature :: new bug") {
		t.Errorf("a new entry without a reason is accepted before review: %v", err)
	}
	if err := updateExpectations(path, reports.Run{Target: "y", Profile: "v19"}); err == nil {
		t.Error("a file for x was rewritten for target y")
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, %v", fi.Mode(), err)
	}
}

func TestShardsPartitionTheRunAndMergeIntoTheMatrix(t *testing.T) {
	dir := t.TempDir()
	const feature = "features/server/address.feature"
	var shards [][]string
	for _, s := range []string{"1/3", "2/3", "3/3"} {
		path := filepath.Join(dir, "shard"+strings.ReplaceAll(s, "/", "of")+".json")
		code, _, stderr := runCLI("--shard", s, "--results", path, "--format", "progress:"+os.DevNull, feature)
		if code != 0 && !(code == 1 && strings.Contains(stderr, "no scenario ran")) {
			t.Fatalf("shard %s: exit %d: %s", s, code, stderr)
		}
		shards = append(shards, resultIDs(t, path))
	}
	full := filepath.Join(dir, "full.json")
	if code, _, stderr := runCLI("--results", full, "--format", "progress:"+os.DevNull, feature); code != 0 {
		t.Fatalf("full run: exit %d: %s", code, stderr)
	}
	all := resultIDs(t, full)
	var union []string
	seen := map[string]int{}
	for i, s := range shards {
		for _, id := range s {
			if j, dup := seen[id]; dup {
				t.Errorf("%s is in shards %d and %d", id, j+1, i+1)
			}
			seen[id] = i
			union = append(union, id)
			if shardOf(id, 3) != i {
				t.Errorf("%s ran in shard %d but hashes to %d", id, i+1, shardOf(id, 3)+1)
			}
		}
	}
	sort.Strings(union)
	if strings.Join(union, "\n") != strings.Join(all, "\n") {
		t.Errorf("the shards ran %d scenarios, the whole run %d", len(union), len(all))
	}
	if len(all) < 3 {
		t.Fatalf("the feature has %d scenarios: too few to split", len(all))
	}
	out := filepath.Join(dir, "m")
	files := []string{filepath.Join(dir, "shard1of3.json"), filepath.Join(dir, "shard2of3.json"), filepath.Join(dir, "shard3of3.json")}
	code, _, stderr := runCLI("matrix", "--results", strings.Join(files, ","), "--out", out)
	if code != 0 {
		t.Fatalf("matrix --results: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "matrix.md")); err != nil {
		t.Error(err)
	}
	if !strings.Contains(stderr, ", profile v19, baseline Node 26: "+strconv.Itoa(len(all))+" scenarios") {
		t.Errorf("the merged summary does not count %d scenarios: %s", len(all), stderr)
	}
	code, _, stderr = runCLI("matrix", "--results", strings.Join(files[:2], ","), "--out", out)
	if code != 2 || !strings.Contains(stderr, "3/3 are missing") {
		t.Errorf("a missing shard: exit %d: %s", code, stderr)
	}
	code, _, stderr = runCLI("matrix", "--results", files[0]+","+files[0], "--out", out)
	if code != 2 || !strings.Contains(stderr, "given twice") {
		t.Errorf("a shard twice: exit %d: %s", code, stderr)
	}
	for _, bad := range []string{"0/3", "4/3", "1/0", "x", "1/2/3"} {
		if code, _, stderr := runCLI("--shard", bad, feature); code != 2 || !strings.Contains(stderr, "--shard") {
			t.Errorf("--shard %s: exit %d: %s", bad, code, stderr)
		}
	}
}

func resultIDs(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc resultsDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range doc.Scenarios {
		ids = append(ids, s.ID())
	}
	sort.Strings(ids)
	return ids
}

// TestNode22JUnitShowsNoFailure runs node22 and checks its JUnit as CI
// reads it: valid against the CI schema, failures="0", and each
// expected failure a <skipped> test carrying its reason.
func TestNode22JUnitShowsNoFailure(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole suite against node22")
	}
	if _, err := runtimeBinary("node22"); err != nil {
		t.Skip(err)
	}
	path := filepath.Join(t.TempDir(), "junit.xml")
	start := time.Now()
	code, _, stderr := runCLI("--target", "node22", "--format", "junit:"+path, "--concurrency", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	schema, err := xsdcheck.JUnitSchema()
	if err != nil {
		t.Fatal(err)
	}
	if errs := schema.Validate(data); len(errs) > 0 {
		t.Fatalf("node22's JUnit does not match the CI schema: %s", strings.Join(errs, "\n"))
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name      string `xml:"name,attr"`
				Classname string `xml:"classname,attr"`
				Skipped   *struct {
					Message string `xml:"message,attr"`
				} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	f, err := expectations.Load("node22", "")
	if err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, e := range f.Failing {
		reasons[e.Scenario] = e.Reason
	}
	skipped := 0
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Skipped == nil {
				continue
			}
			skipped++
			id := c.Classname + " :: " + c.Name
			if want := "expected failure: " + reasons[id]; reasons[id] == "" || c.Skipped.Message != want {
				t.Errorf("%s: skipped %q, want %q", id, c.Skipped.Message, want)
			}
		}
	}
	t.Logf("node22 JUnit: tests=%d failures=%d errors=%d skipped=%d suites=%d, in %s", doc.Tests, doc.Failures, doc.Errors, skipped, len(doc.Suites), time.Since(start).Round(time.Millisecond))
	if doc.Failures != 0 || doc.Errors != 0 || skipped != len(f.Failing) || doc.Tests == 0 {
		t.Errorf("failures %d errors %d skipped %d, want 0, 0, %d", doc.Failures, doc.Errors, skipped, len(f.Failing))
	}
}

func TestCLIHabits(t *testing.T) {
	code, out, _ := runCLI("--version")
	if code != 0 || !strings.HasPrefix(out, "netconform ") || !strings.Contains(out, "go1.") {
		t.Errorf("--version: exit %d, %q", code, out)
	}
	code, out, _ = runCLI("help")
	for _, c := range []string{"matrix", "coverage", "docs", "check-driver", "help", "version"} {
		if code != 0 || !strings.Contains(out, "netconform "+c) {
			t.Errorf("help does not list %s: exit %d\n%s", c, code, out)
		}
	}
	code, _, errOut := runCLI("--help")
	if code != 0 || !strings.Contains(errOut, "-target") || !strings.Contains(errOut, "netconform check-driver") {
		t.Errorf("--help: exit %d, does not list flags and commands:\n%s", code, errOut)
	}
	code, _, errOut = runCLI("help", "matrix")
	if code != 0 || !strings.Contains(errOut, "-targets") {
		t.Errorf("help matrix: exit %d\n%s", code, errOut)
	}
	if code, _, errOut = runCLI("help", "nosuch"); code != 2 || !strings.Contains(errOut, `no command "nosuch"`) {
		t.Errorf("help nosuch: exit %d, %s", code, errOut)
	}
}

func TestColourOnlyOnATerminalAndNeverWithNO_COLOR(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	t.Setenv("NO_COLOR", "")
	if useColor(w, "progress") {
		t.Error("colour on a pipe")
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if useColor(f, "progress") {
		t.Error("colour into a file")
	}
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		// Only where the test has a terminal; elsewhere the terminal case
		// cannot be shown, but the two refusals still are.
		defer tty.Close()
		if !useColor(tty, "progress") {
			t.Error("no colour on a terminal")
		}
		if useColor(tty, "progress,cucumber:x.json") {
			t.Error("colour while a format writes to a file")
		}
		t.Setenv("NO_COLOR", "1")
		if useColor(tty, "progress") {
			t.Error("colour with NO_COLOR set")
		}
	}
}

func TestReportsAreWrittenWorldReadableDespiteTheTargetsUmask(t *testing.T) {
	dir := t.TempDir()
	results := filepath.Join(dir, "deep", "r.json")
	junit := filepath.Join(dir, "j", "junit.xml")
	cucumber := filepath.Join(dir, "c", "cucumber.json")
	code, _, stderr := runCLI("--results", results, "--format", "junit:"+junit+",cucumber:"+cucumber, "features/server/address.feature")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	out := filepath.Join(dir, "m")
	if code, _, stderr := runCLI("matrix", "--targets", "reference", "--out", out, "--tags", "@member:server.address"); code != 0 {
		t.Fatalf("matrix: exit %d: %s", code, stderr)
	}
	for _, p := range []string{results, junit, cucumber, filepath.Join(out, "matrix.md"), filepath.Join(out, "matrix.html")} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Error(err)
			continue
		}
		if fi.Mode().Perm() != 0o644 {
			t.Errorf("%s: mode %v, want 0644", p, fi.Mode().Perm())
		}
	}
	for _, d := range []string{filepath.Dir(results), filepath.Dir(junit), out} {
		if fi, err := os.Stat(d); err != nil || fi.Mode().Perm() != 0o755 {
			t.Errorf("%s: %v %v, want 0755", d, fi.Mode(), err)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestMatrixTakesExpectationsByTargetName(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, filepath.Join(dir, "ex.yaml"), "target: ex\nfailing: []\n")
	out := filepath.Join(dir, "m")
	args := []string{"matrix", "--targets", "ex=reference-driver", "--out", out, "--tags", "@member:server.address"}
	if code, _, stderr := runCLI(append(args, "--expectations", "ex="+good)...); code != 0 {
		t.Fatalf("a named target with its file: exit %d: %s", code, stderr)
	}
	typo := writeFile(t, filepath.Join(dir, "typo.yaml"), "target: ex\nfailing:\n  - scenario: \"server/address.feature :: no such scenario\"\n    reason: r\n")
	code, _, stderr := runCLI(append(args, "--expectations", "ex="+typo)...)
	if code != 1 || !strings.Contains(stderr, "names no scenario of the suite") {
		t.Errorf("a typo in a matrix target's file: exit %d: %s", code, stderr)
	}
	code, _, stderr = runCLI(append(args, "--expectations", "ex="+good+",other="+good)...)
	if code != 1 || !strings.Contains(stderr, "--expectations names other, which is not one of --targets") {
		t.Errorf("a file for no target: exit %d: %s", code, stderr)
	}
	if code, _, stderr = runCLI(append(args, "--expectations", "ex")...); code != 2 || !strings.Contains(stderr, "want target=file") {
		t.Errorf("a pair without a file: exit %d: %s", code, stderr)
	}
}

// TestBuiltInExpectationsNameScenariosOfTheSuite loads every built-in
// expectations file as a run would: a stale entry (a scenario renamed
// since) would make every run against its target a usage error.
func TestBuiltInExpectationsNameScenariosOfTheSuite(t *testing.T) {
	entries, err := os.ReadDir("../../expectations")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		target, ok := strings.CutSuffix(e.Name(), ".yaml")
		if !ok || target == "README" {
			continue
		}
		for _, profile := range []string{"v19", "v0.10"} {
			if _, err := loadExpectations(target, "", profile, ""); err != nil {
				t.Errorf("%s, profile %s: %v", e.Name(), profile, err)
			}
		}
		n++
	}
	if n == 0 {
		t.Fatal("no built-in expectations files found")
	}
}

// TestUpdateExpectationsWritesLevels: an entry whose scenario differed
// only in wording gets level: wording, also from a run that ignored
// wording; one that fails in behaviour has none.
func TestUpdateExpectationsWritesLevels(t *testing.T) {
	path := filepath.Join(t.TempDir(), "e.yaml")
	res := func(name string, st steps.Status, l steps.Level) expectations.Judged {
		return expectations.Judged{Result: steps.Result{Feature: "a.feature", Scenario: name, Status: st, Level: l, Message: "m"}}
	}
	r := reports.Run{Target: "x", Profile: "v19", IgnoreWording: true, Report: expectations.Report{Judged: []expectations.Judged{
		res("words", steps.Passed, steps.LevelWording),
		res("acts", steps.Failed, steps.LevelBehaviour),
		res("fine", steps.Passed, steps.LevelFull),
	}}}
	f, data := updateAndRead(t, path, r)
	got := map[string]steps.Level{}
	for _, e := range f.Failing {
		got[e.Scenario] = e.Level
	}
	if len(got) != 2 || got["a.feature :: words"] != steps.LevelWording || got["a.feature :: acts"] != "" {
		t.Fatalf("written: %v\n%s", got, data)
	}
}

// TestHelpNamesEveryCommand: every subcommand the CLI dispatches is in
// the help, and `help <command>` prints its flags with exit 0.
func TestHelpNamesEveryCommand(t *testing.T) {
	code, out, _ := runCLI("help")
	if code != 0 {
		t.Fatalf("help: exit %d", code)
	}
	for _, name := range []string{"matrix", "coverage", "docs", "check-driver", "repro", "drift", "mutants"} {
		if !strings.Contains(out, "netconform "+name) {
			t.Errorf("help does not list %s:\n%s", name, out)
		}
		if code, _, stderr := runCLI("help", name); code != 0 {
			t.Errorf("help %s: exit %d: %s", name, code, stderr)
		}
	}
}

// updateAndRead writes the expectations of run r to path as
// --update-expectations does, and reads the file back, parsed and raw.
func updateAndRead(t *testing.T, path string, r reports.Run) (expectations.File, []byte) {
	t.Helper()
	if err := updateExpectations(path, r); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f expectations.File
	if err := yaml.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	return f, data
}
