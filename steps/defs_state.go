// Steps that hold an implementation in a state it would otherwise leave
// at once, so that a scenario can act on it there a tick or more later.

package steps

import (
	"fmt"
	"time"

	"github.com/netconform/netconform/jsval"
	"golang.org/x/sys/unix"
)

func (w *world) registerStateSteps(step func(string, any)) {
	step(`^a listener whose accept queue is full as (\w+)$`, w.fullListener)
}

// fullListener makes a TCP listener on 127.0.0.1 that never accepts and
// fills its accept queue with the runner's own connections. The kernel
// then drops every further SYN, so a socket connecting to it stays
// connecting (Linux retries the SYN after 1 s, 3 s, 7 s...) for as long
// as the scenario runs. name becomes {address, port, family}, for
// net.connect(name.port, name.address).
func (w *world) fullListener(name string) error {
	step := "a listener whose accept queue is full as " + name
	ln, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("%s: socket: %w", step, err)
	}
	fds := []int{ln}
	w.cleanups = append(w.cleanups, func() {
		for _, fd := range fds {
			unix.Close(fd)
		}
	})
	loopback := &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}
	if err := unix.Bind(ln, loopback); err != nil {
		return fmt.Errorf("%s: bind: %w", step, err)
	}
	// A backlog of 0 lets the queue hold one connection.
	if err := unix.Listen(ln, 0); err != nil {
		return fmt.Errorf("%s: listen: %w", step, err)
	}
	sa, err := unix.Getsockname(ln)
	if err != nil {
		return fmt.Errorf("%s: getsockname: %w", step, err)
	}
	port := sa.(*unix.SockaddrInet4).Port
	to := &unix.SockaddrInet4{Port: port, Addr: loopback.Addr}
	// Connect until one connection stays pending: that SYN was dropped,
	// so the queue is full. A handful is enough; more is a kernel that
	// does not drop, and the step says so.
	for i := 0; i < 8; i++ {
		fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			return fmt.Errorf("%s: socket: %w", step, err)
		}
		fds = append(fds, fd)
		if err := unix.Connect(fd, to); err != nil && err != unix.EINPROGRESS {
			return fmt.Errorf("%s: connect: %w", step, err)
		}
		pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
		n, err := unix.Poll(pfd, int((200 * time.Millisecond).Milliseconds()))
		if err != nil && err != unix.EINTR {
			return fmt.Errorf("%s: poll: %w", step, err)
		}
		if n == 0 {
			w.vars[name] = jsval.NewObject("address", "127.0.0.1", "family", "IPv4", "port", float64(port))
			return nil
		}
	}
	return w.fail(step, "a connection left pending once the accept queue is full", "every connection completed: this kernel does not drop SYNs to a full queue")
}
