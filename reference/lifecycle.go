package reference

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime/debug"
)

// PanicError is the uncaught error a panic inside a callback becomes:
// Value is what was passed to panic and Stack the panicking goroutine's
// stack, taken where the panic was recovered. Run returns it (or the
// uncaught handler receives it); errors.Is and errors.As see through it
// to Value when Value is an error. Print it with %+v to see the stack.
type PanicError struct {
	Value any
	Stack []byte
}

// Error returns "panic: " and the value, as the runtime prints it.
func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Unwrap returns Value when it is an error.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// Format prints the message, and with %+v the stack after it.
func (e *PanicError) Format(f fmt.State, verb rune) {
	io.WriteString(f, e.Error())
	if verb == 'v' && f.Flag('+') {
		io.WriteString(f, "\n\n")
		f.Write(e.Stack)
	}
}

func newPanicError(r any) *PanicError { return &PanicError{Value: r, Stack: debug.Stack()} }

// closer is a handle that holds a descriptor or a pending operation
// (a socket, a server) and that Close must release.
type closer interface{ forceClose() }

// track records h as holding something Close must release; untrack
// forgets it once it released it by itself.
func (l *Loop) track(h closer) {
	if l.live == nil {
		l.live = make(map[closer]struct{})
	}
	l.live[h] = struct{}{}
}

func (l *Loop) untrack(h closer) {
	delete(l.live, h)
	if l.draining != nil && len(l.live) == 0 {
		close(l.draining)
		l.draining = nil
	}
}

func (s *Socket) forceClose() { s.Destroy(nil); s.loop.untrack(s) }
func (s *Server) forceClose() { s.Close(nil); s.loop.untrack(s) }

// mustOwn panics when the caller is not the goroutine inside Run while
// Run runs: a handle's methods are not safe for concurrent use, and a
// call from another goroutine would corrupt the loop's state quietly
// (the race detector finds it; without it, it shows as a hang or a
// crash later). The check is always on; it costs an atomic load and a
// comparison (BenchmarkGoroutineCheck).
func (l *Loop) mustOwn(method string) {
	if o := l.owner.Load(); o != 0 && o != getg() {
		panic("reference: " + method + " called from a goroutine other than the one running Loop.Run; " +
			"a Loop and its handles may be used only from its callbacks: hand work to the loop with Loop.Submit")
	}
}

// onLoop reports whether the caller is the goroutine inside Run.
func (l *Loop) onLoop() bool { return l.owner.Load() == getg() }

// ErrLoopClosed is returned by Run on a loop that Close has closed.
var ErrLoopClosed = errors.New("reference: the loop is closed")

// Close releases everything the loop holds, at once: every socket is
// destroyed ('close' with hadError false), every server closed, every
// timer stopped and every KeepAlive released; the loop then runs until
// the goroutines it started (lookups, dials) have returned, and ends.
// When Close returns, no descriptor and no goroutine of the loop is left,
// and Run has returned.
//
// Close may be called from any goroutine: from a callback, it starts the
// closing and returns, and Run ends once it is done; from another
// goroutine while Run runs, it waits for Run to end; when Run is not
// running (it returned an uncaught error, or never ran), Close runs the
// loop itself to release what is left. Uncaught errors of the callbacks
// that run meanwhile ('close' listeners) do not stop the closing; Close
// returns them, joined. Run on a closed loop returns ErrLoopClosed.
func (l *Loop) Close() error {
	if l.onLoop() {
		l.closeAll()
		return nil
	}
	if done := l.runningDone(); done != nil {
		l.mu.Lock()
		l.post(l.closeAll) // as Submit, even after Run stopped taking work
		l.mu.Unlock()
		<-done
	}
	// Run has returned (or never ran): release what is left here. With
	// closing set, uncaught errors do not stop it.
	l.run(l.closeAll)
	errs := l.closeErrs
	l.closeErrs = nil
	l.closed = true
	return errors.Join(errs...)
}

// runningDone returns a channel closed when the current Run returns, or
// nil when Run is not running.
func (l *Loop) runningDone() <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.runDone
}

// closeAll is Close on the loop goroutine.
func (l *Loop) closeAll() {
	l.closing, l.stopping = true, true
	for h := range l.live {
		h.forceClose()
	}
	for len(l.timers) > 0 {
		l.timers[0].Stop()
	}
}

// Shutdown closes the loop gracefully: every server stops accepting,
// every socket ends (the peer receives a FIN once what is queued is
// written), and Shutdown waits until every connection has closed; then,
// or when ctx is done first, it closes the loop as Close does. It
// returns ctx's error if it had to cut connections short, else what
// Close returns. Call it from any goroutine but the loop's.
func (l *Loop) Shutdown(ctx context.Context) error {
	if l.onLoop() {
		panic("reference: Loop.Shutdown called from a loop callback; it waits for the loop, so call it from another goroutine (or call Loop.Close)")
	}
	drained := make(chan struct{})
	start := func() {
		l.stopping = true
		if len(l.live) == 0 {
			close(drained)
			return
		}
		l.draining = drained
		for h := range l.live {
			switch h := h.(type) {
			case *Server:
				h.Close(nil)
			case *Socket:
				if h.connecting {
					h.Destroy(nil) // nothing to end gracefully yet
				} else {
					h.End(nil, nil)
				}
			}
		}
	}
	var ended <-chan struct{} // Run returned: nothing is left to drain
	if done := l.runningDone(); done != nil {
		ended = done
		l.mu.Lock()
		l.post(start)
		l.mu.Unlock()
	} else {
		// Nothing runs the loop: run it on a goroutine of its own, and
		// wait until it has started, so that Close below finds it.
		started, ended := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(ended)
			l.run(func() { close(started); start() })
		}()
		<-started
		defer func() { <-ended }()
	}
	var err error
	select {
	case <-drained:
	case <-ended:
	case <-ctx.Done():
		err = ctx.Err()
	}
	if cerr := l.Close(); err == nil {
		err = cerr
	}
	return err
}
