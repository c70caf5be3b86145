// The event loop's queues as JavaScript reaches them: process.nextTick,
// queueMicrotask and setImmediate, which the asynchrony scenarios call
// beside a member of net to place its callbacks among them.

package reftarget

import (
	"github.com/netconform/netconform/jsval"
	"github.com/netconform/netconform/reference"
	"github.com/netconform/netconform/steps"
)

// callGlobal calls a function of the "globals" target.
func (s *session) callGlobal(method string, args []jsval.Value) (any, error) {
	var queue func(func())
	switch method {
	case "nextTick":
		queue = s.loop.NextTick
	case "queueMicrotask":
		queue = s.loop.QueueMicrotask
	case "setImmediate":
		queue = s.loop.SetImmediate
	default:
		return nil, &steps.Thrown{Value: typeError("globals." + method + " is not a function")}
	}
	f, ok := arg(args, 0).(jsval.Func)
	if !ok {
		// As Node 20 words it for all three.
		return nil, thrown(reference.ErrInvalidArgType("callback", "of type function", describe(arg(args, 0))))
	}
	queue(func() { s.invokeFunc(f) })
	return jsval.Undefined{}, nil
}
