package reference_test

import (
	"context"
	"errors"
	"testing"

	"github.com/netconform/netconform/reference"
)

// TestRunContextClosesTheLoop: a server keeps the loop alive; cancelling
// the context closes it, and RunContext returns context.Canceled.
func TestRunContextClosesTheLoop(t *testing.T) {
	before := descriptorsNow(t)
	l := reference.NewLoop()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- l.RunContext(ctx, func() {
			srv := l.CreateServer(reference.ServerOptions{}, nil)
			srv.Listen(loopback(0), cancel) // cancel once listening
		})
	}()
	if err := waitRun(t, done); !errors.Is(err, context.Canceled) {
		t.Errorf("RunContext returned %v, want context.Canceled", err)
	}
	assertNothingLeft(t, before)
}

// TestConnectContextAborts: a connection whose context is cancelled once
// connected is destroyed with an AbortError that is context.Canceled.
func TestConnectContextAborts(t *testing.T) {
	l := reference.NewLoop()
	var got error
	run(t, l, func() {
		var srv *reference.Server
		srv = l.CreateServer(reference.ServerOptions{}, func(s *reference.Socket) { s.OnClose(func(bool) { srv.Close(nil) }) })
		srv.Listen(loopback(0), func() {
			ctx, cancel := context.WithCancel(context.Background())
			c := l.NewSocket(reference.SocketOptions{})
			c.OnError(func(err error) { got = err })
			if err := c.ConnectContext(ctx, reference.ConnectOptions{Host: "127.0.0.1", Port: srv.Address().Port}, cancel); err != nil {
				t.Fatal(err)
			}
		})
	})
	if !errors.Is(got, context.Canceled) || !reference.IsCode(got, reference.CodeAbort) {
		t.Errorf("'error' %v, want ABORT_ERR, context.Canceled", got)
	}
}
