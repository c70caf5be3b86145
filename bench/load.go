package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// loadResult is what one load run measured; the runner reads it as JSON.
type loadResult struct {
	Ops      int64   `json:"ops"`       // requests, connections, or bytes echoed
	Seconds  float64 `json:"seconds"`   // wall time of the measurement
	PerConnB float64 `json:"perconn_b"` // idle mode: server RSS per connection, bytes
}

// runLoad drives one workload against the echo server on 127.0.0.1:port
// and prints its result as one JSON line.
func runLoad(mode string, port int, conns int, d time.Duration, serverPID int) error {
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	var res loadResult
	var err error
	switch mode {
	case "pingpong":
		res, err = pingPongRaw(addr, conns, d, 64)
	case "stream":
		res, err = stream(addr, conns, d, 64<<10)
	case "connect":
		res, err = connectEchoRaw(addr, conns, d)
	case "idle":
		res, err = idle(addr, conns, serverPID)
	default:
		return fmt.Errorf("unknown mode %q", mode)
	}
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(res)
}

// stream writes size-byte chunks on conns connections for d while
// reading the echo; Ops counts bytes echoed back.
func stream(addr string, conns int, d time.Duration, size int) (loadResult, error) {
	cs, err := dialAll(addr, conns)
	if err != nil {
		return loadResult{}, err
	}
	var echoed atomic.Int64
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for _, c := range cs {
		wg.Add(2)
		go func(c net.Conn) {
			defer wg.Done()
			chunk := make([]byte, size)
			for time.Now().Before(deadline) {
				if _, err := c.Write(chunk); err != nil {
					return
				}
			}
			c.(*net.TCPConn).CloseWrite()
		}(c)
		go func(c net.Conn) {
			defer wg.Done()
			buf := make([]byte, 256<<10)
			for {
				n, err := c.Read(buf)
				if time.Now().Before(deadline) {
					echoed.Add(int64(n))
				}
				if err != nil {
					return
				}
			}
		}(c)
	}
	wg.Wait()
	closeAll(cs)
	return loadResult{Ops: echoed.Load(), Seconds: d.Seconds()}, nil
}

// idle opens conns connections, lets the server settle, and reports the
// growth of its resident memory per connection.
func idle(addr string, conns int, pid int) (loadResult, error) {
	before, err := rssBytes(pid)
	if err != nil {
		return loadResult{}, err
	}
	cs, err := dialAll(addr, conns)
	if err != nil {
		return loadResult{}, err
	}
	defer closeAll(cs)
	// Each connection echoes one byte, so the server has surely accepted
	// it and set it up before memory is read. A server out of
	// descriptors never answers: the deadline turns that into an error.
	b := []byte{'x'}
	for i, c := range cs {
		c.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := c.Write(b); err != nil {
			return loadResult{}, fmt.Errorf("connection %d of %d: %w", i+1, conns, err)
		}
		if _, err := io.ReadFull(c, b); err != nil {
			return loadResult{}, fmt.Errorf("connection %d of %d got no echo (is the server out of descriptors?): %w", i+1, conns, err)
		}
	}
	after, err := rssBytes(pid)
	if err != nil {
		return loadResult{}, err
	}
	return loadResult{Ops: int64(conns), PerConnB: float64(after-before) / float64(conns)}, nil
}

func dialAll(addr string, n int) ([]net.Conn, error) {
	cs := make([]net.Conn, 0, n)
	for i := 0; i < n; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			closeAll(cs)
			return nil, fmt.Errorf("connection %d of %d: %w", i+1, n, err)
		}
		c.(*net.TCPConn).SetNoDelay(true)
		cs = append(cs, c)
	}
	return cs, nil
}

func closeAll(cs []net.Conn) {
	for _, c := range cs {
		c.Close()
	}
}
