package drivertarget

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"reflect"
	"strings"
	"syscall"
	"time"

	"github.com/netconform/netconform/protocol"
)

// Check is one verdict of the protocol check.
type Check struct {
	Group string // the part of docs/protocol.md it checks
	Name  string
	Err   error // nil when the driver passed it
}

// CheckProtocol starts argv and checks that it speaks the protocol as
// docs/protocol.md defines it, op by op: the hello; error replies, with
// the right id, to malformed lines, unknown ops, missing fields and
// unknown objects, after which it serves on; open, invoke (call, new,
// get, set, as), react (nested reactions and callback reactions with
// their returns), settle and close with their replies; events and their
// sequence numbers, callbacks' call events and uncaught errors; and the
// value encodings both ways. It uses only what node:net offers and a
// loopback server on port 0. It returns every check, in order; a driver
// that stops answering fails the rest.
func CheckProtocol(argv []string, timeout time.Duration) []Check {
	c := &checker{timeout: timeout}
	if len(argv) == 0 {
		c.add("start", "starts", errors.New("empty driver command"))
		return c.checks
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	// As a run does (see Target.start): a group of its own, and a Wait
	// that a child holding the driver's output cannot hold up.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.WaitDelay = time.Second
	stdin, err1 := cmd.StdinPipe()
	stdout, err2 := cmd.StdoutPipe()
	c.stderr = newTail(4 << 10)
	cmd.Stderr = c.stderr
	if err := firstError(becomeSubreaper(), err1, err2, cmd.Start()); err != nil {
		c.add("start", "starts", err)
		return c.checks
	}
	c.stdin = stdin
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
	c.lines = make(chan []byte)
	go func() {
		r := bufio.NewReaderSize(stdout, 64<<10)
		for {
			l, err := readLine(r)
			if err != nil {
				close(c.lines)
				return
			}
			select {
			case c.lines <- l:
			case <-stopped:
				return
			}
		}
	}()
	c.run()
	return c.checks
}

// checker holds the state of one protocol check.
type checker struct {
	timeout time.Duration
	stdin   io.Writer
	lines   chan []byte
	stderr  *tail
	checks  []Check
	group   string
	events  []protocol.Event // events of the session, in arrival order
	dead    error            // set once the driver stopped answering
	nextID  int64
}

func (c *checker) add(group, name string, err error) {
	c.checks = append(c.checks, Check{Group: group, Name: name, Err: err})
}

// check records one verdict of the current group.
func (c *checker) check(name string, err error) bool {
	if c.dead != nil && err == nil {
		err = c.dead
	}
	c.add(c.group, name, err)
	return err == nil
}

// send writes a line to the driver. A driver that stops reading its
// input must not hold the check up: a write that does not finish within
// the bound is given up on, and the driver counted as gone.
func (c *checker) send(line string) {
	if c.dead != nil {
		return
	}
	done := make(chan struct{})
	go func() { io.WriteString(c.stdin, line+"\n"); close(done) }()
	select {
	case <-done:
	case <-time.After(c.timeout):
		c.dead = fmt.Errorf("the driver read no input within %s", c.timeout)
	}
}

// next returns the next line of the driver that is not an event; events
// are kept in c.events.
func (c *checker) next() (*protocol.Message, []byte, error) {
	if c.dead != nil {
		return nil, nil, c.dead
	}
	deadline := time.After(c.timeout)
	for {
		select {
		case l, ok := <-c.lines:
			if !ok {
				c.dead = fmt.Errorf("driver ended%s", noteOf(c.stderr))
				return nil, nil, c.dead
			}
			m, err := protocol.ParseMessage(l)
			if err != nil {
				return nil, l, fmt.Errorf("%v: %s", err, clip(l))
			}
			if m.Event != nil {
				c.events = append(c.events, *m.Event)
				continue
			}
			return m, l, nil
		case <-deadline:
			c.dead = fmt.Errorf("no answer within %s", c.timeout)
			return nil, nil, c.dead
		}
	}
}

// request sends a request with a fresh id (the body is a JSON object
// without its id) and returns the reply to it.
func (c *checker) request(body string) (*protocol.Message, []byte, error) {
	c.nextID++
	id := c.nextID
	c.send(fmt.Sprintf(`{"id":%d,%s`, id, strings.TrimPrefix(body, "{")))
	m, raw, err := c.next()
	switch {
	case err != nil:
		return nil, raw, err
	case m.ID == nil || *m.ID != id:
		return m, raw, fmt.Errorf("want the reply to id %d, got %s", id, clip(raw))
	}
	return m, raw, nil
}

// result sends a request and returns the value of its result reply.
func (c *checker) result(body string) (any, *protocol.Outcome, error) {
	m, raw, err := c.request(body)
	if err != nil {
		return nil, nil, err
	}
	if m.Result == nil {
		return nil, nil, fmt.Errorf("want a result, got %s", clip(raw))
	}
	v, err := decode(m.Result.Value)
	return v, m.Result, err
}

// errorReply sends a line and wants an error reply with id wantID (nil:
// "id": null) and a message.
func (c *checker) errorReply(name, line string, wantID *int64) {
	c.send(line)
	m, raw, err := c.next()
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
	c.check(name, err)
}

// errorFor sends a request with a fresh id and wants an error reply
// (not a thrown one) to it.
func (c *checker) errorFor(name, body string) {
	c.nextID++
	id := c.nextID
	c.errorReply(name, fmt.Sprintf(`{"id":%d,%s`, id, strings.TrimPrefix(body, "{")), &id)
}

// waitEvent returns the first event of the session that matches: one
// already reported, or the next to come within the bound. A driver
// reports events as they happen, with no request to prompt it.
func (c *checker) waitEvent(desc string, match func(protocol.Event) bool) (protocol.Event, error) {
	for _, e := range c.events {
		if match(e) {
			return e, nil
		}
	}
	if c.dead != nil {
		return protocol.Event{}, c.dead
	}
	deadline := time.After(c.timeout)
	for {
		select {
		case l, ok := <-c.lines:
			if !ok {
				c.dead = fmt.Errorf("driver ended%s", noteOf(c.stderr))
				return protocol.Event{}, c.dead
			}
			m, err := protocol.ParseMessage(l)
			if err != nil {
				return protocol.Event{}, fmt.Errorf("%v: %s", err, clip(l))
			}
			if m.Event == nil {
				return protocol.Event{}, fmt.Errorf("a line that is no event while no request is in flight: %s", clip(l))
			}
			c.events = append(c.events, *m.Event)
			if match(*m.Event) {
				return *m.Event, nil
			}
		case <-deadline:
			return protocol.Event{}, fmt.Errorf("no %s within %s; the events: %s", desc, c.timeout, c.eventList())
		}
	}
}

func (c *checker) eventList() string {
	var parts []string
	for _, e := range c.events {
		parts = append(parts, fmt.Sprintf("#%d %s '%s'", e.Seq, e.Object, e.Name))
	}
	if len(parts) == 0 {
		return "(none)"
	}
	return strings.Join(parts, ", ")
}

func named(object, name string) func(protocol.Event) bool {
	return func(e protocol.Event) bool { return e.Object == object && e.Name == name }
}

// decode reads a value of the protocol as plain JSON data, the
// encodings kept as their one-key objects.
func decode(raw json.RawMessage) (any, error) {
	var v any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return nil, fmt.Errorf("value %s: %v", clip(raw), err)
	}
	return v, nil
}

// same compares a decoded value with the JSON text of the value wanted.
func same(got any, want string) error {
	w, err := decode(json.RawMessage(want))
	if err != nil {
		return err
	}
	if !reflect.DeepEqual(got, w) {
		g, _ := json.Marshal(got)
		return fmt.Errorf("want %s, got %s", want, g)
	}
	return nil
}

// field returns v.key when v is a JSON object.
func field(v any, key string) any {
	if m, ok := v.(map[string]any); ok {
		return m[key]
	}
	return nil
}

func (c *checker) run() {
	c.group = "handshake"
	// Starting may take longer than answering (a runtime's start-up on a
	// loaded machine): the hello has the runner's own bound.
	bound := c.timeout
	c.timeout = max(bound, StartTimeout)
	m, _, err := c.next()
	c.timeout = bound
	if err == nil && (m.Hello == nil || m.Hello.Protocol != protocol.Version) {
		err = fmt.Errorf("first line is not a hello for protocol %d", protocol.Version)
	}
	if !c.check("says hello with protocol 1 first", err) {
		return
	}
	if m.Hello.Implementation.Name == "" || m.Hello.Implementation.Version == "" {
		err = fmt.Errorf("implementation name or version is empty")
	}
	c.check("names its implementation", err)

	c.group = "malformed input"
	id := func(n int64) *int64 { return &n }
	c.errorReply("answers a line that is not JSON with an error, id null", "this is not json", nil)
	c.errorReply("answers a JSON value that is not an object with an error, id null", "[1,2,3]", nil)
	c.errorReply("answers an empty line with an error, id null", "", nil)
	c.errorReply("answers an unknown op with an error naming its id", `{"id":901,"op":"frobnicate"}`, id(901))
	c.errorReply("answers a request without op with an error naming its id", `{"id":902}`, id(902))
	c.errorReply("answers invoke before open with an error", `{"id":903,"op":"invoke","calls":[{"op":"call","target":"net","method":"isIP","args":["::1"]}]}`, id(903))
	c.errorReply("answers react before open with an error", `{"id":904,"op":"react","reaction":{"object":"x","event":"y","actions":[]}}`, id(904))
	for _, op := range []string{"settle", "close"} {
		_, o, err := c.result(`{"op":"` + op + `"}`)
		if err == nil && o.Seq != 0 {
			err = fmt.Errorf("want seq 0, got %d", o.Seq)
		}
		c.check(op+" with no session open replies a result with seq 0", err)
	}

	c.group = "open"
	_, o, err := c.result(`{"op":"open","profile":"v19"}`)
	if err == nil && o.Seq != 0 {
		err = fmt.Errorf("want seq 0 for a new session, got %d", o.Seq)
	}
	if !c.check("opens a session after the bad input: a result with seq 0", err) {
		return
	}

	c.group = "invoke"
	v, _, err := c.result(`{"op":"invoke","calls":[{"op":"call","target":"net","method":"isIP","args":["::1"]}]}`)
	if err == nil {
		err = same(v, "6")
	}
	c.check(`call: net.isIP("::1") returns 6`, err)
	v, _, err = c.result(`{"op":"invoke","calls":[{"op":"new","target":"net","method":"BlockList","args":[],"as":"bl"}]}`)
	if err == nil {
		err = same(v, `{"$ref":"bl"}`)
	}
	c.check(`new: new net.BlockList() with as "bl" returns {"$ref": "bl"}`, err)
	v, _, err = c.result(`{"op":"invoke","calls":[{"op":"call","target":"bl","method":"addAddress","args":["10.0.0.1"]},{"op":"call","target":"bl","method":"check","args":["10.0.0.1"]}]}`)
	if err == nil {
		err = same(v, "true")
	}
	c.check("invoke with several calls replies with the last one's outcome", err)
	v, _, err = c.result(`{"op":"invoke","calls":[{"op":"call","target":"net","method":"createServer","args":[],"as":"srv"},{"op":"get","target":"srv","method":"listening"}]}`)
	if err == nil {
		err = same(v, "false")
	}
	c.check("get: srv.listening reads false; args may be omitted", err)
	v, _, err = c.result(`{"op":"invoke","calls":[{"op":"set","target":"srv","method":"maxConnections","args":[7]}]}`)
	if err == nil {
		err = same(v, "7")
	}
	if err == nil {
		v, _, err = c.result(`{"op":"invoke","calls":[{"op":"get","target":"srv","method":"maxConnections","args":[]}]}`)
		if err == nil {
			err = same(v, "7")
		}
	}
	c.check("set: srv.maxConnections = 7 returns 7, and get reads it back", err)
	m, raw, err := c.request(`{"op":"invoke","calls":[{"op":"call","target":"bl","method":"addAddress","args":[1]}]}`)
	if err == nil {
		switch {
		case m.Thrown == nil:
			err = fmt.Errorf("want a thrown reply, got %s", clip(raw))
		default:
			v, err = decode(m.Thrown.Value)
			if err == nil {
				e := field(v, "$error")
				if field(e, "name") != "TypeError" || field(field(e, "props"), "code") != "ERR_INVALID_ARG_TYPE" || field(e, "message") == "" {
					err = fmt.Errorf(`want {"$error": {"name": "TypeError", "message": ..., "props": {"code": "ERR_INVALID_ARG_TYPE"}}}, got %s`, clip(m.Thrown.Value))
				}
			}
		}
	}
	c.check("thrown: bl.addAddress(1) replies thrown with the TypeError encoded as $error, code in props", err)
	c.errorFor("a call on an unknown object is an error reply, not thrown", `{"op":"invoke","calls":[{"op":"call","target":"nosuch","method":"x","args":[]}]}`)
	c.errorFor("a call with an unknown op is an error reply", `{"op":"invoke","calls":[{"op":"frob","target":"net","method":"isIP","args":[]}]}`)
	c.errorFor("a call without target is an error reply", `{"op":"invoke","calls":[{"op":"call","method":"isIP","args":[]}]}`)
	c.errorFor("invoke without calls is an error reply", `{"op":"invoke"}`)
	// The Function constructor is one property away from any function: a
	// driver must not let a request compile code with it.
	m, raw, err = c.request(`{"op":"invoke","calls":[{"op":"get","target":"net","method":"isIP","args":[],"as":"f"},{"op":"call","target":"f","method":"constructor","args":["process.exit(7)"],"as":"g"},{"op":"call","target":"g","method":"call","args":[]}]}`)
	if err == nil && m.Result != nil {
		err = fmt.Errorf("want an error or a thrown reply, got %s", clip(raw))
	}
	c.check("refuses to compile code sent in a request", err)

	c.group = "values, runner to driver"
	v, _, err = c.result(`{"op":"invoke","calls":[{"op":"new","target":"net","method":"SocketAddress","args":[{"$object":{"address":"127.0.0.1","port":8080}}],"as":"sa"},{"op":"get","target":"sa","method":"port"}]}`)
	if err == nil {
		err = same(v, "8080")
	}
	c.check(`{"$object": {...}} arrives as a plain object (new net.SocketAddress({address, port}).port is 8080)`, err)
	for _, n := range []string{"NaN", "Infinity", "-Infinity"} {
		m, raw, err = c.request(`{"op":"invoke","calls":[{"op":"new","target":"net","method":"SocketAddress","args":[{"port":{"$number":"` + n + `"}}]}]}`)
		if err == nil {
			var msg any
			if m.Thrown == nil {
				err = fmt.Errorf("want a thrown RangeError, got %s", clip(raw))
			} else if v, err = decode(m.Thrown.Value); err == nil {
				msg = field(field(v, "$error"), "message")
				// The wording is the implementation's own; what the message
				// must not show is a string or an object where the number
				// should have arrived.
				s, _ := msg.(string)
				if low := strings.ToLower(s); !strings.Contains(s, n) || strings.Contains(low, "string") || strings.Contains(low, "object") {
					err = fmt.Errorf("the error says %q, which does not show that the number %s arrived", msg, n)
				}
			}
		}
		c.check(fmt.Sprintf(`{"$number": %q} arrives as the number %s (SocketAddress's port check names it)`, n, n), err)
	}
	v, _, err = c.result(`{"op":"invoke","calls":[{"op":"call","target":"net","method":"isIP","args":[{"$undefined":true}]}]}`)
	if err == nil {
		err = same(v, "0")
	}
	c.check(`{"$undefined": true} arrives as undefined (net.isIP(undefined) is 0)`, err)

	c.group = "values, driver to runner"
	v, _, err = c.result(`{"op":"invoke","calls":[{"op":"call","target":"net","method":"createServer","args":[],"as":"srv2"},{"op":"get","target":"srv2","method":"maxConnections"}]}`)
	if err == nil {
		err = same(v, `{"$undefined":true}`)
	}
	c.check(`undefined is sent as {"$undefined": true} (a new server's maxConnections)`, err)
	v, _, err = c.result(`{"op":"invoke","calls":[{"op":"call","target":"srv2","method":"address"}]}`)
	if err == nil {
		err = same(v, "null")
	}
	c.check("null is sent as null (address() before listening)", err)

	c.group = "react"
	// The server says hello with bytes, and ends a connection when its
	// client ends: a reaction with an action on $0, a nested one on $this.
	_, o, err = c.result(`{"op":"react","reaction":{"object":"srv","event":"connection","actions":[` +
		`{"target":"$0","method":"write","args":[{"$bytes":"aGVsbG8="}]},` +
		`{"target":"$0","on":{"event":"end","actions":[{"target":"$this","method":"end","args":[{"$bytes":"Ynll"}]}]}}]}}`)
	c.check("react on an object replies a result", err)
	_, _, err = c.result(`{"op":"react","reaction":{"object":"myLookup","event":"call","callback":true,"actions":[` +
		`{"target":"$2","method":"call","args":[{"$undefined":true},null,"127.0.0.1",4]}],"returns":{"$undefined":true}}}`)
	c.check("react with callback: true on a callback not yet passed replies a result", err)
	c.errorFor("react on an unknown object is an error reply", `{"op":"react","reaction":{"object":"nosuch","event":"close","actions":[]}}`)

	c.group = "events"
	_, _, err = c.result(`{"op":"invoke","calls":[{"op":"call","target":"srv","method":"listen","args":[0,"127.0.0.1",{"$fn":"onListening"}]}]}`)
	c.check(`srv.listen(0, "127.0.0.1", {"$fn": "onListening"}) replies a result`, err)
	_, err = c.waitEvent("srv 'listening'", named("srv", "listening"))
	c.check("reports srv 'listening'", err)
	_, err = c.waitEvent("onListening 'call'", named("onListening", "call"))
	c.check("reports the call of a callback of the runner's as the event 'call' of its name", err)
	v, _, err = c.result(`{"op":"invoke","calls":[{"op":"call","target":"srv","method":"address"}]}`)
	port := field(v, "port")
	if err == nil && (port == nil || field(v, "address") != "127.0.0.1") {
		err = fmt.Errorf(`want {"address": "127.0.0.1", "port": ..., "family": ...}, got %v`, v)
	}
	c.check("a plain object is sent as a JSON object (srv.address())", err)
	if err != nil {
		return
	}
	_, _, err = c.result(fmt.Sprintf(`{"op":"invoke","calls":[{"op":"call","target":"net","method":"connect","args":[{"port":%v,"host":"localhost","autoSelectFamily":false,"lookup":{"$fn":"myLookup"}}],"as":"c"}]}`, port))
	if err == nil {
		// A listener for 'data' makes c flow: the driver itself must add
		// none, so without one no 'data' or 'end' would come.
		_, _, err = c.result(`{"op":"react","reaction":{"object":"c","event":"data","actions":[]}}`)
	}
	c.check("net.connect({port, host, lookup: {\"$fn\": \"myLookup\"}}) and a reaction on its 'data' reply results", err)
	e, err := c.waitEvent("myLookup 'call'", named("myLookup", "call"))
	if err == nil && (len(e.Args) < 3 || !bytes.Contains(e.Args[0], []byte(`"localhost"`))) {
		err = fmt.Errorf("want the call's arguments (hostname, options, callback), got %d args", len(e.Args))
	}
	c.check("runs a callback reaction: reports myLookup 'call' with its arguments", err)
	_, err = c.waitEvent("c 'connect'", named("c", "connect"))
	c.check("the callback reaction's action ran: $2.call(undefined, null, \"127.0.0.1\", 4) let c connect", err)
	conn, err := c.waitEvent("srv 'connection'", named("srv", "connection"))
	if err == nil {
		var arg any
		if len(conn.Args) > 0 {
			arg, _ = decode(conn.Args[0])
		}
		if ref, _ := field(arg, "$ref").(string); ref == "" {
			err = fmt.Errorf(`want the socket as {"$ref": name}, got %v`, arg)
		}
	}
	c.check(`reports srv 'connection' with the new socket as {"$ref": name}`, err)
	data, err := c.waitEvent("c 'data'", named("c", "data"))
	if err == nil {
		var arg any
		if len(data.Args) > 0 {
			arg, _ = decode(data.Args[0])
		}
		err = same(arg, `{"$bytes":"aGVsbG8="}`)
	}
	c.check(`a reaction's action ran with {"$bytes"} decoded, and 'data' carries the bytes as {"$bytes": base64}`, err)
	_, _, err = c.result(`{"op":"invoke","calls":[{"op":"call","target":"c","method":"end"}]}`)
	if err == nil {
		_, err = c.waitEvent("c 'end'", named("c", "end"))
	}
	c.check("a nested reaction ran: the server's socket ended when c ended", err)
	_, _, err = c.result(`{"op":"invoke","calls":[{"op":"new","target":"net","method":"Socket","args":[],"as":"u"},` +
		`{"op":"call","target":"u","method":"destroy","args":[{"$error":{"name":"Error","message":"boom","props":{"code":"EBOOM"}}}]}]}`)
	if err == nil {
		var ue protocol.Event
		ue, err = c.waitEvent("process 'uncaughtException'", named("process", "uncaughtException"))
		if err == nil {
			var arg any
			if len(ue.Args) > 0 {
				arg, _ = decode(ue.Args[0])
			}
			e := field(arg, "$error")
			if field(e, "message") != "boom" || field(field(e, "props"), "code") != "EBOOM" {
				err = fmt.Errorf(`want the error {"$error": {"message": "boom", "props": {"code": "EBOOM"}}}, got %v`, arg)
			}
		}
	}
	c.check(`an 'error' with no listener is process 'uncaughtException', and {"$error"} travels both ways`, err)
	_, err = c.waitEvent("u 'error'", named("u", "error"))
	c.check(`an uncaught 'error' is reported as the object's 'error' too (protocol.md: what "emitted" means)`, err)
	_, o, err = c.result(`{"op":"settle"}`)
	if err == nil {
		err = c.checkSeqs(o.Seq)
	}
	c.check("event seqs run 1, 2, 3, ... and settle's seq is the newest event's", err)

	c.group = "close"
	_, _, err = c.result(`{"op":"close"}`)
	c.check("close replies a result", err)
	c.events = nil
	_, o, err = c.result(`{"op":"open","profile":"v19"}`)
	if err == nil {
		_, o, err = c.result(`{"op":"settle"}`)
	}
	if err == nil && len(c.events) > 0 {
		err = fmt.Errorf("events of the closed session came after close: %s", c.eventList())
	}
	if err == nil && o.Seq != 0 {
		err = fmt.Errorf("a new session's settle says seq %d, want 0", o.Seq)
	}
	c.check("a new session starts clean: no event of the closed one, seq from 0", err)
	c.errorFor("a new session has none of the old one's objects", `{"op":"invoke","calls":[{"op":"get","target":"srv","method":"listening"}]}`)
	_, _, err = c.result(`{"op":"close"}`)
	c.check("closes the second session", err)
}

// checkSeqs checks that the session's events were numbered 1, 2, ...
// in order, the newest being newest.
func (c *checker) checkSeqs(newest int64) error {
	for i, e := range c.events {
		if e.Seq != int64(i+1) {
			return fmt.Errorf("event %d (%s '%s') has seq %d", i+1, e.Object, e.Name, e.Seq)
		}
	}
	if n := int64(len(c.events)); newest != n {
		return fmt.Errorf("settle says seq %d, but %d events came", newest, n)
	}
	return nil
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
