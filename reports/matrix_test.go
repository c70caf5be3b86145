package reports

import (
	"strings"
	"testing"

	"github.com/netconform/netconform/expectations"
	"github.com/netconform/netconform/steps"
)

// TestDriverTextCannotLeaveItsCodeBlock: a failure whose text carries
// code fences (a driver's stderr or strings) stays inside its block in
// matrix.md.
func TestDriverTextCannotLeaveItsCodeBlock(t *testing.T) {
	msg := "driver said:\n```\n# Everything passed\n````\nreally"
	run := Run{Target: "cmd:evil", Profile: "v19", Report: expectations.Report{Judged: []expectations.Judged{{
		Result:  steps.Result{Feature: "f.feature", Scenario: "s", Status: steps.Failed, Message: msg},
		Verdict: expectations.UnexpectedFail,
	}}}}
	var b strings.Builder
	if err := NewMatrix([]Run{run}).WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	open := strings.Index(md, "`````\ndriver said:")
	if open < 0 {
		t.Fatalf("the failure's block does not open with a fence longer than the text's: %s", md)
	}
	rest := md[open+len("`````\n"):]
	end := strings.Index(rest, "\n`````\n")
	if end < 0 || rest[:end] != msg {
		t.Errorf("the block does not hold exactly the failure's text: %q", rest)
	}
}
