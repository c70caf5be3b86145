package reference

import (
	"errors"
	"math"
	"net"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// DefaultBacklog is the listen backlog when none is given, as in Node.js.
const DefaultBacklog = 511

// ServerOptions are the options of net.createServer(options).
type ServerOptions struct {
	// AllowHalfOpen is given to every accepted socket: see SocketOptions.
	AllowHalfOpen bool
	// PauseOnConnect leaves every accepted socket paused, with nothing
	// read from the connection until Resume is called.
	PauseOnConnect bool
	// NoDelay turns Nagle's algorithm off on every accepted connection.
	// Without it, Nagle's algorithm stays on, as the kernel (and Node.js)
	// leave it.
	NoDelay bool
	// KeepAlive turns TCP keep-alive on for every accepted connection,
	// with KeepAliveInitialDelay (whole seconds, at least 1) before the
	// first probe. Without it, keep-alive stays off.
	KeepAlive             bool
	KeepAliveInitialDelay time.Duration
	// HighWaterMark is given to every accepted socket: see SocketOptions.
	HighWaterMark int
}

// ListenOptions are the options of server.listen(options).
type ListenOptions struct {
	Port int
	// Host is an IP address or a name to look up. Empty means the
	// unspecified address: "::" when IPv6 is available (dual stack),
	// else "0.0.0.0"; in the v0.10 profile always "0.0.0.0".
	Host string
	// Path, when not empty, makes the server listen on a Unix domain
	// socket at that path; Port, Host and IPv6Only are then ignored.
	Path string
	// Handle, when not nil, makes the server accept the connections of
	// another server's listening socket, as server.listen(handle) does
	// with a server: the other server goes on reporting that it listens,
	// but its connections now come to this one.
	Handle *Server
	// Backlog is the kernel's accept queue length; 0 or less means
	// DefaultBacklog, as a falsy backlog does in Node.js.
	Backlog int
	// Exclusive matters only to Node.js's cluster module, which shares
	// listening handles between workers unless it is set; a Loop has no
	// workers, so every handle is exclusive.
	Exclusive bool
	// ReadableAll and WritableAll add read (write) permission for user,
	// group and others to the socket file of a Unix domain socket server.
	ReadableAll bool
	WritableAll bool
	// IPv6Only binds an IPv6 address without dual stack: listening on
	// "::" then accepts no IPv4 connection.
	IPv6Only bool
	// ReusePort sets SO_REUSEPORT on a TCP listening socket, so that
	// several servers (typically one per loop, each loop on a goroutine,
	// for as many cores) can listen on one address and port; the kernel
	// spreads the incoming connections among them. Node.js has it as
	// reusePort since v22.12 / v23.1.
	ReusePort bool
	// Signal, when not nil, closes the server once it is closed, as an
	// AbortSignal does: at once (on the next tick) if it already is.
	Signal <-chan struct{}
}

// AddressInfo is a bound address as server.address() and
// socket.address() report it. For a Unix domain socket server only Path
// is set.
type AddressInfo struct {
	Address string
	Family  string // "IPv4" or "IPv6"
	Port    int
	Path    string
}

func addrOf(a net.Addr) AddressInfo {
	ta, ok := a.(*net.TCPAddr)
	if !ok {
		return AddressInfo{}
	}
	info := AddressInfo{Address: ta.IP.String(), Family: "IPv6", Port: ta.Port}
	if ip4 := ta.IP.To4(); ip4 != nil && len(ta.IP) == net.IPv4len {
		info.Family = "IPv4"
	}
	return info
}

// listenSocket is a bound, listening socket, a nonblocking descriptor
// the loop accepts from when its poller reports it readable. Servers
// share one through listen(handle); its connections go to its owner.
type listenSocket struct {
	fd    int
	tcp   bool
	path  string // the socket file of a Unix domain socket, to unlink on close
	owner *Server
	info  AddressInfo
	done  bool
	io    *poller
	w     *watcher
}

func (ls *listenSocket) close() {
	if ls.done {
		return
	}
	ls.done = true
	if ls.w != nil {
		ls.io.stop(ls.w)
		ls.w = nil
	}
	sysClose(ls.fd)
	if ls.path != "" {
		os.Remove(ls.path)
	}
}

// Server is a net.Server: it accepts TCP and Unix domain socket
// connections and emits 'listening', 'connection' (*Socket), 'drop'
// (v19 profile), 'error' and 'close'.
type Server struct {
	EventEmitter
	loop        *Loop
	h           *Handle
	opts        ServerOptions
	ls          *listenSocket
	pipeName    string // the path of the last Unix domain socket listen
	connections int
	maxConns    int
	maxSet      bool
	listenBusy  bool // a listen is between its call and its bind
	reusePort   bool // ListenOptions.ReusePort of the current listen
	listenSeq   int  // bumped by Close, to cancel a listen not yet bound
}

// CreateServer returns a server, as net.createServer(options,
// connectionListener); connectionListener may be nil.
func (l *Loop) CreateServer(opts ServerOptions, connectionListener func(*Socket)) *Server {
	s := &Server{loop: l, h: newHandle(l), opts: opts}
	s.init(l)
	if connectionListener != nil {
		s.On("connection", func(args ...any) { connectionListener(args[0].(*Socket)) })
	}
	return s
}

// Listening reports whether the server accepts connections.
func (s *Server) Listening() bool { return s.ls != nil }

// Address returns the bound address, or nil before the server is bound
// and after Close. A Unix domain socket server returns its path, and
// keeps returning it after Close, as Node.js does.
func (s *Server) Address() *AddressInfo {
	if s.ls != nil && s.ls.path == "" {
		a := s.ls.info
		return &a
	}
	if s.pipeName != "" {
		return &AddressInfo{Path: s.pipeName}
	}
	return nil
}

// SetMaxConnections makes the server reject connections while it has n
// or more: n > 0 is a limit, 0 removes the limit (as JavaScript's
// undefined, null and 0 do), and n < 0 rejects every connection.
func (s *Server) SetMaxConnections(n int) { s.maxConns, s.maxSet = n, true }

// MaxConnections returns what SetMaxConnections set, and whether it was
// called.
func (s *Server) MaxConnections() (int, bool) { return s.maxConns, s.maxSet }

// Connections returns the number of accepted connections not yet closed.
func (s *Server) Connections() int { return s.connections }

// GetConnections calls cb on the next tick with the number of
// connections, as server.getConnections does.
func (s *Server) GetConnections(cb func(err error, count int)) *Server {
	n := s.connections
	s.loop.NextTick(func() { cb(nil, n) })
	return s
}

func checkPort(port int, name string, allowZero bool) error {
	if port < 0 || port > 0xFFFF || (port == 0 && !allowZero) {
		return ErrSocketBadPort(name, "type number ("+strconv.Itoa(port)+")", allowZero)
	}
	return nil
}

// Listen starts listening. It returns an error for bad arguments and for
// a server that already listens; a failure to bind is emitted as 'error'.
// callback, if not nil, is added as a 'listening' listener. 'listening'
// comes after Listen has returned. As in Node, a server given no Host
// and a Unix domain socket server are bound before Listen returns, while
// one given a Host is bound after the host is looked up, so Address is
// nil until then.
func (s *Server) Listen(opts ListenOptions, callback func()) error {
	s.loop.mustOwn("Server.Listen")
	if s.ls != nil {
		return ErrServerAlreadyListen()
	}
	if s.listenBusy {
		// Node throws only for a bound server: a listen() while the host
		// of an earlier one is looked up supersedes it (its lookup's
		// answer is dropped, as for Node's _listeningId).
		s.listenSeq++
		s.listenBusy = false
		s.h.setOpen(false)
	}
	if opts.Path == "" && opts.Handle == nil {
		if err := checkPort(opts.Port, "options.port", true); err != nil {
			return err
		}
	}
	if callback != nil {
		s.Once("listening", func(...any) { callback() })
	}
	backlog := opts.Backlog
	if backlog <= 0 {
		backlog = DefaultBacklog
	}
	s.watchSignal(opts.Signal)
	s.reusePort = opts.ReusePort
	switch {
	case opts.Handle != nil:
		ls := opts.Handle.ls
		if ls == nil {
			s.listenError(uvSystemError(unix.EINVAL, "listen", "", 0))
			return nil
		}
		s.start(ls)
	case opts.Path != "":
		s.pipeName = opts.Path
		ls, err := listenUnix(opts.Path, backlog, opts.ReadableAll, opts.WritableAll, s.loop.NodeLine() >= Node24)
		if err != nil {
			s.listenError(err)
			return nil
		}
		s.start(ls)
	case opts.Host == "":
		addr := "::"
		if s.loop.profile == ProfileV010 || !ipv6Available() {
			addr = "0.0.0.0"
		}
		s.bind(addr, opts.Port, backlog, opts.IPv6Only)
	case IsIP(opts.Host) != 0:
		// Node looks an IP literal up too, and dns.lookup answers it on
		// the next tick without asking the resolver: the bind, then
		// 'listening' a tick later, come after ticks queued meanwhile.
		s.listenBusy = true
		s.h.setOpen(true)
		host, seq := opts.Host, s.listenSeq
		s.loop.NextTick(func() {
			if seq != s.listenSeq {
				return // closed before the bind, as Node's _listeningId
			}
			s.listenBusy = false
			s.h.setOpen(false)
			addr, err := lookupListenHost(host)
			if err != nil {
				s.listenError(err)
				return
			}
			s.bind(addr, opts.Port, backlog, opts.IPv6Only)
		})
	default:
		s.listenBusy = true
		s.h.setOpen(true)
		s.loop.track(s)
		host := opts.Host
		// The lookup keeps the loop alive even for an unref'd server, as
		// Node's getaddrinfo request does.
		op := newHandle(s.loop).reserve()
		seq := s.listenSeq
		go func() {
			addr, err := lookupListenHost(host)
			op.Complete(func() {
				if seq != s.listenSeq {
					return // closed before the bind, as Node's _listeningId
				}
				s.listenBusy = false
				s.h.setOpen(false)
				if err != nil {
					s.listenError(err)
					return
				}
				s.bind(addr, opts.Port, backlog, opts.IPv6Only)
			})
		}()
	}
	return nil
}

// watchSignal closes the server when sig is closed. It stops watching at
// the server's next 'close', so that no goroutine outlives the server.
func (s *Server) watchSignal(sig <-chan struct{}) {
	if sig == nil {
		return
	}
	select {
	case <-sig:
		s.loop.NextTick(func() { s.Close(nil) })
		return
	default:
	}
	stop := make(chan struct{})
	s.Once("close", func(...any) { close(stop) })
	go func() {
		select {
		case <-sig:
			s.loop.Submit(func() { s.Close(nil) })
		case <-stop:
		}
	}()
}

// lookupListenHost resolves the host to listen on.
func lookupListenHost(host string) (string, error) {
	addr, _, err := resolve(host)
	if err != nil {
		return "", errNotFound(host, err)
	}
	return addr, nil
}

// bind binds a TCP address. With the unspecified IPv6 address it falls
// back to "0.0.0.0" when "::" cannot be bound, as Node.js does, but not
// for EADDRINUSE, which libuv reports only at listen, after the choice.
func (s *Server) bind(addr string, port, backlog int, ipv6Only bool) {
	ls, err := listenTCP(addr, port, backlog, ipv6Only, s.reusePort)
	if err != nil && addr == "::" && !errors.Is(err, unix.EADDRINUSE) {
		addr = "0.0.0.0"
		ls, err = listenTCP(addr, port, backlog, false, s.reusePort)
	}
	if err != nil {
		s.listenError(uvSystemError(err, "listen", addr, port))
		return
	}
	s.start(ls)
}

// start makes ls the server's listening socket: 'listening' follows on
// the next tick, and connections are accepted from then on.
func (s *Server) start(ls *listenSocket) {
	if ls.owner == nil {
		p, err := s.loop.poller()
		if err != nil {
			ls.close()
			s.listenError(uvSystemError(err, "listen", ls.info.Address, ls.info.Port))
			return
		}
		ls.io, ls.w = p, p.start(ls.fd, ls)
		p.set(ls.w, evIn)
	}
	s.ls = ls
	s.h.setOpen(true)
	s.loop.track(s)
	ls.owner = s
	s.loop.NextTick(func() {
		if s.ls == ls {
			s.Emit("listening")
		}
	})
}

// listenError emits 'error' on the next tick; in the v0.10 profile, as
// its docs say, 'close' follows directly.
func (s *Server) listenError(err error) {
	s.loop.NextTick(func() {
		s.Emit("error", err)
		if s.loop.profile == ProfileV010 {
			s.Emit("close")
		}
	})
}

// acceptBatch bounds the connections accepted per readiness report, so
// that a flood of them does not starve the loop's other descriptors.
const acceptBatch = 64

// acceptRetry is how long accepting pauses after an error such as
// EMFILE, which would otherwise be reported again at once.
const acceptRetry = 100 * time.Millisecond

// onIO accepts the connections waiting on ls; each goes to the server
// that owns ls, as its own callback.
func (ls *listenSocket) onIO(uint32) {
	l := ls.owner.loop
	for i := 0; i < acceptBatch && !ls.done && l.fatal == nil; i++ {
		fd, remote, err := sysAccept4(ls.fd)
		switch err {
		case nil:
		case unix.EINTR, unix.ECONNABORTED:
			continue // a peer that gave up before the accept
		case unix.EAGAIN:
			return
		default:
			if isOutOfDescriptors(err) {
				// Every connection waiting is closed at once, and the
				// server emits nothing; only without a reserve does the
				// error reach it.
				if err = shedLoad(ls.fd); err == nil {
					return
				}
			}
			ls.acceptFailed(err)
			return
		}
		conn := newFDConn(fd, ls.tcp, remote)
		var sock *Socket
		l.call(func() { sock = ls.owner.connect(conn) })
		if sock != nil && sock.reading && !sock.destroyed && l.fatal == nil {
			// The client's first bytes often come with the handshake:
			// read them now, once 'connection' and its ticks have run,
			// rather than a poll later.
			l.call(sock.readNow)
		}
	}
}

// isOutOfDescriptors reports whether err says the process (EMFILE) or
// the system (ENFILE) has no descriptor left for a new connection.
func isOutOfDescriptors(err error) bool {
	return errors.Is(err, unix.EMFILE) || errors.Is(err, unix.ENFILE)
}

// reserve is a descriptor held open from the start so that, when the
// process runs out, closing it frees one for shedding load: libuv's
// loop->emfile_fd (uv__emfile_trick). Its descriptor is -1 when it could
// not be opened.
var reserve = struct {
	sync.Mutex
	fd int
}{fd: openReserve()}

func openReserve() int {
	fd, err := unix.Open("/", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return -1
	}
	return fd
}

// shedStats counts, for the tests, the rounds of shedding and the
// connections they closed.
var shedStats struct{ rounds, closed atomic.Int64 }

// shedLoad is what libuv does when accept fails for want of descriptors:
// it frees the reserve descriptor, accepts every connection waiting on
// the listening socket lfd and closes it at once, so that those clients
// learn the server is overloaded rather than wait, and takes the reserve
// back. The listening socket is then no longer readable, so the loop does
// not spin. It fails with EMFILE when there is no reserve to free.
func shedLoad(lfd int) error {
	reserve.Lock()
	defer reserve.Unlock()
	if reserve.fd < 0 {
		if reserve.fd = openReserve(); reserve.fd < 0 {
			return unix.EMFILE
		}
	}
	unix.Close(reserve.fd)
	reserve.fd = -1
	defer func() { reserve.fd = openReserve() }()
	shedStats.rounds.Add(1)
	for {
		nfd, _, err := unix.Accept4(lfd, unix.SOCK_CLOEXEC)
		switch {
		case err == nil:
			unix.Close(nfd)
			shedStats.closed.Add(1)
		case err == unix.EINTR || err == unix.ECONNABORTED:
		case err == unix.EAGAIN:
			return nil
		default:
			return err
		}
	}
}

// acceptFailed reports an accept error on the owning server, as Node
// does, and pauses accepting for acceptRetry: the kernel would report
// the listening socket readable again at once.
func (ls *listenSocket) acceptFailed(err error) {
	ls.io.set(ls.w, 0)
	t := ls.owner.loop.SetTimeout(acceptRetry, func() {
		if !ls.done {
			ls.io.set(ls.w, evIn)
		}
	})
	t.Unref()
	ls.owner.Emit("error", systemError(err, "accept", "", 0))
}

// ioFailed reports that the loop cannot watch the listening socket.
func (ls *listenSocket) ioFailed(err error) {
	ls.owner.Emit("error", systemError(err, "listen", "", 0))
}

// connect turns an accepted connection into a 'connection' and returns
// its socket, or drops it when the server has reached maxConnections.
func (s *Server) connect(conn *fdConn) *Socket {
	// Up to Node.js 20, maxConnections = 0 sets no limit; from 22 on it
	// accepts no connection.
	limited := s.maxConns != 0 || s.loop.NodeLine() >= Node22
	if s.maxSet && limited && s.connections >= s.maxConns {
		s.drop(conn)
		return nil
	}
	// A connection accepted here has the kernel's defaults, as in
	// Node.js: Nagle's algorithm on, keep-alive off, unless the server's
	// options ask.
	if s.opts.NoDelay {
		setNoDelay(conn, true)
	}
	if s.opts.KeepAlive {
		setKeepAlive(conn, true, s.opts.KeepAliveInitialDelay)
	}
	s.connections++
	sock := s.loop.NewSocket(SocketOptions{AllowHalfOpen: s.opts.AllowHalfOpen, HighWaterMark: s.opts.HighWaterMark})
	sock.server = s
	if err := sock.attach(conn); err != nil {
		// Not while the server listens (its poller exists); should it
		// happen, the server hears of it, as of a failed accept.
		sock.Destroy(nil)
		s.Emit("error", systemError(err, "accept", "", 0))
		return nil
	}
	if s.opts.PauseOnConnect {
		sock.Pause() // and no read until Resume starts one
	} else {
		sock.maybeRead()
	}
	s.Emit("connection", sock)
	return sock
}

// DropInfo is the argument of 'drop' for a TCP connection.
type DropInfo struct {
	LocalAddress, LocalFamily   string
	LocalPort                   int
	RemoteAddress, RemoteFamily string
	RemotePort                  int
}

// drop closes a connection past maxConnections; in the v19 profile it
// emits 'drop' with the connection's addresses (a *DropInfo), or with no
// argument for a Unix domain socket.
func (s *Server) drop(conn *fdConn) {
	local, remote := addrOf(conn.LocalAddr()), addrOf(conn.RemoteAddr())
	conn.Close()
	if s.loop.profile == ProfileV010 {
		return
	}
	if !conn.tcp {
		s.Emit("drop")
		return
	}
	s.Emit("drop", &DropInfo{
		LocalAddress: local.Address, LocalPort: local.Port, LocalFamily: local.Family,
		RemoteAddress: remote.Address, RemotePort: remote.Port, RemoteFamily: remote.Family,
	})
}

// connectionClosed is called by an accepted socket at its 'close'.
func (s *Server) connectionClosed() {
	s.connections--
	s.emitCloseIfDrained()
}

// Close stops accepting connections; the server emits 'close' once the
// connections it has accepted are all closed. callback, if not nil,
// runs at 'close', with ErrServerNotRunning if the server was not
// listening. A Unix domain socket file the server created is removed.
func (s *Server) Close(callback func(error)) *Server {
	s.loop.mustOwn("Server.Close")
	s.loop.untrack(s)
	if callback != nil {
		if s.ls == nil {
			s.Once("close", func(...any) { callback(ErrServerNotRunning()) })
		} else {
			s.Once("close", func(...any) { callback(nil) })
		}
	}
	if s.ls != nil {
		s.ls.close()
		s.ls = nil
		s.h.setOpen(false)
	}
	if s.listenBusy {
		s.listenSeq++
		s.listenBusy = false
		s.h.setOpen(false)
	}
	s.emitCloseIfDrained()
	return s
}

func (s *Server) emitCloseIfDrained() {
	if s.ls != nil || s.connections > 0 {
		return
	}
	s.loop.NextTick(func() { s.Emit("close") })
}

// Ref makes the server keep the loop alive while listening (the default).
func (s *Server) Ref() *Server { s.h.Ref(); return s }

// Unref lets the loop end while the server is listening.
func (s *Server) Unref() *Server { s.h.Unref(); return s }

// listenTCP creates a listening TCP socket the way libuv does: SO_REUSEADDR
// on, dual stack for IPv6 unless ipv6Only, and the given backlog.
func listenTCP(addr string, port, backlog int, ipv6Only, reusePort bool) (*listenSocket, error) {
	ip := net.ParseIP(addr)
	var sa unix.Sockaddr
	family := unix.AF_INET
	if ip4 := ip.To4(); ip4 != nil && !isIPv6Literal(addr) {
		sa4 := &unix.SockaddrInet4{Port: port}
		copy(sa4.Addr[:], ip4)
		sa = sa4
	} else {
		family = unix.AF_INET6
		sa6 := &unix.SockaddrInet6{Port: port}
		copy(sa6.Addr[:], ip.To16())
		sa = sa6
	}
	fd, err := unix.Socket(family, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			unix.Close(fd)
		}
	}()
	if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1); err != nil {
		return nil, err
	}
	if reusePort {
		if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEPORT, 1); err != nil {
			return nil, err
		}
	}
	if family == unix.AF_INET6 {
		v6only := 0
		if ipv6Only {
			v6only = 1
		}
		if err := unix.SetsockoptInt(fd, unix.IPPROTO_IPV6, unix.IPV6_V6ONLY, v6only); err != nil {
			return nil, err
		}
	}
	if err := unix.Bind(fd, sa); err != nil {
		return nil, err
	}
	if err := unix.Listen(fd, clampBacklog(backlog)); err != nil {
		return nil, err
	}
	bound, err := unix.Getsockname(fd)
	if err != nil {
		return nil, err
	}
	ok = true
	return &listenSocket{fd: fd, tcp: true, info: addrOf(sockaddrToAddr(bound))}, nil
}

// clampBacklog keeps a backlog within the int the kernel takes.
func clampBacklog(b int) int { return min(b, math.MaxInt32) }

// ipv6Available reports whether an IPv6 socket can be bound here.
var ipv6Available = sync.OnceValue(func() bool {
	fd, err := unix.Socket(unix.AF_INET6, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err == nil {
		err = unix.Bind(fd, &unix.SockaddrInet6{Addr: [16]byte{15: 1}})
		unix.Close(fd)
	}
	return err == nil
})
