package main

import (
	"errors"
	"fmt"
	"net"
	"os"
	"runtime"
	"time"

	"golang.org/x/sys/unix"
)

// The ping-pong and connect loads drive their connections from one epoll
// loop on nonblocking descriptors, on one locked thread: a goroutine per
// connection and net.Dial cost the load more CPU per operation than an
// efficient server spends, and on a machine with one CPU for the load
// the load would be what is measured. Every server gets the same load.

// epollLoad is the load generator's event loop.
type epollLoad struct {
	epfd   int
	events []unix.EpollEvent
}

func newEpollLoad() (*epollLoad, error) {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, os.NewSyscallError("epoll_create1", err)
	}
	return &epollLoad{epfd: epfd, events: make([]unix.EpollEvent, 256)}, nil
}

func (e *epollLoad) close() { unix.Close(e.epfd) }

func (e *epollLoad) add(fd int, events uint32) error {
	ev := unix.EpollEvent{Events: events, Fd: int32(fd)}
	return os.NewSyscallError("epoll_ctl", unix.EpollCtl(e.epfd, unix.EPOLL_CTL_ADD, fd, &ev))
}

func (e *epollLoad) mod(fd int, events uint32) error {
	ev := unix.EpollEvent{Events: events, Fd: int32(fd)}
	return os.NewSyscallError("epoll_ctl", unix.EpollCtl(e.epfd, unix.EPOLL_CTL_MOD, fd, &ev))
}

// wait returns the ready events, waiting until deadline at most.
func (e *epollLoad) wait(deadline time.Time) ([]unix.EpollEvent, error) {
	ms := int(time.Until(deadline)/time.Millisecond) + 1
	for {
		n, err := unix.EpollWait(e.epfd, e.events, ms)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, os.NewSyscallError("epoll_wait", err)
		}
		return e.events[:n], nil
	}
}

// sockaddr parses addr (host:port, IPv4) for connect.
func sockaddr(addr string) (*unix.SockaddrInet4, error) {
	ta, err := net.ResolveTCPAddr("tcp4", addr)
	if err != nil {
		return nil, err
	}
	sa := &unix.SockaddrInet4{Port: ta.Port}
	copy(sa.Addr[:], ta.IP.To4())
	return sa, nil
}

// sources is how many loopback addresses (127.0.0.1 and up) the connect
// load spreads its connections over. A closed connection's port rests
// in TIME_WAIT, and the kernel reuses it for the same address pair only
// after a second (tcp_tw_reuse), from the even half of the ephemeral
// range first: about 14,000 connections a second per source address,
// which is what every server was held to with one.
const sources = 16

// dialRaw connects a nonblocking TCP socket to sa, from the loopback
// address 127.0.0.src when src is not 0; the connection may still be
// completing when it returns.
func dialRaw(sa *unix.SockaddrInet4, noDelay bool, src byte) (int, error) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, os.NewSyscallError("socket", err)
	}
	if noDelay {
		unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
	}
	if src != 0 {
		// The port is chosen at connect, for the whole address pair.
		unix.SetsockoptInt(fd, unix.IPPROTO_IP, unix.IP_BIND_ADDRESS_NO_PORT, 1)
		if err := unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, src}}); err != nil {
			unix.Close(fd)
			return -1, os.NewSyscallError("bind", err)
		}
	}
	if err := unix.Connect(fd, sa); err != nil && err != unix.EINPROGRESS {
		unix.Close(fd)
		return -1, os.NewSyscallError("connect", err)
	}
	return fd, nil
}

// connError reports why a connection failed, from SO_ERROR.
func connError(fd int) error {
	v, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ERROR)
	if err == nil && v != 0 {
		err = unix.Errno(v)
	}
	if err == nil {
		err = errors.New("connection closed by the server")
	}
	return err
}

// pingPongRaw keeps conns connections each sending size bytes and
// waiting for all of them back, for d; Ops counts round trips.
func pingPongRaw(addr string, conns int, d time.Duration, size int) (loadResult, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	sa, err := sockaddr(addr)
	if err != nil {
		return loadResult{}, err
	}
	e, err := newEpollLoad()
	if err != nil {
		return loadResult{}, err
	}
	defer e.close()
	got := map[int]int{} // bytes of the current echo received, by descriptor
	defer func() {
		for fd := range got {
			unix.Close(fd)
		}
	}()
	msg := make([]byte, size)
	buf := make([]byte, size)
	for i := 0; i < conns; i++ {
		fd, err := dialRaw(sa, true, 0)
		if err != nil {
			return loadResult{}, fmt.Errorf("connection %d of %d: %w", i+1, conns, err)
		}
		got[fd] = 0
		if err := e.add(fd, unix.EPOLLOUT); err != nil {
			return loadResult{}, err
		}
	}
	var ops int64
	start := time.Now()
	deadline := start.Add(d)
	for time.Now().Before(deadline) {
		evs, err := e.wait(deadline)
		if err != nil {
			return loadResult{}, err
		}
		for _, ev := range evs {
			fd := int(ev.Fd)
			if ev.Events&unix.EPOLLOUT != 0 {
				// Connected: send the first message, then wait for echoes.
				if err := e.connected(fd, ev.Events, msg); err != nil {
					return loadResult{}, err
				}
				continue
			}
			n, err := unix.Read(fd, buf[got[fd]:])
			if err == unix.EAGAIN {
				continue
			}
			if err != nil || n == 0 {
				return loadResult{}, fmt.Errorf("read: %v", connErrorOr(fd, err))
			}
			if got[fd] += n; got[fd] < size {
				continue
			}
			got[fd] = 0
			ops++
			if _, err := unix.Write(fd, msg); err != nil {
				return loadResult{}, os.NewSyscallError("write", err)
			}
		}
	}
	return loadResult{Ops: ops, Seconds: time.Since(start).Seconds()}, nil
}

// connected handles the writability that reports a nonblocking connect's
// end: a failed connect is an error; else msg goes out and the
// connection waits for the echo.
func (e *epollLoad) connected(fd int, events uint32, msg []byte) error {
	if events&(unix.EPOLLERR|unix.EPOLLHUP) != 0 {
		return connError(fd)
	}
	if err := e.mod(fd, unix.EPOLLIN); err != nil {
		return err
	}
	if _, err := unix.Write(fd, msg); err != nil {
		return os.NewSyscallError("write", err)
	}
	return nil
}

func connErrorOr(fd int, err error) error {
	if err != nil {
		return err
	}
	return connError(fd)
}

// connectEchoRaw keeps conns connections in flight, each connecting,
// echoing one byte and closing, for d; Ops counts connections.
func connectEchoRaw(addr string, conns int, d time.Duration) (loadResult, error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	sa, err := sockaddr(addr)
	if err != nil {
		return loadResult{}, err
	}
	e, err := newEpollLoad()
	if err != nil {
		return loadResult{}, err
	}
	defer e.close()
	open := map[int]bool{} // descriptors in flight: true once the byte is sent
	defer func() {
		for fd := range open {
			unix.Close(fd)
		}
	}()
	b := []byte{'x'}
	var opened int
	// start opens a connection and sends its byte as soon as it can.
	start := func() error {
		opened++
		fd, err := dialRaw(sa, false, byte(1+opened%sources))
		if err != nil {
			return err
		}
		open[fd] = false
		// On loopback the handshake is usually done when connect returns.
		if _, err := unix.Write(fd, b); err == nil {
			open[fd] = true
			return e.add(fd, unix.EPOLLIN)
		}
		return e.add(fd, unix.EPOLLOUT)
	}
	for i := 0; i < conns; i++ {
		if err := start(); err != nil {
			return loadResult{}, err
		}
	}
	var ops int64
	begin := time.Now()
	deadline := begin.Add(d)
	for time.Now().Before(deadline) {
		evs, err := e.wait(deadline)
		if err != nil {
			return loadResult{}, err
		}
		for _, ev := range evs {
			fd := int(ev.Fd)
			if !open[fd] {
				if err := e.connected(fd, ev.Events, b); err != nil {
					return loadResult{}, err
				}
				open[fd] = true
				continue
			}
			var r [1]byte
			n, err := unix.Read(fd, r[:])
			if err == unix.EAGAIN {
				continue
			}
			if err != nil || n != 1 {
				return loadResult{}, fmt.Errorf("read: %v", connErrorOr(fd, err))
			}
			delete(open, fd)
			unix.Close(fd) // also leaves the epoll set
			ops++
			if err := start(); err != nil {
				return loadResult{}, err
			}
		}
	}
	return loadResult{Ops: ops, Seconds: time.Since(begin).Seconds()}, nil
}
