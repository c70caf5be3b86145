// Callbacks of the scenario's, what they do when called, and the
// functions the reference hands to them.

package reftarget

import (
	"fmt"
	"strconv"

	"github.com/netconform/netconform/jsval"
	"github.com/netconform/netconform/reference"
	"github.com/netconform/netconform/steps"
)

// callbackSpec is what the scenario said a callback of its does when
// called: reactions to run and a value to return.
type callbackSpec struct {
	reactions []steps.Reaction
	returns   jsval.Value
}

// function is a function of the implementation's that a callback gets as
// an argument, such as the callback a lookup function must call; a
// reaction calls it with the method "call" (fn.call(thisArg, ...args)).
type function struct {
	call func(args []jsval.Value)
}

// reactOnCallback records a reaction on a callback of the scenario's.
func (s *session) reactOnCallback(r steps.Reaction) error {
	if r.Event != "call" {
		return fmt.Errorf("a reaction on the callback %s needs the event \"call\", not %q", r.Object, r.Event)
	}
	if _, isObject := s.objects[r.Object]; isObject {
		return fmt.Errorf("%s is an object of the session, not a callback", r.Object)
	}
	spec := s.callbacks[r.Object]
	if spec == nil {
		spec = &callbackSpec{}
		s.callbacks[r.Object] = spec
	}
	spec.reactions = append(spec.reactions, r)
	if r.Returns != nil {
		spec.returns = r.Returns
	}
	return nil
}

// invokeFunc reports a call of f with args, runs what the scenario said
// f does, and returns what f returns.
func (s *session) invokeFunc(f jsval.Func, args ...any) jsval.Value {
	js := make([]jsval.Value, len(args))
	for i, a := range args {
		js[i] = s.toJS(a)
	}
	s.emit(f.Name, "call", js)
	spec := s.callbacks[f.Name]
	if spec == nil {
		return jsval.Undefined{}
	}
	b := map[string]any{"$this": f}
	for i, a := range args {
		b["$"+strconv.Itoa(i)] = a
	}
	for _, r := range spec.reactions {
		for _, a := range r.Actions {
			if err := s.perform(a, b); err != nil {
				s.emit(steps.ProcessObject, "reactionError", []jsval.Value{
					fmt.Sprintf("on %s 'call': %v", f.Name, err)})
				break
			}
		}
	}
	if spec.returns != nil {
		return spec.returns
	}
	return jsval.Undefined{}
}

// callFunction is fn.call(thisArg, ...args) on a function of the
// implementation's.
func (s *session) callFunction(fn *function, method string, args []jsval.Value) (any, error) {
	if method != "call" {
		return nil, &steps.Thrown{Value: typeError(fmt.Sprintf("the reference target's functions have only the method call, not %s", method))}
	}
	if len(args) > 0 {
		args = args[1:]
	}
	fn.call(args)
	return jsval.Undefined{}, nil
}

// lookupOption is the lookup option of connect: f, called as dns.lookup
// would be, with a function to call back that takes (err, address,
// family), or (err, addresses) when options.all is set.
func (s *session) lookupOption(f jsval.Func) reference.LookupFunc {
	return func(host string, o reference.LookupOptions, cb func(error, []reference.LookupAddress)) {
		// As lib/net.js builds it: family undefined for 0, then hints.
		opts := jsval.NewObject("family", jsval.Undefined{})
		if o.Family != 0 {
			opts.Set("family", float64(o.Family))
		}
		opts.Set("hints", float64(o.Hints))
		if o.All {
			opts.Set("all", true)
		}
		answer := &function{call: func(args []jsval.Value) {
			var err error
			switch e := arg(args, 0).(type) {
			case jsval.Undefined, jsval.Null:
			case *jsval.Error:
				err = fromJSError(e)
			default:
				err = fmt.Errorf("%s", toString(e))
			}
			var addrs []reference.LookupAddress
			if o.All {
				list, _ := arg(args, 1).(jsval.Array)
				for _, e := range list {
					a, _ := e.(*jsval.Object)
					if a == nil {
						continue
					}
					fam, _ := a.Get("family").(float64)
					addrs = append(addrs, reference.LookupAddress{Address: toString(a.Get("address")), Family: int(fam)})
				}
			} else if err == nil {
				fam, _ := arg(args, 2).(float64)
				addrs = []reference.LookupAddress{{Address: toString(arg(args, 1)), Family: int(fam)}}
			}
			cb(err, addrs)
		}}
		s.invokeFunc(f, host, opts, answer)
	}
}
