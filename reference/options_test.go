package reference_test

import (
	"strings"
	"testing"

	"github.com/netconform/netconform/reference"
)

// TestHighWaterMarkIsSettable: with HighWaterMark 4, a write of 3 bytes
// while connecting returns true and one that brings the queue to 4
// returns false, then 'drain' follows; accepted sockets take the
// server's.
func TestHighWaterMarkIsSettable(t *testing.T) {
	l := reference.NewLoop()
	var oks []bool
	drained := false
	var serverHWM int
	err := run(t, l, func() {
		var srv *reference.Server
		srv = l.CreateServer(reference.ServerOptions{HighWaterMark: 1 << 20}, func(s *reference.Socket) {
			serverHWM = s.HighWaterMark()
			s.Resume()
			s.OnEnd(func() { srv.Close(nil) })
		})
		srv.Listen(loopback(0), func() {
			c, err := l.CreateConnection(reference.ConnectOptions{Host: "127.0.0.1", Port: srv.Address().Port, HighWaterMark: 4}, nil)
			if err != nil {
				t.Fatal(err)
			}
			oks = append(oks, c.Write([]byte("abc"), nil), c.Write([]byte("d"), nil))
			c.OnDrain(func() { drained = true; c.End(nil, nil) })
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(oks) != 2 || !oks[0] || oks[1] || !drained {
		t.Errorf("writes returned %v, drained %v; want [true false] and 'drain'", oks, drained)
	}
	if serverHWM != 1<<20 {
		t.Errorf("accepted socket's high-water mark %d, want the server's %d", serverHWM, 1<<20)
	}
	if got, want := l.NewSocket(reference.SocketOptions{}).HighWaterMark(), reference.HighWaterMark(l.NodeLine()); got != want {
		t.Errorf("default high-water mark %d, want the loop's Node line's %d", got, want)
	}
}

// TestConnectAllowHalfOpen: a client made with AllowHalfOpen in its
// ConnectOptions can still write after the server's FIN, and the server
// receives it.
func TestConnectAllowHalfOpen(t *testing.T) {
	l := reference.NewLoop()
	var got string
	err := run(t, l, func() {
		var srv *reference.Server
		srv = l.CreateServer(reference.ServerOptions{AllowHalfOpen: true}, func(s *reference.Socket) {
			s.OnData(func(b []byte) { got += string(b) })
			s.OnEnd(func() { srv.Close(nil) })
			s.End(nil, nil) // our FIN first
		})
		srv.Listen(loopback(0), func() {
			var c *reference.Socket
			c, _ = l.CreateConnection(reference.ConnectOptions{Host: "127.0.0.1", Port: srv.Address().Port, AllowHalfOpen: true}, nil)
			c.OnData(func([]byte) {})
			c.OnEnd(func() { c.End([]byte("after your FIN"), nil) })
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if got != "after your FIN" {
		t.Errorf("server received %q", got)
	}
}

// TestTypedEventHelpers: OnConnect, OnData, OnError and OnClose receive
// typed arguments.
func TestTypedEventHelpers(t *testing.T) {
	l := reference.NewLoop()
	var log []string
	run(t, l, func() {
		srv := l.CreateServer(reference.ServerOptions{}, nil)
		srv.OnConnection(func(s *reference.Socket) { s.End([]byte("hi"), nil) })
		srv.OnListening(func() {
			c := l.NewSocket(reference.SocketOptions{})
			c.OnConnect(func() { log = append(log, "connect") })
			c.OnData(func(b []byte) { log = append(log, "data "+string(b)) })
			c.OnError(func(err error) { log = append(log, "error "+reference.ErrorCode(err)) })
			c.OnClose(func(hadError bool) {
				log = append(log, "close "+boolWord(hadError))
				srv.Close(nil)
			})
			c.Connect(reference.ConnectOptions{Host: "127.0.0.1", Port: srv.Address().Port}, nil)
		})
		srv.Listen(loopback(0), nil)
	})
	if got := strings.Join(log, "|"); got != "connect|data hi|close clean" {
		t.Errorf("events %q", got)
	}
}

// TestMisspelledEventPanics: On("dta") on a socket, or a server, panics
// naming the name and the events there are; EventEmitter.On takes any.
func TestMisspelledEventPanics(t *testing.T) {
	l := reference.NewLoop()
	catch := func(f func()) (msg string) {
		defer func() { msg, _ = recover().(string) }()
		f()
		return ""
	}
	run(t, l, func() {
		s := l.NewSocket(reference.SocketOptions{})
		if msg := catch(func() { s.On("dta", func(...any) {}) }); !strings.Contains(msg, "'dta'") || !strings.Contains(msg, "'data'") {
			t.Errorf("Socket.On(\"dta\") panicked with %q", msg)
		}
		srv := l.CreateServer(reference.ServerOptions{}, nil)
		if msg := catch(func() { srv.Once("conection", func(...any) {}) }); !strings.Contains(msg, "'conection'") || !strings.Contains(msg, "'connection'") {
			t.Errorf("Server.Once(\"conection\") panicked with %q", msg)
		}
		if msg := catch(func() { s.EventEmitter.On("custom", func(...any) {}) }); msg != "" {
			t.Errorf("EventEmitter.On of a custom event panicked: %s", msg)
		}
	})
}
