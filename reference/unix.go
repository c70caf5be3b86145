package reference

import (
	"errors"
	"net"
	"os"
	"runtime"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// sunPathLen is the size of sun_path in a Linux sockaddr_un.
const sunPathLen = len(unix.RawSockaddrUnix{}.Path)

// sunPath returns the name a Unix domain socket at path is bound to or
// connected to: the path cut to sun_path's 108 bytes, as libuv (1.46,
// in Node.js 20) cuts it, using every byte with no terminating NUL. The
// v19 doc says sizeof(sun_path) - 1, 107 bytes; Node.js 20 keeps 108.
// Go's syscall and x/sys/unix refuse a name of 108 bytes or more.
func sunPath(path string) string {
	if len(path) > sunPathLen {
		return path[:sunPathLen]
	}
	return path
}

// rawSockaddrUnix returns the sockaddr_un of name (at most sunPathLen
// bytes) and its length, as libuv passes them: the length counts the
// name's bytes, and the kernel reads no further.
func rawSockaddrUnix(name string) (*unix.RawSockaddrUnix, uintptr) {
	sa := &unix.RawSockaddrUnix{Family: unix.AF_UNIX}
	for i := 0; i < len(name); i++ {
		sa.Path[i] = int8(name[i])
	}
	return sa, unsafe.Offsetof(sa.Path) + uintptr(len(name))
}

// bindUnix binds fd to the Unix domain socket name.
func bindUnix(fd int, name string) error {
	sa, n := rawSockaddrUnix(name)
	_, _, errno := unix.Syscall(unix.SYS_BIND, uintptr(fd), uintptr(unsafe.Pointer(sa)), n)
	runtime.KeepAlive(sa)
	if errno != 0 {
		return errno
	}
	return nil
}

// dialUnix connects to the Unix domain socket at path, cut as sunPath
// cuts it, as uv_pipe_connect does.
func dialUnix(path string) (net.Conn, error) {
	name := sunPath(path)
	if len(name) < sunPathLen {
		return net.Dial("unix", name)
	}
	// A name that fills sun_path: Go's net refuses it, so connect here,
	// blocking on this goroutine as net.Dial would.
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, os.NewSyscallError("socket", err)
	}
	sa, n := rawSockaddrUnix(name)
	for {
		_, _, errno := unix.Syscall(unix.SYS_CONNECT, uintptr(fd), uintptr(unsafe.Pointer(sa)), n)
		if errno == unix.EINTR {
			continue
		}
		runtime.KeepAlive(sa)
		if errno != 0 {
			unix.Close(fd)
			return nil, os.NewSyscallError("connect", errno)
		}
		break
	}
	if err := unix.SetNonblock(fd, true); err != nil {
		unix.Close(fd)
		return nil, os.NewSyscallError("setnonblock", err)
	}
	f := os.NewFile(uintptr(fd), name)
	defer f.Close() // FileConn holds its own duplicate
	return net.FileConn(f)
}

// listenUnix creates a listening Unix domain socket at path as libuv's
// uv_pipe_bind and uv_pipe_chmod do, and returns the error Node.js emits
// when it cannot: an existing file (socket or not) is EADDRINUSE, a
// missing directory EACCES (libuv turns ENOENT into EACCES), each with
// syscall "listen", the path as address and port -1. A path longer than
// sun_path is cut (see sunPath); the socket file is then at the cut
// name, which is the file Close removes. With refuseLong (Node.js 24
// and later, whose libuv no longer cuts) such a path fails with EINVAL
// instead.
func listenUnix(path string, backlog int, readableAll, writableAll, refuseLong bool) (*listenSocket, error) {
	fail := func(err error) error {
		errno := asErrno(err)
		if errno == syscall.ENOENT {
			errno = syscall.EACCES
		}
		e := uvSystemError(errno, "listen", path, 0)
		e.Port, e.HasPort = -1, true
		return e
	}
	if refuseLong && len(path) > sunPathLen {
		return nil, fail(syscall.EINVAL)
	}
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, fail(err)
	}
	name := sunPath(path)
	if err := bindUnix(fd, name); err != nil {
		unix.Close(fd)
		return nil, fail(err)
	}
	// From here on the file is ours: remove it on every failure.
	undo := func(err error) (*listenSocket, error) {
		unix.Close(fd)
		os.Remove(name)
		return nil, fail(err)
	}
	if err := chmodAll(name, readableAll, writableAll); err != nil {
		return undo(err)
	}
	if err := unix.Listen(fd, clampBacklog(backlog)); err != nil {
		return undo(err)
	}
	return &listenSocket{fd: fd, path: name}, nil
}

// chmodAll adds read and/or write permission for everyone to the socket
// file, as uv_pipe_chmod does: the file keeps the bits it has.
func chmodAll(path string, readable, writable bool) error {
	var want os.FileMode
	if readable {
		want |= 0o444
	}
	if writable {
		want |= 0o222
	}
	if want == 0 {
		return nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	mode := fi.Mode().Perm()
	if mode&want == want {
		return nil
	}
	if err := os.Chmod(path, mode|want); err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return pe.Err
		}
		return err
	}
	return nil
}
