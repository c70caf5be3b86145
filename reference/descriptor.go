package reference

import "syscall"

// Descriptor returns the file descriptor of the socket's connection, and
// false when it has none open (before it connects, after Destroy). An
// embedder uses it to prove that destroying a socket released it.
func (s *Socket) Descriptor() (int, bool) {
	if s.destroyed || s.conn == nil {
		return 0, false
	}
	return descriptorOf(s.conn)
}

// Descriptor returns the file descriptor of the server's listening
// socket, and false while the server does not listen.
func (s *Server) Descriptor() (int, bool) {
	if s.ls == nil || s.ls.done {
		return 0, false
	}
	return descriptorOf(s.ls.ln)
}

// descriptorOf returns the descriptor under a connection or listener of
// the net package (each is a syscall.Conn).
func descriptorOf(v any) (int, bool) {
	sc, ok := v.(syscall.Conn)
	if !ok {
		return 0, false
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return 0, false
	}
	fd := -1
	if err := raw.Control(func(d uintptr) { fd = int(d) }); err != nil || fd < 0 {
		return 0, false
	}
	return fd, true
}
