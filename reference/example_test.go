package reference_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/netconform/netconform/reference"
)

// The echo server of the Node.js docs: it writes every byte it receives
// back, and a client checks it.
func Example() {
	loop := reference.NewLoop()
	err := loop.Run(func() {
		srv := loop.CreateServer(reference.ServerOptions{}, func(c *reference.Socket) {
			c.Pipe(c) // echo, with backpressure handled by Pipe
		})
		srv.Listen(reference.ListenOptions{Host: "127.0.0.1", Port: 0}, func() {
			client, _ := loop.CreateConnection(reference.ConnectOptions{Host: "127.0.0.1", Port: srv.Address().Port}, nil)
			client.On("data", func(args ...any) {
				fmt.Printf("echoed: %s\n", args[0].([]byte))
				client.End(nil, nil)
			})
			client.On("close", func(...any) { srv.Close(nil) })
			client.Write([]byte("hello"), nil)
		})
	})
	fmt.Println("Run returned", err)
	// Output:
	// echoed: hello
	// Run returned <nil>
}

// A chat server whose broadcasts come from another goroutine, as an HTTP
// handler's would: the goroutine hands each one to the loop with Submit,
// the only Loop method any goroutine may call.
func ExampleLoop_Submit() {
	loop := reference.NewLoop()
	var members []*reference.Socket
	broadcast := func(msg string) { // on the loop
		for _, m := range members {
			m.Write([]byte(msg), nil)
		}
	}
	joined := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // the loop
		defer wg.Done()
		loop.Run(func() {
			srv := loop.CreateServer(reference.ServerOptions{}, func(c *reference.Socket) {
				members = append(members, c)
				if len(members) == 2 {
					close(joined)
				}
			})
			srv.Listen(reference.ListenOptions{Host: "127.0.0.1"}, func() {
				received := map[string]string{}
				for _, name := range []string{"ann", "bob"} {
					name := name
					c, _ := loop.CreateConnection(reference.ConnectOptions{Host: "127.0.0.1", Port: srv.Address().Port}, nil)
					c.On("data", func(args ...any) {
						received[name] += string(args[0].([]byte))
						if len(received["ann"]) == 6 && len(received["bob"]) == 6 {
							fmt.Printf("ann got %q, bob got %q\n", received["ann"], received["bob"])
							loop.Close() // from a callback: closes everything, Run then returns
						}
					})
				}
			})
		})
	}()
	<-joined
	loop.Submit(func() { broadcast("hi all") }) // from this goroutine
	wg.Wait()
	// Output:
	// ann got "hi all", bob got "hi all"
}

// Backpressure: Write returns false once the queue reaches the
// high-water mark; the writer then waits for 'drain' before it goes on,
// so a fast writer never queues more than it needs to.
func ExampleSocket_Write_backpressure() {
	loop := reference.NewLoop()
	const total = 8 << 20 // 8 MiB, in 64 KiB chunks
	chunk := make([]byte, 64<<10)
	received := 0
	waits := 0
	loop.Run(func() {
		srv := loop.CreateServer(reference.ServerOptions{}, func(c *reference.Socket) {
			c.On("data", func(args ...any) { received += len(args[0].([]byte)) })
			c.On("end", func(...any) { fmt.Println("received", received, "bytes") })
		})
		srv.Listen(reference.ListenOptions{Host: "127.0.0.1"}, func() {
			c, _ := loop.CreateConnection(reference.ConnectOptions{Host: "127.0.0.1", Port: srv.Address().Port}, nil)
			sent := 0
			var pump func()
			pump = func() {
				for sent < total {
					sent += len(chunk)
					if !c.Write(chunk, nil) {
						waits++
						c.Once("drain", func(...any) { pump() })
						return
					}
				}
				c.End(nil, nil)
			}
			c.On("connect", func(...any) { pump() })
			c.On("close", func(...any) { srv.Close(nil) })
		})
	})
	fmt.Println("waited for 'drain':", waits > 0)
	// Output:
	// received 8388608 bytes
	// waited for 'drain': true
}

// A server on a Unix domain socket: ListenOptions.Path and
// ConnectOptions.Path in place of a host and a port.
func ExampleServer_Listen_unix() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "echo.sock")
	loop := reference.NewLoop()
	loop.Run(func() {
		srv := loop.CreateServer(reference.ServerOptions{}, func(c *reference.Socket) {
			c.End([]byte("hello over "+path[len(dir)+1:]), nil)
		})
		srv.Listen(reference.ListenOptions{Path: path}, func() {
			fmt.Println("listening on a path:", srv.Address().Path == path)
			c, _ := loop.CreateConnection(reference.ConnectOptions{Path: path}, nil)
			c.SetEncoding("utf8")
			c.On("data", func(args ...any) { fmt.Println(args[0]) })
			c.On("close", func(...any) { srv.Close(nil) })
		})
	})
	_, err := os.Stat(path)
	fmt.Println("socket file removed:", errors.Is(err, os.ErrNotExist))
	// Output:
	// listening on a path: true
	// hello over echo.sock
	// socket file removed: true
}

// Graceful shutdown from another goroutine, as on SIGTERM: Shutdown stops
// the server, ends every connection (the peer reads to EOF) and waits
// for them to close, then closes the loop.
func ExampleLoop_Shutdown() {
	loop := reference.NewLoop()
	ports := make(chan int, 1)
	accepted := make(chan struct{})
	runErr := make(chan error, 1)
	go func() {
		runErr <- loop.Run(func() {
			srv := loop.CreateServer(reference.ServerOptions{}, func(c *reference.Socket) {
				c.Write([]byte("welcome\n"), nil)
				close(accepted)
			})
			srv.On("close", func(...any) { fmt.Println("server closed") })
			srv.Listen(reference.ListenOptions{Host: "127.0.0.1"}, func() { ports <- srv.Address().Port })
		})
	}()
	peer, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", <-ports))
	if err != nil {
		fmt.Println(err)
		return
	}
	<-accepted // not still in the listen backlog, which Shutdown would reset
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	shutdown := make(chan error, 1)
	go func() { shutdown <- loop.Shutdown(ctx) }()
	got, err := io.ReadAll(peer) // until the server's FIN
	fmt.Printf("peer read %q, %v\n", got, err)
	peer.Close()
	fmt.Println("Shutdown:", <-shutdown)
	fmt.Println("Run:", <-runErr)
	// Output:
	// peer read "welcome\n", <nil>
	// server closed
	// Shutdown: <nil>
	// Run: <nil>
}

// An uncaught panic stops Run; the error carries the stack, and Close
// releases what the loop still held.
func ExamplePanicError() {
	loop := reference.NewLoop()
	err := loop.Run(func() {
		srv := loop.CreateServer(reference.ServerOptions{}, nil)
		srv.Listen(reference.ListenOptions{Host: "127.0.0.1"}, func() { panic("listening, and then this") })
	})
	var pe *reference.PanicError
	fmt.Println(err, errors.As(err, &pe), strings.Contains(string(pe.Stack), "ExamplePanicError"))
	fmt.Println("Close:", loop.Close())
	// Output:
	// panic: listening, and then this true true
	// Close: <nil>
}
