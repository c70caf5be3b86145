package reference

import (
	"testing"
	"time"
)

func TestWaitIOWaitsForEveryReservedOperation(t *testing.T) {
	l := NewLoop()
	release := make(chan struct{})
	err := l.Run(func() {
		h := newHandle(l)
		h.Unref() // an unref'd op must not keep Run alive, but it is still in flight
		op := h.reserve()
		go func() {
			<-release
			op.Complete(func() {})
		}()
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := l.InFlight(); n != 1 {
		t.Fatalf("InFlight = %d after Run, want 1", n)
	}
	gaveUp := make(chan struct{})
	close(gaveUp)
	if l.WaitIO(gaveUp) {
		t.Fatal("WaitIO reported idle while an operation was in flight")
	}
	close(release)
	timeout := make(chan struct{})
	timer := time.AfterFunc(5*time.Second, func() { close(timeout) })
	defer timer.Stop()
	if !l.WaitIO(timeout) {
		t.Fatal("WaitIO did not see the operation complete")
	}
	if n := l.InFlight(); n != 0 {
		t.Fatalf("InFlight = %d after WaitIO, want 0", n)
	}
}
