// Package drivertarget runs the suite against any program that speaks
// the driver protocol (docs/protocol.md): Node.js, Bun and Deno through
// drivers/node/driver.cjs, the reference through cmd/netconform-driver,
// or a third-party port. One driver process serves one scenario at a
// time and is reused for the next; a driver that crashes, hangs or
// breaks the protocol fails the scenario in flight and is replaced.
package drivertarget

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unicode/utf8"

	"github.com/cucumber/godog"

	"github.com/netconform/netconform/jsval"
	"github.com/netconform/netconform/protocol"
	"github.com/netconform/netconform/steps"
)

// StartTimeout bounds how long a driver may take to say hello.
const StartTimeout = 20 * time.Second

// StartFailures is the circuit breaker of a target: once its driver has
// failed to start this many times in a row, the target stops starting it
// and fails every later scenario at once with the first failure, instead
// of spending StartTimeout on each.
const StartFailures = 3

// StopGrace is how long a driver has to end by itself once its input is
// closed before it is killed.
const StopGrace = 2 * time.Second

// LeftoverTimeout bounds how long what a stopped driver started may take
// to end before it counts as leaked.
const LeftoverTimeout = 2 * time.Second

// The bounds of what a driver controls. Past one, the runner fails the
// scenario in flight with an error naming the bound, kills the driver and
// everything it started, and starts a fresh one for the next scenario.
const (
	// MaxEventsPerScenario bounds the events of one session.
	MaxEventsPerScenario = 10000
	// MaxEventsPerSecond bounds the events of one session within any
	// one-second window.
	MaxEventsPerSecond = 5000
	// MaxEventBytesPerScenario bounds the bytes of the event lines of one
	// session: what the scenario's log holds.
	MaxEventBytesPerScenario = 32 << 20
	// StderrKept is how much of the end of a driver's standard error is
	// kept, and shown when it fails.
	StderrKept = 8 << 10
)

// drivers are the pids of the running drivers of every target of this
// process: a target's sweep for orphans (see Close) must not take the
// driver of another target, running alongside, for one.
var drivers = struct {
	sync.Mutex
	pids map[int]bool
}{pids: map[int]bool{}}

func addDriver(pid int) {
	drivers.Lock()
	drivers.pids[pid] = true
	drivers.Unlock()
}

func removeDriver(pid int) {
	drivers.Lock()
	delete(drivers.pids, pid)
	drivers.Unlock()
}

func isDriver(pid int) bool {
	drivers.Lock()
	defer drivers.Unlock()
	return drivers.pids[pid]
}

// ErrInterrupted is what Open returns once the run is interrupted: the
// scenarios not yet started are skipped, not failed.
var ErrInterrupted = fmt.Errorf("the run was interrupted: %w", godog.ErrSkip)

// Target is a driver command and its pool of running processes.
type Target struct {
	name         string
	argv         []string
	seed         int64
	startTimeout time.Duration

	mu          sync.Mutex
	idle        []*process
	all         map[*process]bool
	closed      bool
	interrupted bool
	// drivers are the pids of every driver started: each is the id of
	// the driver's process group, and none is a leftover of another.
	drivers map[int]bool
	// baseline are the children this process had before the target
	// started any driver; any other child left after Close is an orphan
	// of a driver, re-parented here (see becomeSubreaper).
	baseline  map[int]bool
	leftovers []error
	retiring  sync.WaitGroup
	// failures counts the driver's start failures in a row; tripped is
	// set once they reach StartFailures.
	failures int
	tripped  error
	sessions atomic.Int64
	// impl is what the newest driver's hello named.
	impl protocol.Implementation
}

// Implementation returns the implementation the newest driver named in
// its hello (its name and version), or the zero value before any driver
// has started; reports name a target's version with it.
func (t *Target) Implementation() protocol.Implementation {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.impl
}

// New returns a target that starts argv as its driver; name identifies
// it in reports.
func New(name string, argv []string) *Target {
	t := &Target{name: name, argv: argv, all: map[*process]bool{}, drivers: map[int]bool{}, baseline: map[int]bool{}}
	if kids, err := Children(); err == nil {
		for _, k := range kids {
			t.baseline[k.PID] = true
		}
	}
	return t
}

// SetSeed sets the run's seed, from which every session's object names
// and probe derive (see session.open); a run repeated with the same seed
// sends the same requests.
func (t *Target) SetSeed(seed int64) { t.seed = seed }

// SetStartTimeout sets how long the driver may take to say hello, in
// place of StartTimeout.
func (t *Target) SetStartTimeout(d time.Duration) { t.startTimeout = d }

// Name implements steps.Target.
func (t *Target) Name() string { return t.name }

// Interrupt ends the run at once: it kills every driver and everything
// each started, without the grace of a stop, and makes every later Open
// return ErrInterrupted. Close still reports what was left.
func (t *Target) Interrupt() {
	t.mu.Lock()
	t.interrupted = true
	running := make([]*process, 0, len(t.all))
	for p := range t.all {
		running = append(running, p)
	}
	t.mu.Unlock()
	for _, p := range running {
		p.kill()
	}
}

// Close stops every driver process and waits for them to exit. It
// returns an error naming every process a driver left behind, during
// the run or now: whatever a driver starts must end once it is stopped.
func (t *Target) Close() error {
	t.mu.Lock()
	t.closed = true
	running := make([]*process, 0, len(t.all))
	for p := range t.all {
		running = append(running, p)
	}
	t.all = map[*process]bool{}
	t.idle = nil
	t.mu.Unlock()
	for _, p := range running {
		t.retireAsync(p)
	}
	t.retiring.Wait()
	t.mu.Lock()
	defer t.mu.Unlock()
	errs := t.leftovers
	t.leftovers = nil
	// A process missed at its driver's stop: still in a driver's group,
	// or an orphan re-parented to this process.
	me := os.Getpid()
	left, err := procs(func(p Proc) bool {
		if t.drivers[p.PID] || isDriver(p.PID) {
			return false
		}
		return t.drivers[p.PGID] || (p.PPID == me && !t.baseline[p.PID])
	})
	if err != nil {
		errs = append(errs, err)
	}
	var live []Proc
	for _, p := range left {
		if p.State != "Z" {
			live = append(live, p)
			errs = append(errs, fmt.Errorf("driver process left running after the run (now killed): %s", p))
		}
	}
	killAll(live)
	reap(left)
	return errors.Join(errs...)
}

// retire stops a driver and checks that nothing it started outlives it.
func (t *Target) retire(p *process) error {
	// The tree is read before the stop, while parent links still lead
	// from the driver to what it started.
	before, _ := tree(p.pid)
	p.stop()
	after, _ := tree(p.pid)
	all := before
	for _, q := range after {
		if !slices.ContainsFunc(before, func(b Proc) bool { return b.PID == q.PID }) {
			all = append(all, q)
		}
	}
	left := waitLeft(all, LeftoverTimeout)
	reap(all)
	if len(left) == 0 {
		return nil
	}
	names := make([]string, len(left))
	for i, q := range left {
		names[i] = q.String()
	}
	return fmt.Errorf("driver %q (pid %d) left processes running after it was stopped (now killed): %s",
		sanitize(strings.Join(t.argv, " ")), p.pid, sanitize(strings.Join(names, "; ")))
}

// retireAsync retires p on its own goroutine; what it finds is reported
// by Close.
func (t *Target) retireAsync(p *process) {
	t.retiring.Add(1)
	go func() {
		defer t.retiring.Done()
		if err := t.retire(p); err != nil {
			t.mu.Lock()
			t.leftovers = append(t.leftovers, err)
			t.mu.Unlock()
		}
	}()
}

// Processes reports how many driver processes are running.
func (t *Target) Processes() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.all)
}

// Open implements steps.Target: it takes an idle driver, or starts one,
// and opens a session in it.
func (t *Target) Open(ctx context.Context, opts steps.SessionOptions, sink func(steps.Event)) (steps.Session, error) {
	p, err := t.take()
	if err != nil {
		return nil, err
	}
	s := &session{t: t, p: p, profile: opts.Profile, baseline: opts.Baseline, sink: sink}
	s.rng = t.sessionRand(opts.Scenario)
	s.names = newRenamer(s.rng)
	if err := s.open(ctx); err != nil {
		return nil, errors.Join(err, s.discard())
	}
	return s, nil
}

// sessionRand returns the random source of one session: from the run's
// seed and the scenario's identity, so that --seed reproduces a
// scenario's names and data whatever the order scenarios ran in.
func (t *Target) sessionRand(scenario string) *rand.Rand {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d\x00%s", t.seed, scenario)
	if scenario == "" {
		fmt.Fprintf(h, "\x00%d", t.sessions.Add(1))
	}
	return rand.New(rand.NewPCG(uint64(t.seed), h.Sum64()))
}

func (t *Target) take() (*process, error) {
	t.mu.Lock()
	switch {
	case t.interrupted:
		t.mu.Unlock()
		return nil, ErrInterrupted
	case t.closed:
		t.mu.Unlock()
		return nil, errors.New("target is closed")
	case t.tripped != nil:
		t.mu.Unlock()
		return nil, t.tripped
	}
	for len(t.idle) > 0 {
		p := t.idle[len(t.idle)-1]
		t.idle = t.idle[:len(t.idle)-1]
		if p.alive() {
			t.mu.Unlock()
			return p, nil
		}
		delete(t.all, p)
	}
	t.mu.Unlock()
	// Starting a runtime is not part of the scenario's wait: it has its
	// own bound.
	p, err := t.start(context.Background(), nil)
	t.mu.Lock()
	defer t.mu.Unlock()
	if err != nil {
		err = fmt.Errorf("starting driver %q: %w", sanitize(strings.Join(t.argv, " ")), err)
		if t.interrupted {
			return nil, ErrInterrupted
		}
		t.failures++
		if t.failures >= StartFailures && t.tripped == nil {
			t.tripped = fmt.Errorf("the driver failed to start %d times in a row; it is not started again in this run. The last failure: %w", t.failures, err)
		}
		return nil, err
	}
	t.failures = 0
	t.impl = p.hello.Implementation
	return p, nil
}

func (t *Target) give(p *process) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed || !p.alive() {
		delete(t.all, p)
		t.retireAsync(p)
		return
	}
	t.idle = append(t.idle, p)
}

// drop stops a driver that failed; it reports what the driver left
// behind.
func (t *Target) drop(p *process) error {
	t.mu.Lock()
	delete(t.all, p)
	t.mu.Unlock()
	return t.retire(p)
}

// process is one running driver.
type process struct {
	cmd    *exec.Cmd
	pid    int
	stdin  *os.File
	stderr *tail
	hello  protocol.HelloBody

	writeMu sync.Mutex
	mu      sync.Mutex
	nextID  int64
	pending map[int64]chan *protocol.Message
	sink    func(steps.Event)
	live    *liveSession // the session open in the driver, if any
	// fault is the bound or rule the driver broke, for which it was
	// killed: the error of every request from then on names it.
	fault   error
	dead    chan struct{} // closed when the reader ends
	deadErr error
	waited  chan struct{}
}

// liveSession is what the reader checks the events of a session against.
type liveSession struct {
	id          string
	names       *renamer
	seq         int64
	events      int
	bytes       int
	window      time.Time
	windowCount int
}

// over counts one more event (or fault) in the second's window, and
// returns the bound the session has passed, if any.
func (l *liveSession) over() error {
	now := time.Now()
	if now.Sub(l.window) >= time.Second {
		l.window, l.windowCount = now, 0
	}
	l.windowCount++
	switch {
	case l.events > MaxEventsPerScenario:
		return fmt.Errorf("driver exceeded the bound of %d events per scenario", MaxEventsPerScenario)
	case l.windowCount > MaxEventsPerSecond:
		return fmt.Errorf("driver exceeded the bound of %d events per second", MaxEventsPerSecond)
	case l.bytes > MaxEventBytesPerScenario:
		return fmt.Errorf("driver exceeded the bound of %d bytes of events per scenario", MaxEventBytesPerScenario)
	}
	return nil
}

// start runs a driver and waits for its hello; extra are the descriptors
// it inherits as 3, 4... A driver that fails to start is stopped, and
// what it left running is part of the error.
func (t *Target) start(ctx context.Context, extra []*os.File) (*process, error) {
	if len(t.argv) == 0 {
		return nil, errors.New("empty driver command")
	}
	if err := becomeSubreaper(); err != nil {
		return nil, fmt.Errorf("cannot adopt the orphans of drivers (prctl): %w", err)
	}
	cmd := exec.Command(t.argv[0], t.argv[1:]...)
	cmd.ExtraFiles = extra
	// A group of its own, so that what the driver starts can be found.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// A child the driver leaves holding its stderr must not hold up Wait.
	cmd.WaitDelay = time.Second
	// The runner's end of stdin is a pipe of its own, so that a write to
	// a driver that stopped reading has a deadline.
	inR, inW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd.Stdin = inR
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		inR.Close()
		inW.Close()
		return nil, err
	}
	p := &process{cmd: cmd, stdin: inW, stderr: newTail(StderrKept), pending: map[int64]chan *protocol.Message{},
		dead: make(chan struct{}), waited: make(chan struct{})}
	cmd.Stderr = p.stderr
	t.mu.Lock()
	if t.interrupted {
		t.mu.Unlock()
		inR.Close()
		inW.Close()
		return nil, ErrInterrupted
	}
	err = cmd.Start()
	if err == nil {
		p.pid = cmd.Process.Pid
		t.drivers[p.pid] = true
		t.all[p] = true
		addDriver(p.pid)
		go func() { <-p.waited; removeDriver(p.pid) }()
	}
	t.mu.Unlock()
	inR.Close()
	if err != nil {
		inW.Close()
		return nil, err
	}
	go func() { cmd.Wait(); close(p.waited) }()
	hello := make(chan error, 1)
	go p.read(stdout, hello)
	limit := t.startTimeout
	if limit <= 0 {
		limit = StartTimeout
	}
	sctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	select {
	case err = <-hello:
	case <-sctx.Done():
		err = fmt.Errorf("no hello within %s%s", limit, p.stderrNote())
	}
	if err != nil {
		return nil, errors.Join(err, t.drop(p))
	}
	return p, nil
}

func (p *process) alive() bool {
	select {
	case <-p.dead:
		return false
	default:
		return true
	}
}

// attach makes sink receive the events of session id, checked against
// the bounds; a nil sink ends the session on the runner's side.
func (p *process) attach(id string, names *renamer, sink func(steps.Event)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sink = sink
	p.live = nil
	if sink != nil {
		p.live = &liveSession{id: id, names: names}
	}
}

// read reads the driver's lines until it closes stdout: the hello first,
// then replies and events.
func (p *process) read(stdout io.Reader, hello chan<- error) {
	r := bufio.NewReaderSize(stdout, 64<<10)
	first := true
	var endErr error
	for {
		line, err := readLine(r)
		if err != nil {
			if errors.Is(err, errLineTooLong) {
				p.breach(fmt.Errorf("driver wrote a line longer than the bound of %d bytes", protocol.MaxLine))
			}
			if first {
				hello <- fmt.Errorf("driver ended before its hello: %v%s", err, p.stderrNote())
			}
			endErr = err
			break
		}
		if first {
			first = false
			var h protocol.Hello
			if jerr := json.Unmarshal(line, &h); jerr != nil || h.Hello == nil {
				hello <- fmt.Errorf("driver's first line is not a hello: %s", clip(line))
				endErr = errors.New("no hello")
				break
			}
			if h.Hello.Protocol != protocol.Version {
				hello <- fmt.Errorf("driver speaks protocol %d; netconform speaks %d", h.Hello.Protocol, protocol.Version)
				endErr = errors.New("wrong protocol")
				break
			}
			p.hello = *h.Hello
			hello <- nil
			continue
		}
		msg, perr := protocol.ParseMessage(line)
		if perr != nil {
			p.report("strayOutput", fmt.Sprintf("driver wrote a line that is not a protocol message (%v): %s", perr, clip(line)))
			continue
		}
		p.deliver(msg, line)
	}
	// Nothing reads stdout from here on: a driver still writing must not
	// block on a full pipe, so drain it; Wait closes it.
	go io.Copy(io.Discard, r)
	p.mu.Lock()
	p.deadErr = endErr
	close(p.dead)
	p.mu.Unlock()
}

var errLineTooLong = fmt.Errorf("line longer than %d bytes", protocol.MaxLine)

// readLine reads one line of at most protocol.MaxLine bytes.
func readLine(r *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, isPrefix, err := r.ReadLine()
		if err != nil {
			return nil, err
		}
		line = append(line, chunk...)
		if len(line) > protocol.MaxLine {
			return nil, errLineTooLong
		}
		if !isPrefix {
			return line, nil
		}
	}
}

func (p *process) deliver(msg *protocol.Message, line []byte) {
	p.mu.Lock()
	killed := p.fault != nil
	p.mu.Unlock()
	if killed {
		// What a driver killed for a fault still had in the pipe is not
		// believed: the request in flight fails with the fault.
		return
	}
	switch {
	case msg.Event != nil:
		p.event(msg.Event, line)
		return
	case msg.Hello != nil:
		p.report("strayOutput", "driver said hello again: "+clip(line))
		return
	case msg.ID == nil:
		p.report("driverError", "driver reported an error with no id: "+sanitize(msg.Error.Message))
		return
	}
	p.mu.Lock()
	ch, ok := p.pending[*msg.ID]
	delete(p.pending, *msg.ID)
	p.mu.Unlock()
	if !ok {
		p.report("strayOutput", fmt.Sprintf("driver replied to id %d, which no request has: %s", *msg.ID, clip(line)))
		return
	}
	ch <- msg
}

// event checks an event against the session open and its bounds, and
// passes it on.
func (p *process) event(pe *protocol.Event, line []byte) {
	p.mu.Lock()
	live, sink := p.live, p.sink
	if live == nil || sink == nil || p.fault != nil {
		// Between sessions, or after the driver was killed: nobody to
		// tell, and nothing to accept.
		p.mu.Unlock()
		return
	}
	var refuse string
	var over error
	switch {
	case pe.Session != live.id:
		refuse = fmt.Sprintf("driver sent an event of session %q while session %q is open; it is refused: %s", clip([]byte(pe.Session)), live.id, clip(line))
	case pe.Seq != live.seq+1:
		refuse = fmt.Sprintf("driver sent event seq %d after seq %d (each event of a session takes the next number); it is refused: %s", pe.Seq, live.seq, clip(line))
		live.seq = max(live.seq, pe.Seq)
	default:
		live.seq = pe.Seq
		live.events++
		live.bytes += len(line)
		over = live.over()
	}
	p.mu.Unlock()
	switch {
	case refuse != "":
		p.report("strayOutput", refuse)
		return
	case over != nil:
		p.breach(over)
		return
	}
	ev, err := DecodeEvent(pe)
	if err != nil {
		p.report("strayOutput", fmt.Sprintf("driver sent an event the runner cannot decode (%v): %s", err, clip(line)))
		return
	}
	sink(live.names.event(ev))
}

// breach ends a driver that broke a bound: the scenario in flight is
// told, once, and the driver and what it started are killed, so that
// the request waiting fails at once with err.
func (p *process) breach(err error) {
	p.mu.Lock()
	first := p.fault == nil
	if first {
		p.fault = err
	}
	p.mu.Unlock()
	if first {
		p.mu.Lock()
		sink := p.sink
		p.mu.Unlock()
		p.emit(sink, "boundExceeded", err.Error()+"; the driver is killed")
		p.kill()
	}
}

// kill ends the driver and every process below it at once.
func (p *process) kill() {
	ps, _ := tree(p.pid)
	syscall.Kill(p.pid, syscall.SIGKILL)
	killAll(ps)
}

// report tells the scenario in flight about a fault of the driver, as an
// event of the process object: the steps fail a scenario that has one.
// Faults count against the session's bounds like events: a driver that
// writes garbage without end is stopped as one that floods events is.
func (p *process) report(name, text string) {
	text = clipText(sanitize(text), maxFaultText)
	p.mu.Lock()
	sink, live := p.sink, p.live
	if p.fault != nil {
		// Killed for a fault already reported: the rest is noise.
		p.mu.Unlock()
		return
	}
	var over error
	if live != nil {
		live.events++
		live.bytes += len(text)
		over = live.over()
	}
	p.mu.Unlock()
	if over != nil {
		p.breach(over)
		return
	}
	p.emit(sink, name, text)
}

func (p *process) emit(sink func(steps.Event), name, text string) {
	if sink != nil {
		sink(steps.Event{Seq: -1, Object: steps.ProcessObject, Name: name, Args: []jsval.Value{text}})
	}
}

// maxFaultText bounds the text of one fault reported to a scenario.
const maxFaultText = 2000

// clipText shortens s to about n bytes, saying how much it left out.
func clipText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s... (%d more bytes)", s[:cut], len(s)-cut)
}

// request sends req and waits for its reply.
func (p *process) request(ctx context.Context, req *protocol.Request) (*protocol.Message, error) {
	ch := make(chan *protocol.Message, 1)
	p.mu.Lock()
	p.nextID++
	req.ID = p.nextID
	p.pending[req.ID] = ch
	p.mu.Unlock()
	line, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	if len(line) > protocol.MaxLine {
		return nil, fmt.Errorf("the %s request is %d bytes, longer than the protocol's %d", req.Op, len(line), protocol.MaxLine)
	}
	p.writeMu.Lock()
	if dl, ok := ctx.Deadline(); ok {
		p.stdin.SetWriteDeadline(dl)
	} else {
		p.stdin.SetWriteDeadline(time.Time{})
	}
	_, werr := p.stdin.Write(append(line, '\n'))
	p.writeMu.Unlock()
	switch {
	case errors.Is(werr, os.ErrDeadlineExceeded):
		return nil, fmt.Errorf("driver did not read the %s request (%d bytes) within the step's bound: it stopped reading its input; it is stopped%s", req.Op, len(line)+1, p.stderrNote())
	case werr != nil:
		<-p.dead
		return nil, p.deathError(req.Op)
	}
	select {
	case msg := <-ch:
		if msg.Error != nil {
			return nil, fmt.Errorf("driver answered %s with an error: %s", req.Op, clipText(sanitize(msg.Error.Message), maxFaultText))
		}
		return msg, nil
	case <-p.dead:
		return nil, p.deathError(req.Op)
	case <-ctx.Done():
		p.mu.Lock()
		fault := p.fault
		p.mu.Unlock()
		if fault != nil {
			return nil, fmt.Errorf("driver killed during %s: %w", req.Op, fault)
		}
		return nil, fmt.Errorf("driver did not answer %s in time (%v); it is stopped%s", req.Op, ctx.Err(), p.stderrNote())
	}
}

func (p *process) deathError(op string) error {
	p.mu.Lock()
	fault := p.fault
	p.mu.Unlock()
	if fault != nil {
		return fmt.Errorf("driver killed during %s: %w", op, fault)
	}
	// The exit status arrives soon after stdout closes.
	select {
	case <-p.waited:
	case <-time.After(2 * time.Second):
	}
	status := "it closed its output"
	if st := p.cmd.ProcessState; st != nil {
		status = st.String()
	}
	return fmt.Errorf("driver exited during %s (%s)%s", op, status, p.stderrNote())
}

func (p *process) stderrNote() string {
	t := strings.TrimSpace(sanitize(p.stderr.String()))
	if t == "" {
		return ""
	}
	return "; the end of its stderr:\n" + t
}

// stop ends the driver: stdin closed, then a kill if it lingers. What
// the driver started is its retirer's to find.
func (p *process) stop() {
	p.stdin.Close()
	select {
	case <-p.waited:
		return
	case <-time.After(StopGrace):
	}
	syscall.Kill(p.pid, syscall.SIGKILL)
	<-p.waited // WaitDelay bounds it
}

// session is one scenario in one driver process.
type session struct {
	t        *Target
	p        *process
	broken   bool
	profile  string
	baseline string
	sink     func(steps.Event)
	rng      *rand.Rand
	names    *renamer
	// used is set once the session asked the driver for anything but
	// opening; dedicated, once it runs on a driver of its own that
	// inherited a descriptor and goes back to no pool.
	used      bool
	dedicated bool
}

// open opens the session in its driver under a fresh id, then probes it
// with a question whose answer no earlier run recorded: net.isIP of an
// address drawn from the session's random source. With the object names
// (see renamer), it is what keeps a driver that replays a recorded run
// from passing.
func (s *session) open(ctx context.Context) error {
	id := fmt.Sprintf("%x", s.rng.Uint64())
	s.p.attach(id, s.names, s.sink)
	if _, err := s.request(ctx, &protocol.Request{Op: "open", Profile: s.profile, Baseline: s.baseline, Session: id}); err != nil {
		return err
	}
	addr, want := probeAddress(s.rng)
	arg, _ := protocol.EncodeValue(addr)
	msg, err := s.p.request(ctx, &protocol.Request{Op: "invoke", Calls: []protocol.Call{
		{Op: "call", Target: "net", Method: "isIP", Args: []json.RawMessage{arg}}}})
	if err != nil {
		s.broken = true
		return fmt.Errorf("the session's probe net.isIP(%q): %w", addr, err)
	}
	var got any
	if msg.Result != nil {
		got, err = protocol.DecodeValue(msg.Result.Value)
	}
	if err != nil || got != float64(want) {
		s.broken = true
		return fmt.Errorf("the session's probe net.isIP(%q) answered %s, want %d", addr, clip(resultText(msg)), want)
	}
	return nil
}

func resultText(m *protocol.Message) []byte {
	b, _ := json.Marshal(m)
	return b
}

// probeAddress draws an address and what net.isIP says of it: an IPv4
// address (4), a full IPv6 address (6), or a dotted quad with one part
// out of range (0). Every runtime and version agrees on these.
func probeAddress(r *rand.Rand) (string, int) {
	switch r.IntN(3) {
	case 0:
		return fmt.Sprintf("%d.%d.%d.%d", r.IntN(256), r.IntN(256), r.IntN(256), r.IntN(256)), 4
	case 1:
		parts := make([]string, 8)
		for i := range parts {
			parts[i] = fmt.Sprintf("%x", r.IntN(1<<16))
		}
		return strings.Join(parts, ":"), 6
	}
	return fmt.Sprintf("%d.%d.%d.%d", r.IntN(256), 256+r.IntN(700), r.IntN(256), r.IntN(256)), 0
}

// Pid implements steps.ProcessOwner: the driver's process.
func (s *session) Pid() int { return s.p.pid }

// AdoptDescriptor moves the session to a driver started for it alone,
// which inherits f as descriptor 3: a running process cannot be given a
// descriptor, and no later session may find 3 taken. It must come before
// the session makes any object.
func (s *session) AdoptDescriptor(ctx context.Context, f *os.File) (int, error) {
	if s.dedicated {
		return 0, errors.New("a driver session takes one descriptor (its driver inherits it as 3)")
	}
	if s.used {
		return 0, errors.New("hand over the descriptor before the scenario makes any object: the driver inherits it when it starts, in a session of its own")
	}
	p, err := s.t.start(ctx, []*os.File{f})
	if err != nil {
		return 0, fmt.Errorf("starting a driver that inherits the descriptor: %w", err)
	}
	old := s.p
	old.attach("", nil, nil)
	if _, err := old.request(ctx, &protocol.Request{Op: "close"}); err != nil {
		s.t.drop(old)
	} else {
		s.t.give(old)
	}
	s.p, s.dedicated = p, true
	id := fmt.Sprintf("%x", s.rng.Uint64())
	p.attach(id, s.names, s.sink)
	if _, err := s.request(ctx, &protocol.Request{Op: "open", Profile: s.profile, Baseline: s.baseline, Session: id}); err != nil {
		return 0, err
	}
	return 3, nil
}

func (s *session) request(ctx context.Context, req *protocol.Request) (*protocol.Message, error) {
	if req.Op != "open" {
		s.used = true
	}
	msg, err := s.p.request(ctx, req)
	if err != nil {
		s.broken = true
		return nil, s.names.err(err)
	}
	return msg, nil
}

func (s *session) Invoke(ctx context.Context, inv steps.Invocation) (steps.Reply, error) {
	return s.InvokeInOneTick(ctx, []steps.Invocation{inv})
}

func (s *session) InvokeInOneTick(ctx context.Context, invs []steps.Invocation) (steps.Reply, error) {
	req := &protocol.Request{Op: "invoke"}
	for _, inv := range invs {
		c, err := CallFromInvocation(s.names.invocation(inv))
		if err != nil {
			return steps.Reply{}, err
		}
		req.Calls = append(req.Calls, c)
	}
	msg, err := s.request(ctx, req)
	if err != nil {
		return steps.Reply{}, err
	}
	out := msg.Result
	if out == nil {
		out = msg.Thrown
	}
	if out == nil {
		s.broken = true
		return steps.Reply{}, errors.New("driver answered invoke with neither result nor thrown")
	}
	v, err := protocol.DecodeValue(out.Value)
	if err != nil {
		s.broken = true
		return steps.Reply{}, fmt.Errorf("driver's reply to invoke: %w", err)
	}
	v = s.names.in(v)
	if msg.Thrown != nil {
		return steps.Reply{}, &steps.Thrown{Value: v, Seq: out.Seq}
	}
	return steps.Reply{Value: v, Seq: out.Seq}, nil
}

func (s *session) React(ctx context.Context, r steps.Reaction) error {
	pr, err := EncodeReaction(s.names.reaction(r))
	if err != nil {
		return err
	}
	_, err = s.request(ctx, &protocol.Request{Op: "react", Reaction: pr})
	return err
}

func (s *session) Settle(ctx context.Context) error {
	_, err := s.request(ctx, &protocol.Request{Op: "settle"})
	return err
}

// Close ends the session; the driver goes back to the pool, or is
// stopped if it failed during the session.
func (s *session) Close(ctx context.Context) error {
	var err error
	if !s.broken {
		_, err = s.request(ctx, &protocol.Request{Op: "close"})
	}
	s.p.attach("", nil, nil)
	if s.broken || err != nil || s.dedicated {
		return errors.Join(err, s.discard())
	}
	s.t.give(s.p)
	return nil
}

func (s *session) discard() error {
	s.p.attach("", nil, nil)
	return s.t.drop(s.p)
}

// tail keeps the last bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	buf bytes.Buffer
}

func newTail(max int) *tail { return &tail{max: max} }

func (t *tail) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf.Write(b)
	if over := t.buf.Len() - t.max; over > 0 {
		t.buf.Next(over)
	}
	return len(b), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.buf.String()
}

// clip shortens a line of the driver's for a message, made safe to show.
func clip(b []byte) string {
	if len(b) > 200 {
		return sanitize(string(b[:197])) + "..."
	}
	return sanitize(string(b))
}

// sanitize makes text from a driver safe to print and to put in a
// report: control characters other than newline and tab (the escape
// sequences that move a terminal's cursor or clear its screen) become
// visible \x1b-style escapes, invalid UTF-8 becomes U+FFFD, and runs of
// three backticks lose one, so that the text cannot end the Markdown code
// block a report shows it in.
func sanitize(s string) string {
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			fmt.Fprintf(&b, "\\x%02x", r)
		case r == 0x2028 || r == 0x2029 || r == 0x202e || r == 0x2066 || r == 0x2067 || r == 0x2068 || r == 0x2069 || r == 0x202a || r == 0x202b || r == 0x202c || r == 0x202d:
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteRune(r)
		}
	}
	out := b.String()
	for strings.Contains(out, "```") {
		out = strings.ReplaceAll(out, "```", "``")
	}
	return out
}

// waitLeft waits, up to bound, for every process of ps to end, and
// returns those still running; it kills them then, so that a leak is
// reported once and does not outlive the run.
func waitLeft(ps []Proc, bound time.Duration) []Proc {
	deadline := time.Now().Add(bound)
	for {
		left := alive(ps)
		if len(left) == 0 {
			return nil
		}
		remaining := time.Until(deadline)
		if remaining <= 0 {
			killAll(left)
			return left
		}
		waitAnyExit(left, remaining)
	}
}
