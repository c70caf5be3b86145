package steps

import (
	"context"
	"fmt"

	"github.com/netconform/netconform/jsval"
)

// Target is an implementation of node:net the suite can drive: the Go
// reference in-process, or any runtime or port behind the driver
// protocol. A step never reaches around a Target into an implementation.
type Target interface {
	// Name identifies the target in reports ("reference", "node", ...).
	Name() string
	// Open starts a session: the world of one scenario, isolated from
	// every other. Events of the session's objects go to sink, in order.
	Open(ctx context.Context, opts SessionOptions, sink func(Event)) (Session, error)
	// Close releases what the target holds across sessions (processes).
	Close() error
}

// SessionOptions configure a session.
type SessionOptions struct {
	// Profile is the documented version to follow: "v19" or "v0.10".
	Profile string
	// Scenario identifies the scenario the session is for; a target may
	// derive what it varies from run to run from it and the run's seed.
	Scenario string
	// Baseline is the Node.js line to follow where the docs are silent
	// and the lines differ ("20", "22", "24", "26"; see Config.Baseline).
	// A real runtime is its own line and ignores it.
	Baseline string
}

// Session is one scenario's view of an implementation. Its methods are
// called from one goroutine at a time.
type Session interface {
	// Invoke performs one call, construction, or property read or write.
	// A JavaScript exception comes back as a *Thrown error; any other
	// error means the target itself failed.
	Invoke(ctx context.Context, inv Invocation) (Reply, error)
	// InvokeInOneTick performs invs in order within one callback of the
	// implementation's event loop, so that nothing asynchronous happens
	// between them, and returns the last one's reply. It stops at the
	// first one that throws, and returns that.
	InvokeInOneTick(ctx context.Context, invs []Invocation) (Reply, error)
	// React installs a reaction: actions the implementation performs
	// synchronously inside a listener, which a round trip through the
	// suite would perform too late.
	React(ctx context.Context, r Reaction) error
	// Settle returns once every event emitted before it, and every
	// callback already due, has been reported: the implementation has
	// run one full turn of its event loop.
	Settle(ctx context.Context) error
	// Close destroys every object of the session.
	Close(ctx context.Context) error
}

// Op is the kind of an Invocation.
type Op string

// The kinds of Invocation.
const (
	OpCall Op = "call" // Target.Method(Args...)
	OpNew  Op = "new"  // new Target.Method(Args...), e.g. new net.Socket()
	OpGet  Op = "get"  // Target.Method, a property read
	OpSet  Op = "set"  // Target.Method = Args[0]
)

// Invocation is one operation on an object of the session.
type Invocation struct {
	Op     Op
	Target string // an object's name, or "net" for the module
	Method string // a method, class or property name
	Args   []jsval.Value
	// As names the object the operation returns, if it returns one.
	As string
}

// String writes the invocation in JavaScript syntax.
func (inv Invocation) String() string {
	c := jsval.Call{Path: []string{inv.Target, inv.Method}, Args: inv.Args, IsCall: inv.Op == OpCall || inv.Op == OpNew, New: inv.Op == OpNew}
	s := c.String()
	if inv.Op == OpSet && len(inv.Args) == 1 {
		s += " = " + jsval.Format(inv.Args[0])
	}
	return s
}

// Reply is what an invocation returned.
type Reply struct {
	Value jsval.Value
	// Seq is the sequence number of the newest event emitted before the
	// invocation returned: events after it happened after the call.
	Seq int64
}

// Thrown is a JavaScript exception thrown by an invocation.
type Thrown struct {
	Value jsval.Value
	Seq   int64 // as Reply.Seq
}

func (t *Thrown) Error() string { return "threw " + jsval.Format(t.Value) }

// Event is one event an object of the session emitted, or one call of a
// callback the suite passed in (Name "call").
type Event struct {
	Seq    int64  // orders the event against every other of the session
	Object string // the emitter's name
	Name   string
	Args   []jsval.Value
}

func (e Event) String() string {
	s := fmt.Sprintf("#%d %s '%s'", e.Seq, e.Object, e.Name)
	for i, a := range e.Args {
		if i == 0 {
			s += " "
		} else {
			s += ", "
		}
		s += jsval.Format(a)
	}
	return s
}

// Reaction asks the implementation to perform Actions inside every
// listener call of Object's Event.
type Reaction struct {
	Object  string // an object's name, or "$0".."$9" inside a nested reaction
	Event   string
	Actions []Action
	// Callback makes Object the name of a callback of the suite's (a
	// jsval.Func), created if the session has none of that name yet; Event
	// is then "call" and the actions run inside each call, with "$0".. bound
	// to the call's arguments.
	Callback bool
	// Returns, for a Callback reaction, is what each call returns (nil:
	// undefined).
	Returns jsval.Value
}

// Action is one step of a reaction: a call on Target, where Target (and
// any Ref argument) may be "$this" (the emitter) or "$0".."$9" (the
// event's arguments); or, with On set, a nested reaction installed on
// Target.
type Action struct {
	Target string
	Method string
	Args   []jsval.Value
	On     *Reaction
}

// ProcessObject is the name under which a session reports what the
// implementation could not attribute to an object: 'uncaughtException'
// and failed reactions ('reactionError').
const ProcessObject = "process"

// InProcess is implemented by a Target whose implementation runs inside
// this process. The runner then holds every scenario to leaving nothing
// behind: no goroutine started while it ran, and, when scenarios run one
// at a time, no file descriptor it opened.
type InProcess interface {
	Target
	InProcess()
}

// LeakChecker is implemented by a Session of an InProcess target that
// knows which resources its objects held. Once the session is closed,
// CheckLeaks reports those still held, waiting within ctx for what is
// still being released.
type LeakChecker interface {
	CheckLeaks(ctx context.Context) error
}
