package reference_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime/pprof"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/netconform/netconform/reference"
	"github.com/netconform/netconform/steps/leakcheck"
)

// runLabelled runs l.Run(main) on a goroutine carrying the pprof label
// test=<name>, which every goroutine the loop starts inherits, and
// returns a channel that receives Run's result.
func runLabelled(t *testing.T, l *reference.Loop, main func()) <-chan error {
	t.Helper()
	done := make(chan error, 1)
	pprof.Do(context.Background(), pprof.Labels("test", t.Name()), func(context.Context) {
		go func() { done <- l.Run(main) }()
	})
	return done
}

func waitRun(t *testing.T, done <-chan error) error {
	t.Helper()
	select {
	case err := <-done:
		return err
	case <-time.After(waitTimeout):
		t.Fatalf("Loop.Run did not return within %v", waitTimeout)
		return nil
	}
}

// assertNothingLeft fails the test if a goroutine labelled with the
// test's name, or a descriptor not in before, is still there (each
// waited for, bounded: both go a little after what owns them).
func assertNothingLeft(t *testing.T, before map[int]string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	left, err := leakcheck.WaitLabelled(ctx, "test", t.Name())
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range left {
		t.Errorf("goroutine left running: %s", g)
	}
	open, err := leakcheck.WaitClosed(ctx, before)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range open {
		t.Errorf("descriptor left open: %s", d)
	}
}

// TestCloseAfterUncaughtPanic: a panic in a callback stops Run, which
// returns a *PanicError carrying the stack of the panic; the server,
// both ends of a connection, a client still connecting and a timer are
// all left open then. Close releases every descriptor and goroutine.
func TestCloseAfterUncaughtPanic(t *testing.T) {
	if err := leakcheck.Prime(); err != nil {
		t.Fatal(err)
	}
	before, err := leakcheck.Descriptors()
	if err != nil {
		t.Fatal(err)
	}
	l := reference.NewLoop()
	var port int
	done := runLabelled(t, l, func() {
		srv := l.CreateServer(reference.ServerOptions{}, func(s *reference.Socket) {
			// A second client, to a port nothing accepts on quickly:
			// its dial may still be in flight when the panic stops Run.
			l.CreateConnection(reference.ConnectOptions{Host: "127.0.0.1", Port: port}, nil)
			panicInCallback()
		})
		srv.Listen(loopback(0), func() {
			port = srv.Address().Port
			l.SetTimeout(time.Hour, func() {})
			if _, err := l.CreateConnection(reference.ConnectOptions{Host: "127.0.0.1", Port: port}, nil); err != nil {
				t.Errorf("CreateConnection: %v", err)
			}
		})
	})
	err = waitRun(t, done)
	var pe *reference.PanicError
	if !errors.As(err, &pe) {
		t.Fatalf("Run returned %v (%T), want a *reference.PanicError", err, err)
	}
	if pe.Value != "boom in a callback" || !strings.Contains(string(pe.Stack), "panicInCallback") {
		t.Errorf("PanicError value %v, stack:\n%s\nwant the value and a stack naming panicInCallback", pe.Value, pe.Stack)
	}
	if full := fmt.Sprintf("%+v", err); !strings.Contains(full, "panicInCallback") {
		t.Errorf("%%+v does not print the stack: %s", full)
	}
	// The loop stopped with everything open: the test means something.
	if opened, _ := leakcheck.Opened(before); len(opened) < 3 {
		t.Fatalf("only %d descriptors open after the panic, want the listener and a connection's two ends", len(opened))
	}

	if err := l.Close(); err != nil {
		t.Errorf("Close returned %v", err)
	}
	assertNothingLeft(t, before)
	if c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port)); err == nil {
		c.Close()
		t.Errorf("the server still accepts connections after Close")
	}
	if err := l.Run(nil); !errors.Is(err, reference.ErrLoopClosed) {
		t.Errorf("Run after Close returned %v, want ErrLoopClosed", err)
	}
	if l.Submit(func() {}) {
		t.Errorf("Submit after Close accepted work")
	}
}

func panicInCallback() { panic("boom in a callback") }

// TestCloseFromAnotherGoroutine: Close while Run runs (kept alive by a
// server and KeepAlive) destroys every socket, with 'close' events, and
// returns once Run has returned.
func TestCloseFromAnotherGoroutine(t *testing.T) {
	before, err := leakcheck.Descriptors()
	if err != nil {
		t.Fatal(err)
	}
	l := reference.NewLoop()
	ready := make(chan struct{})
	var closes []string
	done := runLabelled(t, l, func() {
		l.KeepAlive()
		socketPairOn(t, l, func(c, s *reference.Socket) {
			c.On("close", func(args ...any) { closes = append(closes, "client") })
			s.On("close", func(args ...any) { closes = append(closes, "server") })
			close(ready)
		})
	})
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("Run returned early: %v", err)
	}
	if err := l.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	// Close returns once Run has ended; the goroutine that hands Run's
	// result to done may send it a moment later, so wait for it, bounded.
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run returned %v", err)
		}
	case <-time.After(waitTimeout):
		t.Fatalf("Run had not returned %s after Close did", waitTimeout)
	}
	if got := strings.Join(closes, ","); got != "client,server" && got != "server,client" {
		t.Errorf("'close' events %q, want both sockets'", got)
	}
	assertNothingLeft(t, before)
}

// socketPairOn makes a loopback server (which it keeps listening) and a
// client connected to it, and calls onPair with both ends.
func socketPairOn(t *testing.T, l *reference.Loop, onPair func(c, s *reference.Socket)) {
	var c, accepted *reference.Socket
	connected := false
	both := func() {
		if connected && accepted != nil {
			onPair(c, accepted)
		}
	}
	srv := l.CreateServer(reference.ServerOptions{}, func(s *reference.Socket) { accepted = s; both() })
	srv.Listen(loopback(0), func() {
		var err error
		c, err = l.CreateConnection(reference.ConnectOptions{Host: "127.0.0.1", Port: srv.Address().Port}, func() { connected = true; both() })
		if err != nil {
			t.Errorf("CreateConnection: %v", err)
		}
	})
}

// TestShutdownEndsConnections: Shutdown stops the server, ends every
// connection (the peer reads what was written, then EOF) and returns
// nil once they have closed; nothing is left.
func TestShutdownEndsConnections(t *testing.T) {
	before, err := leakcheck.Descriptors()
	if err != nil {
		t.Fatal(err)
	}
	l := reference.NewLoop()
	// Shutdown stops accepting: a connection still in the backlog would
	// be reset, not ended, so acceptedPeer waits for this one.
	peer, done := acceptedPeer(t, l, reference.ServerOptions{}, func(s *reference.Socket) { s.Write([]byte("bye"), nil) })
	defer peer.Close()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	shut := make(chan error, 1)
	go func() { shut <- l.Shutdown(ctx) }()
	peer.SetReadDeadline(time.Now().Add(waitTimeout))
	got, err := io.ReadAll(peer)
	if err != nil || string(got) != "bye" {
		t.Errorf("the peer read %q, %v; want \"bye\" then EOF", got, err)
	}
	peer.Close() // our FIN: the connection closes on both sides
	if err := <-shut; err != nil {
		t.Errorf("Shutdown returned %v", err)
	}
	if err := waitRun(t, done); err != nil {
		t.Errorf("Run returned %v", err)
	}
	assertNothingLeft(t, before)
}

// TestShutdownCutsShortAtDeadline: a peer that never ends its side keeps
// the connection open; Shutdown then closes it when ctx ends, and says
// so.
func TestShutdownCutsShortAtDeadline(t *testing.T) {
	before, err := leakcheck.Descriptors()
	if err != nil {
		t.Fatal(err)
	}
	l := reference.NewLoop()
	peer, done := acceptedPeer(t, l, reference.ServerOptions{AllowHalfOpen: true}, func(*reference.Socket) {})
	defer peer.Close()
	ctx, cancel := context.WithCancel(context.Background())
	shut := make(chan error, 1)
	go func() { shut <- l.Shutdown(ctx) }()
	// The peer sees our FIN, and does not answer it.
	peer.SetReadDeadline(time.Now().Add(waitTimeout))
	if n, err := peer.Read(make([]byte, 1)); n != 0 || err != io.EOF {
		t.Fatalf("the peer read %d, %v; want EOF", n, err)
	}
	cancel()
	if err := <-shut; !errors.Is(err, context.Canceled) {
		t.Errorf("Shutdown returned %v, want context.Canceled", err)
	}
	if err := waitRun(t, done); err != nil {
		t.Errorf("Run returned %v", err)
	}
	peer.Close()
	assertNothingLeft(t, before)
}

// acceptedPeer runs l with a server of opts on a loopback port whose
// connection listener is onConn, dials it, and returns once the server
// has accepted the connection: the peer, and what Run returns.
func acceptedPeer(t *testing.T, l *reference.Loop, opts reference.ServerOptions, onConn func(*reference.Socket)) (net.Conn, <-chan error) {
	t.Helper()
	ports := make(chan int, 1)
	accepted := make(chan struct{})
	done := runLabelled(t, l, func() {
		srv := l.CreateServer(opts, func(s *reference.Socket) {
			onConn(s)
			close(accepted)
		})
		srv.Listen(loopback(0), func() { ports <- srv.Address().Port })
	})
	peer, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(<-ports))
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-accepted:
	case <-time.After(waitTimeout):
		peer.Close()
		t.Fatal("the connection was not accepted")
	}
	return peer, done
}

func descriptorsNow(t *testing.T) map[int]string {
	t.Helper()
	if err := leakcheck.Prime(); err != nil {
		t.Fatal(err)
	}
	d, err := leakcheck.Descriptors()
	if err != nil {
		t.Fatal(err)
	}
	return d
}
