package reference

import (
	"errors"
	"net"
	"os"
	"strconv"
	"syscall"

	"golang.org/x/sys/unix"
)

// fdConn is a connected stream socket, TCP or Unix domain, that its loop
// owns by its descriptor: the descriptor is nonblocking and in no poller
// but the loop's (Go's own network poller never sees it), and every call
// on it returns at once.
type fdConn struct {
	fd     int // -1 once closed
	tcp    bool
	io     *poller
	w      *watcher
	local  net.Addr // looked up at first use
	remote net.Addr
}

// newFDConn wraps a connected nonblocking descriptor; remote may be nil.
func newFDConn(fd int, tcp bool, remote net.Addr) *fdConn {
	return &fdConn{fd: fd, tcp: tcp, remote: remote}
}

// adoptConn takes the descriptor of a connection Go dialed out of Go's
// hands: it keeps a duplicate (sharing the nonblocking mode) and closes
// the original, which leaves Go's network poller.
func adoptConn(c net.Conn) (*fdConn, error) {
	defer c.Close()
	sc, ok := c.(syscall.Conn)
	if !ok {
		return nil, errors.New("reference: a connection without a descriptor")
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return nil, err
	}
	fd, derr := -1, error(nil)
	if err := raw.Control(func(s uintptr) {
		fd, derr = unix.FcntlInt(s, unix.F_DUPFD_CLOEXEC, 0)
	}); err != nil {
		return nil, err
	}
	if derr != nil {
		return nil, os.NewSyscallError("fcntl", derr)
	}
	_, tcp := c.(*net.TCPConn)
	return &fdConn{fd: fd, tcp: tcp, local: c.LocalAddr(), remote: c.RemoteAddr()}, nil
}

// watch puts the connection in the loop's poller, with h to receive its
// readiness.
func (c *fdConn) watch(l *Loop, h ioHandler) error {
	p, err := l.poller()
	if err != nil {
		return err
	}
	c.io, c.w = p, p.start(c.fd, h)
	return nil
}

// want sets the events the connection waits for: evIn, evOut, both or 0.
func (c *fdConn) want(events uint32) {
	if c.w != nil {
		c.io.set(c.w, events)
	}
}

// Close leaves the poller and closes the descriptor.
func (c *fdConn) Close() error {
	if c.fd < 0 {
		return nil
	}
	if c.w != nil {
		c.io.stop(c.w)
		c.w = nil
	}
	err := sysClose(c.fd)
	c.fd = -1
	return err
}

// CloseWrite sends a FIN: shutdown(SHUT_WR).
func (c *fdConn) CloseWrite() error {
	if c.fd < 0 {
		return syscall.EBADF
	}
	return sysShutdown(c.fd, unix.SHUT_WR)
}

// setLinger0 makes Close send an RST instead of a FIN.
func (c *fdConn) setLinger0() error {
	if c.fd < 0 {
		return syscall.EBADF
	}
	return unix.SetsockoptLinger(c.fd, unix.SOL_SOCKET, unix.SO_LINGER, &unix.Linger{Onoff: 1, Linger: 0})
}

// LocalAddr returns the local address, as getsockname reports it.
func (c *fdConn) LocalAddr() net.Addr {
	if c.local == nil && c.fd >= 0 {
		if sa, err := unix.Getsockname(c.fd); err == nil {
			c.local = sockaddrToAddr(sa)
		}
	}
	return c.local
}

// RemoteAddr returns the peer's address.
func (c *fdConn) RemoteAddr() net.Addr {
	if c.remote == nil && c.fd >= 0 {
		if sa, err := unix.Getpeername(c.fd); err == nil {
			c.remote = sockaddrToAddr(sa)
		}
	}
	return c.remote
}

// sockaddrToAddr converts what accept, getsockname and getpeername
// return to the net.Addr Go's own net package would build.
func sockaddrToAddr(sa unix.Sockaddr) net.Addr {
	switch sa := sa.(type) {
	case *unix.SockaddrInet4:
		return &net.TCPAddr{IP: append(net.IP(nil), sa.Addr[:]...), Port: sa.Port}
	case *unix.SockaddrInet6:
		a := &net.TCPAddr{IP: append(net.IP(nil), sa.Addr[:]...), Port: sa.Port}
		if sa.ZoneId != 0 {
			a.Zone = strconv.Itoa(int(sa.ZoneId))
			if ifi, err := net.InterfaceByIndex(int(sa.ZoneId)); err == nil {
				a.Zone = ifi.Name
			}
		}
		return a
	case *unix.SockaddrUnix:
		return &net.UnixAddr{Name: sa.Name, Net: "unix"}
	}
	return nil
}

// read reads what the kernel has, into buf: n > 0 bytes, or io.EOF's
// zero (n == 0, err nil), or an error; EAGAIN when there is nothing yet.
func (c *fdConn) read(buf []byte) (int, error) {
	return sysRead(c.fd, buf)
}

// write writes as much of bufs as the kernel takes now, without
// blocking, and returns the count.
func (c *fdConn) write(bufs [][]byte) (int, error) {
	n, err := sysWritev(c.fd, bufs)
	switch err {
	case nil:
		return n, nil
	case unix.EAGAIN:
		return 0, nil
	}
	return 0, os.NewSyscallError("write", err)
}

// consume drops the first n bytes of bufs.
func consume(bufs [][]byte, n int) [][]byte {
	for len(bufs) > 0 && n >= len(bufs[0]) {
		n -= len(bufs[0])
		bufs = bufs[1:]
	}
	if n > 0 {
		bufs = append([][]byte{bufs[0][n:]}, bufs[1:]...)
	}
	return bufs
}

// maxFreeBufs bounds the read buffers a loop keeps for reuse.
const maxFreeBufs = 16

// getBuf returns one of the loop's read buffers: reads land there, and
// only what arrived is copied out (or the buffer is lent, see readNow),
// so no buffer is held while waiting.
func (l *Loop) getBuf() []byte {
	if n := len(l.freeBufs); n > 0 {
		b := l.freeBufs[n-1]
		l.freeBufs[n-1] = nil
		l.freeBufs = l.freeBufs[:n-1]
		return b
	}
	return make([]byte, readChunk)
}

// putBuf gives a read buffer back for reuse.
func (l *Loop) putBuf(b []byte) {
	if cap(b) == readChunk && len(l.freeBufs) < maxFreeBufs {
		l.freeBufs = append(l.freeBufs, b[:readChunk])
	}
}

// releaseBufs gives back the lent read buffers of written requests.
func (l *Loop) releaseBufs(reqs []writeReq) {
	for i := range reqs {
		if reqs[i].pooled {
			l.putBuf(reqs[i].data)
			reqs[i].data, reqs[i].pooled = nil, false
		}
	}
}
