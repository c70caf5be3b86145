// Package steps holds the suite's step definitions and the Target
// interface they drive. A step parses its text, asks the target, records
// what came back, and asserts; it never knows which target it drives.
package steps

import (
	"context"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"
	"time"

	"github.com/cucumber/godog"

	"github.com/netconform/netconform/jsval"
)

// DefaultTimeout bounds every wait of a step.
const DefaultTimeout = 5 * time.Second

// Config is what the steps need to run a scenario.
type Config struct {
	Target  Target
	Profile string // "v19" (default) or "v0.10"
	// Baseline is the Node.js line whose behaviour the scenarios expect
	// where the docs are silent and the lines differ ("0.10", "19", "20",
	// "22", "24", "26"): it selects the @node: tagged scenarios (see
	// BaselineTags), and the target is asked to follow it. Empty is
	// DefaultBaseline.
	Baseline string
	// AllVariants runs every scenario whatever its @node: tags, while the
	// target is still taken for the Baseline line (what netconform drift
	// does: a line's verdict on every variant).
	AllVariants bool
	Timeout     time.Duration // bound of each wait; DefaultTimeout when 0
	// Results, if set, receives every scenario's verdict.
	Results *Results
	// IgnoreWording makes a scenario whose behaviour held pass even when
	// an error's message read otherwise (--wording=ignore).
	IgnoreWording bool
	// Only, if set, runs just the scenarios whose ID it accepts (a shard
	// of the run): the others are skipped without a session and leave no
	// result.
	Only func(id string) bool

	// exclusive is set by Run when scenarios run one at a time, so that
	// what the whole process holds can be compared before and after each.
	exclusive bool
}

// world is the state of one scenario.
type world struct {
	cfg     Config
	sess    Session
	log     *Log
	known   map[string]bool        // objects the scenario named or saw
	vars    map[string]jsval.Value // plain values saved with "as name"
	alias   map[string]string      // scenario name -> implementation name
	claimed map[int64]bool         // 'connection' events taken by "accepts"
	last    *outcome
	// processChecked is set when a step looked at the process object, so
	// an uncaught exception there was expected.
	processChecked bool
	// cleanups run once the scenario's session is closed (temp dirs).
	cleanups []func()
	// otherEnds are the runner's ends of the connections whose other end
	// the implementation holds as a descriptor.
	otherEnds map[string]net.Conn
	// leaks is what the scenario is held to leave behind: nothing.
	leaks *leakWatch
	// wordings are the checks that held in behaviour but not in an
	// error's message text; the scenario went on past them.
	wordings WordingFailures
	// step is the Gherkin text of the step running; failedStep that of
	// the first step that failed, and wordingStep of the first whose
	// wording differed.
	step, failedStep, wordingStep string
	// life is what the invariants and the waits need beyond the log.
	life *lifecycle
}

// outcome is what the last invocation did.
type outcome struct {
	desc   string
	value  jsval.Value
	thrown jsval.Value // set when it threw
	before int64       // newest event before the call started
	seq    int64       // newest event before the call returned
}

// Failure is a step's assertion failure: what was expected, what came,
// and the event log of every object in the scenario.
type Failure struct {
	Step     string
	Expected string
	Got      string
	Events   []Event
	// Level is LevelWording when only an error's message differed;
	// empty (or LevelBehaviour) otherwise.
	Level Level
}

func (f *Failure) Error() string {
	var b strings.Builder
	step := f.Step
	if f.Level == LevelWording {
		step += " (wording only)"
	}
	fmt.Fprintf(&b, "%s\n  expected: %s\n  got:      %s\n  events of the scenario:\n", step, f.Expected, f.Got)
	for _, line := range strings.Split(strings.TrimRight(Render(f.Events), "\n"), "\n") {
		b.WriteString("  " + line + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

func (w *world) timeout() time.Duration {
	if w.cfg.Timeout > 0 {
		return w.cfg.Timeout
	}
	return DefaultTimeout
}

func (w *world) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), w.timeout())
}

func (w *world) fail(step, expected, got string) error {
	return &Failure{Step: step, Expected: expected, Got: got, Events: w.log.Snapshot()}
}

// Initialize returns the scenario initializer for godog: it registers
// every step and opens one session per scenario.
func Initialize(cfg Config) func(*godog.ScenarioContext) {
	return func(sc *godog.ScenarioContext) {
		w := &world{cfg: cfg}
		var started time.Time
		var outside bool
		sc.Before(func(ctx context.Context, sn *godog.Scenario) (context.Context, error) {
			started = time.Now()
			outside = cfg.Only != nil && !cfg.Only(Result{Feature: featurePath(sn.Uri), Scenario: sn.Name}.ID())
			if outside {
				return ctx, godog.ErrSkip
			}
			*w = world{cfg: cfg, log: NewLog(), known: map[string]bool{"net": true},
				alias: map[string]string{}, vars: map[string]jsval.Value{}, claimed: map[int64]bool{},
				life: newLifecycle()}
			if _, ok := cfg.Target.(InProcess); ok {
				// Before the session opens, so that every goroutine it
				// starts carries the scenario's label.
				leaks, err := watchLeaks(ctx, cfg.exclusive)
				if err != nil {
					return ctx, err
				}
				w.leaks = leaks
			}
			octx, cancel := w.ctx()
			defer cancel()
			sess, err := cfg.Target.Open(octx, SessionOptions{Profile: cfg.Profile, Baseline: cfg.baseline(), Scenario: sn.Uri + " :: " + sn.Name}, w.log.Append)
			if err != nil {
				return ctx, fmt.Errorf("target %s: cannot open a session: %w", cfg.Target.Name(), err)
			}
			w.sess = sess
			return ctx, nil
		})
		sc.After(func(ctx context.Context, sn *godog.Scenario, stepErr error) (context.Context, error) {
			if outside {
				return ctx, nil
			}
			err := w.finish(stepErr)
			if w.sess == nil && errors.Is(stepErr, godog.ErrSkip) {
				// Skipped before it began (the run was interrupted): it
				// has no verdict.
				return ctx, err
			}
			level, failure, detail := verdict(stepErr, err, w.wordings, cfg.IgnoreWording)
			if cfg.Results != nil {
				r := Result{Feature: featurePath(sn.Uri), Scenario: sn.Name, Status: Passed, Level: level, Duration: time.Since(started)}
				switch {
				case level == LevelBehaviour && w.failedStep != "":
					r.Step = w.failedStep
				case level == LevelBehaviour:
					r.Step = "after the scenario"
				case level == LevelWording:
					r.Step = w.wordingStep
				}
				for _, t := range sn.Tags {
					r.Tags = append(r.Tags, t.Name)
				}
				if failure != nil {
					r.Status = Failed
				}
				if detail != nil {
					r.Message = detail.Error()
				}
				cfg.Results.Add(r)
			}
			if stepErr == nil && err == nil && failure != nil {
				// Only wording failed: godog learns it here, at the end.
				return ctx, failure
			}
			return ctx, err
		})
		sc.StepContext().Before(func(ctx context.Context, st *godog.Step) (context.Context, error) {
			w.step = st.Text
			return ctx, nil
		})
		sc.StepContext().After(func(ctx context.Context, st *godog.Step, _ godog.StepResultStatus, err error) (context.Context, error) {
			if err != nil && w.failedStep == "" {
				w.failedStep = st.Text
			}
			return ctx, nil
		})
		w.register(sc)
	}
}

// finish closes the scenario's session; it returns what fails the
// scenario beyond its steps' own failure: an error closing it, an
// unexpected event of the process, or anything the scenario leaked.
func (w *world) finish(stepErr error) error {
	var err error
	var broken error
	if w.sess != nil && stepErr == nil {
		broken = w.settleAndCheckInvariants()
	}
	if w.sess != nil {
		cctx, cancel := w.ctx()
		err = w.sess.Close(cctx)
		cancel()
	}
	for _, f := range w.cleanups {
		f()
	}
	var leaked error
	if w.leaks != nil {
		lctx, cancel := w.ctx()
		leaked = w.leaks.check(lctx, w.sess)
		cancel()
	}
	switch {
	case w.sess == nil || stepErr != nil:
		return nil // the step's own failure says more
	case err != nil:
		return fmt.Errorf("target %s: closing the scenario's objects: %w", w.cfg.Target.Name(), err)
	case broken != nil:
		return broken
	case leaked != nil:
		return w.fail("after the scenario", "nothing left behind once every object is closed", leaked.Error())
	}
	return w.unexpectedProcessEvents()
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// unexpectedProcessEvents fails a scenario in which the implementation
// reported an uncaught exception or a failed reaction nobody asserted.
func (w *world) unexpectedProcessEvents() error {
	for _, e := range w.log.Snapshot() {
		if e.Object != ProcessObject {
			continue
		}
		if e.Name == "uncaughtException" && w.processChecked {
			continue
		}
		return w.fail("after the scenario", "no uncaught exception and no failed reaction", e.String())
	}
	return nil
}

var codeRe = regexp.MustCompile(`^(ERR_[A-Z0-9_]+|E[A-Z0-9]+)$`)

// resolve turns the bare names of a parsed literal into Refs (objects
// the scenario knows) or Funcs (new callbacks), and error codes written
// bare (ECONNREFUSED) into error matchers.
func (w *world) resolve(v jsval.Value, expected bool) jsval.Value {
	switch x := v.(type) {
	case jsval.Ident:
		if head, path, dotted := strings.Cut(x.Name, "."); dotted {
			if v, ok := w.vars[head]; ok {
				return property(v, strings.Split(path, "."))
			}
		}
		if v, ok := w.vars[x.Name]; ok {
			return v
		}
		if real, ok := w.alias[x.Name]; ok {
			return jsval.Ref{Name: real}
		}
		if w.known[x.Name] {
			return jsval.Ref{Name: x.Name}
		}
		if expected && codeRe.MatchString(x.Name) {
			return &jsval.Error{Props: jsval.NewObject("code", x.Name)}
		}
		return jsval.Func{Name: x.Name}
	case jsval.Array:
		out := make(jsval.Array, len(x))
		for i, e := range x {
			out[i] = w.resolve(e, expected)
		}
		return out
	case *jsval.Object:
		out := jsval.NewObject()
		for _, k := range x.Keys() {
			out.Set(k, w.resolve(x.Get(k), expected))
		}
		return out
	}
	return v
}

// name returns the implementation's name for a scenario's name.
func (w *world) name(n string) string {
	if real, ok := w.alias[n]; ok {
		return real
	}
	return n
}

// invoke performs inv and records its outcome as the last one.
func (w *world) invoke(inv Invocation) error { return w.invokeInOneTick([]Invocation{inv}) }

// invokeInOneTick performs invs in one tick and records the outcome of
// the last.
func (w *world) invokeInOneTick(invs []Invocation) error {
	ctx, cancel := w.ctx()
	defer cancel()
	before := w.lastSeq()
	var reply Reply
	var err error
	descs := make([]string, len(invs))
	for i, inv := range invs {
		descs[i] = inv.String()
	}
	inv := invs[len(invs)-1]
	if len(invs) == 1 {
		reply, err = w.sess.Invoke(ctx, inv)
	} else {
		reply, err = w.sess.InvokeInOneTick(ctx, invs)
	}
	w.last = &outcome{desc: strings.Join(descs, "; "), seq: reply.Seq, before: before}
	var t *Thrown
	switch {
	case errors.As(err, &t):
		w.last.thrown, w.last.seq = t.Value, t.Seq
		w.noteCalls(invs, before, nil)
	case err != nil:
		return fmt.Errorf("target %s: %s: %w", w.cfg.Target.Name(), inv, err)
	default:
		w.last.value = reply.Value
		w.noteCalls(invs, before, reply.Value)
		if r, ok := reply.Value.(jsval.Ref); ok {
			w.known[r.Name] = true
			if inv.As != "" && r.Name != inv.As {
				w.alias[inv.As] = r.Name
			}
		} else if inv.As != "" {
			w.vars[inv.As] = reply.Value
		}
	}
	return nil
}

// mustInvoke performs inv, which the scenario needs to succeed.
func (w *world) mustInvoke(inv Invocation) (jsval.Value, error) {
	if err := w.invoke(inv); err != nil {
		return nil, err
	}
	if w.last.thrown != nil {
		return nil, w.fail(inv.String(), "no exception", "threw "+jsval.Format(w.last.thrown))
	}
	return w.last.value, nil
}

// waitEvent waits for an event of object named event matching pred. It
// fails as soon as that event can no longer come (see cannotCome).
func (w *world) waitEvent(step, object, event string, pred func(Event) bool) (Event, error) {
	return w.waitEventFor(step, object, event, pred, nil)
}

// waitEventArgs waits for an event of object named event whose
// arguments match want (nil: any); a failure names the property in which
// a same-named event differs.
func (w *world) waitEventArgs(step, object, event string, want jsval.Value) (Event, error) {
	return w.waitEventFor(step, object, event, func(e Event) bool { return want == nil || matchArgs(want, e.Args) }, want)
}

func (w *world) waitEventFor(step, object, event string, pred func(Event) bool, want jsval.Value) (Event, error) {
	ctx, cancel := w.ctx()
	defer cancel()
	var found Event
	matched := false
	var gone string
	events, err := w.log.WaitFor(ctx, func(evs []Event) bool {
		for _, e := range evs {
			if e.Object == object && e.Name == event && (pred == nil || pred(e)) {
				found, matched = e, true
				return true
			}
		}
		gone = w.cannotCome(evs, object, event)
		return gone != ""
	})
	if matched {
		return found, nil
	}
	got := fmt.Sprintf("no such event within %s", w.timeout())
	if err == nil {
		got = "no such event"
	}
	var seen []string
	for _, e := range events {
		if e.Object == object && e.Name == event {
			s := e.String()
			if want != nil {
				if why := explainArgs(want, e.Args); why != "" {
					s += " (" + why + ")"
				}
			}
			seen = append(seen, s)
		}
	}
	if len(seen) > 0 {
		got = "only " + strings.Join(seen, "; ")
	}
	if gone != "" {
		got += ", and it can no longer come: " + gone
	}
	return Event{}, &Failure{Step: step, Expected: step, Got: got, Events: events}
}

// lastSeq returns the sequence number of the newest event so far.
func (w *world) lastSeq() int64 { return w.log.LastSeq() }

// property reads a dotted path of plain properties from v.
func property(v jsval.Value, path []string) jsval.Value {
	for _, p := range path {
		switch o := v.(type) {
		case *jsval.Object:
			v = o.Get(p)
		case *jsval.Error:
			switch p {
			case "message":
				v = o.Message
			case "name":
				v = o.Name
			default:
				v = o.Props.Get(p)
			}
		default:
			return jsval.Undefined{}
		}
	}
	return v
}

// noteCalls records what invs, made in one tick, tell the lifecycle;
// last is what the last of them returned.
func (w *world) noteCalls(invs []Invocation, before int64, last jsval.Value) {
	for i, inv := range invs {
		returned := inv.As
		if r, ok := last.(jsval.Ref); ok && i == len(invs)-1 {
			returned = r.Name
		}
		inv.Target = w.name(inv.Target)
		w.life.noteCall(inv, before, returned)
	}
}

// react installs r and records what it will do.
func (w *world) react(r Reaction) error {
	ctx, cancel := w.ctx()
	defer cancel()
	if err := w.sess.React(ctx, r); err != nil {
		return err
	}
	w.life.noteReaction(r)
	return nil
}

// settleAndCheckInvariants lets every event already due arrive, then
// checks the invariants on the whole log.
func (w *world) settleAndCheckInvariants() error {
	ctx, cancel := w.ctx()
	defer cancel()
	if err := w.sess.Settle(ctx); err != nil {
		return fmt.Errorf("target %s: settle: %w", w.cfg.Target.Name(), err)
	}
	return w.checkInvariants()
}
