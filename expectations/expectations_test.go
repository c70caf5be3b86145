package expectations

import (
	"strings"
	"testing"

	"github.com/netconform/netconform/steps"
)

func TestJudge(t *testing.T) {
	f, err := Parse([]byte(`
target: x
failing:
  - scenario: "a.feature :: known bad"
    observed: "it threw"
    reason: "x's bug"
  - scenario: "a.feature :: fixed since"
    reason: "was x's bug"
  - scenario: "a.feature :: gone"
    reason: "renamed"
`))
	if err != nil {
		t.Fatal(err)
	}
	rep := f.Judge([]steps.Result{
		{Feature: "a.feature", Scenario: "known bad", Status: steps.Failed},
		{Feature: "a.feature", Scenario: "fixed since", Status: steps.Passed},
		{Feature: "a.feature", Scenario: "fine", Status: steps.Passed},
		{Feature: "a.feature", Scenario: "new bug", Status: steps.Failed},
	}, nil)
	want := map[string]Verdict{"known bad": ExpectedFail, "fixed since": UnexpectedPass, "fine": Pass, "new bug": UnexpectedFail}
	for _, j := range rep.Judged {
		if j.Verdict != want[j.Scenario] {
			t.Errorf("%s: got %s, want %s", j.Scenario, j.Verdict, want[j.Scenario])
		}
	}
	if rep.OK() {
		t.Error("a run with an unexpected failure and an unexpected pass is OK")
	}
	if len(rep.Stale) != 1 || rep.Stale[0].Scenario != "a.feature :: gone" {
		t.Errorf("stale: %v", rep.Stale)
	}
}

func TestOnlyExpectedFailuresIsOK(t *testing.T) {
	f := File{Failing: []Entry{{Scenario: "a.feature :: bad", Reason: "r"}}}
	rep := f.Judge([]steps.Result{{Feature: "a.feature", Scenario: "bad", Status: steps.Failed}}, nil)
	if !rep.OK() || rep.Count(ExpectedFail) != 1 {
		t.Fatalf("want OK with one expected failure: %+v", rep)
	}
}

func TestParseRejectsBadFiles(t *testing.T) {
	for name, text := range map[string]string{
		"no separator": "failing:\n  - scenario: just a name\n    reason: r\n",
		"no reason":    "failing:\n  - scenario: \"a :: b\"\n",
		"twice":        "failing:\n  - scenario: \"a :: b\"\n    reason: r\n  - scenario: \"a :: b\"\n    reason: r\n",
		"unknown key":  "failing:\n  - scenario: \"a :: b\"\n    reason: r\n    because: x\n",
	} {
		if _, err := Parse([]byte(text)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestEmbeddedFilesParse(t *testing.T) {
	entries, err := files.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		target := strings.TrimSuffix(e.Name(), ".yaml")
		f, err := Load(target, "")
		if err != nil {
			t.Errorf("%s: %v", e.Name(), err)
		}
		if target != "README" && f.Target != target {
			t.Errorf("%s says target %q", e.Name(), f.Target)
		}
	}
	if f, _ := Load("reference", ""); len(f.Failing) != 0 {
		t.Error("the reference must have no expected failures")
	}
}

// TestJudgeLevels: an entry that says its failure is wording-only makes
// a behaviour failure of the scenario unexpected, and passes when the
// run ignores wording; an entry that does not say so is met by either.
func TestJudgeLevels(t *testing.T) {
	f, err := Parse([]byte(`
target: x
failing:
  - scenario: "a.feature :: words"
    reason: "x words it otherwise"
    level: wording
  - scenario: "a.feature :: words, now worse"
    reason: "x words it otherwise"
    level: wording
  - scenario: "a.feature :: broken"
    reason: "x's bug"
  - scenario: "a.feature :: broken, words ignored"
    reason: "x's bug"
  - scenario: "a.feature :: words, ignored"
    reason: "x words it otherwise"
    level: wording
`))
	if err != nil {
		t.Fatal(err)
	}
	rep := f.Judge([]steps.Result{
		{Feature: "a.feature", Scenario: "words", Status: steps.Failed, Level: steps.LevelWording},
		{Feature: "a.feature", Scenario: "words, now worse", Status: steps.Failed, Level: steps.LevelBehaviour},
		{Feature: "a.feature", Scenario: "broken", Status: steps.Failed, Level: steps.LevelWording},
		{Feature: "a.feature", Scenario: "broken, words ignored", Status: steps.Passed, Level: steps.LevelWording},
		{Feature: "a.feature", Scenario: "words, ignored", Status: steps.Passed, Level: steps.LevelWording},
	}, nil)
	want := map[string]Verdict{
		"words":                 ExpectedFail,
		"words, now worse":      UnexpectedFail,
		"broken":                ExpectedFail,
		"broken, words ignored": UnexpectedPass,
		"words, ignored":        Pass,
	}
	for _, j := range rep.Judged {
		if j.Verdict != want[j.Scenario] {
			t.Errorf("%s: got %s, want %s", j.Scenario, j.Verdict, want[j.Scenario])
		}
	}
	if _, err := Parse([]byte("failing:\n  - scenario: \"a :: b\"\n    reason: r\n    level: words\n")); err == nil || !strings.Contains(err.Error(), `level "words"`) {
		t.Errorf("a misspelt level: %v", err)
	}
}
