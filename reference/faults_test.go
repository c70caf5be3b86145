package reference_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/netconform/netconform/reference"
)

// longSocketPath returns a path of n bytes for a Unix domain socket in a
// directory the test removes.
func longSocketPath(t *testing.T, n int) string {
	t.Helper()
	dir := filepath.Dir(socketPath(t))
	p := filepath.Join(dir, "s")
	if len(p)+len(".sock") > n {
		t.Fatalf("the temp dir %s is too long for a path of %d bytes", dir, n)
	}
	return p + strings.Repeat("x", n-len(p)-len(".sock")) + ".sock"
}

// TestUnixPathLongerThanSunPath listens on a path of 150 bytes: as in
// Node.js 20, the socket is bound to its first 108 bytes (all of
// sun_path), address() answers the path as given, a client connects by
// the same long path, and close() removes the file it created.
func TestUnixPathLongerThanSunPath(t *testing.T) {
	p := longSocketPath(t, 150)
	cut := p[:108]
	l := reference.NewLoop()
	l.SetNodeLine(reference.Node22) // from Node.js 24 on, refused (below)
	var g logger
	err := run(t, l, func() {
		srv := l.CreateServer(reference.ServerOptions{}, nil)
		g.on("srv.", srv, "listening", "connection", "error", "close")
		var c *reference.Socket
		ends := 0 // the client's 'connect' and the server's 'connection'
		bothEnds := func() {
			if ends++; ends == 2 {
				c.Destroy(nil)
				srv.Close(nil)
			}
		}
		if err := srv.Listen(reference.ListenOptions{Path: p}, nil); err != nil {
			t.Fatalf("Listen: %v", err)
		}
		srv.On("listening", func(...any) {
			if a := srv.Address(); a == nil || a.Path != p {
				t.Errorf("Address = %+v, want the path as given", a)
			}
			if fi, err := os.Lstat(cut); err != nil || fi.Mode()&os.ModeSocket == 0 {
				t.Errorf("no socket at the path cut to 108 bytes: %v", err)
			}
			c = l.NewSocket(reference.SocketOptions{})
			g.on("c.", c, "connect", "error", "close")
			if err := c.Connect(reference.ConnectOptions{Path: p}, bothEnds); err != nil {
				t.Errorf("Connect: %v", err)
			}
		})
		srv.On("connection", func(args ...any) {
			args[0].(*reference.Socket).Destroy(nil)
			bothEnds()
		})
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	// The server's 'close' comes from the nextTick queue of close(); the
	// client's from its handle's close, in the close phase: the server's
	// first, as node -e shows for the same program.
	if got := g.String(); got != "srv.listening,srv.connection,c.connect,srv.close,c.close:false" &&
		got != "srv.listening,c.connect,srv.connection,srv.close,c.close:false" {
		t.Errorf("events %s", got)
	}
	if _, err := os.Lstat(cut); !os.IsNotExist(err) {
		t.Errorf("the socket file is still there after close: %v", err)
	}
}

// TestUnixPathLongerThanSunPathFromNode24: Node.js 24 and later (libuv
// 1.48) refuse a path longer than sun_path instead of cutting it.
func TestUnixPathLongerThanSunPathFromNode24(t *testing.T) {
	p := longSocketPath(t, 150)
	l := reference.NewLoop()
	l.SetNodeLine(reference.Node24)
	var g logger
	var listenErr *reference.Error
	err := run(t, l, func() {
		srv := l.CreateServer(reference.ServerOptions{}, nil)
		g.on("srv.", srv, "listening", "error")
		srv.On("error", func(args ...any) { listenErr, _ = args[0].(*reference.Error) })
		if err := srv.Listen(reference.ListenOptions{Path: p}, nil); err != nil {
			t.Fatalf("Listen: %v", err)
		}
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got := g.String(); got != "srv.error:EINVAL" {
		t.Errorf("events %s, want srv.error:EINVAL", got)
	}
	if listenErr == nil || listenErr.Syscall != "listen" || listenErr.Address != p {
		t.Errorf("error %+v, want listen EINVAL naming the path as given", listenErr)
	}
	if entries, err := os.ReadDir(filepath.Dir(p)); err != nil || len(entries) != 0 {
		t.Errorf("the folder holds %v (%v); no socket file should have been made", entries, err)
	}
}

// TestUnixPathOf108BytesIsWhole: a path that fills sun_path exactly is
// bound as it is (Go's own Unix sockets refuse it).
func TestUnixPathOf108BytesIsWhole(t *testing.T) {
	p := longSocketPath(t, 108)
	l := reference.NewLoop()
	err := run(t, l, func() {
		srv := l.CreateServer(reference.ServerOptions{}, nil)
		srv.On("error", func(args ...any) { t.Errorf("'error' %v", args[0]) })
		srv.Listen(reference.ListenOptions{Path: p}, func() {
			if fi, err := os.Lstat(p); err != nil || fi.Mode()&os.ModeSocket == 0 {
				t.Errorf("no socket at the 108-byte path: %v", err)
			}
			srv.Close(nil)
		})
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
}

// TestListenWhereAFileIs listens where a regular file or a directory
// is: 'error' with EADDRINUSE from listen, as Node.js emits it, and what
// was there stays.
func TestListenWhereAFileIs(t *testing.T) {
	for _, kind := range []string{"regular file", "directory"} {
		t.Run(kind, func(t *testing.T) {
			p := socketPath(t)
			var err error
			if kind == "directory" {
				err = os.Mkdir(p, 0o755)
			} else {
				err = os.WriteFile(p, []byte("keep me"), 0o644)
			}
			if err != nil {
				t.Fatal(err)
			}
			l := reference.NewLoop()
			var got *reference.Error
			err = run(t, l, func() {
				srv := l.CreateServer(reference.ServerOptions{}, nil)
				srv.On("listening", func(...any) { t.Error("'listening'") })
				srv.On("error", func(args ...any) { got = refErr(t, args[0].(error)) })
				srv.Listen(reference.ListenOptions{Path: p}, nil)
			})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if got == nil || got.Code != "EADDRINUSE" || got.Errno != -98 || got.Syscall != "listen" ||
				got.Address != p || !got.HasPort || got.Port != -1 ||
				got.Message != "listen EADDRINUSE: address already in use "+p {
				t.Fatalf("'error' %+v; want EADDRINUSE from listen at the path, port -1", got)
			}
			fi, err := os.Lstat(p)
			switch {
			case err != nil:
				t.Fatalf("the %s is gone: %v", kind, err)
			case kind == "directory" && !fi.IsDir():
				t.Fatalf("the directory became %v", fi.Mode())
			case kind == "regular file":
				if b, _ := os.ReadFile(p); string(b) != "keep me" {
					t.Fatalf("the file now holds %q", b)
				}
			}
		})
	}
}
