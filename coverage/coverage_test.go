package coverage_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/netconform/netconform/coverage"
	"github.com/netconform/netconform/features"
)

// TestLintFeatures is the traceability lint of `make test`: every
// scenario names the members it proves, every member is one a document
// lists, and every feature quotes the sentences it proves.
func TestLintFeatures(t *testing.T) {
	fs, err := coverage.LoadFeatures(features.FS)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := coverage.Manifests()
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) == 0 || len(ms) == 0 {
		t.Fatalf("want features and manifests, got %d and %d", len(fs), len(ms))
	}
	for _, p := range coverage.Lint(fs, ms) {
		t.Error(p)
	}
}

func TestLintCatchesUntracedScenarios(t *testing.T) {
	fsys := fstest.MapFS{
		"a/x.feature": {Data: []byte("Feature: x\n\n  No quote here.\n\n  Scenario: untagged\n    Given a step\n\n  @member:no.such\n  Scenario: unknown\n    Given a step\n")},
	}
	fs, err := coverage.LoadFeatures(fsys)
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(coverage.Lint(fs, []coverage.Manifest{{Members: []coverage.Member{{ID: "net.isIP"}}}}), "\n")
	for _, want := range []string{"quotes no doc sentence", `"untagged" has no @member: tag`, "@member:no.such, which no manifest lists"} {
		if !strings.Contains(got, want) {
			t.Errorf("the lint misses %q; it said:\n%s", want, got)
		}
	}
}

func TestComputeRespectsProfiles(t *testing.T) {
	fsys := fstest.MapFS{
		"a/x.feature": {Data: []byte("Feature: x\n\n  @member:net.isIP @profile:v19\n  Scenario: new\n    Given a step\n\n  @member:net.isIP\n  Scenario: both\n    Given a step\n")},
	}
	fs, _ := coverage.LoadFeatures(fsys)
	reports := coverage.Compute(fs, []coverage.Manifest{
		{Title: "Node.js v0.10 net docs", Profile: "v0.10", Members: []coverage.Member{{ID: "net.isIP"}, {ID: "net.isIPv4"}}},
		{Title: "Node.js v19 net docs", Profile: "v19", Members: []coverage.Member{{ID: "net.isIP"}}},
	})
	if n := len(reports[0].Entries[0].Scenarios); n != 1 {
		t.Errorf("v0.10 doc: want 1 scenario (the untagged one), got %d", n)
	}
	if reports[0].Covered() != 1 {
		t.Errorf("v0.10 doc: want 1 of 2 members covered, got %d", reports[0].Covered())
	}
	if n := len(reports[1].Entries[0].Scenarios); n != 2 {
		t.Errorf("v19 doc: want 2 scenarios, got %d", n)
	}
}
