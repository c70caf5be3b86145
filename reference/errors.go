package reference

import (
	"errors"
	"fmt"
	"strconv"
	"syscall"
)

// Error is every error the reference reports, shaped as Node.js shapes
// its errors: Name is the JavaScript class ("Error", "TypeError",
// "RangeError", "AbortError"), Code is Node's `code` property
// ("ERR_SOCKET_BAD_PORT", "EADDRINUSE", ...), and Message is Node's
// message text. System errors also carry Syscall, Errno (negative, as
// libuv reports it) and, where Node sets them, Address and Port.
type Error struct {
	Name    string
	Code    string
	Message string
	Syscall string
	Errno   int
	Address string
	Port    int  // meaningful when HasPort
	HasPort bool // Node sets `port` on this error
	Err     error
}

// Error returns the message as Node prints it: "Name [CODE]: message" for
// Node's internal errors, the bare message for system errors.
func (e *Error) Error() string {
	if e.Syscall != "" {
		return e.Message
	}
	if e.Code == "" {
		return e.Name + ": " + e.Message
	}
	return e.Name + " [" + e.Code + "]: " + e.Message
}

// Unwrap returns the underlying Go error, if any.
func (e *Error) Unwrap() error { return e.Err }

// ErrorCode returns the Node.js code of err, or "" when err is not an
// *Error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func nodeError(name, code, format string, args ...any) *Error {
	return &Error{Name: name, Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrServerAlreadyListen is thrown by Server.Listen on a listening server.
func ErrServerAlreadyListen() *Error {
	return nodeError("Error", "ERR_SERVER_ALREADY_LISTEN", "Listen method has been called more than once without closing.")
}

// ErrServerNotRunning is passed to a close callback of a server that was
// not listening.
func ErrServerNotRunning() *Error {
	return nodeError("Error", "ERR_SERVER_NOT_RUNNING", "Server is not running.")
}

// ErrStreamWriteAfterEnd is reported by a write after end().
func ErrStreamWriteAfterEnd() *Error {
	return nodeError("Error", "ERR_STREAM_WRITE_AFTER_END", "write after end")
}

// ErrStreamAlreadyFinished is what end(callback) of a finished stream
// calls back with.
func ErrStreamAlreadyFinished(op string) *Error {
	return nodeError("Error", "ERR_STREAM_ALREADY_FINISHED", "Cannot call %s after a stream was finished", op)
}

// ErrSocketClosed is reported by operations on a destroyed socket.
func ErrSocketClosed() *Error {
	return nodeError("Error", "ERR_SOCKET_CLOSED", "Socket is closed")
}

// ErrStreamDestroyed is reported by a write on a destroyed socket.
func ErrStreamDestroyed(op string) *Error {
	return nodeError("Error", "ERR_STREAM_DESTROYED", "Cannot call %s after a stream was destroyed", op)
}

// ErrSocketBadPort reports a port outside 0..65535 (1..65535 when zero is
// not allowed). received describes the value as Node does, e.g.
// "type number (65536)".
func ErrSocketBadPort(name, received string, allowZero bool) *Error {
	op := ">="
	if !allowZero {
		op = ">"
	}
	return nodeError("RangeError", "ERR_SOCKET_BAD_PORT", "%s should be %s 0 and < 65536. Received %s.", name, op, received)
}

// ErrInvalidArgType reports an argument of the wrong type; expected reads
// as Node writes it, e.g. `of type string`.
func ErrInvalidArgType(name, expected, received string) *Error {
	kind := "argument"
	if containsDot(name) {
		kind = "property"
	}
	return nodeError("TypeError", "ERR_INVALID_ARG_TYPE", "The %q %s must be %s. Received %s", name, kind, expected, received)
}

// ErrInvalidArgValue reports an argument of the right type and a wrong
// value.
func ErrInvalidArgValue(name, received, reason string) *Error {
	kind := "argument"
	if containsDot(name) {
		kind = "property"
	}
	if reason == "" {
		reason = "is invalid"
	}
	return nodeError("TypeError", "ERR_INVALID_ARG_VALUE", "The %s '%s' %s. Received %s", kind, name, reason, received)
}

func containsDot(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			return true
		}
	}
	return false
}

// uvMessages are libuv's descriptions of the errors Node puts in the
// messages of listen errors.
var uvMessages = map[syscall.Errno]string{
	syscall.EADDRINUSE:    "address already in use",
	syscall.EADDRNOTAVAIL: "address not available",
	syscall.EACCES:        "permission denied",
	syscall.ECONNREFUSED:  "connection refused",
	syscall.ECONNRESET:    "connection reset by peer",
	syscall.ENOENT:        "no such file or directory",
	syscall.EPIPE:         "broken pipe",
	syscall.EINVAL:        "invalid argument",
	syscall.EMFILE:        "too many open files",
	syscall.ETIMEDOUT:     "connection timed out",
	syscall.ENOTSOCK:      "socket operation on non-socket",
	syscall.EAFNOSUPPORT:  "address family not supported",
	syscall.EISCONN:       "socket is already connected",
	syscall.EALREADY:      "connection already in progress",
}

// errnoName returns the symbolic name of errno ("EADDRINUSE").
// errNotFound is the error of a host name that did not resolve, as
// getaddrinfo's EAI_NONAME reaches JavaScript; cause may be nil.
func errNotFound(host string, cause error) *Error {
	return &Error{Name: "Error", Code: "ENOTFOUND", Syscall: "getaddrinfo", Errno: -3008,
		Message: "getaddrinfo ENOTFOUND " + host, Err: cause}
}

func errnoName(errno syscall.Errno) string {
	if n, ok := errnoNames[errno]; ok {
		return n
	}
	return "UNKNOWN"
}

var errnoNames = map[syscall.Errno]string{
	syscall.EADDRINUSE:    "EADDRINUSE",
	syscall.EADDRNOTAVAIL: "EADDRNOTAVAIL",
	syscall.EACCES:        "EACCES",
	syscall.ECONNREFUSED:  "ECONNREFUSED",
	syscall.ECONNRESET:    "ECONNRESET",
	syscall.ECONNABORTED:  "ECONNABORTED",
	syscall.ENOENT:        "ENOENT",
	syscall.ENOBUFS:       "ENOBUFS",
	syscall.EPIPE:         "EPIPE",
	syscall.EINVAL:        "EINVAL",
	syscall.EMFILE:        "EMFILE",
	syscall.ENFILE:        "ENFILE",
	syscall.ETIMEDOUT:     "ETIMEDOUT",
	syscall.ENOTSOCK:      "ENOTSOCK",
	syscall.EAFNOSUPPORT:  "EAFNOSUPPORT",
	syscall.ENETUNREACH:   "ENETUNREACH",
	syscall.EHOSTUNREACH:  "EHOSTUNREACH",
	syscall.EPERM:         "EPERM",
	syscall.EISCONN:       "EISCONN",
	syscall.EALREADY:      "EALREADY",
}

// asErrno extracts the system errno from a Go error, or EIO when it
// carries none.
func asErrno(err error) syscall.Errno {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno
	}
	return syscall.EIO
}

// systemError builds the error Node's errnoException / exceptionWithHostPort
// build: "syscall CODE[ address:port]".
func systemError(err error, sys, address string, port int) *Error {
	errno := asErrno(err)
	e := &Error{Name: "Error", Code: errnoName(errno), Syscall: sys, Errno: -int(errno), Err: err}
	e.Message = sys + " " + e.Code + hostPortDetails(address, port)
	e.setHostPort(address, port)
	return e
}

// uvSystemError builds the error Node's UVExceptionWithHostPort builds:
// "syscall CODE: description[ address:port]", as listen errors read.
func uvSystemError(err error, sys, address string, port int) *Error {
	errno := asErrno(err)
	e := &Error{Name: "Error", Code: errnoName(errno), Syscall: sys, Errno: -int(errno), Err: opError(err, sys, address, port)}
	msg := uvMessages[errno]
	if msg == "" {
		msg = errno.Error()
	}
	e.Message = sys + " " + e.Code + ": " + msg + hostPortDetails(address, port)
	e.setHostPort(address, port)
	return e
}

func (e *Error) setHostPort(address string, port int) {
	e.Address = address
	if port > 0 {
		e.Port, e.HasPort = port, true
	}
}

func hostPortDetails(address string, port int) string {
	switch {
	case port > 0:
		return " " + address + ":" + strconv.Itoa(port)
	case address != "":
		return " " + address
	}
	return ""
}
