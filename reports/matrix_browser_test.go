package reports

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/netconform/netconform/expectations"
	"github.com/netconform/netconform/steps"
)

// sampleRuns are two targets' runs over three areas: bun fails one
// socket scenario in behaviour and one address scenario in wording.
func sampleRuns() []Run {
	judged := func(feature, name string, v expectations.Verdict, l steps.Level, msg string) expectations.Judged {
		st := steps.Passed
		if v != expectations.Pass {
			st = steps.Failed
		}
		return expectations.Judged{Result: steps.Result{Feature: feature, Scenario: name, Status: st, Level: l, Message: msg}, Verdict: v}
	}
	node := Run{Target: "node", Profile: "v19", Report: expectations.Report{Judged: []expectations.Judged{
		judged("server/listen.feature", "listen on port 0", expectations.Pass, steps.LevelFull, ""),
		judged("socket/write.feature", "write returns true", expectations.Pass, steps.LevelFull, ""),
		judged("socket/write.feature", "write a string", expectations.Pass, steps.LevelFull, ""),
		judged("address/isip.feature", "isIP of a bad address", expectations.Pass, steps.LevelFull, ""),
	}}}
	bun := Run{Target: "bun", Profile: "v19", Report: expectations.Report{Judged: []expectations.Judged{
		judged("server/listen.feature", "listen on port 0", expectations.Pass, steps.LevelFull, ""),
		judged("socket/write.feature", "write returns true", expectations.Pass, steps.LevelFull, ""),
		judged("socket/write.feature", "write a string", expectations.UnexpectedFail, steps.LevelBehaviour,
			"c.write(\"x\")\n  expected: returns true\n  got:      returned false"),
		judged("address/isip.feature", "isIP of a bad address", expectations.ExpectedFail, steps.LevelWording,
			"net.isIP(1) (wording only)\n  expected: throws ERR_X with message \"a\"\n  got:      threw Error [ERR_X]: b"),
	}}}
	return []Run{node, bun}
}

// TestMatrixTree: areas, features and scenarios come failures first,
// with each target's counts at every level.
func TestMatrixTree(t *testing.T) {
	m := NewMatrix(sampleRuns())
	var names []string
	for _, a := range m.Areas {
		names = append(names, a.Name)
	}
	if strings.Join(names, ",") != "socket,address,server" {
		t.Errorf("areas in order %v, want socket (a behaviour failure), address (wording), server", names)
	}
	sock := m.Areas[0]
	if s := sock.Scores[1]; s.Total != 2 || s.Full != 1 || s.Behaviour != 1 {
		t.Errorf("bun's socket score: %+v", s)
	}
	if r := sock.Features[0].Rows[0]; r.Scenario != "write a string" {
		t.Errorf("the failing scenario is not first: %s", r.Scenario)
	}
	var md strings.Builder
	if err := m.WriteMarkdown(&md); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| **socket** | 2/2 (2 full) | 1/2 (1 full) |", "FAIL: behaviour", "known: wording"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("the Markdown lacks %q:\n%s", want, md.String())
		}
	}
}

// browserDir is where `make browser` installs Chromium and puppeteer.
func browserDir() string {
	if d := os.Getenv("NETCONFORM_BROWSER"); d != "" {
		return d
	}
	return filepath.Join("..", ".runtimes", "browser")
}

// TestMatrixInBrowser opens the matrix HTML from disk in headless
// Chromium: the tree shows, an area and a feature open, and a failing
// cell opens to its failure text; the page requests nothing else.
func TestMatrixInBrowser(t *testing.T) {
	dir := browserDir()
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "puppeteer-core")); err != nil {
		t.Skipf("no headless browser at %s: run `make browser` to install it (%v)", dir, err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node on PATH to drive the browser")
	}
	page := filepath.Join(t.TempDir(), "matrix.html")
	f, err := os.Create(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := NewMatrix(sampleRuns()).WriteHTML(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	cmd := exec.Command(node, filepath.Join("testdata", "matrix_browser.mjs"), dir, page)
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("the browser check failed: %v\n%s%s", err, out, stderr)
	}
	var seen struct {
		Requests                              []string
		Areas                                 []string
		AreaSummary, FeatureSummary, Scenario string
		CellLabel, CellText                   string
		FeatureVisibleBefore, FeatureVisible  bool
		TextVisibleBefore, TextVisible        bool
	}
	if err := json.Unmarshal(out, &seen); err != nil {
		t.Fatalf("reading what the browser saw: %v\n%s", err, out)
	}
	switch {
	case strings.Join(seen.Areas, ",") != "socket,address,server":
		t.Errorf("the tree shows areas %v", seen.Areas)
	case !strings.Contains(seen.AreaSummary, "socket") || !strings.Contains(seen.AreaSummary, "1/2"):
		t.Errorf("the socket area's row reads %q", seen.AreaSummary)
	case seen.FeatureVisibleBefore || !seen.FeatureVisible:
		t.Errorf("the area did not open on a click: features visible before %v, after %v", seen.FeatureVisibleBefore, seen.FeatureVisible)
	case !strings.Contains(seen.FeatureSummary, "socket/write.feature"):
		t.Errorf("the first feature reads %q", seen.FeatureSummary)
	case seen.Scenario != "write a string" || seen.CellLabel != "FAIL: behaviour":
		t.Errorf("the first scenario is %q with cell %q", seen.Scenario, seen.CellLabel)
	case seen.TextVisibleBefore || !seen.TextVisible:
		t.Errorf("the cell did not open on a click: text visible before %v, after %v", seen.TextVisibleBefore, seen.TextVisible)
	case !strings.Contains(seen.CellText, "got:      returned false"):
		t.Errorf("the opened cell reads %q", seen.CellText)
	}
	if len(seen.Requests) != 1 {
		t.Errorf("the page needs more than itself: it requested %v", seen.Requests)
	}
}
