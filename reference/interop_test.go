package reference_test

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/netconform/netconform/reference"
)

// TestAdoptConn: a connection Go dialed becomes a loop socket; the Go
// server at the other end sees what the loop writes, and the loop sees
// what it answers.
func TestAdoptConn(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		buf := make([]byte, 4)
		if _, err := io.ReadFull(c, buf); err == nil {
			c.Write(bytes.ToUpper(buf))
		}
	}()
	dialed, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	l := reference.NewLoop()
	var got string
	if err := run(t, l, func() {
		s, err := l.AdoptConn(dialed, reference.SocketOptions{})
		if err != nil {
			t.Fatalf("AdoptConn: %v", err)
		}
		s.OnData(func(b []byte) { got += string(b) })
		s.Write([]byte("ping"), nil)
	}); err != nil {
		t.Fatal(err)
	}
	if got != "PING" {
		t.Errorf("received %q", got)
	}
	if _, err := dialed.Write([]byte("x")); err == nil {
		t.Errorf("the adopted net.Conn is still usable")
	}
}

// TestAdoptListener: a TCP and a Unix listener Go opened become loop
// servers: 'listening' follows, connections arrive, and the Unix
// socket's file goes with the server.
func TestAdoptListener(t *testing.T) {
	tcp, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "s.sock")
	unixLn, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	addrs := []string{tcp.Addr().String(), path}
	l := reference.NewLoop()
	ready := make(chan struct{}, 2)
	done := make(chan error, 1)
	go func() {
		done <- l.Run(func() {
			for i, ln := range []net.Listener{tcp, unixLn} {
				srv, err := l.AdoptListener(ln, reference.ServerOptions{}, func(c *reference.Socket) {
					c.End([]byte("hello"), nil)
				})
				if err != nil {
					t.Errorf("AdoptListener %d: %v", i, err)
					continue
				}
				srv.OnListening(func() { ready <- struct{}{} })
			}
		})
	}()
	for range addrs {
		<-ready
	}
	for i, network := range []string{"tcp", "unix"} {
		c, err := net.Dial(network, addrs[i])
		if err != nil {
			t.Fatal(err)
		}
		c.SetDeadline(time.Now().Add(waitTimeout))
		got, err := io.ReadAll(c)
		c.Close()
		if string(got) != "hello" || err != nil {
			t.Errorf("%s: read %q, %v", network, got, err)
		}
	}
	if err := l.Close(); err != nil {
		t.Error(err)
	}
	<-done
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the Unix socket file is left after Close: %v", err)
	}
}

// TestNetConnView: blocking Go code (io.Copy) serves a loop socket
// through its net.Conn view: 1 MiB echoed intact, past the high-water
// mark, so the view's backpressure pauses and resumes the socket.
func TestNetConnView(t *testing.T) {
	l := reference.NewLoop()
	ports := make(chan int, 1)
	done := make(chan error, 1)
	go func() {
		done <- l.Run(func() {
			srv := l.CreateServer(reference.ServerOptions{}, func(s *reference.Socket) {
				conn := s.NetConn()
				go func() {
					io.Copy(conn, conn) // echo, in blocking style
					conn.Close()
				}()
			})
			srv.Listen(loopback(0), func() { ports <- srv.Address().Port })
		})
	}()
	c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(<-ports))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(waitTimeout))
	want := bytes.Repeat([]byte("0123456789abcdef"), 1<<16)
	go func() {
		c.Write(want)
		c.(*net.TCPConn).CloseWrite()
	}()
	got, err := io.ReadAll(c)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("echoed %d bytes (%v), want %d intact", len(got), err, len(want))
	}
	l.Close()
	<-done
}

// TestNetConnReadDeadline: a read deadline in the past makes Read fail
// at once with os.ErrDeadlineExceeded; cleared, Read gets data.
func TestNetConnReadDeadline(t *testing.T) {
	l := reference.NewLoop()
	results := make(chan error, 2)
	socketPair(t, l, reference.ServerOptions{}, reference.ConnectOptions{}, func(c, s *reference.Socket) {
		conn := c.NetConn()
		go func() {
			conn.SetReadDeadline(time.Now().Add(-time.Second))
			_, err := conn.Read(make([]byte, 1))
			results <- err
			conn.SetReadDeadline(time.Time{})
			_, err = conn.Read(make([]byte, 1))
			results <- err
			conn.Close()
			l.Submit(func() { s.Destroy(nil) })
		}()
		s.Write([]byte("x"), nil)
	})
	if err := <-results; !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("Read past the deadline: %v", err)
	}
	if err := <-results; err != nil {
		t.Errorf("Read after clearing the deadline: %v", err)
	}
}
