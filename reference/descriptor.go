package reference

// Descriptor returns the file descriptor of the socket's connection, and
// false when it has none open (before it connects, after Destroy). An
// embedder uses it to prove that destroying a socket released it.
func (s *Socket) Descriptor() (int, bool) {
	if s.destroyed || s.conn == nil || s.conn.fd < 0 {
		return 0, false
	}
	return s.conn.fd, true
}

// Descriptor returns the file descriptor of the server's listening
// socket, and false while the server does not listen.
func (s *Server) Descriptor() (int, bool) {
	if s.ls == nil || s.ls.done || s.ls.fd < 0 {
		return 0, false
	}
	return s.ls.fd, true
}
