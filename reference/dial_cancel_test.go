package reference_test

import (
	"testing"
	"time"

	"github.com/netconform/netconform/reference"
	"golang.org/x/sys/unix"
)

// fullQueue listens on 127.0.0.1 with a backlog of 0 and never accepts,
// then fills the queue until a connection stays pending: the kernel
// drops every further SYN, so a socket dialling it stays connecting.
func fullQueue(t *testing.T) int {
	t.Helper()
	ln, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	fds := []int{ln}
	t.Cleanup(func() {
		for _, fd := range fds {
			unix.Close(fd)
		}
	})
	lo := &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}
	if err := unix.Bind(ln, lo); err != nil {
		t.Fatal(err)
	}
	if err := unix.Listen(ln, 0); err != nil {
		t.Fatal(err)
	}
	sa, err := unix.Getsockname(ln)
	if err != nil {
		t.Fatal(err)
	}
	port := sa.(*unix.SockaddrInet4).Port
	for i := 0; i < 8; i++ {
		fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			t.Fatal(err)
		}
		fds = append(fds, fd)
		if err := unix.Connect(fd, &unix.SockaddrInet4{Port: port, Addr: lo.Addr}); err != nil && err != unix.EINPROGRESS {
			t.Fatal(err)
		}
		pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
		if n, _ := unix.Poll(pfd, 200); n == 0 {
			return port
		}
	}
	t.Skip("this kernel does not drop SYNs to a full accept queue")
	return 0
}

// TestDestroyAbortsDial: destroy() of a socket still connecting (its SYN
// dropped by a full accept queue) ends the dial at once, as closing the
// handle does in Node, so the loop ends with 'close' and no wait for the
// kernel's SYN retries.
func TestDestroyAbortsDial(t *testing.T) {
	port := fullQueue(t)
	l := reference.NewLoop()
	closed := false
	start := time.Now()
	err := l.Run(func() {
		c := l.NewSocket(reference.SocketOptions{})
		c.On("close", func(args ...any) { closed = true })
		if err := c.Connect(reference.ConnectOptions{Port: port, Host: "127.0.0.1"}, nil); err != nil {
			t.Errorf("connect: %v", err)
			return
		}
		l.SetImmediate(func() {
			if !c.Connecting() {
				t.Errorf("not connecting a tick after connect()")
			}
			c.Destroy(nil)
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if !closed {
		t.Errorf("no 'close'")
	}
	// The kernel's first SYN retry is 1 s away: a loop that waited for
	// the dial would take at least that.
	if d := time.Since(start); d >= time.Second {
		t.Errorf("the loop ended %v after destroy(): the dial was not aborted", d)
	}
}
