package reference_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/netconform/netconform/reference"
)

// socketPair runs a loop with a loopback server and a client connected
// to it with opts (Host and Port filled in); onPair runs once both ends
// exist, on the loop. The server closes when its connection closes.
func socketPair(t *testing.T, l *reference.Loop, srvOpts reference.ServerOptions, opts reference.ConnectOptions, onPair func(c, s *reference.Socket)) {
	t.Helper()
	err := run(t, l, func() {
		var srv *reference.Server
		var c *reference.Socket
		connected, accepted := false, (*reference.Socket)(nil)
		both := func() {
			if connected && accepted != nil {
				onPair(c, accepted)
			}
		}
		srv = l.CreateServer(srvOpts, func(s *reference.Socket) {
			s.On("close", func(...any) { srv.Close(nil) })
			accepted = s
			both()
		})
		srv.Listen(loopback(0), func() {
			opts.Host, opts.Port = "127.0.0.1", srv.Address().Port
			var err error
			c, err = l.CreateConnection(opts, func() { connected = true; both() })
			if err != nil {
				t.Errorf("CreateConnection: %v", err)
				srv.Close(nil)
			}
		})
	})
	if err != nil {
		t.Fatalf("Run returned %v", err)
	}
}

func sockopt(t *testing.T, s *reference.Socket, level, name int) int {
	t.Helper()
	v, ok := s.SocketOption(level, name)
	if !ok {
		t.Fatalf("getsockopt(%d, %d) failed", level, name)
	}
	return v
}

// TestConnectedSocketDefaultsAsNode: Go dials with TCP_NODELAY and
// keep-alive on; a Node socket has Nagle's algorithm on and no keep-alive.
func TestConnectedSocketDefaultsAsNode(t *testing.T) {
	l := reference.NewLoop()
	var nodelay, keepalive int
	socketPair(t, l, reference.ServerOptions{}, reference.ConnectOptions{}, func(c, s *reference.Socket) {
		nodelay = sockopt(t, c, unix.IPPROTO_TCP, unix.TCP_NODELAY)
		keepalive = sockopt(t, c, unix.SOL_SOCKET, unix.SO_KEEPALIVE)
		c.Destroy(nil)
	})
	if nodelay != 0 || keepalive != 0 {
		t.Errorf("TCP_NODELAY=%d SO_KEEPALIVE=%d, want 0 and 0", nodelay, keepalive)
	}
}

// TestSetNoDelayAndKeepAlive reads back what setNoDelay and setKeepAlive
// set: TCP_NODELAY; SO_KEEPALIVE, TCP_KEEPIDLE = initialDelay in
// seconds, TCP_KEEPINTVL 1, TCP_KEEPCNT 10, as libuv sets them.
func TestSetNoDelayAndKeepAlive(t *testing.T) {
	l := reference.NewLoop()
	got := map[string]int{}
	socketPair(t, l, reference.ServerOptions{}, reference.ConnectOptions{}, func(c, s *reference.Socket) {
		if c.SetNoDelay(true) != c || c.SetKeepAlive(true, 7*time.Second) != c {
			t.Errorf("setNoDelay/setKeepAlive do not return the socket")
		}
		got["nodelay"] = sockopt(t, c, unix.IPPROTO_TCP, unix.TCP_NODELAY)
		got["keepalive"] = sockopt(t, c, unix.SOL_SOCKET, unix.SO_KEEPALIVE)
		got["idle"] = sockopt(t, c, unix.IPPROTO_TCP, unix.TCP_KEEPIDLE)
		got["intvl"] = sockopt(t, c, unix.IPPROTO_TCP, unix.TCP_KEEPINTVL)
		got["cnt"] = sockopt(t, c, unix.IPPROTO_TCP, unix.TCP_KEEPCNT)
		c.SetNoDelay(false).SetKeepAlive(false, 0)
		got["nodelay-off"] = sockopt(t, c, unix.IPPROTO_TCP, unix.TCP_NODELAY)
		got["keepalive-off"] = sockopt(t, c, unix.SOL_SOCKET, unix.SO_KEEPALIVE)
		c.Destroy(nil)
	})
	want := map[string]int{"nodelay": 1, "keepalive": 1, "idle": 7, "intvl": 1, "cnt": 10, "nodelay-off": 0, "keepalive-off": 0}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %d, want %d", k, got[k], v)
		}
	}
}

// TestConnectOptionsNoDelayKeepAlive: the connect options take effect
// once connected.
func TestConnectOptionsNoDelayKeepAlive(t *testing.T) {
	l := reference.NewLoop()
	var nodelay, keepalive, idle int
	opts := reference.ConnectOptions{NoDelay: true, KeepAlive: true, KeepAliveInitialDelay: 3 * time.Second}
	socketPair(t, l, reference.ServerOptions{}, opts, func(c, s *reference.Socket) {
		nodelay = sockopt(t, c, unix.IPPROTO_TCP, unix.TCP_NODELAY)
		keepalive = sockopt(t, c, unix.SOL_SOCKET, unix.SO_KEEPALIVE)
		idle = sockopt(t, c, unix.IPPROTO_TCP, unix.TCP_KEEPIDLE)
		c.Destroy(nil)
	})
	if nodelay != 1 || keepalive != 1 || idle != 3 {
		t.Errorf("TCP_NODELAY=%d SO_KEEPALIVE=%d TCP_KEEPIDLE=%d, want 1, 1, 3", nodelay, keepalive, idle)
	}
}

// TestAutoEndIsOneTickAfterEnd: without allowHalfOpen, the socket ends
// its side one tick after 'end' (a write queued in that tick goes out);
// a write after that (here, at 'close') fails with EPIPE, not
// ERR_STREAM_WRITE_AFTER_END.
func TestAutoEndIsOneTickAfterEnd(t *testing.T) {
	l := reference.NewLoop()
	var received []byte
	var nextTickOK bool
	var lateErr error
	socketPair(t, l, reference.ServerOptions{AllowHalfOpen: true}, reference.ConnectOptions{}, func(c, s *reference.Socket) {
		s.On("data", func(args ...any) { received = append(received, args[0].([]byte)...) })
		c.On("end", func(...any) {
			l.NextTick(func() { nextTickOK = c.Write([]byte("next tick"), nil) })
		})
		c.On("close", func(...any) {
			c.Write([]byte("too late"), func(err error) { lateErr = err })
		})
		c.On("error", func(...any) {})
		c.Resume()
		s.End(nil, nil)
	})
	if !nextTickOK || string(received) != "next tick" {
		t.Errorf("write in the tick after 'end': returned %v, server received %q", nextTickOK, received)
	}
	e := refErr(t, lateErr)
	if e.Code != "EPIPE" || e.Message != "This socket has been ended by the other party" {
		t.Errorf("write after the automatic end: %s %q, want EPIPE", e.Code, e.Message)
	}
}

// TestSetTimeout: 'timeout' after the idle time, the socket stays open,
// and setTimeout(0) disables it.
func TestSetTimeout(t *testing.T) {
	l := reference.NewLoop()
	var g logger
	var destroyedAtTimeout bool
	socketPair(t, l, reference.ServerOptions{}, reference.ConnectOptions{}, func(c, s *reference.Socket) {
		other := l.NewSocket(reference.SocketOptions{})
		other.SetTimeout(5*time.Millisecond, nil).SetTimeout(0, nil)
		other.On("timeout", func(...any) { g.add("disabled timer fired") })
		if d, set := other.Timeout(); d != 0 || !set {
			t.Errorf("Timeout() = %v, %v after setTimeout(0)", d, set)
		}
		c.SetTimeout(20*time.Millisecond, func(...any) {
			g.add("timeout")
			destroyedAtTimeout = c.Destroyed()
			c.Destroy(nil)
		})
	})
	if got := g.String(); got != "timeout" {
		t.Errorf("events = %s, want timeout", got)
	}
	if destroyedAtTimeout {
		t.Errorf("the socket was destroyed by its timeout")
	}
}

// TestResetAndDestroy: the peer sees ECONNRESET.
func TestResetAndDestroy(t *testing.T) {
	l := reference.NewLoop()
	var peer logger
	socketPair(t, l, reference.ServerOptions{}, reference.ConnectOptions{}, func(c, s *reference.Socket) {
		peer.on("", s, "error", "close")
		if _, err := c.ResetAndDestroy(); err != nil {
			t.Errorf("ResetAndDestroy: %v", err)
		}
	})
	if got := peer.String(); got != "error:ECONNRESET,close:true" {
		t.Errorf("peer events = %s, want error:ECONNRESET,close:true", got)
	}
}

// TestResetAndDestroyUnconnected destroys with ERR_SOCKET_CLOSED.
func TestResetAndDestroyUnconnected(t *testing.T) {
	l := reference.NewLoop()
	var g logger
	err := run(t, l, func() {
		c := l.NewSocket(reference.SocketOptions{})
		g.on("", c, "error", "close")
		c.ResetAndDestroy()
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := g.String(); got != "error:ERR_SOCKET_CLOSED,close:true" {
		t.Errorf("events = %s", got)
	}
}

// TestConnectUnixENOENT: a path nobody listens on fails with ENOENT,
// naming the path.
func TestConnectUnixENOENT(t *testing.T) {
	l := reference.NewLoop()
	path := filepath.Join(t.TempDir(), "none.sock")
	var got error
	err := run(t, l, func() {
		c, err := l.CreateConnection(reference.ConnectOptions{Path: path}, nil)
		if err != nil {
			t.Errorf("CreateConnection: %v", err)
			return
		}
		c.On("error", func(args ...any) { got = args[0].(error) })
	})
	if err != nil {
		t.Fatal(err)
	}
	e := refErr(t, got)
	if e.Code != "ENOENT" || e.Syscall != "connect" || e.Address != path || e.Message != "connect ENOENT "+path {
		t.Errorf("error = %+v", e)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the path exists after the test: %v", err)
	}
}

// TestConnectLocalAddressAndBadOptions: localPort binds the client; a
// bad family or local address is refused before anything happens.
func TestConnectLocalAddressAndBadOptions(t *testing.T) {
	l := reference.NewLoop()
	port := closedPort(t)
	var local int
	socketPair(t, l, reference.ServerOptions{}, reference.ConnectOptions{LocalAddress: "127.0.0.1", LocalPort: port}, func(c, s *reference.Socket) {
		local = c.LocalPort()
		if s.RemotePort() != port || c.LocalAddress() != "127.0.0.1" || c.LocalFamily() != "IPv4" {
			t.Errorf("server sees %s:%d, client local %s %s", s.RemoteAddress(), s.RemotePort(), c.LocalAddress(), c.LocalFamily())
		}
		c.Destroy(nil)
	})
	if local != port {
		t.Errorf("local port %d, want %d", local, port)
	}
	l2 := reference.NewLoop()
	err := run(t, l2, func() {
		for _, o := range []reference.ConnectOptions{{Port: 80, Family: 5}, {Port: 80, LocalAddress: "nope"}, {Port: -1}} {
			if _, err := l2.CreateConnection(o, nil); err == nil {
				t.Errorf("CreateConnection(%+v) returned no error", o)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestUnrefConnectedSocketLetsRunReturn: with the server and both ends
// of a connection unref'd, Run returns although the connection is open;
// ref() again keeps it running until the socket is destroyed.
func TestUnrefConnectedSocketLetsRunReturn(t *testing.T) {
	l := reference.NewLoop()
	var c, s *reference.Socket
	var srv *reference.Server
	err := run(t, l, func() {
		srv = l.CreateServer(reference.ServerOptions{}, func(conn *reference.Socket) {
			s = conn
			s.Unref()
			srv.Unref()
		})
		srv.Listen(loopback(0), func() {
			c, _ = l.CreateConnection(reference.ConnectOptions{Host: "127.0.0.1", Port: srv.Address().Port}, func() {
				if c.Unref() != c {
					t.Errorf("unref() does not return the socket")
				}
			})
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if c == nil || s == nil || c.Destroyed() || s.Destroyed() {
		t.Fatalf("Run returned before both ends were connected, or with one destroyed")
	}
	var closed bool
	err = run(t, l, func() {
		c.Ref()
		c.On("close", func(...any) { closed = true })
		c.Destroy(nil)
		s.Destroy(nil)
		srv.Close(nil)
	})
	if err != nil || !closed {
		t.Fatalf("second Run: %v, closed %v", err, closed)
	}
}

// TestWatchSignal: closing the signal destroys the socket with an
// AbortError; an already closed one does so on the next tick.
func TestWatchSignal(t *testing.T) {
	l := reference.NewLoop()
	var g logger
	sig := make(chan struct{})
	socketPair(t, l, reference.ServerOptions{}, reference.ConnectOptions{}, func(c, s *reference.Socket) {
		g.on("", c, "error", "close")
		c.WatchSignal(sig)
		close(sig)
	})
	if got := g.String(); got != "error:ABORT_ERR,close:true" {
		t.Errorf("events = %s, want error:ABORT_ERR,close:true", got)
	}
	l2 := reference.NewLoop()
	var g2 logger
	var destroyedAtReturn bool
	err := run(t, l2, func() {
		c := l2.NewSocket(reference.SocketOptions{})
		g2.on("", c, "error", "close")
		c.WatchSignal(sig)
		destroyedAtReturn = c.Destroyed()
	})
	if err != nil {
		t.Fatal(err)
	}
	if destroyedAtReturn || g2.String() != "error:ABORT_ERR,close:true" {
		t.Errorf("pre-aborted: destroyed at once %v, events %s", destroyedAtReturn, g2.String())
	}
}

// TestOnRead: with the onread option every chunk is copied into the
// buffer, at most its length at a time, and passed to the callback with
// the count; no 'data' is emitted, and 'end' still comes.
func TestOnRead(t *testing.T) {
	l := reference.NewLoop()
	var got []byte
	var counts []int
	dataEvents, ended := 0, false
	err := run(t, l, func() {
		var srv *reference.Server
		srv = l.CreateServer(reference.ServerOptions{}, func(s *reference.Socket) {
			s.End([]byte("hello, onread"), nil)
			srv.Close(nil)
		})
		srv.Listen(loopback(0), func() {
			buf := make([]byte, 4)
			c := l.NewSocket(reference.SocketOptions{OnRead: &reference.OnRead{Buffer: buf, Callback: func(n int, b []byte) bool {
				if &b[0] != &buf[0] {
					t.Errorf("the callback got another buffer than the one given")
				}
				counts = append(counts, n)
				got = append(got, b[:n]...)
				return true
			}}})
			c.On("data", func(...any) { dataEvents++ })
			c.On("end", func(...any) { ended = true })
			if err := c.Connect(reference.ConnectOptions{Host: "127.0.0.1", Port: srv.Address().Port}, nil); err != nil {
				t.Errorf("Connect: %v", err)
				srv.Close(nil)
			}
		})
	})
	if err != nil {
		t.Fatalf("Run returned %v", err)
	}
	if string(got) != "hello, onread" || dataEvents != 0 || !ended {
		t.Errorf("onread got %q in counts %v, %d 'data' events, 'end' %v; want %q, no 'data', 'end'", got, counts, dataEvents, ended, "hello, onread")
	}
	for _, n := range counts {
		if n < 1 || n > 4 {
			t.Errorf("a count of %d, want 1 to 4 (the buffer's length)", n)
		}
	}
}
