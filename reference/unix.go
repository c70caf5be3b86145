package reference

import (
	"errors"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// listenUnix creates a listening Unix domain socket at path as libuv's
// uv_pipe_bind and uv_pipe_chmod do, and returns the error Node.js emits
// when it cannot: an existing file (socket or not) is EADDRINUSE, a
// missing directory EACCES (libuv turns ENOENT into EACCES), each with
// syscall "listen", the path as address and port -1.
func listenUnix(path string, backlog int, readableAll, writableAll bool) (*listenSocket, error) {
	fail := func(err error) error {
		errno := asErrno(err)
		if errno == syscall.ENOENT {
			errno = syscall.EACCES
		}
		e := uvSystemError(errno, "listen", path, 0)
		e.Port, e.HasPort = -1, true
		return e
	}
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, fail(err)
	}
	if err := unix.Bind(fd, &unix.SockaddrUnix{Name: path}); err != nil {
		unix.Close(fd)
		return nil, fail(err)
	}
	// From here on the file is ours: remove it on every failure.
	undo := func(err error) (*listenSocket, error) {
		unix.Close(fd)
		os.Remove(path)
		return nil, fail(err)
	}
	if err := chmodAll(path, readableAll, writableAll); err != nil {
		return undo(err)
	}
	if err := unix.Listen(fd, clampBacklog(backlog)); err != nil {
		return undo(err)
	}
	return &listenSocket{fd: fd, path: path}, nil
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
