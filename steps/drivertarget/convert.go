package drivertarget

import (
	"encoding/json"
	"fmt"

	"github.com/netconform/netconform/jsval"
	"github.com/netconform/netconform/protocol"
	"github.com/netconform/netconform/steps"
)

// These convert between the steps' types and the protocol's; the driver
// side (cmd/netconform-driver) uses them too, so both ends agree.

func encodeArgs(args []jsval.Value) ([]json.RawMessage, error) {
	out := make([]json.RawMessage, len(args))
	for i, a := range args {
		raw, err := protocol.EncodeValue(a)
		if err != nil {
			return nil, fmt.Errorf("argument %d: %w", i+1, err)
		}
		out[i] = raw
	}
	return out, nil
}

func decodeArgs(raws []json.RawMessage) ([]jsval.Value, error) {
	out := make([]jsval.Value, len(raws))
	for i, r := range raws {
		v, err := protocol.DecodeValue(r)
		if err != nil {
			return nil, fmt.Errorf("argument %d: %w", i+1, err)
		}
		out[i] = v
	}
	return out, nil
}

// CallFromInvocation encodes an invocation as a protocol call.
func CallFromInvocation(inv steps.Invocation) (protocol.Call, error) {
	args, err := encodeArgs(inv.Args)
	if err != nil {
		return protocol.Call{}, fmt.Errorf("%s: %w", inv, err)
	}
	return protocol.Call{Op: string(inv.Op), Target: inv.Target, Method: inv.Method, Args: args, As: inv.As}, nil
}

// InvocationFromCall decodes a protocol call.
func InvocationFromCall(c protocol.Call) (steps.Invocation, error) {
	switch steps.Op(c.Op) {
	case steps.OpCall, steps.OpNew, steps.OpGet, steps.OpSet:
	default:
		return steps.Invocation{}, fmt.Errorf("call op %q: want call, new, get or set", c.Op)
	}
	if c.Target == "" || c.Method == "" {
		return steps.Invocation{}, fmt.Errorf("a call needs a target and a method")
	}
	args, err := decodeArgs(c.Args)
	if err != nil {
		return steps.Invocation{}, fmt.Errorf("%s.%s: %w", c.Target, c.Method, err)
	}
	return steps.Invocation{Op: steps.Op(c.Op), Target: c.Target, Method: c.Method, Args: args, As: c.As}, nil
}

// EncodeReaction encodes a reaction.
func EncodeReaction(r steps.Reaction) (*protocol.Reaction, error) {
	out := &protocol.Reaction{Object: r.Object, Event: r.Event, Actions: []protocol.Action{}, Callback: r.Callback}
	if r.Returns != nil {
		ret, err := protocol.EncodeValue(r.Returns)
		if err != nil {
			return nil, fmt.Errorf("the return value of %s: %w", r.Object, err)
		}
		out.Returns = ret
	}
	for _, a := range r.Actions {
		pa := protocol.Action{Target: a.Target, Method: a.Method}
		if a.On != nil {
			on, err := EncodeReaction(*a.On)
			if err != nil {
				return nil, err
			}
			pa.On = on
		} else {
			args, err := encodeArgs(a.Args)
			if err != nil {
				return nil, err
			}
			pa.Args = args
		}
		out.Actions = append(out.Actions, pa)
	}
	return out, nil
}

// DecodeReaction decodes a reaction.
func DecodeReaction(r *protocol.Reaction) (steps.Reaction, error) {
	if r.Event == "" {
		return steps.Reaction{}, fmt.Errorf("a reaction needs an event")
	}
	out := steps.Reaction{Object: r.Object, Event: r.Event, Callback: r.Callback}
	if r.Callback && r.Event != "call" {
		return steps.Reaction{}, fmt.Errorf("a reaction on a callback needs the event \"call\", not %q", r.Event)
	}
	if len(r.Returns) > 0 {
		if !r.Callback {
			return steps.Reaction{}, fmt.Errorf("\"returns\" needs a reaction on a callback")
		}
		ret, err := protocol.DecodeValue(r.Returns)
		if err != nil {
			return steps.Reaction{}, fmt.Errorf("returns: %w", err)
		}
		out.Returns = ret
	}
	for _, a := range r.Actions {
		sa := steps.Action{Target: a.Target, Method: a.Method}
		switch {
		case a.On != nil:
			on, err := DecodeReaction(a.On)
			if err != nil {
				return steps.Reaction{}, err
			}
			sa.On = &on
		case a.Method == "":
			return steps.Reaction{}, fmt.Errorf("an action needs a method or on")
		default:
			args, err := decodeArgs(a.Args)
			if err != nil {
				return steps.Reaction{}, err
			}
			sa.Args = args
		}
		out.Actions = append(out.Actions, sa)
	}
	return out, nil
}

// EncodeEvent encodes an event.
func EncodeEvent(e steps.Event) (*protocol.Event, error) {
	args, err := encodeArgs(e.Args)
	if err != nil {
		return nil, fmt.Errorf("event %s '%s': %w", e.Object, e.Name, err)
	}
	return &protocol.Event{Seq: e.Seq, Object: e.Object, Name: e.Name, Args: args}, nil
}

// DecodeEvent decodes an event.
func DecodeEvent(e *protocol.Event) (steps.Event, error) {
	args, err := decodeArgs(e.Args)
	if err != nil {
		return steps.Event{}, fmt.Errorf("event %s '%s': %w", e.Object, e.Name, err)
	}
	return steps.Event{Seq: e.Seq, Object: e.Object, Name: e.Name, Args: args}, nil
}
