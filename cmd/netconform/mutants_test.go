package main

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestLoadMutants: helpers (names starting with _) are no mutants, every
// mutant's first line is its claim, and a mutant whose first line is not
// a comment, or a name --only asks for that is not there, is refused.
func TestLoadMutants(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "_lib.cjs"), "'use strict';\n")
	writeFile(t, filepath.Join(dir, "b.cjs"), "// breaks b\ncode\n")
	writeFile(t, filepath.Join(dir, "a.cjs"), "// breaks a\ncode\n")
	ms, err := loadMutants(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range ms {
		got = append(got, m.name+": "+m.claim)
	}
	if want := []string{"a: breaks a", "b: breaks b"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	for _, only := range []string{"a", "b"} {
		if ms, err := loadMutants(dir, only); err != nil || len(ms) != 1 || ms[0].name != only {
			t.Errorf("--only %s: %v, %v", only, ms, err)
		}
	}
	if _, err := loadMutants(dir, "a,nosuch"); err == nil || !strings.Contains(err.Error(), "no such mutant") || !strings.Contains(err.Error(), "nosuch") {
		t.Errorf("--only nosuch: %v", err)
	}
	writeFile(t, filepath.Join(dir, "c.cjs"), "'use strict';\n")
	if _, err := loadMutants(dir, ""); err == nil || !strings.Contains(err.Error(), "first line must be a comment") {
		t.Errorf("a mutant without its claim: %v", err)
	}
	if _, err := loadMutants(t.TempDir(), ""); err == nil || !strings.Contains(err.Error(), "no mutants") {
		t.Errorf("an empty folder: %v", err)
	}
}

// TestKillersFile: the features that killed mutants are kept across runs
// of a few (--only), forgotten for a mutant that survived, and ignored
// when the feature no longer exists.
func TestKillersFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "killers.json")
	writeFile(t, path, `{"a": "server/listen.feature", "b": "socket/events.feature", "gone": "no/such.feature"}`)
	m := readKillers(path)
	if want := map[string]string{"a": "server/listen.feature", "b": "socket/events.feature"}; !reflect.DeepEqual(m, want) {
		t.Fatalf("read %v, want %v", m, want)
	}
	verdicts := []mutantVerdict{
		{m: mutant{name: "a"}, killed: true, feature: "server/close.feature"},
		{m: mutant{name: "b"}}, // survived
		{m: mutant{name: "c"}, killed: true, feature: "socket/write.feature"},
	}
	if err := writeKillers(path, m, verdicts); err != nil {
		t.Fatal(err)
	}
	if got, want := readKillers(path), map[string]string{"a": "server/close.feature", "c": "socket/write.feature"}; !reflect.DeepEqual(got, want) {
		t.Errorf("wrote %v, want %v", got, want)
	}
	if got := readKillers(filepath.Join(t.TempDir(), "none.json")); len(got) != 0 {
		t.Errorf("a missing file gave %v", got)
	}
}
