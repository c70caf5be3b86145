package reference

import (
	"sort"
	"strings"
)

// The events each kind of handle emits. Socket.On and Server.On accept
// only these names, so that a typo ("dta") fails at once instead of
// leaving a listener that is never called; EventEmitter.On, called
// explicitly (s.EventEmitter.On), takes any name, for custom events.
var (
	socketEvents = eventSet("close", "connect", "data", "drain", "end", "error", "finish", "lookup", "ready", "timeout")
	serverEvents = eventSet("close", "connection", "drop", "error", "listening")
)

func eventSet(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// Emits reports whether the socket emits the named event.
func (s *Socket) Emits(name string) bool { return socketEvents[name] }

// Emits reports whether the server emits the named event.
func (s *Server) Emits(name string) bool { return serverEvents[name] }

func mustKnow(kind string, known map[string]bool, name string) {
	if known[name] {
		return
	}
	names := make([]string, 0, len(known))
	for n := range known {
		names = append(names, "'"+n+"'")
	}
	sort.Strings(names)
	panic("reference: a " + kind + " emits no '" + name + "' event (it emits " + strings.Join(names, ", ") +
		"); for a custom event, call EventEmitter.On explicitly")
}

// On adds a listener for one of the server's events (see Emits).
func (s *Server) On(name string, fn Listener) *Subscription {
	mustKnow("Server", serverEvents, name)
	return s.EventEmitter.On(name, fn)
}

// Once adds a one-time listener for one of the server's events.
func (s *Server) Once(name string, fn Listener) *Subscription {
	mustKnow("Server", serverEvents, name)
	return s.EventEmitter.Once(name, fn)
}

// OnConnect adds fn as a 'connect' listener.
func (s *Socket) OnConnect(fn func()) *Subscription {
	return s.On("connect", func(...any) { fn() })
}

// OnData adds fn as a 'data' listener, which switches the socket into
// flowing mode as On("data") does. After SetEncoding the chunks are
// strings; fn receives their bytes.
func (s *Socket) OnData(fn func([]byte)) *Subscription {
	return s.On("data", func(args ...any) {
		switch d := args[0].(type) {
		case []byte:
			fn(d)
		case string:
			fn([]byte(d))
		}
	})
}

// OnEnd adds fn as an 'end' listener: the peer has ended its side.
func (s *Socket) OnEnd(fn func()) *Subscription { return s.On("end", func(...any) { fn() }) }

// OnFinish adds fn as a 'finish' listener: our FIN has been sent.
func (s *Socket) OnFinish(fn func()) *Subscription { return s.On("finish", func(...any) { fn() }) }

// OnDrain adds fn as a 'drain' listener: the write queue has emptied.
func (s *Socket) OnDrain(fn func()) *Subscription { return s.On("drain", func(...any) { fn() }) }

// OnTimeout adds fn as a 'timeout' listener (see SetTimeout).
func (s *Socket) OnTimeout(fn func()) *Subscription { return s.On("timeout", func(...any) { fn() }) }

// OnError adds fn as an 'error' listener; with one, an error no longer
// stops the loop.
func (s *Socket) OnError(fn func(error)) *Subscription {
	return s.On("error", func(args ...any) { fn(errorArg(args)) })
}

// OnClose adds fn as a 'close' listener; hadError tells whether the
// socket closed because of an error.
func (s *Socket) OnClose(fn func(hadError bool)) *Subscription {
	return s.On("close", func(args ...any) {
		had, _ := args[0].(bool)
		fn(had)
	})
}

// OnConnection adds fn as a 'connection' listener.
func (s *Server) OnConnection(fn func(*Socket)) *Subscription {
	return s.On("connection", func(args ...any) { fn(args[0].(*Socket)) })
}

// OnListening adds fn as a 'listening' listener.
func (s *Server) OnListening(fn func()) *Subscription {
	return s.On("listening", func(...any) { fn() })
}

// OnError adds fn as an 'error' listener.
func (s *Server) OnError(fn func(error)) *Subscription {
	return s.On("error", func(args ...any) { fn(errorArg(args)) })
}

// OnClose adds fn as a 'close' listener.
func (s *Server) OnClose(fn func()) *Subscription { return s.On("close", func(...any) { fn() }) }

func errorArg(args []any) error {
	if len(args) > 0 {
		if err, ok := args[0].(error); ok {
			return err
		}
	}
	return uncaughtError(args)
}
