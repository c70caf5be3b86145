package reports

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/netconform/netconform/expectations"
	"github.com/netconform/netconform/internal/xsdcheck"
	"github.com/netconform/netconform/steps"
)

func loadJUnitXSD(t *testing.T) *xsdcheck.Schema {
	t.Helper()
	s, err := xsdcheck.JUnitSchema()
	if err != nil {
		t.Fatalf("junit-ci.xsd: %v", err)
	}
	return s
}

// sampleRun has one scenario of each verdict, in two feature files.
func sampleRun() Run {
	res := func(feature, name string, st steps.Status, msg string) steps.Result {
		return steps.Result{Feature: feature, Scenario: name, Status: st, Message: msg, Duration: 3 * time.Millisecond}
	}
	known := &expectations.Entry{Scenario: "a/x.feature :: known bad", Reason: "x's bug <&>"}
	fixed := &expectations.Entry{Scenario: "b/y.feature :: fixed since", Reason: "was x's bug"}
	return Run{Target: "x", Profile: "v19", Elapsed: 2 * time.Second, Report: expectations.Report{Judged: []expectations.Judged{
		{Result: res("a/x.feature", "fine", steps.Passed, ""), Verdict: expectations.Pass},
		{Result: withLevel(res("a/x.feature", "known bad", steps.Failed, "expected: 1\ngot: 2"), steps.LevelWording), Verdict: expectations.ExpectedFail, Entry: known},
		{Result: res("b/y.feature", "fixed since", steps.Passed, ""), Verdict: expectations.UnexpectedPass, Entry: fixed},
		{Result: res("b/y.feature", "new bug \x01", steps.Failed, "expected: a\ngot: b"), Verdict: expectations.UnexpectedFail},
	}}}
}

func TestJUnitMatchesTheCISchemaAndTheVerdicts(t *testing.T) {
	schema := loadJUnitXSD(t)
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, sampleRun()); err != nil {
		t.Fatal(err)
	}
	if errs := schema.Validate(buf.Bytes()); len(errs) > 0 {
		t.Fatalf("the JUnit does not match junit-ci.xsd:\n%s\n%s", strings.Join(errs, "\n"), buf.String())
	}
	var doc junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Tests != 4 || doc.Failures != 2 || doc.Errors != 0 || len(doc.Suites) != 2 {
		t.Fatalf("tests %d failures %d errors %d suites %d; want 4, 2, 0, 2", doc.Tests, doc.Failures, doc.Errors, len(doc.Suites))
	}
	a, b := doc.Suites[0], doc.Suites[1]
	if a.Name != "a/x.feature" || b.Name != "b/y.feature" || a.Skipped != 1 || a.Failures != 0 || b.Failures != 2 {
		t.Errorf("suites: %+v / %+v", a, b)
	}
	for _, s := range doc.Suites {
		for _, c := range s.Cases {
			if c.Classname != s.Name {
				t.Errorf("%s: classname %q, want the feature path %q", c.Name, c.Classname, s.Name)
			}
		}
	}
	skipped := a.Cases[1].Skipped
	if skipped == nil || skipped.Message != "expected failure: x's bug <&>" || a.Cases[1].Failure != nil {
		t.Errorf("the expected failure is not a <skipped> with its reason: %+v", a.Cases[1])
	}
	if f := b.Cases[0].Failure; f == nil || !strings.Contains(f.Message, "remove its entry") {
		t.Errorf("the unexpected pass is not a failure: %+v", b.Cases[0])
	}
	if f := b.Cases[1].Failure; f == nil || f.Message != "expected: a" || f.Text != "expected: a\ngot: b" || f.Type != "behaviour" {
		t.Errorf("the unexpected failure: %+v", b.Cases[1])
	}
	if skipped != nil && skipped.Type != "wording" {
		t.Errorf("the expected failure's type is not its level, wording: %+v", skipped)
	}
}

// TestJUnitSchemaCheckRefusesWhatCIMisreads shows that the check can
// fail: each document breaks one rule of the schema.
func TestJUnitSchemaCheckRefusesWhatCIMisreads(t *testing.T) {
	schema := loadJUnitXSD(t)
	for name, doc := range map[string]string{
		// What godog's own junit format wrote before: a skipped attribute
		// on testsuites and a status attribute on testcase.
		"godog's attributes":         `<testsuites name="n" tests="1" skipped="0" failures="0" errors="0" time="1"><testsuite name="s" tests="1" failures="0" errors="0"><testcase name="c" status="passed" time="0"></testcase></testsuite></testsuites>`,
		"a suite without failures":   `<testsuites><testsuite name="s" tests="1" errors="0"><testcase name="c"/></testsuite></testsuites>`,
		"a testcase without name":    `<testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase classname="c"/></testsuite></testsuites>`,
		"a time that is not seconds": `<testsuites><testsuite name="s" tests="1" failures="0" errors="0" time="1s"><testcase name="c"/></testsuite></testsuites>`,
		"an unknown child":           `<testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase name="c"><expected/></testcase></testsuite></testsuites>`,
		"text in a testsuite":        `<testsuites><testsuite name="s" tests="1" failures="0" errors="0">oops<testcase name="c"/></testsuite></testsuites>`,
		"a testcase at the top":      `<testsuites><testcase name="c"/></testsuites>`,
		"not XML":                    `<testsuites>`,
	} {
		if errs := schema.Validate([]byte(doc)); len(errs) == 0 {
			t.Errorf("%s: accepted", name)
		} else {
			t.Logf("%s: %s", name, errs[0])
		}
	}
}

func withLevel(r steps.Result, l steps.Level) steps.Result {
	r.Level = l
	return r
}
