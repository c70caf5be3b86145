package reference_test

import (
	"fmt"
	"testing"

	"github.com/netconform/netconform/reference"
)

// TestConnectBindErrors: a local address or port that cannot be bound
// fails the connection with a 'bind' error, as Node reports it: the
// local address of the other family is EINVAL, an address no interface
// has is EADDRNOTAVAIL, and a port in use is EADDRINUSE on the
// remote family's any-address.
func TestConnectBindErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		opts    reference.ConnectOptions
		code    string
		address string
		port    int
	}{
		{"IPv6 local for IPv4", reference.ConnectOptions{Host: "127.0.0.1", Port: 9, LocalAddress: "::1"}, "EINVAL", "::1", 0},
		{"IPv4 local for IPv6", reference.ConnectOptions{Host: "::1", Port: 9, LocalAddress: "127.0.0.1"}, "EINVAL", "127.0.0.1", 0},
		{"no such interface", reference.ConnectOptions{Host: "127.0.0.1", Port: 9, LocalAddress: "192.0.2.1"}, "EADDRNOTAVAIL", "192.0.2.1", 0},
		{"port in use", reference.ConnectOptions{Host: "127.0.0.1", Port: 9, LocalPort: -1}, "EADDRINUSE", "0.0.0.0", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := reference.NewLoop()
			var got error
			var connected bool
			err := run(t, l, func() {
				opts := tc.opts
				if opts.LocalPort == -1 {
					// A port a server of this loop listens on.
					srv := l.CreateServer(reference.ServerOptions{}, nil)
					srv.Listen(loopback(0), func() {
						opts.LocalPort = srv.Address().Port
						tc.port = opts.LocalPort
						c, err := l.CreateConnection(opts, func() { connected = true })
						if err != nil {
							t.Errorf("CreateConnection: %v", err)
							srv.Close(nil)
							return
						}
						c.On("error", func(args ...any) { got = args[0].(error) })
						c.On("close", func(...any) { srv.Close(nil) })
					})
					return
				}
				c, err := l.CreateConnection(opts, func() { connected = true })
				if err != nil {
					t.Errorf("CreateConnection: %v", err)
					return
				}
				c.On("error", func(args ...any) { got = args[0].(error) })
			})
			if err != nil {
				t.Fatal(err)
			}
			if connected {
				t.Fatal("connected")
			}
			e := refErr(t, got)
			want := "bind " + tc.code + " " + tc.address
			if tc.port > 0 {
				want += fmt.Sprintf(":%d", tc.port)
			}
			if e.Code != tc.code || e.Syscall != "bind" || e.Address != tc.address || e.Message != want || e.HasPort != (tc.port > 0) || e.Port != tc.port {
				t.Errorf("error = %+v, want code %s, message %q", *e, tc.code, want)
			}
		})
	}
}
