package steps_test

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/netconform/netconform/steps"
	"github.com/netconform/netconform/steps/reftarget"
)

// levelsFeature expects, on purpose, what the reference does not do:
// some steps only another message, some another behaviour.
const levelsFeature = `Feature: levels
  Scenario: only a thrown message differs
    When I call new net.SocketAddress({family: "IPV4"})
    Then it throws ERR_INVALID_ADDRESS with message "Invalid socket address!"

  Scenario: only a callback's error message differs
    Given server srv
    When I call srv.close(closed)
    Then closed is called with {name: "Error", code: "ERR_SERVER_NOT_RUNNING", message: "Server is not running!"}
    And srv emits 'close'

  Scenario: the wording differs, then the behaviour
    When I call new net.SocketAddress({family: "IPV4"})
    Then it throws ERR_INVALID_ADDRESS with message "Invalid socket address!"
    When I call net.isIP("1.2.3.4")
    Then it returns 6

  Scenario: the code differs with the message right
    When I call new net.SocketAddress({family: "IPV4"})
    Then it throws ERR_INVALID_IP_ADDRESS with message "Invalid socket address"

  Scenario: the class differs
    When I call new net.SocketAddress({family: "IPV4"})
    Then it throws RangeError ERR_INVALID_ADDRESS with message "Invalid socket address!"

  Scenario: all is right
    When I call new net.SocketAddress({family: "IPV4"})
    Then it throws ERR_INVALID_ADDRESS with message "Invalid socket address"
`

func runLevels(t *testing.T, ignore bool) (map[string]steps.Result, int, string) {
	t.Helper()
	results := &steps.Results{}
	var out bytes.Buffer
	status, err := steps.Run(steps.RunOptions{
		Config: steps.Config{Target: reftarget.New(), Profile: "v19", Results: results, IgnoreWording: ignore},
		FS:     fstest.MapFS{"levels.feature": {Data: []byte(levelsFeature)}},
		Format: "pretty", Output: &out,
	})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]steps.Result{}
	for _, r := range results.List() {
		byName[r.Scenario] = r
	}
	return byName, status, out.String()
}

// TestLevels: a scenario that differs only in an error's message fails
// at the wording level and goes on past it, so that a later behaviour
// failure still shows; a different class or code is behaviour.
func TestLevels(t *testing.T) {
	got, status, out := runLevels(t, false)
	if status == 0 {
		t.Fatalf("a run with failures passed:\n%s", out)
	}
	want := map[string]struct {
		status steps.Status
		level  steps.Level
		shows  []string
	}{
		"only a thrown message differs": {steps.Failed, steps.LevelWording, []string{
			"(wording only)", `expected: throws ERR_INVALID_ADDRESS with message "Invalid socket address!"`}},
		"only a callback's error message differs": {steps.Failed, steps.LevelWording, []string{
			"closed emits 'call' with", "(wording only)"}},
		"the wording differs, then the behaviour": {steps.Failed, steps.LevelBehaviour, []string{
			"expected: returns 6", "got:      returned 4", "differs in wording only", "Invalid socket address!"}},
		"the code differs with the message right": {steps.Failed, steps.LevelBehaviour, []string{"expected: throws ERR_INVALID_IP_ADDRESS"}},
		"the class differs":                       {steps.Failed, steps.LevelBehaviour, []string{"expected: throws RangeError ERR_INVALID_ADDRESS"}},
		"all is right":                            {steps.Passed, steps.LevelFull, nil},
	}
	for name, w := range want {
		r, ok := got[name]
		if !ok {
			t.Errorf("%s: no result", name)
			continue
		}
		if r.Status != w.status || r.Level != w.level {
			t.Errorf("%s: %s at level %s, want %s at %s; message:\n%s", name, r.Status, r.Level, w.status, w.level, r.Message)
		}
		for _, s := range w.shows {
			if !strings.Contains(r.Message, s) {
				t.Errorf("%s: the message does not show %q:\n%s", name, s, r.Message)
			}
		}
	}
	for name, step := range map[string]string{
		"only a thrown message differs":           `it throws ERR_INVALID_ADDRESS with message "Invalid socket address!"`,
		"the wording differs, then the behaviour": "it returns 6",
		"all is right": "",
	} {
		if got[name].Step != step {
			t.Errorf("%s: the failing step is %q, want %q", name, got[name].Step, step)
		}
	}
	if !strings.Contains(out, "Invalid socket address!") {
		t.Errorf("godog's own report does not show the wording failure:\n%s", out)
	}
}

// TestIgnoreWording: with wording ignored, the scenarios whose behaviour
// held pass (keeping the mismatch as their message); the others fail.
func TestIgnoreWording(t *testing.T) {
	got, status, _ := runLevels(t, true)
	if status == 0 {
		t.Fatal("behaviour failures passed with wording ignored")
	}
	for name, st := range map[string]steps.Status{
		"only a thrown message differs":           steps.Passed,
		"only a callback's error message differs": steps.Passed,
		"the wording differs, then the behaviour": steps.Failed,
		"the code differs with the message right": steps.Failed,
		"all is right": steps.Passed,
	} {
		if got[name].Status != st {
			t.Errorf("%s: %s, want %s", name, got[name].Status, st)
		}
	}
	if r := got["only a thrown message differs"]; r.Level != steps.LevelWording || !strings.Contains(r.Message, "Invalid socket address!") {
		t.Errorf("an ignored wording difference is not kept: %+v", r)
	}
}
