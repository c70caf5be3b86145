package steps_test

import (
	"bytes"
	"context"
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

func runMutant(t *testing.T, m *mutant, path string) string {
	t.Helper()
	var out bytes.Buffer
	status, err := steps.Run(steps.RunOptions{
		// A short bound: the mutants make some waits run out.
		Config: steps.Config{Target: m, Profile: "v19", Timeout: 500 * time.Millisecond},
		FS:     features.FS, Paths: []string{path}, Format: "pretty", Output: &out,
	})
	if err != nil {
		t.Fatal(err)
	}
	if status == 0 {
		t.Fatalf("the suite passed a reference broken on purpose; output:\n%s", out.String())
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
