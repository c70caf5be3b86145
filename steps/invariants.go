package steps

import (
	"fmt"
	"sort"
	"strings"

	"github.com/netconform/netconform/jsval"
)

// Invariant is a lifecycle rule the docs state for every object of a
// class. The runner checks every invariant on the event log of every
// scenario, on every target, once the scenario's steps are done: a
// scenario names the events it is about, and the invariants account for
// all the others, so that an extra 'end', a second 'close' or a 'close'
// with the wrong argument fails wherever it happens.
type Invariant struct {
	ID    string // class.rule, e.g. "socket.close-once"
	Class string // "socket" or "server"
	// Rule says what must hold, in one line.
	Rule string
	// Source names the doc section the rule comes from; Quote is its
	// sentence, verbatim from the seed.
	Source, Quote string
	// Profile, when set, limits the rule to one documented version.
	Profile string
	// check returns what breaks the rule in one life of one object, or "".
	check func(l life) string
}

// life is the documented events of one object from its creation, or
// from a call that starts it again after 'close', to the next such call,
// with what the scenario knows around them. socket.connect() reconnects a
// closed socket; server.listen() reopens a closed server; server.close()
// on a closed server emits 'close' again, as the doc of close() implies
// ("it will be called with an Error as its only argument if the server
// was not open when it was closed": the callback is a 'close' listener).
type life struct {
	start  int64 // the newest event before the call that started it (0: none)
	object string
	class  string
	events []Event // this object's, in order
	all    []Event // every event of the scenario
	facts  *lifeFacts
}

// lifeFacts are what the scenario did that the rules need to know: what
// can no event log tell.
type lifeFacts struct {
	// finSources are the objects that may have sent a FIN or a reset,
	// with the sequence number after which they may have: a call of
	// end(), destroy(), destroySoon() or resetAndDestroy(), or a reaction
	// that makes one. A FIN from the runner's own peers has the object "".
	finSources []finSource
	// closeCalls are the sequence numbers at which server.close() was
	// called, per server.
	closeCalls map[string][]int64
	// destroyCalls are the sequence numbers at which a socket's
	// destroy() or resetAndDestroy() was called, per socket.
	destroyCalls map[string][]int64
	// connections are the sockets each server delivered in 'connection'.
	connections map[string][]string
}

type finSource struct {
	object string
	after  int64
}

// documented are the events the docs name for each class; the
// invariants look at these alone, since Node emits others besides
// ('connectionAttempt', 'readable', 'resume', 'finish', ...) that a call
// on a closed socket may still emit.
var documented = map[string]map[string]bool{
	"socket": {"lookup": true, "connect": true, "ready": true, "data": true, "drain": true,
		"end": true, "error": true, "close": true, "timeout": true},
	"server": {"listening": true, "connection": true, "error": true, "close": true, "drop": true},
}

// argless are the events whose listeners the docs give no argument.
var argless = map[string]bool{"connect": true, "ready": true, "end": true, "timeout": true, "drain": true, "listening": true}

// Invariants are the lifecycle rules of net.Socket and net.Server, each
// from the sentence of the docs (../shared/seeds) it transcribes.
var Invariants = []Invariant{
	{
		ID: "socket.close-once", Class: "socket",
		Rule:   "'close' comes at most once",
		Source: "v19 net.Socket, Event 'close'", Quote: "Emitted once the socket is fully closed.",
		check: func(l life) string { return atMostOnce(l, "close") },
	},
	{
		ID: "socket.nothing-after-close", Class: "socket",
		Rule:   "no event comes after 'close'",
		Source: "v19 net.Socket, Event 'close'", Quote: "Emitted once the socket is fully closed.",
		check: nothingAfterClose,
	},
	{
		ID: "socket.close-argument", Class: "socket",
		Rule:   "'close' has the boolean hadError as its argument, or (as Node does for a socket that never had a connection) none",
		Source: "v19 net.Socket, Event 'close'",
		Quote:  "The argument hadError is a boolean which says if the socket was closed due to a transmission error.",
		check: func(l life) string {
			for _, e := range l.named("close") {
				if len(e.Args) > 1 || (len(e.Args) == 1 && jsval.TypeOf(e.Args[0]) != "boolean") {
					return e.String()
				}
			}
			return ""
		},
	},
	{
		ID: "socket.error-then-close", Class: "socket",
		Rule:   "'error' is directly followed by 'close', with hadError true where it has an argument",
		Source: "v19 net.Socket, Event 'error'", Quote: "Emitted when an error occurs. The 'close' event will be called directly following this event.",
		check: errorThenClose(true),
	},
	{
		ID: "socket.close-true-after-error", Class: "socket",
		Rule:   "'close' with hadError true comes only after an 'error'",
		Source: "v19 net.Socket, Event 'close'",
		Quote:  "The argument hadError is a boolean which says if the socket was closed due to a transmission error.",
		check: func(l life) string {
			sawError := false
			for _, e := range l.events {
				switch {
				case e.Name == "error":
					sawError = true
				case e.Name == "close" && len(e.Args) == 1 && e.Args[0] == true && !sawError:
					return e.String() + " with no 'error' before it"
				}
			}
			return ""
		},
	},
	{
		ID: "socket.ready-after-connect", Class: "socket",
		Rule:   "'ready' comes right after 'connect', and only then",
		Source: "v19 net.Socket, Event 'ready'", Quote: "Triggered immediately after 'connect'.",
		check: readyAfterConnect,
	},
	{
		ID: "socket.connect-once", Class: "socket",
		Rule:   "'connect' comes at most once",
		Source: "v19 net.Socket, Event 'connect'", Quote: "Emitted when a socket connection is successfully established.",
		check: func(l life) string { return atMostOnce(l, "connect") },
	},
	{
		ID: "socket.lookup-before-connect", Class: "socket",
		Rule:   "'lookup' never comes after 'connect'",
		Source: "v19 net.Socket, Event 'lookup'", Quote: "Emitted after resolving the host name but before connecting.",
		check: func(l life) string { return neverAfter(l, "lookup", "connect") },
	},
	{
		ID: "socket.lookup-arguments", Class: "socket",
		Rule:   "'lookup' has the arguments err (an Error or null), address (a string), family (a number or null) and host (a string)",
		Source: "v19 net.Socket, Event 'lookup'",
		Quote:  "err <Error> | <null> The error object. See dns.lookup(). address <string> The IP address. family <number> | <null> The address type. See dns.lookup(). host <string> The host name.",
		check:  lookupArguments,
	},
	{
		ID: "socket.end-once", Class: "socket",
		Rule:   "'end' comes at most once",
		Source: "v19 net.Socket, Event 'end'",
		Quote:  "Emitted when the other end of the socket signals the end of transmission, thus ending the readable side of the socket.",
		check:  func(l life) string { return atMostOnce(l, "end") },
	},
	{
		ID: "socket.no-data-after-end", Class: "socket",
		Rule:   "no 'data' comes after 'end'",
		Source: "v19 net.Socket, Event 'end'",
		Quote:  "Emitted when the other end of the socket signals the end of transmission, thus ending the readable side of the socket.",
		check:  func(l life) string { return neverAfter(l, "data", "end") },
	},
	{
		ID: "socket.end-needs-peer", Class: "socket",
		Rule:   "'end' comes only once the other end may have ended: a peer called end() or destroy(), closed, or ended itself",
		Source: "v19 net.Socket, Event 'end'",
		Quote:  "Emitted when the other end of the socket signals the end of transmission, thus ending the readable side of the socket.",
		check:  endNeedsPeer,
	},
	{
		ID: "socket.data-argument", Class: "socket",
		Rule:   "'data' has one argument, a Buffer or a string",
		Source: "v19 net.Socket, Event 'data'", Quote: "The argument data will be a Buffer or String.",
		check: oneArgument("data", func(v jsval.Value) bool {
			_, isBytes := v.(jsval.Bytes)
			return isBytes || jsval.TypeOf(v) == "string"
		}),
	},
	{
		ID: "socket.error-argument", Class: "socket",
		Rule:   "'error' has one argument, an Error",
		Source: "v19 net.Socket, Event 'error'", Quote: "<Error>",
		check: errorArgument,
	},
	{
		ID: "socket.no-arguments", Class: "socket",
		Rule:   "'connect', 'ready', 'end', 'timeout' and 'drain' have no arguments",
		Source: "v19 net.Socket, Events 'connect', 'ready', 'end', 'timeout', 'drain'",
		Quote:  "(none of these events lists an argument)",
		check:  noArguments,
	},
	{
		ID: "server.close-once", Class: "server",
		Rule:   "'close' comes at most once, and once more for each further call of server.close()",
		Source: "v19 net.Server, server.close([callback])",
		Quote:  "The optional callback will be called once the 'close' event occurs. Unlike that event, it will be called with an Error as its only argument if the server was not open when it was closed.",
		check:  closeOncePerCall,
	},
	{
		ID: "server.nothing-after-close", Class: "server",
		Rule:   "no event but another close()'s 'close' comes after 'close'",
		Source: "v19 net.Server, Event 'close'", Quote: "Emitted when the server closes.",
		check: nothingAfterClose,
	},
	{
		ID: "server.close-argument", Class: "server",
		Rule:   "'close' has no argument",
		Source: "v19 net.Server, Event 'close'", Quote: "Emitted when the server closes.",
		check: func(l life) string {
			for _, e := range l.named("close") {
				if len(e.Args) != 0 {
					return e.String()
				}
			}
			return ""
		},
	},
	{
		ID: "server.close-after-connections", Class: "server",
		Rule:   "'close' comes only after every connection it accepted has ended or closed",
		Source: "v19 net.Server, Event 'close'",
		Quote:  "If connections exist, this event is not emitted until all connections are ended.",
		check:  closeAfterConnections,
	},
	{
		ID: "server.listening-once", Class: "server",
		Rule:   "'listening' comes at most once",
		Source: "v19 net.Server, Event 'listening'", Quote: "Emitted when the server has been bound after calling server.listen().",
		check: func(l life) string { return atMostOnce(l, "listening") },
	},
	{
		ID: "server.listening-before-connection", Class: "server",
		Rule:   "'connection' comes only after 'listening'",
		Source: "v19 net.Server, Event 'listening'", Quote: "Emitted when the server has been bound after calling server.listen().",
		check: func(l life) string {
			listening := false
			for _, e := range l.events {
				switch e.Name {
				case "listening":
					listening = true
				case "connection", "drop":
					if !listening {
						return e.String() + " before any 'listening'"
					}
				}
			}
			return ""
		},
	},
	{
		ID: "server.connection-argument", Class: "server",
		Rule:   "'connection' has one argument, the connection's net.Socket",
		Source: "v19 net.Server, Event 'connection'", Quote: "socket is an instance of net.Socket.",
		check: oneArgument("connection", func(v jsval.Value) bool { _, ok := v.(jsval.Ref); return ok }),
	},
	{
		ID: "server.error-argument", Class: "server",
		Rule:   "'error' has one argument, an Error",
		Source: "v19 net.Server, Event 'error'", Quote: "<Error>",
		check: errorArgument,
	},
	{
		ID: "server.no-arguments", Class: "server",
		Rule:   "'listening' has no argument",
		Source: "v19 net.Server, Event 'listening'", Quote: "Emitted when the server has been bound after calling server.listen().",
		check: noArguments,
	},
	{
		ID: "server.error-without-close", Class: "server", Profile: "v19",
		Rule:   "'error' is not followed by 'close' unless server.close() is called",
		Source: "v19 net.Server, Event 'error'",
		Quote:  "Unlike net.Socket, the 'close' event will not be emitted directly following this event unless server.close() is manually called.",
		check:  errorWithoutClose,
	},
	{
		ID: "server.error-then-close", Class: "server", Profile: "v0.10",
		Rule:   "'error' is directly followed by 'close'",
		Source: "v0.10 net.Server, Event 'error'", Quote: "Emitted when an error occurs. The 'close' event will be called directly following this event.",
		check: errorThenClose(false),
	},
}

// named returns the life's events of that name.
func (l life) named(name string) []Event {
	var out []Event
	for _, e := range l.events {
		if e.Name == name {
			out = append(out, e)
		}
	}
	return out
}

func atMostOnce(l life, name string) string {
	if evs := l.named(name); len(evs) > 1 {
		return fmt.Sprintf("%d times: %s", len(evs), joinEvents(evs))
	}
	return ""
}

func joinEvents(evs []Event) string {
	s := make([]string, len(evs))
	for i, e := range evs {
		s[i] = e.String()
	}
	return strings.Join(s, "; ")
}

// neverAfter reports an event named name that follows one named after.
func neverAfter(l life, name, after string) string {
	var first *Event
	for i, e := range l.events {
		if e.Name == after && first == nil {
			first = &l.events[i]
		}
		if e.Name == name && first != nil {
			return fmt.Sprintf("%s after %s", e, first)
		}
	}
	return ""
}

// nothingAfterClose; a server closed again emits 'close' again, which
// server.close-once counts.
func nothingAfterClose(l life) string {
	var closed *Event
	for i, e := range l.events {
		switch {
		case closed == nil && e.Name == "close":
			closed = &l.events[i]
		case closed != nil && !(l.class == "server" && e.Name == "close"):
			return fmt.Sprintf("%s after %s", e, closed)
		}
	}
	return ""
}

// closeOncePerCall: each server.close() emits 'close' once, on an open
// server or (for its callback) on a closed one.
func closeOncePerCall(l life) string {
	evs := l.named("close")
	if len(evs) <= 1 {
		return ""
	}
	calls := 0
	for _, c := range l.facts.closeCalls[l.object] {
		if c < 0 {
			return "" // a reaction closes it, as often as its event comes
		}
		if c >= l.start && c < evs[len(evs)-1].Seq {
			calls++
		}
	}
	if len(evs) > calls {
		return fmt.Sprintf("%d times for %d calls of close(): %s", len(evs), calls, joinEvents(evs))
	}
	return ""
}

// errorThenClose: the object's next event after 'error' is 'close' (with
// hadError true for a socket). An 'error' that nobody handled was thrown
// out of the emitter, which in Node stops the code that would have
// emitted 'close'; the rule then asks only that nothing else follows.
func errorThenClose(socket bool) func(l life) string {
	return func(l life) string {
		for i, e := range l.events {
			if e.Name != "error" {
				continue
			}
			if i+1 == len(l.events) {
				if uncaughtRightAfter(l.all, e) {
					continue
				}
				return e.String() + " and then nothing"
			}
			next := l.events[i+1]
			if next.Name != "close" || (socket && len(next.Args) == 1 && next.Args[0] != true) {
				return fmt.Sprintf("%s, then %s", e, next)
			}
		}
		return ""
	}
}

// uncaughtRightAfter reports whether the process's next event after e
// is the uncaught exception e's error became.
func uncaughtRightAfter(all []Event, e Event) bool {
	for _, x := range all {
		if x.Seq > e.Seq && x.Object == ProcessObject && x.Name == "uncaughtException" {
			return true
		}
	}
	return false
}

func readyAfterConnect(l life) string {
	for i, e := range l.events {
		switch e.Name {
		case "connect":
			// Only 'drain' may come between: Node writes what was queued
			// while connecting from a 'connect' listener of its own, and a
			// write that empties the buffer there emits 'drain' at once.
			j := i + 1
			for j < len(l.events) && l.events[j].Name == "drain" {
				j++
			}
			if j == len(l.events) {
				return e.String() + " and no 'ready' after it"
			}
			if l.events[j].Name != "ready" {
				return fmt.Sprintf("%s, then %s", e, l.events[j])
			}
		case "ready":
			if i == 0 || !hasBefore(l.events[:i], "connect") {
				return e.String() + " with no 'connect' before it"
			}
		}
	}
	return ""
}

func hasBefore(evs []Event, name string) bool {
	for _, e := range evs {
		if e.Name == name {
			return true
		}
	}
	return false
}

func lookupArguments(l life) string {
	for _, e := range l.named("lookup") {
		ok := len(e.Args) == 4 && jsval.TypeOf(e.Args[3]) == "string"
		if ok {
			_, failed := e.Args[0].(*jsval.Error)
			switch {
			case failed:
				// The lookup failed: there is no address to give.
			case jsval.TypeOf(e.Args[0]) == "null":
				family := jsval.TypeOf(e.Args[2])
				ok = jsval.TypeOf(e.Args[1]) == "string" && (family == "number" || family == "null")
			default:
				ok = false
			}
		}
		if !ok {
			return e.String()
		}
	}
	return ""
}

// oneArgument: every event called name has one argument, for which ok
// holds.
func oneArgument(name string, ok func(jsval.Value) bool) func(l life) string {
	return func(l life) string {
		for _, e := range l.named(name) {
			if len(e.Args) != 1 || !ok(e.Args[0]) {
				return e.String()
			}
		}
		return ""
	}
}

var errorArgument = oneArgument("error", func(v jsval.Value) bool { _, ok := v.(*jsval.Error); return ok })

func noArguments(l life) string {
	for _, e := range l.events {
		if argless[e.Name] && len(e.Args) != 0 {
			return e.String()
		}
	}
	return ""
}

// endNeedsPeer: a FIN comes from the other end, which is another object
// of the scenario or one of the runner's own peers. Before 'end', some
// other object must have been asked to end or destroy, or have ended,
// closed or failed itself (a socket that receives a FIN ends its side in
// turn, unless it allows half-open connections).
func endNeedsPeer(l life) string {
	for _, e := range l.named("end") {
		if !peerMayHaveEnded(l, e.Seq) {
			return e.String() + ", and no other end had ended, closed or been asked to"
		}
	}
	return ""
}

func peerMayHaveEnded(l life, before int64) bool {
	for _, f := range l.facts.finSources {
		if f.object != l.object && f.after < before {
			return true
		}
	}
	for _, x := range l.all {
		if x.Seq >= before {
			break
		}
		// A server's 'drop' closes the connection it dropped.
		if x.Object != l.object && (x.Name == "end" || x.Name == "close" || x.Name == "error" || x.Name == "drop") {
			return true
		}
	}
	return false
}

// closeAfterConnections: the server's 'close' waits for its connections.
// Node emits it once the last connection's handle is closed, which can
// be before that socket's own 'close' listeners run; the rule asks that
// every connection has ended, failed, or been closed or destroyed.
func closeAfterConnections(l life) string {
	for _, c := range l.named("close") {
		for _, conn := range l.facts.connections[l.object] {
			if !connectionGone(l, conn, c.Seq) {
				return fmt.Sprintf("%s while its connection %s was still open", c, conn)
			}
		}
	}
	return ""
}

func connectionGone(l life, conn string, before int64) bool {
	for _, f := range l.facts.finSources {
		if f.object == conn && f.after < before {
			return true
		}
	}
	for _, x := range l.all {
		if x.Seq >= before {
			break
		}
		if x.Object == conn && (x.Name == "end" || x.Name == "close" || x.Name == "error") {
			return true
		}
	}
	return false
}

func errorWithoutClose(l life) string {
	for i, e := range l.events {
		if e.Name != "error" {
			continue
		}
		for _, x := range l.events[i+1:] {
			if x.Name == "close" && !calledBetween(l.facts.closeCalls[l.object], e.Seq, x.Seq) {
				return fmt.Sprintf("%s, then %s, and server.close() was not called", e, x)
			}
		}
	}
	return ""
}

func calledBetween(calls []int64, from, to int64) bool {
	for _, c := range calls {
		if c < 0 || (c >= from && c < to) { // c < 0: made by a reaction, at a moment unknown
			return true
		}
	}
	return false
}

// Violation is an invariant an object's events broke.
type Violation struct {
	Invariant *Invariant
	Object    string
	What      string
}

func (v Violation) String() string {
	return fmt.Sprintf("%s of %s: %s", v.Invariant.ID, v.Object, v.What)
}

// checkInvariants checks every invariant of profile on the events of
// every object whose class is known, life by life.
func checkInvariants(events []Event, classes map[string]string, lifeStarts map[string][]int64, facts *lifeFacts, profile string) []Violation {
	byObject := map[string][]Event{}
	for _, e := range events {
		if documented[classes[e.Object]][e.Name] {
			byObject[e.Object] = append(byObject[e.Object], e)
		}
	}
	objects := make([]string, 0, len(byObject))
	for o := range byObject {
		objects = append(objects, o)
	}
	sort.Strings(objects)
	var out []Violation
	for _, o := range objects {
		for _, span := range splitLives(byObject[o], lifeStarts[o], facts.endCalls(o, classes[o])) {
			l := life{start: span.start, object: o, class: classes[o], events: span.events, all: events, facts: facts}
			for i := range Invariants {
				inv := &Invariants[i]
				if inv.Class != l.class || (inv.Profile != "" && inv.Profile != profile) {
					continue
				}
				if what := inv.check(l); what != "" {
					out = append(out, Violation{Invariant: inv, Object: o, What: what})
				}
			}
		}
	}
	return out
}

// span is one life's events and the newest event before the call that
// started it.
type span struct {
	start  int64
	events []Event
}

// endCalls are the calls that end object's life before its 'close':
// a server's close() (after which it may listen again at once) and a
// socket's destroy() (after which connect() starts again, while the old
// connection's 'close' is still to come).
func (f *lifeFacts) endCalls(object, class string) lifeEnds {
	if class == "socket" {
		return lifeEnds{calls: f.destroyCalls[object], deferToClose: true}
	}
	return lifeEnds{calls: f.closeCalls[object]}
}

// lifeEnds are the calls that end an object's life, as splitLives takes
// them: the newest event before each call, and whether a life started
// after one begins only once the old life's 'close' has come.
type lifeEnds struct {
	calls        []int64
	deferToClose bool
}

// splitLives cuts an object's events at every call that starts it again
// after a 'close' or an 'error' (a server listens again after a failed
// listen()), or after a call that ended its life before its 'close'
// (ends): events numbered after the call belong to the new life, from
// the old life's 'close' on where ends defers to it (a socket). A
// socket's connect() while it is open starts a new life at once.
func splitLives(evs []Event, starts []int64, ends lifeEnds) []span {
	var lives []span
	cur := span{events: []Event{}}
	closed := false
	si := 0
	// endedByCall: an end call came between the previous start and
	// this one.
	endedByCall := func() bool {
		prev := int64(0)
		if si > 0 {
			prev = starts[si-1]
		}
		for _, c := range ends.calls {
			if c >= prev && c <= starts[si] {
				return true
			}
		}
		return false
	}
	pending := int64(-1) // a start waiting for the old life's 'close'
	for _, e := range evs {
		for si < len(starts) && starts[si] < e.Seq {
			switch {
			case closed:
				lives = append(lives, cur)
				cur, closed = span{start: starts[si], events: []Event{}}, false
			case len(cur.events) > 0 && endedByCall():
				if ends.deferToClose {
					pending = starts[si]
				} else {
					lives = append(lives, cur)
					cur = span{start: starts[si], events: []Event{}}
				}
			case len(cur.events) > 0 && ends.deferToClose && pending < 0:
				// connect() on a socket that is still open: Node connects
				// the same handle again, with a second 'connect'.
				lives = append(lives, cur)
				cur = span{start: starts[si], events: []Event{}}
			}
			si++
		}
		cur.events = append(cur.events, e)
		if e.Name == "close" || e.Name == "error" {
			closed = true
		}
		if e.Name == "close" && pending >= 0 {
			lives = append(lives, cur)
			cur, closed, pending = span{start: pending, events: []Event{}}, false, -1
		}
	}
	if closed && si < len(starts) {
		// Started again, and nothing of the new life has come yet.
		lives = append(lives, cur)
		cur = span{start: starts[len(starts)-1], events: []Event{}}
	}
	return append(lives, cur)
}
