package steps_test

import (
	"strings"
	"testing"

	"github.com/netconform/netconform/steps"
)

func TestTagExpressions(t *testing.T) {
	tags := []string{"@area:server", "@member:server.listen", "@profile:v19"}
	for expr, want := range map[string]bool{
		"@area:server":                           true,
		"@area:socket":                           false,
		"@area:socket,@area:server":              true,
		"@area:server && ~@member:server.listen": false,
		"~@profile:v0.10":                        true,
		"@area:server && ~@profile:v19":          false,
	} {
		if got := steps.MatchTags(expr, tags); got != want {
			t.Errorf("MatchTags(%q) = %v, want %v", expr, got, want)
		}
	}
	for _, bad := range []string{"@a &&", "(@a)", "a", "@a || @b", ""} {
		if err := steps.CheckTags(bad); err == nil {
			t.Errorf("CheckTags(%q) accepted it", bad)
		}
	}
	// The profile's clause, then the default baseline's (TestBaselineSelection
	// checks what those select).
	if expr, err := steps.Selection("v0.10", "@area:server"); err != nil || !strings.HasPrefix(expr, "@area:server && ~@profile:v19 && ~@node:") {
		t.Errorf("Selection = %q, %v", expr, err)
	}
}
