package drivertarget

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/netconform/netconform/protocol"
	"github.com/netconform/netconform/steps"
)

// requestTimeout bounds one request against the served target; the
// runner has its own, shorter bound per step.
const requestTimeout = 60 * time.Second

// Serve puts target behind the driver protocol: it writes the hello,
// then answers the requests read from in on out, with events in between,
// until in ends. Diagnostics go to log. It is how the reference becomes a
// driver (netconform-driver); any steps.Target can be served this way.
func Serve(target steps.Target, impl protocol.Implementation, in io.Reader, out io.Writer, log io.Writer) error {
	d := &driver{target: target, log: log, out: bufio.NewWriter(out)}
	return d.serve(in, impl)
}

type driver struct {
	target steps.Target
	log    io.Writer
	mu     sync.Mutex // guards out, gen, seq: events come from other goroutines
	out    *bufio.Writer
	sess   steps.Session
	gen    int   // session generation, so late events of a closed one drop
	seq    int64 // newest event written in this session
}

func (d *driver) write(v any) {
	line, err := json.Marshal(v)
	if err != nil {
		fmt.Fprintln(d.log, "netconform-driver: encoding a message:", err)
		return
	}
	d.mu.Lock()
	d.out.Write(line)
	d.out.WriteByte('\n')
	d.out.Flush()
	d.mu.Unlock()
}

func (d *driver) serve(in io.Reader, impl protocol.Implementation) error {
	d.write(protocol.Hello{Hello: &protocol.HelloBody{Protocol: protocol.Version, Implementation: impl}})
	r := bufio.NewReaderSize(in, 64<<10)
	for {
		line, err := readLine(r)
		if errors.Is(err, io.EOF) {
			d.closeSession()
			return nil
		}
		if err != nil {
			d.replyError(nil, err.Error())
			continue
		}
		req, perr := protocol.ParseRequest(line)
		if perr != nil {
			var id *int64
			if req != nil {
				id = &req.ID
			}
			d.replyError(id, fmt.Sprintf("%v: %s", perr, clip(line)))
			continue
		}
		d.handle(req)
	}
}

func (d *driver) replyError(id *int64, msg string) {
	if id == nil {
		// The protocol says "id": null when the request's id is unknown.
		d.write(struct {
			ID    *int64                  `json:"id"`
			Error *protocol.ProtocolError `json:"error"`
		}{nil, &protocol.ProtocolError{Message: msg}})
		return
	}
	d.write(protocol.Message{ID: id, Error: &protocol.ProtocolError{Message: msg}})
}

func (d *driver) lastSeq() int64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.seq
}

func (d *driver) handle(req *protocol.Request) {
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	id := req.ID
	ok := func(value json.RawMessage, seq int64) {
		if value == nil {
			value = json.RawMessage(`{"$undefined":true}`)
		}
		d.write(protocol.Message{ID: &id, Result: &protocol.Outcome{Value: value, Seq: seq}})
	}
	if d.sess == nil && (req.Op == "settle" || req.Op == "close") {
		// docs/protocol.md: with no session there is nothing to wait
		// for or end, and nothing has been emitted.
		ok(nil, 0)
		return
	}
	if req.Op != "open" && d.sess == nil {
		d.replyError(&id, req.Op+" needs an open session")
		return
	}
	switch req.Op {
	case "open":
		d.closeSession()
		d.mu.Lock()
		d.gen++
		gen := d.gen
		d.seq = 0
		d.mu.Unlock()
		sid := req.Session
		sess, err := d.target.Open(ctx, steps.SessionOptions{Profile: req.Profile, Baseline: req.Baseline}, func(e steps.Event) { d.event(gen, sid, e) })
		if err != nil {
			d.replyError(&id, err.Error())
			return
		}
		d.sess = sess
		ok(nil, d.lastSeq())
	case "invoke":
		invs := make([]steps.Invocation, len(req.Calls))
		for i, c := range req.Calls {
			inv, err := InvocationFromCall(c)
			if err != nil {
				d.replyError(&id, err.Error())
				return
			}
			invs[i] = inv
		}
		reply, err := d.sess.InvokeInOneTick(ctx, invs)
		var thrown *steps.Thrown
		switch {
		case errors.As(err, &thrown):
			v, eerr := protocol.EncodeValue(thrown.Value)
			if eerr != nil {
				d.replyError(&id, eerr.Error())
				return
			}
			d.write(protocol.Message{ID: &id, Thrown: &protocol.Outcome{Value: v, Seq: thrown.Seq}})
		case err != nil:
			d.replyError(&id, err.Error())
		default:
			v, eerr := protocol.EncodeValue(reply.Value)
			if eerr != nil {
				d.replyError(&id, eerr.Error())
				return
			}
			ok(v, reply.Seq)
		}
	case "react":
		r, err := DecodeReaction(req.Reaction)
		if err == nil {
			err = d.sess.React(ctx, r)
		}
		if err != nil {
			d.replyError(&id, err.Error())
			return
		}
		ok(nil, d.lastSeq())
	case "settle":
		if err := d.sess.Settle(ctx); err != nil {
			d.replyError(&id, err.Error())
			return
		}
		ok(nil, d.lastSeq())
	case "close":
		if err := d.closeSession(); err != nil {
			d.replyError(&id, err.Error())
			return
		}
		ok(nil, d.lastSeq())
	}
}

func (d *driver) event(gen int, session string, e steps.Event) {
	pe, err := EncodeEvent(e)
	if err != nil {
		fmt.Fprintln(d.log, "netconform-driver:", err)
		return
	}
	pe.Session = session
	line, _ := json.Marshal(protocol.Message{Event: pe})
	d.mu.Lock()
	defer d.mu.Unlock()
	if gen != d.gen {
		return
	}
	d.seq = e.Seq
	d.out.Write(line)
	d.out.WriteByte('\n')
	d.out.Flush()
}

func (d *driver) closeSession() error {
	if d.sess == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), requestTimeout)
	defer cancel()
	err := d.sess.Close(ctx)
	d.sess = nil
	d.mu.Lock()
	d.gen++
	d.mu.Unlock()
	return err
}
