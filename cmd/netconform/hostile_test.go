package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func needNode(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("no node on PATH to run the test's driver")
	}
}

func testdata(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBadBoundsAreUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--timeout", "0"}, {"--timeout", "-1s"}, {"--concurrency", "0"}, {"--concurrency", "-3"},
		{"matrix", "--timeout", "0"}, {"check-driver", "--timeout", "0"},
	} {
		code, _, stderr := runCLI(args...)
		if code != 2 || !strings.Contains(stderr, "must be") {
			t.Errorf("%v: exit %d, %q", args, code, stderr)
		}
	}
	code, _, stderr := runCLI("--concurrency", "100000", "--dry-run", "--tags", "@no-such-tag")
	if code != 0 || !strings.Contains(stderr, "warning: --concurrency 100000") {
		t.Errorf("a concurrency far above the cores: exit %d, %q", code, stderr)
	}
}

func TestOutputPathsAreCheckedBeforeTheRun(t *testing.T) {
	dir := t.TempDir()
	same := filepath.Join(dir, "r.out")
	code, _, stderr := runCLI("--format", "junit:"+same+",cucumber:"+same)
	if code != 2 || !strings.Contains(stderr, "both write") {
		t.Errorf("two formats into one file: exit %d, %q", code, stderr)
	}
	code, _, stderr = runCLI("--format", "junit:"+same, "--results", same)
	if code != 2 || !strings.Contains(stderr, "both write") {
		t.Errorf("a format and --results into one file: exit %d, %q", code, stderr)
	}
	start := time.Now()
	code, _, stderr = runCLI("--results", "/dev/null/results.json")
	if code != 2 || time.Since(start) > 5*time.Second {
		t.Errorf("an unwritable --results: exit %d after %s, %q", code, time.Since(start), stderr)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a refused run left files: %v", entries)
	}
}

// TestRepeatKeepsItsReportsAndSeed: --repeat writes the format files and
// --results, prints the seed, and leaves no temp file.
func TestRepeatKeepsItsReportsAndSeed(t *testing.T) {
	dir := t.TempDir()
	junit, results := filepath.Join(dir, "junit.xml"), filepath.Join(dir, "results.json")
	code, _, stderr := runCLI("--repeat", "2", "--seed", "77", "--format", "junit:"+junit, "--results", results, "features/server/address.feature")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "--seed 77") {
		t.Errorf("the seed is not printed: %s", stderr)
	}
	parses(t, junit, results)
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("want exactly the two reports, got %v", entries)
	}
}

// parses requires the JUnit and results files to be whole.
func parses(t *testing.T, junit, results string) {
	t.Helper()
	data, err := os.ReadFile(junit)
	if err == nil {
		var doc struct{}
		err = xml.Unmarshal(data, &doc)
	}
	if err != nil {
		t.Errorf("junit %s: %v", junit, err)
	}
	if results == "" {
		return
	}
	data, err = os.ReadFile(results)
	if err == nil {
		var doc resultsDoc
		err = json.Unmarshal(data, &doc)
	}
	if err != nil {
		t.Errorf("results %s: %v", results, err)
	}
}

// TestLeftoverProcessFailsTheRunAndItsResults: a driver whose every
// scenario passes, but which leaves a setsid child: the run fails, and
// --results says why.
func TestLeftoverProcessFailsTheRunAndItsResults(t *testing.T) {
	needNode(t)
	t.Setenv("NETCONFORM_DRIVER_CJS", filepath.Join(filepath.Dir(testdata(t, ".")), "..", "..", "drivers", "node", "driver.cjs"))
	results := filepath.Join(t.TempDir(), "results.json")
	code, _, stderr := runCLI("--target", "cmd:node "+testdata(t, "leaky-driver.cjs"), "--format", "progress:"+os.DevNull,
		"--results", results, "features/server/address.feature")
	if code != 1 || !strings.Contains(stderr, "sleep 60") {
		t.Fatalf("want exit 1 naming the child left, got %d: %s", code, stderr)
	}
	data, _ := os.ReadFile(results)
	var doc resultsDoc
	if err := json.Unmarshal(data, &doc); err != nil || !strings.Contains(doc.Error, "sleep 60") {
		t.Errorf("--results does not record the run's failure: %v %q", err, doc.Error)
	}
	if left, _ := exec.Command("pgrep", "-f", "^sleep 60$").Output(); len(left) > 0 {
		t.Logf("note: sleep 60 processes on the machine: %s", left)
	}
}

// TestInterruptStopsTheRunAndKeepsItsReports sends SIGINT to a run whose
// driver hangs, with a setsid child holding its output: the run ends
// within a second and a grace, exits 130, kills the child, writes a
// JUnit file that parses over the previous one, and leaves no temp file.
func TestInterruptStopsTheRunAndKeepsItsReports(t *testing.T) {
	needNode(t)
	dir, tmp := t.TempDir(), t.TempDir()
	junit, mark := filepath.Join(dir, "junit.xml"), filepath.Join(dir, "child.pid")
	os.WriteFile(junit, []byte("<testsuites></testsuites>\n"), 0o644)
	exe, _ := os.Executable()
	cmd := exec.Command(exe, "--target", "cmd:node "+testdata(t, "hang-driver.cjs"), "--timeout", "30s",
		"--format", "junit:"+junit, "features/server/address.feature")
	cmd.Env = append(os.Environ(), "NETCONFORM_TEST_CLI=1", "NETCONFORM_HANG_MARK="+mark, "TMPDIR="+tmp)
	var out strings.Builder
	cmd.Stderr = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var pid int
	deadline := time.Now().Add(20 * time.Second)
	for pid == 0 && time.Now().Before(deadline) {
		// The driver writes its child's pid once it runs: the event waited
		// for, polled because it happens in another process.
		data, _ := os.ReadFile(mark)
		pid, _ = strconv.Atoi(strings.TrimSpace(string(data)))
		if pid == 0 {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if pid == 0 {
		cmd.Process.Kill()
		t.Fatal("the driver never started")
	}
	start := time.Now()
	cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(forceAfter + 2*time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("the run did not end after SIGINT: %s", out.String())
	}
	took := time.Since(start)
	t.Logf("the run ended %s after SIGINT", took)
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Errorf("exit %d, want 130: %s", code, out.String())
	}
	if took > time.Second+drivertargetGrace {
		t.Errorf("the run took %s to stop", took)
	}
	if err := syscall.Kill(pid, 0); err == nil {
		syscall.Kill(pid, syscall.SIGKILL)
		t.Errorf("the driver's setsid child %d outlived the run", pid)
	}
	parses(t, junit, "")
	for _, d := range []string{dir, tmp} {
		entries, _ := os.ReadDir(d)
		for _, e := range entries {
			if strings.Contains(e.Name(), ".tmp-") || strings.HasPrefix(e.Name(), "netconform-") {
				t.Errorf("a temp file was left: %s", filepath.Join(d, e.Name()))
			}
		}
	}
}

// drivertargetGrace is what stopping may take beyond the signal's
// second: the leftover check of the killed driver's tree.
const drivertargetGrace = 3 * time.Second
