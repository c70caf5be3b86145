package expectations

import (
	"os"
	"reflect"
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
		if target == "README" {
			continue // an example of the format, for no target
		}
		f, err := Load(target, "")
		if err != nil {
			t.Errorf("%s: %v", e.Name(), err)
		}
		if f.Target != target {
			t.Errorf("%s says target %q", e.Name(), f.Target)
		}
	}
	if f, _ := Load("reference", ""); len(f.Failing) != 0 {
		t.Error("the reference must have no expected failures")
	}
}

func TestTargetMustMatch(t *testing.T) {
	path := t.TempDir() + "/x.yaml"
	if err := os.WriteFile(path, []byte("target: node22\nfailing: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load("node22", path); err != nil {
		t.Fatalf("a file for node22 refused for node22: %v", err)
	}
	_, err := Load("bun", path)
	if err == nil || !strings.Contains(err.Error(), `for target "node22", not "bun"`) || !strings.Contains(err.Error(), path) {
		t.Fatalf("a node22 file for target bun: %v", err)
	}
	if _, err := Parse([]byte("failing: []\n")); err == nil || !strings.Contains(err.Error(), "no target") {
		t.Fatalf("a file without target: %v", err)
	}
}

func TestSectionsAndNames(t *testing.T) {
	f, err := Parse([]byte(`
target: x
failing:
  - scenario: "a.feature :: always"
    reason: "x's bug"
profiles:
  v0.10:
    failing:
      - scenario: "a.feature :: old only"
        reason: "the v0.10 doc says otherwise"
baselines:
  node22:
    failing:
      - scenario: "a.feature :: new only"
        reason: "changed in 22"
`))
	if err != nil {
		t.Fatal(err)
	}
	ids := func(f File) (out []string) {
		for _, e := range f.Failing {
			out = append(out, e.Scenario)
		}
		return out
	}
	for _, c := range []struct {
		profile, baseline string
		want              []string
	}{
		{"v19", "", []string{"a.feature :: always"}},
		{"v0.10", "", []string{"a.feature :: always", "a.feature :: old only"}},
		{"v0.10", "node22", []string{"a.feature :: always", "a.feature :: old only", "a.feature :: new only"}},
	} {
		sel, err := f.Select(c.profile, c.baseline)
		if err != nil || !reflect.DeepEqual(ids(sel), c.want) {
			t.Errorf("Select(%q, %q) = %q, %v; want %q", c.profile, c.baseline, ids(sel), err, c.want)
		}
	}
	known := []string{"a.feature :: always", "a.feature :: old only", "a.feature :: new only"}
	if err := f.CheckNames(known); err != nil {
		t.Errorf("every entry names a scenario: %v", err)
	}
	err = f.CheckNames([]string{"a.feature :: always", "a.feature :: old-only", "b.feature :: new only"})
	if err == nil {
		t.Fatal("entries naming no scenario were accepted")
	}
	for _, want := range []string{
		`profiles.v0.10.failing: "a.feature :: old only" names no scenario of the suite; the nearest is "a.feature :: old-only"`,
		`baselines.node22.failing: "a.feature :: new only" names no scenario of the suite; the nearest is "b.feature :: new only"`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error %q does not say %q", err, want)
		}
	}
	dup, err := Parse([]byte("target: x\nfailing:\n  - scenario: \"a :: b\"\n    reason: r\nprofiles:\n  v19:\n    failing:\n      - scenario: \"a :: b\"\n        reason: r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dup.Select("v19", ""); err == nil || !strings.Contains(err.Error(), "listed in failing and in profiles.v19.failing") {
		t.Errorf("an entry in common and in a profile: %v", err)
	}
	if _, err := Parse([]byte("target: x\nprofiles:\n  v20:\n    failing: []\n")); err == nil || !strings.Contains(err.Error(), `unknown profile "v20"`) {
		t.Errorf("an unknown profile section: %v", err)
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
	if _, err := Parse([]byte("target: x\nfailing:\n  - scenario: \"a :: b\"\n    reason: r\n    level: words\n")); err == nil || !strings.Contains(err.Error(), `level "words"`) {
		t.Errorf("a misspelt level: %v", err)
	}
}
