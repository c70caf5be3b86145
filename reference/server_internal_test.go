package reference

import (
	"net"
	"strconv"
	"testing"

	"golang.org/x/sys/unix"
)

// listenBacklog reads the backlog the kernel holds for a listening TCP
// socket: Linux reports it in tcpi_sacked of TCP_INFO (capped at
// net.core.somaxconn).
func listenBacklog(t *testing.T, ls *listenSocket) int {
	t.Helper()
	info, err := unix.GetsockoptTCPInfo(ls.fd, unix.IPPROTO_TCP, unix.TCP_INFO)
	if err != nil {
		t.Fatal(err)
	}
	return int(info.Sacked)
}

func TestListenBacklog(t *testing.T) {
	for _, tc := range []struct{ backlog, want int }{{0, DefaultBacklog}, {-3, DefaultBacklog}, {10, 10}} {
		l := NewLoop()
		got := -1
		err := l.Run(func() {
			srv := l.CreateServer(ServerOptions{}, nil)
			srv.Listen(ListenOptions{Host: "127.0.0.1", Backlog: tc.backlog}, func() {
				got = listenBacklog(t, srv.ls)
				srv.Close(nil)
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		if got != tc.want {
			t.Errorf("Backlog %d: the kernel holds %d, want %d", tc.backlog, got, tc.want)
		}
	}
}

// TestPauseOnConnectReadsNothing: a paused-on-connect socket has no read
// in flight, so nothing leaves the kernel until Resume.
func TestPauseOnConnectReadsNothing(t *testing.T) {
	for _, pause := range []bool{false, true} {
		l := NewLoop()
		var data string
		err := l.Run(func() {
			var srv *Server
			srv = l.CreateServer(ServerOptions{PauseOnConnect: pause}, func(s *Socket) {
				srv.Close(nil)
				if s.reading == pause {
					t.Errorf("pauseOnConnect %v: a read in flight is %v", pause, s.reading)
				}
				if s.IsPaused() != pause {
					t.Errorf("pauseOnConnect %v: IsPaused %v", pause, s.IsPaused())
				}
				s.On("data", func(args ...any) {
					data += string(args[0].([]byte))
					s.Destroy(nil)
				})
				if pause {
					// A 'data' listener does not resume a socket paused
					// explicitly; Resume does.
					if s.reading {
						t.Errorf("a 'data' listener started a read")
					}
					s.Resume()
				}
			})
			srv.Listen(ListenOptions{Host: "127.0.0.1"}, func() {
				release := l.KeepAlive()
				addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(srv.Address().Port))
				go func() {
					c, err := net.Dial("tcp", addr)
					if err == nil {
						_, err = c.Write([]byte("hello"))
						defer c.Close()
					}
					l.Submit(func() {
						release()
						if err != nil {
							t.Errorf("client: %v", err)
							srv.Close(nil)
						}
					})
				}()
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		if data != "hello" {
			t.Errorf("pauseOnConnect %v: data %q", pause, data)
		}
	}
}

// TestAcceptErrorReachesServerAndAcceptingResumes: an accept that fails
// (EMFILE here, as when the process is out of descriptors) is emitted as
// the server's 'error', as Node's onconnection does, and the server goes
// on accepting once acceptRetry has passed instead of spinning on a
// listening socket that stays readable.
func TestAcceptErrorReachesServerAndAcceptingResumes(t *testing.T) {
	l := NewLoop()
	var got *Error
	connected := false
	err := runLoop(t, l, func() {
		var srv *Server
		srv = l.CreateServer(ServerOptions{}, func(s *Socket) {
			connected = true
			s.Destroy(nil)
			srv.Close(nil)
		})
		srv.On("error", func(args ...any) { got, _ = args[0].(*Error) })
		srv.Listen(ListenOptions{Host: "127.0.0.1"}, func() {
			srv.ls.acceptFailed(unix.EMFILE)
			if srv.ls.w.want != 0 {
				t.Errorf("the listening socket still wants %#x after a failed accept", srv.ls.w.want)
			}
			release := l.KeepAlive()
			addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(srv.Address().Port))
			go func() {
				c, err := net.Dial("tcp", addr)
				if err == nil {
					defer c.Close()
				}
				l.Submit(func() {
					release()
					if err != nil {
						t.Errorf("client: %v", err)
						srv.Close(nil)
					}
				})
			}()
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if got == nil || got.Code != "EMFILE" || got.Syscall != "accept" {
		t.Errorf("server 'error' = %#v, want EMFILE from accept", got)
	}
	if !connected {
		t.Error("the server accepted nothing after the failed accept")
	}
}
