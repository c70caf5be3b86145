// Package reference is Node.js's net module in Go: TCP and Unix domain
// socket servers and clients with Node's semantics (events, half-open
// connections, pause and resume, 'drain' backpressure, Node's error
// codes and messages), driven by a single-threaded event loop as
// libuv's. It is the oracle of the netconform conformance suite, and a
// library for Go programs that want those semantics at an event loop's
// cost: an idle connection costs a descriptor and about 2 KiB, not a
// goroutine.
//
// # The loop
//
// A [Loop] runs every callback and event listener of the handles it owns
// on the one goroutine inside [Loop.Run]; Run returns once nothing keeps
// the loop alive (no listening server, open socket, pending timer or
// [Loop.KeepAlive]). Handles are not safe for concurrent use: call their
// methods from the loop's callbacks only. Another goroutine hands work to
// the loop with [Loop.Submit]; a call from the wrong goroutine panics
// with a message saying so.
//
// # Events
//
// A [Socket] emits 'connect', 'ready', 'data' ([]byte, or string after
// [Socket.SetEncoding]), 'end', 'finish', 'drain', 'timeout', 'error'
// and 'close' (hadError bool); a [Server] emits 'listening',
// 'connection' (*Socket), 'drop', 'error' and 'close'. Listen with
// [EventEmitter.On] and the event's name, as in Node.
//
// # Errors
//
// Every error is an [*Error] with Node's name, code and message. Test it
// with errors.Is and a [Code] (errors.Is(err, CodeStreamWriteAfterEnd)),
// a syscall.Errno (errors.Is(err, syscall.ECONNREFUSED)), or
// context.Canceled for an AbortError; system errors of a connect, bind or
// listen wrap a *net.OpError. An 'error' event with no listener, or a
// panic in a callback, is uncaught: it stops Run, which returns it (a
// panic as a [*PanicError] with its stack), unless
// [Loop.SetUncaughtHandler] takes it.
//
// # Ownership of written data
//
// [Socket.Write] does not retain the caller's slice: what the kernel
// takes at once is written from it, and what has to wait is copied.
//
// # Shutting down
//
// [Loop.Close] releases every descriptor and goroutine of the loop at
// once, even after Run stopped on an uncaught error; [Loop.Shutdown]
// stops the servers and ends the connections first, and waits for them
// until its context ends.
package reference
