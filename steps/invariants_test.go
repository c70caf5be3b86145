package steps

import (
	"strings"
	"testing"

	"github.com/netconform/netconform/jsval"
)

// ev builds an event from a compact form: seq, object, name and the
// arguments as JavaScript literals.
func ev(t *testing.T, seq int64, obj, name string, args ...string) Event {
	t.Helper()
	e := Event{Seq: seq, Object: obj, Name: name}
	for _, a := range args {
		v, err := jsval.Parse(a)
		if err != nil {
			t.Fatalf("%s: %v", a, err)
		}
		if id, ok := v.(jsval.Ident); ok {
			v = jsval.Ref{Name: id.Name}
		}
		e.Args = append(e.Args, v)
	}
	return e
}

func errArg() string { return `new Error("boom")` }

// TestEveryInvariantCanFail gives each invariant a log that breaks it, and
// checks the same log with the offending event removed breaks nothing of
// that invariant: a rule that cannot fail would be a defect.
func TestEveryInvariantCanFail(t *testing.T) {
	type logCase struct {
		classes map[string]string
		events  []Event
		facts   func(*lifeFacts)
		profile string
	}
	sock := map[string]string{"c": "socket", "s": "socket"}
	srv := map[string]string{"srv": "server", "s": "socket"}
	breaking := map[string]logCase{
		"socket.close-once":             {sock, []Event{ev(t, 1, "c", "close", "false"), ev(t, 2, "c", "close", "false")}, nil, ""},
		"socket.nothing-after-close":    {sock, []Event{ev(t, 1, "c", "close", "false"), ev(t, 2, "c", "data", `"x"`)}, nil, ""},
		"socket.close-argument":         {sock, []Event{ev(t, 1, "c", "close", `"no"`)}, nil, ""},
		"socket.error-then-close":       {sock, []Event{ev(t, 1, "c", "error", errArg()), ev(t, 2, "c", "end"), ev(t, 3, "c", "close", "true")}, func(f *lifeFacts) { f.finSources = append(f.finSources, finSource{after: -1}) }, ""},
		"socket.close-true-after-error": {sock, []Event{ev(t, 1, "c", "close", "true")}, nil, ""},
		"socket.ready-after-connect":    {sock, []Event{ev(t, 1, "c", "connect"), ev(t, 2, "c", "data", `"x"`), ev(t, 3, "c", "ready")}, nil, ""},
		"socket.connect-once":           {sock, []Event{ev(t, 1, "c", "connect"), ev(t, 2, "c", "ready"), ev(t, 3, "c", "connect"), ev(t, 4, "c", "ready")}, nil, ""},
		"socket.lookup-before-connect":  {sock, []Event{ev(t, 1, "c", "connect"), ev(t, 2, "c", "ready"), ev(t, 3, "c", "lookup", "null", `"127.0.0.1"`, "4", `"localhost"`)}, nil, ""},
		"socket.lookup-arguments":       {sock, []Event{ev(t, 1, "c", "lookup", "null", "4", `"127.0.0.1"`, `"localhost"`)}, nil, ""},
		"socket.end-once":               {sock, []Event{ev(t, 1, "s", "end"), ev(t, 2, "c", "end"), ev(t, 3, "c", "end")}, nil, ""},
		"socket.no-data-after-end":      {sock, []Event{ev(t, 1, "s", "end"), ev(t, 2, "c", "end"), ev(t, 3, "c", "data", `"late"`)}, nil, ""},
		"socket.end-needs-peer":         {sock, []Event{ev(t, 1, "c", "end")}, func(f *lifeFacts) { f.finSources = append(f.finSources, finSource{object: "c", after: 0}) }, ""},
		"socket.data-argument":          {sock, []Event{ev(t, 1, "c", "data", "5")}, nil, ""},
		"socket.error-argument":         {sock, []Event{ev(t, 1, "c", "error", `"boom"`), ev(t, 2, "c", "close", "true")}, nil, ""},
		"socket.no-arguments":           {sock, []Event{ev(t, 1, "c", "connect", "1"), ev(t, 2, "c", "ready")}, nil, ""},
		"server.close-once":             {srv, []Event{ev(t, 1, "srv", "listening"), ev(t, 2, "srv", "close"), ev(t, 3, "srv", "close")}, func(f *lifeFacts) { f.closeCalls["srv"] = []int64{1} }, ""},
		"server.nothing-after-close":    {srv, []Event{ev(t, 1, "srv", "listening"), ev(t, 2, "srv", "close"), ev(t, 3, "srv", "connection", "s")}, nil, ""},
		"server.close-argument":         {srv, []Event{ev(t, 1, "srv", "close", "true")}, nil, ""},
		"server.close-after-connections": {srv, []Event{ev(t, 1, "srv", "listening"), ev(t, 2, "srv", "connection", "s"), ev(t, 3, "srv", "close")},
			func(f *lifeFacts) { f.connections["srv"] = []string{"s"} }, ""},
		"server.listening-once":              {srv, []Event{ev(t, 1, "srv", "listening"), ev(t, 2, "srv", "listening")}, nil, ""},
		"server.listening-before-connection": {srv, []Event{ev(t, 1, "srv", "connection", "s"), ev(t, 2, "srv", "listening")}, nil, ""},
		"server.connection-argument":         {srv, []Event{ev(t, 1, "srv", "listening"), ev(t, 2, "srv", "connection", `"s"`)}, nil, ""},
		"server.error-argument":              {srv, []Event{ev(t, 1, "srv", "error", "5")}, nil, ""},
		"server.no-arguments":                {srv, []Event{ev(t, 1, "srv", "listening", "0")}, nil, ""},
		"server.error-without-close":         {srv, []Event{ev(t, 1, "srv", "error", errArg()), ev(t, 2, "srv", "close")}, nil, "v19"},
		"server.error-then-close":            {srv, []Event{ev(t, 1, "srv", "error", errArg()), ev(t, 2, "srv", "listening")}, nil, "v0.10"},
	}
	for i := range Invariants {
		inv := &Invariants[i]
		c, ok := breaking[inv.ID]
		if !ok {
			t.Errorf("%s: no log breaks it in this test", inv.ID)
			continue
		}
		facts := &lifeFacts{closeCalls: map[string][]int64{}, connections: map[string][]string{}}
		if c.facts != nil {
			c.facts(facts)
		}
		profile := c.profile
		if profile == "" {
			profile = "v19"
		}
		found := false
		for _, v := range checkInvariants(c.events, c.classes, nil, facts, profile) {
			if v.Invariant.ID == inv.ID {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: the log that breaks it passed: %v", inv.ID, c.events)
		}
	}
}

// TestInvariantsHoldForNodeLogs: logs as Node 20 delivers them break no
// rule.
func TestInvariantsHoldForNodeLogs(t *testing.T) {
	classes := map[string]string{"c": "socket", "srv": "server", "s": "socket"}
	events := []Event{
		ev(t, 1, "srv", "listening"),
		ev(t, 2, "c", "lookup", "null", `"127.0.0.1"`, "4", `"localhost"`),
		ev(t, 3, "srv", "connection", "s"),
		ev(t, 4, "c", "connect"),
		ev(t, 5, "c", "drain"),
		ev(t, 6, "c", "ready"),
		ev(t, 7, "s", "data", `"hi"`),
		ev(t, 8, "s", "end"),
		ev(t, 9, "c", "end"),
		ev(t, 10, "srv", "close"),
		ev(t, 11, "s", "close", "false"),
		ev(t, 12, "c", "close", "false"),
	}
	facts := &lifeFacts{closeCalls: map[string][]int64{"srv": {8}}, connections: map[string][]string{"srv": {"s"}},
		finSources: []finSource{{object: "c", after: 6}}}
	if vs := checkInvariants(events, classes, nil, facts, "v19"); len(vs) > 0 {
		t.Errorf("violations in a good log: %v", vs)
	}
	// A socket reconnected after 'close' starts a new life.
	again := []Event{ev(t, 1, "c", "connect"), ev(t, 2, "c", "ready"), ev(t, 3, "c", "close", "false"),
		ev(t, 5, "c", "connect"), ev(t, 6, "c", "ready")}
	if vs := checkInvariants(again, classes, map[string][]int64{"c": {4}}, &lifeFacts{}, "v19"); len(vs) > 0 {
		t.Errorf("violations across a reconnect: %v", vs)
	}
}

func TestParseSequence(t *testing.T) {
	seq, err := parseSequence(`'connect', 'data' "a, b", 'error' {code: "ECONNRESET"}, 'close' true`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range seq {
		got = append(got, e.String())
	}
	want := `'connect' | 'data' "a, b" | 'error' { code: "ECONNRESET" } | 'close' true`
	if strings.Join(got, " | ") != want {
		t.Errorf("got %s, want %s", strings.Join(got, " | "), want)
	}
	for _, bad := range []string{``, `connect`, `'connect',`, `'connect`} {
		if _, err := parseSequence(bad); err == nil {
			t.Errorf("parseSequence(%q) gave no error", bad)
		}
	}
}

// TestSplitLivesAtListenAfterCloseCall: a closing server (close() called,
// 'close' not yet come) may listen again; the second 'listening' belongs
// to a new life, while a listen() with no close() between stays in the
// first.
func TestSplitLivesAtListenAfterCloseCall(t *testing.T) {
	evs := []Event{ev(t, 1, "srv", "listening"), ev(t, 2, "srv", "connection", "s"), ev(t, 5, "srv", "listening")}
	lives := splitLives(evs, []int64{0, 3}, lifeEnds{calls: []int64{2}})
	if len(lives) != 2 || len(lives[0].events) != 2 || len(lives[1].events) != 1 || lives[1].start != 3 {
		t.Errorf("close() at 2, listen() at 3: want lives of 2 and 1 events, the second from 3; got %+v", lives)
	}
	if lives := splitLives(evs, []int64{0, 3}, lifeEnds{}); len(lives) != 1 {
		t.Errorf("no close() between the listens: want one life, got %d", len(lives))
	}
}

// TestSplitLivesAtConnectAfterDestroyCall: connect() in the tick of
// destroy() connects again while the old connection's 'close' is still
// to come; the new life starts after that 'close'.
func TestSplitLivesAtConnectAfterDestroyCall(t *testing.T) {
	evs := []Event{ev(t, 1, "c", "connect"), ev(t, 2, "c", "ready"), ev(t, 3, "c", "close", "false"), ev(t, 4, "c", "connect"), ev(t, 5, "c", "ready")}
	lives := splitLives(evs, []int64{0, 2}, lifeEnds{calls: []int64{2}, deferToClose: true})
	if len(lives) != 2 || len(lives[0].events) != 3 || lives[0].events[2].Name != "close" || len(lives[1].events) != 2 {
		t.Errorf("destroy() and connect() at 2: want the old life to end with its 'close' and the new one to hold 'connect', 'ready'; got %+v", lives)
	}
}

// TestSplitLivesAtConnectOnAnOpenSocket: connect() on an open socket
// starts a new life at once, so its second 'connect' is the new life's.
func TestSplitLivesAtConnectOnAnOpenSocket(t *testing.T) {
	evs := []Event{ev(t, 1, "c", "connect"), ev(t, 2, "c", "ready"), ev(t, 4, "c", "connect"), ev(t, 5, "c", "ready")}
	lives := splitLives(evs, []int64{0, 3}, lifeEnds{deferToClose: true})
	if len(lives) != 2 || len(lives[1].events) != 2 || lives[1].start != 3 {
		t.Errorf("connect() at 3 on an open socket: want two lives of 2 events; got %+v", lives)
	}
}
