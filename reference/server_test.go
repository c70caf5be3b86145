package reference_test

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/netconform/netconform/reference"
)

// socketPath returns a path for a Unix domain socket in a directory the
// test removes.
func socketPath(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "netconform-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return filepath.Join(dir, "s.sock")
}

// dialFromLoop dials addr off the loop and hands the connection (or
// error) to fn on the loop. The dial is outside the reference, as a
// client program's would be; keep must hold the loop open meanwhile.
func dialFromLoop(l *reference.Loop, network, addr string, fn func(net.Conn, error)) {
	release := l.KeepAlive()
	go func() {
		c, err := net.DialTimeout(network, addr, waitTimeout)
		l.Submit(func() {
			release()
			fn(c, err)
		})
	}()
}

// connectPair dials srv's next connection from outside the loop and
// calls fn on the loop with both ends once the dial has returned and srv
// has emitted the matching 'connection', whichever comes first.
func connectPair(t *testing.T, l *reference.Loop, srv *reference.Server, network, addr string, fn func(c net.Conn, s *reference.Socket)) {
	var c net.Conn
	var s *reference.Socket
	done := false
	both := func() {
		if c != nil && s != nil && !done {
			done = true
			fn(c, s)
		}
	}
	srv.Once("connection", func(args ...any) { s = args[0].(*reference.Socket); both() })
	dialFromLoop(l, network, addr, func(conn net.Conn, err error) {
		if err != nil {
			t.Errorf("dial %s: %v", addr, err)
			srv.Close(nil)
			return
		}
		c = conn
		both()
	})
}

func tcpAddr(srv *reference.Server) string {
	return net.JoinHostPort(srv.Address().Address, strconv.Itoa(srv.Address().Port))
}

func TestUnixListenAddressAndUnlinkOnClose(t *testing.T) {
	p := socketPath(t)
	l := reference.NewLoop()
	var g logger
	err := run(t, l, func() {
		srv := l.CreateServer(reference.ServerOptions{}, nil)
		g.on("", srv, "listening", "connection", "close")
		if err := srv.Listen(reference.ListenOptions{Path: p}, nil); err != nil {
			t.Fatalf("Listen: %v", err)
		}
		// Bound before Listen returns, as Node binds a path at once.
		if a := srv.Address(); a == nil || a.Path != p || !srv.Listening() {
			t.Errorf("right after Listen: Address %+v, Listening %v; want the path", a, srv.Listening())
		}
		srv.On("listening", func(...any) {
			if _, err := os.Stat(p); err != nil {
				t.Errorf("no socket file while listening: %v", err)
			}
			connectPair(t, l, srv, "unix", p, func(c net.Conn, sock *reference.Socket) {
				c.Close()
				sock.Destroy(nil)
				srv.Close(func(err error) {
					if err != nil {
						t.Errorf("close callback got %v", err)
					}
					if _, err := os.Stat(p); !os.IsNotExist(err) {
						t.Errorf("socket file still there after close: %v", err)
					}
					if a := srv.Address(); a == nil || a.Path != p {
						t.Errorf("Address after Close = %+v; Node.js keeps the path", a)
					}
				})
			})
		})
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got := g.String(); got != "listening,connection,close" {
		t.Errorf("events %s", got)
	}
}

func TestUnixListenErrors(t *testing.T) {
	p := socketPath(t)
	if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(filepath.Dir(p), "no-such-dir", "s.sock")
	for _, tc := range []struct {
		path, code string
	}{
		{p, "EADDRINUSE"},   // any existing file
		{missing, "EACCES"}, // libuv turns ENOENT into EACCES
	} {
		l := reference.NewLoop()
		var got *reference.Error
		closed := false
		err := run(t, l, func() {
			srv := l.CreateServer(reference.ServerOptions{}, nil)
			srv.On("error", func(args ...any) { got = refErr(t, args[0].(error)) })
			srv.On("close", func(...any) { closed = true })
			if err := srv.Listen(reference.ListenOptions{Path: tc.path}, nil); err != nil {
				t.Fatalf("Listen returned %v; the error must be emitted", err)
			}
		})
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		if got == nil {
			t.Fatalf("%s: no 'error'", tc.path)
		}
		if got.Code != tc.code || got.Syscall != "listen" || got.Address != tc.path || !got.HasPort || got.Port != -1 ||
			!strings.HasPrefix(got.Message, "listen "+tc.code+": ") || !strings.HasSuffix(got.Message, " "+tc.path) {
			t.Errorf("%s: error %+v", tc.path, got)
		}
		if closed {
			t.Errorf("%s: 'close' followed 'error' in the v19 profile", tc.path)
		}
	}
	if b, err := os.ReadFile(p); err != nil || string(b) != "x" {
		t.Errorf("the existing file was touched: %q, %v", b, err)
	}
}

func TestUnixReadableWritableAll(t *testing.T) {
	old := unix.Umask(0o077) // so that the bits can only come from the options
	defer unix.Umask(old)
	for _, tc := range []struct {
		readable, writable bool
		want               os.FileMode
	}{
		{false, false, 0o700},
		{true, false, 0o744},
		{false, true, 0o722},
		{true, true, 0o766},
	} {
		p := socketPath(t)
		l := reference.NewLoop()
		var mode os.FileMode
		err := run(t, l, func() {
			srv := l.CreateServer(reference.ServerOptions{}, nil)
			srv.Listen(reference.ListenOptions{Path: p, ReadableAll: tc.readable, WritableAll: tc.writable}, func() {
				fi, err := os.Stat(p)
				if err != nil {
					t.Errorf("stat: %v", err)
				} else {
					mode = fi.Mode().Perm()
				}
				srv.Close(nil)
			})
		})
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		if mode != tc.want {
			t.Errorf("readableAll %v writableAll %v: mode %o, want %o", tc.readable, tc.writable, mode, tc.want)
		}
	}
}

// TestAcceptedSocketOptions reads back, with getsockopt, what the
// server's options set on an accepted connection.
func TestAcceptedSocketOptions(t *testing.T) {
	type opt struct{ level, name, want int }
	for _, tc := range []struct {
		name string
		opts reference.ServerOptions
		want []opt
	}{
		{"defaults", reference.ServerOptions{}, []opt{
			{unix.IPPROTO_TCP, unix.TCP_NODELAY, 0},
			{unix.SOL_SOCKET, unix.SO_KEEPALIVE, 0},
		}},
		{"noDelay", reference.ServerOptions{NoDelay: true}, []opt{
			{unix.IPPROTO_TCP, unix.TCP_NODELAY, 1},
		}},
		{"keepAlive", reference.ServerOptions{KeepAlive: true, KeepAliveInitialDelay: 7 * time.Second}, []opt{
			{unix.SOL_SOCKET, unix.SO_KEEPALIVE, 1},
			{unix.IPPROTO_TCP, unix.TCP_KEEPIDLE, 7},
			{unix.IPPROTO_TCP, unix.TCP_KEEPINTVL, 1},
			{unix.IPPROTO_TCP, unix.TCP_KEEPCNT, 10},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := reference.NewLoop()
			checked := false
			err := run(t, l, func() {
				srv := l.CreateServer(tc.opts, nil)
				srv.Listen(loopback(0), func() {
					connectPair(t, l, srv, "tcp", tcpAddr(srv), func(c net.Conn, s *reference.Socket) {
						for _, o := range tc.want {
							if v, ok := s.SocketOption(o.level, o.name); !ok || v != o.want {
								t.Errorf("option %d/%d = %d (ok %v), want %d", o.level, o.name, v, ok, o.want)
							}
						}
						checked = true
						c.Close()
						s.Destroy(nil)
						srv.Close(nil)
					})
				})
			})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if !checked {
				t.Errorf("no connection")
			}
		})
	}
}

func TestMaxConnectionsDrop(t *testing.T) {
	for _, profile := range []reference.Profile{reference.ProfileV19, reference.ProfileV010} {
		t.Run(profile.String(), func(t *testing.T) {
			l := reference.NewLoopProfile(profile)
			var drops []any
			connections := 0
			err := run(t, l, func() {
				srv := l.CreateServer(reference.ServerOptions{}, nil)
				srv.SetMaxConnections(1)
				srv.On("drop", func(args ...any) { drops = append(drops, args...) })
				srv.On("connection", func(...any) { connections++ })
				srv.Listen(loopback(0), func() {
					addr := tcpAddr(srv)
					connectPair(t, l, srv, "tcp", addr, func(first net.Conn, kept *reference.Socket) {
						dialFromLoop(l, "tcp", addr, func(second net.Conn, err error) {
							if err != nil {
								t.Errorf("dial: %v", err)
								srv.Close(nil)
								return
							}
							// The server closes the dropped connection: read its EOF.
							release := l.KeepAlive()
							go func() {
								second.SetReadDeadline(time.Now().Add(waitTimeout))
								_, rerr := second.Read(make([]byte, 1))
								l.Submit(func() {
									release()
									if rerr == nil {
										t.Errorf("the connection past maxConnections was not closed")
									}
									second.Close()
									first.Close()
									kept.Destroy(nil)
									srv.Close(nil)
								})
							}()
						})
					})
				})
			})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if connections != 1 {
				t.Errorf("%d connections, want 1", connections)
			}
			if profile == reference.ProfileV010 {
				if len(drops) != 0 {
					t.Errorf("v0.10 has no 'drop', got %v", drops)
				}
				return
			}
			if len(drops) != 1 {
				t.Fatalf("drops %v, want one", drops)
			}
			d, ok := drops[0].(*reference.DropInfo)
			if !ok || d.LocalAddress != "127.0.0.1" || d.LocalFamily != "IPv4" || d.LocalPort == 0 ||
				d.RemoteAddress != "127.0.0.1" || d.RemoteFamily != "IPv4" || d.RemotePort == 0 {
				t.Errorf("drop %+v", drops[0])
			}
		})
	}
}

func TestIPv6OnlyRefusesIPv4(t *testing.T) {
	for _, v6only := range []bool{false, true} {
		l := reference.NewLoop()
		var dialErr error
		err := run(t, l, func() {
			srv := l.CreateServer(reference.ServerOptions{}, func(s *reference.Socket) { s.Destroy(nil) })
			srv.Listen(reference.ListenOptions{Host: "::", IPv6Only: v6only}, func() {
				dialFromLoop(l, "tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(srv.Address().Port)), func(c net.Conn, err error) {
					dialErr = err
					if c != nil {
						c.Close()
					}
					srv.Close(nil)
				})
			})
		})
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		if v6only != (dialErr != nil) {
			t.Errorf("ipv6Only %v: IPv4 dial error %v", v6only, dialErr)
		}
	}
}

func TestListenWithNoHostIsBoundAtOnce(t *testing.T) {
	l := reference.NewLoop()
	err := run(t, l, func() {
		srv := l.CreateServer(reference.ServerOptions{}, nil)
		srv.Listen(reference.ListenOptions{}, nil)
		a := srv.Address()
		if a == nil || a.Address != "::" || a.Family != "IPv6" || a.Port == 0 {
			t.Errorf("Address right after Listen = %+v", a)
		}
		srv.Close(nil)
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
}

func TestSignalClosesServer(t *testing.T) {
	// Aborted while listening.
	l := reference.NewLoop()
	abort := make(chan struct{})
	closed := false
	err := run(t, l, func() {
		srv := l.CreateServer(reference.ServerOptions{}, nil)
		srv.On("close", func(...any) { closed = true })
		srv.Listen(reference.ListenOptions{Host: "127.0.0.1", Signal: abort}, func() { close(abort) })
	})
	if err != nil || !closed {
		t.Fatalf("Run: %v, closed %v", err, closed)
	}
	// Aborted before listen: closed on the next tick, 'listening' never comes.
	l = reference.NewLoop()
	aborted := make(chan struct{})
	close(aborted)
	var g logger
	err = run(t, l, func() {
		srv := l.CreateServer(reference.ServerOptions{}, nil)
		g.on("", srv, "listening", "close")
		srv.Listen(reference.ListenOptions{Signal: aborted}, nil)
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if g.String() != "close" {
		t.Errorf("events %q, want close only", g.String())
	}
	// Never aborted: the watch ends with the server (TestMain checks that
	// no goroutine is left).
	l = reference.NewLoop()
	err = run(t, l, func() {
		srv := l.CreateServer(reference.ServerOptions{}, nil)
		srv.Listen(reference.ListenOptions{Host: "127.0.0.1", Signal: make(chan struct{})}, func() { srv.Close(nil) })
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
}

func TestUnrefTwiceThenRefOnceKeepsRunAlive(t *testing.T) {
	l := reference.NewLoop()
	closedByTimer := false
	err := run(t, l, func() {
		srv := l.CreateServer(reference.ServerOptions{}, nil)
		srv.Listen(loopback(0), func() {
			srv.Unref().Unref().Ref()
			l.SetTimeout(20*time.Millisecond, func() {
				closedByTimer = true
				srv.Close(nil)
			}).Unref()
		})
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !closedByTimer {
		t.Errorf("Run returned while a ref'd server was listening")
	}
}

func TestUnrefBeforeListenLetsRunReturn(t *testing.T) {
	l := reference.NewLoop()
	var srv *reference.Server
	err := run(t, l, func() {
		srv = l.CreateServer(reference.ServerOptions{}, nil)
		srv.Unref().Ref().Unref()
		srv.Listen(loopback(0), nil)
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !srv.Listening() {
		t.Errorf("not listening")
	}
	if err := run(t, l, func() { srv.Close(nil) }); err != nil {
		t.Fatalf("Run: %v", err)
	}
}

func TestGetConnections(t *testing.T) {
	l := reference.NewLoop()
	var counts []int
	err := run(t, l, func() {
		srv := l.CreateServer(reference.ServerOptions{}, nil)
		sync := true
		if srv.GetConnections(func(err error, n int) {
			if sync {
				t.Errorf("GetConnections called back synchronously")
			}
			counts = append(counts, n)
		}) != srv {
			t.Errorf("GetConnections does not return the server")
		}
		sync = false
		srv.Listen(loopback(0), func() {
			connectPair(t, l, srv, "tcp", tcpAddr(srv), func(c net.Conn, sock *reference.Socket) {
				srv.Close(nil)
				srv.GetConnections(func(_ error, n int) {
					counts = append(counts, n)
					c.Close()
					sock.Destroy(nil)
				})
			})
		})
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if len(counts) != 2 || counts[0] != 0 || counts[1] != 1 {
		t.Errorf("counts %v, want [0 1]", counts)
	}
}
