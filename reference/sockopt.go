package reference

import (
	"time"

	"golang.org/x/sys/unix"
)

// setNoDelay turns Nagle's algorithm off (noDelay true) or on, as
// socket.setNoDelay does; it does nothing for a Unix domain socket.
func setNoDelay(conn *fdConn, noDelay bool) error {
	return withFD(conn, func(fd int) error {
		v := 0
		if noDelay {
			v = 1
		}
		return unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, v)
	})
}

// setKeepAlive sets SO_KEEPALIVE as libuv's uv_tcp_keepalive does:
// when enabling, TCP_KEEPIDLE is the initial delay (at least 1 s),
// TCP_KEEPINTVL 1 s and TCP_KEEPCNT 10.
func setKeepAlive(conn *fdConn, enable bool, initialDelay time.Duration) error {
	return withFD(conn, func(fd int) error {
		if !enable {
			return unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_KEEPALIVE, 0)
		}
		idle := int(initialDelay / time.Second)
		if idle < 1 {
			idle = 1
		}
		for _, o := range [][3]int{
			{unix.SOL_SOCKET, unix.SO_KEEPALIVE, 1},
			{unix.IPPROTO_TCP, unix.TCP_KEEPIDLE, idle},
			{unix.IPPROTO_TCP, unix.TCP_KEEPINTVL, 1},
			{unix.IPPROTO_TCP, unix.TCP_KEEPCNT, 10},
		} {
			if err := unix.SetsockoptInt(fd, o[0], o[1], o[2]); err != nil {
				return err
			}
		}
		return nil
	})
}

// SocketOption reads one integer socket option of the socket's
// connection with getsockopt, for tests that prove what was set. It
// reports false when the socket has no TCP connection.
func (s *Socket) SocketOption(level, name int) (int, bool) {
	v, ok := 0, false
	if s.conn == nil {
		return 0, false
	}
	withFD(s.conn, func(fd int) error {
		var err error
		v, err = unix.GetsockoptInt(fd, level, name)
		ok = err == nil
		return nil
	})
	return v, ok
}

// withFD runs f on the descriptor of a TCP connection; other
// connections, and closed ones, are left alone.
func withFD(conn *fdConn, f func(fd int) error) error {
	if conn == nil || !conn.tcp || conn.fd < 0 {
		return nil
	}
	return f(conn.fd)
}
