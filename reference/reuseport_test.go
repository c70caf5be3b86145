package reference_test

import (
	"fmt"
	"io"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/netconform/netconform/reference"
)

// echoLoops starts n loops, each on a goroutine of its own with an echo
// server listening with ReusePort on one port of 127.0.0.1, and returns
// the port, the connections each loop accepted so far (read on the
// loop), and stop, which closes every loop.
func echoLoops(tb testing.TB, n int) (port int, accepted []*atomic.Int64, stop func()) {
	tb.Helper()
	loops := make([]*reference.Loop, n)
	accepted = make([]*atomic.Int64, n)
	done := make(chan error, n)
	for i := range loops {
		l := reference.NewLoop()
		loops[i], accepted[i] = l, new(atomic.Int64)
		count := accepted[i]
		listening := make(chan error, 1)
		go func(want int) {
			done <- l.Run(func() {
				srv := l.CreateServer(reference.ServerOptions{NoDelay: true}, func(c *reference.Socket) {
					count.Add(1)
					c.Pipe(c)
				})
				srv.OnError(func(err error) { listening <- err })
				srv.Listen(reference.ListenOptions{Host: "127.0.0.1", Port: want, ReusePort: true}, func() {
					port = srv.Address().Port
					listening <- nil
				})
			})
		}(port)
		select {
		case err := <-listening:
			if err != nil {
				tb.Fatalf("loop %d: %v", i, err)
			}
		case err := <-done:
			tb.Fatalf("loop %d ended: %v", i, err)
		case <-time.After(waitTimeout):
			tb.Fatalf("loop %d did not listen", i)
		}
	}
	stop = func() {
		for _, l := range loops {
			l.Close()
		}
		for range loops {
			<-done
		}
	}
	return port, accepted, stop
}

// TestReusePortSpreadsConnectionsOverLoops: two loops listen on one
// port; the kernel gives each of them some of 40 connections (all going
// to one would take odds of 2^-39). Without ReusePort the second listen
// fails with EADDRINUSE.
func TestReusePortSpreadsConnectionsOverLoops(t *testing.T) {
	port, accepted, stop := echoLoops(t, 2)
	defer stop()
	for i := 0; i < 40; i++ {
		c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err != nil {
			t.Fatal(err)
		}
		// A round trip: the connection has been accepted and echoed.
		c.SetDeadline(time.Now().Add(waitTimeout))
		if _, err := c.Write([]byte("x")); err != nil {
			t.Fatal(err)
		}
		if _, err := io.ReadFull(c, make([]byte, 1)); err != nil {
			t.Fatal(err)
		}
		c.Close()
	}
	a, b := accepted[0].Load(), accepted[1].Load()
	if a+b != 40 || a == 0 || b == 0 {
		t.Errorf("loops accepted %d and %d of 40 connections, want both some", a, b)
	}

	err := listenError(t, reference.ListenOptions{Host: "127.0.0.1", Port: port})
	if !reference.IsCode(err, reference.CodeAddressInUse) {
		t.Errorf("listen without ReusePort on a reuse-port address: %v, want EADDRINUSE", err)
	}
}

// BenchmarkReusePortLoops measures 64-byte ping-pong over 32 connections
// against one loop and against two loops sharing the port (req/s). The
// clients run in this process, so on a 2-core machine they compete with
// the loops for the cores.
func BenchmarkReusePortLoops(b *testing.B) {
	for _, n := range []int{1, 2} {
		b.Run(fmt.Sprintf("loops=%d", n), func(b *testing.B) {
			port, _, stop := echoLoops(b, n)
			defer stop()
			const conns = 32
			var wg sync.WaitGroup
			var next atomic.Int64
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < conns; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port))
					if err != nil {
						b.Error(err)
						return
					}
					defer c.Close()
					msg, buf := make([]byte, 64), make([]byte, 64)
					for next.Add(1) <= int64(b.N) {
						if _, err := c.Write(msg); err != nil {
							b.Error(err)
							return
						}
						if _, err := io.ReadFull(c, buf); err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
		})
	}
}
