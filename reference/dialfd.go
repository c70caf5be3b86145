package reference

import (
	"context"
	"net"
	"os"
	"sync/atomic"
	"syscall"

	"golang.org/x/sys/unix"
)

// dialFd is a duplicate of the descriptor a connect() in progress dials
// on, so that the loop can ask the kernel about the socket before the
// dial returns it: its local address (bound by the kernel at connect(),
// as Node's socket.address() shows while connecting) and whether the
// connect has been issued. It holds the descriptor number plus one (0:
// none), swapped atomically since the dial's goroutine sets it.
type dialFd struct{ v atomic.Int64 }

// control is a net.Dialer Control function that records a duplicate of
// each descriptor the dialer is about to connect.
func (d *dialFd) control(network, address string, c syscall.RawConn) error {
	return c.Control(func(fd uintptr) {
		dup, err := unix.Dup(int(fd))
		if err != nil {
			return
		}
		unix.CloseOnExec(dup)
		if old := d.v.Swap(int64(dup) + 1); old > 0 {
			unix.Close(int(old - 1))
		}
	})
}

// clear closes the duplicate, once the dial has returned.
func (d *dialFd) clear() {
	if old := d.v.Swap(0); old > 0 {
		unix.Close(int(old - 1))
	}
}

// local returns the local address the kernel bound, or nil before the
// connect has been issued.
func (d *dialFd) local() net.Addr {
	fd := d.v.Load()
	if fd <= 0 {
		return nil
	}
	sa, err := unix.Getsockname(int(fd - 1))
	if err != nil {
		return nil
	}
	switch a := sa.(type) {
	case *unix.SockaddrInet4:
		if a.Port != 0 {
			return &net.TCPAddr{IP: net.IP(append([]byte(nil), a.Addr[:]...)), Port: a.Port}
		}
	case *unix.SockaddrInet6:
		if a.Port != 0 {
			return &net.TCPAddr{IP: net.IP(append([]byte(nil), a.Addr[:]...)), Port: a.Port}
		}
	}
	return nil
}

// issued reports whether the connect has been issued: the socket is
// past the state of a socket that never called connect().
func (d *dialFd) issued() bool {
	fd := d.v.Load()
	if fd <= 0 {
		return false
	}
	info, err := unix.GetsockoptTCPInfo(int(fd-1), unix.IPPROTO_TCP, unix.TCP_INFO)
	return err == nil && info.State != 7 // TCP_CLOSE
}

// startConnect issues a nonblocking connect to ip:port on the calling
// goroutine, as libuv's uv_tcp_connect does within the call: by its
// return the kernel has bound the local address and, on loopback, the
// peer has the connection in its accept queue. finish waits for the
// outcome (or ctx) and returns the connection.
func startConnect(ctx context.Context, ip net.IP, port int) (fd int, finish func() (*fdConn, error), err error) {
	if ip4 := ip.To4(); ip4 != nil {
		ip = ip4
	}
	domain, sa := unix.AF_INET6, unix.Sockaddr(nil)
	if ip4 := ip.To4(); ip4 != nil {
		a := &unix.SockaddrInet4{Port: port}
		copy(a.Addr[:], ip4)
		domain, sa = unix.AF_INET, a
	} else {
		a := &unix.SockaddrInet6{Port: port}
		copy(a.Addr[:], ip.To16())
		sa = a
	}
	fd, err = unix.Socket(domain, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, nil, os.NewSyscallError("socket", err)
	}
	if err := unix.Connect(fd, sa); err != nil && err != unix.EINPROGRESS {
		unix.Close(fd)
		return -1, nil, &net.OpError{Op: "dial", Net: "tcp", Addr: &net.TCPAddr{IP: ip, Port: port}, Err: os.NewSyscallError("connect", err)}
	}
	remote := &net.TCPAddr{IP: ip, Port: port}
	finish = func() (*fdConn, error) {
		wake, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
		if err != nil {
			unix.Close(fd)
			return nil, os.NewSyscallError("eventfd", err)
		}
		defer unix.Close(wake)
		stop := context.AfterFunc(ctx, func() { unix.Write(wake, []byte{1, 0, 0, 0, 0, 0, 0, 0}) })
		defer stop()
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}, {Fd: int32(wake), Events: unix.POLLIN}}
		for {
			_, err := unix.Poll(fds, -1)
			if err == unix.EINTR {
				continue
			}
			if err != nil || fds[1].Revents != 0 {
				unix.Close(fd)
				if err == nil {
					err = ctx.Err()
				}
				return nil, err
			}
			if fds[0].Revents != 0 {
				break
			}
		}
		if soerr, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ERROR); err != nil || soerr != 0 {
			unix.Close(fd)
			if err == nil {
				err = syscall.Errno(soerr)
			}
			return nil, &net.OpError{Op: "dial", Net: "tcp", Addr: remote, Err: os.NewSyscallError("connect", err)}
		}
		return newFDConn(fd, true, remote), nil
	}
	return fd, finish, nil
}

// set records a duplicate of fd, a descriptor the loop itself connects.
func (d *dialFd) set(fd int) {
	dup, err := unix.Dup(fd)
	if err != nil {
		return
	}
	unix.CloseOnExec(dup)
	if old := d.v.Swap(int64(dup) + 1); old > 0 {
		unix.Close(int(old - 1))
	}
}
