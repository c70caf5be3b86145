// Package reftarget drives the Go reference in-process: it is the
// reference as JavaScript would see it, with Node's argument handling
// (lib/net.js normalizeArgs, validatePort, ...) in front of the Go API.
package reftarget

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sys/unix"

	"github.com/netconform/netconform/jsval"
	"github.com/netconform/netconform/reference"
	"github.com/netconform/netconform/steps"
	"github.com/netconform/netconform/steps/leakcheck"
)

// Target is the in-process reference target.
type Target struct {
	mu        sync.Mutex
	inherited []int // descriptors for the next session to adopt
}

// New returns the in-process reference target.
func New() *Target { return &Target{} }

// ServeInherited returns the reference target of a driver process
// (netconform-driver): when the runner started it with a connected socket
// as descriptor 3 (steps.DescriptorAdopter on a driver target), its
// first session owns that descriptor under its own number, 3. Call it
// first thing in main, before anything else can open a descriptor.
func ServeInherited() *Target {
	t := New()
	var st unix.Stat_t
	if unix.Fstat(3, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFSOCK {
		unix.CloseOnExec(3)
		t.inherited = []int{3}
	}
	return t
}

// Name implements steps.Target.
func (*Target) Name() string { return "reference" }

// Close implements steps.Target.
func (*Target) Close() error { return nil }

// InProcess implements steps.InProcess: the reference runs in this
// process, where the runner can see what a scenario leaves behind.
func (*Target) InProcess() {}

// Open implements steps.Target: every session has a loop of its own,
// running on its own goroutine until the session is closed.
func (t *Target) Open(ctx context.Context, opts steps.SessionOptions, sink func(steps.Event)) (steps.Session, error) {
	profile, err := reference.ParseProfile(opts.Profile)
	if err != nil {
		return nil, err
	}
	line, err := reference.ParseNodeLine(opts.Baseline)
	if err != nil {
		return nil, err
	}
	loop := reference.NewLoopProfile(profile)
	loop.SetNodeLine(line)
	s := &session{
		loop:      loop,
		sink:      sink,
		objects:   map[string]any{},
		callbacks: map[string]*callbackSpec{},
		adopted:   map[int]*os.File{},
		names:     map[any]string{},
		held:      map[leakcheck.Descriptor]string{},
		done:      make(chan error, 1),
	}
	t.mu.Lock()
	for _, fd := range t.inherited {
		s.adopted[fd] = os.NewFile(uintptr(fd), "inherited")
	}
	t.inherited = nil
	t.mu.Unlock()
	s.loop.SetUncaughtHandler(func(err error) {
		s.emit(steps.ProcessObject, "uncaughtException", []jsval.Value{s.toJS(err)})
	})
	started := make(chan struct{})
	go func() {
		s.done <- s.loop.Run(func() {
			s.release = s.loop.KeepAlive()
			close(started)
		})
	}()
	select {
	case <-started:
		return s, nil
	case <-ctx.Done():
		return nil, fmt.Errorf("reference loop did not start: %w", ctx.Err())
	}
}

type session struct {
	loop    *reference.Loop
	sink    func(steps.Event)
	release func()
	done    chan error
	closed  bool
	ended   bool // the loop's Run has returned

	// Loop-goroutine state.
	seq     int64
	objects map[string]any // name -> *reference.Server, *reference.Socket, ...
	names   map[any]string
	auto    int
	// callbacks say what the scenario's callbacks do when called.
	callbacks map[string]*callbackSpec
	// adopted are the descriptors handed over and not yet wrapped.
	adopted map[int]*os.File
	// held is every descriptor an object of the session was seen to
	// hold, with the object's name: each must be closed once the session
	// is.
	held map[leakcheck.Descriptor]string
}

// do runs fn on the loop and waits for it, within ctx.
func (s *session) do(ctx context.Context, fn func()) error {
	if s.closed {
		return errors.New("session is closed")
	}
	finished := make(chan struct{})
	if !s.loop.Submit(func() { defer close(finished); fn() }) {
		return errors.New("the reference's loop has ended")
	}
	select {
	case <-finished:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("the reference's loop did not run the request: %w", ctx.Err())
	}
}

func (s *session) emit(object, name string, args []jsval.Value) {
	s.seq++
	s.sink(steps.Event{Seq: s.seq, Object: object, Name: name, Args: args})
}

// register names obj and starts reporting its events.
func (s *session) register(obj any, name string) string {
	if n, ok := s.names[obj]; ok {
		return n
	}
	if name == "" {
		s.auto++
		name = "obj" + strconv.Itoa(s.auto)
	}
	if old, ok := s.objects[name]; ok {
		delete(s.names, old)
	}
	s.objects[name] = obj
	s.names[obj] = name
	if e, ok := obj.(interface {
		Observe(func(string, []any))
	}); ok {
		e.Observe(func(ev string, args []any) {
			js := make([]jsval.Value, len(args))
			for i, a := range args {
				if child, ok := a.(*reference.Socket); ok {
					s.nameFor(child, obj)
				}
				js[i] = s.toJS(a)
				if ev == "lookup" && i == 0 && a == nil {
					js[i] = jsval.Null{} // 'lookup' passes err as null
				}
			}
			switch ev {
			case "listening", "connect":
				s.hold(obj)
			case "connection":
				if len(args) > 0 {
					s.hold(args[0])
				}
			}
			s.emit(s.names[obj], ev, js)
		})
	}
	return name
}

// nameFor gives an object the implementation created (an accepted
// connection) a name derived from its creator's.
func (s *session) nameFor(obj any, parent any) string {
	if n, ok := s.names[obj]; ok {
		return n
	}
	base := s.names[parent]
	for i := 1; ; i++ {
		n := base + "_conn" + strconv.Itoa(i)
		if _, taken := s.objects[n]; !taken {
			return s.register(obj, n)
		}
	}
}

func (s *session) Invoke(ctx context.Context, inv steps.Invocation) (steps.Reply, error) {
	return s.InvokeInOneTick(ctx, []steps.Invocation{inv})
}

func (s *session) InvokeInOneTick(ctx context.Context, invs []steps.Invocation) (steps.Reply, error) {
	var result jsval.Value
	var thrown error
	var seq int64
	err := s.do(ctx, func() {
		for _, inv := range invs {
			if result, thrown = s.invoke(inv); thrown != nil {
				break
			}
		}
		seq = s.seq
	})
	if err != nil {
		return steps.Reply{}, err
	}
	if thrown != nil {
		var t *steps.Thrown
		if !errors.As(thrown, &t) {
			return steps.Reply{}, thrown // the request was wrong, not the code under test
		}
		t.Seq = seq
		return steps.Reply{}, t
	}
	return steps.Reply{Value: result, Seq: seq}, nil
}

func (s *session) React(ctx context.Context, r steps.Reaction) error {
	var rerr error
	err := s.do(ctx, func() { rerr = s.react(r, nil) })
	if err != nil {
		return err
	}
	return rerr
}

// react installs r; bindings resolves "$this" and "$0".. inside a
// nested reaction.
func (s *session) react(r steps.Reaction, bindings map[string]any) error {
	if r.Callback {
		return s.reactOnCallback(r)
	}
	obj, err := s.lookup(r.Object, bindings)
	if err != nil {
		return err
	}
	em, ok := obj.(interface {
		On(string, reference.Listener) *reference.Subscription
	})
	if !ok {
		return fmt.Errorf("%s is not an event emitter", r.Object)
	}
	on := em.On
	if k, ok := obj.(interface{ Emits(string) bool }); ok && !k.Emits(r.Event) {
		// A name the handle never emits: the emitter takes it, as JavaScript's does.
		switch o := obj.(type) {
		case *reference.Socket:
			on = o.EventEmitter.On
		case *reference.Server:
			on = o.EventEmitter.On
		}
	}
	on(r.Event, func(args ...any) {
		b := map[string]any{"$this": obj}
		for i, a := range args {
			b["$"+strconv.Itoa(i)] = a
		}
		for _, a := range r.Actions {
			if err := s.perform(a, b); err != nil {
				s.emit(steps.ProcessObject, "reactionError", []jsval.Value{
					fmt.Sprintf("on %s '%s': %v", r.Object, r.Event, err)})
				return
			}
		}
	})
	return nil
}

func (s *session) perform(a steps.Action, b map[string]any) error {
	if a.On != nil {
		nested := *a.On
		nested.Object = a.Target
		return s.react(nested, b)
	}
	target, err := s.lookup(a.Target, b)
	if err != nil {
		return err
	}
	args := make([]jsval.Value, len(a.Args))
	for i, arg := range a.Args {
		if r, ok := arg.(jsval.Ref); ok {
			if v, bound := b[r.Name]; bound {
				arg = jsval.Ref{Name: s.nameFor(v, b["$this"])}
			}
		}
		args[i] = arg
	}
	_, err = s.callOn(target, a.Method, args)
	return err
}

func (s *session) lookup(name string, bindings map[string]any) (any, error) {
	if v, ok := bindings[name]; ok {
		return v, nil
	}
	if v, ok := s.objects[name]; ok {
		return v, nil
	}
	return nil, fmt.Errorf("no object named %q", name)
}

func (s *session) Settle(ctx context.Context) error {
	// A submission runs after everything already posted and the ticks it
	// queues; a second one runs after what the first turn posted.
	for i := 0; i < 2; i++ {
		if err := s.do(ctx, func() {}); err != nil {
			return err
		}
	}
	return nil
}

// Pid implements steps.ProcessOwner: the reference runs in this process.
func (s *session) Pid() int { return os.Getpid() }

// AdoptDescriptor duplicates f into a descriptor of the session's, for
// new net.Socket({fd}); the session closes it at the end unless a socket
// took it.
func (s *session) AdoptDescriptor(ctx context.Context, f *os.File) (int, error) {
	fd, err := unix.Dup(int(f.Fd()))
	if err != nil {
		return 0, fmt.Errorf("dup: %w", err)
	}
	unix.CloseOnExec(fd)
	file := os.NewFile(uintptr(fd), "adopted")
	if err := s.do(ctx, func() { s.adopted[fd] = file }); err != nil {
		file.Close()
		return 0, err
	}
	return fd, nil
}

func (s *session) Close(ctx context.Context) error {
	if s.closed {
		return nil
	}
	err := s.do(ctx, func() {
		for _, obj := range s.objects {
			s.hold(obj)
			switch o := obj.(type) {
			case *reference.Server:
				o.Close(nil)
			case *reference.Socket:
				o.Destroy(nil)
			}
		}
		for fd, f := range s.adopted {
			f.Close()
			delete(s.adopted, fd)
		}
		s.release()
	})
	s.closed = true
	if err != nil {
		return err
	}
	select {
	case runErr := <-s.done:
		s.ended = true
		if runErr != nil {
			return fmt.Errorf("the reference's loop ended with %v", runErr)
		}
	case <-ctx.Done():
		return fmt.Errorf("the reference's loop did not end after every object was destroyed: %w", ctx.Err())
	}
	// Every I/O goroutine of the session must end once its objects are
	// destroyed: one still running is a leak.
	if !s.loop.WaitIO(ctx.Done()) {
		return fmt.Errorf("leak: %d I/O operations of the reference still running after every object was destroyed", s.loop.InFlight())
	}
	return nil
}

// hold records the descriptor obj holds now, if it holds one.
func (s *session) hold(obj any) {
	d, ok := obj.(interface{ Descriptor() (int, bool) })
	if !ok {
		return
	}
	fd, ok := d.Descriptor()
	if !ok {
		return
	}
	if target := leakcheck.Target(fd); target != "" {
		s.held[leakcheck.Descriptor{FD: fd, Target: target}] = s.names[obj]
	}
}

// CheckLeaks implements steps.LeakChecker: every descriptor an object of
// the closed session held must be closed.
func (s *session) CheckLeaks(ctx context.Context) error {
	if !s.ended {
		return nil // Close failed, and said why; the loop may still run
	}
	ds := make([]leakcheck.Descriptor, 0, len(s.held))
	for d := range s.held {
		ds = append(ds, d)
	}
	left := leakcheck.WaitStillOpen(ctx, ds)
	if len(left) == 0 {
		return nil
	}
	msgs := make([]string, len(left))
	for i, d := range left {
		msgs[i] = fmt.Sprintf("file descriptor of %s left open: %s", s.held[d], d)
	}
	sort.Strings(msgs)
	return errors.New(strings.Join(msgs, "\n  "))
}
