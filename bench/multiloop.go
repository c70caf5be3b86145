package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/netconform/netconform/reference"
)

// serveReferenceLoops runs the reference's echo server on n loops, each
// on a goroutine of its own with a server listening on one port with
// ReusePort (the kernel spreads the connections), until stdin ends.
func serveReferenceLoops(n int) error {
	loops := make([]*reference.Loop, n)
	done := make(chan error, n)
	port := 0
	for i := range loops {
		l := reference.NewLoop()
		loops[i] = l
		listening := make(chan error, 1)
		go func(want int) {
			done <- l.Run(func() {
				srv := l.CreateServer(reference.ServerOptions{}, func(c *reference.Socket) {
					c.OnError(func(error) {})
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
				return fmt.Errorf("loop %d: %w", i, err)
			}
		case err := <-done:
			return fmt.Errorf("loop %d ended before listening: %v", i, err)
		case <-time.After(10 * time.Second):
			return errors.New("a loop did not listen within 10s")
		}
	}
	fmt.Printf("PORT %d\n", port)
	exitOnStdinEOF()
	var errs []error
	for _, l := range loops {
		errs = append(errs, l.Close())
	}
	return errors.Join(errs...)
}
