package steps

import (
	"strings"
	"testing"
)

// TestParseOrder checks the entries of the ordering step: callbacks by
// name, events as obj 'event', and a clear error for anything else.
func TestParseOrder(t *testing.T) {
	items, err := parseOrder("tick, srv 'listening', onListening")
	if err != nil {
		t.Fatal(err)
	}
	want := []orderItem{{"tick", "tick", "call"}, {"srv 'listening'", "srv", "listening"}, {"onListening", "onListening", "call"}}
	if len(items) != len(want) {
		t.Fatalf("got %v, want %v", items, want)
	}
	for i := range want {
		if items[i] != want[i] {
			t.Errorf("entry %d: got %+v, want %+v", i, items[i], want[i])
		}
	}
	for _, bad := range []string{"tick", "tick, srv listening", "tick, 'close'", "tick,, micro"} {
		if _, err := parseOrder(bad); err == nil || !strings.Contains(err.Error(), "step argument") {
			t.Errorf("parseOrder(%q) = %v, want a step argument error", bad, err)
		}
	}
}
