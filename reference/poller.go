package reference

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// The loop's I/O is readiness-based, as libuv's is on Linux. The loop
// goroutine owns an epoll instance that holds the descriptor of every
// connection and listening socket of the loop; it waits on it, with the
// next timer as the timeout, and when the kernel reports a descriptor
// ready it makes the nonblocking read, write or accept call itself and
// runs the callbacks. No goroutine stands between the kernel and a
// callback, so a message costs its system calls and nothing else: no
// hand-off, no scheduler wakeup, no buffer held while waiting.
//
// When nothing is ready the loop does not block its thread in
// epoll_wait: the epoll descriptor is itself pollable, so the loop
// goroutine parks in Go's network poller until it turns readable (or
// the next timer is due, as a read deadline). The thread is then free
// for other goroutines, and Go's scheduler never has to hand the loop's
// processor to another thread behind a blocked system call.
//
// The descriptors are level-triggered: a descriptor is registered for
// reading only while its socket wants data (flowing, or buffered below
// the high-water mark), so a paused socket leaves the bytes in the
// kernel and the peer feels backpressure; it is registered for writing
// only while a write waits for room. Registrations change lazily, just
// before the loop waits, so a socket that stops and restarts reading
// within one callback costs no system call.
//
// What cannot be done without blocking (name lookups, dialing) still
// runs on goroutines, which post their completions; an eventfd in the
// epoll set wakes the loop for them.

// Readiness events as epoll reports them.
const (
	evIn  = unix.EPOLLIN
	evOut = unix.EPOLLOUT
	evErr = unix.EPOLLERR | unix.EPOLLHUP
)

// ioHandler receives the readiness of a descriptor it watches, on the
// loop goroutine.
type ioHandler interface {
	// onIO is called with the ready events (evIn, evOut, evErr).
	onIO(events uint32)
	// ioFailed is called when the descriptor cannot be watched.
	ioFailed(err error)
}

// watcher is one descriptor in a poller: the events its owner wants and
// the events the kernel has registered.
type watcher struct {
	fd     int
	gen    int32  // tells a stale event from one of a reused descriptor
	want   uint32 // evIn and/or evOut
	have   uint32 // registered with epoll; 0 when not in the set
	queued bool   // on the poller's list of changes
}

// pollFDs is what a poller owns in the kernel. It holds nothing that
// leads back to the loop, so that a cleanup can close the descriptors of
// a loop that was dropped while sockets were still open. (The epoll
// descriptor is an *os.File's, which closes it the same way.)
type pollFDs struct {
	epfd, efd int
	spipe     [2]int     // the pipe of splice.go; -1 until made
	spipeCap  int        // its capacity
	watchers  []*watcher // by descriptor
}

func (f *pollFDs) closeAll() {
	for _, w := range f.watchers {
		if w != nil {
			unix.Close(w.fd)
		}
	}
	unix.Close(f.efd)
	if f.spipe[0] >= 0 {
		unix.Close(f.spipe[0])
		unix.Close(f.spipe[1])
	}
}

// poller is a loop's epoll instance and the handlers of its descriptors.
type poller struct {
	*pollFDs
	handlers []ioHandler // by descriptor
	count    int         // watchers started and not stopped
	gen      int32
	changed  []*watcher
	events   []unix.EpollEvent
	cleanup  runtime.Cleanup
	file     *os.File        // the epoll descriptor, in Go's network poller
	raw      syscall.RawConn // of file
	deadline time.Time       // file's read deadline
	ready    func(fd uintptr) bool
	n        int // what ready found
	err      error
}

// newPoller creates the epoll instance of l, with its eventfd.
func newPoller(l *Loop) (*poller, error) {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, os.NewSyscallError("epoll_create1", err)
	}
	// Nonblocking, so that os.NewFile puts it in Go's network poller.
	if err := unix.SetNonblock(epfd, true); err != nil {
		unix.Close(epfd)
		return nil, os.NewSyscallError("fcntl", err)
	}
	file := os.NewFile(uintptr(epfd), "epoll")
	raw, err := file.SyscallConn()
	if err != nil {
		file.Close()
		return nil, err
	}
	efd, err := unix.Eventfd(0, unix.EFD_NONBLOCK|unix.EFD_CLOEXEC)
	if err != nil {
		file.Close()
		return nil, os.NewSyscallError("eventfd", err)
	}
	ev := unix.EpollEvent{Events: evIn, Fd: int32(efd)}
	if err := unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, efd, &ev); err != nil {
		unix.Close(efd)
		file.Close()
		return nil, os.NewSyscallError("epoll_ctl", err)
	}
	p := &poller{pollFDs: &pollFDs{epfd: epfd, efd: efd, spipe: [2]int{-1, -1}}, events: make([]unix.EpollEvent, 256), file: file, raw: raw}
	p.ready = func(fd uintptr) bool {
		p.n, p.err = sysEpollWait(int(fd), p.events)
		return p.n > 0 || p.err != nil
	}
	p.cleanup = runtime.AddCleanup(l, (*pollFDs).closeAll, p.pollFDs)
	return p, nil
}

// close closes the epoll instance; no watcher may be left.
func (p *poller) close() {
	p.cleanup.Stop()
	unix.Close(p.efd)
	if p.spipe[0] >= 0 {
		unix.Close(p.spipe[0])
		unix.Close(p.spipe[1])
	}
	p.file.Close()
}

// wait returns the ready events, waiting for them up to timeout (-1:
// without limit) parked in Go's network poller.
func (p *poller) wait(timeout time.Duration) (int, error) {
	var deadline time.Time
	if timeout >= 0 {
		deadline = time.Now().Add(timeout)
	}
	if !deadline.Equal(p.deadline) {
		if err := p.file.SetReadDeadline(deadline); err != nil {
			return 0, err
		}
		p.deadline = deadline
	}
	err := p.raw.Read(p.ready)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return 0, nil
	}
	if err == nil {
		err = p.err
	}
	return p.n, err
}

// start watches fd for h; it wants no event yet.
func (p *poller) start(fd int, h ioHandler) *watcher {
	if fd >= len(p.watchers) {
		n := max(2*len(p.watchers), fd+1, 64)
		p.watchers = append(p.watchers, make([]*watcher, n-len(p.watchers))...)
		p.handlers = append(p.handlers, make([]ioHandler, n-len(p.handlers))...)
	}
	p.gen++
	w := &watcher{fd: fd, gen: p.gen}
	p.watchers[fd], p.handlers[fd] = w, h
	p.count++
	return w
}

// set makes w want events; the kernel learns it before the loop waits.
func (p *poller) set(w *watcher, events uint32) {
	if w.want == events {
		return
	}
	w.want = events
	if !w.queued && w.fd >= 0 {
		w.queued = true
		p.changed = append(p.changed, w)
	}
}

// stop forgets w at once, before its descriptor is closed: a descriptor
// number can be reused by the next accept.
func (p *poller) stop(w *watcher) {
	if w.fd < 0 {
		return
	}
	if w.have != 0 {
		sysEpollCtl(p.epfd, unix.EPOLL_CTL_DEL, w.fd, &unix.EpollEvent{})
		w.have = 0
	}
	p.watchers[w.fd], p.handlers[w.fd] = nil, nil
	w.fd = -1
	p.count--
}

// sync tells the kernel what the watchers changed since the last wait.
// A descriptor that wants nothing leaves the set: level-triggered, an
// error or hang-up would otherwise be reported again and again.
func (p *poller) sync(l *Loop) {
	for i := 0; i < len(p.changed); i++ {
		w := p.changed[i]
		p.changed[i] = nil
		w.queued = false
		if w.fd < 0 || w.want == w.have {
			continue
		}
		var op int
		switch {
		case w.want == 0:
			op = unix.EPOLL_CTL_DEL
		case w.have == 0:
			op = unix.EPOLL_CTL_ADD
		default:
			op = unix.EPOLL_CTL_MOD
		}
		ev := unix.EpollEvent{Events: w.want, Fd: int32(w.fd), Pad: w.gen}
		if err := sysEpollCtl(p.epfd, op, w.fd, &ev); err != nil {
			h := p.handlers[w.fd]
			w.want = w.have
			l.call(func() { h.ioFailed(os.NewSyscallError("epoll_ctl", err)) })
			continue
		}
		w.have = w.want
	}
	p.changed = p.changed[:0]
}

// poll runs the handlers of the ready descriptors, waiting up to timeout
// (-1: without limit) for one when none is. A wait first tells posters
// to wake the loop through the eventfd.
func (l *Loop) poll(timeout time.Duration) {
	p := l.io
	p.sync(l)
	var n int
	var err error
	if timeout < 0 && l.sleep(p.efd) {
		// No timer is pending: wait's own first look at the epoll set is
		// the nonblocking one, so going to sleep costs one epoll_wait
		// fewer. (With a timer, wait would move the read deadline on
		// every pass, busy or not; then the loop looks first.)
		n, err = p.wait(-1)
		l.awake()
	} else {
		n, err = sysEpollWait(p.epfd, p.events)
		if n == 0 && err == nil && timeout > 0 && l.sleep(p.efd) {
			n, err = p.wait(timeout)
			l.awake()
		}
	}
	if err != nil {
		if err != unix.EINTR && l.fatal == nil {
			l.fatal = fmt.Errorf("reference: epoll_wait: %w", err)
		}
		return
	}
	for i := 0; i < n && l.fatal == nil; i++ {
		ev := p.events[i]
		fd := int(ev.Fd)
		if fd == p.efd {
			var b [8]byte
			sysRead(p.efd, b[:])
			continue
		}
		// A handler earlier in this batch may have closed the descriptor
		// and an accept reused its number: the generation tells.
		if w := p.watchers[fd]; w != nil && w.gen == ev.Pad {
			l.dispatch(p.handlers[fd], ev.Events)
		}
	}
	if n == len(p.events) && len(p.events) < 4096 {
		p.events = make([]unix.EpollEvent, 2*len(p.events))
	}
}

// dispatch runs one readiness handler as a callback: a panic becomes an
// uncaught error, and the nextTick queue is drained after it.
func (l *Loop) dispatch(h ioHandler, events uint32) {
	l.guardIO(h, events)
	l.drainTicks()
}

func (l *Loop) guardIO(h ioHandler, events uint32) {
	defer l.recoverUncaught()
	h.onIO(events)
}

// poller returns the loop's epoll instance, creating it if need be.
func (l *Loop) poller() (*poller, error) {
	if l.io == nil {
		p, err := newPoller(l)
		if err != nil {
			return nil, err
		}
		l.io = p
	}
	return l.io, nil
}

// releasePoller closes the epoll instance when no descriptor is left in
// it, as Run returns.
func (l *Loop) releasePoller() {
	if l.io != nil && l.io.count == 0 {
		l.io.close()
		l.io = nil
	}
}
