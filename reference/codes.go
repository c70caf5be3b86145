package reference

import (
	"context"
	"errors"
	"net"
	"os"
	"syscall"
)

// Code is a Node.js error code as an error value, for errors.Is: every
// error the reference reports is an *Error, which matches the Code it
// carries, so
//
//	errors.Is(err, reference.CodeStreamWriteAfterEnd)
//
// holds for a write after end. System errors match their errno name too
// (Code("EADDRINUSE")), as well as the syscall.Errno itself
// (errors.Is(err, syscall.EADDRINUSE)). The constants are the codes the
// reference reports; any other code can be written as Code("...").
type Code string

// Error returns the code.
func (c Code) Error() string { return string(c) }

// The codes of Node's own errors that the reference reports.
const (
	CodeStreamWriteAfterEnd  Code = "ERR_STREAM_WRITE_AFTER_END"
	CodeStreamDestroyed      Code = "ERR_STREAM_DESTROYED"
	CodeSocketClosed         Code = "ERR_SOCKET_CLOSED"
	CodeSocketConnecting     Code = "ERR_SOCKET_CONNECTING"
	CodeSocketBadPort        Code = "ERR_SOCKET_BAD_PORT"
	CodeServerAlreadyListen  Code = "ERR_SERVER_ALREADY_LISTEN"
	CodeServerNotRunning     Code = "ERR_SERVER_NOT_RUNNING"
	CodeInvalidArgType       Code = "ERR_INVALID_ARG_TYPE"
	CodeInvalidArgValue      Code = "ERR_INVALID_ARG_VALUE"
	CodeInvalidIPAddress     Code = "ERR_INVALID_IP_ADDRESS"
	CodeInvalidAddress       Code = "ERR_INVALID_ADDRESS"
	CodeInvalidHandleType    Code = "ERR_INVALID_HANDLE_TYPE"
	CodeOutOfRange           Code = "ERR_OUT_OF_RANGE"
	CodeUnknownEncoding      Code = "ERR_UNKNOWN_ENCODING"
	CodeAbort                Code = "ABORT_ERR"
	CodeNotFound             Code = "ENOTFOUND"
	CodeConnectionRefused    Code = "ECONNREFUSED"
	CodeConnectionReset      Code = "ECONNRESET"
	CodeAddressInUse         Code = "EADDRINUSE"
	CodeBrokenPipe           Code = "EPIPE"
	CodeTimedOut             Code = "ETIMEDOUT"
	CodeAddressNotAvailable  Code = "EADDRNOTAVAIL"
	CodePermissionDenied     Code = "EACCES"
	CodeTooManyOpenFiles     Code = "EMFILE"
	CodeInvalidArgumentErrno Code = "EINVAL"
)

// Is reports whether target is e's Code; an AbortError (ABORT_ERR) is
// also context.Canceled, as a cancelled context is Go's abort.
func (e *Error) Is(target error) bool {
	switch t := target.(type) {
	case Code:
		return e.Code != "" && string(t) == e.Code
	}
	return target == context.Canceled && e.Code == string(CodeAbort)
}

// opError wraps err, the errno of a failed listen or bind on address and
// port (or the Unix socket path address), in the *net.OpError Go's own
// net package would return, so that errors.As finds one in every
// reference error of a failed listen, bind or connect alike.
func opError(err error, op, address string, port int) error {
	if _, ok := err.(*net.OpError); ok {
		return err
	}
	if _, ok := err.(*os.SyscallError); !ok {
		if errno, ok := err.(syscall.Errno); ok {
			err = os.NewSyscallError(op, errno)
		}
	}
	oe := &net.OpError{Op: op, Net: "tcp", Err: err}
	switch ip := net.ParseIP(address); {
	case ip != nil:
		oe.Addr = &net.TCPAddr{IP: ip, Port: port}
	case address != "":
		oe.Net, oe.Addr = "unix", &net.UnixAddr{Name: address, Net: "unix"}
	}
	return oe
}

// IsCode reports whether err is, or wraps, an error with the code c: it
// is errors.Is(err, c), spelled for readability.
func IsCode(err error, c Code) bool { return errors.Is(err, c) }
