// The JavaScript face of net.Server.

package reftarget

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/netconform/netconform/jsval"
	"github.com/netconform/netconform/reference"
	"github.com/netconform/netconform/steps"
)

// createServer is new net.Server(options, connectionListener) as
// lib/net.js reads its options.
func (s *session) createServer(args []jsval.Value) (any, error) {
	var opts reference.ServerOptions
	var listener jsval.Value
	switch a := arg(args, 0).(type) {
	case jsval.Array, jsval.Bytes, jsval.Ref:
		listener = arg(args, 1) // an object with none of the options
	case *jsval.Object:
		// The numbers are checked, the booleans read for their truth.
		for _, name := range []string{"keepAliveInitialDelay", "highWaterMark"} {
			if err := s.numberOption(a, name); err != nil {
				return nil, err
			}
		}
		opts.AllowHalfOpen = truthy(a.Get("allowHalfOpen"))
		opts.PauseOnConnect = truthy(a.Get("pauseOnConnect"))
		opts.NoDelay = truthy(a.Get("noDelay"))
		opts.KeepAlive = truthy(a.Get("keepAlive"))
		// ~~(keepAliveInitialDelay / 1000): whole seconds, truncated.
		if d := jsNumber(a.Get("keepAliveInitialDelay")) / 1000; !math.IsNaN(d) && !math.IsInf(d, 0) {
			opts.KeepAliveInitialDelay = time.Duration(int32(d)) * time.Second
		}
		listener = arg(args, 1)
	case jsval.Func:
		listener = a
	case jsval.Undefined, jsval.Null:
	default:
		return nil, thrown(reference.ErrInvalidArgType("options", "of type object", describe(a)))
	}
	srv := s.loop.CreateServer(opts, nil)
	if f, ok := listener.(jsval.Func); ok {
		srv.On("connection", s.callback(f))
	}
	return srv, nil
}

func (s *session) callServer(srv *reference.Server, method string, args []jsval.Value) (any, error) {
	switch method {
	case "listen":
		return srv, s.listen(srv, args)
	case "address":
		return serverAddress(srv), nil
	case "close":
		var cb func(error)
		if f, ok := lastFunc(args); ok {
			cb = s.errCallback(f)
		}
		return srv.Close(cb), nil
	case "getConnections":
		f, ok := arg(args, 0).(jsval.Func)
		if !ok {
			return nil, thrown(reference.ErrInvalidArgType("callback", "of type function", describe(arg(args, 0))))
		}
		call := s.callback(f)
		return srv.GetConnections(func(err error, n int) { call(jsval.Null{}, float64(n)) }), nil
	case "ref":
		return srv.Ref(), nil
	case "unref":
		return srv.Unref(), nil
	}
	return s.callEmitter(&srv.EventEmitter, srv, method, args)
}

func serverAddress(srv *reference.Server) jsval.Value {
	a := srv.Address()
	switch {
	case a == nil:
		return jsval.Null{}
	case a.Path != "":
		return a.Path
	}
	return addressObject(a)
}

// listen is Server.prototype.listen of lib/net.js: normalizeArgs, then
// the signatures in the order Node.js tries them.
func (s *session) listen(srv *reference.Server, args []jsval.Value) error {
	options, cb := normalizeListenArgs(args)
	if srv.Listening() {
		return thrown(reference.ErrServerAlreadyListen())
	}
	if cb != nil {
		call := s.callback(*cb)
		srv.Once("listening", func(...any) { call() })
	}
	// (handle, backlog), (path, backlog) or (port, backlog), then
	// (port, host, backlog).
	backlogFromArgs := nonNegative(len(args) > 1, arg(args, 1))
	if backlogFromArgs == 0 {
		backlogFromArgs = nonNegative(len(args) > 2, arg(args, 2))
	}
	var opts reference.ListenOptions
	if r, ok := options.(jsval.Ref); ok {
		// (handle[, backlog][, cb]) with a listening server.
		other, isServer := s.objects[r.Name].(*reference.Server)
		if isServer && other.Listening() {
			opts.Handle = other
			opts.Backlog = int(backlogFromArgs)
			return thrownOrNil(srv.Listen(opts, nil))
		}
		return thrown(reference.ErrInvalidArgValue("options", r.Name, "must have the property \"port\" or \"path\""))
	}
	o, _ := options.(*jsval.Object)
	arr, isArray := options.(jsval.Array)
	get := func(k string) jsval.Value {
		if o == nil {
			return jsval.Undefined{}
		}
		return o.Get(k)
	}
	has := func(k string) bool { return o != nil && o.Has(k) }
	opts.IPv6Only = truthy(get("ipv6Only"))
	if sig := get("signal"); !isUndefined(sig) {
		ch, ok := s.signalOf(sig)
		if !ok {
			return thrown(reference.ErrInvalidArgType("options.signal", "an instance of AbortSignal", describe(sig)))
		}
		opts.Signal = ch
	}
	if fd, ok := get("fd").(float64); ok && fd >= 0 {
		return fmt.Errorf("listen({fd: %v}): the reference target cannot listen on a file descriptor", fd)
	}
	port := get("port")
	if _, isFunc := arg(args, 0).(jsval.Func); len(args) == 0 || isFunc || isUndefined(port) && has("port") || isNull(port) {
		port = float64(0)
	}
	backlog := get("backlog")
	if !truthy(backlog) {
		backlog = backlogFromArgs
	}
	opts.Backlog = backlogInt(backlog)
	switch port.(type) {
	case float64, string:
		p, err := validatePort(port, "options.port", true)
		if err != nil {
			return err
		}
		opts.Port = p
		if host := get("host"); truthy(host) {
			h, ok := host.(string)
			if !ok {
				return thrown(reference.ErrInvalidArgType("hostname", "of type string", describe(host)))
			}
			opts.Host = h
		}
		return thrownOrNil(srv.Listen(opts, nil))
	}
	if path, ok := get("path").(string); ok && isPipeName(path) {
		opts.Path = path
		opts.ReadableAll = get("readableAll") == true
		opts.WritableAll = get("writableAll") == true
		return thrownOrNil(srv.Listen(opts, nil))
	}
	shown := inspect(options)
	if isArray {
		shown = inspect(arr)
	}
	if !has("port") && !has("path") {
		return thrown(reference.ErrInvalidArgValue("options", shown, "must have the property \"port\" or \"path\""))
	}
	return thrown(reference.ErrInvalidArgValue("options", shown, ""))
}

// normalizeListenArgs is lib/net.js normalizeArgs: an object is the
// options, a string that is not a number is a path, anything else is a
// port followed by an optional host; a function last is the callback.
func normalizeListenArgs(args []jsval.Value) (options jsval.Value, cb *jsval.Func) {
	if len(args) == 0 {
		return jsval.NewObject(), nil
	}
	if f, ok := args[len(args)-1].(jsval.Func); ok {
		cb = &f
	}
	switch a := args[0].(type) {
	case *jsval.Object, jsval.Array, jsval.Ref:
		return a, cb
	}
	o := jsval.NewObject()
	if p, ok := args[0].(string); ok && isPipeName(p) {
		o.Set("path", p)
		return o, cb
	}
	o.Set("port", args[0])
	if h, ok := arg(args, 1).(string); ok {
		o.Set("host", h)
	}
	return o, cb
}

// isPipeName: a string that Number() does not turn into a number >= 0.
func isPipeName(s string) bool { return !(toNumber(s) >= 0) }

// nonNegative is lib/net.js toNumber(present && v): Number(v) when it
// is >= 0, else 0 (false).
func nonNegative(present bool, v jsval.Value) float64 {
	if !present {
		return 0
	}
	if n := jsNumber(v); n >= 0 {
		return n
	}
	return 0
}

// backlogInt converts a backlog as the binding does (to an int32); 0
// leaves the default.
func backlogInt(v jsval.Value) int {
	n := jsNumber(v)
	if math.IsNaN(n) || math.IsInf(n, 0) {
		return 0
	}
	return int(int32(int64(n)))
}

// jsNumber is JavaScript's Number(v).
func jsNumber(v jsval.Value) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case string:
		return toNumber(x)
	case bool:
		if x {
			return 1
		}
		return 0
	case jsval.Null:
		return 0
	case jsval.Array:
		switch len(x) {
		case 0:
			return 0
		case 1:
			return jsNumber(toString(x[0]))
		}
	}
	return math.NaN()
}

func isNull(v jsval.Value) bool { _, ok := v.(jsval.Null); return ok }

// inspect writes a value as util.inspect does in error messages, cut to
// 128 characters as ERR_INVALID_ARG_VALUE cuts it.
func inspect(v jsval.Value) string {
	var b strings.Builder
	inspectTo(&b, v)
	out := b.String()
	if len(out) > 128 {
		out = out[:128] + "..."
	}
	return out
}

func inspectTo(b *strings.Builder, v jsval.Value) {
	switch x := v.(type) {
	case string:
		b.WriteString("'" + strings.ReplaceAll(strings.ReplaceAll(x, `\`, `\\`), "'", `\'`) + "'")
	case *jsval.Object:
		if x.Len() == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteString("{ ")
		for i, k := range x.Keys() {
			if i > 0 {
				b.WriteString(", ")
			}
			if isIdentifier(k) {
				b.WriteString(k)
			} else {
				inspectTo(b, k)
			}
			b.WriteString(": ")
			inspectTo(b, x.Get(k))
		}
		b.WriteString(" }")
	case jsval.Array:
		if len(x) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteString("[ ")
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			inspectTo(b, e)
		}
		b.WriteString(" ]")
	case jsval.Func:
		b.WriteString("[Function: " + x.Name + "]")
	case jsval.Ref:
		b.WriteString(x.Name)
	default:
		b.WriteString(jsval.Format(v))
	}
}

func isIdentifier(k string) bool {
	if k == "" {
		return false
	}
	for i, c := range k {
		if !(c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func (s *session) getServer(srv *reference.Server, prop string) (any, error) {
	switch prop {
	case "listening":
		return srv.Listening(), nil
	case "maxConnections":
		if n, set := srv.MaxConnections(); set {
			return float64(n), nil
		}
	case "connections":
		// Documented in v0.10, deprecated since, and gone from Node.js 20.
		if s.loop.Profile() == reference.ProfileV010 {
			return float64(srv.Connections()), nil
		}
	}
	return jsval.Undefined{}, nil
}

// setServer assigns a property of a server; only maxConnections means
// anything to the reference.
func (s *session) setServer(srv *reference.Server, prop string, v jsval.Value) error {
	if prop != "maxConnections" {
		return &steps.Thrown{Value: typeError("cannot set " + prop + " on a server in the reference target")}
	}
	// lib/net.js rejects when `maxConnections && connections >=
	// maxConnections`: a falsy value is no limit, and a fraction counts
	// as the next integer.
	n := jsNumber(v)
	switch {
	case math.IsNaN(n) || n == 0 || math.IsInf(n, 1):
		srv.SetMaxConnections(0)
	case n < 0:
		srv.SetMaxConnections(-1)
	default:
		srv.SetMaxConnections(int(math.Min(math.Ceil(n), math.MaxInt32)))
	}
	return nil
}

// dropObject is the argument of 'drop', as lib/net.js builds it.
func dropObject(d *reference.DropInfo) *jsval.Object {
	return jsval.NewObject(
		"localAddress", d.LocalAddress, "localPort", float64(d.LocalPort), "localFamily", d.LocalFamily,
		"remoteAddress", d.RemoteAddress, "remotePort", float64(d.RemotePort), "remoteFamily", d.RemoteFamily)
}
