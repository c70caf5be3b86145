package reference

import (
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// AdoptConn makes c, a connected *net.TCPConn or *net.UnixConn, a socket
// of the loop, open at once (no 'connect'), as WrapSocket does with a
// descriptor: the loop takes a duplicate of c's descriptor and closes c,
// which must not be used any more. Call it on the loop goroutine.
func (l *Loop) AdoptConn(c net.Conn, opts SocketOptions) (*Socket, error) {
	l.mustOwn("Loop.AdoptConn")
	conn, err := adoptConn(c)
	if err != nil {
		return nil, err
	}
	s := l.NewSocket(opts)
	if err := s.attach(conn); err != nil {
		s.Destroy(nil)
		return nil, systemError(err, "open", "", 0)
	}
	l.NextTick(s.maybeRead)
	return s, nil
}

// AdoptListener makes ln, a *net.TCPListener or *net.UnixListener, the
// listening socket of a new server of the loop, which emits 'listening'
// on the next tick and then accepts ln's connections (with opts, and
// connectionListener if not nil). The loop takes a duplicate of ln's
// descriptor and closes ln; a Unix socket's file is then the server's,
// removed when it closes. Call it on the loop goroutine.
func (l *Loop) AdoptListener(ln net.Listener, opts ServerOptions, connectionListener func(*Socket)) (*Server, error) {
	l.mustOwn("Loop.AdoptListener")
	sc, ok := ln.(syscall.Conn)
	if !ok {
		return nil, errors.New("reference: AdoptListener needs a *net.TCPListener or *net.UnixListener")
	}
	ls := &listenSocket{fd: -1}
	switch x := ln.(type) {
	case *net.TCPListener:
		ls.tcp, ls.info = true, addrOf(x.Addr())
	case *net.UnixListener:
		ls.path = x.Addr().String()
		x.SetUnlinkOnClose(false) // the file is the server's now
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return nil, err
	}
	var derr error
	if err := raw.Control(func(fd uintptr) { ls.fd, derr = unix.FcntlInt(fd, unix.F_DUPFD_CLOEXEC, 0) }); err != nil {
		return nil, err
	}
	if derr != nil {
		return nil, os.NewSyscallError("fcntl", derr)
	}
	ln.Close()
	if err := unix.SetNonblock(ls.fd, true); err != nil {
		unix.Close(ls.fd)
		return nil, os.NewSyscallError("fcntl", err)
	}
	srv := l.CreateServer(opts, connectionListener)
	if ls.path != "" {
		srv.pipeName = ls.path
	}
	srv.start(ls)
	return srv, nil
}

// NetConn returns a net.Conn view of the socket for code that expects
// one (io.Copy, bufio, TLS, an HTTP server) and runs on its own
// goroutines: Read and Write block, and may be called from any goroutine
// but the loop's. Reads take the socket's data (NetConn adds a 'data'
// listener; the socket pauses while more than its high-water mark waits
// unread); Write returns once the data has been handed to the kernel;
// Close destroys the socket. Deadlines are supported. The socket becomes
// half-open (AllowHalfOpen): after Read returns io.EOF, Write still
// works, as on a *net.TCPConn. Call NetConn itself on the loop
// goroutine, once.
func (s *Socket) NetConn() net.Conn {
	s.loop.mustOwn("Socket.NetConn")
	// A net.Conn reader that sees EOF may still write (CloseWrite, then
	// the answer): the socket must not end its side at the peer's FIN.
	s.allowHalfOpen = true
	c := &netConn{s: s, local: s.localAddr(), remote: s.remoteAddr, wake: make(chan struct{}, 1)}
	c.rdl.init()
	c.wdl.init()
	s.OnData(func(b []byte) {
		c.mu.Lock()
		c.buf = append(c.buf, b...)
		full := len(c.buf) >= s.hwm
		c.mu.Unlock()
		c.signal()
		if full {
			s.Pause()
		}
	})
	s.OnEnd(func() { c.finish(io.EOF) })
	s.OnError(func(err error) { c.finish(err) })
	s.OnClose(func(bool) { c.finish(net.ErrClosed) })
	return c
}

func (s *Socket) localAddr() net.Addr {
	if s.conn == nil {
		return nil
	}
	return s.conn.LocalAddr()
}

type netConn struct {
	s             *Socket
	local, remote net.Addr
	wake          chan struct{} // signalled when buf or err changes

	mu     sync.Mutex
	buf    []byte
	err    error // io.EOF, the socket's error, or net.ErrClosed
	closed bool
	rdl    deadline
	wdl    deadline
}

func (c *netConn) signal() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// finish records the first terminal condition of the socket.
func (c *netConn) finish(err error) {
	c.mu.Lock()
	if c.err == nil {
		c.err = err
	}
	c.mu.Unlock()
	c.signal()
}

func (c *netConn) Read(p []byte) (int, error) {
	for {
		c.mu.Lock()
		if c.closed {
			c.mu.Unlock()
			return 0, net.ErrClosed
		}
		if c.rdl.passed() {
			c.mu.Unlock()
			return 0, os.ErrDeadlineExceeded
		}
		if len(c.buf) > 0 {
			n := copy(p, c.buf)
			c.buf = c.buf[n:]
			resume, more := len(c.buf) < c.s.hwm, len(c.buf) > 0
			c.mu.Unlock()
			if resume {
				c.s.loop.Submit(func() {
					if c.s.IsPaused() {
						c.s.Resume()
					}
				})
			}
			if more {
				c.signal() // for the next reader
			}
			return n, nil
		}
		if c.err != nil {
			err := c.err
			c.mu.Unlock()
			return 0, err
		}
		expired := c.rdl.channel()
		c.mu.Unlock()
		select {
		case <-c.wake:
		case <-expired:
			return 0, os.ErrDeadlineExceeded
		}
	}
}

func (c *netConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	closed, expired := c.closed, c.wdl.channel()
	c.mu.Unlock()
	if closed {
		return 0, net.ErrClosed
	}
	select {
	case <-expired:
		return 0, os.ErrDeadlineExceeded
	default:
	}
	data := append([]byte(nil), p...)
	done := make(chan error, 1)
	if !c.s.loop.Submit(func() { c.s.Write(data, func(err error) { done <- err }) }) {
		return 0, net.ErrClosed
	}
	select {
	case err := <-done:
		if err != nil {
			return 0, err
		}
		return len(p), nil
	case <-expired:
		return 0, os.ErrDeadlineExceeded
	}
}

func (c *netConn) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return net.ErrClosed
	}
	c.closed = true
	c.mu.Unlock()
	c.signal()
	c.s.loop.Submit(func() { c.s.Destroy(nil) })
	return nil
}

func (c *netConn) LocalAddr() net.Addr  { return c.local }
func (c *netConn) RemoteAddr() net.Addr { return c.remote }

func (c *netConn) SetDeadline(t time.Time) error {
	c.SetReadDeadline(t)
	return c.SetWriteDeadline(t)
}

func (c *netConn) SetReadDeadline(t time.Time) error {
	c.mu.Lock()
	c.rdl.set(t)
	c.mu.Unlock()
	return nil
}

func (c *netConn) SetWriteDeadline(t time.Time) error {
	c.mu.Lock()
	c.wdl.set(t)
	c.mu.Unlock()
	return nil
}

// deadline is a settable point in time with a channel closed when it
// passes; guarded by the netConn's mu.
type deadline struct {
	timer *time.Timer
	ch    chan struct{}
}

func (d *deadline) init() { d.ch = make(chan struct{}) }

func (d *deadline) channel() <-chan struct{} { return d.ch }

func (d *deadline) passed() bool {
	select {
	case <-d.ch:
		return true
	default:
		return false
	}
}

func (d *deadline) set(t time.Time) {
	if d.timer != nil {
		if !d.timer.Stop() {
			d.ch = make(chan struct{}) // it fired, or is firing: a fresh one
		}
		d.timer = nil
	} else {
		select {
		case <-d.ch:
			d.ch = make(chan struct{}) // it had passed: a fresh one
		default:
		}
	}
	if t.IsZero() {
		return
	}
	ch := d.ch
	if dur := time.Until(t); dur <= 0 {
		close(ch)
	} else {
		d.timer = time.AfterFunc(dur, func() { close(ch) })
	}
}
