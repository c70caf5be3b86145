package reference_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"math/rand"
	"net"
	"os"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/netconform/netconform/reference"
)

// soak reports whether the long versions run (make soak).
func soak() bool { return os.Getenv("NETCONFORM_SOAK") != "" }

// echoServer starts a reference echo server (each connection piped to
// itself) on its own loop; onData, if set, runs on the loop after every
// 'data' of a connection has been written back. It returns the port and a stop function that
// closes the server and waits for Run to end.
func echoServer(t testing.TB, onData func(*reference.Socket)) (int, func() error) {
	t.Helper()
	l := reference.NewLoop()
	ports := make(chan int, 1)
	var srv *reference.Server
	done := make(chan error, 1)
	go func() {
		done <- l.Run(func() {
			srv = l.CreateServer(reference.ServerOptions{}, func(c *reference.Socket) {
				c.On("error", func(...any) {})
				c.Pipe(c)
				if onData != nil {
					// After pipe's own listener: sees the chunk queued.
					c.On("data", func(...any) { onData(c) })
				}
			})
			srv.On("listening", func(...any) { ports <- srv.Address().Port })
			if err := srv.Listen(reference.ListenOptions{Host: "127.0.0.1"}, nil); err != nil {
				panic(err)
			}
		})
	}()
	var port int
	select {
	case port = <-ports:
	case err := <-done:
		t.Fatalf("the echo server ended before listening: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the echo server did not listen within 10s")
	}
	stop := func() error {
		if !l.Submit(func() { srv.Close(nil) }) {
			return fmt.Errorf("the loop had ended")
		}
		select {
		case err := <-done:
			return err
		case <-time.After(30 * time.Second):
			return fmt.Errorf("Run did not return within 30s of close()")
		}
	}
	return port, stop
}

// TestStreamIntegrityUnderBackpressure streams bytes through a reference
// echo server to a client that reads late and through a small receive
// buffer, so the server's writes back up and pipe() must pause the
// socket. Every byte must come back in order (SHA-256 equal), the server
// must have paused, and its write queue must stay bounded: by the
// high-water mark plus one read's worth. 32 MiB here, 1 GiB in make soak.
func TestStreamIntegrityUnderBackpressure(t *testing.T) {
	total := int64(32 << 20)
	if soak() {
		total = 1 << 30
	}
	var mu sync.Mutex
	maxQueued, paused := 0, false
	port, stop := echoServer(t, func(c *reference.Socket) {
		mu.Lock()
		if w := c.WritableLength(); w > maxQueued {
			maxQueued = w
		}
		if c.IsPaused() {
			paused = true
		}
		mu.Unlock()
	})
	d := net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
		// A small receive buffer (which also stops autotuning) makes the
		// server feel the slow reader at once.
		return rc.Control(func(fd uintptr) { syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 64<<10) })
	}}
	conn, err := d.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		t.Fatal(err)
	}
	sent, got := sha256.New(), sha256.New()
	written := make(chan struct{})
	var writeErr error
	var progress sync.WaitGroup
	progress.Add(1)
	go func() {
		defer conn.(*net.TCPConn).CloseWrite()
		rng := rand.New(rand.NewSource(1))
		chunk := make([]byte, 256<<10)
		var n int64
		signalled := false
		for n < total {
			rng.Read(chunk)
			c := chunk[:min(int64(len(chunk)), total-n)]
			sent.Write(c)
			if _, writeErr = conn.Write(c); writeErr != nil {
				break
			}
			n += int64(len(c))
			if !signalled && n >= 2<<20 {
				signalled = true
				progress.Done()
			}
		}
		if !signalled {
			progress.Done()
		}
		close(written)
	}()
	// Read late: only once 2 MiB are on their way.
	progress.Wait()
	received, err := io.Copy(got, conn)
	<-written
	conn.Close()
	if err != nil || writeErr != nil {
		t.Fatalf("read: %v; write: %v", err, writeErr)
	}
	if received != total {
		t.Fatalf("received %d bytes, sent %d", received, total)
	}
	if !bytes.Equal(sent.Sum(nil), got.Sum(nil)) {
		t.Fatal("the bytes that came back are not the bytes sent (SHA-256 differs)")
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !paused {
		t.Error("the server never paused: backpressure was not exercised")
	}
	if limit := reference.HighWaterMark(reference.DefaultNodeLine) + 64<<10; maxQueued > limit { // echoServer's loop follows the default line
		t.Errorf("the server queued up to %d bytes; pipe() should pause it near %d", maxQueued, limit)
	}
	t.Logf("%d MiB intact; the server paused; at most %d bytes queued", total>>20, maxQueued)
}

// TestManyConnections opens 2,000 connections at once (10,000 in make
// soak) to a reference echo server; each sends its own bytes, gets them
// back, and closes; then the server closes and its loop ends.
func TestManyConnections(t *testing.T) {
	n := 2000
	if soak() {
		n = 10000
	}
	port, stop := echoServer(t, nil)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), 30*time.Second)
			if err != nil {
				errs <- fmt.Errorf("connection %d: %w", i, err)
				return
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(60 * time.Second))
			msg := []byte(fmt.Sprintf("connection %d says %s", i, bytes.Repeat([]byte{byte('a' + i%26)}, 100)))
			if _, err := c.Write(msg); err != nil {
				errs <- fmt.Errorf("connection %d: write: %w", i, err)
				return
			}
			back := make([]byte, len(msg))
			if _, err := io.ReadFull(c, back); err != nil || !bytes.Equal(back, msg) {
				errs <- fmt.Errorf("connection %d: got %q, %v", i, back, err)
				return
			}
			c.(*net.TCPConn).CloseWrite()
			if rest, err := io.ReadAll(c); err != nil || len(rest) != 0 {
				errs <- fmt.Errorf("connection %d: after end: %q, %v", i, rest, err)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	failed := 0
	for err := range errs {
		if failed < 5 {
			t.Error(err)
		}
		failed++
	}
	if failed > 0 {
		t.Fatalf("%d of %d connections failed", failed, n)
	}
	if err := stop(); err != nil {
		t.Fatalf("after %d clean connections: %v", n, err)
	}
}
