package steps

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/netconform/netconform/jsval"
)

// expectedEvent is one event of an exact sequence: its name, and its
// arguments when the step gives them (nil: any).
type expectedEvent struct {
	name string
	args jsval.Value
}

func (e expectedEvent) String() string {
	if e.args == nil {
		return "'" + e.name + "'"
	}
	return "'" + e.name + "' " + jsval.Format(e.args)
}

// parseSequence reads "'connect', 'ready', 'data' "hi", 'close' false":
// event names in single quotes, each optionally followed by a literal
// of its arguments (an array for more than one); "nothing" is the empty
// sequence.
func parseSequence(text string) ([]expectedEvent, error) {
	var out []expectedEvent
	rest := strings.TrimSpace(text)
	if rest == "nothing" {
		return []expectedEvent{}, nil
	}
	for rest != "" {
		if !strings.HasPrefix(rest, "'") {
			return nil, fmt.Errorf("step argument: expected an event name in single quotes at %q", rest)
		}
		end := strings.IndexByte(rest[1:], '\'')
		if end < 0 {
			return nil, fmt.Errorf("step argument: unterminated event name at %q", rest)
		}
		e := expectedEvent{name: rest[1 : 1+end]}
		rest = strings.TrimSpace(rest[end+2:])
		if rest != "" && !strings.HasPrefix(rest, ",") {
			v, after, err := jsval.ParsePrefix(rest)
			if err != nil {
				return nil, fmt.Errorf("step argument: the arguments of '%s': %w", e.name, err)
			}
			e.args, rest = v, strings.TrimSpace(after)
		}
		out = append(out, e)
		if rest == "" {
			break
		}
		if !strings.HasPrefix(rest, ",") {
			return nil, fmt.Errorf("step argument: expected a comma at %q", rest)
		}
		rest = strings.TrimSpace(rest[1:])
		if rest == "" {
			return nil, fmt.Errorf("step argument: a trailing comma")
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("step argument: no events")
	}
	return out, nil
}

// documentedEvents returns object's events that its class documents,
// with consecutive 'data' joined into one, so that how TCP cut the bytes
// into chunks does not matter.
func (w *world) documentedEvents(events []Event, object string) []Event {
	w.life.learn(events)
	class := w.life.classes[object]
	var out []Event
	for _, e := range events {
		if e.Object != object {
			continue
		}
		if class != "" && !documented[class][e.Name] || class == "" && !documented["socket"][e.Name] && !documented["server"][e.Name] {
			continue
		}
		if w.lineLacks(e.Name) {
			continue
		}
		if n := len(out); n > 0 && e.Name == "data" && out[n-1].Name == "data" && len(e.Args) == 1 && len(out[n-1].Args) == 1 {
			if joined, ok := joinChunks(out[n-1].Args[0], e.Args[0]); ok {
				out[n-1].Args = []jsval.Value{joined}
				continue
			}
		}
		out = append(out, e)
	}
	return out
}

func joinChunks(a, b jsval.Value) (jsval.Value, bool) {
	switch x := a.(type) {
	case jsval.Bytes:
		if y, ok := b.(jsval.Bytes); ok {
			return jsval.Bytes(bytes.Join([][]byte{x, y}, nil)), true
		}
	case string:
		if y, ok := b.(string); ok {
			return x + y, true
		}
	}
	return nil, false
}

// emittedExactly waits until obj has emitted as many documented events
// as the step lists (failing at the first one that differs), lets the
// implementation run a full turn so that nothing already due is missed,
// and then requires exactly that sequence.
func (w *world) emittedExactly(obj, text string) error { return w.exactly(obj, text, true) }

// hasEmittedExactly is emittedExactly without the wait: once the loop has
// settled, the sequence so far is exactly this. It is for a scenario that
// already waited for something the whole sequence comes before.
func (w *world) hasEmittedExactly(obj, text string) error { return w.exactly(obj, text, false) }

func (w *world) exactly(obj, text string, wait bool) error {
	want, err := parseSequence(text)
	if err != nil {
		return err
	}
	want = w.withoutLacking(want)
	for i := range want {
		if want[i].args != nil {
			want[i].args = w.resolve(want[i].args, true)
		}
	}
	real := w.name(obj)
	step := fmt.Sprintf("%s emitted exactly %s", obj, text)
	if !wait {
		step = fmt.Sprintf("%s has emitted exactly %s", obj, text)
	}
	differs := func(got []Event) string {
		for i, e := range got {
			if i >= len(want) {
				return fmt.Sprintf("an event more: %s", e)
			}
			if e.Name != want[i].name {
				return fmt.Sprintf("event %d: expected %s, got %s", i+1, want[i], e)
			}
			if want[i].args != nil && !matchArgs(want[i].args, e.Args) {
				return fmt.Sprintf("event %d, %s: %s", i+1, e, explainArgs(want[i].args, e.Args))
			}
		}
		return ""
	}
	ctx, cancel := w.ctx()
	defer cancel()
	events, werr := w.log.WaitFor(ctx, func(evs []Event) bool {
		if !wait {
			return true
		}
		got := w.documentedEvents(evs, real)
		if len(got) >= len(want) || differs(got) != "" {
			return true
		}
		_, closed := w.life.closedBy(evs, real)
		return closed
	})
	if werr == nil {
		if err := w.sess.Settle(ctx); err != nil {
			return fmt.Errorf("target %s: settle: %w", w.cfg.Target.Name(), err)
		}
		events = w.log.Snapshot()
	}
	got := w.documentedEvents(events, real)
	why := differs(got)
	if why == "" && len(got) < len(want) {
		why = fmt.Sprintf("missing from event %d on: expected %s", len(got)+1, want[len(got)])
		if werr != nil {
			why += fmt.Sprintf(" (nothing more within %s)", w.timeout())
		} else if !wait {
			why += " (nothing more by now)"
		}
	}
	if why == "" {
		return nil
	}
	shown := make([]string, len(got))
	for i, e := range got {
		shown[i] = e.String()
	}
	exp := make([]string, len(want))
	for i, e := range want {
		exp[i] = e.String()
	}
	return &Failure{Step: step, Expected: strings.Join(exp, ", "),
		Got: strings.Join(shown, ", ") + "\n            " + why, Events: events}
}
