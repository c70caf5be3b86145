package protocol

import (
	"encoding/json"
	"fmt"
)

// MaxLine is the longest line either side accepts, in bytes.
const MaxLine = 16 << 20

// Hello is the first line a driver writes.
type Hello struct {
	Hello *HelloBody `json:"hello"`
}

// HelloBody says which protocol and implementation the driver speaks for.
type HelloBody struct {
	Protocol       int            `json:"protocol"`
	Implementation Implementation `json:"implementation"`
}

// Implementation names the implementation behind a driver.
type Implementation struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Request is a line from the runner to the driver.
type Request struct {
	ID       int64  `json:"id"`
	Op       string `json:"op"` // open, invoke, react, settle, close
	Profile  string `json:"profile,omitempty"`
	Baseline string `json:"baseline,omitempty"` // open: the Node.js line to follow where the docs are silent
	// Session, on open, is the session's id: every event of the session
	// carries it, so that an event of an earlier session is told apart.
	Session  string    `json:"session,omitempty"`
	Calls    []Call    `json:"calls,omitempty"`
	Reaction *Reaction `json:"reaction,omitempty"`
}

// Call is one operation of an invoke request.
type Call struct {
	Op     string            `json:"op"` // call, new, get, set
	Target string            `json:"target"`
	Method string            `json:"method"`
	Args   []json.RawMessage `json:"args"`
	As     string            `json:"as,omitempty"`
}

// Reaction is the body of a react request, or a nested reaction.
type Reaction struct {
	Object  string   `json:"object,omitempty"`
	Event   string   `json:"event"`
	Actions []Action `json:"actions"`
	// Callback says Object names a callback of the runner's ({"$fn": name}),
	// not an emitter; Returns is the value its calls return.
	Callback bool            `json:"callback,omitempty"`
	Returns  json.RawMessage `json:"returns,omitempty"`
}

// Action is one step of a reaction.
type Action struct {
	Target string            `json:"target"`
	Method string            `json:"method,omitempty"`
	Args   []json.RawMessage `json:"args,omitempty"`
	On     *Reaction         `json:"on,omitempty"`
}

// Message is a line from the driver to the runner: a reply (ID set) or
// an event.
type Message struct {
	ID     *int64         `json:"id,omitempty"`
	Result *Outcome       `json:"result,omitempty"`
	Thrown *Outcome       `json:"thrown,omitempty"`
	Error  *ProtocolError `json:"error,omitempty"`
	Event  *Event         `json:"event,omitempty"`
	Hello  *HelloBody     `json:"hello,omitempty"`
}

// Outcome is the value of a result or thrown reply.
type Outcome struct {
	Value json.RawMessage `json:"value"`
	Seq   int64           `json:"seq"`
}

// ProtocolError is the body of an error reply.
type ProtocolError struct {
	Message string `json:"message"`
}

func (e *ProtocolError) Error() string { return e.Message }

// Event is one event an object of the session emitted.
type Event struct {
	// Session is the id the open request gave the session.
	Session string            `json:"session,omitempty"`
	Seq     int64             `json:"seq"`
	Object  string            `json:"object"`
	Name    string            `json:"name"`
	Args    []json.RawMessage `json:"args"`
}

// ParseMessage reads one line from a driver and checks its shape: a
// hello, an event, or a reply with exactly one of result, thrown, error.
func ParseMessage(line []byte) (*Message, error) {
	var m Message
	if err := json.Unmarshal(line, &m); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	kinds := 0
	for _, set := range []bool{m.Result != nil, m.Thrown != nil, m.Error != nil, m.Event != nil, m.Hello != nil} {
		if set {
			kinds++
		}
	}
	switch {
	case kinds != 1:
		return nil, fmt.Errorf("want exactly one of result, thrown, error, event, hello")
	case m.Event != nil && m.ID != nil:
		return nil, fmt.Errorf("an event carries no id")
	case (m.Result != nil || m.Thrown != nil) && m.ID == nil:
		return nil, fmt.Errorf("a reply needs an id")
	}
	return &m, nil
}

// ParseRequest reads one line from the runner and checks its shape.
func ParseRequest(line []byte) (*Request, error) {
	var r Request
	if err := json.Unmarshal(line, &r); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	switch r.Op {
	case "open", "settle", "close":
	case "invoke":
		if len(r.Calls) == 0 {
			return &r, fmt.Errorf("invoke needs calls")
		}
	case "react":
		if r.Reaction == nil {
			return &r, fmt.Errorf("react needs a reaction")
		}
	case "":
		return &r, fmt.Errorf("a request needs an op")
	default:
		return &r, fmt.Errorf("unknown op %q (want open, invoke, react, settle or close)", r.Op)
	}
	return &r, nil
}
