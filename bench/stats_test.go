package main

import (
	"os"
	"strings"
	"testing"
)

func TestSummarize(t *testing.T) {
	for _, c := range []struct {
		xs               []float64
		min, median, max float64
	}{
		{[]float64{3, 1, 2}, 1, 2, 3},
		{[]float64{4, 1, 3, 2}, 1, 2.5, 4},
		{[]float64{7}, 7, 7, 7},
	} {
		s := summarize(c.xs)
		if s.min != c.min || s.median != c.median || s.max != c.max || s.n != len(c.xs) {
			t.Errorf("summarize(%v) = %+v, want min %v median %v max %v", c.xs, s, c.min, c.median, c.max)
		}
	}
	if s := summarize(nil); s.n != 0 {
		t.Errorf("summarize(nil) = %+v, want no rounds", s)
	}
}

// TestSpreadWarning checks that a server whose rounds spread more than
// 20% of their median is named with its metric, and one within it is
// not.
func TestSpreadWarning(t *testing.T) {
	rounds := map[string][]float64{
		"reference": {100, 105, 110},  // 10%
		"node":      {1188, 407, 328}, // the Node 20 stream rounds
	}
	var b strings.Builder
	n := printTables(&b, []string{"reference", "node"}, []metric{{
		label: "Stream64KiB8Conns MB/s",
		get:   func(s string) []float64 { return rounds[s] },
	}, {
		label:     "server waiting for a CPU",
		get:       func(s string) []float64 { return rounds["node"] },
		condition: true,
	}})
	out := b.String()
	if n != 1 {
		t.Errorf("%d warnings, want 1:\n%s", n, out)
	}
	if !strings.Contains(out, "warning: node, Stream64KiB8Conns MB/s:") {
		t.Errorf("no warning naming node and the metric:\n%s", out)
	}
	if strings.Contains(out, "warning: reference") {
		t.Errorf("a warning for the reference, whose rounds spread 10%%:\n%s", out)
	}
	if !strings.Contains(out, "| 105 (100–110) | 407 (328–1188) |") {
		t.Errorf("the table lacks median (min–max) cells:\n%s", out)
	}
	if strings.Count(out, "server waiting for a CPU") != 1 {
		t.Errorf("a condition row must appear once, in the first table, with no warning:\n%s", out)
	}
	if !strings.Contains(out, "0.26x") {
		t.Errorf("the ratio table lacks reference/node = 105/407:\n%s", out)
	}
}

// TestMissingRuntimeIsNamed checks that a runtime that is not installed
// gives an error naming it and saying how to install it.
func TestMissingRuntimeIsNamed(t *testing.T) {
	empty := t.TempDir()
	t.Setenv("NETCONFORM_RUNTIMES", empty)
	for _, name := range []string{"node24", "bun"} {
		k, ok := findKind(name)
		if !ok {
			t.Fatalf("no server kind %s", name)
		}
		_, err := k.command(&benchEnv{self: os.Args[0], echo: "echo.cjs"})
		if err == nil {
			t.Fatalf("server %s ran with no runtime in %s", name, empty)
		}
		if msg := err.Error(); !strings.Contains(msg, name+" is not installed") || !strings.Contains(msg, "make runtimes") {
			t.Errorf("server %s: unclear error %q", name, msg)
		}
	}
}
