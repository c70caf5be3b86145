package steps

import (
	"errors"
	"strings"
	"testing"
)

// TestReproCoversEveryStep: every step definition has a JavaScript form
// for `netconform repro`, or a reason why no program can take it; a new
// step without either fails here.
func TestReproCoversEveryStep(t *testing.T) {
	patterns := map[string]bool{}
	for _, p := range StepPatterns() {
		patterns[p] = true
		_, emits := reproEmitters[p]
		why, cannot := reproCannot[p]
		switch {
		case emits && cannot:
			t.Errorf("step %s has both a JavaScript form and a reason it cannot have one", p)
		case !emits && !cannot:
			t.Errorf("step %s has no JavaScript form: add an emitter to reproEmitters (steps/repro.go), or its reason to reproCannot", p)
		case cannot && strings.TrimSpace(why) == "":
			t.Errorf("step %s cannot be a program, with no reason given", p)
		}
	}
	for p := range reproEmitters {
		if !patterns[p] {
			t.Errorf("reproEmitters has %s, which is no step definition", p)
		}
	}
	for p := range reproCannot {
		if !patterns[p] {
			t.Errorf("reproCannot has %s, which is no step definition", p)
		}
	}
}

// TestReproSaysWhatItCannot: a scenario with a step that looks from
// outside the target is no program, and says which step and why; one
// with a step no definition matches is an error naming it.
func TestReproSaysWhatItCannot(t *testing.T) {
	_, err := Repro("x.feature", "x", []ReproStep{{"Given", "server srv"}, {"Then", "the kernel socket of srv has TCP_NODELAY 1"}})
	var cr *CannotRepro
	if !errors.As(err, &cr) || !strings.Contains(err.Error(), "pidfd_getfd") || !strings.Contains(err.Error(), "TCP_NODELAY") {
		t.Errorf("a kernel option step: %v", err)
	}
	if _, err := Repro("x.feature", "x", []ReproStep{{"Given", "a unicorn"}}); err == nil || !strings.Contains(err.Error(), `"a unicorn" matches no step definition`) {
		t.Errorf("an unknown step: %v", err)
	}
	prog, err := Repro("x.feature", "x", []ReproStep{{"When", `I call srv.close(closed)`}})
	if err == nil {
		t.Errorf("a call on an object the scenario never made was written:\n%s", prog)
	}
	prog, err = Repro("x.feature", "x", []ReproStep{
		{"Given", "server srv"},
		{"When", "I call srv.close(closed)"},
		{"Then", `closed is called with {code: "ERR_SERVER_NOT_RUNNING"}`},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"const net = require('node:net');", "const closed = H.fn(\"closed\");", "() => srv.close(closed)",
		`await H.emits("closed", "call", { code: "ERR_SERVER_NOT_RUNNING" }, true);`} {
		if !strings.Contains(prog, want) {
			t.Errorf("the program lacks %s:\n%s", want, prog)
		}
	}
	if strings.Contains(prog, "function tempSocketPath") {
		t.Error("a program with no file step carries the file helpers")
	}
}
