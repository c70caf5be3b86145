// The JavaScript face of net.Server.

package reftarget

import (
	"github.com/netconform/netconform/jsval"
	"github.com/netconform/netconform/reference"
)

func (s *session) createServer(args []jsval.Value) (any, error) {
	var opts reference.ServerOptions
	var listener jsval.Value
	switch a := arg(args, 0).(type) {
	case *jsval.Object:
		opts.AllowHalfOpen = truthy(a.Get("allowHalfOpen"))
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
		if a := srv.Address(); a != nil {
			return addressObject(a), nil
		}
		return jsval.Null{}, nil
	case "close":
		var cb func(error)
		if f, ok := lastFunc(args); ok {
			call := s.callback(f)
			cb = func(err error) {
				if err != nil {
					call(err)
				} else {
					call()
				}
			}
		}
		return srv.Close(cb), nil
	case "ref":
		return srv.Ref(), nil
	case "unref":
		return srv.Unref(), nil
	}
	return s.callEmitter(&srv.EventEmitter, srv, method, args)
}

// callEmitter handles the EventEmitter methods every object has.
// listen normalizes server.listen's arguments as lib/net.js does.
func (s *session) listen(srv *reference.Server, args []jsval.Value) error {
	var cb func()
	if f, ok := lastFunc(args); ok {
		args = args[:len(args)-1]
		call := s.callback(f)
		cb = func() { call() }
	}
	var opts reference.ListenOptions
	var port jsval.Value = jsval.Undefined{}
	switch a := arg(args, 0).(type) {
	case *jsval.Object:
		port = a.Get("port")
		if h, ok := a.Get("host").(string); ok {
			opts.Host = h
		}
		if b, ok := a.Get("backlog").(float64); ok {
			opts.Backlog = int(b)
		}
	default:
		port = a
		if h, ok := arg(args, 1).(string); ok {
			opts.Host = h
			if b, ok := arg(args, 2).(float64); ok {
				opts.Backlog = int(b)
			}
		} else if b, ok := arg(args, 1).(float64); ok {
			opts.Backlog = int(b)
		}
	}
	switch port.(type) {
	case jsval.Undefined, jsval.Null:
	default:
		p, err := validatePort(port, "options.port", true)
		if err != nil {
			return err
		}
		opts.Port = p
	}
	return thrownOrNil(srv.Listen(opts, cb))
}

func (s *session) getServer(srv *reference.Server, prop string) (any, error) {
	switch prop {
	case "listening":
		return srv.Listening(), nil
	}
	return jsval.Undefined{}, nil
}
