package leakcheck

import (
	"context"
	"os"
	"runtime/pprof"
	"strings"
	"testing"
	"time"
)

func TestContainsLabel(t *testing.T) {
	for _, c := range []struct {
		labels string
		want   bool
	}{
		{`{"k":"1"}`, true},
		{`{"a":"x", "k":"1"}`, true},
		{`{"k":"12"}`, false},
		{`{"kk":"1"}`, false},
		{`{"x":"\"k\":\"1\""}`, false},
		{``, false},
	} {
		if got := containsLabel(c.labels, `"k":"1"`); got != c.want {
			t.Errorf("containsLabel(%s) = %v, want %v", c.labels, got, c.want)
		}
	}
}

// TestLabelledFindsAGoroutineByItsLabel starts a labelled goroutine:
// Labelled finds it, with the function it waits in, and WaitLabelled
// returns nothing once it has ended.
func TestLabelledFindsAGoroutineByItsLabel(t *testing.T) {
	release := make(chan struct{})
	started := make(chan struct{})
	pprof.Do(context.Background(), pprof.Labels("leakcheck-test", "7"), func(context.Context) {
		go waitForRelease(started, release)
	})
	<-started
	got, err := Labelled("leakcheck-test", "7")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !strings.Contains(got[0].Top(), "leakcheck.waitForRelease") {
		t.Fatalf("Labelled = %v, want the goroutine in waitForRelease", got)
	}
	close(release)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if left, err := WaitLabelled(ctx, "leakcheck-test", "7"); err != nil || len(left) != 0 {
		t.Fatalf("after it ended: %v, %v", left, err)
	}
}

func waitForRelease(started chan<- struct{}, release <-chan struct{}) {
	close(started)
	<-release
}

// TestOpenedNamesANewDescriptor opens a file after a snapshot: Opened
// names it with its path, and WaitClosed returns nothing once closed.
func TestOpenedNamesANewDescriptor(t *testing.T) {
	before, err := Descriptors()
	if err != nil {
		t.Skip(err)
	}
	f, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Opened(before)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].FD != int(f.Fd()) || got[0].Target != os.DevNull {
		t.Fatalf("Opened = %v, want fd %d -> %s", got, f.Fd(), os.DevNull)
	}
	f.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if left, err := WaitClosed(ctx, before); err != nil || len(left) != 0 {
		t.Fatalf("after Close: %v, %v", left, err)
	}
}
