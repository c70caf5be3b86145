package steps

import (
	"fmt"

	"github.com/netconform/netconform/jsval"
)

// oneShot are the events an object delivers at most once in a life: a
// wait for one of them with other arguments than those that came can
// end at once.
var oneShot = map[string]map[string]bool{
	"socket": {"connect": true, "ready": true, "end": true, "close": true, "error": true},
	"server": {"listening": true, "error": true},
}

// cannotCome says why an event named event of object can no longer come,
// given the events so far, or returns "" while it still may:
//   - the object's life is over: a socket or server that emitted 'close'
//     emits nothing more (but a server's 'close' for another close());
//     a socket that emitted 'error' emits only 'close' after it; a server
//     that failed to listen ('error') will not be listening, nor accept;
//   - a one-shot event came already, with other arguments;
//   - a callback was called once for every call that took it and calls
//     it once.
//
// The invariants make these rules sound: a target that breaks one fails
// the scenario anyway.
func (w *world) cannotCome(events []Event, object, event string) string {
	if n, ok := w.life.fnOnce[object]; ok && n > 0 {
		calls := 0
		for _, e := range events {
			if e.Object == object && e.Name == "call" {
				calls++
			}
		}
		if calls >= n {
			return fmt.Sprintf("%s was called %d times, once for each call it was passed to", object, calls)
		}
		return ""
	}
	w.life.learn(events)
	class := w.life.classes[object]
	if class == "" {
		return ""
	}
	life := w.life.currentLife(events, object)
	for _, e := range life {
		switch {
		case e.Name == "close" && !(class == "server" && event == "close"):
			return fmt.Sprintf("%s closed (%s)", object, e)
		case e.Name == "error" && class == "socket" && event != "close" && event != "error":
			return fmt.Sprintf("%s failed (%s), and only 'close' follows an 'error'", object, e)
		case e.Name == "error" && class == "server" && (event == "listening" || event == "connection" || event == "drop"):
			return fmt.Sprintf("%s failed to listen (%s)", object, e)
		case e.Name == event && oneShot[class][event]:
			return fmt.Sprintf("'%s' comes once", event)
		}
	}
	return ""
}

// explainArgs says where an event's arguments differ from want, by the
// property that differs, or returns "" when they match.
func explainArgs(want jsval.Value, args []jsval.Value) string {
	if matchArgs(want, args) {
		return ""
	}
	if list, ok := want.(jsval.Array); ok && len(args) != 1 {
		return jsval.Explain(list, jsval.Array(args))
	}
	if len(args) == 0 {
		return "expected " + jsval.Format(want) + ", got no argument"
	}
	got := args[0]
	if o, ok := want.(*jsval.Object); ok {
		if e, isErr := got.(*jsval.Error); isErr {
			// An object matches an error by the properties it lists.
			view := jsval.NewObject()
			for _, k := range o.Keys() {
				view.Set(k, property(e, []string{k}))
			}
			return jsval.Explain(o, view)
		}
	}
	return jsval.Explain(want, got)
}
