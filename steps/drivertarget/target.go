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
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/netconform/netconform/jsval"
	"github.com/netconform/netconform/protocol"
	"github.com/netconform/netconform/steps"
)

// StartTimeout bounds how long a driver may take to say hello.
const StartTimeout = 20 * time.Second

// Target is a driver command and its pool of running processes.
type Target struct {
	name string
	argv []string
	dir  string

	mu     sync.Mutex
	idle   []*process
	all    map[*process]bool
	closed bool
	// groups are the process groups of every driver started, so that a
	// process one of them left behind can be found; leftovers says what
	// was found after drivers no scenario was waiting on were stopped.
	groups    map[int]bool
	leftovers []error
	retiring  sync.WaitGroup
	// impl is what the newest driver's hello named.
	impl protocol.Implementation
}

// LeftoverTimeout bounds how long a stopped driver's process group may
// take to empty before what is left in it counts as leaked.
const LeftoverTimeout = 2 * time.Second

// New returns a target that starts argv as its driver; name identifies
// it in reports.
func New(name string, argv []string) *Target {
	return &Target{name: name, argv: argv, all: map[*process]bool{}, groups: map[int]bool{}}
}

// Name implements steps.Target.
func (t *Target) Name() string { return t.name }

// Implementation returns the implementation the newest driver named in
// its hello (its name and version), or the zero value before any driver
// has started; reports name a target's version with it.
func (t *Target) Implementation() protocol.Implementation {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.impl
}

// Close stops every driver process and waits for them to exit. It
// returns an error naming every process a driver left behind, during
// the run or now: a driver's process group must be empty once it is
// stopped.
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
	// A group emptied at its driver's stop stays empty unless one of its
	// processes was missed: look once more at all of them.
	left, err := procs(func(p Proc) bool { return t.groups[p.PGID] && p.State != "Z" })
	if err != nil {
		errs = append(errs, err)
	}
	for _, p := range left {
		syscall.Kill(p.PID, syscall.SIGKILL)
		errs = append(errs, fmt.Errorf("driver process left running after the run: %s", p))
	}
	return errors.Join(errs...)
}

// retire stops a driver and checks that nothing of its process group
// outlives it.
func (t *Target) retire(p *process) error {
	p.stop()
	pgid := p.cmd.Process.Pid
	left := groupLeft(pgid, LeftoverTimeout)
	if len(left) == 0 {
		return nil
	}
	names := make([]string, len(left))
	for i, q := range left {
		names[i] = q.String()
	}
	return fmt.Errorf("driver %q (pid %d) left processes running after it was stopped (now killed): %s",
		strings.Join(t.argv, " "), pgid, strings.Join(names, "; "))
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
	p.setSink(sink)
	s := &session{t: t, p: p, profile: opts.Profile, baseline: opts.Baseline, sink: sink}
	if _, err := s.request(ctx, &protocol.Request{Op: "open", Profile: opts.Profile, Baseline: opts.Baseline}); err != nil {
		return nil, errors.Join(err, s.discard())
	}
	return s, nil
}

func (t *Target) take() (*process, error) {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return nil, errors.New("target is closed")
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
	p, err := start(context.Background(), t.argv, nil)
	if err != nil {
		return nil, fmt.Errorf("starting driver %q: %w", strings.Join(t.argv, " "), err)
	}
	t.mu.Lock()
	t.all[p] = true
	t.groups[p.cmd.Process.Pid] = true
	t.impl = p.hello.Implementation
	t.mu.Unlock()
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
	stdin  io.WriteCloser
	stderr *tail
	hello  protocol.HelloBody

	writeMu sync.Mutex
	mu      sync.Mutex
	nextID  int64
	pending map[int64]chan *protocol.Message
	sink    func(steps.Event)
	dead    chan struct{} // closed when the reader ends
	deadErr error
	waited  chan struct{}
}

// start runs a driver; extra are the descriptors it inherits as 3, 4...
func start(ctx context.Context, argv []string, extra []*os.File) (*process, error) {
	if len(argv) == 0 {
		return nil, errors.New("empty driver command")
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.ExtraFiles = extra
	// A group of its own, so that what the driver starts can be found.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	p := &process{cmd: cmd, stdin: stdin, stderr: newTail(8 << 10), pending: map[int64]chan *protocol.Message{},
		dead: make(chan struct{}), waited: make(chan struct{})}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() { cmd.Wait(); close(p.waited) }()
	hello := make(chan error, 1)
	go p.read(stdout, hello)
	sctx, cancel := context.WithTimeout(ctx, StartTimeout)
	defer cancel()
	select {
	case err := <-hello:
		if err != nil {
			p.stop()
			return nil, err
		}
		return p, nil
	case <-sctx.Done():
		p.stop()
		return nil, fmt.Errorf("no hello within %s%s", StartTimeout, p.stderrNote())
	}
}

func (p *process) alive() bool {
	select {
	case <-p.dead:
		return false
	default:
		return true
	}
}

func (p *process) setSink(sink func(steps.Event)) {
	p.mu.Lock()
	p.sink = sink
	p.mu.Unlock()
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
	p.mu.Lock()
	p.deadErr = endErr
	close(p.dead)
	p.mu.Unlock()
}

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
			return nil, fmt.Errorf("line longer than %d bytes", protocol.MaxLine)
		}
		if !isPrefix {
			return line, nil
		}
	}
}

func (p *process) deliver(msg *protocol.Message, line []byte) {
	if msg.Event != nil {
		ev, err := DecodeEvent(msg.Event)
		if err != nil {
			p.report("strayOutput", fmt.Sprintf("driver sent an event the runner cannot decode (%v): %s", err, clip(line)))
			return
		}
		p.mu.Lock()
		sink := p.sink
		p.mu.Unlock()
		if sink != nil {
			sink(ev)
		}
		return
	}
	if msg.ID == nil {
		p.report("driverError", "driver reported an error with no id: "+msg.Error.Message)
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

// report tells the scenario in flight about a fault of the driver, as an
// event of the process object: the steps fail a scenario that has one.
func (p *process) report(name, text string) {
	p.mu.Lock()
	sink := p.sink
	p.mu.Unlock()
	if sink != nil {
		sink(steps.Event{Seq: -1, Object: steps.ProcessObject, Name: name, Args: []jsval.Value{text}})
	}
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
	p.writeMu.Lock()
	_, werr := p.stdin.Write(append(line, '\n'))
	p.writeMu.Unlock()
	if werr != nil {
		<-p.dead
		return nil, p.deathError(req.Op)
	}
	select {
	case msg := <-ch:
		if msg.Error != nil {
			return nil, fmt.Errorf("driver answered %s with an error: %s", req.Op, msg.Error.Message)
		}
		return msg, nil
	case <-p.dead:
		return nil, p.deathError(req.Op)
	case <-ctx.Done():
		return nil, fmt.Errorf("driver did not answer %s in time (%v); it is stopped%s", req.Op, ctx.Err(), p.stderrNote())
	}
}

func (p *process) deathError(op string) error {
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
	t := strings.TrimSpace(p.stderr.String())
	if t == "" {
		return ""
	}
	return "; the end of its stderr:\n" + t
}

// stop ends the driver: stdin closed, then a kill if it lingers.
func (p *process) stop() {
	p.stdin.Close()
	select {
	case <-p.waited:
		return
	case <-time.After(2 * time.Second):
	}
	if p.cmd.Process != nil {
		p.cmd.Process.Kill()
	}
	<-p.waited
}

// session is one scenario in one driver process.
type session struct {
	t        *Target
	p        *process
	broken   bool
	profile  string
	baseline string
	sink     func(steps.Event)
	// used is set once the session asked the driver for anything but
	// opening; dedicated, once it runs on a driver of its own that
	// inherited a descriptor and goes back to no pool.
	used      bool
	dedicated bool
}

// Pid implements steps.ProcessOwner: the driver's process.
func (s *session) Pid() int { return s.p.cmd.Process.Pid }

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
	p, err := start(ctx, s.t.argv, []*os.File{f})
	if err != nil {
		return 0, fmt.Errorf("starting a driver that inherits the descriptor: %w", err)
	}
	s.t.mu.Lock()
	s.t.all[p] = true
	s.t.mu.Unlock()
	old := s.p
	old.setSink(nil)
	if _, err := old.request(ctx, &protocol.Request{Op: "close"}); err != nil {
		s.t.drop(old)
	} else {
		s.t.give(old)
	}
	s.p, s.dedicated = p, true
	p.setSink(s.sink)
	if _, err := s.request(ctx, &protocol.Request{Op: "open", Profile: s.profile, Baseline: s.baseline}); err != nil {
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
	}
	return msg, err
}

func (s *session) Invoke(ctx context.Context, inv steps.Invocation) (steps.Reply, error) {
	return s.InvokeInOneTick(ctx, []steps.Invocation{inv})
}

func (s *session) InvokeInOneTick(ctx context.Context, invs []steps.Invocation) (steps.Reply, error) {
	req := &protocol.Request{Op: "invoke"}
	for _, inv := range invs {
		c, err := CallFromInvocation(inv)
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
	if msg.Thrown != nil {
		return steps.Reply{}, &steps.Thrown{Value: v, Seq: out.Seq}
	}
	return steps.Reply{Value: v, Seq: out.Seq}, nil
}

func (s *session) React(ctx context.Context, r steps.Reaction) error {
	pr, err := EncodeReaction(r)
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
	s.p.setSink(nil)
	if s.broken || err != nil || s.dedicated {
		return errors.Join(err, s.discard())
	}
	s.t.give(s.p)
	return nil
}

func (s *session) discard() error {
	s.p.setSink(nil)
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

func clip(b []byte) string {
	if len(b) > 200 {
		return string(b[:197]) + "..."
	}
	return string(b)
}
