package main

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCheckDriverPassesTheShippedDrivers holds check-driver to the
// drivers the suite ships: a check they fail is a wrong check.
func TestCheckDriverPassesTheShippedDrivers(t *testing.T) {
	targets := []string{"reference-driver"}
	if _, err := exec.LookPath("node"); err == nil {
		targets = append(targets, "node")
	}
	for _, target := range targets {
		code, out, stderr := runCLI("check-driver", "--target", target)
		if code != 0 {
			t.Errorf("%s: exit %d\n%s%s", target, code, out, stderr)
		}
		m := regexp.MustCompile(`(\d+) of (\d+) checks passed`).FindStringSubmatch(out)
		if m == nil || m[1] != m[2] {
			t.Errorf("%s: no full checklist:\n%s", target, out)
		}
		t.Logf("%s: %s", target, m[0])
		for _, part := range []string{"handshake", "malformed input", "open", "invoke", "values, runner to driver", "values, driver to runner", "react", "events", "close"} {
			if !strings.Contains(out, "\n"+part+"\n") {
				t.Errorf("%s: the checklist has no part %q", target, part)
			}
		}
	}
}

// TestCheckDriverFailsADriverThatSkipsAPart runs check-driver against
// the node driver with one part of the protocol broken at a time
// (testdata/faulty-driver.cjs): each must fail, on the checks of that
// part.
func TestCheckDriverFailsADriverThatSkipsAPart(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("no node on PATH to run the faulty drivers")
	}
	faulty, err := filepath.Abs("testdata/faulty-driver.cjs")
	if err != nil {
		t.Fatal(err)
	}
	driver, cleanup, err := writeNodeDriver("node")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cleanup) // after the parallel subtests, not when this function returns
	for mode, wantFail := range map[string][]string{
		"skip-react":     {"the callback reaction's action ran", "a nested reaction ran"},
		"skip-callbacks": {"reports the call of a callback of the runner's", "runs a callback reaction"},
		"skip-events":    {"reports srv 'listening'", "reports srv 'connection'", "process 'uncaughtException'"},
		"throws-unknown": {"a call on an unknown object is an error reply, not thrown", "react on an unknown object is an error reply"},
	} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			code, out, _ := runCLI("check-driver", "--timeout", "1s", "--target", "cmd:node "+faulty+" "+mode+" "+driver)
			if code != 1 {
				t.Errorf("exit %d, want 1\n%s", code, out)
			}
			for _, name := range wantFail {
				if !regexp.MustCompile(`(?m)^  \[FAIL\] .*` + regexp.QuoteMeta(name)).MatchString(out) {
					t.Errorf("the check %q did not fail:\n%s", name, out)
				}
			}
			if !strings.Contains(out, "[ok]   says hello with protocol 1 first") {
				t.Errorf("the faulty driver did not even start:\n%s", out)
			}
		})
	}
}
