package drivertarget

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/netconform/netconform/protocol"
)

// Check is one verdict of the protocol check.
type Check struct {
	Name string
	Err  error // nil when the driver passed it
}

// CheckProtocol starts argv and checks that it speaks the protocol
// itself, apart from node:net semantics: the hello and its version,
// error replies to malformed and unknown input with the right id, that
// it keeps serving after them, and a clean session. It returns every
// check, in order; a driver that stops answering fails the rest.
func CheckProtocol(argv []string, timeout time.Duration) []Check {
	var checks []Check
	var m *protocol.Message
	var err error
	add := func(name string, err error) { checks = append(checks, Check{name, err}) }
	if len(argv) == 0 {
		add("starts", errors.New("empty driver command"))
		return checks
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	// As a run does (see Target.start): a group of its own, and a Wait
	// that a child holding the driver's output cannot hold up.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = time.Second
	stdin, err1 := cmd.StdinPipe()
	stdout, err2 := cmd.StdoutPipe()
	stderr := newTail(4 << 10)
	cmd.Stderr = stderr
	if err := firstError(becomeSubreaper(), err1, err2, cmd.Start()); err != nil {
		add("starts", err)
		return checks
	}
	stopped := make(chan struct{})
	defer func() {
		close(stopped)
		before, _ := tree(cmd.Process.Pid)
		stdin.Close()
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(StopGrace):
			cmd.Process.Kill()
			<-done
		}
		// Whatever the driver started ends with the check.
		after, _ := tree(cmd.Process.Pid)
		killAll(alive(append(before, after...)))
		reap(append(before, after...))
	}()
	lines := make(chan []byte)
	go func() {
		r := bufio.NewReaderSize(stdout, 64<<10)
		for {
			l, err := readLine(r)
			if err != nil {
				close(lines)
				return
			}
			select {
			case lines <- l:
			case <-stopped:
				return
			}
		}
	}()
	// next returns the next line that is not an event.
	next := func() (*protocol.Message, []byte, error) {
		deadline := time.After(timeout)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					return nil, nil, fmt.Errorf("driver ended%s", noteOf(stderr))
				}
				m, err := protocol.ParseMessage(l)
				if err != nil {
					return nil, l, fmt.Errorf("%v: %s", err, clip(l))
				}
				if m.Event != nil {
					continue
				}
				return m, l, nil
			case <-deadline:
				return nil, nil, fmt.Errorf("no answer within %s", timeout)
			}
		}
	}
	// A driver that stops reading its input must not hold the check up:
	// a write that does not finish within the bound is given up on.
	send := func(s string) {
		done := make(chan struct{})
		go func() { io.WriteString(stdin, s+"\n"); close(done) }()
		select {
		case <-done:
		case <-time.After(timeout):
		}
	}

	m, _, err = next()
	if err == nil && (m.Hello == nil || m.Hello.Protocol != protocol.Version) {
		err = fmt.Errorf("first line is not a hello for protocol %d", protocol.Version)
	}
	add("says hello with protocol 1 first", err)
	if err != nil {
		return checks
	}
	add("names its implementation", func() error {
		if m.Hello.Implementation.Name == "" || m.Hello.Implementation.Version == "" {
			return fmt.Errorf("implementation name or version is empty")
		}
		return nil
	}())
	expectError := func(name, line string, wantID *int64) {
		send(line)
		m, raw, err := next()
		switch {
		case err != nil:
		case m.Error == nil:
			err = fmt.Errorf("want an error reply, got %s", clip(raw))
		case wantID == nil && m.ID != nil:
			err = fmt.Errorf("want \"id\": null, got %d", *m.ID)
		case wantID != nil && (m.ID == nil || *m.ID != *wantID):
			err = fmt.Errorf("want id %d, got %s", *wantID, clip(raw))
		case strings.TrimSpace(m.Error.Message) == "":
			err = fmt.Errorf("the error has no message")
		}
		add(name, err)
	}
	id := func(n int64) *int64 { return &n }
	expectError("answers a line that is not JSON with an error, id null", "this is not json", nil)
	expectError("answers a JSON value that is not an object with an error", "[1,2,3]", nil)
	expectError("answers an unknown op with an error naming its id", `{"id":101,"op":"frobnicate"}`, id(101))
	expectError("answers invoke before open with an error", `{"id":102,"op":"invoke","calls":[{"op":"call","target":"net","method":"isIP","args":["::1"]}]}`, id(102))
	ok := func(name, line string, wantID int64, check func(*protocol.Message) error) {
		send(line)
		m, raw, err := next()
		switch {
		case err != nil:
		case m.ID == nil || *m.ID != wantID:
			err = fmt.Errorf("want a reply to id %d, got %s", wantID, clip(raw))
		case m.Result == nil:
			err = fmt.Errorf("want a result, got %s", clip(raw))
		case check != nil:
			err = check(m)
		}
		add(name, err)
	}
	ok("opens a session after the bad input", `{"id":1,"op":"open","profile":"v19"}`, 1, nil)
	ok("invokes net.isIP(\"::1\") and returns 6", `{"id":2,"op":"invoke","calls":[{"op":"call","target":"net","method":"isIP","args":["::1"]}]}`, 2,
		func(m *protocol.Message) error {
			var v float64
			if json.Unmarshal(m.Result.Value, &v) != nil || v != 6 {
				return fmt.Errorf("want 6, got %s", m.Result.Value)
			}
			return nil
		})
	send(`{"id":3,"op":"invoke","calls":[{"op":"call","target":"nosuch","method":"x","args":[]}]}`)
	m, raw, err := next()
	if err == nil && (m.ID == nil || *m.ID != 3 || (m.Error == nil && m.Thrown == nil)) {
		err = fmt.Errorf("want an error or a thrown reply to id 3, got %s", clip(raw))
	}
	add("answers a call on an unknown object with an error or a thrown exception", err)
	// The Function constructor is one property away from any function: a
	// driver must not let a request compile code with it.
	send(`{"id":10,"op":"invoke","calls":[{"op":"get","target":"net","method":"isIP","args":[],"as":"f"},{"op":"call","target":"f","method":"constructor","args":["process.exit(7)"],"as":"g"},{"op":"call","target":"g","method":"call","args":[]}]}`)
	m, raw, err = next()
	if err == nil && (m.ID == nil || *m.ID != 10 || m.Result != nil) {
		err = fmt.Errorf("want an error or a thrown reply to id 10, got %s", clip(raw))
	}
	add("refuses to compile code sent in a request", err)
	ok("settles", `{"id":4,"op":"settle"}`, 4, nil)
	ok("closes the session", `{"id":5,"op":"close"}`, 5, nil)
	return checks
}

func firstError(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func noteOf(t *tail) string {
	s := strings.TrimSpace(t.String())
	if s == "" {
		return ""
	}
	return "; its stderr ends:\n" + s
}
