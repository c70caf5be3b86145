package drivertarget_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/netconform/netconform/jsval"
	"github.com/netconform/netconform/steps"
	"github.com/netconform/netconform/steps/drivertarget"
)

// The hostile drivers: each answers the open, the probe and the close
// as a driver must, and breaks the protocol in its own way on invoke.
// Each test holds the runner to a named failure, within a bound, with
// nothing left running.

// hostile performs mode's misbehaviour for an invoke; it reports whether
// it answered the request.
func hostile(mode string, id int64, session string, say func(string)) bool {
	reply := func() { say(fmt.Sprintf(`{"id":%d,"result":{"value":42,"seq":0}}`, id)) }
	event := func(sess string, seq int) string {
		return fmt.Sprintf(`{"event":{"session":%q,"seq":%d,"object":"s","name":"data","args":["x"]}}`, sess, seq)
	}
	switch mode {
	case "second-hello":
		say(`{"hello":{"protocol":1,"implementation":{"name":"fake","version":"0"}}}`)
		reply()
	case "earlier-session":
		say(event("an-earlier-session", 1))
		reply()
	case "bad-seq":
		say(event(session, 7))
		reply()
	case "flood":
		for i := 1; i <= drivertarget.MaxEventsPerScenario+10; i++ {
			say(event(session, i))
		}
		reply()
	case "escape-names":
		say(fmt.Sprintf(`{"event":{"session":%q,"seq":1,"object":"\u001b[2J","name":"\u001b]0;x\u0007","args":[{"$ref":"\u001b[H"}]}}`, session))
		reply()
	case "garbage-flood":
		for i := 0; i <= drivertarget.MaxEventsPerScenario+10; i++ {
			say("garbage")
		}
		reply()
	case "huge-error":
		say(fmt.Sprintf(`{"id":%d,"error":{"message":"%s"}}`, id, strings.Repeat("e", 1<<20)))
	case "long-line":
		say(`{"event":{"session":"` + strings.Repeat("x", 17<<20) + `"}}`)
		reply()
	case "escapes":
		fmt.Fprint(os.Stderr, "\x1b[2J\x1b]0;pwned\x07 and ``` a fence\n")
		os.Exit(3)
	default:
		return false
	}
	return true
}

// bound is how long any of these may take: the step's bound plus a
// fixed grace for stopping the driver.
const bound = 300*time.Millisecond + drivertarget.StopGrace + drivertarget.LeftoverTimeout + time.Second

// open opens a session of the fake driver mode, or fails the test.
func openFake(t *testing.T, tgt *drivertarget.Target, evs *events) steps.Session {
	t.Helper()
	s, err := tgt.Open(ctx(t, 10*time.Second), steps.SessionOptions{Scenario: t.Name()}, evs.sink)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// within runs f and fails the test if it took longer than d.
func within(t *testing.T, d time.Duration, what string, f func()) {
	t.Helper()
	start := time.Now()
	f()
	if took := time.Since(start); took > d {
		t.Errorf("%s took %s, more than %s", what, took, d)
	}
}

// closeClean closes the target and requires no error and no process of
// the test's left.
func closeClean(t *testing.T, tgt *drivertarget.Target) {
	t.Helper()
	if err := tgt.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if left := children(t); len(left) > 0 {
		t.Errorf("processes left after Close: %v", left)
	}
}

func processEvent(evs *events, name, text string) bool {
	for _, e := range evs.list() {
		if e.Object == steps.ProcessObject && e.Name == name && len(e.Args) == 1 && strings.Contains(fmt.Sprint(e.Args[0]), text) {
			return true
		}
	}
	return false
}

func TestHostileSecondHelloIsAFaultNotACrash(t *testing.T) {
	tgt := fake(t, "second-hello")
	evs := &events{}
	s := openFake(t, tgt, evs)
	if r, err := s.Invoke(ctx(t, 5*time.Second), call); err != nil || r.Value != float64(42) {
		t.Fatalf("the reply after the second hello: %v %v", r.Value, err)
	}
	if !processEvent(evs, "strayOutput", "hello again") {
		t.Errorf("the second hello was not reported: %v", evs.list())
	}
	s.Close(ctx(t, 5*time.Second))
	closeClean(t, tgt)
}

func TestHostileEventOfAnEarlierSessionIsRefused(t *testing.T) {
	tgt := fake(t, "earlier-session")
	evs := &events{}
	s := openFake(t, tgt, evs)
	s.Invoke(ctx(t, 5*time.Second), call)
	if !processEvent(evs, "strayOutput", `session "an-earlier-session"`) {
		t.Errorf("the stale event was not refused: %v", evs.list())
	}
	for _, e := range evs.list() {
		if e.Object != steps.ProcessObject {
			t.Errorf("an event of another session reached the scenario: %v", e)
		}
	}
	s.Close(ctx(t, 5*time.Second))
	closeClean(t, tgt)
}

func TestHostileEventOutOfSequenceIsRefused(t *testing.T) {
	tgt := fake(t, "bad-seq")
	evs := &events{}
	s := openFake(t, tgt, evs)
	s.Invoke(ctx(t, 5*time.Second), call)
	if !processEvent(evs, "strayOutput", "seq 7 after seq 0") {
		t.Errorf("the out-of-sequence event was not refused: %v", evs.list())
	}
	s.Close(ctx(t, 5*time.Second))
	closeClean(t, tgt)
}

func TestHostileFloodOfEventsFailsNamingTheBound(t *testing.T) {
	tgt := fake(t, "flood")
	evs := &events{}
	s := openFake(t, tgt, evs)
	// How soon the bound is reached depends on how fast this machine
	// reads; the request's own bound is far enough not to come first.
	_, err := s.Invoke(ctx(t, time.Minute), call)
	if err == nil || !strings.Contains(err.Error(), "exceeded the bound of") {
		t.Fatalf("want the invoke failed naming the bound, got %v", err)
	}
	if n := len(evs.list()); n > drivertarget.MaxEventsPerScenario+1 {
		t.Errorf("the scenario kept %d events, past the bound", n)
	}
	if !processEvent(evs, "boundExceeded", "exceeded the bound of") {
		t.Errorf("the bound was not reported to the scenario")
	}
	s.Close(ctx(t, 5*time.Second))
	closeClean(t, tgt)
}

func TestHostileFloodOfGarbageFailsNamingTheBound(t *testing.T) {
	tgt := fake(t, "garbage-flood")
	evs := &events{}
	s := openFake(t, tgt, evs)
	_, err := s.Invoke(ctx(t, time.Minute), call)
	if err == nil || !strings.Contains(err.Error(), "exceeded the bound of") {
		t.Fatalf("want the invoke failed naming the bound, got %v", err)
	}
	if n := len(evs.list()); n > drivertarget.MaxEventsPerScenario+1 {
		t.Errorf("the scenario kept %d faults, past the bound", n)
	}
	s.Close(ctx(t, 5*time.Second))
	closeClean(t, tgt)
}

func TestHostileHugeErrorIsClipped(t *testing.T) {
	tgt := fake(t, "huge-error")
	s := openFake(t, tgt, &events{})
	_, err := s.Invoke(ctx(t, 5*time.Second), call)
	if err == nil || len(err.Error()) > 4000 || !strings.Contains(err.Error(), "more bytes") {
		t.Fatalf("want the error clipped, got %d bytes", len(fmt.Sprint(err)))
	}
	s.Close(ctx(t, 5*time.Second))
	closeClean(t, tgt)
}

func TestHostileOverlongLineFailsNamingTheBound(t *testing.T) {
	tgt := fake(t, "long-line")
	s := openFake(t, tgt, &events{})
	_, err := s.Invoke(ctx(t, time.Minute), call)
	if err == nil || !strings.Contains(err.Error(), "longer than the bound of") {
		t.Fatalf("want the invoke failed naming the line bound, got %v", err)
	}
	s.Close(ctx(t, 5*time.Second))
	closeClean(t, tgt)
}

// TestHostileDriverThatStopsReadingCannotBlockTheRunner sends a request
// larger than a pipe holds to a driver that reads no more.
func TestHostileDriverThatStopsReadingCannotBlockTheRunner(t *testing.T) {
	tgt := fake(t, "deaf")
	s := openFake(t, tgt, &events{})
	big := steps.Invocation{Op: steps.OpCall, Target: "net", Method: "isIPv6", Args: []jsval.Value{jsval.Bytes(make([]byte, 1<<20))}}
	var err error
	within(t, bound, "the write to a deaf driver", func() { _, err = s.Invoke(ctx(t, 300*time.Millisecond), big) })
	if err == nil || !strings.Contains(err.Error(), "did not read the invoke request") {
		t.Fatalf("want a named write timeout, got %v", err)
	}
	within(t, bound, "closing the session", func() { s.Close(ctx(t, 300*time.Millisecond)) })
	closeClean(t, tgt)
}

// TestHostileChildHoldingTheOutputCannotHangTheStop: the driver crashes
// and its child keeps its stdout and stderr open.
func TestHostileChildHoldingTheOutputCannotHangTheStop(t *testing.T) {
	tgt := fake(t, "crash-child-holds-output")
	s := openFake(t, tgt, &events{})
	var err error
	within(t, bound, "the crash", func() { _, err = s.Invoke(ctx(t, 300*time.Millisecond), call) })
	if err == nil {
		t.Fatal("the crash went unnoticed")
	}
	var cerr error
	within(t, bound, "closing the session", func() { cerr = s.Close(ctx(t, 300*time.Millisecond)) })
	if cerr == nil || !strings.Contains(cerr.Error(), "left processes running") {
		t.Errorf("want the child named as left running, got %v", cerr)
	}
	tgt.Close()
	if left := children(t); len(left) > 0 {
		t.Errorf("processes left after Close: %v", left)
	}
}

// TestHostileSetsidChildIsFoundAndKilled: a child in a session of its
// own leaves the driver's process group; it is still found.
func TestHostileSetsidChildIsFoundAndKilled(t *testing.T) {
	tgt := fake(t, "setsid-orphan")
	s := openFake(t, tgt, &events{})
	s.Close(ctx(t, 5*time.Second))
	err := tgt.Close()
	if err == nil || !strings.Contains(err.Error(), "netconform-linger") {
		t.Fatalf("want the setsid child named, got %v", err)
	}
	if left := children(t); len(left) > 0 {
		t.Errorf("processes left after Close: %v", left)
	}
}

// TestHostileSilentDriverTripsTheBreakerAndItsChildIsChecked: a driver
// that never says hello costs the start bound StartFailures times, then
// nothing; what it started is found and named.
func TestHostileSilentDriverTripsTheBreakerAndItsChildIsChecked(t *testing.T) {
	tgt := fake(t, "silent-orphan")
	tgt.SetStartTimeout(200 * time.Millisecond)
	for i := 1; i <= drivertarget.StartFailures; i++ {
		_, err := tgt.Open(ctx(t, 10*time.Second), steps.SessionOptions{}, (&events{}).sink)
		if err == nil || !strings.Contains(err.Error(), "no hello within") {
			t.Fatalf("start %d: want no hello, got %v", i, err)
		}
		if i == 1 && !strings.Contains(err.Error(), "netconform-linger") {
			t.Fatalf("want the child the silent driver left named, got %v", err)
		}
		// The later starts leave no child: they need not wait for one.
		t.Setenv("NETCONFORM_FAKE_DRIVER", "silent")
	}
	_, err := tgt.Open(ctx(t, 10*time.Second), steps.SessionOptions{}, (&events{}).sink)
	if err == nil || !strings.Contains(err.Error(), "failed to start 3 times in a row") {
		t.Fatalf("want the breaker's error, got %v", err)
	}
	closeClean(t, tgt)
}

// TestHostileStderrCannotReachTheTerminalRaw: escape sequences and a
// code fence in the driver's stderr arrive escaped.
func TestHostileStderrCannotReachTheTerminalRaw(t *testing.T) {
	tgt := fake(t, "escapes")
	s := openFake(t, tgt, &events{})
	_, err := s.Invoke(ctx(t, 5*time.Second), call)
	if err == nil || !strings.Contains(err.Error(), `\x1b[2J`) {
		t.Fatalf("want the escape shown as text, got %q", err)
	}
	if strings.ContainsAny(err.Error(), "\x1b\x07") || strings.Contains(err.Error(), "```") {
		t.Errorf("raw control characters or a code fence reached the message: %q", err)
	}
	s.Close(ctx(t, 5*time.Second))
	closeClean(t, tgt)
}

// TestHostileNamesCannotReachTheTerminalRaw: control characters in the
// names a driver chooses arrive escaped.
func TestHostileNamesCannotReachTheTerminalRaw(t *testing.T) {
	tgt := fake(t, "escape-names")
	evs := &events{}
	s := openFake(t, tgt, evs)
	if _, err := s.Invoke(ctx(t, 5*time.Second), call); err != nil {
		t.Fatal(err)
	}
	got := evs.list()
	if len(got) != 1 || !strings.Contains(got[0].String(), `\x1b[2J`) {
		t.Fatalf("want the event with its names escaped, got %v", got)
	}
	if strings.ContainsAny(got[0].String(), "\x1b\x07") {
		t.Errorf("raw control characters in %q", got[0].String())
	}
	s.Close(ctx(t, 5*time.Second))
	closeClean(t, tgt)
}

// TestInterruptKillsEveryDriverAtOnce: a hung driver and its child are
// gone as soon as the run is interrupted, and no session opens after.
func TestInterruptKillsEveryDriverAtOnce(t *testing.T) {
	tgt := fake(t, "orphan")
	s := openFake(t, tgt, &events{})
	done := make(chan error, 1)
	go func() {
		_, err := s.Invoke(context.Background(), steps.Invocation{Op: steps.OpCall, Target: "net", Method: "isIPv6", Args: []jsval.Value{"::1"}})
		done <- err
	}()
	// A second to stop, and a second's grace for a loaded machine.
	within(t, 2*time.Second, "the interrupt", func() {
		tgt.Interrupt()
		select {
		case <-done:
		case <-time.After(time.Second):
			t.Error("the request in flight did not end with the interrupt")
		}
	})
	if _, err := tgt.Open(ctx(t, time.Second), steps.SessionOptions{}, (&events{}).sink); err != drivertarget.ErrInterrupted {
		t.Errorf("an open after the interrupt: %v", err)
	}
	tgt.Close()
	if left := children(t); len(left) > 0 {
		t.Errorf("processes left after the interrupt: %v", left)
	}
}

// TestProtocolCheckCannotBeHungByAChildHoldingTheOutput: check-driver
// against a driver that crashes leaving a child with its stdout and
// stderr ends within its bounds, and the child with it.
func TestProtocolCheckCannotBeHungByAChildHoldingTheOutput(t *testing.T) {
	exe, _ := os.Executable()
	t.Setenv("NETCONFORM_FAKE_DRIVER", "crash-child-holds-output")
	var checks []drivertarget.Check
	within(t, 15*time.Second, "the protocol check", func() {
		checks = drivertarget.CheckProtocol([]string{exe}, 500*time.Millisecond)
	})
	if len(checks) == 0 {
		t.Fatal("no check ran")
	}
	if left := children(t); len(left) > 0 {
		t.Errorf("processes left after the check: %v", left)
	}
}
