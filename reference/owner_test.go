package reference_test

import (
	"strings"
	"testing"

	"github.com/netconform/netconform/reference"
)

// TestWrongGoroutinePanicsWithTheRule: a Write from a goroutine other
// than the loop's, while Run runs, panics at once with a message that
// names the method, the rule and Loop.Submit, instead of corrupting the
// loop's state.
func TestWrongGoroutinePanicsWithTheRule(t *testing.T) {
	l := reference.NewLoop()
	var recovered any
	socketPair(t, l, reference.ServerOptions{}, reference.ConnectOptions{}, func(c, s *reference.Socket) {
		done := make(chan struct{})
		go func() {
			defer close(done)
			defer func() { recovered = recover() }()
			c.Write([]byte("from elsewhere"), nil)
		}()
		<-done // the loop goroutine blocks here; the other one must not get in
		c.Destroy(nil)
	})
	msg, _ := recovered.(string)
	for _, want := range []string{"Socket.Write", "Loop.Run", "Loop.Submit"} {
		if !strings.Contains(msg, want) {
			t.Errorf("panic %q does not name %s", recovered, want)
		}
	}
}

// TestSubmitIsTheWayIn: the same write handed over with Submit runs.
func TestSubmitIsTheWayIn(t *testing.T) {
	l := reference.NewLoop()
	var got []byte
	socketPair(t, l, reference.ServerOptions{}, reference.ConnectOptions{}, func(c, s *reference.Socket) {
		s.On("data", func(args ...any) {
			got = append(got, args[0].([]byte)...)
			c.Destroy(nil)
			s.Destroy(nil)
		})
		go l.Submit(func() { c.Write([]byte("via Submit"), nil) })
	})
	if string(got) != "via Submit" {
		t.Errorf("received %q", got)
	}
}

// BenchmarkGoroutineCheck measures what the check adds to every entry
// point: Pause is a field write plus the check.
func BenchmarkGoroutineCheck(b *testing.B) {
	l := reference.NewLoop()
	l.Run(func() {
		s := l.NewSocket(reference.SocketOptions{})
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			s.Pause()
		}
	})
}
