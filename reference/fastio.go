package reference

import (
	"io"
	"net"
	"os"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// The two costs of an event loop on goroutines are a buffer per pending
// read and a hand-off per write. These paths avoid both where the
// connection exposes its file descriptor: a read waits for readability
// holding no buffer and copies out exactly what arrived; a write is first
// tried on the loop goroutine without blocking, and only what the kernel
// did not take goes to a goroutine.

// readBuffers are the scratch buffers of reads, held only during the
// read system call.
var readBuffers = sync.Pool{New: func() any { b := make([]byte, readChunk); return &b }}

// readOnce reads what is available on conn, waiting for it without
// holding a buffer, and returns a slice of exactly that size, owned by
// the caller. It returns io.EOF at the end of the stream.
func readOnce(conn net.Conn) ([]byte, error) {
	raw := rawConn(conn)
	if raw == nil {
		buf := make([]byte, readChunk)
		n, err := conn.Read(buf)
		return buf[:n], err
	}
	var out []byte
	var rerr error
	err := raw.Read(func(fd uintptr) bool {
		bp := readBuffers.Get().(*[]byte)
		defer readBuffers.Put(bp)
		for {
			n, err := unix.Read(int(fd), *bp)
			switch {
			case err == unix.EINTR:
				continue
			case err == unix.EAGAIN:
				return false // wait for readability, with the buffer returned
			case err != nil:
				rerr = os.NewSyscallError("read", err)
			case n == 0:
				rerr = io.EOF
			default:
				out = append(make([]byte, 0, n), (*bp)[:n]...)
			}
			return true
		}
	})
	if rerr == nil && err != nil {
		rerr = err
	}
	return out, rerr
}

// writeNow writes as much of bufs as the kernel takes at once, without
// blocking; it returns the count written. It reports ok false when conn
// has no file descriptor to write to, and the caller must write it all
// elsewhere.
func writeNow(conn net.Conn, bufs [][]byte) (n int, err error, ok bool) {
	raw := rawConn(conn)
	if raw == nil {
		return 0, nil, false
	}
	cerr := raw.Write(func(fd uintptr) bool {
		for {
			var m int
			var e error
			if len(bufs) == 1 {
				m, e = unix.Write(int(fd), bufs[0])
			} else {
				m, e = unix.Writev(int(fd), bufs)
			}
			switch {
			case e == unix.EINTR:
				continue
			case e == unix.EAGAIN:
			case e != nil:
				err = os.NewSyscallError("write", e)
			default:
				n = m
			}
			return true // never wait: the loop goroutine must not block
		}
	})
	if err == nil && cerr != nil {
		err = cerr
	}
	return n, err, true
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

func rawConn(conn net.Conn) syscall.RawConn {
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return nil
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	return raw
}
