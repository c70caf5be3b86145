package steps

import (
	"bytes"

	"github.com/netconform/netconform/jsval"
)

// registerSocketSteps adds the steps only net.Socket features use.
func (w *world) registerSocketSteps(step func(pattern string, fn any)) {
	step(`^a buffer of (\d+) bytes as (\w+)$`, w.bufferOf)
	w.registerAsyncSteps(step) // the ordering step of the asynchrony features
}

// bufferOf saves a Buffer of n bytes ("x" each) under name, for payloads
// too long to write out, such as one that fills the high-water mark.
func (w *world) bufferOf(n int, name string) error {
	w.vars[name] = jsval.Bytes(bytes.Repeat([]byte("x"), n))
	return nil
}
