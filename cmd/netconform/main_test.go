package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
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
