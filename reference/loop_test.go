package reference

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// waitTimeout bounds every wait for an event in these tests.
const waitTimeout = 5 * time.Second

// runLoop runs l.Run(main) on a new goroutine and returns what it
// returns, failing the test if Run does not return within waitTimeout.
func runLoop(t *testing.T, l *Loop, main func()) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- l.Run(main) }()
	select {
	case err := <-done:
		return err
	case <-time.After(waitTimeout):
		t.Fatalf("Loop.Run did not return within %v", waitTimeout)
		return nil
	}
}

// goid returns the id of the calling goroutine, read from its stack
// header ("goroutine 12 [running]:").
func goid() uint64 {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	buf = bytes.TrimPrefix(buf, []byte("goroutine "))
	id, err := strconv.ParseUint(string(buf[:bytes.IndexByte(buf, ' ')]), 10, 64)
	if err != nil {
		panic(err)
	}
	return id
}

func TestProfile(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Profile
	}{{"", ProfileV19}, {"v19", ProfileV19}, {"v0.10", ProfileV010}} {
		p, err := ParseProfile(tt.in)
		if err != nil || p != tt.want {
			t.Errorf("ParseProfile(%q) = %v, %v; want %v", tt.in, p, err, tt.want)
		}
	}
	if _, err := ParseProfile("v18"); err == nil || !strings.Contains(err.Error(), `unknown profile "v18"`) {
		t.Errorf("ParseProfile(v18) error = %v", err)
	}
	if ProfileV19.String() != "v19" || ProfileV010.String() != "v0.10" {
		t.Errorf("String() = %q, %q", ProfileV19, ProfileV010)
	}
	if NewLoop().Profile() != ProfileV19 || NewLoopProfile(ProfileV010).Profile() != ProfileV010 {
		t.Errorf("loop profiles are wrong")
	}
}

func TestRunRunsMainThenReturns(t *testing.T) {
	l := NewLoop()
	ran := 0
	if err := runLoop(t, l, func() { ran++ }); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if ran != 1 {
		t.Errorf("main ran %d times, want 1", ran)
	}
	if err := runLoop(t, l, nil); err != nil {
		t.Errorf("Run(nil): %v", err)
	}
	// The loop can be run again.
	if err := runLoop(t, l, func() { ran++ }); err != nil || ran != 2 {
		t.Errorf("second Run: err %v, main ran %d times in all", err, ran)
	}
	if l.alive != 0 {
		t.Errorf("alive = %d after Run, want 0", l.alive)
	}
}

func TestRunInsideRunFails(t *testing.T) {
	l := NewLoop()
	var inner error
	if err := runLoop(t, l, func() { inner = l.Run(func() { t.Error("inner main ran") }) }); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if inner == nil || !strings.Contains(inner.Error(), "while the loop is running") {
		t.Errorf("nested Run returned %v, want an error", inner)
	}
}

func TestNextTickOrder(t *testing.T) {
	l := NewLoop()
	var log []string
	add := func(s string) func() { return func() { log = append(log, s) } }
	h := newHandle(l)
	err := runLoop(t, l, func() {
		l.SetTimeout(0, add("timer"))
		op := h.reserve()
		op.Complete(add("completion")) // posted at once, from the loop goroutine
		l.Submit(func() {
			log = append(log, "posted1")
			l.NextTick(add("tick-in-posted1"))
		})
		l.Submit(add("posted2"))
		l.NextTick(func() {
			log = append(log, "tick1")
			l.NextTick(add("tick3")) // queued by a tick: still before I/O
		})
		l.NextTick(add("tick2"))
		log = append(log, "main")
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	got := strings.Join(log, ",")
	// Ticks run after main returns and before anything else; a tick queued
	// in a posted callback runs before the next posted callback. The timer
	// may come before or after the posted callbacks.
	wantPosted := "main,tick1,tick2,tick3,completion,posted1,tick-in-posted1,posted2"
	if strings.ReplaceAll(strings.ReplaceAll(got, ",timer", ""), "timer,", "") != wantPosted {
		t.Errorf("order = %s, want %s with the timer somewhere after tick3", got, wantPosted)
	}
	if i := strings.Index(got, "timer"); i < strings.Index(got, "tick3") {
		t.Errorf("the timer ran before the ticks: %s", got)
	}
}

func TestNextTickInsideTimerRunsBeforeNextTimer(t *testing.T) {
	l := NewLoop()
	now := time.Unix(1000, 0)
	l.clock = func() time.Time { return now }
	var log []string
	err := runLoop(t, l, func() {
		l.SetTimeout(10*time.Millisecond, func() {
			log = append(log, "t1")
			l.NextTick(func() { log = append(log, "tick") })
		})
		l.SetTimeout(10*time.Millisecond, func() { log = append(log, "t2") })
		now = now.Add(time.Hour) // both are due when main returns
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got := strings.Join(log, ","); got != "t1,tick,t2" {
		t.Errorf("order = %s, want t1,tick,t2", got)
	}
}

func TestTimersFireInDeadlineOrder(t *testing.T) {
	l := NewLoop()
	var log []string
	start := time.Now()
	err := runLoop(t, l, func() {
		for _, ms := range []int{30, 10, 20, 1} {
			l.SetTimeout(time.Duration(ms)*time.Millisecond, func() { log = append(log, strconv.Itoa(ms)) })
		}
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got := strings.Join(log, ","); got != "1,10,20,30" {
		t.Errorf("timers fired in order %s, want 1,10,20,30", got)
	}
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Errorf("Run returned after %v, before the 30ms timer was due", d)
	}
}

func TestTimersWithEqualDeadlinesFireInOrderSet(t *testing.T) {
	l := NewLoop()
	base := time.Unix(1000, 0)
	now := base
	l.clock = func() time.Time { return now }
	var log []string
	err := runLoop(t, l, func() {
		for _, name := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
			l.SetTimeout(10*time.Millisecond, func() { log = append(log, name) })
		}
		l.SetTimeout(5*time.Millisecond, func() { log = append(log, "early") })
		// Delays under 1ms are 1ms, so these two share a deadline too.
		l.SetTimeout(0, func() { log = append(log, "zero") })
		l.SetTimeout(-time.Second, func() { log = append(log, "negative") })
		now = base.Add(time.Hour)
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got := strings.Join(log, ","); got != "zero,negative,early,a,b,c,d,e,f,g,h" {
		t.Errorf("timers fired in order %s", got)
	}
}

func TestTimerStop(t *testing.T) {
	l := NewLoop()
	var log []string
	var stopped, again, afterFire bool
	var fired *Timer
	err := runLoop(t, l, func() {
		victim := l.SetTimeout(5*time.Millisecond, func() { t.Error("a stopped timer fired") })
		fired = l.SetTimeout(10*time.Millisecond, func() {
			log = append(log, "kept")
			afterFire = fired.Stop()
		})
		stopped = victim.Stop()
		again = victim.Stop()
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !stopped {
		t.Errorf("Stop of a pending timer returned false")
	}
	if again {
		t.Errorf("a second Stop returned true")
	}
	if afterFire {
		t.Errorf("Stop of a timer that has fired returned true")
	}
	if strings.Join(log, ",") != "kept" {
		t.Errorf("log = %v, want the other timer to fire", log)
	}
	if l.alive != 0 || len(l.timers) != 0 {
		t.Errorf("after Run: alive %d, %d timers pending", l.alive, len(l.timers))
	}
}

func TestStoppedTimerDoesNotKeepRunAlive(t *testing.T) {
	l := NewLoop()
	start := time.Now()
	err := runLoop(t, l, func() {
		l.SetTimeout(time.Hour, func() { t.Error("fired") }).Stop()
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if d := time.Since(start); d > waitTimeout/2 {
		t.Errorf("Run took %v", d)
	}
}

func TestUnrefTimerDoesNotKeepRunAlive(t *testing.T) {
	l := NewLoop()
	var tm *Timer
	err := runLoop(t, l, func() {
		tm = l.SetTimeout(time.Hour, func() { t.Error("an unref'd timer fired") }).Unref()
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if tm.h.HasRef() {
		t.Errorf("HasRef after Unref = true")
	}
	if l.alive != 0 {
		t.Errorf("alive = %d", l.alive)
	}
	tm.Stop()
}

func TestUnrefTimerFiresWhileLoopIsAlive(t *testing.T) {
	l := NewLoop()
	var log []string
	err := runLoop(t, l, func() {
		l.SetTimeout(5*time.Millisecond, func() { log = append(log, "unref") }).Unref()
		l.SetTimeout(30*time.Millisecond, func() { log = append(log, "ref") })
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got := strings.Join(log, ","); got != "unref,ref" {
		t.Errorf("log = %s, want unref,ref", got)
	}
}

func TestRefTimerKeepsRunAlive(t *testing.T) {
	l := NewLoop()
	fired := false
	start := time.Now()
	err := runLoop(t, l, func() {
		tm := l.SetTimeout(20*time.Millisecond, func() { fired = true })
		if tm.Unref().Ref() != tm {
			t.Error("Unref/Ref do not return the timer")
		}
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !fired {
		t.Errorf("a re-ref'd timer did not keep Run alive until it fired")
	}
	if d := time.Since(start); d < 20*time.Millisecond {
		t.Errorf("the timer fired after %v, want at least 20ms", d)
	}
}

func TestKeepAliveHoldsRunOpen(t *testing.T) {
	l := NewLoop()
	released := false
	err := runLoop(t, l, func() {
		release := l.KeepAlive()
		// Only a held loop is still running when this unref'd timer is due.
		l.SetTimeout(20*time.Millisecond, func() {
			released = true
			release()
			release() // a second release is harmless
		}).Unref()
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !released {
		t.Errorf("Run returned while KeepAlive was held")
	}
	if l.alive != 0 {
		t.Errorf("alive = %d after release, want 0", l.alive)
	}
}

func TestSubmitRunsOnLoopGoroutine(t *testing.T) {
	l := NewLoop()
	const n = 50
	var loopID uint64
	var got []int
	var wrongGoroutine int
	var submitterID uint64
	err := runLoop(t, l, func() {
		loopID = goid()
		release := l.KeepAlive()
		go func() {
			submitterID = goid()
			for i := 0; i < n; i++ {
				if !l.Submit(func() {
					if goid() != loopID {
						wrongGoroutine++
					}
					got = append(got, i)
					if i == n-1 {
						release()
					}
				}) {
					t.Errorf("Submit %d refused work while the loop was held", i)
					return
				}
			}
		}()
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if wrongGoroutine != 0 {
		t.Errorf("%d submissions ran off the loop goroutine", wrongGoroutine)
	}
	if submitterID == loopID {
		t.Fatalf("the submitter ran on the loop goroutine")
	}
	if len(got) != n {
		t.Fatalf("%d of %d submissions ran", len(got), n)
	}
	for i, v := range got {
		if v != i {
			t.Fatalf("submissions ran out of order: %v", got)
		}
	}
}

func TestSubmitAfterRunEnded(t *testing.T) {
	l := NewLoop()
	// Before the first Run the loop has not ended: the work waits for Run.
	early := false
	if !l.Submit(func() { early = true }) {
		t.Fatalf("Submit before Run returned false")
	}
	if err := runLoop(t, l, nil); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !early {
		t.Errorf("work submitted before Run did not run")
	}

	dropped := false
	if l.Submit(func() { dropped = true }) {
		t.Errorf("Submit after Run ended returned true")
	}
	// From another goroutine too.
	res := make(chan bool, 1)
	go func() { res <- l.Submit(func() { dropped = true }) }()
	select {
	case ok := <-res:
		if ok {
			t.Errorf("Submit from another goroutine after Run ended returned true")
		}
	case <-time.After(waitTimeout):
		t.Fatal("Submit blocked")
	}
	// The dropped work does not run at the next Run either.
	if err := runLoop(t, l, nil); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if dropped {
		t.Errorf("work Submit refused ran later")
	}
}

func TestPanicStopsRun(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name string
		main func(l *Loop, after func())
	}{
		{"main", func(l *Loop, after func()) {
			l.NextTick(after)
			panic(boom)
		}},
		{"tick", func(l *Loop, after func()) {
			l.NextTick(func() { panic(boom) })
			l.NextTick(after)
		}},
		{"timer", func(l *Loop, after func()) {
			l.SetTimeout(time.Millisecond, func() { panic(boom) })
			l.SetTimeout(time.Millisecond, after)
		}},
		{"posted", func(l *Loop, after func()) {
			l.Submit(func() { panic(boom) })
			l.Submit(after)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewLoop()
			afterRan := false
			err := runLoop(t, l, func() { tt.main(l, func() { afterRan = true }) })
			if !errors.Is(err, boom) {
				t.Fatalf("Run returned %v, want the panic's error", err)
			}
			if afterRan {
				t.Errorf("a callback after the panic ran")
			}
			// The error is reported once: the next Run starts clean.
			if err := runLoop(t, l, nil); err != nil {
				t.Errorf("the next Run returned %v", err)
			}
		})
	}
}

func TestPanicWithNonError(t *testing.T) {
	l := NewLoop()
	err := runLoop(t, l, func() { panic("not an error") })
	if err == nil || err.Error() != "panic: not an error" {
		t.Errorf("Run returned %v, want \"panic: not an error\"", err)
	}
}

func TestPanicGoesToUncaughtHandler(t *testing.T) {
	l := NewLoop()
	var caught []error
	l.SetUncaughtHandler(func(err error) { caught = append(caught, err) })
	boom := errors.New("boom")
	afterRan := false
	err := runLoop(t, l, func() {
		l.NextTick(func() { panic(boom) })
		l.NextTick(func() { afterRan = true })
		l.SetTimeout(time.Millisecond, func() { panic(fmt.Errorf("wrapped: %w", boom)) })
	})
	if err != nil {
		t.Fatalf("Run returned %v with a handler set", err)
	}
	if !afterRan {
		t.Errorf("the loop stopped after a handled panic")
	}
	if len(caught) != 2 || !errors.Is(caught[0], boom) || !errors.Is(caught[1], boom) {
		t.Errorf("handler got %v, want boom twice", caught)
	}
}

func TestErrorWithoutListenerStopsRun(t *testing.T) {
	l := NewLoop()
	e := &EventEmitter{}
	e.init(l)
	boom := errors.New("boom")
	afterRan := false
	err := runLoop(t, l, func() {
		l.NextTick(func() { e.Emit("error", boom) })
		l.NextTick(func() { afterRan = true })
	})
	if err != boom {
		t.Fatalf("Run returned %v, want the emitted error", err)
	}
	if afterRan {
		t.Errorf("the loop went on after an unhandled 'error'")
	}

	// A non-error argument, and no argument at all, are wrapped.
	err = runLoop(t, l, func() { e.Emit("error", "text") })
	if err == nil || err.Error() != "Unhandled error. (text)" {
		t.Errorf("Run returned %v", err)
	}
	err = runLoop(t, l, func() { e.Emit("error") })
	if err == nil || err.Error() != "Unhandled error." {
		t.Errorf("Run returned %v", err)
	}
}

func TestErrorWithoutListenerGoesToUncaughtHandler(t *testing.T) {
	l := NewLoop()
	var caught []error
	l.SetUncaughtHandler(func(err error) { caught = append(caught, err) })
	e := &EventEmitter{}
	e.init(l)
	boom := errors.New("boom")
	var handled bool
	err := runLoop(t, l, func() {
		if e.Emit("error", boom) {
			t.Error("Emit of an unhandled 'error' returned true")
		}
		e.On("error", func(...any) { handled = true })
		e.Emit("error", errors.New("handled"))
	})
	if err != nil {
		t.Fatalf("Run returned %v with a handler set", err)
	}
	if len(caught) != 1 || caught[0] != boom {
		t.Errorf("handler got %v, want [boom]", caught)
	}
	if !handled {
		t.Errorf("the 'error' listener did not run")
	}
}

func TestOpKeepsRunAliveUntilComplete(t *testing.T) {
	l := NewLoop()
	h := newHandle(l)
	completed := false
	err := runLoop(t, l, func() {
		op := h.reserve()
		go1 := make(chan struct{})
		go func() {
			<-go1
			op.Complete(func() { completed = true })
		}()
		// Only a loop the op holds is still running when this is due.
		l.SetTimeout(20*time.Millisecond, func() { close(go1) }).Unref()
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !completed {
		t.Errorf("Run returned before the reserved op completed")
	}
	if h.ops != 0 || l.alive != 0 {
		t.Errorf("after completion: ops %d, alive %d", h.ops, l.alive)
	}
}

func TestOpOfUnrefdHandleDoesNotKeepRunAlive(t *testing.T) {
	l := NewLoop()
	h := newHandle(l)
	h.Unref()
	var op *Op
	if err := runLoop(t, l, func() { op = h.reserve() }); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if l.alive != 0 {
		t.Errorf("alive = %d", l.alive)
	}
	// Completing it later is fine, and it runs at the next Run.
	ran := false
	op.Complete(func() { ran = true })
	if err := runLoop(t, l, nil); err != nil || !ran {
		t.Errorf("next Run: %v, completion ran %v", err, ran)
	}
}

func TestOpCompleteTwicePanics(t *testing.T) {
	l := NewLoop()
	h := newHandle(l)
	runs := 0
	var recovered any
	err := runLoop(t, l, func() {
		op := h.reserve()
		op.Complete(func() { runs++ })
		func() {
			defer func() { recovered = recover() }()
			op.Complete(func() { runs += 100 })
		}()
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if recovered == nil || !strings.Contains(fmt.Sprint(recovered), "completed twice") {
		t.Errorf("second Complete: recovered %v, want a panic about completing twice", recovered)
	}
	if runs != 1 {
		t.Errorf("completion ran %d, want only the first once", runs)
	}
	if h.ops != 0 || l.alive != 0 {
		t.Errorf("ops %d, alive %d", h.ops, l.alive)
	}
}

func TestHandleRefCounting(t *testing.T) {
	l := NewLoop()
	h := newHandle(l)
	if !h.HasRef() {
		t.Errorf("a new handle is not ref'd")
	}
	h.setOpen(true)
	h.setOpen(true)
	if l.alive != 1 {
		t.Errorf("alive = %d after opening twice, want 1", l.alive)
	}
	h.Unref()
	h.Unref()
	if l.alive != 0 || h.HasRef() {
		t.Errorf("after Unref: alive %d, HasRef %v", l.alive, h.HasRef())
	}
	h.Ref()
	if l.alive != 1 {
		t.Errorf("after Ref: alive %d, want 1", l.alive)
	}
	op := h.reserve()
	h.setOpen(false)
	if l.alive != 1 {
		t.Errorf("closed with an op in flight: alive %d, want 1", l.alive)
	}
	op.Complete(func() {})
	if err := runLoop(t, l, nil); err != nil {
		t.Fatal(err)
	}
	if l.alive != 0 {
		t.Errorf("after the op: alive %d, want 0", l.alive)
	}
}

// TestFatalKeepsUnrunPostedWork checks that work posted after the callback
// that failed is kept, in order, for the next Run rather than dropped.
func TestFatalKeepsUnrunPostedWork(t *testing.T) {
	l := NewLoop()
	var log []string
	boom := errors.New("boom")
	err := runLoop(t, l, func() {
		l.Submit(func() { panic(boom) })
		l.Submit(func() { log = append(log, "b") })
		l.Submit(func() { log = append(log, "c") })
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Run returned %v", err)
	}
	if len(log) != 0 {
		t.Fatalf("work after the failure ran: %v", log)
	}
	if err := runLoop(t, l, nil); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(log, ","); got != "b,c" {
		t.Errorf("the next Run ran %q, want b,c", got)
	}
}
