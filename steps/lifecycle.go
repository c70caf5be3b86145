package steps

import (
	"fmt"
	"strings"

	"github.com/netconform/netconform/jsval"
)

// lifecycle is what the world records, beside the event log, for the
// invariants and the waits that fail fast: the class of every object,
// the calls that start an object's life again, and the calls that may
// end a connection.
type lifecycle struct {
	classes    map[string]string  // implementation name -> "socket" or "server"
	lifeStarts map[string][]int64 // implementation name -> seq before each connect()/listen()
	facts      lifeFacts
	// fdHolders names, by descriptor number, the socket the scenario made
	// over it (new net.Socket({fd})).
	fdHolders map[float64]string
	// fnOnce counts, per callback of the suite's, the calls it was passed
	// to that call it once; a callback passed where it may be called any
	// number of times (a listener, an option called per chunk) has -1.
	fnOnce map[string]int
}

func newLifecycle() *lifecycle {
	return &lifecycle{classes: map[string]string{}, lifeStarts: map[string][]int64{}, fnOnce: map[string]int{}, fdHolders: map[float64]string{},
		facts: lifeFacts{closeCalls: map[string][]int64{}, destroyCalls: map[string][]int64{}, connections: map[string][]string{}}}
}

// constructors are the calls of net that return a server or a socket.
var constructors = map[string]string{
	"createServer": "server", "Server": "server",
	"connect": "socket", "createConnection": "socket", "Socket": "socket",
}

// finMethods are the socket methods after which the other end may see a
// FIN or a reset.
var finMethods = map[string]bool{"end": true, "destroy": true, "destroySoon": true, "resetAndDestroy": true}

// noteCall records what an invocation tells of an object's class and
// life; before is the newest event before the call, name the
// implementation's name of what it returned, if anything.
func (lc *lifecycle) noteCall(inv Invocation, before int64, returned string) {
	for _, a := range inv.Args {
		lc.noteCallbacks(a, !manyTimes[inv.Method])
	}
	if inv.Target == "net" {
		if class := constructors[inv.Method]; class != "" && returned != "" {
			lc.classes[returned] = class
			if o, ok := firstArg(inv).(*jsval.Object); ok {
				if fd, ok := o.Get("fd").(float64); ok {
					lc.fdHolders[fd] = returned
				}
			}
		}
		return
	}
	if inv.Op == OpSet && inv.Method == "maxConnections" {
		// The server closes the connections past the limit, with or
		// without a 'drop' event (v0.10 has none).
		lc.facts.finSources = append(lc.facts.finSources, finSource{object: inv.Target, after: before})
	}
	if inv.Op != OpCall {
		return
	}
	switch {
	case finMethods[inv.Method]:
		lc.facts.finSources = append(lc.facts.finSources, finSource{object: inv.Target, after: before})
		if inv.Method == "destroy" || inv.Method == "resetAndDestroy" {
			lc.facts.destroyCalls[inv.Target] = append(lc.facts.destroyCalls[inv.Target], before)
		}
	case inv.Method == "connect" || inv.Method == "listen":
		lc.lifeStarts[inv.Target] = append(lc.lifeStarts[inv.Target], before)
	case inv.Method == "close":
		lc.facts.closeCalls[inv.Target] = append(lc.facts.closeCalls[inv.Target], before)
	}
}

func firstArg(inv Invocation) jsval.Value {
	if len(inv.Args) == 0 {
		return nil
	}
	return inv.Args[0]
}

// manyTimes are the methods whose function argument is a listener,
// called for every event.
var manyTimes = map[string]bool{"on": true, "addListener": true, "prependListener": true,
	"createServer": true, "Server": true}

// noteCallbacks counts the callbacks in v: a function argument is called
// once, unless once is false; in an options object, lookup is called once
// per call and any other function (onread's) any number of times.
func (lc *lifecycle) noteCallbacks(v jsval.Value, once bool) {
	switch x := v.(type) {
	case jsval.Func:
		switch n := lc.fnOnce[x.Name]; {
		case !once || n < 0:
			lc.fnOnce[x.Name] = -1
		default:
			lc.fnOnce[x.Name] = n + 1
		}
	case *jsval.Object:
		for _, k := range x.Keys() {
			lc.noteCallbacks(x.Get(k), once && k == "lookup")
		}
	case jsval.Array:
		for _, e := range x {
			lc.noteCallbacks(e, false)
		}
	}
}

// noteReaction records the calls a reaction will make inside the
// implementation, at moments the runner does not see: they count as
// made from the start of the scenario. A call on an event's argument
// ($0, the socket of 'connection') may be on any object.
func (lc *lifecycle) noteReaction(r Reaction) {
	for _, a := range r.Actions {
		for _, arg := range a.Args {
			lc.noteCallbacks(arg, false)
		}
		target := a.Target
		switch {
		case target == "$this":
			target = r.Object
		case strings.HasPrefix(target, "$"):
			target = ""
		}
		if a.On != nil {
			nested := *a.On
			nested.Object = target
			lc.noteReaction(nested)
			continue
		}
		switch {
		case finMethods[a.Method]:
			lc.facts.finSources = append(lc.facts.finSources, finSource{object: target, after: -1})
		case a.Method == "close" && target != "":
			lc.facts.closeCalls[target] = append(lc.facts.closeCalls[target], -1)
		case a.Method == "close":
			lc.facts.closeCalls[""] = append(lc.facts.closeCalls[""], -1)
		}
	}
}

// notePeer records that a peer the runner holds may end a connection.
func (lc *lifecycle) notePeer() {
	lc.facts.finSources = append(lc.facts.finSources, finSource{object: "", after: -1})
}

// learn classes the objects of the events: the socket a 'connection'
// delivers, and an object no call named by the events only one class
// emits.
func (lc *lifecycle) learn(events []Event) {
	for _, e := range events {
		if e.Name == "connection" && len(e.Args) == 1 {
			if r, ok := e.Args[0].(jsval.Ref); ok {
				lc.classes[r.Name] = "socket"
				if lc.classes[e.Object] == "" {
					lc.classes[e.Object] = "server"
				}
				if !contains(lc.facts.connections[e.Object], r.Name) {
					lc.facts.connections[e.Object] = append(lc.facts.connections[e.Object], r.Name)
				}
			}
		}
		if lc.classes[e.Object] != "" {
			continue
		}
		switch e.Name {
		case "listening", "connection", "drop":
			lc.classes[e.Object] = "server"
		case "connect", "ready", "lookup", "data", "end", "timeout", "drain":
			lc.classes[e.Object] = "socket"
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// currentLife returns the events of object since the call that last
// started it again after a 'close'.
func (lc *lifecycle) currentLife(events []Event, object string) []Event {
	var own []Event
	for _, e := range events {
		if e.Object == object && documented[lc.classes[object]][e.Name] {
			own = append(own, e)
		}
	}
	lives := splitLives(own, lc.lifeStarts[object], lc.facts.endCalls(object, lc.classes[object]))
	return lives[len(lives)-1].events
}

// closedBy returns the 'close' that ended object's current life, if any.
func (lc *lifecycle) closedBy(events []Event, object string) (Event, bool) {
	if lc.classes[object] == "" {
		return Event{}, false
	}
	for _, e := range lc.currentLife(events, object) {
		if e.Name == "close" {
			return e, true
		}
	}
	return Event{}, false
}

// checkInvariants fails the scenario with every invariant its events
// broke, naming the rule and the doc sentence it comes from.
func (w *world) checkInvariants() error {
	events := w.log.Snapshot()
	w.life.learn(events)
	closeCalls := w.life.facts.closeCalls
	if any := closeCalls[""]; len(any) > 0 {
		// A reaction closed some server through an event's argument.
		for o, c := range w.life.classes {
			if c == "server" {
				closeCalls[o] = append(closeCalls[o], any...)
			}
		}
	}
	vs := w.forBaseline(checkInvariants(events, w.life.classes, w.life.lifeStarts, &w.life.facts, w.profile()))
	if len(vs) == 0 {
		return nil
	}
	var exp, got strings.Builder
	for i, v := range vs {
		if i > 0 {
			exp.WriteString("\n            ")
			got.WriteString("\n            ")
		}
		fmt.Fprintf(&exp, "%s: %s (%s: %q)", v.Invariant.ID, v.Invariant.Rule, v.Invariant.Source, v.Invariant.Quote)
		fmt.Fprintf(&got, "%s: %s", v.Object, v.What)
	}
	return &Failure{Step: "after the scenario: the lifecycle invariants of every socket and server",
		Expected: exp.String(), Got: got.String(), Events: events}
}

func (w *world) profile() string {
	if w.cfg.Profile == "" {
		return "v19"
	}
	return w.cfg.Profile
}
