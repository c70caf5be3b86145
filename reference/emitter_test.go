package reference

import (
	"errors"
	"strings"
	"testing"
)

func newTestEmitter() (*Loop, *EventEmitter) {
	l := NewLoop()
	e := &EventEmitter{}
	e.init(l)
	return l, e
}

func TestEmitCallsListenersInOrder(t *testing.T) {
	_, e := newTestEmitter()
	var log []string
	for _, name := range []string{"a", "b", "c"} {
		e.On("x", func(args ...any) {
			if len(args) != 2 || args[0] != 1 || args[1] != "two" {
				t.Errorf("listener %s got args %v", name, args)
			}
			log = append(log, name)
		})
	}
	e.On("y", func(...any) { log = append(log, "y") })
	if e.ListenerCount("x") != 3 || e.ListenerCount("y") != 1 || e.ListenerCount("z") != 0 {
		t.Errorf("counts = %d, %d, %d", e.ListenerCount("x"), e.ListenerCount("y"), e.ListenerCount("z"))
	}
	if !e.Emit("x", 1, "two") {
		t.Errorf("Emit with listeners returned false")
	}
	if got := strings.Join(log, ","); got != "a,b,c" {
		t.Errorf("order = %s, want a,b,c", got)
	}
	if e.Emit("z") {
		t.Errorf("Emit with no listener returned true")
	}
}

func TestSameFunctionTwice(t *testing.T) {
	_, e := newTestEmitter()
	n := 0
	fn := func(...any) { n++ }
	s1 := e.On("x", fn)
	s2 := e.On("x", fn)
	if s1 == s2 {
		t.Fatalf("two registrations share a Subscription")
	}
	e.Emit("x")
	if n != 2 {
		t.Errorf("a function added twice ran %d times, want 2", n)
	}
	if !e.Off("x", s1) || e.ListenerCount("x") != 1 {
		t.Errorf("Off of one registration: count %d", e.ListenerCount("x"))
	}
	e.Emit("x")
	if n != 3 {
		t.Errorf("after Off of one: ran %d times in all, want 3", n)
	}
}

func TestOnce(t *testing.T) {
	_, e := newTestEmitter()
	var log []string
	var countInside int
	e.On("x", func(...any) { log = append(log, "on") })
	e.Once("x", func(args ...any) {
		countInside = e.ListenerCount("x")
		log = append(log, "once:"+args[0].(string))
	})
	e.On("x", func(...any) { log = append(log, "on2") })
	if e.ListenerCount("x") != 3 {
		t.Fatalf("count = %d, want 3", e.ListenerCount("x"))
	}
	e.Emit("x", "1")
	e.Emit("x", "2")
	if got := strings.Join(log, ","); got != "on,once:1,on2,on,on2" {
		t.Errorf("log = %s", got)
	}
	if countInside != 2 {
		t.Errorf("inside its call the once listener is still counted (%d listeners, want 2)", countInside)
	}
	if e.ListenerCount("x") != 2 {
		t.Errorf("count after = %d, want 2", e.ListenerCount("x"))
	}
}

func TestOnceIsRemovedBeforeItsCall(t *testing.T) {
	_, e := newTestEmitter()
	calls := 0
	e.Once("x", func(...any) {
		calls++
		// Emitting again from inside must not reach this listener.
		if e.Emit("x") {
			t.Errorf("the nested Emit found a listener")
		}
	})
	e.Emit("x")
	if calls != 1 {
		t.Errorf("once listener ran %d times, want 1", calls)
	}
}

func TestOnceRunsOnlyOnceWhenEmittedFromAnEarlierListener(t *testing.T) {
	// Node v20: an earlier listener emits the same event again; the once
	// listener runs in the innermost emit only, not again in the outer
	// ones ("a,a,a,once").
	_, e := newTestEmitter()
	var log []string
	e.On("x", func(...any) {
		log = append(log, "a")
		if len(log) < 3 {
			e.Emit("x")
		}
	})
	e.Once("x", func(...any) { log = append(log, "once") })
	e.Emit("x")
	if got := strings.Join(log, ","); got != "a,a,a,once" {
		t.Errorf("log = %s, want a,a,a,once as in Node", got)
	}
}

func TestOffAndOnce(t *testing.T) {
	_, e := newTestEmitter()
	s := e.Once("x", func(...any) { t.Error("a removed once listener ran") })
	if !e.Off("x", s) {
		t.Errorf("Off of a once listener returned false")
	}
	if e.Emit("x") {
		t.Errorf("Emit found a listener")
	}
}

func TestOff(t *testing.T) {
	_, e := newTestEmitter()
	var log []string
	a := e.On("x", func(...any) { log = append(log, "a") })
	e.On("x", func(...any) { log = append(log, "b") })
	if e.Off("y", a) {
		t.Errorf("Off under another event name returned true")
	}
	if !e.Off("x", a) {
		t.Errorf("Off returned false")
	}
	if e.Off("x", a) {
		t.Errorf("a second Off returned true")
	}
	if e.Off("x", nil) || e.Off("none", a) {
		t.Errorf("Off of nothing returned true")
	}
	e.Emit("x")
	if got := strings.Join(log, ","); got != "b" {
		t.Errorf("log = %s, want b", got)
	}
}

func TestOffDuringEmitDoesNotDisturbIt(t *testing.T) {
	_, e := newTestEmitter()
	var log []string
	var b, self *Subscription
	self = e.On("x", func(...any) {
		log = append(log, "a")
		e.Off("x", self) // removes itself
		e.Off("x", b)    // removes a later listener
	})
	b = e.On("x", func(...any) { log = append(log, "b") })
	e.On("x", func(...any) { log = append(log, "c") })
	e.Emit("x")
	// As in Node, the emit in progress calls every listener it started with.
	if got := strings.Join(log, ","); got != "a,b,c" {
		t.Errorf("first emit: %s, want a,b,c", got)
	}
	log = nil
	e.Emit("x")
	if got := strings.Join(log, ","); got != "c" {
		t.Errorf("second emit: %s, want c", got)
	}
}

func TestOffOfOnceDuringEmit(t *testing.T) {
	// Node v20 gives "a,b,a": the emit in progress still calls a once
	// listener removed by an earlier listener; the next one does not.
	_, e := newTestEmitter()
	var log []string
	var b *Subscription
	e.On("x", func(...any) {
		log = append(log, "a")
		e.Off("x", b)
	})
	b = e.Once("x", func(...any) { log = append(log, "b") })
	e.Emit("x")
	e.Emit("x")
	if got := strings.Join(log, ","); got != "a,b,a" {
		t.Errorf("log = %s, want a,b,a", got)
	}
}

func TestOnDuringEmitWaitsForNextEmit(t *testing.T) {
	_, e := newTestEmitter()
	var log []string
	added := false
	e.On("x", func(...any) {
		log = append(log, "a")
		if !added {
			added = true
			e.On("x", func(...any) { log = append(log, "new") })
		}
	})
	e.Emit("x")
	if got := strings.Join(log, ","); got != "a" {
		t.Errorf("first emit: %s, want a", got)
	}
	e.Emit("x")
	if got := strings.Join(log, ","); got != "a,a,new" {
		t.Errorf("after the second emit: %s, want a,a,new", got)
	}
}

func TestRemoveAllListeners(t *testing.T) {
	_, e := newTestEmitter()
	e.On("x", func(...any) { t.Error("removed listener ran") })
	e.Once("x", func(...any) { t.Error("removed listener ran") })
	kept := false
	e.On("y", func(...any) { kept = true })
	e.RemoveAllListeners("x")
	if e.ListenerCount("x") != 0 || e.Emit("x") {
		t.Errorf("listeners of x remain")
	}
	e.Emit("y")
	if !kept {
		t.Errorf("RemoveAllListeners removed another event's listener")
	}
}

func TestObserve(t *testing.T) {
	_, e := newTestEmitter()
	var log []string
	e.Observe(func(name string, args []any) {
		s := "observe:" + name
		for _, a := range args {
			s += ":" + a.(string)
		}
		log = append(log, s)
	})
	if e.ListenerCount("x") != 0 {
		t.Errorf("the observer counts as a listener")
	}
	if e.Emit("x", "1") {
		t.Errorf("Emit with only an observer returned true")
	}
	e.On("x", func(...any) { log = append(log, "listener") })
	if e.ListenerCount("x") != 1 {
		t.Errorf("count = %d, want 1", e.ListenerCount("x"))
	}
	if !e.Emit("x", "2") {
		t.Errorf("Emit with a listener returned false")
	}
	if got := strings.Join(log, ","); got != "observe:x:1,observe:x:2,listener" {
		t.Errorf("log = %s; the observer must see every event, before the listeners", got)
	}
}

func TestObserverDoesNotHandleError(t *testing.T) {
	l, e := newTestEmitter()
	observed := 0
	e.Observe(func(name string, args []any) {
		if name == "error" {
			observed++
		}
	})
	boom := errors.New("boom")
	err := runLoop(t, l, func() { e.Emit("error", boom) })
	if err != boom {
		t.Errorf("Run returned %v: an observer must not handle 'error'", err)
	}
	if observed != 1 {
		t.Errorf("the observer saw %d errors, want 1", observed)
	}
}

func TestErrorWithListenerIsHandled(t *testing.T) {
	l, e := newTestEmitter()
	var got []any
	e.Once("error", func(args ...any) { got = args })
	boom := errors.New("boom")
	err := runLoop(t, l, func() {
		if !e.Emit("error", boom) {
			t.Error("Emit of a handled 'error' returned false")
		}
	})
	if err != nil {
		t.Errorf("Run returned %v for a handled error", err)
	}
	if len(got) != 1 || got[0] != boom {
		t.Errorf("listener got %v", got)
	}
	// The once listener is gone: the next 'error' is uncaught.
	err = runLoop(t, l, func() { e.Emit("error", boom) })
	if err != boom {
		t.Errorf("Run returned %v, want the second error uncaught", err)
	}
}
