package reference

import (
	"container/heap"
	"encoding/binary"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// Loop is a single-threaded event loop with Node's ordering rules. Every
// callback and event listener of the handles a Loop owns runs on the one
// goroutine that is inside Run. Socket I/O is readiness-based, as
// libuv's: the loop waits on an epoll instance holding its descriptors
// and makes the nonblocking system calls itself (poller.go says more).
// What would block (name lookups, dialing) runs on other goroutines,
// which hand their results back with an Op; after each callback the loop
// drains the nextTick queue before it looks at anything else.
//
// Methods of a Loop and of the handles it owns must be called on the loop
// goroutine (from inside a callback), except Submit, which any goroutine
// may call.
type Loop struct {
	profile Profile
	line    NodeLine // see SetNodeLine; 0 is DefaultNodeLine

	mu     sync.Mutex
	posted []func() // completions and submissions, in arrival order
	ended  bool     // Run has returned; Submit refuses work
	// inflight counts reserved ops not yet completed; drained, if set,
	// is closed when it reaches zero.
	inflight atomic.Int64 // changed under mu when it falls, so WaitIO sees it
	drained  chan struct{}
	// sleeping is set while the loop waits with nothing posted; the
	// first poster wakes it: through wakeFD (the eventfd of its epoll
	// instance) when it is not -1, else through wake.
	sleeping bool
	wakeFD   int
	wake     chan struct{}

	// Loop-goroutine state.
	ticks    []func() // ticks[tickHead:] are pending
	tickHead int
	// micro are the pending promise jobs (queueMicrotask), run once the
	// nextTick queue is empty, as V8's microtask queue is.
	micro     []func()
	microHead int
	// immediates are the pending setImmediate callbacks, run in the
	// check phase: after the I/O that was ready, before the next timers.
	immediates []func()
	// closeCallbacks are the callbacks of closed handles, run in the
	// close phase, after the check phase of the same turn.
	closeCallbacks []func()
	timers         timerHeap
	timerSeq       uint64
	alive          int // ref'd active handles and ref'd timers
	uncaught       func(error)
	fatal          error
	running        bool
	clock          func() time.Time
	idleTimer      *time.Timer
	io             *poller  // nil until a descriptor is watched
	freeBufs       [][]byte // read buffers for reuse
	spliced        int64    // bytes splice.go moved without a copy (for tests)

	// Lifecycle (lifecycle.go). owner is getg() of the goroutine inside
	// Run, 0 when none is; runDone (under mu) is closed when Run returns.
	owner   atomic.Uintptr
	runDone chan struct{}
	// live holds the handles with a descriptor or operation to release;
	// draining, if set, is closed when it empties (Shutdown).
	live     map[closer]struct{}
	draining chan struct{}
	// stopping: uncaught errors are collected in closeErrs instead of
	// stopping Run; closing: Run ends once no operation is in flight,
	// whatever is still ref'd; closed: Close has finished.
	stopping, closing, closed bool
	closeErrs                 []error
}

// Profile selects which version of the documented behaviour the loop's
// handles follow where the Node.js v0.10 and v19 docs disagree.
type Profile int

const (
	// ProfileV19 follows the Node.js v19 documentation (the default).
	ProfileV19 Profile = iota
	// ProfileV010 follows the Node.js v0.10 documentation.
	ProfileV010
)

// String returns the profile's name as the suite's tags spell it.
func (p Profile) String() string {
	if p == ProfileV010 {
		return "v0.10"
	}
	return "v19"
}

// ParseProfile returns the profile named s ("v19" or "v0.10").
func ParseProfile(s string) (Profile, error) {
	switch s {
	case "", "v19":
		return ProfileV19, nil
	case "v0.10":
		return ProfileV010, nil
	}
	return 0, fmt.Errorf("unknown profile %q (want v19 or v0.10)", s)
}

// NewLoop returns a loop that follows the v19 profile.
func NewLoop() *Loop { return NewLoopProfile(ProfileV19) }

// NewLoopProfile returns a loop whose handles follow profile p.
func NewLoopProfile(p Profile) *Loop {
	return &Loop{profile: p, wake: make(chan struct{}, 1), clock: time.Now}
}

// Profile reports the profile the loop's handles follow.
func (l *Loop) Profile() Profile { return l.profile }

// SetUncaughtHandler installs fn to receive errors nothing handled: an
// 'error' event with no listener, or a panic inside a callback. Without a
// handler, the first such error stops Run, which returns it, as an
// uncaught exception ends a Node.js process.
func (l *Loop) SetUncaughtHandler(fn func(error)) { l.uncaught = fn }

// Run runs main on the loop goroutine, then runs callbacks until nothing
// ref'd is left: no ref'd active handle, no ref'd timer, no reserved I/O
// and no pending callback. It returns nil then, or the uncaught error
// that stopped it.
func (l *Loop) Run(main func()) error {
	if l.closed {
		return ErrLoopClosed
	}
	return l.run(main)
}

func (l *Loop) run(main func()) error {
	if l.running {
		return fmt.Errorf("reference: Loop.Run called while the loop is running")
	}
	l.running = true
	l.owner.Store(getg())
	done := make(chan struct{})
	defer func() {
		l.running = false
		l.closed = l.closed || l.closing // a later Run refuses: ErrLoopClosed
		l.owner.Store(0)
		l.mu.Lock()
		l.runDone = nil
		l.mu.Unlock()
		close(done)
	}()
	l.mu.Lock()
	l.ended = false
	l.runDone = done
	l.mu.Unlock()
	if main != nil {
		l.call(main)
	}
	// One turn is libuv's: timers, then the poll phase (completions other
	// goroutines posted, and the descriptors that are ready), then the
	// check phase (setImmediate) and the close phase. Every callback is
	// followed by the nextTick queue and the promise jobs (call).
	for l.fatal == nil {
		l.runTimers()
		ran := l.runPosted()
		if (ran || l.checkPending()) && l.io != nil && l.io.count > 0 && l.fatal == nil {
			l.poll(0) // steady posting must not starve I/O; nor may immediates
		}
		if l.tickHead < len(l.ticks) || l.microHead < len(l.micro) {
			l.drainTicks()
		}
		if l.checkPending() {
			l.runCheckAndClose()
			continue
		}
		if ran {
			continue
		}
		if l.closing && len(l.live) > 0 {
			l.closeAll() // opened by a callback since Close began
			continue
		}
		if l.alive == 0 || l.closing && l.inflight.Load() == 0 {
			l.mu.Lock()
			if len(l.posted) == 0 {
				l.ended = true
				l.mu.Unlock()
				break
			}
			l.mu.Unlock()
			continue
		}
		l.wait()
		// What the I/O handlers queued runs before the next timers.
		l.runCheckAndClose()
	}
	if l.fatal != nil {
		l.mu.Lock()
		l.ended = true
		l.mu.Unlock()
	}
	l.releasePoller()
	err := l.fatal
	l.fatal = nil
	return err
}

// wait blocks until a descriptor is ready, a goroutine posts work or the
// next timer is due, and runs the handlers of the ready descriptors.
func (l *Loop) wait() {
	var d time.Duration = -1
	if len(l.timers) > 0 {
		if d = l.timers[0].when.Sub(l.clock()); d <= 0 {
			d = 0
		}
	}
	if l.io != nil {
		l.poll(d)
		return
	}
	if d == 0 || !l.sleep(-1) {
		return
	}
	defer l.awake()
	if d < 0 {
		<-l.wake
		return
	}
	if l.idleTimer == nil {
		l.idleTimer = time.NewTimer(d)
	} else {
		l.idleTimer.Reset(d)
	}
	select {
	case <-l.wake:
		l.idleTimer.Stop()
	case <-l.idleTimer.C:
	}
}

// sleep tells posters that the loop is about to wait, to be woken
// through wakeFD (-1: the wake channel). It reports false, and the loop
// must not wait, when work has been posted already.
func (l *Loop) sleep(wakeFD int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.posted) > 0 {
		return false
	}
	l.sleeping, l.wakeFD = true, wakeFD
	return true
}

// awake ends what sleep began.
func (l *Loop) awake() {
	l.mu.Lock()
	l.sleeping = false
	l.mu.Unlock()
}

// post appends fn to the posted callbacks, waking the loop if it sleeps;
// l.mu must be held.
func (l *Loop) post(fn func()) {
	l.posted = append(l.posted, fn)
	if !l.sleeping {
		return
	}
	l.sleeping = false
	if l.wakeFD >= 0 {
		var one [8]byte
		binary.NativeEndian.PutUint64(one[:], 1)
		unix.Write(l.wakeFD, one[:])
		return
	}
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// runPosted runs the callbacks other goroutines handed over; it reports
// whether there were any.
func (l *Loop) runPosted() bool {
	l.mu.Lock()
	batch := l.posted
	l.posted = nil
	l.mu.Unlock()
	for i, fn := range batch {
		if l.fatal != nil {
			// Keep what is left for a later Run, in order.
			l.mu.Lock()
			l.posted = append(batch[i:len(batch):len(batch)], l.posted...)
			l.mu.Unlock()
			return true
		}
		l.call(fn)
	}
	return len(batch) > 0
}

// call runs one callback, then the nextTick queue, turning a panic into
// an uncaught error.
func (l *Loop) call(fn func()) {
	l.guard(fn)
	l.drainTicks()
}

func (l *Loop) guard(fn func()) {
	defer l.recoverUncaught()
	fn()
}

// recoverUncaught, deferred, turns a panic of a callback into an
// uncaught error.
func (l *Loop) recoverUncaught() {
	if r := recover(); r != nil {
		l.Uncaught(newPanicError(r))
	}
}

// drainTicks runs the nextTick queue, then the promise jobs, and again
// while either has work, as Node does after every callback: all ticks
// (those they queue included) before any promise job.
func (l *Loop) drainTicks() {
	for l.fatal == nil && (l.tickHead < len(l.ticks) || l.microHead < len(l.micro)) {
		for l.tickHead < len(l.ticks) && l.fatal == nil {
			fn := l.ticks[l.tickHead]
			l.ticks[l.tickHead] = nil
			l.tickHead++
			l.guard(fn)
		}
		if l.tickHead == len(l.ticks) {
			// Drained: reuse the array rather than grow a new one.
			l.ticks, l.tickHead = l.ticks[:0], 0
		}
		for l.microHead < len(l.micro) && l.fatal == nil {
			fn := l.micro[l.microHead]
			l.micro[l.microHead] = nil
			l.microHead++
			l.guard(fn)
		}
		if l.microHead == len(l.micro) {
			l.micro, l.microHead = l.micro[:0], 0
		}
	}
}

// QueueMicrotask queues fn as a promise job, as queueMicrotask does: it
// runs after the current callback and the whole nextTick queue.
func (l *Loop) QueueMicrotask(fn func()) { l.micro = append(l.micro, fn) }

// SetImmediate queues fn for the loop's check phase, as setImmediate
// does: after the current callback, its ticks and promise jobs, and the
// I/O that is ready; immediates queued by an immediate wait for the next
// turn. A pending immediate keeps the loop alive.
func (l *Loop) SetImmediate(fn func()) { l.immediates = append(l.immediates, fn) }

// checkPending reports whether the check or close phase has work.
func (l *Loop) checkPending() bool { return len(l.immediates) > 0 || len(l.closeCallbacks) > 0 }

// runCheckAndClose runs the check phase, then the close phase.
func (l *Loop) runCheckAndClose() {
	l.runImmediates()
	l.runClosing()
}

// QueueClose queues fn for the loop's close phase, as libuv runs the
// callback of a handle being closed: after the check phase (setImmediate)
// of the current turn, before the next timers. A pending close keeps the
// loop alive.
func (l *Loop) QueueClose(fn func()) { l.closeCallbacks = append(l.closeCallbacks, fn) }

// runClosing runs the close callbacks queued before the close phase
// began.
func (l *Loop) runClosing() {
	batch := l.closeCallbacks
	l.closeCallbacks = nil
	for i, fn := range batch {
		if l.fatal != nil {
			l.closeCallbacks = append(batch[i:], l.closeCallbacks...)
			return
		}
		l.call(fn)
	}
}

// runImmediates runs the immediates queued before the check phase began.
func (l *Loop) runImmediates() {
	batch := l.immediates
	l.immediates = nil
	for i, fn := range batch {
		if l.fatal != nil {
			// Keep what did not run, in order, ahead of newer ones.
			l.immediates = append(batch[i:], l.immediates...)
			return
		}
		l.call(fn)
	}
}

// NextTick queues fn to run after the current callback returns, before
// any I/O completion or timer, as process.nextTick does.
func (l *Loop) NextTick(fn func()) {
	l.mustOwn("Loop.NextTick")
	l.ticks = append(l.ticks, fn)
}

// Uncaught reports err as an uncaught exception: to the handler set with
// SetUncaughtHandler, or by stopping Run.
func (l *Loop) Uncaught(err error) {
	if l.uncaught != nil {
		l.uncaught(err)
		return
	}
	if l.stopping {
		l.closeErrs = append(l.closeErrs, err)
		return
	}
	if l.fatal == nil {
		l.fatal = err
	}
}

// Submit hands fn to the loop from any goroutine. It reports false, and
// drops fn, when the loop has ended. Submitted work does not keep the loop
// alive by itself: the caller must hold a ref'd handle for as long as it
// expects its submissions to run.
func (l *Loop) Submit(fn func()) bool {
	l.mu.Lock()
	if l.ended {
		l.mu.Unlock()
		return false
	}
	l.post(fn)
	l.mu.Unlock()
	return true
}

// Op is one asynchronous operation reserved on a loop: the loop stays
// alive until the op completes, if the handle that reserved it is ref'd.
// Complete must be called exactly once, from any goroutine.
type Op struct {
	loop *Loop
	h    *Handle
	once sync.Once
}

// Complete hands fn to the loop, which runs it as the op's completion.
// A second call panics: an op that completes twice is a bug in its owner.
func (o *Op) Complete(fn func()) {
	done := false
	o.once.Do(func() {
		done = true
		l := o.loop
		l.mu.Lock()
		l.post(func() {
			o.h.endOp()
			fn()
		})
		if l.inflight.Add(-1) == 0 && l.drained != nil {
			close(l.drained)
			l.drained = nil
		}
		l.mu.Unlock()
	})
	if !done {
		panic("reference: Op completed twice")
	}
}

// Handle is the part of a long-lived object (a server, a socket, a timer)
// that decides whether it keeps its loop alive: it does while it is
// active (open, or with I/O in flight) and ref'd.
type Handle struct {
	loop   *Loop
	unrefd bool
	open   bool
	ops    int
}

func newHandle(l *Loop) *Handle { return &Handle{loop: l} }

func (h *Handle) keeps() bool { return !h.unrefd && (h.open || h.ops > 0) }

func (h *Handle) change(f func()) {
	before := h.keeps()
	f()
	switch after := h.keeps(); {
	case after && !before:
		h.loop.alive++
	case before && !after:
		h.loop.alive--
	}
}

// Ref makes the handle keep the loop alive while it is active.
func (h *Handle) Ref() { h.change(func() { h.unrefd = false }) }

// Unref lets the loop end even while the handle is active.
func (h *Handle) Unref() { h.change(func() { h.unrefd = true }) }

// HasRef reports whether the handle is ref'd.
func (h *Handle) HasRef() bool { return !h.unrefd }

func (h *Handle) setOpen(open bool) { h.change(func() { h.open = open }) }

// reserve starts an operation whose completion another goroutine will
// post; it must be called on the loop goroutine before that goroutine
// starts.
func (h *Handle) reserve() *Op {
	h.change(func() { h.ops++ })
	h.loop.inflight.Add(1) // no lock: reserving is on the read and write paths
	return &Op{loop: h.loop, h: h}
}

// InFlight reports how many operations are reserved and not completed:
// each is a goroutine of the loop's doing what would block the loop (a
// name lookup, a dial). Reads, writes and accepts are not among them:
// the loop makes those calls itself when the kernel reports them ready.
func (l *Loop) InFlight() int {
	return int(l.inflight.Load())
}

// WaitIO waits until every reserved operation has completed, so that no
// goroutine the loop started is still running (they end as they
// complete), or until done is closed; it reports whether they all did.
// An embedder calls it after Run to prove nothing leaked.
func (l *Loop) WaitIO(done <-chan struct{}) bool {
	l.mu.Lock()
	if l.inflight.Load() == 0 {
		l.mu.Unlock()
		return true
	}
	if l.drained == nil {
		l.drained = make(chan struct{})
	}
	ch := l.drained
	l.mu.Unlock()
	select {
	case <-ch:
		return true
	case <-done:
		return false
	}
}

func (h *Handle) endOp() {
	h.change(func() { h.ops-- })
}

// Timer is a pending callback created by SetTimeout.
type Timer struct {
	h     *Handle
	when  time.Time
	seq   uint64
	index int
	fn    func()
}

// SetTimeout runs fn once after d, as setTimeout does. Timers that are due
// at the same time run in the order they were set.
func (l *Loop) SetTimeout(d time.Duration, fn func()) *Timer {
	l.mustOwn("Loop.SetTimeout")
	if d < time.Millisecond {
		d = time.Millisecond // as Node: a delay under 1 ms is 1 ms
	}
	l.timerSeq++
	t := &Timer{h: newHandle(l), when: l.clock().Add(d), seq: l.timerSeq, fn: fn, index: -1}
	heap.Push(&l.timers, t)
	t.h.setOpen(true)
	return t
}

// Stop cancels the timer; it reports whether the timer was pending.
func (t *Timer) Stop() bool {
	if t.index < 0 {
		return false
	}
	heap.Remove(&t.h.loop.timers, t.index)
	t.h.setOpen(false)
	return true
}

// Ref makes the timer keep the loop alive (the default).
func (t *Timer) Ref() *Timer { t.h.Ref(); return t }

// Unref lets the loop end before the timer fires.
func (t *Timer) Unref() *Timer { t.h.Unref(); return t }

func (l *Loop) runTimers() {
	if len(l.timers) == 0 {
		return
	}
	now := l.clock()
	for len(l.timers) > 0 && !l.timers[0].when.After(now) && l.fatal == nil {
		t := heap.Pop(&l.timers).(*Timer)
		t.h.setOpen(false)
		l.call(t.fn)
	}
}

type timerHeap []*Timer

func (h timerHeap) Len() int { return len(h) }
func (h timerHeap) Less(i, j int) bool {
	if h[i].when.Equal(h[j].when) {
		return h[i].seq < h[j].seq
	}
	return h[i].when.Before(h[j].when)
}
func (h timerHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}
func (h *timerHeap) Push(x any) {
	t := x.(*Timer)
	t.index = len(*h)
	*h = append(*h, t)
}
func (h *timerHeap) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	t.index = -1
	*h = old[:len(old)-1]
	return t
}

// KeepAlive holds the loop open until the returned release function is
// called, as a ref'd handle would: an embedder that feeds the loop with
// Submit holds one for as long as it expects to submit. Both KeepAlive
// and release must be called on the loop goroutine.
func (l *Loop) KeepAlive() (release func()) {
	h := newHandle(l)
	h.setOpen(true)
	return func() { h.setOpen(false) }
}
