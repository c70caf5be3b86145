package reference

import (
	"reflect"
	"testing"
	"time"
)

// TestLoopQueueOrder pins the order Node gives the queues after a
// callback: every nextTick (those queued by ticks too), then every
// promise job (those queued by promise jobs too), then the ticks those
// queued, and so on; setImmediate runs in the check phase, one batch per
// turn, each immediate followed by its own ticks and promise jobs.
func TestLoopQueueOrder(t *testing.T) {
	l := NewLoop()
	var got []string
	add := func(s string) func() { return func() { got = append(got, s) } }
	err := l.Run(func() {
		l.SetImmediate(add("immediate1"))
		l.QueueMicrotask(func() {
			got = append(got, "micro1")
			l.NextTick(add("tick-from-micro"))
			l.QueueMicrotask(add("micro-from-micro"))
		})
		l.NextTick(func() {
			got = append(got, "tick1")
			l.NextTick(add("tick-from-tick"))
			l.QueueMicrotask(add("micro-from-tick"))
		})
		l.SetImmediate(func() {
			got = append(got, "immediate2")
			l.NextTick(add("tick-from-immediate"))
			l.QueueMicrotask(add("micro-from-immediate"))
			l.SetImmediate(add("immediate-from-immediate"))
		})
		l.SetImmediate(add("immediate3"))
		got = append(got, "main")
	})
	if err != nil {
		t.Fatal(err)
	}
	// The order node -e prints for the same program (Node 20, 22, 24).
	want := []string{"main", "tick1", "tick-from-tick", "micro1", "micro-from-tick", "micro-from-micro",
		"tick-from-micro", "immediate1", "immediate2", "tick-from-immediate", "micro-from-immediate",
		"immediate3", "immediate-from-immediate"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("order:\n got  %v\n want %v", got, want)
	}
}

// TestImmediateBeforeTimer pins that an immediate queued inside a callback
// runs before a timer due in 1 ms, however fast the loop is: the check
// phase comes before the next timers.
func TestImmediateBeforeTimer(t *testing.T) {
	l := NewLoop()
	var got []string
	err := l.Run(func() {
		l.SetTimeout(time.Millisecond, func() { got = append(got, "timer") })
		l.SetImmediate(func() { got = append(got, "immediate") })
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"immediate", "timer"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestImmediateKeepsLoopAlive: Run does not return while an immediate is
// pending, and a panicking immediate stops Run with its error, leaving
// the later immediates queued.
func TestImmediateKeepsLoopAlive(t *testing.T) {
	l := NewLoop()
	ran := false
	if err := l.Run(func() { l.SetImmediate(func() { ran = true }) }); err != nil {
		t.Fatal(err)
	}
	if !ran {
		t.Fatal("Run returned before the immediate ran")
	}
	l = NewLoop()
	err := l.Run(func() {
		l.SetImmediate(func() { panic("boom") })
		l.SetImmediate(func() { t.Error("an immediate after an uncaught error ran") })
	})
	if err == nil || err.Error() != "panic: boom" {
		t.Fatalf("Run returned %v, want the panic", err)
	}
	if len(l.immediates) != 1 {
		t.Errorf("%d immediates left, want 1", len(l.immediates))
	}
}

// TestImmediateBeforeDueTimer: an immediate queued by a callback of the
// poll phase (here a submitted one) runs before a timer that is already
// due when that callback returns, since the check phase of the turn
// comes before the next timers phase. The loop's clock is advanced by
// hand, so the timer is due without waiting.
func TestImmediateBeforeDueTimer(t *testing.T) {
	l := NewLoop()
	now := time.Unix(1000, 0)
	l.clock = func() time.Time { return now }
	var got []string
	err := l.Run(func() {
		release := l.KeepAlive()
		l.SetTimeout(time.Millisecond, func() { got = append(got, "timer") })
		go l.Submit(func() {
			now = now.Add(time.Second) // the timer is due from here on
			l.SetImmediate(func() { got = append(got, "immediate") })
			release()
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"immediate", "timer"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
