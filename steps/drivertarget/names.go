package drivertarget

import (
	"math/rand/v2"
	"strings"
	"sync"

	"github.com/netconform/netconform/jsval"
	"github.com/netconform/netconform/steps"
)

// renamer gives the names a scenario chooses (objects it makes with
// "as", callbacks) a suffix drawn for the session, so that the requests
// of a scenario differ from run to run and a recorded run does not
// replay. It takes the suffix off whatever comes back, so the steps, and
// every failure message, see the scenario's own names. Names the driver
// chose (the socket of a 'connection') pass through as they are, with the
// suffix taken off those it derived from a scenario's name.
type renamer struct {
	suffix string
	mu     sync.Mutex
	toImpl map[string]string
	toScen map[string]string
}

func newRenamer(r *rand.Rand) *renamer {
	const letters = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := []byte("_r")
	for i := 0; i < 5; i++ {
		b = append(b, letters[r.IntN(len(letters))])
	}
	return &renamer{suffix: string(b), toImpl: map[string]string{}, toScen: map[string]string{}}
}

// fixed are the names of the protocol's own: never renamed.
func fixed(name string) bool {
	switch name {
	case "", "net", "globals", "$this", steps.ProcessObject:
		return true
	}
	return len(name) == 2 && name[0] == '$' && name[1] >= '0' && name[1] <= '9'
}

// out returns the driver's name for a scenario's name.
func (n *renamer) out(name string) string {
	if n == nil || fixed(name) {
		return name
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if impl, ok := n.toImpl[name]; ok {
		return impl
	}
	impl := name + n.suffix
	n.toImpl[name], n.toScen[impl] = impl, name
	return impl
}

// back returns the scenario's name for a driver's name.
func (n *renamer) back(name string) string {
	if n == nil || fixed(name) {
		return name
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if scen, ok := n.toScen[name]; ok {
		return scen
	}
	// A driver's name reaches terminals and reports: with its control
	// characters escaped.
	scen := sanitize(strings.ReplaceAll(name, n.suffix, ""))
	if _, taken := n.toImpl[scen]; taken {
		// The driver chose a name the scenario uses for another object:
		// keep the driver's, so the two stay apart.
		scen = name
	}
	n.toImpl[scen], n.toScen[name] = name, scen
	return scen
}

// value renames every Ref and Func in v with f.
func value(v jsval.Value, f func(string) string) jsval.Value {
	switch x := v.(type) {
	case jsval.Ref:
		return jsval.Ref{Name: f(x.Name)}
	case jsval.Func:
		return jsval.Func{Name: f(x.Name)}
	case jsval.Array:
		out := make(jsval.Array, len(x))
		for i, e := range x {
			out[i] = value(e, f)
		}
		return out
	case *jsval.Object:
		if x == nil {
			return x
		}
		out := jsval.NewObject()
		for _, k := range x.Keys() {
			out.Set(k, value(x.Get(k), f))
		}
		return out
	case *jsval.Error:
		if x == nil {
			return x
		}
		if x.Props == nil {
			return &jsval.Error{Name: sanitize(x.Name), Message: x.Message}
		}
		return &jsval.Error{Name: sanitize(x.Name), Message: x.Message, Props: value(x.Props, f).(*jsval.Object)}
	}
	return v
}

func values(vs []jsval.Value, f func(string) string) []jsval.Value {
	if vs == nil {
		return nil
	}
	out := make([]jsval.Value, len(vs))
	for i, v := range vs {
		out[i] = value(v, f)
	}
	return out
}

// in renames a value from the driver back to the scenario's names, and
// escapes the control characters of the error class names in it.
func (n *renamer) in(v jsval.Value) jsval.Value { return value(v, n.back) }

func (n *renamer) invocation(inv steps.Invocation) steps.Invocation {
	inv.Target = n.out(inv.Target)
	inv.Args = values(inv.Args, n.out)
	if inv.As != "" {
		inv.As = n.out(inv.As)
	}
	return inv
}

func (n *renamer) reaction(r steps.Reaction) steps.Reaction {
	r.Object = n.out(r.Object)
	r.Returns = value(r.Returns, n.out)
	actions := make([]steps.Action, len(r.Actions))
	for i, a := range r.Actions {
		a.Target = n.out(a.Target)
		a.Args = values(a.Args, n.out)
		if a.On != nil {
			on := n.reaction(*a.On)
			a.On = &on
		}
		actions[i] = a
	}
	r.Actions = actions
	return r
}

func (n *renamer) event(e steps.Event) steps.Event {
	if n == nil {
		return e
	}
	e.Object = n.back(e.Object)
	e.Name = sanitize(e.Name)
	e.Args = values(e.Args, n.back)
	return e
}

// err takes the suffix off the names in an error's text.
func (n *renamer) err(err error) error {
	if n == nil || err == nil || !strings.Contains(err.Error(), n.suffix) {
		return err
	}
	return &renamedError{text: strings.ReplaceAll(err.Error(), n.suffix, ""), err: err}
}

type renamedError struct {
	text string
	err  error
}

func (e *renamedError) Error() string { return e.text }
func (e *renamedError) Unwrap() error { return e.err }
