package reference_test

import (
	"io"
	"net"
	"strconv"
	"testing"
)

// benchEcho measures round trips of size bytes through a reference echo
// server (every connection piped to itself) on one connection; the
// allocations reported are the server's, as the client's net.Conn
// reads and writes allocate nothing.
func benchEcho(b *testing.B, size int) {
	port, stop := echoServer(b, nil)
	defer func() {
		if err := stop(); err != nil {
			b.Error(err)
		}
	}()
	c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	msg, buf := make([]byte, size), make([]byte, size)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Write(msg); err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(c, buf); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEcho64B(b *testing.B)   { benchEcho(b, 64) }
func BenchmarkEcho64KiB(b *testing.B) { benchEcho(b, 64<<10) }

// BenchmarkConnectEchoClose measures connections that connect, echo one
// byte and close, one at a time, through a reference echo server.
func BenchmarkConnectEchoClose(b *testing.B) {
	port, stop := echoServer(b, nil)
	defer func() {
		if err := stop(); err != nil {
			b.Error(err)
		}
	}()
	addr := "127.0.0.1:" + strconv.Itoa(port)
	one := []byte{'x'}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.Write(one); err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(c, one); err != nil {
			b.Fatal(err)
		}
		c.Close()
	}
}
