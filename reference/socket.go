package reference

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"strconv"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// DefaultHighWaterMark is the writable and readable high-water mark of a
// Socket, in bytes, as in Node.js 20.
const DefaultHighWaterMark = 16384

// readChunk is the most a single read from the kernel takes.
const readChunk = 64 * 1024

// SocketOptions are the options of new net.Socket(options).
type SocketOptions struct {
	// AllowHalfOpen keeps the writable side open after the peer's FIN:
	// the socket then ends only when End is called.
	AllowHalfOpen bool
	// OnRead, when not nil, takes the incoming data in place of 'data'
	// events, as Node's onread option.
	OnRead *OnRead
	// NotReadable and NotWritable are readable: false and writable:
	// false: the socket never reads (it is ended from the start, without
	// an 'end' event), or never writes (a write fails with
	// ERR_STREAM_WRITE_AFTER_END). Node 20 honours them with or without
	// a file descriptor.
	NotReadable bool
	NotWritable bool
	// HighWaterMark is the socket's readable and writable high-water
	// mark in bytes, as Node's highWaterMark option: Write returns false
	// once this much is queued, and a paused socket stops reading once
	// this much is buffered. 0 means the loop's Node line's default
	// (HighWaterMark).
	HighWaterMark int
}

// OnRead is the onread option: every chunk that arrives is copied into
// Buffer, at most len(Buffer) bytes at a time, and Callback is called
// with the number of bytes copied and Buffer. The socket then emits no
// 'data'; 'end', 'error' and 'close' come as usual, and Pause stops the
// reading.
type OnRead struct {
	Buffer []byte
	// BufferFunc, when not nil, is called for the buffer of each chunk in
	// place of Buffer, as when onread.buffer is a function.
	BufferFunc func() []byte
	// Callback returning false stops the reading, as pause() would, until
	// Resume is called.
	Callback func(n int, buf []byte) bool
}

// ConnectOptions are the options of socket.connect(options).
type ConnectOptions struct {
	Port int
	// Host defaults to "localhost".
	Host string
	// Path, when not empty, connects to a Unix domain socket; Port and
	// Host are then ignored.
	Path string
	// LocalAddress and LocalPort bind the socket before it connects.
	LocalAddress string
	LocalPort    int
	// Family is the IP version to look Host up as: 4, 6, or 0 for
	// either (4 in the v0.10 profile, whose docs make it the default).
	Family int
	// NoDelay, KeepAlive and KeepAliveInitialDelay are applied once the
	// socket is connected, as setNoDelay(true) and setKeepAlive(true,
	// initialDelay) would be.
	NoDelay               bool
	KeepAlive             bool
	KeepAliveInitialDelay time.Duration
	// Lookup, when not nil, resolves a Host that is not an IP address in
	// place of the system resolver, as options.lookup does. Hints are
	// passed to it as options.hints.
	Lookup LookupFunc
	Hints  int
	// NoAutoSelectFamily is autoSelectFamily: false. By default (v19
	// profile) a Host looked up with Family 0 and no LocalAddress is
	// resolved to every address, tried in order, as Node 20 does; then
	// Lookup is called with All set.
	NoAutoSelectFamily bool
	// AllowHalfOpen and HighWaterMark are the SocketOptions of the
	// socket CreateConnection makes (Connect on an existing socket
	// ignores them).
	AllowHalfOpen bool
	HighWaterMark int
}

// LookupFunc is a custom resolver, called like dns.lookup: on the loop,
// inside Connect, with the host name and the options. It must call
// callback once, on the loop, now or later: with an error, or with the
// addresses (one unless opts.All is set).
type LookupFunc func(host string, opts LookupOptions, callback func(err error, addrs []LookupAddress))

// LookupOptions are the options Connect gives a LookupFunc, as Node
// gives them to dns.lookup: Family 0 (either), 4 or 6; Hints, which is
// dns.ADDRCONFIG when Family is 0 and none were given; All, to ask for
// every address.
type LookupOptions struct {
	Family int
	Hints  int
	All    bool
}

// LookupAddress is one answer of a LookupFunc.
type LookupAddress struct {
	Address string
	Family  int
}

// hintADDRCONFIG is dns.ADDRCONFIG on Linux (AI_ADDRCONFIG).
const hintADDRCONFIG = 0x20

// Socket is a net.Socket: a duplex byte stream over a TCP connection. Its
// events are 'lookup', 'connect', 'ready', 'data', 'end', 'finish',
// 'drain', 'error' and 'close' (hadError bool).
type Socket struct {
	// dialCancel aborts the dial of a connect() in progress.
	dialCancel context.CancelFunc
	// dialing is the descriptor a connect() in progress dials on.
	dialing dialFd
	// dialStarted is set once a connect() has an address to dial (an IP
	// address, or a lookup's answer): a second connect() then fails with
	// EALREADY, as Node's does on a handle already connecting, while one
	// made during a lookup is another attempt, the first to connect
	// winning. alreadyPending holds that EALREADY until the first dial
	// has been issued, so that its peer sees the connection, as in Node.
	dialStarted, alreadyPending bool
	alreadyAt                   ConnectOptions
	// holdFinal keeps back the FIN of an end() followed, in its tick, by
	// a connect() of the connected socket.
	holdFinal bool
	EventEmitter
	loop   *Loop
	h      *Handle
	conn   *fdConn
	server *Server

	allowHalfOpen bool
	hwm           int // high-water mark, readable and writable
	onread        *OnRead
	onreadRest    []byte // read, not yet handed to onread
	onreadStopped bool   // onread's callback returned false
	connecting    bool
	connected     bool
	destroyed     bool
	hadError      bool

	// Readable side.
	flowing    int8 // -1 not yet decided, 0 paused, 1 flowing
	buffer     [][]byte
	buffered   int
	reading    bool
	readEOF    bool
	endEmitted bool // 'end' is due (queued or emitted)
	readDone   bool // 'end' has been emitted, or the socket never reads
	dec        *decoder

	// Writable side.
	queue        []writeReq
	writing      bool
	writeLen     int
	needDrain    bool
	ending       bool
	finished     bool          // the FIN has been sent
	finishSeen   bool          // 'finish' has been emitted
	endCallbacks []func(error) // the callbacks of end(), run before 'finish'
	bytesRead    int64
	bytesWritten int64

	// A batch the kernel did not take at once: wrest goes out when the
	// connection is writable; nil when no write waits.
	wbatch []writeReq
	wrest  [][]byte
	wtotal int
	wdone  int
	// Arrays reused from write to write: spare is a written batch's,
	// for the next queue; iov holds the buffers of the batch.
	spare []writeReq
	iov   [][]byte
	// The completion of a write the kernel took at once, which runs on
	// the next tick (doneTick, made once).
	done        writeDone
	donePending bool
	doneTick    func()

	pipes []*Socket
	file  *os.File // the descriptor a wrapped socket owns
	// pipeData is the 'data' listener of the first Pipe, to pipeDst.
	// While it is the only consumer of the chunks, large ones are
	// spliced (splice.go), or lent to it in the loop's read buffers,
	// which come back once written (lend is set while such a chunk is
	// being emitted). bigChunks tells that the last chunk was large.
	pipeData  *Subscription
	pipeDst   *Socket
	lend      bool
	bigChunks bool
	// gen counts the connections the socket has had: a completion of a
	// read or write of an earlier one (before a reconnect) is ignored.
	gen int

	// peerEnded is set at 'end' when the socket does not allow half-open:
	// from then on a write after the automatic end() fails with EPIPE.
	peerEnded bool
	// remoteAddr is kept from the connection. As Node caches the peer's
	// name when it is first read, it still reads after destroy() only if
	// it was read before (peerRead).
	remoteAddr net.Addr
	peerRead   bool
	noDelay    bool
	keepAlive  bool
	keepDelay  time.Duration
	// resetOnConnect is set by ResetAndDestroy while connecting.
	resetOnConnect bool
	// Idle timeout (setTimeout): timeout is 0 when disabled; hasTimeout
	// tells whether setTimeout was ever called.
	timeout    time.Duration
	hasTimeout bool
	idleTimer  *Timer
}

type writeReq struct {
	data   []byte
	cb     func(error)
	pooled bool // data is a loop read buffer, to give back once written
	owned  bool // data is the socket's copy, not the caller's slice
}

type writeDone struct {
	batch []writeReq
	total int
	n     int64
	err   error
	gen   int
}

// NewSocket returns an unconnected socket, as new net.Socket(options).
func (l *Loop) NewSocket(opts SocketOptions) *Socket {
	s := &Socket{loop: l, h: newHandle(l), allowHalfOpen: opts.AllowHalfOpen, flowing: -1, hwm: opts.HighWaterMark}
	if s.hwm <= 0 {
		s.hwm = HighWaterMark(l.NodeLine())
	}
	if opts.OnRead != nil && (len(opts.OnRead.Buffer) > 0 || opts.OnRead.BufferFunc != nil) && opts.OnRead.Callback != nil {
		s.onread = opts.OnRead
	}
	s.init(l)
	if opts.NotReadable {
		s.readEOF, s.endEmitted, s.readDone = true, true, true
	}
	if opts.NotWritable {
		s.ending, s.finished, s.finishSeen = true, true, true
	}
	return s
}

// WrapSocket is new net.Socket({fd}): a socket over f, an already
// connected stream socket (TCP or Unix domain), open at once, without
// 'connect'. The socket owns f and closes it when destroyed.
func (l *Loop) WrapSocket(f *os.File, opts SocketOptions) (*Socket, error) {
	conn, err := dialAdopt(net.FileConn(f))
	if err != nil {
		return nil, &Error{Name: "Error", Code: "EINVAL", Syscall: "open", Errno: -22,
			Message: "open EINVAL: descriptor " + strconv.Itoa(int(f.Fd())) + " is not a connected stream socket", Err: err}
	}
	s := l.NewSocket(opts)
	s.file = f
	if err := s.attach(conn); err != nil {
		s.Destroy(nil)
		return nil, systemError(err, "open", "", 0)
	}
	s.loop.NextTick(s.maybeRead)
	return s, nil
}

// On adds a listener; as in Node, adding a 'data' listener to a socket
// that was not paused explicitly switches it into flowing mode.
func (s *Socket) On(name string, fn Listener) *Subscription {
	mustKnow("Socket", socketEvents, name)
	sub := s.EventEmitter.On(name, fn)
	if name == "data" && s.flowing != 0 {
		s.Resume()
	}
	return sub
}

// Once adds a one-time listener, with the same 'data' rule as On.
func (s *Socket) Once(name string, fn Listener) *Subscription {
	mustKnow("Socket", socketEvents, name)
	sub := s.EventEmitter.Once(name, fn)
	if name == "data" && s.flowing != 0 {
		s.Resume()
	}
	return sub
}

// CreateConnection returns a socket connecting to opts, as
// net.createConnection(options[, connectListener]).
func (l *Loop) CreateConnection(opts ConnectOptions, connectListener func()) (*Socket, error) {
	s := l.NewSocket(SocketOptions{AllowHalfOpen: opts.AllowHalfOpen, HighWaterMark: opts.HighWaterMark})
	if err := s.Connect(opts, connectListener); err != nil {
		return nil, err
	}
	return s, nil
}

// Connect starts connecting the socket; connectListener, if not nil, is
// added as a 'connect' listener. Errors in the arguments are returned;
// errors of the connection attempt are emitted as 'error'.
func (s *Socket) Connect(opts ConnectOptions, connectListener func()) error {
	s.loop.mustOwn("Socket.Connect")
	if opts.Path == "" {
		if err := checkPort(opts.Port, "Port", true); err != nil {
			return err
		}
		if err := checkPort(opts.LocalPort, "options.localPort", true); err != nil {
			return err
		}
		if opts.Family != 0 && opts.Family != 4 && opts.Family != 6 {
			return ErrInvalidArgValue("options.family", strconv.Itoa(opts.Family), "must be one of: 0, 4, 6")
		}
		if opts.LocalAddress != "" && net.ParseIP(opts.LocalAddress) == nil {
			return nodeError("TypeError", "ERR_INVALID_IP_ADDRESS", "Invalid IP address: %s", opts.LocalAddress)
		}
	}
	if s.connected && !s.destroyed && !s.connecting {
		// Node connects the handle it has again: an open socket emits
		// 'connect' and 'ready' a second time; one whose FIN is sent
		// fails with EISCONN.
		if connectListener != nil {
			s.EventEmitter.Once("connect", func(...any) { connectListener() })
		}
		if s.ending && !s.finished {
			// Node's _final waits for the new 'connect', and the FIN of
			// this end() is never sent.
			s.holdFinal = true
		}
		s.loop.NextTick(func() {
			if s.destroyed {
				return
			}
			if s.finished {
				s.Destroy(uvSystemError(unix.EISCONN, "connect", opts.Host, opts.Port))
				return
			}
			s.Emit("connect")
			s.Emit("ready")
		})
		return nil
	}
	if s.connecting && s.dialStarted {
		if connectListener != nil {
			s.EventEmitter.Once("connect", func(...any) { connectListener() })
		}
		s.loop.NextTick(func() {
			if s.destroyed || !s.connecting {
				return
			}
			if s.dialing.issued() {
				s.failAlready(opts.Host, opts.Port)
				return
			}
			s.alreadyPending = true
			s.alreadyAt = opts
		})
		return nil
	}
	if s.destroyed && s.connected {
		s.renew()
	}
	if connectListener != nil {
		s.EventEmitter.Once("connect", func(...any) { connectListener() })
	}
	s.noDelay = s.noDelay || opts.NoDelay
	if opts.KeepAlive {
		s.keepAlive, s.keepDelay = true, opts.KeepAliveInitialDelay
	}
	s.connecting = true
	s.destroyed = false
	s.h.setOpen(true)
	s.loop.track(s)
	if opts.Path != "" {
		path := opts.Path
		op := s.h.reserve()
		go func() {
			conn, err := dialAdopt(dialUnix(path))
			op.Complete(func() { s.afterConnect(conn, err, path, 0) })
		}()
		return nil
	}
	host := opts.Host
	if host == "" {
		host = "localhost"
	}
	family := opts.Family
	if family == 0 && s.loop.profile == ProfileV010 {
		family = 4
	}
	port := opts.Port
	literal := net.ParseIP(host) != nil
	dialer := net.Dialer{KeepAlive: -1, Control: s.dialing.control} // Node leaves keep-alive off
	s.dialStarted = s.dialStarted || literal
	// destroy() aborts the dial at once, as closing the handle does in
	// Node: a connect the kernel keeps retrying (a full accept queue)
	// must not hold the socket's goroutine, and the loop, for seconds.
	ctx, cancel := context.WithCancel(context.Background())
	s.dialCancel = cancel
	if opts.Lookup != nil && !literal {
		s.customLookup(ctx, opts, host, family, dialer)
		return nil
	}
	op := s.h.reserve()
	plain := opts.LocalAddress == "" && opts.LocalPort == 0
	if ip := net.ParseIP(host); ip != nil && plain && (family == 0 || (ip.To4() != nil) == (family == 4)) {
		// An IP address: connect in the next tick, on the loop, as Node's
		// handle does: a call in this tick meets no connect yet (no local
		// address; destroy() leaves the peer untouched), a later one
		// meets it issued (a local address; a second connect() fails
		// with EALREADY).
		gen := s.gen
		s.loop.NextTick(func() {
			if s.destroyed || !s.connecting || gen != s.gen {
				op.Complete(func() {})
				return
			}
			s.connectIP(ctx, op, ip, port)
		})
		return nil
	}
	go func() {
		addr, family, lookupErr := resolveFamily(host, family)
		var conn *fdConn
		var err error
		if lookupErr == nil && (literal || !plain) {
			conn, err = dialAdopt(dialFrom(ctx, dialer, addr, port, family, opts.LocalAddress, opts.LocalPort))
		}
		op.Complete(func() {
			if s.destroyed {
				// Destroyed while looking up: Node drops the answer, and
				// no 'lookup' comes after 'close'.
				s.afterConnect(conn, err, addr, port)
				return
			}
			if !literal {
				if lookupErr != nil {
					s.lookupFailed(errNotFound(host, lookupErr), host)
					return
				}
				s.Emit("lookup", nil, addr, family, host)
				if plain {
					// As Node: the answer reaches the loop, and only then
					// is the connect issued, so a destroy() meanwhile
					// leaves the server untouched.
					if !s.destroyed && s.connecting {
						s.dialStarted = true
						s.connectIP(ctx, s.h.reserve(), net.ParseIP(addr), port)
					}
					return
				}
			}
			s.afterConnect(conn, err, addr, port)
		})
	}()
	return nil
}

// connectIP issues a nonblocking connect to ip:port on the loop and
// completes op with its outcome.
func (s *Socket) connectIP(ctx context.Context, op *Op, ip net.IP, port int) {
	addr := ip.String()
	fd, finish, err := startConnect(ctx, ip, port)
	if err != nil {
		op.Complete(func() { s.afterConnect(nil, err, addr, port) })
		return
	}
	s.dialing.set(fd)
	go func() {
		conn, err := finish()
		op.Complete(func() { s.afterConnect(conn, err, addr, port) })
	}()
}

// failAlready fails a second connect() to a socket already connecting,
// as libuv's connect on a handle that is: EALREADY destroys the socket.
func (s *Socket) failAlready(host string, port int) {
	s.alreadyPending = false
	s.Destroy(uvSystemError(unix.EALREADY, "connect", host, port))
}

// lookupFailed reports a failed lookup as Node does: 'lookup' with the
// error, then the error destroys the socket.
func (s *Socket) lookupFailed(err error, host string) {
	s.Emit("lookup", err, nil, nil, host)
	s.Destroy(err)
}

// customLookup resolves host with opts.Lookup, now, as Node calls the
// lookup function inside connect(); an answer emits 'lookup' (once per
// address) and dials the addresses in order until one connects.
func (s *Socket) customLookup(ctx context.Context, opts ConnectOptions, host string, family int, dialer net.Dialer) {
	lo := LookupOptions{Family: family, Hints: opts.Hints}
	if family != 4 && family != 6 && lo.Hints == 0 {
		lo.Hints = hintADDRCONFIG
	}
	lo.All = family == 0 && opts.LocalAddress == "" && !opts.NoAutoSelectFamily && s.loop.profile != ProfileV010
	gen, answered := s.gen, false
	port := opts.Port
	opts.Lookup(host, lo, func(err error, addrs []LookupAddress) {
		if answered {
			return
		}
		answered = true
		if gen != s.gen || s.destroyed || !s.connecting {
			return
		}
		s.dialStarted = true
		if err == nil && len(addrs) == 0 {
			err = errNotFound(host, nil)
		}
		if err != nil {
			s.lookupFailed(err, host)
			return
		}
		for _, a := range addrs {
			s.Emit("lookup", nil, a.Address, a.Family, host)
		}
		for _, a := range addrs {
			if IsIP(a.Address) == 0 {
				s.Destroy(nodeError("TypeError", "ERR_INVALID_IP_ADDRESS", "Invalid IP address: %s", a.Address))
				return
			}
		}
		op := s.h.reserve()
		go func() {
			var conn *fdConn
			var err error
			addr := ""
			for _, a := range addrs {
				addr = a.Address
				if conn, err = dialAdopt(dialFrom(ctx, dialer, addr, port, a.Family, opts.LocalAddress, opts.LocalPort)); err == nil {
					break
				}
			}
			op.Complete(func() { s.afterConnect(conn, err, addr, port) })
		}()
	})
}

// dialAdopt takes the connection Dial returned out of Go's hands.
func dialAdopt(c net.Conn, err error) (*fdConn, error) {
	if err != nil {
		return nil, err
	}
	return adoptConn(c)
}

// resolveFamily looks host up as family 4 or 6, or as resolve does for 0.
// An IP literal is its own answer, whatever the family.
func resolveFamily(host string, family int) (string, int, error) {
	if family == 0 || net.ParseIP(host) != nil {
		return resolve(host)
	}
	ips, err := net.LookupIP(host)
	if err != nil {
		return "", 0, err
	}
	for _, ip := range ips {
		if is4 := ip.To4() != nil; is4 == (family == 4) {
			if is4 {
				return ip.To4().String(), 4, nil
			}
			return ip.String(), 6, nil
		}
	}
	return "", 0, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

// resolve looks host up, preferring IPv4 as Node's default order does.
func resolve(host string) (addr string, family int, err error) {
	if ip := net.ParseIP(host); ip != nil {
		if ip.To4() != nil && !isIPv6Literal(host) {
			return host, 4, nil
		}
		return host, 6, nil
	}
	ips, err := net.LookupIP(host)
	if err != nil {
		return "", 0, err
	}
	for _, ip := range ips {
		if ip4 := ip.To4(); ip4 != nil {
			return ip4.String(), 4, nil
		}
	}
	if len(ips) == 0 {
		return "", 0, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	return ips[0].String(), 6, nil
}

func isIPv6Literal(host string) bool {
	for i := 0; i < len(host); i++ {
		if host[i] == ':' {
			return true
		}
	}
	return false
}

func (s *Socket) afterConnect(conn *fdConn, err error, addr string, port int) {
	s.dialing.clear()
	if s.destroyed || s.connected && !s.connecting {
		// Destroyed meanwhile, or another attempt of a connect() made
		// during a lookup connected first.
		if conn != nil {
			conn.Close()
		}
		return
	}
	if s.alreadyPending {
		// A second connect() came while this dial was not yet issued;
		// it is now, so the peer has seen the connection.
		if conn != nil {
			conn.Close()
		}
		s.failAlready(s.alreadyAt.Host, s.alreadyAt.Port)
		return
	}
	s.connecting = false
	if err != nil {
		e, ok := err.(*Error) // a bind refused before connecting
		if !ok {
			e = systemError(err, "connect", addr, port)
		}
		s.Destroy(e)
		return
	}
	// Go turns Nagle's algorithm off for every TCP connection it dials;
	// Node leaves it on unless asked.
	setNoDelay(conn, s.noDelay)
	if s.keepAlive {
		setKeepAlive(conn, true, s.keepDelay)
	}
	if err := s.attach(conn); err != nil {
		s.Destroy(systemError(err, "connect", addr, port))
		return
	}
	s.touch()
	s.Emit("connect")
	if s.resetOnConnect {
		s.resetOnConnect = false
		s.reset()
	}
	// 'ready' follows 'connect' whatever its listeners did, as in Node,
	// even when one of them destroyed the socket.
	s.Emit("ready")
	if s.destroyed {
		return
	}
	s.maybeRead()
	s.pump()
}

// attach makes conn the socket's connection, watched by the loop.
func (s *Socket) attach(conn *fdConn) error {
	s.conn = conn
	s.remoteAddr = conn.RemoteAddr()
	s.connected = true
	s.h.setOpen(true)
	s.loop.track(s)
	return conn.watch(s.loop, s)
}

// Write queues data and reports whether the caller may go on writing:
// false once the queued bytes reach the high-water mark, after which
// 'drain' tells when to resume. cb, if not nil, runs once the data has
// been handed to the kernel, or with the error that stopped it.
//
// Write does not retain data: as io.Writer asks, the caller may reuse it
// as soon as Write returns. What the kernel takes at once is not copied;
// what has to wait (while connecting, behind an earlier write, or the
// part the kernel did not take) is copied into the socket's queue.
func (s *Socket) Write(data []byte, cb func(error)) bool {
	return s.write(data, cb, false, false)
}

// write is Write; pooled says data is a loop read buffer lent by a pipe,
// owned that it is the reference's own (a chunk a pipe passes on), which
// no caller will change, so it needs no copy either.
func (s *Socket) write(data []byte, cb func(error), pooled, owned bool) bool {
	s.loop.mustOwn("Socket.Write")
	if pooled && (s.ending || s.destroyed) {
		s.loop.putBuf(data)
	}
	if s.peerEnded && s.ending {
		// lib/net.js writeAfterFIN: the automatic end() after the peer's
		// FIN has run; the error is not a stream's but the socket's.
		s.writeError(&Error{Name: "Error", Code: "EPIPE", Message: "This socket has been ended by the other party"}, cb)
		return false
	}
	if s.ending {
		s.writeError(ErrStreamWriteAfterEnd(), cb)
		return false
	}
	if s.destroyed {
		s.writeError(ErrStreamDestroyed("write"), cb)
		return false
	}
	if !s.connecting && !s.connected && s.loop.profile != ProfileV010 {
		// Node's _writeGeneric with no handle yet: connect() was never
		// called, so the write fails and destroys the socket.
		s.writeError(ErrSocketClosed(), cb)
		return false
	}
	if !pooled && !owned && len(data) > 0 && (s.writing || !s.connected || len(s.queue) > 0) {
		// It will wait in the queue: it must not change under us.
		data, owned = append([]byte(nil), data...), true
	}
	s.queue = append(s.queue, writeReq{data: data, cb: cb, pooled: pooled, owned: owned})
	s.writeLen += len(data)
	ok := s.writeLen < s.hwm
	if !ok {
		s.needDrain = true
	}
	s.pump()
	return ok
}

// WriteString writes s encoded with encoding ("utf8" when empty).
func (s *Socket) WriteString(str, encoding string, cb func(error)) (bool, error) {
	b, err := Encode(str, encoding)
	if err != nil {
		return false, err
	}
	return s.write(b, cb, false, true), nil // b is ours already
}

func (s *Socket) writeError(err error, cb func(error)) {
	s.loop.NextTick(func() {
		if cb != nil {
			cb(err)
		}
	})
	s.Destroy(err)
}

// pump starts a write of everything queued, if none is in flight.
func (s *Socket) pump() {
	if s.writing || !s.connected || s.destroyed {
		return
	}
	if len(s.queue) == 0 {
		if s.ending && !s.finished {
			s.shutdown()
		}
		return
	}
	batch := s.queue
	s.queue, s.spare = s.spare, nil
	s.writing = true
	bufs := s.iov[:0]
	total := 0
	for _, w := range batch {
		bufs = append(bufs, w.data)
		total += len(w.data)
	}
	s.iov = bufs
	// Most writes fit in the kernel's buffer at once; their callbacks
	// run on the next tick, as Node runs those of a write that completed
	// synchronously.
	n, err := s.conn.write(bufs)
	if err != nil || n == total {
		clear(bufs)
		s.loop.releaseBufs(batch)
		s.completeLater(writeDone{batch: batch, total: total, n: int64(n), err: err, gen: s.gen})
		return
	}
	s.wbatch, s.wrest, s.wtotal, s.wdone = batch, s.ownRest(batch, consume(bufs, n)), total, n
	s.updateIO()
}

// ownRest copies what the kernel did not take of the caller's buffers,
// so that Write retains none of them; rest ends batch's data, element
// for element. The loop's own (pooled) buffers stay lent, as they are
// the socket's until written.
func (s *Socket) ownRest(batch []writeReq, rest [][]byte) [][]byte {
	off := len(batch) - len(rest)
	for i := range rest {
		if w := &batch[off+i]; !w.pooled && !w.owned {
			rest[i] = append([]byte(nil), rest[i]...)
		}
	}
	return rest
}

// completeLater runs afterWrite for d on the next tick.
func (s *Socket) completeLater(d writeDone) {
	if s.donePending {
		// Only after a reconnect: the earlier connection's completion,
		// still queued, will be ignored by its generation.
		s.loop.NextTick(func() {
			if d.gen == s.gen {
				s.afterWrite(d.batch, d.total, d.n, d.err)
			}
		})
		return
	}
	s.done, s.donePending = d, true
	if s.doneTick == nil {
		s.doneTick = s.runDone
	}
	s.loop.NextTick(s.doneTick)
}

func (s *Socket) runDone() {
	if !s.donePending {
		return
	}
	d := s.done
	s.done, s.donePending = writeDone{}, false
	if d.gen == s.gen {
		s.afterWrite(d.batch, d.total, d.n, d.err)
	}
}

// flushWrite goes on with the write that waits, now that the connection
// is writable.
func (s *Socket) flushWrite() {
	m, err := s.conn.write(s.wrest)
	s.wdone += m
	if err == nil && s.wdone < s.wtotal {
		s.wrest = consume(s.wrest, m)
		return
	}
	batch, total, done := s.wbatch, s.wtotal, s.wdone
	s.wbatch, s.wrest = nil, nil
	clear(s.iov)
	s.loop.releaseBufs(batch)
	s.updateIO()
	s.afterWrite(batch, total, int64(done), err)
}

// updateIO tells the poller what the socket waits for: readability
// while a read is wanted, writability while a write waits.
func (s *Socket) updateIO() {
	if s.conn == nil {
		return
	}
	var events uint32
	if s.reading {
		events |= evIn
	}
	if s.wrest != nil {
		events |= evOut
	}
	s.conn.want(events)
}

// onIO runs when the connection is ready: it reads, as long as a read
// is wanted, and goes on with a write that waits. An error or hang-up
// is left to those calls to report, as libuv does.
func (s *Socket) onIO(events uint32) {
	if s.conn == nil || s.conn.w == nil {
		return
	}
	if events&evErr != 0 {
		events |= s.conn.w.want
	}
	if events&evIn != 0 && s.reading && !s.destroyed {
		s.readNow()
	}
	if events&evOut != 0 && s.wrest != nil && !s.destroyed {
		s.flushWrite()
	}
}

// ioFailed destroys the socket when the loop cannot watch its connection.
func (s *Socket) ioFailed(err error) {
	s.Destroy(systemError(err, "read", "", 0))
}

// lendMin is the smallest chunk lent to a pipe in its read buffer;
// smaller ones are copied out, so that a small write waiting for a slow
// peer does not hold a whole buffer.
const lendMin = readChunk / 4

// readNow makes the one read a readiness report allows, into one of the
// loop's read buffers. Exactly what arrived is copied out, unless the
// chunk is large and goes only to a pipe: then the buffer itself is
// lent, and comes back once the pipe's write is done.
func (s *Socket) readNow() {
	if dst := s.spliceTarget(); dst != nil && s.spliceNow(dst) {
		if !s.reading {
			s.updateIO()
		}
		return
	}
	buf := s.loop.getBuf()
	n, err := s.conn.read(buf)
	if err == unix.EAGAIN {
		s.loop.putBuf(buf)
		return // reported ready, but another reader was first: wait again
	}
	s.reading = false
	var chunk []byte
	switch {
	case err != nil:
		err = os.NewSyscallError("read", err)
	case n == 0:
		err = io.EOF
	case n >= lendMin && s.pipeOnly():
		s.bigChunks = n >= spliceMin
		chunk, buf = buf[:n], nil
		s.lend = true
	default:
		s.bigChunks = false
		chunk = make([]byte, n)
		copy(chunk, buf[:n])
	}
	if buf != nil {
		s.loop.putBuf(buf)
	}
	s.afterRead(chunk, err)
	if s.lend { // not taken: the pipe is gone
		s.lend = false
		s.loop.putBuf(chunk)
	}
	if !s.reading {
		s.updateIO()
	}
}

// pipeOnly reports whether a chunk read now would go, whole and at once,
// to the pipe's listener and to nothing else.
func (s *Socket) pipeOnly() bool {
	if s.pipeData == nil || s.observer != nil || s.onread != nil || s.dec != nil ||
		s.flowing != 1 || len(s.buffer) > 0 {
		return false
	}
	l := s.listeners["data"]
	return len(l) == 1 && l[0] == s.pipeData
}

func (s *Socket) afterWrite(batch []writeReq, total int, n int64, err error) {
	s.writing = false
	s.bytesWritten += n
	s.writeLen -= total
	if s.destroyed {
		return
	}
	s.touch()
	if err != nil {
		werr := systemError(err, "write", "", 0)
		for _, w := range batch {
			if w.cb != nil {
				w.cb(werr)
			}
		}
		s.Destroy(werr)
		return
	}
	for _, w := range batch {
		if w.cb != nil {
			w.cb(nil)
		}
	}
	if s.destroyed {
		return
	}
	if s.spare == nil && cap(batch) <= 64 {
		clear(batch)
		s.spare = batch[:0]
	}
	if len(s.queue) == 0 && s.needDrain {
		s.needDrain = false
		s.Emit("drain")
	}
	s.pump()
}

// End half-closes the socket once everything queued is written: the peer
// receives a FIN. data, if not nil (even empty), is written first; cb, if
// not nil, runs at 'finish' with a nil error.
//
// On a socket that is already ending, End with data fails as Node 20's
// does: the data is not sent, the socket is destroyed with
// ERR_STREAM_WRITE_AFTER_END ('error', then 'close' with hadError true),
// and cb runs with that error after 'error'. End without data on an
// ending socket only adds cb.
func (s *Socket) End(data []byte, cb func(error)) *Socket {
	s.loop.mustOwn("Socket.End")
	if s.destroyed {
		// As Node's Writable.end on a destroyed stream: data fails as a
		// write; without data, a stream destroyed with an error calls
		// back with ERR_STREAM_DESTROYED, and one destroyed without never
		// finishes, so the callback never comes.
		var err error
		switch {
		case data != nil:
			err = ErrStreamDestroyed("write")
		case s.hadError:
			err = ErrStreamDestroyed("end")
		}
		if err != nil && cb != nil {
			s.loop.NextTick(func() { cb(err) })
		}
		s.ending = true
		return s
	}
	if data == nil && !s.connecting && !s.connected && s.loop.profile != ProfileV010 {
		// end() before connect(): Node 22 and later finish the stream at
		// once and call back with null; Node 20 never finishes it, so the
		// callback never comes.
		s.ending = true
		if cb != nil && s.loop.NodeLine() >= Node22 {
			s.loop.NextTick(func() { cb(nil) })
		}
		return s
	}
	if data == nil && s.finishSeen && cb != nil {
		// As Writable.end on a finished stream.
		s.loop.NextTick(func() { cb(ErrStreamAlreadyFinished("end")) })
		return s
	}
	if data != nil && s.ending && !s.destroyed {
		// Not through write: after the automatic end() that follows the
		// peer's FIN, a write fails with EPIPE, but end(data) still fails
		// as a write after end, since Node's end() bypasses socket.write.
		err := ErrStreamWriteAfterEnd()
		var afterError func()
		if cb != nil {
			// In Node it runs on a tick queued after the one that
			// emits 'error', and before the handle's 'close'.
			afterError = func() { cb(err) }
		}
		s.destroy(err, afterError)
		return s
	}
	if data != nil && !s.ending {
		s.Write(data, nil)
	}
	if cb != nil {
		// As Node's Writable: the callbacks of end() run just before
		// 'finish' is emitted, not as its listeners.
		s.endCallbacks = append(s.endCallbacks, cb)
	}
	if s.ending {
		return s
	}
	s.ending = true
	if len(s.queue) == 0 && !s.writing && s.connected {
		// Nothing left to write: the FIN goes in the next tick, as
		// Node's Writable calls _final from process.nextTick. A
		// connect() in this tick holds it back (holdFinal), as in Node.
		gen := s.gen
		s.loop.NextTick(func() {
			if gen == s.gen && !s.destroyed && !s.holdFinal {
				s.pump()
			}
		})
		return s
	}
	s.pump()
	return s
}

func (s *Socket) shutdown() {
	s.finished = true
	if err := s.conn.CloseWrite(); err != nil && !errors.Is(err, syscall.ENOTCONN) {
		s.Destroy(systemError(err, "shutdown", "", 0))
		return
	}
	// The FIN is sent; Node learns it from libuv's shutdown request,
	// which completes from the loop's I/O, after the ticks and promise
	// jobs of this callback: the end() callbacks, then 'finish'.
	s.loop.SetImmediate(func() {
		if s.destroyed {
			return
		}
		s.finishSeen = true
		cbs := s.endCallbacks
		s.endCallbacks = nil
		for _, cb := range cbs {
			cb(nil)
		}
		s.Emit("finish")
		s.maybeClose()
	})
}

// maybeClose destroys the socket once both sides are done, as Node's
// autoDestroy does.
func (s *Socket) maybeClose() {
	if s.finishSeen && s.endEmitted && !s.destroyed {
		s.Destroy(nil)
	}
}

// maybeRead keeps the connection watched for reading while the socket
// wants data: it is flowing, or its buffer is under the high-water mark.
// Otherwise the bytes stay in the kernel, and the peer feels it.
func (s *Socket) maybeRead() {
	if s.reading || !s.connected || s.destroyed || s.readEOF {
		return
	}
	if s.flowing != 1 && s.buffered >= s.hwm {
		return
	}
	if s.onread != nil && (s.flowing == 0 || s.onreadStopped || len(s.onreadRest) > 0) {
		return // paused: with onread nothing is buffered, so stop reading
	}
	s.reading = true
	s.updateIO()
}

func (s *Socket) afterRead(chunk []byte, err error) {
	s.reading = false
	if s.destroyed {
		return
	}
	if len(chunk) > 0 {
		s.touch()
		s.bytesRead += int64(len(chunk))
		s.push(chunk)
		if s.destroyed {
			return
		}
	}
	if err != nil {
		if errors.Is(err, io.EOF) {
			s.readEOF = true
			s.maybeEnd()
			return
		}
		s.Destroy(systemError(err, "read", "", 0))
		return
	}
	s.maybeRead()
}

func (s *Socket) push(chunk []byte) {
	if s.onread != nil {
		s.onreadRest = append(s.onreadRest, chunk...)
		s.deliverOnRead()
		return
	}
	if s.flowing == 1 && len(s.buffer) == 0 {
		s.emitData(chunk)
		return
	}
	s.buffer = append(s.buffer, chunk)
	s.buffered += len(chunk)
	s.flow()
}

// deliverOnRead hands the bytes read so far to the onread callback, a
// buffer at a time, until the callback returns false or they are gone.
func (s *Socket) deliverOnRead() {
	for len(s.onreadRest) > 0 && !s.destroyed && !s.onreadStopped {
		buf := s.onread.Buffer
		if s.onread.BufferFunc != nil {
			buf = s.onread.BufferFunc()
		}
		if len(buf) == 0 {
			// Node asks the kernel to read into no room: read ENOBUFS.
			s.Destroy(systemError(syscall.ENOBUFS, "read", "", 0))
			return
		}
		n := copy(buf, s.onreadRest)
		s.onreadRest = s.onreadRest[n:]
		if !s.onread.Callback(n, buf) {
			s.onreadStopped = true
		}
	}
	if len(s.onreadRest) == 0 {
		s.onreadRest = nil
	}
}

func (s *Socket) emitData(chunk []byte) {
	if s.dec != nil {
		if str := s.dec.decode(chunk); str != "" {
			s.Emit("data", str)
		}
		return
	}
	s.Emit("data", chunk)
}

// flow emits buffered data while the socket is flowing.
func (s *Socket) flow() {
	for s.flowing == 1 && len(s.buffer) > 0 && !s.destroyed {
		chunk := s.buffer[0]
		s.buffer[0] = nil
		s.buffer = s.buffer[1:]
		s.buffered -= len(chunk)
		s.emitData(chunk)
	}
	s.maybeEnd()
	s.maybeRead()
}

// maybeEnd emits 'end' once the peer's FIN has arrived and every byte
// before it has been delivered.
func (s *Socket) maybeEnd() {
	if !s.readEOF || s.endEmitted || len(s.buffer) > 0 || len(s.onreadRest) > 0 || s.destroyed {
		return
	}
	s.endEmitted = true
	s.loop.NextTick(func() {
		if s.destroyed {
			return
		}
		if s.dec != nil {
			if rest := s.dec.flush(); rest != "" {
				s.Emit("data", rest)
			}
		}
		s.readDone = true
		s.Emit("end")
		if !s.allowHalfOpen {
			// As Node's endReadableNT: end() one tick after 'end', so a
			// write in the next tick still goes out; after it, writes
			// fail with EPIPE.
			s.peerEnded = true
			s.loop.NextTick(func() {
				if !s.ending && !s.destroyed {
					s.End(nil, nil)
				}
			})
		}
		s.maybeClose()
	})
}

// Pause stops 'data' events; reading from the kernel stops once the
// buffer reaches the high-water mark, so the peer feels backpressure.
func (s *Socket) Pause() *Socket {
	s.loop.mustOwn("Socket.Pause")
	s.flowing = 0
	return s
}

// Resume restarts 'data' events, on the next tick as Node does.
func (s *Socket) Resume() *Socket {
	s.loop.mustOwn("Socket.Resume")
	if s.onread != nil && s.onreadStopped {
		// The onread callback stopped the reading: resume() restarts it
		// whatever the flowing state, as Node's Socket.resume does.
		s.onreadStopped = false
		s.loop.NextTick(func() {
			s.deliverOnRead()
			s.maybeEnd()
			s.maybeRead()
		})
	}
	if s.flowing == 1 {
		return s
	}
	s.flowing = 1
	s.loop.NextTick(s.flow)
	return s
}

// IsPaused reports whether Pause was called without a Resume after it.
func (s *Socket) IsPaused() bool { return s.flowing == 0 }

// SetEncoding makes 'data' carry strings decoded with encoding.
func (s *Socket) SetEncoding(encoding string) error {
	enc := normalizeEncoding(encoding)
	if enc == "" {
		return ErrUnknownEncoding(encoding)
	}
	s.dec = &decoder{encoding: enc}
	return nil
}

// Pipe writes everything s reads to dst, pausing s while dst is above
// its high-water mark, and ends dst when s ends.
func (s *Socket) Pipe(dst *Socket) *Socket {
	s.pipes = append(s.pipes, dst)
	sub := s.EventEmitter.On("data", func(args ...any) {
		var ok bool
		switch d := args[0].(type) {
		case []byte:
			pooled := s.lend
			s.lend = false
			// d is the chunk readNow made for this 'data' (or lent):
			// a listener's own, as a Buffer in Node, so no copy.
			ok = dst.write(d, nil, pooled, !pooled)
		case string:
			ok = dst.write([]byte(d), nil, false, true)
		}
		s.pipeBackpressure(dst, ok)
	})
	if s.pipeData == nil {
		s.pipeData, s.pipeDst = sub, dst
	}
	s.EventEmitter.Once("end", func(...any) { dst.End(nil, nil) })
	if s.flowing != 0 {
		s.Resume()
	}
	return dst
}

// pipeBackpressure pauses s, a pipe's source, until dst drains, when a
// write to dst returned false (ok).
func (s *Socket) pipeBackpressure(dst *Socket, ok bool) {
	if !ok {
		s.Pause()
		dst.EventEmitter.Once("drain", func(...any) { s.Resume() })
	}
}

// Destroy closes the connection at once. With err, it emits 'error' with
// err and then 'close' with hadError true; without, 'close' with false.
func (s *Socket) Destroy(err error) *Socket { return s.destroy(err, nil) }

// destroy is Destroy; afterError, if not nil, runs between 'error' and
// 'close'.
func (s *Socket) destroy(err error, afterError func()) *Socket {
	s.loop.mustOwn("Socket.Destroy")
	if s.destroyed {
		return s
	}
	hadHandle := s.conn != nil || s.file != nil || s.connecting
	s.destroyed = true
	s.loop.untrack(s)
	s.connecting = false
	s.dialStarted, s.alreadyPending = false, false
	if s.dialCancel != nil {
		s.dialCancel()
		s.dialCancel = nil
	}
	s.stopIdleTimer()
	s.reading = false
	if s.wrest != nil {
		// The write that waited ends here, as a failed write would.
		s.bytesWritten += int64(s.wdone)
		s.writeLen -= s.wtotal
		s.loop.releaseBufs(s.wbatch)
		s.wbatch, s.wrest, s.writing = nil, nil, false
	}
	s.loop.releaseBufs(s.queue)
	if s.conn != nil {
		s.conn.Close()
	}
	if s.file != nil {
		s.file.Close()
		s.file = nil
	}
	s.h.setOpen(false)
	if err != nil {
		s.hadError = true
	}
	if s.server != nil {
		// As lib/net.js _destroy: the server counts the connection gone,
		// and may queue its own 'close', before this socket's 'close'.
		s.server.connectionClosed()
	}
	if !hadHandle {
		s.loop.NextTick(func() {
			if err != nil {
				s.Emit("error", err)
			}
			if afterError != nil {
				afterError()
			}
			s.Emit("close", err != nil)
		})
		return s
	}
	// As lib/net.js: 'error' on the next tick, and 'close' from the
	// callback of the handle's close, in the loop's close phase.
	if err != nil {
		s.loop.NextTick(func() {
			s.Emit("error", err)
			if afterError != nil {
				afterError()
			}
		})
	}
	s.loop.QueueClose(func() { s.Emit("close", err != nil) })
	return s
}

// Destroyed reports whether Destroy has run.
func (s *Socket) Destroyed() bool { return s.destroyed }

// Connecting reports whether a connect is in progress.
func (s *Socket) Connecting() bool { return s.connecting }

// Pending reports whether the socket has no connection: not connected
// yet, still connecting, or destroyed.
func (s *Socket) Pending() bool { return !s.connected || s.connecting || s.destroyed }

// BytesRead returns the number of bytes received.
func (s *Socket) BytesRead() int64 { return s.bytesRead }

// BytesWritten returns the number of bytes written, counting, as Node
// does, those still queued.
func (s *Socket) BytesWritten() int64 { return s.bytesWritten + int64(s.writeLen) }

// Readable reports socket.readable: true until 'end' has been emitted or
// the socket destroyed.
func (s *Socket) Readable() bool { return !s.readDone && !s.destroyed }

// Writable reports socket.writable: true until End is called or the
// socket destroyed.
func (s *Socket) Writable() bool { return !s.ending && !s.destroyed }

// HighWaterMark returns the socket's high-water mark, readable and
// writable (writableHighWaterMark, readableHighWaterMark).
func (s *Socket) HighWaterMark() int { return s.hwm }

// WritableLength returns the number of bytes queued and not yet written.
func (s *Socket) WritableLength() int { return s.writeLen }

// BufferSize returns socket.bufferSize: the bytes queued to write, and
// whether the socket has a handle to ask, which Node's getter needs. From
// connect() until destroy() it has; before and after, the property reads
// undefined.
func (s *Socket) BufferSize() (int, bool) {
	if s.destroyed || !(s.connecting || s.connected) {
		return 0, false
	}
	return s.writeLen, true
}

// ReadyState returns "opening", "open", "readOnly", "writeOnly" or
// "closed", as socket.readyState does.
func (s *Socket) ReadyState() string {
	switch {
	case s.connecting:
		return "opening"
	case s.destroyed || !s.connected && s.loop.profile == ProfileV010:
		// A socket that never connected is readable and writable in
		// Node 20, hence "open"; Node 0.10 made it neither until connected.
		return "closed"
	case !s.readEOF && !s.ending:
		return "open"
	case !s.readEOF:
		return "readOnly"
	case !s.ending:
		return "writeOnly"
	}
	return "closed"
}

// Ref makes the socket keep the loop alive (the default).
func (s *Socket) Ref() *Socket { s.h.Ref(); return s }

// Unref lets the loop end while the socket is open.
func (s *Socket) Unref() *Socket { s.h.Unref(); return s }

// RemoteAddress returns the peer's IP address, or "" when not connected.
func (s *Socket) RemoteAddress() string { return addrOf(s.remote()).Address }

// RemotePort returns the peer's port, or 0 when not connected.
func (s *Socket) RemotePort() int { return addrOf(s.remote()).Port }

// RemoteFamily returns "IPv4" or "IPv6", or "" when not connected.
func (s *Socket) RemoteFamily() string { return addrOf(s.remote()).Family }

// Address returns the local address, as socket.address().
func (s *Socket) Address() *AddressInfo {
	if s.destroyed {
		return nil
	}
	if s.conn == nil {
		if a := s.dialing.local(); a != nil && s.connecting && s.dialStarted {
			info := addrOf(a)
			return &info
		}
		return nil
	}
	a := addrOf(s.conn.LocalAddr())
	return &a
}

func (s *Socket) remote() net.Addr {
	switch {
	case s.destroyed && !s.peerRead:
		return nil
	case !s.destroyed && s.connected && !s.connecting && s.remoteAddr != nil:
		s.peerRead = true
	}
	return s.remoteAddr
}
