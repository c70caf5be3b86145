package steps

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/cucumber/godog"

	"github.com/netconform/netconform/jsval"
)

func (w *world) register(sc *godog.ScenarioContext) {
	w.steps(func(pattern string, fn any) { sc.Step(pattern, fn) })
}

// StepPatterns returns the pattern of every step definition, in the
// order godog tries them.
func StepPatterns() []string {
	var out []string
	(&world{}).steps(func(pattern string, _ any) { out = append(out, pattern) })
	return out
}

// steps hands every step definition to step.
func (w *world) steps(step func(pattern string, fn any)) {
	// Set-up in domain words.
	step(`^server (\w+) is listening on "([^"]*)" port (\d+)$`, w.serverListening)
	step(`^server (\w+)(?: with (\{.*\}))?(?: that (on '[\w-]+' .+))?$`, w.server)
	step(`^(\w+) is listening on "([^"]*)" port (\d+)$`, w.listening)
	step(`^client (\w+)(?: with (\{.*\}))?(?: that (on '[\w-]+' .+))? connects to (\w+)$`, w.clientConnects)
	step(`^(\w+) accepts a connection as (\w+)$`, w.accepts)
	step(`^(\w+) has an? '([\w-]+)' listener$`, w.hasListener)
	// Calls in JavaScript syntax.
	step(`^I call (.+)$`, w.call)
	step(`^(\w+) writes (.+)$`, w.writes)
	step(`^(\w+) ends$`, func(obj string) error { return w.callSimple(obj, "end") })
	step(`^(\w+) ends with (.+)$`, w.endsWith)
	step(`^(\w+) is destroyed$`, func(obj string) error { return w.callSimple(obj, "destroy") })
	// Expectations.
	step(`^it returns (.+)$`, w.itReturns)
	step(`^it throws (\w+)$`, w.itThrows)
	step(`^it throws (\w+) with message (".*"|'.*')$`, w.itThrowsMessage)
	step(`^it throws (\w+) (\w+) with message (".*"|'.*')$`, w.itThrowsClassMessage)
	step(`^its (\w+) is (not )?(.+)$`, w.itsProperty)
	step(`^(\w+)\.(\w+) is (not )?(.+)$`, w.propertyIs)
	step(`^(\w+) emits '([\w-]+)'$`, func(obj, ev string) error { return w.emits(obj, ev, "") })
	step(`^(\w+) emits '([\w-]+)' with (.+)$`, w.emits)
	step(`^(\w+) emits '([\w-]+)' before '([\w-]+)'$`, w.emitsBefore)
	step(`^(\w+) does not emit '([\w-]+)'$`, w.doesNotEmit)
	step(`^(\w+) emits '([\w-]+)' (\d+) times?$`, w.emitsTimes)
	step(`^(\w+) emitted exactly (.+)$`, w.emittedExactly)
	step(`^(\w+) has emitted exactly (.+)$`, w.hasEmittedExactly)
	step(`^(\w+) had not emitted '([\w-]+)' when the call returned$`, w.notDuringCall)
	step(`^(\w+) is called$`, func(fn string) error { return w.emits(fn, "call", "") })
	step(`^(\w+) is called with (.+)$`, func(fn, args string) error { return w.emits(fn, "call", args) })
	step(`^(\w+) receives (.+)$`, w.receives)
	// The steps of one API area live beside its features' other steps.
	w.registerServerSteps(step)
	w.registerSocketSteps(step)
	w.registerCallbackSteps(step)
	w.registerStateSteps(step)
}

// parse parses a literal of the step and resolves its names.
func (w *world) parse(text string, expected bool) (jsval.Value, error) {
	v, err := jsval.Parse(text)
	if err != nil {
		return nil, fmt.Errorf("step argument: %w", err)
	}
	return w.resolve(v, expected), nil
}

func (w *world) server(name, opts, reaction string) error {
	args := []jsval.Value{}
	if opts != "" {
		o, err := w.parse(opts, false)
		if err != nil {
			return err
		}
		args = append(args, o)
	}
	if _, err := w.mustInvoke(Invocation{Op: OpCall, Target: "net", Method: "createServer", Args: args, As: name}); err != nil {
		return err
	}
	return w.installReaction(name, reaction, true)
}

// installReaction installs the "that on 'event' ..." clause of a domain
// step, if it has one, on the object name.
func (w *world) installReaction(name, reaction string, onServer bool) error {
	if reaction == "" {
		return nil
	}
	r, err := parseReaction(reaction, onServer)
	if err != nil {
		return err
	}
	r.Object = name
	if err := w.react(r); err != nil {
		return fmt.Errorf("target %s: installing %q: %w", w.cfg.Target.Name(), reaction, err)
	}
	return nil
}

func (w *world) serverListening(name, host, port string) error {
	if err := w.server(name, "", ""); err != nil {
		return err
	}
	return w.listening(name, host, port)
}

// listening calls listen(port, host) and waits for 'listening'.
func (w *world) listening(name, host, port string) error {
	p, _ := strconv.Atoi(port)
	before := w.lastSeq()
	if _, err := w.mustInvoke(Invocation{Op: OpCall, Target: w.name(name), Method: "listen", Args: []jsval.Value{float64(p), host}}); err != nil {
		return err
	}
	_, err := w.waitEvent(fmt.Sprintf("%s is listening", name), w.name(name), "listening", func(e Event) bool {
		return e.Seq > before
	})
	return err
}

// clientConnects creates a socket, installs its reactions, connects it
// to the server's bound address, resumes it so that it reads what
// arrives, and waits for 'connect'.
func (w *world) clientConnects(name, opts, reaction, server string) error {
	addr, err := w.mustInvoke(Invocation{Op: OpCall, Target: w.name(server), Method: "address"})
	if err != nil {
		return err
	}
	ao, ok := addr.(*jsval.Object)
	if !ok {
		return w.fail("client "+name+" connects to "+server, server+" to have an address", jsval.Format(addr))
	}
	args := []jsval.Value{}
	options := jsval.NewObject()
	if opts != "" {
		o, err := w.parse(opts, false)
		if err != nil {
			return err
		}
		if oo, ok := o.(*jsval.Object); ok {
			options = oo
		}
		args = append(args, options)
	}
	if _, err := w.mustInvoke(Invocation{Op: OpNew, Target: "net", Method: "Socket", Args: args, As: name}); err != nil {
		return err
	}
	if err := w.installReaction(name, reaction, false); err != nil {
		return err
	}
	host := ao.Get("address")
	if h, _ := host.(string); h == "::" || h == "0.0.0.0" {
		host = "localhost"
	}
	connectArgs := []jsval.Value{ao.Get("port"), host}
	if _, err := w.mustInvoke(Invocation{Op: OpCall, Target: name, Method: "connect", Args: connectArgs}); err != nil {
		return err
	}
	if _, err := w.mustInvoke(Invocation{Op: OpCall, Target: name, Method: "resume"}); err != nil {
		return err
	}
	_, err = w.waitEvent("client "+name+" connects to "+server, name, "connect", nil)
	return err
}

// accepts names the server's next connection that no earlier step took.
func (w *world) accepts(server, name string) error {
	ev, err := w.waitEvent(server+" accepts a connection", w.name(server), "connection", func(e Event) bool {
		return !w.claimed[e.Seq]
	})
	if err != nil {
		return err
	}
	w.claimed[ev.Seq] = true
	r, ok := ev.Args[0].(jsval.Ref)
	if !ok {
		return w.fail(server+" accepts a connection", "'connection' with a socket", ev.String())
	}
	w.alias[name] = r.Name
	w.known[r.Name] = true
	return nil
}

var asSuffix = regexp.MustCompile(` as (\w+)$`)

// call performs "I call <call>[ as <name>]" and "I call <call>; <call>
// in one tick".
func (w *world) call(expr string) error {
	if batch, ok := strings.CutSuffix(expr, " in one tick"); ok {
		return w.callInOneTick(batch)
	}
	as := ""
	if m := asSuffix.FindStringSubmatch(expr); m != nil {
		as, expr = m[1], strings.TrimSuffix(expr, m[0])
	}
	inv, err := w.parseInvocation(expr, as)
	if err != nil {
		return err
	}
	if err := w.invoke(inv); err != nil {
		return err
	}
	if as != "" && w.last.thrown != nil {
		// The scenario means to use the result: say so here, not at the
		// first step that misses it.
		return w.fail(w.last.desc+" as "+as, "a value to name "+as, "threw "+jsval.Format(w.last.thrown))
	}
	return nil
}

// callInOneTick performs calls separated by "; " in one tick.
func (w *world) callInOneTick(exprs string) error {
	var invs []Invocation
	for _, e := range strings.Split(exprs, "; ") {
		inv, err := w.parseInvocation(e, "")
		if err != nil {
			return err
		}
		invs = append(invs, inv)
	}
	return w.invokeInOneTick(invs)
}

func (w *world) parseInvocation(expr, as string) (Invocation, error) {
	c, err := jsval.ParseCall(expr)
	if err != nil {
		return Invocation{}, fmt.Errorf("step argument: %w", err)
	}
	if len(c.Path) != 2 {
		return Invocation{}, fmt.Errorf("step argument: %q must read object.member(...)", expr)
	}
	inv := Invocation{Op: OpGet, Target: w.name(c.Path[0]), Method: c.Path[1], As: as}
	switch {
	case c.New:
		inv.Op = OpNew
	case c.IsCall:
		inv.Op = OpCall
	case c.Assigns != nil:
		inv.Op = OpSet
		inv.Args = []jsval.Value{w.resolve(c.Assigns, false)}
		return inv, nil
	}
	for _, a := range c.Args {
		inv.Args = append(inv.Args, w.resolve(a, false))
	}
	return inv, nil
}

func (w *world) callSimple(obj, method string, args ...jsval.Value) error {
	_, err := w.mustInvoke(Invocation{Op: OpCall, Target: w.name(obj), Method: method, Args: args})
	return err
}

func (w *world) writes(obj, data string) error {
	v, err := w.parse(data, false)
	if err != nil {
		return err
	}
	return w.callSimple(obj, "write", v)
}

func (w *world) endsWith(obj, data string) error {
	v, err := w.parse(data, false)
	if err != nil {
		return err
	}
	return w.callSimple(obj, "end", v)
}

func (w *world) lastOutcome(step string) (*outcome, error) {
	if w.last == nil {
		return nil, fmt.Errorf("%s: no call before this step", step)
	}
	return w.last, nil
}

func (w *world) itReturns(want string) error {
	step := "it returns " + want
	last, err := w.lastOutcome(step)
	if err != nil {
		return err
	}
	v, err := w.parse(want, true)
	if err != nil {
		return err
	}
	if last.thrown != nil {
		return w.fail(last.desc, "returns "+jsval.Format(v), "threw "+jsval.Format(last.thrown))
	}
	switch levelOf(jsval.Match, v, last.value) {
	case LevelWording:
		w.wording(last.desc, "returns "+jsval.Format(v), "returned "+jsval.Format(last.value))
	case LevelBehaviour:
		return w.fail(last.desc, "returns "+jsval.Format(v), "returned "+jsval.Format(last.value))
	}
	return nil
}

func (w *world) itThrows(what string) error { return w.itThrowsMessage(what, "") }

func (w *world) itThrowsMessage(what, message string) error {
	return w.itThrowsClassMessage("", what, message)
}

// itThrowsClassMessage checks the exception's code (or class name, when
// class is empty), its message if one is given, and its class if one
// is given: "it throws RangeError ERR_SOCKET_BAD_PORT with message ...".
func (w *world) itThrowsClassMessage(class, what, message string) error {
	last, err := w.lastOutcome("it throws " + what)
	if err != nil {
		return err
	}
	expected := "throws " + what
	if class != "" {
		expected = "throws " + class + " " + what
	}
	if message != "" {
		m, err := jsval.Parse(message)
		if err != nil {
			return fmt.Errorf("step argument: %w", err)
		}
		message, _ = m.(string)
		expected += " with message " + jsval.Quote(message)
	}
	if last.thrown == nil {
		return w.fail(last.desc, expected, "returned "+jsval.Format(last.value))
	}
	// The class and code are behaviour; the message is wording.
	e, ok := last.thrown.(*jsval.Error)
	if ok {
		if class == "" {
			ok = e.Code() == what || e.Name == what
		} else {
			ok = e.Name == class && e.Code() == what
		}
	}
	switch {
	case !ok:
		return w.fail(last.desc, expected, "threw "+jsval.Format(last.thrown))
	case message != "" && e.Message != message:
		w.wording(last.desc, expected, "threw "+jsval.Format(last.thrown))
	}
	return nil
}

func (w *world) itsProperty(prop, not, want string) error {
	last, err := w.lastOutcome("its " + prop)
	if err != nil {
		return err
	}
	if last.thrown != nil {
		return w.fail(last.desc, "a value with "+prop, "threw "+jsval.Format(last.thrown))
	}
	var got jsval.Value = jsval.Undefined{}
	switch v := last.value.(type) {
	case *jsval.Object:
		got = v.Get(prop)
	case *jsval.Error:
		got = v.Props.Get(prop)
	}
	return w.compare(last.desc+"."+prop, not != "", want, got)
}

func (w *world) propertyIs(obj, prop, not, want string) error {
	v, err := w.mustInvoke(Invocation{Op: OpGet, Target: w.name(obj), Method: prop})
	if err != nil {
		return err
	}
	return w.compare(obj+"."+prop, not != "", want, v)
}

func (w *world) compare(what string, negate bool, want string, got jsval.Value) error {
	v, err := w.parse(want, true)
	if err != nil {
		return err
	}
	exp := jsval.Format(v)
	if negate {
		// "is not" asserts a difference: no wording level to it.
		if jsval.Match(v, got) {
			return w.fail(what, "not "+exp, jsval.Format(got))
		}
		return nil
	}
	switch levelOf(jsval.Match, v, got) {
	case LevelWording:
		w.wording(what, exp, jsval.Format(got))
	case LevelBehaviour:
		return w.fail(what, exp, jsval.Format(got))
	}
	return nil
}

// matchArgs reports whether an event's arguments match the expected
// ones: a single expected value is compared with the first argument, a
// list with the arguments in order.
func matchArgs(want jsval.Value, args []jsval.Value) bool {
	if list, ok := want.(jsval.Array); ok && len(args) != 1 {
		if len(list) != len(args) {
			return false
		}
		for i := range list {
			if !matchValue(list[i], args[i]) {
				return false
			}
		}
		return true
	}
	if len(args) == 0 {
		_, isUndef := want.(jsval.Undefined)
		return isUndef
	}
	return matchValue(want, args[0])
}

// matchValue is jsval.Match, where an expected object also matches an
// error whose name, message and properties it lists.
func matchValue(want, got jsval.Value) bool {
	if o, ok := want.(*jsval.Object); ok {
		if e, isErr := got.(*jsval.Error); isErr {
			for _, k := range o.Keys() {
				var v jsval.Value
				switch k {
				case "name":
					v = e.Name
				case "message":
					v = e.Message
				default:
					v = e.Props.Get(k)
				}
				if !jsval.Match(o.Get(k), v) {
					return false
				}
			}
			return true
		}
	}
	return jsval.Match(want, got)
}

func (w *world) emits(obj, event, args string) error {
	if obj == ProcessObject {
		w.processChecked = true
	}
	step := fmt.Sprintf("%s emits '%s'", obj, event)
	var want jsval.Value
	if args != "" {
		v, err := w.parse(args, true)
		if err != nil {
			return err
		}
		want = v
		step += " with " + jsval.Format(v)
	}
	// Wait for the behaviour; then the wording is right if any such
	// event also has the messages expected.
	loose := want
	if want != nil {
		loose = withoutWording(want)
	}
	found, err := w.waitEventArgs(step, w.name(obj), event, loose)
	if err != nil || want == nil || !hasWording(want) {
		return err
	}
	for _, e := range w.log.Snapshot() {
		if e.Object == found.Object && e.Name == event && matchArgs(want, e.Args) {
			return nil
		}
	}
	w.wording(step, step, found.String())
	return nil
}

func (w *world) emitsBefore(obj, first, second string) error {
	step := fmt.Sprintf("%s emits '%s' before '%s'", obj, first, second)
	real := w.name(obj)
	a, err := w.waitEvent(step, real, first, nil)
	if err != nil {
		return err
	}
	b, err := w.waitEvent(step, real, second, nil)
	if err != nil {
		return err
	}
	if a.Seq > b.Seq {
		return w.fail(step, fmt.Sprintf("'%s' first", first), fmt.Sprintf("%s, then %s", b, a))
	}
	return nil
}

// doesNotEmit lets the implementation run a full loop turn, so that
// anything already due has been reported, then checks the event is absent.
func (w *world) doesNotEmit(obj, event string) error {
	ctx, cancel := w.ctx()
	defer cancel()
	if err := w.sess.Settle(ctx); err != nil {
		return fmt.Errorf("target %s: settle: %w", w.cfg.Target.Name(), err)
	}
	for _, e := range w.log.Snapshot() {
		if e.Object == w.name(obj) && e.Name == event {
			return w.fail(fmt.Sprintf("%s does not emit '%s'", obj, event), "no such event", e.String())
		}
	}
	return nil
}

// receives waits until the 'data' of obj, joined, equals the expected
// bytes; it fails as soon as they diverge.
func (w *world) receives(obj, data string) error {
	want, err := w.bytesArg(data)
	if err != nil {
		return err
	}
	real := w.name(obj)
	joined := func(events []Event) []byte {
		var got []byte
		for _, e := range events {
			if e.Object != real || e.Name != "data" || len(e.Args) == 0 {
				continue
			}
			switch d := e.Args[0].(type) {
			case jsval.Bytes:
				got = append(got, d...)
			case string:
				got = append(got, d...)
			}
		}
		return got
	}
	ctx, cancel := w.ctx()
	defer cancel()
	events, err := w.log.WaitFor(ctx, func(evs []Event) bool {
		got := joined(evs)
		return len(got) >= len(want) || !bytes.HasPrefix(want, got)
	})
	got := joined(events)
	if err != nil || !bytes.Equal(got, want) {
		what := jsval.Quote(string(got))
		if err != nil {
			what += fmt.Sprintf(" (and nothing more within %s)", w.timeout())
		}
		return &Failure{Step: obj + " receives " + data, Expected: jsval.Quote(string(want)), Got: what, Events: events}
	}
	return nil
}

// parseReaction reads the "that on 'event' ..." clause of a domain step:
// actions joined by "and", each one of
//
//	writes <literal> | ends | ends with <literal> | pipes it to itself |
//	is destroyed | is reset (resetAndDestroy)
//
// On a server, 'connection' actions apply to the new connection; any
// other event is the event of each connection.
func parseReaction(text string, onServer bool) (Reaction, error) {
	rest := strings.TrimPrefix(text, "on '")
	end := strings.IndexByte(rest, '\'')
	event := rest[:end]
	rest = strings.TrimSpace(rest[end+1:])
	var actions []Action
	self := "$this"
	if onServer && event == "connection" {
		self = "$0"
	}
	for rest != "" {
		var a Action
		switch {
		case strings.HasPrefix(rest, "writes "):
			v, after, err := jsval.ParsePrefix(rest[len("writes "):])
			if err != nil {
				return Reaction{}, fmt.Errorf("reaction %q: %w", text, err)
			}
			a, rest = Action{Target: self, Method: "write", Args: []jsval.Value{v}}, after
		case strings.HasPrefix(rest, "ends with "):
			v, after, err := jsval.ParsePrefix(rest[len("ends with "):])
			if err != nil {
				return Reaction{}, fmt.Errorf("reaction %q: %w", text, err)
			}
			a, rest = Action{Target: self, Method: "end", Args: []jsval.Value{v}}, after
		case strings.HasPrefix(rest, "ends"):
			a, rest = Action{Target: self, Method: "end"}, rest[len("ends"):]
		case strings.HasPrefix(rest, "pipes it to itself"):
			a, rest = Action{Target: self, Method: "pipe", Args: []jsval.Value{jsval.Ref{Name: self}}}, rest[len("pipes it to itself"):]
		case strings.HasPrefix(rest, "is destroyed"):
			a, rest = Action{Target: self, Method: "destroy"}, rest[len("is destroyed"):]
		case strings.HasPrefix(rest, "is reset"):
			a, rest = Action{Target: self, Method: "resetAndDestroy"}, rest[len("is reset"):]
		default:
			return Reaction{}, fmt.Errorf("reaction %q: cannot read %q (want writes, ends, ends with, pipes it to itself, is destroyed, is reset)", text, rest)
		}
		actions = append(actions, a)
		rest = strings.TrimSpace(rest)
		if rest != "" {
			if !strings.HasPrefix(rest, "and ") {
				return Reaction{}, fmt.Errorf("reaction %q: expected 'and' before %q", text, rest)
			}
			rest = strings.TrimSpace(rest[len("and "):])
		}
	}
	if onServer && event != "connection" {
		// Each connection's own event: install it from 'connection'.
		return Reaction{Event: "connection", Actions: []Action{{Target: "$0", On: &Reaction{Event: event, Actions: actions}}}}, nil
	}
	return Reaction{Event: event, Actions: actions}, nil
}

// emitsTimes waits for n events, lets the loop settle, and checks that
// there are exactly n.
func (w *world) emitsTimes(obj, event string, n int) error {
	step := fmt.Sprintf("%s emits '%s' %d times", obj, event, n)
	real := w.name(obj)
	count := func(evs []Event) int {
		c := 0
		for _, e := range evs {
			if e.Object == real && e.Name == event {
				c++
			}
		}
		return c
	}
	ctx, cancel := w.ctx()
	defer cancel()
	events, err := w.log.WaitFor(ctx, func(evs []Event) bool { return count(evs) >= n })
	if err == nil {
		if err = w.sess.Settle(ctx); err != nil {
			return fmt.Errorf("target %s: settle: %w", w.cfg.Target.Name(), err)
		}
		events = w.log.Snapshot()
	}
	if got := count(events); got != n {
		return &Failure{Step: step, Expected: fmt.Sprintf("%d times", n), Got: fmt.Sprintf("%d times", got), Events: events}
	}
	return nil
}

// notDuringCall checks that the event was not emitted synchronously
// inside the last call: none is numbered at or before the reply's Seq
// and after the events that preceded the call.
func (w *world) notDuringCall(obj, event string) error {
	last, err := w.lastOutcome(obj + " had not emitted '" + event + "'")
	if err != nil {
		return err
	}
	for _, e := range w.log.Snapshot() {
		if e.Seq > last.seq {
			break
		}
		if e.Seq > last.before && e.Object == w.name(obj) && e.Name == event {
			return w.fail(last.desc, fmt.Sprintf("no '%s' before the call returned", event), e.String())
		}
	}
	return nil
}

// hasListener adds a listener that only records its calls, as a program
// that handles an event would: an 'error' with a listener is handled.
func (w *world) hasListener(obj, event string) error {
	return w.callSimple(obj, "on", event, jsval.Func{Name: obj + "_on_" + event})
}
