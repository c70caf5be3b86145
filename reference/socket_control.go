package reference

import "time"

// ErrInvalidHandleType is thrown by ResetAndDestroy on a socket that is
// not TCP (a Unix domain socket).
func ErrInvalidHandleType() *Error {
	return nodeError("TypeError", "ERR_INVALID_HANDLE_TYPE", "This handle type cannot be sent")
}

// SetTimeout makes the socket emit 'timeout' after d of inactivity (no
// byte read or written); d = 0 disables it. The connection stays open:
// the 'timeout' listener decides what to do. callback, if not nil, is
// added as a one-time 'timeout' listener (removed when d is 0, as Node
// does).
func (s *Socket) SetTimeout(d time.Duration, callback Listener) *Socket {
	s.timeout, s.hasTimeout = d, true
	if callback != nil && d > 0 {
		s.EventEmitter.Once("timeout", callback)
	}
	s.stopIdleTimer()
	s.touch()
	return s
}

// Timeout returns the idle timeout setTimeout set, and false if it was
// never called (socket.timeout is then undefined).
func (s *Socket) Timeout() (time.Duration, bool) { return s.timeout, s.hasTimeout }

// touch restarts the idle timer: called on activity. The timer is
// unref'd, as Node's socket timers are: it never keeps the loop alive.
func (s *Socket) touch() {
	if s.timeout <= 0 || s.destroyed {
		return
	}
	s.stopIdleTimer()
	s.idleTimer = s.loop.SetTimeout(s.timeout, func() {
		s.idleTimer = nil
		if !s.destroyed {
			s.Emit("timeout")
		}
	})
	s.idleTimer.Unref()
}

func (s *Socket) stopIdleTimer() {
	if s.idleTimer != nil {
		s.idleTimer.Stop()
		s.idleTimer = nil
	}
}

// SetNoDelay turns Nagle's algorithm off (noDelay true) or back on. On a
// socket not connected yet, it takes effect once connected.
func (s *Socket) SetNoDelay(noDelay bool) *Socket {
	s.noDelay = noDelay
	if s.conn != nil && !s.destroyed {
		setNoDelay(s.conn, noDelay)
	}
	return s
}

// SetKeepAlive turns TCP keep-alive on or off; initialDelay is the idle
// time before the first probe (at least 1 s, as libuv sets it). On a
// socket not connected yet, it takes effect once connected.
func (s *Socket) SetKeepAlive(enable bool, initialDelay time.Duration) *Socket {
	s.keepAlive, s.keepDelay = enable, initialDelay
	if s.conn != nil && !s.destroyed {
		setKeepAlive(s.conn, enable, initialDelay)
	}
	return s
}

// ResetAndDestroy closes a TCP connection with an RST instead of a FIN
// (SO_LINGER 0), so the peer sees ECONNRESET; while connecting, it does
// so once connected. On a Unix domain socket it returns
// ErrInvalidHandleType; on a socket with no connection it destroys it
// with ErrSocketClosed.
func (s *Socket) ResetAndDestroy() (*Socket, error) {
	switch {
	case s.connecting:
		s.resetOnConnect = true
	case s.conn != nil && !s.destroyed:
		if !s.conn.tcp {
			return s, ErrInvalidHandleType()
		}
		s.reset()
	default:
		s.Destroy(ErrSocketClosed())
	}
	return s, nil
}

func (s *Socket) reset() {
	if s.conn.tcp {
		s.conn.setLinger0()
	}
	s.Destroy(nil)
}

// LocalAddress returns the local IP address, or "" when not connected.
func (s *Socket) LocalAddress() string { return s.localInfo().Address }

// LocalPort returns the local port, or 0 when not connected.
func (s *Socket) LocalPort() int { return s.localInfo().Port }

// LocalFamily returns "IPv4" or "IPv6", or "" when not connected.
func (s *Socket) LocalFamily() string { return s.localInfo().Family }

func (s *Socket) localInfo() AddressInfo {
	if a := s.Address(); a != nil {
		return *a
	}
	return AddressInfo{}
}

// renew readies a destroyed socket for another connection, as
// socket.connect() after 'close' does in Node (the stream is
// "undestroyed"; the counters start again). Completions of the old
// connection's I/O are ignored by their generation.
func (s *Socket) renew() {
	s.gen++
	s.conn, s.remoteAddr, s.peerRead = nil, nil, false
	s.holdFinal = false
	s.connected, s.hadError = false, false
	s.buffer, s.buffered, s.reading = nil, 0, false
	s.readEOF, s.endEmitted, s.readDone = false, false, false
	s.onreadRest, s.onreadStopped = nil, false
	s.queue, s.writing, s.writeLen, s.needDrain = nil, false, 0, false
	s.ending, s.finished, s.finishSeen, s.peerEnded = false, false, false, false
	s.resetOnConnect = false
	s.server = nil // no longer a connection the server accepted
	s.bytesRead, s.bytesWritten = 0, 0
}

// ErrAbort is the AbortError a socket is destroyed with when its signal
// aborts.
func ErrAbort() *Error {
	return &Error{Name: "AbortError", Code: "ABORT_ERR", Message: "The operation was aborted"}
}

// WatchSignal destroys the socket with ErrAbort when sig is closed, as
// new net.Socket({signal}) does; a signal closed already destroys it on
// the next tick. Watching stops at 'close'.
func (s *Socket) WatchSignal(sig <-chan struct{}) {
	if sig == nil {
		return
	}
	select {
	case <-sig:
		s.loop.NextTick(func() { s.Destroy(ErrAbort()) })
		return
	default:
	}
	stop := make(chan struct{})
	s.EventEmitter.Once("close", func(...any) { close(stop) })
	go func() {
		select {
		case <-sig:
			s.loop.Submit(func() { s.Destroy(ErrAbort()) })
		case <-stop:
		}
	}()
}
