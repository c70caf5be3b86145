package reference_test

import (
	"strings"
	"testing"

	"github.com/netconform/netconform/reference"
)

// TestEndDataOnEndingSocket: end(data) on a socket that is already
// ending does not send data and finish cleanly; as in Node 20, it
// destroys the socket with ERR_STREAM_WRITE_AFTER_END: 'error', then
// the end callback with the error, then 'close' with hadError true, and
// no 'finish'.
func TestEndDataOnEndingSocket(t *testing.T) {
	l := reference.NewLoop()
	var events []string
	socketPair(t, l, reference.ServerOptions{}, reference.ConnectOptions{}, func(c, s *reference.Socket) {
		s.On("data", func(args ...any) { events = append(events, "peer data "+string(args[0].([]byte))) })
		c.On("error", func(args ...any) { events = append(events, "error "+reference.ErrorCode(args[0].(error))) })
		c.On("finish", func(...any) { events = append(events, "finish") })
		c.On("close", func(args ...any) {
			events = append(events, "close", boolWord(args[0].(bool)))
			s.Destroy(nil)
		})
		c.End(nil, nil)
		c.End([]byte("late"), func(err error) { events = append(events, "end callback "+reference.ErrorCode(err)) })
		if !c.Destroyed() {
			t.Errorf("End(data) on an ending socket left it undestroyed")
		}
	})
	want := "error ERR_STREAM_WRITE_AFTER_END|end callback ERR_STREAM_WRITE_AFTER_END|close|hadError"
	if got := strings.Join(events, "|"); got != want {
		t.Errorf("events %q, want %q", got, want)
	}
}

// TestEndWithoutDataOnEndingSocket: a second End without data is not an
// error; its callback runs at 'finish' with nil.
func TestEndWithoutDataOnEndingSocket(t *testing.T) {
	l := reference.NewLoop()
	var events []string
	socketPair(t, l, reference.ServerOptions{}, reference.ConnectOptions{}, func(c, s *reference.Socket) {
		s.Resume()
		c.On("error", func(args ...any) { events = append(events, "error") })
		c.On("close", func(args ...any) { events = append(events, "close", boolWord(args[0].(bool))) })
		c.End([]byte("a"), nil)
		c.End(nil, func(err error) { events = append(events, "end callback", errWord(err)) })
	})
	want := "end callback|nil|close|clean"
	if got := strings.Join(events, "|"); got != want {
		t.Errorf("events %q, want %q", got, want)
	}
}

func boolWord(hadError bool) string {
	if hadError {
		return "hadError"
	}
	return "clean"
}

func errWord(err error) string {
	if err == nil {
		return "nil"
	}
	return err.Error()
}
