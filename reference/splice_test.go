package reference

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"math/rand"
	"net"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// spliceLoop runs l on a goroutine; main runs first on it. It returns a
// function that waits for Run to return, failing the test after 30s.
func spliceLoop(t *testing.T, l *Loop, main func()) (wait func()) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- l.Run(main) }()
	return func() {
		t.Helper()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("Run did not return within 30s")
		}
	}
}

// sendRandom writes total random bytes to c in 256 KiB writes, hashing
// them into sent, then half-closes c. It closes started, if not nil,
// once 2 MiB are written (or all, if fewer).
func sendRandom(c net.Conn, total int, sent io.Writer, started chan struct{}) error {
	rng := rand.New(rand.NewSource(2))
	chunk := make([]byte, 256<<10)
	signal := func() {
		if started != nil {
			close(started)
			started = nil
		}
	}
	defer signal()
	for n := 0; n < total; {
		b := chunk[:min(len(chunk), total-n)]
		rng.Read(b)
		sent.Write(b)
		if _, err := c.Write(b); err != nil {
			return err
		}
		if n += len(b); n >= 2<<20 {
			signal()
		}
	}
	return c.(*net.TCPConn).CloseWrite()
}

// sendRandomPaused is sendRandom that stops after pauseAt bytes until
// resume is closed.
func sendRandomPaused(c net.Conn, total int, sent io.Writer, pauseAt int, resume <-chan struct{}) error {
	rng := rand.New(rand.NewSource(2))
	chunk := make([]byte, 256<<10)
	for n := 0; n < total; {
		if n == pauseAt {
			select {
			case <-resume:
			case <-time.After(30 * time.Second):
				return fmt.Errorf("not resumed within 30s after %d bytes", n)
			}
		}
		end := total
		if n < pauseAt {
			end = pauseAt
		}
		b := chunk[:min(len(chunk), end-n)]
		rng.Read(b)
		sent.Write(b)
		if _, err := c.Write(b); err != nil {
			return err
		}
		n += len(b)
	}
	return c.(*net.TCPConn).CloseWrite()
}

// TestSpliceEchoKeepsBytesAndBackpressure: an echo server whose sockets
// are piped to themselves and to nothing else splices; a client that
// reads late through a small receive buffer must get every byte back,
// in order, the server must pause, and its write queue must stay
// bounded as pipe() bounds it when it reads and writes.
func TestSpliceEchoKeepsBytesAndBackpressure(t *testing.T) {
	const total = 16 << 20
	l := NewLoop()
	ports := make(chan int, 1)
	var srv *Server
	var mu sync.Mutex
	maxQueued, sampled, paused := 0, 0, false
	wait := spliceLoop(t, l, func() {
		srv = l.CreateServer(ServerOptions{}, func(c *Socket) {
			// A small send buffer makes the server feel the slow
			// reader at once, as the client's small receive buffer does.
			if err := syscall.SetsockoptInt(c.conn.fd, syscall.SOL_SOCKET, syscall.SO_SNDBUF, 64<<10); err != nil {
				t.Error(err)
			}
			c.Pipe(c)
			// Sample the queue from a timer: a second 'data' listener
			// would turn splicing off.
			var sample func()
			sample = func() {
				if c.Destroyed() {
					return
				}
				mu.Lock()
				maxQueued, sampled = max(maxQueued, c.WritableLength()), sampled+1
				paused = paused || c.IsPaused()
				mu.Unlock()
				l.SetTimeout(time.Millisecond, sample).Unref()
			}
			sample()
			c.On("end", func(...any) { srv.Close(nil) })
		})
		srv.Listen(ListenOptions{Host: "127.0.0.1"}, func() { ports <- srv.Address().Port })
	})
	d := net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
		return rc.Control(func(fd uintptr) { syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 64<<10) })
	}}
	conn, err := d.Dial("tcp", "127.0.0.1:"+strconv.Itoa(<-ports))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	sent, got := sha256.New(), sha256.New()
	sendErr := make(chan error, 1)
	started := make(chan struct{})
	go func() { sendErr <- sendRandom(conn, total, sent, started) }()
	<-started // read late: the server's writes back up meanwhile
	n, err := io.Copy(got, conn)
	if err != nil || n != total {
		t.Fatalf("echoed %d of %d bytes: %v", n, total, err)
	}
	if err := <-sendErr; err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(sent.Sum(nil), got.Sum(nil)) {
		t.Fatal("the bytes that came back are not the bytes sent (SHA-256 differs)")
	}
	wait()
	if l.spliced == 0 {
		t.Error("no byte was spliced: the test did not exercise splice.go")
	}
	if !paused {
		t.Error("the server never paused: backpressure was not exercised")
	}
	if limit := HighWaterMark(l.NodeLine()) + readChunk; maxQueued > limit {
		t.Errorf("the server queued up to %d bytes; pipe() bounds it near %d", maxQueued, limit)
	}
	t.Logf("%d MiB echoed, %d MiB of them spliced; at most %d bytes queued (%d samples)", total>>20, l.spliced>>20, maxQueued, sampled)
}

// TestSpliceProxyCountsAndSwitches: a proxy pipes each accepted socket
// to a connection of its own to an upstream server. Every byte must
// reach the upstream, bytesRead and bytesWritten must count them all,
// and a 'data' listener added in the middle of the stream must turn
// splicing off and see the rest.
func TestSpliceProxyCountsAndSwitches(t *testing.T) {
	const total = 8 << 20
	up, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer up.Close()
	upGot := sha256.New()
	upDone := make(chan int64, 1)
	halfway := make(chan struct{})
	go func() {
		c, err := up.Accept()
		if err != nil {
			upDone <- -1
			return
		}
		defer c.Close()
		var n int64
		buf := make([]byte, 64<<10)
		for {
			m, err := c.Read(buf)
			upGot.Write(buf[:m])
			if n < total/2 && n+int64(m) >= total/2 {
				close(halfway)
			}
			n += int64(m)
			if err != nil {
				upDone <- n
				return
			}
		}
	}()

	l := NewLoop()
	ports := make(chan int, 1)
	var srv *Server
	var in, out *Socket
	var listened int64
	splicedAtSwitch := int64(-1)
	wait := spliceLoop(t, l, func() {
		srv = l.CreateServer(ServerOptions{}, func(c *Socket) {
			in = c
			srv.Close(nil)
			var err error
			out, err = l.CreateConnection(ConnectOptions{Host: "127.0.0.1", Port: up.Addr().(*net.TCPAddr).Port}, nil)
			if err != nil {
				t.Error(err)
				c.Destroy(nil)
				return
			}
			c.Pipe(out)
		})
		srv.Listen(ListenOptions{Host: "127.0.0.1"}, func() { ports <- srv.Address().Port })
	})
	conn, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(<-ports))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	sent := sha256.New()
	sendErr := make(chan error, 1)
	// The second half waits for the switch: sent at once, it could all be
	// spliced into the kernel's buffers before the listener comes.
	switched := make(chan struct{})
	go func() { sendErr <- sendRandomPaused(conn, total, sent, total/2, switched) }()
	select {
	case <-halfway:
	case <-time.After(30 * time.Second):
		t.Fatal("the upstream did not get half of the bytes within 30s")
	}
	l.Submit(func() {
		splicedAtSwitch = l.spliced
		in.On("data", func(args ...any) { listened += int64(len(args[0].([]byte))) })
		close(switched)
	})
	var upN int64
	select {
	case upN = <-upDone:
	case <-time.After(30 * time.Second):
		t.Fatal("the upstream did not see the end within 30s")
	}
	if err := <-sendErr; err != nil {
		t.Fatal(err)
	}
	wait()
	if upN != total || !bytes.Equal(sent.Sum(nil), upGot.Sum(nil)) {
		t.Fatalf("the upstream got %d of %d bytes, intact: %v", upN, total, bytes.Equal(sent.Sum(nil), upGot.Sum(nil)))
	}
	if splicedAtSwitch <= 0 {
		t.Errorf("nothing was spliced before the 'data' listener came (%d)", splicedAtSwitch)
	}
	if l.spliced != splicedAtSwitch {
		t.Errorf("%d bytes were spliced after a 'data' listener came", l.spliced-splicedAtSwitch)
	}
	if listened == 0 || listened > total/2 {
		t.Errorf("the 'data' listener added halfway saw %d bytes", listened)
	}
	if in.BytesRead() != total || out.BytesWritten() != total {
		t.Errorf("bytesRead %d, bytesWritten %d; want %d both", in.BytesRead(), out.BytesWritten(), total)
	}
}
