package reference

import (
	"net"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The loop's system calls on its nonblocking descriptors go straight to
// the kernel (syscall.RawSyscall), without telling Go's scheduler that a
// system call is under way: none of them can block. A scheduler told of
// one that lasts more than a sysmon tick (20 µs; a loopback write runs
// the receiver's TCP stack and can take that long) hands the loop's
// processor to another thread and moves the loop goroutine there after
// it: two context switches and a thread wakeup for nothing. Waiting is
// done by parking in Go's network poller (poller.wait), never here.

func errnoErr(e syscall.Errno) error {
	if e == 0 {
		return nil
	}
	return e
}

// sysRead reads into b.
func sysRead(fd int, b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	for {
		n, _, e := syscall.RawSyscall(unix.SYS_READ, uintptr(fd), uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)))
		if e == unix.EINTR {
			continue
		}
		if e != 0 {
			return 0, e
		}
		return int(n), nil
	}
}

// maxIovecs is what one writev takes at most here (IOV_MAX is 1024).
const maxIovecs = 1024

// sysWritev writes bufs, gathering up to maxIovecs of them in one call.
func sysWritev(fd int, bufs [][]byte) (int, error) {
	if len(bufs) == 1 {
		b := bufs[0]
		if len(b) == 0 {
			return 0, nil
		}
		for {
			n, _, e := syscall.RawSyscall(unix.SYS_WRITE, uintptr(fd), uintptr(unsafe.Pointer(&b[0])), uintptr(len(b)))
			if e == unix.EINTR {
				continue
			}
			if e != 0 {
				return 0, e
			}
			return int(n), nil
		}
	}
	var small [16]unix.Iovec
	iov := small[:0]
	if len(bufs) > len(small) {
		iov = make([]unix.Iovec, 0, min(len(bufs), maxIovecs))
	}
	for _, b := range bufs {
		if len(b) == 0 {
			continue
		}
		if len(iov) == cap(iov) {
			break
		}
		v := unix.Iovec{Base: &b[0]}
		v.SetLen(len(b))
		iov = append(iov, v)
	}
	if len(iov) == 0 {
		return 0, nil
	}
	for {
		n, _, e := syscall.RawSyscall(unix.SYS_WRITEV, uintptr(fd), uintptr(unsafe.Pointer(&iov[0])), uintptr(len(iov)))
		if e == unix.EINTR {
			continue
		}
		if e != 0 {
			return 0, e
		}
		return int(n), nil
	}
}

// sysShutdown shuts the socket down for how (unix.SHUT_WR, ...).
func sysShutdown(fd, how int) error {
	_, _, e := syscall.RawSyscall(unix.SYS_SHUTDOWN, uintptr(fd), uintptr(how), 0)
	return errnoErr(e)
}

// sysClose closes fd. A socket closes at once: its FIN (or, with
// SO_LINGER 0, its RST) goes out without waiting.
func sysClose(fd int) error {
	_, _, e := syscall.RawSyscall(unix.SYS_CLOSE, uintptr(fd), 0, 0)
	return errnoErr(e)
}

// sysAccept4 accepts a connection on the listening fd, nonblocking and
// close-on-exec, and returns it with the peer's address.
func sysAccept4(fd int) (int, net.Addr, error) {
	var rsa unix.RawSockaddrAny
	l := uint32(unix.SizeofSockaddrAny)
	nfd, _, e := syscall.RawSyscall6(unix.SYS_ACCEPT4, uintptr(fd), uintptr(unsafe.Pointer(&rsa)),
		uintptr(unsafe.Pointer(&l)), unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0, 0)
	if e != 0 {
		return -1, nil, e
	}
	return int(nfd), rawToAddr(&rsa, l), nil
}

// rawToAddr converts a socket address of length l as the kernel wrote
// it, as sockaddrToAddr does for the parsed form.
func rawToAddr(rsa *unix.RawSockaddrAny, l uint32) net.Addr {
	switch rsa.Addr.Family {
	case unix.AF_INET:
		pp := (*unix.RawSockaddrInet4)(unsafe.Pointer(rsa))
		p := (*[2]byte)(unsafe.Pointer(&pp.Port))
		return &net.TCPAddr{IP: append(net.IP(nil), pp.Addr[:]...), Port: int(p[0])<<8 + int(p[1])}
	case unix.AF_INET6:
		pp := (*unix.RawSockaddrInet6)(unsafe.Pointer(rsa))
		p := (*[2]byte)(unsafe.Pointer(&pp.Port))
		return sockaddrToAddr(&unix.SockaddrInet6{Port: int(p[0])<<8 + int(p[1]), ZoneId: pp.Scope_id, Addr: pp.Addr})
	case unix.AF_UNIX:
		pp := (*unix.RawSockaddrUnix)(unsafe.Pointer(rsa))
		n := int(l) - int(unsafe.Offsetof(pp.Path))
		n = max(0, min(n, len(pp.Path)))
		path := make([]byte, 0, n)
		for _, c := range pp.Path[:n] {
			if c == 0 {
				break
			}
			path = append(path, byte(c))
		}
		return &net.UnixAddr{Name: string(path), Net: "unix"}
	}
	return nil
}

// sysEpollWait returns the ready events without waiting.
func sysEpollWait(epfd int, events []unix.EpollEvent) (int, error) {
	for {
		n, _, e := syscall.RawSyscall6(unix.SYS_EPOLL_PWAIT, uintptr(epfd), uintptr(unsafe.Pointer(&events[0])),
			uintptr(len(events)), 0, 0, 0)
		if e == unix.EINTR {
			continue
		}
		if e != 0 {
			return 0, e
		}
		return int(n), nil
	}
}

// sysEpollCtl changes the registration of fd in epfd.
func sysEpollCtl(epfd, op, fd int, ev *unix.EpollEvent) error {
	_, _, e := syscall.RawSyscall6(unix.SYS_EPOLL_CTL, uintptr(epfd), uintptr(op), uintptr(fd),
		uintptr(unsafe.Pointer(ev)), 0, 0)
	return errnoErr(e)
}
