package steps

import (
	"strings"
	"testing"
)

// TestRenderStaysSmall: a scenario flooded with events, each huge, still
// renders a failure message of bounded size that says what it left out.
func TestRenderStaysSmall(t *testing.T) {
	var evs []Event
	for i := 1; i <= 5000; i++ {
		evs = append(evs, Event{Seq: int64(i), Object: "s", Name: "data", Args: []any{strings.Repeat("x", 10000)}})
	}
	out := Render(evs)
	if len(out) > maxRendered*(maxRenderedEvent+100) {
		t.Errorf("Render of 5000 events of 10 kB wrote %d bytes", len(out))
	}
	if !strings.Contains(out, "4800 events in the middle not shown") || !strings.Contains(out, "#5000 ") || !strings.Contains(out, "more bytes") {
		t.Errorf("Render does not say what it left out: %.300s", out)
	}
}
