package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"runtime/pprof"
	"time"

	"github.com/netconform/netconform/reference"
)

// serveWith runs an in-process echo server until stdin ends.
func serveWith(start func() (int, func() error, error)) error {
	port, stop, err := start()
	if err != nil {
		return err
	}
	fmt.Printf("PORT %d\n", port)
	exitOnStdinEOF()
	return stop()
}

// startReferenceEcho starts the echo server as a user of the reference
// writes it (the Node.js program, in Go) on a loop of its own, on
// 127.0.0.1 and a free port. stop closes the server and every
// connection and waits for the loop to end.
func startReferenceEcho() (port int, stop func() error, err error) {
	loop := reference.NewLoop()
	ports := make(chan int, 1)
	done := make(chan error, 1)
	var srv *reference.Server
	var conns []*reference.Socket
	go func() {
		done <- loop.Run(func() {
			srv = loop.CreateServer(reference.ServerOptions{}, func(c *reference.Socket) {
				// As echo.cjs does; Go's net and gnet turn Nagle off by
				// default.
				c.SetNoDelay(true)
				c.On("error", func(...any) {})
				c.Pipe(c)
				conns = append(conns, c)
				c.On("close", func(...any) {
					for i, x := range conns {
						if x == c {
							conns = append(conns[:i], conns[i+1:]...)
							break
						}
					}
				})
			})
			srv.On("listening", func(...any) { ports <- srv.Address().Port })
			if err := srv.Listen(reference.ListenOptions{Host: "127.0.0.1"}, nil); err != nil {
				done <- err
			}
		})
	}()
	select {
	case port = <-ports:
	case err := <-done:
		return 0, nil, fmt.Errorf("the reference's echo server ended before listening: %v", err)
	case <-time.After(10 * time.Second):
		return 0, nil, errors.New("the reference's echo server did not listen within 10s")
	}
	stop = func() error {
		if !loop.Submit(func() {
			srv.Close(nil)
			for _, c := range conns {
				c.Destroy(nil)
			}
		}) {
			return errors.New("the reference's loop had ended")
		}
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			return errors.New("the reference's loop did not end within 10s of close()")
		}
	}
	return port, stop, nil
}

// startGoEcho starts the echo server as a Go programmer writes it with
// net: a goroutine per connection. stop closes the listener; the
// connections end as their clients close them.
func startGoEcho() (port int, stop func() error, err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, nil, err
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				io.Copy(c, c)
			}()
		}
	}()
	return ln.Addr().(*net.TCPAddr).Port, ln.Close, nil
}

// exitOnStdinEOF returns when the runner closes stdin, so no server
// outlives the run. With NETBENCH_CPUPROFILE set, the server writes a
// CPU profile there meanwhile (go tool pprof reads it).
func exitOnStdinEOF() {
	if path := os.Getenv("NETBENCH_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			pprof.StartCPUProfile(f)
			defer func() { pprof.StopCPUProfile(); f.Close() }()
		}
	}
	io.Copy(io.Discard, bufio.NewReader(os.Stdin))
}
