package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"runtime/pprof"

	"github.com/netconform/netconform/reference"
)

// serveReference is the echo server as a user of the reference writes it:
// the Node.js program, in Go.
func serveReference() error {
	loop := reference.NewLoop()
	return loop.Run(func() {
		srv := loop.CreateServer(reference.ServerOptions{}, func(c *reference.Socket) {
			c.On("error", func(...any) {})
			c.Pipe(c)
		})
		srv.On("listening", func(...any) { fmt.Printf("PORT %d\n", srv.Address().Port) })
		if err := srv.Listen(reference.ListenOptions{Host: "127.0.0.1"}, nil); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		go exitOnStdinEOF()
	})
}

// serveGo is the echo server as a Go programmer writes it with net: a
// goroutine per connection.
func serveGo() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	fmt.Printf("PORT %d\n", ln.Addr().(*net.TCPAddr).Port)
	go exitOnStdinEOF()
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go func() {
			defer c.Close()
			io.Copy(c, c)
		}()
	}
}

// exitOnStdinEOF ends a server when the runner closes its stdin, so no
// server outlives the run. With NETBENCH_CPUPROFILE set, the server
// writes a CPU profile there (go tool pprof reads it).
func exitOnStdinEOF() {
	if path := os.Getenv("NETBENCH_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			pprof.StartCPUProfile(f)
			defer func() { pprof.StopCPUProfile(); f.Close(); os.Exit(0) }()
		}
	}
	io.Copy(io.Discard, bufio.NewReader(os.Stdin))
	if os.Getenv("NETBENCH_CPUPROFILE") == "" {
		os.Exit(0)
	}
}
