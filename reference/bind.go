package reference

import (
	"context"
	"errors"
	"net"
	"os"
	"strconv"
	"syscall"
)

// dialFrom dials addr:port, until ctx is cancelled, (of family 4 or 6) with d, first binding the
// local address and port when either is set, as Node's internalConnect
// does; a refused bind is reported as Node reports it, "bind CODE
// address[:port]". Node binds with the remote's family: an unset local
// address is that family's any-address, and one of the other family is
// EINVAL.
func dialFrom(ctx context.Context, d net.Dialer, addr string, port, family int, localAddress string, localPort int) (net.Conn, error) {
	remote := net.JoinHostPort(addr, strconv.Itoa(port))
	if localAddress == "" && localPort == 0 {
		return d.DialContext(ctx, "tcp", remote)
	}
	if localAddress == "" {
		localAddress = "0.0.0.0"
		if family == 6 {
			localAddress = "::"
		}
	}
	ip := net.ParseIP(localAddress)
	if ip == nil || (ip.To4() != nil && !isIPv6Literal(localAddress)) != (family == 4) {
		e := systemError(syscall.EINVAL, "bind", localAddress, localPort)
		e.Err = opError(syscall.EINVAL, "bind", localAddress, localPort)
		return nil, e
	}
	d.LocalAddr = &net.TCPAddr{IP: ip, Port: localPort}
	conn, err := d.DialContext(ctx, "tcp", remote)
	var sys *os.SyscallError
	if errors.As(err, &sys) && sys.Syscall == "bind" {
		return nil, systemError(err, "bind", localAddress, localPort)
	}
	return conn, err
}
