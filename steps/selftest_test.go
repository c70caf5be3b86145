package steps_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/netconform/netconform/features"
	"github.com/netconform/netconform/jsval"
	"github.com/netconform/netconform/steps"
	"github.com/netconform/netconform/steps/reftarget"
)

// mutant is the reference with one deliberate defect, to prove that the
// suite notices it and says what it saw.
type mutant struct {
	steps.Target
	// invoke, if set, may replace a reply.
	invoke func(inv steps.Invocation, closed map[string]bool, r steps.Reply) steps.Reply
	// event, if set, may rewrite or drop (ok false) an event.
	event func(e steps.Event) (steps.Event, bool)
	// skip, if set, makes a call not happen: its reply is the target.
	skip func(inv steps.Invocation) bool
}

// InProcess implements steps.InProcess: the mutant is the reference, in
// this process, so the runner checks what its scenarios leave behind.
func (m *mutant) InProcess() {}

func (m *mutant) Open(ctx context.Context, o steps.SessionOptions, sink func(steps.Event)) (steps.Session, error) {
	if m.event != nil {
		inner := sink
		sink = func(e steps.Event) {
			if e2, ok := m.event(e); ok {
				inner(e2)
			}
		}
	}
	s, err := m.Target.Open(ctx, o, sink)
	if err != nil {
		return nil, err
	}
	return &mutantSession{Session: s, m: m, closed: map[string]bool{}}, nil
}

type mutantSession struct {
	steps.Session
	m      *mutant
	closed map[string]bool
}

// Pid passes the inner session's process on, for the steps that read
// the kernel's view of a socket.
func (s *mutantSession) Pid() int { return s.Session.(steps.ProcessOwner).Pid() }

func (s *mutantSession) Invoke(ctx context.Context, inv steps.Invocation) (steps.Reply, error) {
	if s.m.skip != nil && s.m.skip(inv) {
		return steps.Reply{Value: jsval.Ref{Name: inv.Target}}, nil
	}
	r, err := s.Session.Invoke(ctx, inv)
	if inv.Method == "close" {
		s.closed[inv.Target] = true
	}
	if err == nil && s.m.invoke != nil {
		r = s.m.invoke(inv, s.closed, r)
	}
	return r, err
}

// CheckLeaks forwards to the reference's session.
func (s *mutantSession) CheckLeaks(ctx context.Context) error {
	if lc, ok := s.Session.(steps.LeakChecker); ok {
		return lc.CheckLeaks(ctx)
	}
	return nil
}

func runMutant(t *testing.T, m *mutant, path string) string {
	return runMutantAt(t, m, path, 1)
}

func runMutantAt(t *testing.T, m *mutant, path string, concurrency int) string {
	t.Helper()
	var out bytes.Buffer
	status, err := steps.Run(steps.RunOptions{
		// A short bound: the mutants make some waits run out.
		Config: steps.Config{Target: m, Profile: "v19", Timeout: 500 * time.Millisecond},
		FS:     features.FS, Paths: []string{path}, Format: "pretty", Output: &out,
		Concurrency: concurrency,
	})
	if err != nil {
		t.Fatal(err)
	}
	if status == 0 {
		t.Fatalf("the suite passed a reference broken on purpose; output:\n%s", out.String())
	}
	if os.Getenv("NETCONFORM_SHOW_MUTANT") != "" {
		t.Log(out.String())
	}
	return out.String()
}

func requireAll(t *testing.T, out string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("the failure report does not show %q; it reads:\n%s", w, out)
		}
	}
}

// TestSuiteCatchesAddressAfterClose breaks server.address() so that it
// still answers after close(): the address feature must fail and show
// the object that came instead of null.
func TestSuiteCatchesAddressAfterClose(t *testing.T) {
	m := &mutant{Target: reftarget.New(), invoke: func(inv steps.Invocation, closed map[string]bool, r steps.Reply) steps.Reply {
		if inv.Method == "address" && closed[inv.Target] {
			r.Value = jsval.NewObject("address", "127.0.0.1", "family", "IPv4", "port", float64(1234))
		}
		return r
	}}
	out := runMutant(t, m, "server/address.feature")
	requireAll(t, out,
		"Scenario: address() is null after close()",
		"expected: returns null",
		`got:      returned { address: "127.0.0.1", family: "IPv4", port: 1234 }`,
		"srv 'listening'", // the event log of the scenario
	)
}

// TestSuiteCatchesMissingEnd drops every 'end' event: the half-open
// feature must fail, naming the event it waited for.
func TestSuiteCatchesMissingEnd(t *testing.T) {
	m := &mutant{Target: reftarget.New(), event: func(e steps.Event) (steps.Event, bool) {
		return e, e.Name != "end"
	}}
	out := runMutant(t, m, "socket/half-open.feature")
	requireAll(t, out, "expected: c emits 'end'", "got:      no such event within")
}

// TestSuiteCatchesLostByte drops the last byte of every 'data' event:
// the echo feature must fail and show the bytes that did arrive.
func TestSuiteCatchesLostByte(t *testing.T) {
	m := &mutant{Target: reftarget.New(), event: func(e steps.Event) (steps.Event, bool) {
		if e.Name == "data" {
			if b, ok := e.Args[0].(jsval.Bytes); ok && len(b) > 0 {
				e.Args = []jsval.Value{b[:len(b)-1]}
			}
		}
		return e, true
	}}
	out := runMutant(t, m, "examples/echo.feature")
	requireAll(t, out, `expected: "hello\r\nworld!\r\n"`, `got:      "hello\r`)
}

// TestSuiteCatchesWrongIsIP makes isIP accept leading zeroes in the v19
// profile: the outline's rows must fail.
func TestSuiteCatchesWrongIsIP(t *testing.T) {
	m := &mutant{Target: reftarget.New(), invoke: func(inv steps.Invocation, _ map[string]bool, r steps.Reply) steps.Reply {
		if inv.Method == "isIP" && len(inv.Args) == 1 && inv.Args[0] == "127.000.000.001" {
			r.Value = float64(4)
		}
		return r
	}}
	out := runMutant(t, m, "address/isip.feature")
	requireAll(t, out, `net.isIP("127.000.000.001")`, "expected: returns 0", "got:      returned 4")
}

// TestSuiteCatchesPauseThatReadsOn makes pause() do nothing, so the
// socket reads on: the scenario that watches the kernel's receive queue
// must fail, saying how little waited there.
func TestSuiteCatchesPauseThatReadsOn(t *testing.T) {
	m := &mutant{Target: reftarget.New(), skip: func(inv steps.Invocation) bool {
		return inv.Method == "pause"
	}}
	out := runMutant(t, m, "socket/events.feature")
	requireAll(t, out, "expected: at least 65536 unread bytes, unchanged for 100ms", "got:      at most")
}

// leakyGoroutine is what the goroutine-leaking mutant leaves running.
func leakyGoroutine(release <-chan struct{}) { <-release }

// TestSuiteCatchesLeakedGoroutine makes every listen() start a goroutine
// that never ends. Scenarios run two at a time, so only the scenario's
// label can tell whose goroutine it is: the suite must fail the
// scenarios that listened, naming the function the goroutine is in.
func TestSuiteCatchesLeakedGoroutine(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	m := &mutant{Target: reftarget.New(), invoke: func(inv steps.Invocation, _ map[string]bool, r steps.Reply) steps.Reply {
		if inv.Method == "listen" {
			go leakyGoroutine(release)
		}
		return r
	}}
	out := runMutantAt(t, m, "server/address.feature", 2)
	requireAll(t, out,
		"after the scenario",
		"goroutine left running: 1 goroutine(s) at github.com/netconform/netconform/steps_test.leakyGoroutine",
		"selftest_test.go:",
	)
}

// TestSuiteCatchesLeakedDescriptor makes every listen() open /dev/null
// and keep it. Scenarios run one at a time, so the descriptors of the
// whole process must come back to what they were: the suite must fail,
// naming the descriptor and what it refers to.
func TestSuiteCatchesLeakedDescriptor(t *testing.T) {
	var opened []*os.File
	defer func() {
		for _, f := range opened {
			f.Close()
		}
	}()
	m := &mutant{Target: reftarget.New(), invoke: func(inv steps.Invocation, _ map[string]bool, r steps.Reply) steps.Reply {
		if inv.Method == "listen" {
			if f, err := os.Open(os.DevNull); err == nil {
				opened = append(opened, f)
			}
		}
		return r
	}}
	out := runMutant(t, m, "server/address.feature")
	if len(opened) == 0 {
		t.Fatal("the mutant opened nothing")
	}
	requireAll(t, out,
		"after the scenario",
		fmt.Sprintf("file descriptor left open: fd %d -> /dev/null", opened[0].Fd()),
	)
}

// InvokeInOneTick passes a batch of calls on, letting the mutant change
// the reply of the last.
func (s *mutantSession) InvokeInOneTick(ctx context.Context, invs []steps.Invocation) (steps.Reply, error) {
	r, err := s.Session.InvokeInOneTick(ctx, invs)
	if err == nil && s.m.invoke != nil {
		r = s.m.invoke(invs[len(invs)-1], s.closed, r)
	}
	return r, err
}

// TestSuiteCatchesSynchronousCallback makes every batch of calls claim
// that the events after it came before it returned, as an implementation
// whose callbacks run inside the call would report them: the asynchrony
// feature must fail, naming the callback that came while the call ran.
func TestSuiteCatchesSynchronousCallback(t *testing.T) {
	m := &mutant{Target: reftarget.New(), invoke: func(inv steps.Invocation, _ map[string]bool, r steps.Reply) steps.Reply {
		if inv.Target == "globals" && inv.Method == "setImmediate" {
			r.Seq += 100
		}
		return r
	}}
	out := runMutant(t, m, "server/asynchrony.feature")
	requireAll(t, out, "expected: counted after the call returned", "counted 'call' null, 0 came while srv.getConnections(counted)")
}

// TestSuiteCatchesLostTick drops every call of the callbacks named tick,
// as an implementation whose nextTick queue lost work would: the ordering
// step must say which entry never came.
func TestSuiteCatchesLostTick(t *testing.T) {
	m := &mutant{Target: reftarget.New(), event: func(e steps.Event) (steps.Event, bool) {
		return e, e.Object != "tick"
	}}
	out := runMutant(t, m, "server/asynchrony.feature")
	requireAll(t, out, "expected: tick after the call returned", "got:      no tick within")
}
