package reference

import "fmt"

// Listener is an event listener; args are the event's arguments.
type Listener func(args ...any)

// Subscription identifies one registered listener, for Off.
type Subscription struct {
	fn    Listener
	once  bool
	fired bool // a once listener has been called
}

// EventEmitter keeps named listeners and calls them synchronously, in the
// order they were added, as Node's EventEmitter does. An 'error' emitted
// with no listener becomes an uncaught error of the emitter's loop.
type EventEmitter struct {
	loop      *Loop
	listeners map[string][]*Subscription
	observer  func(name string, args []any)
}

func (e *EventEmitter) init(l *Loop) { e.loop = l }

// On adds fn as a listener for the named event.
func (e *EventEmitter) On(name string, fn Listener) *Subscription {
	return e.add(name, &Subscription{fn: fn})
}

// Once adds fn as a listener that is removed before its first call.
func (e *EventEmitter) Once(name string, fn Listener) *Subscription {
	return e.add(name, &Subscription{fn: fn, once: true})
}

func (e *EventEmitter) add(name string, s *Subscription) *Subscription {
	if e.loop != nil {
		e.loop.mustOwn("On")
	}
	if e.listeners == nil {
		e.listeners = make(map[string][]*Subscription)
	}
	e.listeners[name] = append(e.listeners[name], s)
	return s
}

// Off removes the listener s added for the named event; it reports
// whether s was registered.
func (e *EventEmitter) Off(name string, s *Subscription) bool {
	list := e.listeners[name]
	for i, x := range list {
		if x == s {
			// Copy, so an Emit in progress keeps its own snapshot.
			next := make([]*Subscription, 0, len(list)-1)
			next = append(next, list[:i]...)
			e.listeners[name] = append(next, list[i+1:]...)
			return true
		}
	}
	return false
}

// RemoveAllListeners removes every listener of the named event.
func (e *EventEmitter) RemoveAllListeners(name string) { delete(e.listeners, name) }

// ListenerCount returns the number of listeners for the named event.
func (e *EventEmitter) ListenerCount(name string) int { return len(e.listeners[name]) }

// Observe installs fn to see every event the emitter emits, before its
// listeners run. An observer is not a listener: it does not count in
// ListenerCount and does not handle 'error'. It exists for tools that
// record events, such as the conformance suite's targets.
func (e *EventEmitter) Observe(fn func(name string, args []any)) { e.observer = fn }

// Emit calls every listener of the named event with args, in order, and
// reports whether there was any. Emitting 'error' with no listener
// reports the error to the loop as uncaught.
func (e *EventEmitter) Emit(name string, args ...any) bool {
	if e.observer != nil {
		e.observer(name, args)
	}
	list := e.listeners[name]
	if len(list) == 0 {
		if name == "error" {
			e.loop.Uncaught(uncaughtError(args))
		}
		return false
	}
	for _, s := range list {
		if s.once {
			// An emit nested in an earlier listener may have called it.
			if s.fired {
				continue
			}
			s.fired = true
			e.Off(name, s)
		}
		s.fn(args...)
	}
	return true
}

func uncaughtError(args []any) error {
	if len(args) > 0 {
		if err, ok := args[0].(error); ok {
			return err
		}
		return fmt.Errorf("Unhandled error. (%v)", args[0])
	}
	return fmt.Errorf("Unhandled error.")
}
