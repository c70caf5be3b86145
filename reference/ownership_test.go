package reference_test

import (
	"bytes"
	"testing"

	"github.com/netconform/netconform/reference"
)

// collect runs a server that gathers everything its one connection
// receives; client runs once the server listens, with its port, and
// calls resume when the server's socket may read (with PauseOnConnect).
// It returns the bytes received.
func collect(t *testing.T, opts reference.ServerOptions, client func(l *reference.Loop, port int, resume func())) []byte {
	t.Helper()
	l := reference.NewLoop()
	got := make([]byte, 0, 8<<20)
	var accepted *reference.Socket
	wantResume := false
	resume := func() {
		if wantResume = true; accepted != nil {
			accepted.Resume()
		}
	}
	err := run(t, l, func() {
		var srv *reference.Server
		srv = l.CreateServer(opts, func(s *reference.Socket) {
			if accepted = s; wantResume {
				s.Resume()
			}
			s.On("data", func(args ...any) { got = append(got, args[0].([]byte)...) })
			s.On("end", func(...any) { srv.Close(nil) })
		})
		srv.Listen(loopback(0), func() { client(l, srv.Address().Port, resume) })
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return got
}

// TestWriteDoesNotRetainQueuedData: one buffer written six times while
// connecting, changed between the writes, arrives as six different
// bytes: each write queued its own copy.
func TestWriteDoesNotRetainQueuedData(t *testing.T) {
	got := collect(t, reference.ServerOptions{}, func(l *reference.Loop, port int, _ func()) {
		c := l.NewSocket(reference.SocketOptions{})
		if err := c.Connect(reference.ConnectOptions{Host: "127.0.0.1", Port: port}, nil); err != nil {
			t.Fatalf("Connect: %v", err)
		}
		buf := []byte{0}
		for _, b := range []byte("abcdef") {
			buf[0] = b
			c.Write(buf, nil)
		}
		buf[0] = 'z'
		c.End(nil, nil)
	})
	if string(got) != "abcdef" {
		t.Errorf("received %q, want %q", got, "abcdef")
	}
}

// TestWriteDoesNotRetainUnsentRest: a write larger than the kernel
// takes at once, to a peer that does not read yet, leaves a rest queued;
// overwriting the caller's buffer after Write returns must not change
// what arrives.
func TestWriteDoesNotRetainUnsentRest(t *testing.T) {
	const size = 6 << 20
	got := collect(t, reference.ServerOptions{PauseOnConnect: true}, func(l *reference.Loop, port int, resume func()) {
		var c *reference.Socket
		c, err := l.CreateConnection(reference.ConnectOptions{Host: "127.0.0.1", Port: port}, func() {
			buf := bytes.Repeat([]byte("x"), size)
			c.Write(buf, nil)
			l.NextTick(func() {
				// A write the kernel took whole completes on the tick
				// queued before this one.
				if c.WritableLength() == 0 {
					t.Errorf("the kernel took all %d bytes at once: the test does not reach a queued rest", size)
				}
			})
			copy(buf, bytes.Repeat([]byte("y"), size))
			c.End(nil, nil)
			resume()
		})
		if err != nil {
			t.Fatalf("CreateConnection: %v", err)
		}
	})
	if len(got) != size {
		t.Fatalf("received %d bytes, want %d", len(got), size)
	}
	if i := bytes.IndexByte(got, 'y'); i >= 0 {
		t.Errorf("byte %d is the overwritten 'y': Write kept the caller's buffer", i)
	}
}
