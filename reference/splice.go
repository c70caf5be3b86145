package reference

import (
	"io"
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

// When a socket's data goes only to a pipe (src.Pipe(dst) and no other
// 'data' listener, no encoding, no observer) and the stream is moving
// large chunks, the loop moves them from src to dst with splice(2)
// through a kernel pipe of its own, as Go's io.Copy does between TCP
// connections: the bytes never enter user space, and nobody could tell,
// since no one but the pipe would have seen them. Everything else stays
// as a read and a write would leave it: bytesRead and bytesWritten, the
// idle timers, and backpressure (what dst does not take at once is
// queued on dst as an ordinary write, and src pauses if that puts dst
// past its high-water mark).
//
// The loop's pipe is shared by all its sockets, so it is empty whenever
// spliceNow returns.

// spliceMin is the chunk size from which a socket splices its next
// chunk: small ones cost less to copy than to splice.
const spliceMin = readChunk / 4

// sysSplice moves up to n bytes from in to out without blocking.
func sysSplice(in, out, n int) (int, error) {
	for {
		m, _, e := syscall.RawSyscall6(unix.SYS_SPLICE, uintptr(in), 0, uintptr(out), 0, uintptr(n),
			unix.SPLICE_F_NONBLOCK|unix.SPLICE_F_MOVE)
		if e == unix.EINTR {
			continue
		}
		if e != 0 {
			return 0, e
		}
		return int(m), nil
	}
}

// splicePipe returns the loop's pipe (read end, write end), creating it
// at first use; ok is false when there is none to be had.
func (l *Loop) splicePipe() (r, w int, ok bool) {
	p := l.io
	if p == nil {
		return -1, -1, false
	}
	if p.spipe[0] < 0 {
		var fds [2]int
		if err := unix.Pipe2(fds[:], unix.O_NONBLOCK|unix.O_CLOEXEC); err != nil {
			return -1, -1, false
		}
		p.spipe = fds
	}
	return p.spipe[0], p.spipe[1], true
}

// dropSplicePipe closes the loop's pipe, so that bytes it could not give
// back never reach another socket.
func (l *Loop) dropSplicePipe() {
	if p := l.io; p != nil && p.spipe[0] >= 0 {
		unix.Close(p.spipe[0])
		unix.Close(p.spipe[1])
		p.spipe = [2]int{-1, -1}
	}
}

// spliceTarget returns where s's next chunk can be spliced to, or nil.
func (s *Socket) spliceTarget() *Socket {
	dst := s.pipeDst
	if !s.bigChunks || dst == nil || !s.pipeOnly() {
		return nil
	}
	if dst.conn == nil || dst.conn.fd < 0 || dst.destroyed || dst.ending || dst.writing || len(dst.queue) > 0 {
		return nil
	}
	return dst
}

// spliceNow moves what has arrived on s to dst, as readNow and the
// pipe's 'data' listener would, and reports false when it could not
// try (the caller reads instead).
func (s *Socket) spliceNow(dst *Socket) bool {
	pr, pw, ok := s.loop.splicePipe()
	if !ok {
		return false
	}
	n, err := sysSplice(s.conn.fd, pw, readChunk)
	if err == unix.EAGAIN {
		return true // reported ready, but nothing came: wait again
	}
	s.reading = false
	switch {
	case err != nil:
		s.afterRead(nil, os.NewSyscallError("read", err))
		return true
	case n == 0:
		s.afterRead(nil, io.EOF)
		return true
	}
	s.bigChunks = n >= spliceMin
	m, err := sysSplice(pr, dst.conn.fd, n)
	if err != nil {
		m = 0 // dst's own write reports the error, below
	}
	s.touch()
	s.bytesRead += int64(n)
	if m > 0 {
		s.loop.spliced += int64(m)
		dst.bytesWritten += int64(m)
		dst.touch()
	}
	wrote := true
	if m < n {
		rest, err := s.loop.drainPipe(pr, n-m)
		if err != nil {
			s.loop.dropSplicePipe()
			s.Destroy(systemError(err, "read", "", 0))
			return true
		}
		wrote = dst.write(rest, nil, true, false)
	}
	s.pipeBackpressure(dst, wrote)
	if !s.destroyed {
		s.maybeRead()
	}
	return true
}

// drainPipe reads the k bytes left in the loop's pipe into a read
// buffer.
func (l *Loop) drainPipe(pr, k int) ([]byte, error) {
	buf := l.getBuf()
	got := 0
	for got < k {
		n, err := sysRead(pr, buf[got:k])
		if err != nil {
			l.putBuf(buf)
			return nil, os.NewSyscallError("read", err)
		}
		if n == 0 {
			l.putBuf(buf)
			return nil, io.ErrUnexpectedEOF
		}
		got += n
	}
	return buf[:k], nil
}
