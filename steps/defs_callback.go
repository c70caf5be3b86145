// Steps that say what a callback of the scenario's does when called, and
// that hand the implementation a file descriptor.

package steps

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"time"

	"github.com/netconform/netconform/jsval"
)

// DescriptorAdopter is implemented by a Session that can give the
// implementation an open file descriptor, as a program inherits one from
// its parent: AdoptDescriptor hands f over and returns the descriptor's
// number in the implementation, for new net.Socket({fd}). The session
// owns the descriptor from then on; the caller may close f.
type DescriptorAdopter interface {
	AdoptDescriptor(ctx context.Context, f *os.File) (int, error)
}

func (w *world) registerCallbackSteps(step func(string, any)) {
	step(`^callback (\w+) returns (.+)$`, w.callbackReturns)
	step(`^callback (\w+) calls its argument (\d) with (\[.*\])$`, w.callbackCallsArgument)
	step(`^a TCP connection whose one end the target holds as descriptor (\w+)$`, w.descriptor)
	step(`^the other end of (\w+) writes (.+)$`, w.otherEndWrites)
	step(`^the other end of (\w+) receives (".*"|Buffer\..*)$`, w.otherEndReceives)
	step(`^the other end of (\w+) receives nothing$`, w.otherEndReceivesNothing)
	step(`^the other end of (\w+) sees the connection end$`, w.otherEndSeesEnd)
	step(`^the kernel socket of (\w+) comes to hold at least (\d+) unread bytes$`, w.kernelUnread)
	step(`^the kernel socket of (\w+) has (TCP_NODELAY|SO_KEEPALIVE|TCP_KEEPIDLE|TCP_KEEPINTVL|TCP_KEEPCNT) (\d+)$`, w.kernelSocketHas)
}

// callbackReturns makes every call of the callback return the value.
func (w *world) callbackReturns(name, value string) error {
	v, err := w.parse(value, false)
	if err != nil {
		return err
	}
	return w.callbackReaction(Reaction{Object: name, Event: "call", Callback: true, Returns: v})
}

// callbackCallsArgument makes every call of the callback call its
// argument number n (a function the implementation passed) with args, as
// a custom lookup function calls back.
func (w *world) callbackCallsArgument(name string, n int, args string) error {
	v, err := w.parse(args, false)
	if err != nil {
		return err
	}
	list, ok := v.(jsval.Array)
	if !ok {
		return fmt.Errorf("step argument: the arguments are an array, not %s", jsval.Format(v))
	}
	// fn.call(undefined, ...args): the function is called as a plain one.
	callArgs := append([]jsval.Value{jsval.Undefined{}}, list...)
	return w.callbackReaction(Reaction{Object: name, Event: "call", Callback: true,
		Actions: []Action{{Target: fmt.Sprintf("$%d", n), Method: "call", Args: callArgs}}})
}

func (w *world) callbackReaction(r Reaction) error {
	if err := w.react(r); err != nil {
		return fmt.Errorf("callback %s: %w", r.Object, err)
	}
	return nil
}

// descriptor makes a loopback TCP connection, hands one end to the
// implementation and saves the descriptor's number as name; the steps
// "the other end of name ..." use the end the runner keeps.
func (w *world) descriptor(name string) error {
	step := "a TCP connection whose one end the target holds as descriptor " + name
	adopter, ok := w.sess.(DescriptorAdopter)
	if !ok {
		return w.fail(step, "a target that can hand over a file descriptor", "a target that cannot")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer ln.Close()
	ours, err := net.DialTimeout("tcp", ln.Addr().String(), w.timeout())
	if err != nil {
		return err
	}
	w.cleanups = append(w.cleanups, func() { ours.Close() })
	theirs, err := ln.Accept()
	if err != nil {
		return err
	}
	f, err := theirs.(*net.TCPConn).File()
	theirs.Close()
	if err != nil {
		return err
	}
	defer f.Close()
	ctx, cancel := w.ctx()
	defer cancel()
	fd, err := adopter.AdoptDescriptor(ctx, f)
	if err != nil {
		return w.fail(step, "the descriptor handed over", err.Error())
	}
	w.vars[name] = float64(fd)
	if w.otherEnds == nil {
		w.otherEnds = map[string]net.Conn{}
	}
	w.otherEnds[name] = ours
	w.life.notePeer()
	return nil
}

func (w *world) otherEnd(name string) (net.Conn, error) {
	c, ok := w.otherEnds[name]
	if !ok {
		return nil, fmt.Errorf("no descriptor named %s: say \"a TCP connection whose one end the target holds as descriptor %s\" first", name, name)
	}
	return c, nil
}

func (w *world) otherEndWrites(name, data string) error {
	c, err := w.otherEnd(name)
	if err != nil {
		return err
	}
	b, err := w.bytesArg(data)
	if err != nil {
		return err
	}
	c.SetWriteDeadline(time.Now().Add(w.timeout()))
	_, err = c.Write(b)
	return err
}

// otherEndReceives reads until the bytes came, or others did, or the
// socket over the descriptor closed, or the timeout passed.
func (w *world) otherEndReceives(name, data string) error {
	want, err := w.bytesArg(data)
	if err != nil {
		return err
	}
	got, _, why, err := w.readOtherEnd(name, func(got []byte, eof bool) bool {
		return eof || len(got) >= len(want) || !bytes.HasPrefix(want, got)
	})
	if err != nil {
		return err
	}
	if !bytes.Equal(got, want) {
		return w.fail("the other end of "+name+" receives "+data, jsval.Quote(string(want)), jsval.Quote(string(got))+why)
	}
	return nil
}

// closeGrace bounds the last read of a connection whose other end, the
// socket over the descriptor, emitted 'close': the docs say 'close' comes
// "once the socket is fully closed", so what it sent and its FIN are in
// our receive queue already, and the read returns at once. The grace only
// bounds the case where they are not: a target that emits 'close' with
// the descriptor still open.
const closeGrace = 200 * time.Millisecond

// readOtherEnd reads the runner's end of descriptor name until done says
// so, the stream ends, the timeout passes, or the socket the scenario
// made over the descriptor emitted 'close' (then it reads what is queued
// and stops). why says which of the last two ended it, for a failure.
func (w *world) readOtherEnd(name string, done func(got []byte, eof bool) bool) (got []byte, eof bool, why string, err error) {
	c, err := w.otherEnd(name)
	if err != nil {
		return nil, false, "", err
	}
	c.SetReadDeadline(time.Now().Add(w.timeout()))
	finished := make(chan struct{})
	var readErr error
	go func() {
		defer close(finished)
		buf := make([]byte, 4096)
		for !done(got, eof) {
			n, err := c.Read(buf)
			got = append(got, buf[:n]...)
			if err == io.EOF || errors.Is(err, syscall.ECONNRESET) {
				eof = true
			} else if err != nil {
				readErr = err
				return
			}
		}
	}()
	fd, _ := w.vars[name].(float64)
	if holder := w.life.fdHolders[fd]; holder != "" {
		ctx, cancel := w.ctx()
		go func() { <-finished; cancel() }()
		var closedBy Event
		_, werr := w.log.WaitFor(ctx, func(evs []Event) bool {
			var closed bool
			closedBy, closed = w.life.closedBy(evs, holder)
			return closed
		})
		cancel()
		if werr == nil {
			c.SetReadDeadline(time.Now().Add(closeGrace))
			why = fmt.Sprintf(" (and nothing more: %s closed, %s)", holder, closedBy)
		}
	}
	<-finished
	if why == "" && errors.Is(readErr, os.ErrDeadlineExceeded) {
		why = fmt.Sprintf(" (and nothing more within %s)", w.timeout())
	} else if readErr != nil && !errors.Is(readErr, os.ErrDeadlineExceeded) {
		return got, eof, why, readErr
	}
	return got, eof, why, nil
}

// otherEndReceivesNothing checks that nothing arrived by the time the
// implementation ran a full loop turn: a bounded look, not a wait for
// an event.
func (w *world) otherEndReceivesNothing(name string) error {
	c, err := w.otherEnd(name)
	if err != nil {
		return err
	}
	ctx, cancel := w.ctx()
	defer cancel()
	if err := w.sess.Settle(ctx); err != nil {
		return err
	}
	c.SetReadDeadline(time.Now().Add(10 * time.Millisecond))
	buf := make([]byte, 4096)
	n, err := c.Read(buf)
	if n > 0 {
		return w.fail("the other end of "+name+" receives nothing", "nothing", jsval.Quote(string(buf[:n])))
	}
	if err != nil && !errors.Is(err, os.ErrDeadlineExceeded) && err != io.EOF {
		return err
	}
	return nil
}

// otherEndSeesEnd reads until the end of the stream (a FIN or a reset),
// failing on bytes, on the timeout, or once the socket over the
// descriptor closed and the stream still has not ended.
func (w *world) otherEndSeesEnd(name string) error {
	step := "the other end of " + name + " sees the connection end"
	got, eof, why, err := w.readOtherEnd(name, func(got []byte, eof bool) bool { return eof || len(got) > 0 })
	switch {
	case err != nil:
		return err
	case len(got) > 0:
		return w.fail(step, "the end of the stream", jsval.Quote(string(got)))
	case !eof:
		return w.fail(step, "the end of the stream", "the connection still open"+why)
	}
	return nil
}

// bytesArg parses a string or Buffer literal.
func (w *world) bytesArg(text string) ([]byte, error) {
	v, err := w.parse(text, false)
	if err != nil {
		return nil, err
	}
	switch d := v.(type) {
	case string:
		return []byte(d), nil
	case jsval.Bytes:
		return d, nil
	}
	return nil, fmt.Errorf("step argument: a string or a Buffer, not %s", jsval.Format(v))
}

// kernelSocketHas reads an option of the socket's descriptor from the
// kernel, in whatever process holds it: options such as TCP_NODELAY are
// invisible from JavaScript, but not from the machine.
func (w *world) kernelSocketHas(obj, option string, want int) error {
	step := fmt.Sprintf("the kernel socket of %s has %s %d", obj, option, want)
	pid, lp, rp, err := w.socketPorts(step, obj)
	if err != nil {
		return err
	}
	so, err := ReadSocketOptions(pid, lp, rp)
	if err != nil {
		return w.fail(step, option+" read from the socket", err.Error())
	}
	got := map[string]int{"TCP_KEEPIDLE": so.KeepIdle, "TCP_KEEPINTVL": so.KeepIntvl, "TCP_KEEPCNT": so.KeepCnt}
	got["TCP_NODELAY"], got["SO_KEEPALIVE"] = b2i(so.NoDelay), b2i(so.KeepAlive)
	if got[option] != want {
		return w.fail(step, fmt.Sprintf("%s %d", option, want), fmt.Sprintf("%s %d", option, got[option]))
	}
	return nil
}

// unreadSteady is how long the receive queue must stay the same for the
// socket to count as not reading: a socket that reads, however slowly,
// changes it sooner.
const unreadSteady = 100 * time.Millisecond

// kernelUnread waits, bounded, until at least n received bytes wait in
// the kernel unread on the socket and stay there, unchanged, for
// unreadSteady: what a socket that stopped reading leaves behind. There
// is no event to wait for, so it looks every 5 ms.
func (w *world) kernelUnread(obj string, n int) error {
	step := fmt.Sprintf("the kernel socket of %s comes to hold at least %d unread bytes", obj, n)
	pid, lp, rp, err := w.socketPorts(step, obj)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(w.timeout())
	last, since, most := -1, time.Now(), 0
	for {
		got, err := UnreadBytes(pid, lp, rp)
		if err != nil {
			return w.fail(step, "the socket's receive queue", err.Error())
		}
		now := time.Now()
		if got != last {
			last, since = got, now
		}
		most = max(most, got)
		if got >= n && now.Sub(since) >= unreadSteady {
			return nil
		}
		if now.After(deadline) {
			return w.fail(step, fmt.Sprintf("at least %d unread bytes, unchanged for %s", n, unreadSteady),
				fmt.Sprintf("at most %d, and %d at the end, within %s", most, got, w.timeout()))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// socketPorts names the process holding obj's socket and the socket's
// local and remote ports.
func (w *world) socketPorts(step, obj string) (pid, local, remote int, err error) {
	owner, ok := w.sess.(ProcessOwner)
	if !ok {
		return 0, 0, 0, w.fail(step, "a target whose process the runner can inspect", "a target that names no process")
	}
	port := func(prop string) (int, error) {
		r, err := w.mustInvoke(Invocation{Op: OpGet, Target: w.name(obj), Method: prop})
		if err != nil {
			return 0, err
		}
		n, ok := r.(float64)
		if !ok {
			return 0, w.fail(step, obj+"."+prop+" a number", jsval.Format(r))
		}
		return int(n), nil
	}
	if local, err = port("localPort"); err != nil {
		return 0, 0, 0, err
	}
	if remote, err = port("remotePort"); err != nil {
		return 0, 0, 0, err
	}
	return owner.Pid(), local, remote, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
