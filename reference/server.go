package reference

import (
	"net"
	"os"
	"strconv"
	"sync"

	"golang.org/x/sys/unix"
)

// DefaultBacklog is the listen backlog when none is given, as in Node.js.
const DefaultBacklog = 511

// ServerOptions are the options of net.createServer(options).
type ServerOptions struct {
	// AllowHalfOpen is given to every accepted socket: see SocketOptions.
	AllowHalfOpen bool
}

// ListenOptions are the options of server.listen(options).
type ListenOptions struct {
	Port int
	// Host is an IP address or a name to look up. Empty means the
	// unspecified address: "::" when IPv6 is available (dual stack),
	// else "0.0.0.0"; in the v0.10 profile always "0.0.0.0".
	Host string
	// Backlog is the kernel's accept queue length; 0 means DefaultBacklog.
	Backlog int
}

// AddressInfo is a bound address as server.address() and
// socket.address() report it.
type AddressInfo struct {
	Address string
	Family  string // "IPv4" or "IPv6"
	Port    int
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

// Server is a net.Server: it accepts TCP connections and emits
// 'listening', 'connection' (*Socket), 'error' and 'close'.
type Server struct {
	EventEmitter
	loop        *Loop
	h           *Handle
	opts        ServerOptions
	ln          net.Listener
	addr        *AddressInfo
	connections int
	listenBusy  bool // a listen is between its call and its bind
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
func (s *Server) Listening() bool { return s.ln != nil }

// Address returns the bound address, or nil before 'listening' and after
// Close.
func (s *Server) Address() *AddressInfo {
	if s.ln == nil {
		return nil
	}
	a := *s.addr
	return &a
}

func checkPort(port int, name string, allowZero bool) error {
	if port < 0 || port > 0xFFFF || (port == 0 && !allowZero) {
		return ErrSocketBadPort(name, "type number ("+strconv.Itoa(port)+")", allowZero)
	}
	return nil
}

// Listen starts listening. It returns an error for bad arguments and for
// a server that already listens; a failure to bind is emitted as 'error'.
// callback, if not nil, is added as a 'listening' listener. As in Node,
// the bind happens after Listen returns, so Address is nil until then.
func (s *Server) Listen(opts ListenOptions, callback func()) error {
	if s.ln != nil || s.listenBusy {
		return ErrServerAlreadyListen()
	}
	if err := checkPort(opts.Port, "options.port", true); err != nil {
		return err
	}
	if callback != nil {
		s.Once("listening", func(...any) { callback() })
	}
	backlog := opts.Backlog
	if backlog <= 0 {
		backlog = DefaultBacklog
	}
	s.listenBusy = true
	s.h.setOpen(true)
	host := opts.Host
	op := s.h.reserve()
	seq := s.listenSeq
	go func() {
		addr, _, err := s.bindAddress(host)
		op.Complete(func() {
			if seq != s.listenSeq {
				return // closed before the bind, as Node's _listeningId
			}
			s.listenBusy = false
			if err != nil {
				s.h.setOpen(false)
				s.listenError(err)
				return
			}
			s.bind(addr, opts.Port, backlog)
		})
	}()
	return nil
}

// bindAddress resolves the host to listen on.
func (s *Server) bindAddress(host string) (string, int, error) {
	if host == "" {
		if s.loop.profile == ProfileV010 || !ipv6Available() {
			return "0.0.0.0", 4, nil
		}
		return "::", 6, nil
	}
	addr, family, err := resolve(host)
	if err != nil {
		return "", 0, &Error{Name: "Error", Code: "ENOTFOUND", Syscall: "getaddrinfo", Errno: -3008,
			Message: "getaddrinfo ENOTFOUND " + host, Err: err}
	}
	return addr, family, nil
}

func (s *Server) bind(addr string, port, backlog int) {
	ln, err := listenTCP(addr, port, backlog)
	if err != nil {
		s.h.setOpen(false)
		s.listenError(uvSystemError(err, "listen", addr, port))
		return
	}
	s.ln = ln
	info := addrOf(ln.Addr())
	s.addr = &info
	s.loop.NextTick(func() {
		if s.ln == ln {
			s.Emit("listening")
		}
	})
	s.accept(ln)
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

func (s *Server) accept(ln net.Listener) {
	op := s.h.reserve()
	go func() {
		conn, err := ln.Accept()
		op.Complete(func() {
			if err != nil || s.ln != ln {
				if conn != nil {
					conn.Close()
				}
				return
			}
			s.connections++
			sock := s.loop.NewSocket(SocketOptions{AllowHalfOpen: s.opts.AllowHalfOpen})
			sock.server = s
			sock.attach(conn)
			sock.maybeRead()
			s.Emit("connection", sock)
			s.accept(ln)
		})
	}()
}

// connectionClosed is called by an accepted socket at its 'close'.
func (s *Server) connectionClosed() {
	s.connections--
	s.emitCloseIfDrained()
}

// Close stops accepting connections; the server emits 'close' once the
// connections it has accepted are all closed. callback, if not nil,
// runs at 'close', with ErrServerNotRunning if the server was not
// listening.
func (s *Server) Close(callback func(error)) *Server {
	if callback != nil {
		if s.ln == nil {
			s.Once("close", func(...any) { callback(ErrServerNotRunning()) })
		} else {
			s.Once("close", func(...any) { callback(nil) })
		}
	}
	if s.ln != nil {
		s.ln.Close()
		s.ln = nil
		s.addr = nil
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
	if s.ln != nil || s.connections > 0 {
		return
	}
	s.loop.NextTick(func() { s.Emit("close") })
}

// Ref makes the server keep the loop alive while listening (the default).
func (s *Server) Ref() *Server { s.h.Ref(); return s }

// Unref lets the loop end while the server is listening.
func (s *Server) Unref() *Server { s.h.Unref(); return s }

// listenTCP creates a listening TCP socket the way libuv does: SO_REUSEADDR
// on, dual stack for IPv6, and the given backlog.
func listenTCP(addr string, port, backlog int) (net.Listener, error) {
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
	if family == unix.AF_INET6 {
		if err := unix.SetsockoptInt(fd, unix.IPPROTO_IPV6, unix.IPV6_V6ONLY, 0); err != nil {
			return nil, err
		}
	}
	if err := unix.Bind(fd, sa); err != nil {
		return nil, err
	}
	if err := unix.Listen(fd, backlog); err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(fd), "listener")
	ok = true
	ln, err := net.FileListener(f)
	f.Close() // FileListener holds its own duplicate.
	return ln, err
}

// ipv6Available reports whether an IPv6 socket can be bound here.
var ipv6Available = sync.OnceValue(func() bool {
	fd, err := unix.Socket(unix.AF_INET6, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err == nil {
		err = unix.Bind(fd, &unix.SockaddrInet6{Addr: [16]byte{15: 1}})
		unix.Close(fd)
	}
	return err == nil
})
