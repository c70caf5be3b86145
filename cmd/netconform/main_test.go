package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
)

func runCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUnknownTargetNamesTheKnownOnes(t *testing.T) {
	code, _, stderr := runCLI("--target", "nosuch")
	if code != 2 || !strings.Contains(stderr, `unknown target "nosuch"`) || !strings.Contains(stderr, "reference-driver") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}

func TestMissingRuntimeSaysHowToInstallIt(t *testing.T) {
	t.Setenv("NETCONFORM_RUNTIMES", t.TempDir())
	code, _, stderr := runCLI("--target", "bun")
	if code != 2 || !strings.Contains(stderr, "make runtimes") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}

func TestBadFormatAndTagsAreUsageErrors(t *testing.T) {
	if code, _, stderr := runCLI("--format", "xml"); code != 2 || !strings.Contains(stderr, `unknown format "xml"`) {
		t.Errorf("bad format: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runCLI("--tags", "@a &&"); code != 2 || !strings.Contains(stderr, "is not a tag") {
		t.Errorf("bad tags: exit %d, %q", code, stderr)
	}
}

func TestRunWritesResultsAndPasses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.json")
	code, _, stderr := runCLI("--format", "progress:"+os.DevNull, "--results", path, "features/server/address.feature")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Target    string
		Scenarios []struct{ Scenario, Verdict string }
	}
	data, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(data, &doc)
	}
	if err != nil || doc.Target != "reference" || len(doc.Scenarios) == 0 {
		t.Fatalf("results: %v %+v", err, doc)
	}
	for _, s := range doc.Scenarios {
		if s.Verdict != "pass" {
			t.Errorf("%s: %s", s.Scenario, s.Verdict)
		}
	}
}

func TestNoScenarioIsAFailure(t *testing.T) {
	code, _, stderr := runCLI("--format", "progress:"+os.DevNull, "--tags", "@no-such-tag")
	if code != 1 || !strings.Contains(stderr, "no scenario ran") {
		t.Fatalf("exit %d, %q", code, stderr)
	}
}

func TestSplitCommand(t *testing.T) {
	got, err := splitCommand(`node "my driver.cjs" --flag='a b'`)
	if err != nil || !reflect.DeepEqual(got, []string{"node", "my driver.cjs", "--flag=a b"}) {
		t.Fatalf("%q, %v", got, err)
	}
	if _, err := splitCommand(`node "unclosed`); err == nil {
		t.Fatal("an unclosed quote was accepted")
	}
	if _, err := splitCommand("   "); err == nil {
		t.Fatal("an empty command was accepted")
	}
}

// TestHostileDriverStaysInsideTheReportFolder runs the matrix against a
// driver whose every name is a path traversal and markup: every file the
// runner writes is in the folders it was given, and the HTML report
// carries the driver's strings escaped.
func TestHostileDriverStaysInsideTheReportFolder(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("no node on PATH to run the hostile driver")
	}
	driver, err := filepath.Abs("testdata/hostile-driver.cjs")
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	// Deep enough that the driver's four "../" would still land under root.
	out := filepath.Join(root, "a", "b", "c", "d", "out")
	results := filepath.Join(root, "a", "b", "results.json")
	code, _, stderr := runCLI("--target", "cmd:node "+driver, "--format", "progress:"+os.DevNull,
		"--results", results, "--timeout", "300ms", "features/server/address.feature")
	if code != 1 {
		t.Errorf("a run against the hostile driver: exit %d, want 1 (its scenarios fail): %s", code, stderr)
	}
	code, _, stderr = runCLI("matrix", "--targets", "cmd:node "+driver, "--out", out, "--concurrency", "2", "--timeout", "300ms", "--tags", "@member:server.address")
	if code == 2 {
		t.Fatalf("matrix: exit %d: %s", code, stderr)
	}
	var files []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	want := []string{filepath.Join(out, "matrix.html"), filepath.Join(out, "matrix.md"), results}
	sort.Strings(files)
	sort.Strings(want)
	if !reflect.DeepEqual(files, want) {
		t.Errorf("files written: %q, want exactly %q", files, want)
	}
	html, err := os.ReadFile(filepath.Join(out, "matrix.html"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(html, []byte("<script>alert(1)</script>")) {
		t.Errorf("matrix.html carries the driver's markup unescaped")
	}
	if !bytes.Contains(html, []byte("escape/&lt;script&gt;")) {
		t.Errorf("matrix.html does not show the driver's strings as text")
	}
}

func TestNodeLinesDefaultToTheirOwnBaseline(t *testing.T) {
	for target, want := range map[string]string{"node": "20", "node19": "19", "node26": "26", "reference": "26", "bun": "26", `cmd:"x"`: "26"} {
		if got := baselineOf(target, ""); got != want {
			t.Errorf("baselineOf(%s) = %s, want %s", target, got, want)
		}
	}
	if got := baselineOf("node", "24"); got != "24" {
		t.Errorf("--node 24 on node: %s", got)
	}
	if code, _, stderr := runCLI("--node", "21", "features/server/address.feature"); code != 2 || !strings.Contains(stderr, `"21"`) {
		t.Errorf("--node 21: exit %d, %q", code, stderr)
	}
}

// TestResultsCarryLevelsAndScores: the results JSON gives every scenario
// its level and the run its scores by area and feature; the summary
// line says the levels and the areas; a bad --wording is a usage error.
func TestResultsCarryLevelsAndScores(t *testing.T) {
	dir := t.TempDir()
	path, junit := filepath.Join(dir, "r.json"), filepath.Join(dir, "junit.xml")
	code, _, stderr := runCLI("--format", "progress:"+os.DevNull+",junit:"+junit, "--results", path, "features/address/isip.feature")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"levels: ", " full, 0 wording only, 0 behaviour (wording counts)", "by area, held in behaviour of all: address "} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the summary lacks %q:\n%s", want, stderr)
		}
	}
	var doc struct {
		Wording string
		Scores  struct {
			All      struct{ Total, Full int }
			Areas    []struct{ Name string }
			Features []struct{ Name string }
		}
		Scenarios []struct{ Level string }
	}
	data, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(data, &doc)
	}
	if err != nil || doc.Wording != "count" || doc.Scores.All.Total == 0 || doc.Scores.All.Full != doc.Scores.All.Total ||
		len(doc.Scores.Areas) != 1 || doc.Scores.Areas[0].Name != "address" || len(doc.Scores.Features) != 1 || doc.Scores.Features[0].Name != "address/isip.feature" {
		t.Fatalf("results: %v %+v", err, doc)
	}
	for _, s := range doc.Scenarios {
		if s.Level != "full" {
			t.Fatalf("a passing scenario at level %q", s.Level)
		}
	}
	if _, err := os.Stat(junit); err != nil {
		t.Errorf("no JUnit file: %v", err)
	}
	if code, _, stderr := runCLI("--wording", "loose", "features/address/isip.feature"); code != 2 || !strings.Contains(stderr, `--wording "loose": want count or ignore`) {
		t.Errorf("bad --wording: exit %d, %q", code, stderr)
	}
}

// TestDocsSiteShowsLevelsScoresAndPrograms: given a run's results, the
// docs site's pages show each scenario's level, the area scores, and a
// "copy as program" link to a program that is there; a scenario that
// cannot be a program says so.
func TestDocsSiteShowsLevelsScoresAndPrograms(t *testing.T) {
	dir := t.TempDir()
	results := filepath.Join(dir, "r.json")
	if code, _, stderr := runCLI("--format", "progress:"+os.DevNull, "--results", results, "features/address/isip.feature"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	site := filepath.Join(dir, "site")
	if code, _, stderr := runCLI("docs", "--results", results, "--out", site); code != 0 {
		t.Fatalf("docs: exit %d: %s", code, stderr)
	}
	page, err := os.ReadFile(filepath.Join(site, "net.isIP.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<td class="full">pass</td>`, "Scores of the area", "<td>address</td>", "full · 0 wording · 0 behaviour", `download>copy as program</a>`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("net.isIP.html lacks %q", want)
		}
	}
	link := regexp.MustCompile(`href="(repro/[^"]+)" download`).FindStringSubmatch(string(page))
	if link == nil {
		t.Fatal("no program link")
	}
	prog, err := os.ReadFile(filepath.Join(site, link[1]))
	if err != nil || !strings.Contains(string(prog), "require('node:net')") {
		t.Errorf("the linked program %s: %v", link[1], err)
	}
	index, _ := os.ReadFile(filepath.Join(site, "index.html"))
	if !strings.Contains(string(index), "Scores by area") || !strings.Contains(string(index), "<code>address/isip.feature</code>") {
		t.Error("the index lacks the scores by area and feature")
	}
	if !strings.Contains(string(index), `<a href="states-net.Socket.html"><code>net.Socket</code></a>`) {
		t.Error("the index does not link the state table of net.Socket")
	}
	states, err := os.ReadFile(filepath.Join(site, "states-net.Server.html"))
	if err != nil || !strings.Contains(string(states), "<h2>reference: held in behaviour") {
		t.Errorf("the state table of net.Server: %v", err)
	}
	fd, _ := os.ReadFile(filepath.Join(site, "option_net.Socket.fd.html"))
	if !strings.Contains(string(fd), "no program: looks from outside the target") {
		t.Error("a scenario over an inherited descriptor does not say it cannot be a program")
	}
}
