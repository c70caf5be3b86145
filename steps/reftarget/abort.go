// The JavaScript face of AbortController and AbortSignal: what the
// signal option of server.listen() and new net.Socket() take.

package reftarget

import (
	"github.com/netconform/netconform/jsval"
	"github.com/netconform/netconform/steps"
)

// globalsModule stands for the "globals" invocation target.
type globalsModule struct{}

// abortController is an AbortController: abort() aborts its signal.
type abortController struct{ signal *abortSignal }

// abortSignal is an AbortSignal, as a Go channel closed on abort.
type abortSignal struct {
	aborted bool
	done    chan struct{}
}

func newAbortController() *abortController {
	return &abortController{signal: &abortSignal{done: make(chan struct{})}}
}

func (c *abortController) abort() {
	if !c.signal.aborted {
		c.signal.aborted = true
		close(c.signal.done)
	}
}

func (s *session) constructGlobal(class string) (any, error) {
	if class == "AbortController" {
		return newAbortController(), nil
	}
	return nil, &steps.Thrown{Value: typeError("globals." + class + " is not a constructor")}
}

func (s *session) callAbort(t any, method string) (any, error) {
	if c, ok := t.(*abortController); ok && method == "abort" {
		c.abort()
		return jsval.Undefined{}, nil
	}
	return nil, &steps.Thrown{Value: typeError(method + " is not a function")}
}

func (s *session) getAbort(t any, prop string) (any, error) {
	switch t := t.(type) {
	case *abortController:
		if prop == "signal" {
			return t.signal, nil
		}
	case *abortSignal:
		if prop == "aborted" {
			return t.aborted, nil
		}
	}
	return jsval.Undefined{}, nil
}

// signalOf returns the channel of an AbortSignal argument, or nil and
// false when v is not one.
func (s *session) signalOf(v jsval.Value) (<-chan struct{}, bool) {
	r, ok := v.(jsval.Ref)
	if !ok {
		return nil, false
	}
	sig, ok := s.objects[r.Name].(*abortSignal)
	if !ok {
		return nil, false
	}
	return sig.done, true
}
