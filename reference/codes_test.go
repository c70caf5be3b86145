package reference_test

import (
	"context"
	"errors"
	"net"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/netconform/netconform/reference"
)

// TestCodesWorkWithErrorsIs: each reference error matches its Code, and
// no other; ABORT_ERR is context.Canceled too.
func TestCodesWorkWithErrorsIs(t *testing.T) {
	tests := []struct {
		err  error
		code reference.Code
	}{
		{reference.ErrStreamWriteAfterEnd(), reference.CodeStreamWriteAfterEnd},
		{reference.ErrStreamDestroyed("write"), reference.CodeStreamDestroyed},
		{reference.ErrSocketClosed(), reference.CodeSocketClosed},
		{reference.ErrServerAlreadyListen(), reference.CodeServerAlreadyListen},
		{reference.ErrServerNotRunning(), reference.CodeServerNotRunning},
		{reference.ErrSocketBadPort("port", "type number (-1)", true), reference.CodeSocketBadPort},
		{reference.ErrAbort(), reference.CodeAbort},
	}
	for _, tt := range tests {
		wrapped := errors.Join(errors.New("context"), tt.err)
		if !errors.Is(tt.err, tt.code) || !errors.Is(wrapped, tt.code) {
			t.Errorf("errors.Is(%v, %s) is false", tt.err, tt.code)
		}
		if errors.Is(tt.err, reference.CodeInvalidArgType) {
			t.Errorf("errors.Is(%v, %s) is true", tt.err, reference.CodeInvalidArgType)
		}
		if got := errors.Is(tt.err, context.Canceled); got != (tt.code == reference.CodeAbort) {
			t.Errorf("errors.Is(%v, context.Canceled) is %v", tt.err, got)
		}
	}
}

// listenError listens with opts on a fresh loop and returns the 'error'
// the server emits.
func listenError(t *testing.T, opts reference.ListenOptions) error {
	t.Helper()
	l := reference.NewLoop()
	var got error
	if err := run(t, l, func() {
		srv := l.CreateServer(reference.ServerOptions{}, nil)
		srv.On("error", func(args ...any) { got = args[0].(error) })
		srv.On("listening", func(...any) { srv.Close(nil) })
		if err := srv.Listen(opts, nil); err != nil {
			t.Errorf("Listen: %v", err)
		}
	}); err != nil {
		t.Fatal(err)
	}
	if got == nil {
		t.Fatalf("listen %+v did not fail", opts)
	}
	return got
}

// TestListenAndBindErrorsAreOpErrors: as with Go's net.Listen, a listen
// error is a *net.OpError naming the operation and the address, and
// the errno is reachable with errors.Is, as is the Node code.
func TestListenAndBindErrorsAreOpErrors(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	port := busy.Addr().(*net.TCPAddr).Port

	err = listenError(t, reference.ListenOptions{Host: "127.0.0.1", Port: port})
	var oe *net.OpError
	if !errors.As(err, &oe) || oe.Op != "listen" || oe.Net != "tcp" || oe.Addr == nil || oe.Addr.String() != busy.Addr().String() {
		t.Errorf("listen EADDRINUSE: %v, OpError %+v", err, oe)
	}
	if !errors.Is(err, syscall.EADDRINUSE) || !errors.Is(err, reference.CodeAddressInUse) {
		t.Errorf("listen EADDRINUSE: errors.Is with the errno or the code is false for %v", err)
	}

	path := filepath.Join(t.TempDir(), "missing", "s.sock")
	err = listenError(t, reference.ListenOptions{Path: path})
	oe = nil
	var errno syscall.Errno // Node reports EACCES here, as the reference does
	if !errors.As(err, &oe) || oe.Net != "unix" || oe.Addr == nil || oe.Addr.String() != path || !errors.As(err, &errno) {
		t.Errorf("listen on %s: %v, OpError %+v", path, err, oe)
	}

	// A local address of the other family than the remote's: bind EINVAL.
	l := reference.NewLoop()
	var connErr error
	run(t, l, func() {
		c, err := l.CreateConnection(reference.ConnectOptions{Host: "127.0.0.1", Port: port, LocalAddress: "::1"}, nil)
		if err != nil {
			t.Fatalf("CreateConnection: %v", err)
		}
		c.On("error", func(args ...any) { connErr = args[0].(error) })
	})
	oe = nil
	if !errors.As(connErr, &oe) || oe.Op != "bind" || !errors.Is(connErr, syscall.EINVAL) {
		t.Errorf("bind EINVAL: %v, OpError %+v", connErr, oe)
	}
}
