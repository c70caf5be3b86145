// The JavaScript face of net.Socket and the connect functions.

package reftarget

import (
	"github.com/netconform/netconform/jsval"
	"github.com/netconform/netconform/reference"
	"github.com/netconform/netconform/steps"
)

func (s *session) connect(sock *reference.Socket, args []jsval.Value) (any, error) {
	var cb func()
	if f, ok := lastFunc(args); ok {
		args = args[:len(args)-1]
		call := s.callback(f)
		cb = func() { call() }
	}
	var opts reference.ConnectOptions
	var port jsval.Value
	switch a := arg(args, 0).(type) {
	case *jsval.Object:
		port = a.Get("port")
		if h, ok := a.Get("host").(string); ok {
			opts.Host = h
		}
	default:
		port = a
		if h, ok := arg(args, 1).(string); ok {
			opts.Host = h
		}
	}
	p, err := validatePort(port, "Port", true)
	if err != nil {
		return nil, err
	}
	opts.Port = p
	return sock, thrownOrNil(sock.Connect(opts, cb))
}

func (s *session) callSocket(sock *reference.Socket, method string, args []jsval.Value) (any, error) {
	switch method {
	case "connect":
		return s.connect(sock, args)
	case "write":
		data, enc, cb, err := s.chunkArgs(args)
		if err != nil {
			return nil, err
		}
		if data == nil {
			return nil, thrown(reference.ErrInvalidArgType("chunk", "of type string or an instance of Buffer or Uint8Array", describe(arg(args, 0))))
		}
		if str, ok := data.(string); ok {
			ok, err := sock.WriteString(str, enc, cb)
			return ok, thrownOrNil(err)
		}
		return sock.Write([]byte(data.(jsval.Bytes)), cb), nil
	case "end":
		data, enc, cb, err := s.chunkArgs(args)
		if err != nil {
			return nil, err
		}
		var b []byte
		switch d := data.(type) {
		case string:
			if b, err = reference.Encode(d, enc); err != nil {
				return nil, thrown(err)
			}
		case jsval.Bytes:
			b = []byte(d)
		}
		var done func()
		if cb != nil {
			done = func() { cb(nil) }
		}
		return sock.End(b, done), nil
	case "destroy":
		var err error
		if e, ok := arg(args, 0).(*jsval.Error); ok {
			err = fromJSError(e)
		}
		return sock.Destroy(err), nil
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
		return sock, thrownOrNil(sock.SetEncoding(toString(arg(args, 0))))
	case "address":
		if a := sock.Address(); a != nil {
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

// chunkArgs splits (data[, encoding][, callback]); data is nil when it
// is neither a string nor a Buffer, "" when absent.
func (s *session) chunkArgs(args []jsval.Value) (data any, enc string, cb func(error), err error) {
	if f, ok := lastFunc(args); ok {
		args = args[:len(args)-1]
		call := s.callback(f)
		cb = func(err error) {
			if err != nil {
				call(err)
			} else {
				call()
			}
		}
	}
	if e, ok := arg(args, 1).(string); ok {
		enc = e
	}
	switch d := arg(args, 0).(type) {
	case string, jsval.Bytes:
		return d, enc, cb, nil
	case jsval.Undefined, jsval.Null:
		return "", enc, cb, nil
	}
	return nil, enc, cb, nil
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
	case "bytesRead":
		return float64(t.BytesRead()), nil
	case "bytesWritten":
		return float64(t.BytesWritten()), nil
	case "bufferSize", "writableLength":
		return float64(t.WritableLength()), nil
	case "remoteAddress":
		return undefinedIfEmpty(t.RemoteAddress()), nil
	case "remoteFamily":
		return undefinedIfEmpty(t.RemoteFamily()), nil
	case "remotePort":
		if p := t.RemotePort(); p != 0 {
			return float64(p), nil
		}
		return jsval.Undefined{}, nil
	}
	return jsval.Undefined{}, nil
}
