package reftarget

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/netconform/netconform/reference"
	"github.com/netconform/netconform/steps"
)

// TestCheckLeaksNamesADescriptorLeftOpen lets a listening server escape
// the session's Close, as a reference that forgot to close it would:
// CheckLeaks must name the server, its descriptor and the socket.
func TestCheckLeaksNamesADescriptorLeftOpen(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	listening := make(chan struct{}, 1)
	sess, err := New().Open(ctx, steps.SessionOptions{}, func(e steps.Event) {
		if e.Object == "srv" && e.Name == "listening" {
			listening <- struct{}{}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	s := sess.(*session)
	var srv *reference.Server
	if err := s.do(ctx, func() {
		srv = s.loop.CreateServer(reference.ServerOptions{}, nil)
		s.register(srv, "srv")
		srv.Listen(reference.ListenOptions{}, nil)
	}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-listening:
	case <-ctx.Done():
		t.Fatal("no 'listening'")
	}
	fd, ok := 0, false
	s.do(ctx, func() {
		fd, ok = srv.Descriptor()
		// The defect: Close no longer sees the server.
		delete(s.objects, "srv")
		srv.Unref()
	})
	if !ok {
		t.Fatal("a listening server has no descriptor")
	}
	defer srv.Close(nil) // the loop has ended: nothing else touches srv
	cctx, ccancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer ccancel()
	// The listener holds no goroutine (the loop watches it with epoll),
	// so Close itself may succeed: the descriptor is what leaks.
	sess.Close(cctx)
	err = s.CheckLeaks(cctx)
	want := "file descriptor of srv left open: fd " + strconv.Itoa(fd) + " -> socket:["
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("CheckLeaks = %v, want it to say %q", err, want)
	}
}

// TestCheckLeaksPassesAClosedSession: every object closed, nothing held.
func TestCheckLeaksPassesAClosedSession(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	listening := make(chan struct{}, 1)
	sess, err := New().Open(ctx, steps.SessionOptions{}, func(e steps.Event) {
		if e.Name == "listening" {
			listening <- struct{}{}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	s := sess.(*session)
	s.do(ctx, func() {
		srv := s.loop.CreateServer(reference.ServerOptions{}, nil)
		s.register(srv, "srv")
		srv.Listen(reference.ListenOptions{}, nil)
	})
	<-listening
	if err := sess.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if len(s.held) != 1 {
		t.Fatalf("want the server's descriptor recorded, have %v", s.held)
	}
	if err := s.CheckLeaks(ctx); err != nil {
		t.Fatal(err)
	}
}
