package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/panjf2000/gnet/v2"
	"golang.org/x/sys/unix"
)

// gnetEcho is the echo server as gnet's users write it: an event
// handler whose OnTraffic writes back whatever has arrived.
type gnetEcho struct {
	gnet.BuiltinEventEngine
	booted chan gnet.Engine
}

func (es *gnetEcho) OnBoot(eng gnet.Engine) gnet.Action {
	es.booted <- eng
	return gnet.None
}

func (es *gnetEcho) OnTraffic(c gnet.Conn) gnet.Action {
	buf, _ := c.Next(-1)
	c.Write(buf)
	return gnet.None
}

// startGnetEcho starts gnet's echo server on 127.0.0.1 and a free port,
// with gnet's defaults (one event loop: the server runs on one CPU, as
// the reference's one loop does). stop stops the engine and waits for
// Run to return.
func startGnetEcho() (port int, stop func() error, err error) {
	es := &gnetEcho{booted: make(chan gnet.Engine, 1)}
	done := make(chan error, 1)
	go func() {
		done <- gnet.Run(es, "tcp://127.0.0.1:0", gnet.WithLogger(stderrLogger{}))
	}()
	var eng gnet.Engine
	select {
	case eng = <-es.booted:
	case err := <-done:
		return 0, nil, fmt.Errorf("gnet's echo server ended before listening: %v", err)
	case <-time.After(10 * time.Second):
		return 0, nil, errors.New("gnet's echo server did not boot within 10s")
	}
	// The engine knows its listener only by descriptor: ask the kernel
	// which port port 0 became.
	fd, err := eng.Dup()
	if err != nil {
		eng.Stop(context.Background())
		return 0, nil, fmt.Errorf("gnet's listener: %w", err)
	}
	sa, err := unix.Getsockname(fd)
	unix.Close(fd)
	in4, ok := sa.(*unix.SockaddrInet4)
	if err != nil || !ok {
		eng.Stop(context.Background())
		return 0, nil, fmt.Errorf("gnet's listener address: %v %v", sa, err)
	}
	stop = func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := eng.Stop(ctx); err != nil {
			return fmt.Errorf("stopping gnet: %w", err)
		}
		select {
		case err := <-done:
			return err
		case <-ctx.Done():
			return errors.New("gnet's Run did not return within 10s of Stop")
		}
	}
	return in4.Port, stop, nil
}

// stderrLogger keeps gnet's log off stdout, where the runner reads the
// port, and drops all but warnings and errors.
type stderrLogger struct{}

func (stderrLogger) Debugf(string, ...any) {}
func (stderrLogger) Infof(string, ...any)  {}
func (stderrLogger) Warnf(f string, a ...any) {
	fmt.Fprintf(os.Stderr, "gnet: warning: "+f+"\n", a...)
}
func (stderrLogger) Errorf(f string, a ...any) { fmt.Fprintf(os.Stderr, "gnet: error: "+f+"\n", a...) }
func (stderrLogger) Fatalf(f string, a ...any) { fmt.Fprintf(os.Stderr, "gnet: fatal: "+f+"\n", a...) }
