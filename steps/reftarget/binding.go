package reftarget

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/netconform/netconform/jsval"
	"github.com/netconform/netconform/reference"
	"github.com/netconform/netconform/steps"
)

// netModule stands for require('node:net') as an invocation target.
type netModule struct{}

func (s *session) invoke(inv steps.Invocation) (jsval.Value, error) {
	var target any = netModule{}
	if inv.Target == "globals" {
		target = globalsModule{}
	} else if inv.Target != "net" {
		obj, ok := s.objects[inv.Target]
		if !ok {
			return nil, fmt.Errorf("no such object: %q", inv.Target)
		}
		target = obj
	}
	var (
		result any
		err    error
	)
	switch inv.Op {
	case steps.OpCall:
		result, err = s.callOn(target, inv.Method, inv.Args)
	case steps.OpNew:
		result, err = s.construct(target, inv.Method, inv.Args)
	case steps.OpGet:
		result, err = s.get(target, inv.Method)
	case steps.OpSet:
		if len(inv.Args) != 1 {
			return nil, fmt.Errorf("set %s.%s needs one value", inv.Target, inv.Method)
		}
		// An assignment's value is the value assigned, as in JavaScript
		// (docs/protocol.md: set returns it).
		result, err = inv.Args[0], s.set(target, inv.Method, inv.Args[0])
	default:
		return nil, fmt.Errorf("unknown operation %q", inv.Op)
	}
	if err != nil {
		return nil, err
	}
	switch result.(type) {
	case *reference.Server, *reference.Socket, *reference.BlockList, *reference.SocketAddress, *abortController, *abortSignal:
		return jsval.Ref{Name: s.register(result, inv.As)}, nil
	}
	return s.toJS(result), nil
}

func typeError(msg string) *jsval.Error {
	return &jsval.Error{Name: "TypeError", Message: msg}
}

func (s *session) construct(target any, class string, args []jsval.Value) (any, error) {
	if _, ok := target.(globalsModule); ok {
		return s.constructGlobal(class)
	}
	if _, ok := target.(netModule); ok && (class == "BlockList" || class == "SocketAddress") {
		return s.constructAddress(class, args)
	}
	if _, ok := target.(netModule); !ok || class != "Socket" && class != "Server" {
		return nil, &steps.Thrown{Value: typeError(class + " is not a constructor")}
	}
	if class == "Server" {
		return s.createServer(args)
	}
	return s.newSocket(args)
}

func (s *session) callOn(target any, method string, args []jsval.Value) (any, error) {
	switch t := target.(type) {
	case netModule:
		return s.callNet(method, args)
	case globalsModule:
		return s.callGlobal(method, args)
	case *reference.Server:
		return s.callServer(t, method, args)
	case *reference.Socket:
		return s.callSocket(t, method, args)
	case *reference.BlockList, *reference.SocketAddress:
		return s.callAddressObject(t, method, args)
	case *abortController, *abortSignal:
		return s.callAbort(t, method)
	case *function:
		return s.callFunction(t, method, args)
	}
	return nil, &steps.Thrown{Value: typeError(fmt.Sprintf("%s is not a function", method))}
}

func (s *session) callNet(method string, args []jsval.Value) (any, error) {
	switch method {
	case "createServer":
		return s.createServer(args)
	case "createConnection", "connect":
		return s.createConnection(args)
	case "isIP":
		return float64(reference.IsIPProfile(s.loop.Profile(), toString(arg(args, 0)))), nil
	case "isIPv4":
		return reference.IsIPv4Profile(s.loop.Profile(), toString(arg(args, 0))), nil
	case "isIPv6":
		return reference.IsIPv6(toString(arg(args, 0))), nil
	}
	return nil, &steps.Thrown{Value: typeError("net." + method + " is not a function")}
}

func (s *session) callEmitter(e *reference.EventEmitter, self any, method string, args []jsval.Value) (any, error) {
	switch method {
	case "listenerCount":
		return float64(e.ListenerCount(toString(arg(args, 0)))), nil
	case "on", "once", "addListener":
		f, ok := arg(args, 1).(jsval.Func)
		if !ok {
			return nil, thrown(reference.ErrInvalidArgType("listener", "of type function", describe(arg(args, 1))))
		}
		name := toString(arg(args, 0))
		type onner interface {
			On(string, reference.Listener) *reference.Subscription
			Once(string, reference.Listener) *reference.Subscription
		}
		if k, ok := self.(interface{ Emits(string) bool }); ok && !k.Emits(name) {
			// JavaScript takes any event name; the Go API refuses the
			// ones the handle never emits, unless asked on the emitter.
			if method == "once" {
				e.Once(name, s.callback(f))
			} else {
				e.On(name, s.callback(f))
			}
		} else if o, ok := self.(onner); ok {
			if method == "once" {
				o.Once(name, s.callback(f))
			} else {
				o.On(name, s.callback(f))
			}
		}
		return self, nil
	}
	return nil, &steps.Thrown{Value: typeError(method + " is not a function")}
}

func (s *session) get(target any, prop string) (any, error) {
	switch t := target.(type) {
	case *reference.BlockList, *reference.SocketAddress:
		return s.getAddressProperty(t, prop)
	case *abortController, *abortSignal:
		return s.getAbort(t, prop)
	case *reference.Server:
		return s.getServer(t, prop)
	case *reference.Socket:
		return s.getSocket(t, prop)
	}
	return jsval.Undefined{}, nil
}

func (s *session) set(target any, prop string, v jsval.Value) error {
	if srv, ok := target.(*reference.Server); ok {
		return s.setServer(srv, prop, v)
	}
	return &steps.Thrown{Value: typeError(fmt.Sprintf("cannot set %s on this object in the reference target", prop))}
}

// errCallback is callback for Node's (err) callbacks: called with no
// argument on success, as Node calls them.
// nullCallback is errCallback for the callbacks of write() and end(),
// which Node's streams call with null on success.
func (s *session) nullCallback(f jsval.Func) func(error) {
	call := s.callback(f)
	return func(err error) {
		if err != nil {
			call(err)
		} else {
			call(jsval.Null{})
		}
	}
}

func (s *session) errCallback(f jsval.Func) func(error) {
	call := s.callback(f)
	return func(err error) {
		if err != nil {
			call(err)
		} else {
			call()
		}
	}
}

// callback returns a listener that reports each call of the suite's
// callback f as a 'call' event of f.
func (s *session) callback(f jsval.Func) reference.Listener {
	return func(args ...any) { s.invokeFunc(f, args...) }
}

func (s *session) toJS(v any) jsval.Value {
	switch x := v.(type) {
	case nil:
		return jsval.Undefined{}
	case jsval.Value:
		switch x.(type) {
		case jsval.Undefined, jsval.Null, bool, float64, string, jsval.Ref, jsval.Func, *jsval.Object, jsval.Bytes, *jsval.Error, jsval.Array:
			return x
		}
	}
	switch x := v.(type) {
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case []byte:
		return jsval.Bytes(append([]byte(nil), x...))
	case *reference.Socket, *reference.Server, *function:
		return jsval.Ref{Name: s.nameFor(x, nil)}
	case *reference.DropInfo:
		return dropObject(x)
	case *reference.AddressInfo:
		if x == nil {
			return jsval.Null{}
		}
		return addressObject(x)
	case error:
		return errorToJS(x)
	}
	return fmt.Sprintf("<%T>", v)
}

func errorToJS(err error) *jsval.Error {
	e, ok := err.(*reference.Error)
	if !ok {
		return &jsval.Error{Name: "Error", Message: err.Error()}
	}
	props := jsval.NewObject()
	if e.Code != "" {
		props.Set("code", e.Code)
	}
	if e.Syscall != "" {
		props.Set("errno", float64(e.Errno))
		props.Set("syscall", e.Syscall)
	}
	if e.Address != "" {
		props.Set("address", e.Address)
	}
	if e.HasPort {
		props.Set("port", float64(e.Port))
	}
	return &jsval.Error{Name: e.Name, Message: e.Message, Props: props}
}

func fromJSError(e *jsval.Error) error {
	code, _ := e.Props.Get("code").(string)
	return &reference.Error{Name: e.Name, Code: code, Message: e.Message}
}

func addressObject(a *reference.AddressInfo) *jsval.Object {
	return jsval.NewObject("address", a.Address, "family", a.Family, "port", float64(a.Port))
}

func thrown(err error) error { return &steps.Thrown{Value: errorToJS(err)} }

func thrownOrNil(err error) error {
	if err == nil {
		return nil
	}
	return thrown(err)
}

func arg(args []jsval.Value, i int) jsval.Value {
	if i < len(args) {
		return args[i]
	}
	return jsval.Undefined{}
}

func lastFunc(args []jsval.Value) (jsval.Func, bool) {
	if len(args) == 0 {
		return jsval.Func{}, false
	}
	f, ok := args[len(args)-1].(jsval.Func)
	return f, ok
}

func truthy(v jsval.Value) bool {
	switch x := v.(type) {
	case jsval.Undefined, jsval.Null, nil:
		return false
	case bool:
		return x
	case float64:
		return x != 0 && !math.IsNaN(x)
	case string:
		return x != ""
	}
	return true
}

func undefinedIfEmpty(s string) jsval.Value {
	if s == "" {
		return jsval.Undefined{}
	}
	return s
}

// toString is JavaScript's String(v).
func toString(v jsval.Value) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return jsval.FormatNumber(x)
	case bool:
		return strconv.FormatBool(x)
	case jsval.Undefined:
		return "undefined"
	case jsval.Null, nil:
		return "null"
	case jsval.Array:
		parts := make([]string, len(x))
		for i, e := range x {
			switch e.(type) {
			case jsval.Undefined, jsval.Null:
			default:
				parts[i] = toString(e)
			}
		}
		return strings.Join(parts, ",")
	case jsval.Bytes:
		return string(x)
	}
	return "[object Object]"
}

// validatePort is lib/internal/validators.js validatePort: a number or a
// non-blank numeric string whose value is an integer in 0..65535.
func validatePort(v jsval.Value, name string, allowZero bool) (int, error) {
	var n float64
	ok := false
	switch x := v.(type) {
	case float64:
		n, ok = x, true
	case string:
		if strings.TrimSpace(x) != "" {
			n, ok = toNumber(x), true
		}
	}
	if !ok || n != math.Trunc(n) || n < 0 || n > 0xFFFF || math.IsNaN(n) || n == 0 && !allowZero {
		return 0, thrown(reference.ErrSocketBadPort(name, describe(v), allowZero))
	}
	return int(n), nil
}

// toNumber is JavaScript's Number(s) for a string.
func toNumber(s string) float64 {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0
	}
	if strings.HasPrefix(t, "0x") || strings.HasPrefix(t, "0X") {
		if u, err := strconv.ParseUint(t[2:], 16, 64); err == nil {
			return float64(u)
		}
		return math.NaN()
	}
	if t == "Infinity" || t == "+Infinity" {
		return math.Inf(1)
	}
	if t == "-Infinity" {
		return math.Inf(-1)
	}
	for _, c := range t {
		if !(c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
			return math.NaN()
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return math.NaN()
	}
	return f
}

// describe is Node's determineSpecificType: how error messages show the
// value they received.
func describe(v jsval.Value) string {
	switch x := v.(type) {
	case jsval.Undefined:
		return "undefined"
	case jsval.Null, nil:
		return "null"
	case jsval.Func:
		return "function " + x.Name
	case float64:
		return "type number (" + jsval.FormatNumber(x) + ")"
	case bool:
		return "type boolean (" + strconv.FormatBool(x) + ")"
	case string:
		if len(x) > 28 {
			x = x[:25] + "..."
		}
		return "type string ('" + x + "')"
	case jsval.Array:
		return "an instance of Array"
	case jsval.Bytes:
		return "an instance of Buffer"
	case *jsval.Object:
		return "an instance of Object"
	}
	return "an instance of Object"
}
