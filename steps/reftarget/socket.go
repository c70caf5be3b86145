// The JavaScript face of net.Socket and the connect functions.

package reftarget

import (
	"math"
	"time"

	"github.com/netconform/netconform/jsval"
	"github.com/netconform/netconform/reference"
	"github.com/netconform/netconform/steps"
)

// newSocket is new net.Socket(options): the options the constructor
// reads (allowHalfOpen, noDelay, keepAlive, keepAliveInitialDelay,
// signal, readable, writable, and fd: a descriptor the scenario handed
// over with AdoptDescriptor).
func (s *session) newSocket(args []jsval.Value) (*reference.Socket, error) {
	o, _ := arg(args, 0).(*jsval.Object)
	if o == nil {
		return s.loop.NewSocket(reference.SocketOptions{}), nil
	}
	if err := s.numberOption(o, "keepAliveInitialDelay"); err != nil {
		return nil, err
	}
	if fd := o.Get("fd"); !isUndefined(fd) {
		if _, err := validateInteger(s, fd, "fd", 0, math.MaxInt32); err != nil {
			return nil, err
		}
		f, ok := s.adopted[int(fd.(float64))]
		if !ok {
			// The runner's own descriptors are not the scenario's to take.
			return nil, &steps.Thrown{Value: typeError("the reference target wraps only a descriptor the scenario handed over, not " + jsval.FormatNumber(fd.(float64)))}
		}
		delete(s.adopted, int(fd.(float64)))
		// Node 20 turns a side off only for false; the v0.10 docs make
		// both sides off unless the option is true.
		notReadable, notWritable := o.Get("readable") == false, o.Get("writable") == false
		if s.loop.Profile() == reference.ProfileV010 {
			notReadable, notWritable = o.Get("readable") != true, o.Get("writable") != true
		}
		sock, err := s.loop.WrapSocket(f, reference.SocketOptions{AllowHalfOpen: truthy(o.Get("allowHalfOpen")),
			NotReadable: notReadable, NotWritable: notWritable})
		if err != nil {
			f.Close()
			return nil, thrown(err)
		}
		return sock, nil
	}
	var signal <-chan struct{}
	if sig := o.Get("signal"); truthy(sig) { // as Node: a falsy signal is none
		ch, ok := s.signalOf(sig)
		if !ok {
			return nil, thrown(reference.ErrInvalidArgType("signal", "an instance of AbortSignal", describe(sig)))
		}
		signal = ch
	}
	onread, err := s.onreadOption(o.Get("onread"))
	if err != nil {
		return nil, err
	}
	sock := s.loop.NewSocket(reference.SocketOptions{AllowHalfOpen: truthy(o.Get("allowHalfOpen")), OnRead: onread,
		NotReadable: o.Get("readable") == false, NotWritable: o.Get("writable") == false})
	sock.WatchSignal(signal)
	if truthy(o.Get("noDelay")) {
		sock.SetNoDelay(true)
	}
	if truthy(o.Get("keepAlive")) {
		delay, _ := o.Get("keepAliveInitialDelay").(float64)
		sock.SetKeepAlive(true, time.Duration(delay)*time.Millisecond)
	}
	return sock, nil
}

// onreadOption is the constructor's onread option, which Node uses when
// it is an object with a buffer (a Buffer, or a function that returns
// one) and a callback function, and ignores otherwise.
func (s *session) onreadOption(v jsval.Value) (*reference.OnRead, error) {
	o, ok := v.(*jsval.Object)
	if !ok {
		return nil, nil
	}
	f, ok := o.Get("callback").(jsval.Func)
	if !ok {
		return nil, nil
	}
	// The callback's return value false stops the reading; the call is
	// recorded with a copy of the buffer, which is reused.
	callback := func(n int, b []byte) bool {
		ret, isBool := s.invokeFunc(f, n, b).(bool)
		return !isBool || ret
	}
	switch buf := o.Get("buffer").(type) {
	case jsval.Bytes:
		return &reference.OnRead{Buffer: append([]byte(nil), buf...), Callback: callback}, nil
	case jsval.Func:
		gen := func() []byte {
			b, _ := s.invokeFunc(buf).(jsval.Bytes)
			return append([]byte(nil), b...)
		}
		return &reference.OnRead{BufferFunc: gen, Callback: callback}, nil
	}
	return nil, nil
}

// createConnection is net.createConnection() and net.connect(): a new
// socket with the options, then connect, then the timeout option.
func (s *session) createConnection(args []jsval.Value) (any, error) {
	opts, _ := normalizeConnectArgs(args)
	sock, err := s.newSocket([]jsval.Value{opts})
	if err != nil {
		return nil, err
	}
	if t := opts.Get("timeout"); truthy(t) {
		// As Node: set (and checked) before the connection starts.
		if _, err := s.setTimeout(sock, []jsval.Value{t}); err != nil {
			return nil, err
		}
	}
	if _, err := s.connect(sock, args); err != nil {
		return nil, err
	}
	return sock, nil
}

// normalizeConnectArgs is lib/net.js normalizeArgs: (options[, cb]),
// (path[, cb]) or (port[, host][, cb]), as an options object and the
// connect listener.
func normalizeConnectArgs(args []jsval.Value) (*jsval.Object, jsval.Value) {
	var cb jsval.Value = jsval.Undefined{}
	if f, ok := lastFunc(args); ok {
		cb, args = f, args[:len(args)-1]
	}
	opts := jsval.NewObject()
	if len(args) == 0 {
		return opts, cb
	}
	switch a := args[0].(type) {
	case *jsval.Object:
		for _, k := range a.Keys() {
			opts.Set(k, a.Get(k))
		}
		return opts, cb
	case jsval.Array:
		return opts, cb // an object with none of the options
	case string:
		if n := toNumber(a); !(n >= 0) { // isPipeName: Number(a) is not >= 0
			opts.Set("path", a)
			return opts, cb
		}
		opts.Set("port", a)
	default:
		opts.Set("port", a)
	}
	if h, ok := arg(args, 1).(string); ok {
		opts.Set("host", h)
	}
	return opts, cb
}

// connect is socket.connect(): Node's argument checks, in Node's order,
// in front of Socket.Connect.
func (s *session) connect(sock *reference.Socket, args []jsval.Value) (any, error) {
	o, listener := normalizeConnectArgs(args)
	var cb func()
	if f, ok := listener.(jsval.Func); ok {
		call := s.callback(f)
		cb = func() { call() }
	}
	var opts reference.ConnectOptions
	_, noPort := o.Get("port").(jsval.Undefined)
	path := o.Get("path")
	if noPort && isNullish(path) {
		return nil, thrown(&reference.Error{Name: "TypeError", Code: "ERR_MISSING_ARGS",
			Message: `The "options" or "port" or "path" argument must be specified`})
	}
	if truthy(path) {
		p, ok := path.(string)
		if !ok {
			return nil, thrown(reference.ErrInvalidArgType("options.path", "of type string", describe(path)))
		}
		opts.Path = p
		return sock, thrownOrNil(sock.Connect(opts, cb))
	}
	if s.loop.NodeLine() >= reference.Node22 {
		// Node.js 22 checks the host's type first of all (lookupAndConnect's
		// validateString); Node.js 20 leaves it to the lookup.
		if host := o.Get("host"); truthy(host) {
			if _, ok := host.(string); !ok {
				return nil, thrown(reference.ErrInvalidArgType("options.host", "of type string", describe(host)))
			}
		}
	}
	if la := o.Get("localAddress"); truthy(la) {
		str := toString(la) // isIP(localAddress) reads String(localAddress)
		if reference.IsIP(str) == 0 {
			return nil, thrown(&reference.Error{Name: "TypeError", Code: "ERR_INVALID_IP_ADDRESS", Message: "Invalid IP address: " + s.formatS(la)})
		}
		opts.LocalAddress = str
	}
	if lp := o.Get("localPort"); truthy(lp) {
		n, ok := lp.(float64)
		if !ok {
			return nil, thrown(reference.ErrInvalidArgType("options.localPort", "of type number", describe(lp)))
		}
		opts.LocalPort = int(n)
	}
	if port := o.Get("port"); !isUndefined(port) { // undefined (with a path of "") is port 0
		switch port.(type) {
		case float64, string:
		default:
			return nil, thrown(reference.ErrInvalidArgType("options.port", "one of type number or string", describe(port)))
		}
		p, err := validatePort(port, "Port", true)
		if err != nil {
			return nil, err
		}
		opts.Port = p
	}
	host := o.Get("host")
	if !truthy(host) {
		host = "localhost"
	}
	if h, ok := host.(string); !ok || reference.IsIP(h) == 0 {
		// Only a name is looked up, and only a lookup checks these.
		if lk := o.Get("lookup"); !isNullish(lk) {
			f, ok := lk.(jsval.Func)
			if !ok {
				return nil, thrown(reference.ErrInvalidArgType("options.lookup", "of type function", describe(lk)))
			}
			opts.Lookup = s.lookupOption(f)
		}
		family, err := s.lookupOptions(o, host)
		if err != nil {
			return nil, err
		}
		if hints, ok := o.Get("hints").(float64); ok {
			opts.Hints = int(hints)
		}
		if a, ok := o.Get("autoSelectFamily").(bool); ok && !a {
			opts.NoAutoSelectFamily = true
		}
		opts.Family = family
	}
	opts.Host, _ = host.(string)
	return sock, thrownOrNil(sock.Connect(opts, cb))
}

func isNullish(v jsval.Value) bool {
	switch v.(type) {
	case jsval.Undefined, jsval.Null, nil:
		return true
	}
	return false
}

func (s *session) callSocket(sock *reference.Socket, method string, args []jsval.Value) (any, error) {
	switch method {
	case "connect":
		return s.connect(sock, args)
	case "write":
		chunk, encoding, cb := s.writeArgs(args, false)
		data, enc, err := s.chunk(chunk, encoding)
		if err != nil {
			return nil, err
		}
		if str, ok := data.(string); ok {
			ok, err := sock.WriteString(str, enc, cb)
			return ok, thrownOrNil(err)
		}
		return sock.Write([]byte(data.(jsval.Bytes)), cb), nil
	case "end":
		chunk, encoding, cb := s.writeArgs(args, true)
		var b []byte
		if !isNullish(chunk) {
			data, enc, err := s.chunk(chunk, encoding)
			if err != nil {
				return nil, err
			}
			switch d := data.(type) {
			case string:
				if b, err = reference.Encode(d, enc); err != nil {
					return nil, thrown(err)
				}
			case jsval.Bytes:
				b = []byte(d)
			}
			if b == nil {
				b = []byte{} // end(""): data all the same, which an ending socket refuses
			}
		}
		return sock.End(b, cb), nil
	case "destroy":
		var err error
		if e, ok := arg(args, 0).(*jsval.Error); ok {
			err = fromJSError(e)
		}
		return sock.Destroy(err), nil
	case "resetAndDestroy":
		_, err := sock.ResetAndDestroy()
		return sock, thrownOrNil(err)
	case "pipe":
		r, ok := arg(args, 0).(jsval.Ref)
		dst, isSock := s.objects[r.Name].(*reference.Socket)
		if !ok || !isSock {
			return nil, &steps.Thrown{Value: typeError("pipe needs a socket to write to")}
		}
		return sock.Pipe(dst), nil
	case "pause":
		return sock.Pause(), nil
	case "resume":
		return sock.Resume(), nil
	case "isPaused":
		return sock.IsPaused(), nil
	case "setEncoding":
		return s.setEncoding(sock, arg(args, 0))
	case "setTimeout":
		return s.setTimeout(sock, args)
	case "setNoDelay":
		noDelay := true // as Node: setNoDelay() means true
		if _, absent := arg(args, 0).(jsval.Undefined); !absent {
			noDelay = truthy(arg(args, 0))
		}
		return sock.SetNoDelay(noDelay), nil
	case "setKeepAlive":
		delay, _ := arg(args, 1).(float64)
		return sock.SetKeepAlive(truthy(arg(args, 0)), time.Duration(delay)*time.Millisecond), nil
	case "address":
		if a := sock.Address(); a != nil && a.Family != "" {
			return addressObject(a), nil
		}
		return jsval.NewObject(), nil
	case "ref":
		return sock.Ref(), nil
	case "unref":
		return sock.Unref(), nil
	}
	return s.callEmitter(&sock.EventEmitter, sock, method, args)
}

// setTimeout is socket.setTimeout(msecs[, callback]) with Node's checks.
func (s *session) setTimeout(sock *reference.Socket, args []jsval.Value) (any, error) {
	ms, ok := arg(args, 0).(float64)
	if !ok {
		return nil, thrown(reference.ErrInvalidArgType("msecs", "of type number", describe(arg(args, 0))))
	}
	if ms < 0 || math.IsInf(ms, 0) || math.IsNaN(ms) {
		return nil, thrown(&reference.Error{Name: "RangeError", Code: "ERR_OUT_OF_RANGE",
			Message: "The value of \"msecs\" is out of range. It must be a non-negative finite number. Received " + jsval.FormatNumber(ms)})
	}
	var cb reference.Listener
	switch f := arg(args, 1).(type) {
	case jsval.Undefined:
	case jsval.Func:
		cb = s.callback(f)
	default:
		return nil, thrown(reference.ErrInvalidArgType("callback", "of type function", describe(f)))
	}
	return sock.SetTimeout(time.Duration(ms*float64(time.Millisecond)), cb), nil
}

func (s *session) getSocket(t *reference.Socket, prop string) (any, error) {
	switch prop {
	case "destroyed":
		return t.Destroyed(), nil
	case "connecting":
		return t.Connecting(), nil
	case "pending":
		return t.Pending(), nil
	case "readyState":
		return t.ReadyState(), nil
	case "readable":
		return t.Readable(), nil
	case "writable":
		return t.Writable(), nil
	case "bytesRead":
		return float64(t.BytesRead()), nil
	case "bytesWritten":
		return float64(t.BytesWritten()), nil
	case "bufferSize":
		if n, ok := t.BufferSize(); ok {
			return float64(n), nil
		}
		return jsval.Undefined{}, nil
	case "writableLength":
		return float64(t.WritableLength()), nil
	case "writableHighWaterMark", "readableHighWaterMark":
		return float64(t.HighWaterMark()), nil
	case "timeout":
		if d, set := t.Timeout(); set {
			return float64(d) / float64(time.Millisecond), nil
		}
		return jsval.Undefined{}, nil
	case "remoteAddress":
		return undefinedIfEmpty(t.RemoteAddress()), nil
	case "remoteFamily":
		return undefinedIfEmpty(t.RemoteFamily()), nil
	case "remotePort":
		if p := t.RemotePort(); p != 0 {
			return float64(p), nil
		}
		return jsval.Undefined{}, nil
	case "localAddress":
		return undefinedIfEmpty(t.LocalAddress()), nil
	case "localFamily":
		return undefinedIfEmpty(t.LocalFamily()), nil
	case "localPort":
		if p := t.LocalPort(); p != 0 {
			return float64(p), nil
		}
		return jsval.Undefined{}, nil
	}
	return jsval.Undefined{}, nil
}
