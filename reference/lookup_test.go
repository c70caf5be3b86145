package reference_test

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/netconform/netconform/reference"
)

// connectWithLookup connects to a listening server through a custom
// lookup that answers with answer (and err), synchronously or on a later
// tick; it returns the calls the lookup got and the socket's events.
func connectWithLookup(t *testing.T, family int, noAuto, async bool, answer []reference.LookupAddress, lookupErr error) (calls []string, events []string) {
	t.Helper()
	l := reference.NewLoop()
	err := run(t, l, func() {
		srv := l.CreateServer(reference.ServerOptions{}, func(s *reference.Socket) { s.End(nil, nil) })
		srv.Listen(loopback(0), func() {
			c := l.NewSocket(reference.SocketOptions{})
			for _, ev := range []string{"lookup", "connect", "error", "close"} {
				ev := ev
				c.On(ev, func(args ...any) {
					events = append(events, fmt.Sprintf("%s %v", ev, args))
					if ev == "close" {
						srv.Close(nil)
					}
				})
			}
			c.Resume()
			lookup := func(host string, o reference.LookupOptions, cb func(error, []reference.LookupAddress)) {
				calls = append(calls, fmt.Sprintf("%s %+v", host, o))
				if async {
					l.NextTick(func() { cb(lookupErr, answer) })
				} else {
					cb(lookupErr, answer)
				}
			}
			err := c.Connect(reference.ConnectOptions{Host: "example.invalid", Port: srv.Address().Port,
				Family: family, NoAutoSelectFamily: noAuto, Lookup: lookup}, nil)
			if err != nil {
				t.Errorf("Connect: %v", err)
				srv.Close(nil)
			}
		})
	})
	if err != nil {
		t.Fatalf("Run returned %v", err)
	}
	return calls, events
}

func TestCustomLookupAnswerIsUsed(t *testing.T) {
	for _, async := range []bool{false, true} {
		calls, events := connectWithLookup(t, 0, false, async,
			[]reference.LookupAddress{{Address: "127.0.0.1", Family: 4}}, nil)
		wantCalls := []string{"example.invalid {Family:0 Hints:32 All:true}"}
		if !reflect.DeepEqual(calls, wantCalls) {
			t.Errorf("async=%v: lookup calls %q, want %q", async, calls, wantCalls)
		}
		want := []string{"lookup [<nil> 127.0.0.1 4 example.invalid]", "connect []", "close [false]"}
		if !reflect.DeepEqual(events, want) {
			t.Errorf("async=%v: events %q, want %q", async, events, want)
		}
	}
}

func TestCustomLookupFamilyAndSingleAnswer(t *testing.T) {
	calls, events := connectWithLookup(t, 4, true, false,
		[]reference.LookupAddress{{Address: "127.0.0.1", Family: 4}}, nil)
	if want := []string{"example.invalid {Family:4 Hints:0 All:false}"}; !reflect.DeepEqual(calls, want) {
		t.Errorf("lookup calls %q, want %q", calls, want)
	}
	if len(events) < 2 || events[1] != "connect []" {
		t.Errorf("events %q, want a connect after the lookup", events)
	}
}

func TestCustomLookupTriesAddressesInOrder(t *testing.T) {
	// Nothing listens on 127.0.0.2 (the server holds 127.0.0.1 only), so
	// the first answer refuses and the second, the server's, connects.
	_, events := connectWithLookup(t, 0, false, false, []reference.LookupAddress{
		{Address: "127.0.0.2", Family: 4}, {Address: "127.0.0.1", Family: 4}}, nil)
	if n := len(events); n != 4 || events[2] != "connect []" {
		t.Errorf("events %q, want two 'lookup', 'connect', 'close'", events)
	}
}

func TestCustomLookupError(t *testing.T) {
	lookupErr := errors.New("no such name")
	_, events := connectWithLookup(t, 0, false, true, nil, lookupErr)
	want := []string{"lookup [no such name <nil> <nil> example.invalid]", "error [no such name]", "close [true]"}
	if !reflect.DeepEqual(events, want) {
		t.Errorf("events %q, want %q", events, want)
	}
}

func TestCustomLookupInvalidAddress(t *testing.T) {
	_, events := connectWithLookup(t, 0, false, false, []reference.LookupAddress{{Address: "undefined"}}, nil)
	if len(events) != 3 || events[1] != "error [TypeError [ERR_INVALID_IP_ADDRESS]: Invalid IP address: undefined]" || events[2] != "close [true]" {
		t.Errorf("events %q, want 'lookup', the ERR_INVALID_IP_ADDRESS 'error', 'close'", events)
	}
}

// TestOnReadFalseStopsReading: a callback returning false stops the
// reading; the bytes after it come only once Resume is called.
func TestOnReadFalseStopsReading(t *testing.T) {
	l := reference.NewLoop()
	var got []string
	err := run(t, l, func() {
		var srv *reference.Server
		var peer *reference.Socket
		srv = l.CreateServer(reference.ServerOptions{}, func(s *reference.Socket) {
			peer = s
			s.Write([]byte("hello"), nil)
		})
		srv.Listen(loopback(0), func() {
			var c *reference.Socket
			c = l.NewSocket(reference.SocketOptions{OnRead: &reference.OnRead{Buffer: make([]byte, 16), Callback: func(n int, b []byte) bool {
				got = append(got, string(b[:n]))
				if len(got) == 1 {
					// The second write reaches c's kernel buffer; a
					// timer well after its callback resumes.
					peer.Write([]byte("world"), func(error) {
						// A window in which a socket that still read
						// would call onread; the bytes must be waiting
						// in the kernel at its end.
						l.SetTimeout(50*time.Millisecond, func() {
							if len(got) != 1 {
								t.Errorf("onread called %d times while stopped: %q", len(got), got)
							}
							if fd, ok := c.Descriptor(); ok {
								if n, err := unix.IoctlGetInt(fd, unix.SIOCINQ); err != nil || n != len("world") {
									t.Errorf("bytes waiting unread in the kernel: %d (%v), want %d", n, err, len("world"))
								}
							}
							c.Resume()
						})
					})
				} else {
					c.Destroy(nil)
					srv.Close(nil)
				}
				return false
			}}})
			if err := c.Connect(reference.ConnectOptions{Host: "127.0.0.1", Port: srv.Address().Port}, nil); err != nil {
				t.Errorf("Connect: %v", err)
				srv.Close(nil)
			}
		})
	})
	if err != nil {
		t.Fatalf("Run returned %v", err)
	}
	if want := []string{"hello", "world"}; !reflect.DeepEqual(got, want) {
		t.Errorf("onread got %q, want %q", got, want)
	}
}

// TestOnReadEmptyBufferIsENOBUFS: an onread buffer function that gives no
// room fails the read as Node does, with 'error' read ENOBUFS.
func TestOnReadEmptyBufferIsENOBUFS(t *testing.T) {
	l := reference.NewLoop()
	var errs []string
	err := run(t, l, func() {
		srv := l.CreateServer(reference.ServerOptions{}, func(s *reference.Socket) { s.End([]byte("hello"), nil) })
		srv.Listen(loopback(0), func() {
			c := l.NewSocket(reference.SocketOptions{OnRead: &reference.OnRead{
				BufferFunc: func() []byte { return nil },
				Callback:   func(int, []byte) bool { t.Error("onread called with no room"); return true }}})
			c.On("error", func(args ...any) {
				e := args[0].(*reference.Error)
				errs = append(errs, e.Code+" "+e.Syscall+": "+e.Message)
			})
			c.On("close", func(...any) { srv.Close(nil) })
			if err := c.Connect(reference.ConnectOptions{Host: "127.0.0.1", Port: srv.Address().Port}, nil); err != nil {
				t.Errorf("Connect: %v", err)
				srv.Close(nil)
			}
		})
	})
	if err != nil {
		t.Fatalf("Run returned %v", err)
	}
	if want := []string{"ENOBUFS read: read ENOBUFS"}; !reflect.DeepEqual(errs, want) {
		t.Errorf("errors %q, want %q", errs, want)
	}
}
