package reports

import (
	"strings"
	"testing"

	"github.com/netconform/netconform/steps"
)

// TestLevelJUnit: each failure of godog's JUnit gets its scenario's
// level as its type; a failure godog typed keeps its type.
func TestLevelJUnit(t *testing.T) {
	in := `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="netconform" tests="3" skipped="0" failures="2" errors="0" time="0">
  <testsuite name="isIP" tests="3" skipped="0" failures="2" errors="0" time="0">
    <testcase name="words" status="failed" time="0"><failure message="Step x: y"></failure></testcase>
    <testcase name="acts" status="failed" time="0"><failure message="Step x: z"></failure></testcase>
    <testcase name="undefined one" status="undefined" time="0"><failure message="Step q" type="undefined"></failure></testcase>
  </testsuite>
</testsuites>`
	out, err := LevelJUnit([]byte(in), map[string]string{"isIP": "address/isip.feature"}, []steps.Result{
		{Feature: "address/isip.feature", Scenario: "words", Status: steps.Failed, Level: steps.LevelWording},
		{Feature: "address/isip.feature", Scenario: "acts", Status: steps.Failed, Level: steps.LevelBehaviour},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<testcase name="words" status="failed" time="0"><failure message="Step x: y" type="wording">`,
		`<testcase name="acts" status="failed" time="0"><failure message="Step x: z" type="behaviour">`,
		`<failure message="Step q" type="undefined">`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the JUnit lacks %s:\n%s", want, out)
		}
	}
	if _, err := LevelJUnit([]byte("<testsuites><testsuite>"), nil, nil); err == nil {
		t.Error("a truncated JUnit file was accepted")
	}
}
