package main

import (
	"strings"
	"testing"

	"github.com/netconform/netconform/steps"
)

func TestDriftRefusesWhatDoesNotApply(t *testing.T) {
	if code, _, stderr := runCLI("drift", "--node", "20"); code != 2 || !strings.Contains(stderr, "do not apply") {
		t.Errorf("--node: exit %d, %q", code, stderr)
	}
	if code, _, stderr := runCLI("drift", "--targets", "bun"); code != 2 || !strings.Contains(stderr, "bun is not a Node.js line") {
		t.Errorf("bun: exit %d, %q", code, stderr)
	}
}

func TestDriftKeepsVariantsApart(t *testing.T) {
	a, va := driftKey(steps.Result{Feature: "f", Scenario: "s", Tags: []string{"@member:x", "@node:<22"}})
	b, vb := driftKey(steps.Result{Feature: "f", Scenario: "s", Tags: []string{"@node:>=22", "@member:x"}})
	if a == b || va != "@node:<22" || vb != "@node:>=22" {
		t.Errorf("keys %q %q, variants %q %q", a, b, va, vb)
	}
}

func TestDriftMarkdownListsDisagreementsAndMembers(t *testing.T) {
	lines := []driftLine{{Target: "node", Implementation: "node v20"}, {Target: "node22", Implementation: "node v22"}, {Target: "node24", Skipped: "not installed"}}
	doc := driftDoc{Lines: lines, Scenarios: []driftScenario{
		{ID: "f :: same everywhere", Members: []string{"m"}, Verdicts: map[string]string{"node": "pass", "node22": "pass"}},
		{ID: "f :: changed in 22", Variant: "@node:<22", Members: []string{"m"}, Verdicts: map[string]string{"node": "pass", "node22": "fail"}},
	}}
	md := driftMarkdown(doc)
	for _, want := range []string{
		"| node24 | not run: not installed |",
		"| f :: changed in 22 | @node:<22 | pass | fail |",
		"1 of 2 scenarios",
		"| m | 2/2 | 1/2 |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("drift.md lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "same everywhere") {
		t.Errorf("drift.md lists a scenario every line passes:\n%s", md)
	}
}
