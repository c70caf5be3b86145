package steps

import (
	"strings"
	"testing"
)

func TestNodeTagsAdmitTheirLines(t *testing.T) {
	for _, c := range []struct {
		tag   string
		admit string // the lines admitted, of NodeLines
	}{
		{"@node:20", "20"},
		{"@node:>=22", "22 24 26"},
		{"@node:<22", "0.10 19 20"},
		{"@node:<0.10", ""},
	} {
		admits, ok, err := ParseNodeTag(c.tag)
		if !ok || err != nil {
			t.Fatalf("%s: ok %v, err %v", c.tag, ok, err)
		}
		var got []string
		for _, l := range NodeLines {
			if admits(l) {
				got = append(got, l)
			}
		}
		if strings.Join(got, " ") != c.admit {
			t.Errorf("%s admits %v, want %s", c.tag, got, c.admit)
		}
	}
}

func TestBadNodeTagsAndLinesAreNamed(t *testing.T) {
	for _, tag := range []string{"@node:21", "@node:>22x", "@node:<=22", "@node:"} {
		if _, ok, err := ParseNodeTag(tag); !ok || err == nil || !strings.Contains(err.Error(), tag) {
			t.Errorf("%s: ok %v, err %v; want an error naming the tag", tag, ok, err)
		}
	}
	if _, ok, _ := ParseNodeTag("@profile:v19"); ok {
		t.Error("@profile:v19 taken for a baseline tag")
	}
	if _, err := SelectionFor("v19", "21", ""); err == nil || !strings.Contains(err.Error(), `"21"`) {
		t.Errorf("baseline 21: err %v, want one naming it", err)
	}
}

// TestBaselineSelection checks the expression against scenarios tagged
// as the features tag them.
func TestBaselineSelection(t *testing.T) {
	scenarios := map[string][]string{
		"untagged": {"@member:x"},
		"node20":   {"@node:<22"},
		"node22+":  {"@node:>=22"},
		"node22":   {"@node:>=22", "@node:<24"},
		"node19":   {"@node:19"},
	}
	want := map[string]string{
		"19": "node19 node20 untagged",
		"20": "node20 untagged",
		"22": "node22 node22+ untagged",
		"26": "node22+ untagged",
	}
	for line, w := range want {
		expr, err := SelectionFor("v19", line, "")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, name := range []string{"node19", "node20", "node22", "node22+", "untagged"} {
			if MatchTags(expr, scenarios[name]) {
				got = append(got, name)
			}
		}
		if strings.Join(got, " ") != w {
			t.Errorf("baseline %s selects %v, want %s", line, got, w)
		}
	}
}
