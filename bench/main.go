// Command netbench measures the reference against Node.js, Bun, raw Go
// and gnet with echo servers written the way their users write them,
// under one load generator, in one run: `make bench`.
//
//	netbench run [--rounds 5] [--duration 3s] [--servers reference,gnet,go,node,node24,bun] [--idle 5000] [--nopin]
//
// The server reference-2loops (only when named) is the reference's echo
// server on two loops sharing its port (ListenOptions.ReusePort); compare
// it with reference under --nopin, or it gets one CPU as every server does.
//
// Servers run interleaved (A B C, B C A, ...: each round starts one
// server later, so no server always follows the same one), pinned to
// CPU 0 and the load to CPU 1 when taskset exists. It prints Go
// benchmark lines (for benchstat), then every metric's median and range
// over the rounds per server, the reference's ratios to every other
// server, and a warning naming the server and metric wherever the
// rounds spread more than 20%. A server whose runtime is missing is
// named and left out; the others still run. The ping-pong and connect
// loads run an epoll loop of their own on raw descriptors
// (rawload.go), so that they cost less CPU per operation than the
// servers they measure. The servers are listed in kinds.go.
package main

import (
	"bufio"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

//go:embed echo.cjs
var echoCJS []byte

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: netbench run|serve|load ...")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "serve":
		if len(os.Args) != 3 {
			err = fmt.Errorf("usage: netbench serve reference|reference-2loops|gnet|go")
		} else if os.Args[2] == "reference-2loops" {
			err = serveReferenceLoops(2)
		} else if goServers[os.Args[2]] == nil {
			err = fmt.Errorf("usage: netbench serve reference|reference-2loops|gnet|go")
		} else {
			err = serveWith(goServers[os.Args[2]])
		}
	case "load":
		fl := flag.NewFlagSet("load", flag.ExitOnError)
		mode := fl.String("mode", "pingpong", "pingpong, stream, connect or idle")
		port := fl.Int("port", 0, "the echo server's port")
		conns := fl.Int("conns", 50, "connections (or workers for connect)")
		d := fl.Duration("duration", 3*time.Second, "how long to measure")
		pid := fl.Int("pid", 0, "the server's pid (idle mode)")
		fl.Parse(os.Args[2:])
		err = runLoad(*mode, *port, *conns, *d, *pid)
	case "run":
		err = run(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "netbench:", err)
		os.Exit(1)
	}
}

// workload is one measured scenario of the table.
type workload struct {
	name  string
	mode  string
	conns int
	unit  string // of the rate
}

var workloads = []workload{
	{"PingPong64B50Conns", "pingpong", 50, "req/s"},
	{"Stream64KiB8Conns", "stream", 8, "MB/s"},
	{"ConnectEchoClose", "connect", 8, "conn/s"},
}

type sample struct {
	rate     float64 // ops per second (MB/s for stream)
	cpuPerOp float64 // server CPU ns per op
	waitPct  float64 // server threads' time runnable but not running, % of the wall time
}

func run(args []string) error {
	fl := flag.NewFlagSet("run", flag.ExitOnError)
	rounds := fl.Int("rounds", 5, "rounds of every server and workload; five, so that one disturbed round moves no median")
	d := fl.Duration("duration", 3*time.Second, "measurement time of each workload")
	servers := fl.String("servers", defaultServers(), "servers to compare (kinds.go lists them)")
	noPin := fl.Bool("nopin", false, "run servers and loads on any CPU (for servers of several loops: pinned to one CPU, they could not use a second)")
	idleConns := fl.Int("idle", 5000, "connections for the memory-per-idle-connection measure (0 skips it); raw Go needs three descriptors per connection, so 10,000 needs a limit above 30,000")
	fl.Parse(args)
	if *rounds < 1 {
		return fmt.Errorf("--rounds %d: need at least one round", *rounds)
	}

	self, err := os.Executable()
	if err != nil {
		return err
	}
	// Idle connections need descriptors on both sides (raw Go's io.Copy
	// holds a splice pipe pair per connection too, three in all): raise
	// the soft limit to the hard one, which servers and loads inherit.
	var lim syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim) == nil && lim.Cur < lim.Max {
		lim.Cur = lim.Max
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
	}

	dir, err := os.MkdirTemp("", "netbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	env := &benchEnv{self: self, echo: filepath.Join(dir, "echo.cjs")}
	if err := os.WriteFile(env.echo, echoCJS, 0o600); err != nil {
		return err
	}
	commands := map[string][]string{}
	var names []string
	perConn := uint64(1)
	for _, n := range strings.Split(*servers, ",") {
		k, ok := findKind(n)
		if !ok {
			return fmt.Errorf("unknown server %q (known: %s)", n, defaultServers())
		}
		argv, err := k.command(env)
		if err != nil {
			// One missing runtime leaves its column out, not the run.
			fmt.Fprintf(os.Stderr, "netbench: server %s left out: %v\n", n, err)
			fmt.Printf("# server %s left out: %v\n", n, err)
			continue
		}
		commands[n] = argv
		names = append(names, n)
		perConn = max(perConn, k.fdsPerConn)
	}
	if len(names) == 0 {
		return fmt.Errorf("none of the servers %s can run here", *servers)
	}
	if need := perConn*uint64(*idleConns) + 64; *idleConns > 0 && lim.Cur < need {
		return fmt.Errorf("--idle %d needs a descriptor limit of %d with these servers; this process may have %d: lower --idle or raise the hard limit", *idleConns, need, lim.Cur)
	}
	pin := func(cpu string, argv []string) []string {
		if _, err := exec.LookPath("taskset"); err == nil && !*noPin {
			return append([]string{"taskset", "-c", cpu}, argv...)
		}
		return argv
	}
	for _, n := range names {
		k, _ := findKind(n)
		fmt.Printf("# %s: %s\n", n, k.about)
	}
	fmt.Printf("# load average at the start: %s", loadavg())
	stealBefore := readSteal()
	wallBefore := time.Now()
	results := map[string]map[string][]sample{} // workload -> server -> samples
	memory := map[string]float64{}
	// Memory per idle connection, each on a fresh server: one that has
	// served load already holds memory it can reuse.
	for _, name := range names {
		if *idleConns == 0 {
			break
		}
		srv, err := startServer(pin("0", commands[name]))
		if err != nil {
			return fmt.Errorf("server %s: %w", name, err)
		}
		out, err := exec.Command(self, "load", "--mode", "idle", "--port", strconv.Itoa(srv.port),
			"--conns", strconv.Itoa(*idleConns), "--pid", strconv.Itoa(srv.pid)).Output()
		srv.stop()
		var lr loadResult
		if err != nil || json.Unmarshal(out, &lr) != nil {
			return fmt.Errorf("idle memory of %s: %v %s", name, err, out)
		}
		memory[name] = lr.PerConnB
		fmt.Printf("BenchmarkIdleMemory/server=%s\t%d\t%.0f B/conn\n", name, lr.Ops, lr.PerConnB)
	}
	for r := 0; r < *rounds; r++ {
		for i := range names {
			name := names[(r+i)%len(names)]
			if err := runRound(name, pin, commands[name], self, *d, results); err != nil {
				return err
			}
		}
	}
	steal := readSteal() - stealBefore
	wall := time.Since(wallBefore)
	fmt.Printf("\n# host steal during the run: %.2f%% of one CPU's time\n", 100*steal.Seconds()/wall.Seconds())
	fmt.Printf("# load average at the end: %s", loadavg())
	var metrics []metric
	for _, w := range workloads {
		w := w
		metrics = append(metrics, metric{label: w.name + " " + w.unit, get: func(s string) []float64 {
			var xs []float64
			for _, x := range results[w.name][s] {
				xs = append(xs, x.rate)
			}
			return xs
		}})
	}
	// Server CPU per operation: on a shared machine a server's rate
	// follows the CPU it is given, its cost per operation much less.
	for i, c := range []struct {
		label string
		scale float64 // from ns per op
	}{
		{"server CPU ns per request", 1},
		{"server CPU µs per MB", 1e3},
		{"server CPU µs per connection", 1e-3},
	} {
		w := workloads[i]
		metrics = append(metrics, metric{label: c.label + " (" + w.name + ")", get: func(s string) []float64 {
			var xs []float64
			for _, x := range results[w.name][s] {
				xs = append(xs, x.cpuPerOp*c.scale)
			}
			return xs
		}})
	}
	// Time the server was ready to run but waited for the CPU: on a
	// shared machine, what separates a rate from the server's own speed.
	for _, w := range workloads {
		w := w
		metrics = append(metrics, metric{label: "server waiting for a CPU, % of the time (" + w.name + ")", condition: true, get: func(s string) []float64 {
			var xs []float64
			for _, x := range results[w.name][s] {
				xs = append(xs, x.waitPct)
			}
			return xs
		}})
	}
	if len(memory) > 0 {
		metrics = append(metrics, metric{label: "memory per idle connection, bytes (one run)", get: func(s string) []float64 {
			if m, ok := memory[s]; ok {
				return []float64{m}
			}
			return nil
		}})
	}
	printTables(os.Stdout, names, metrics)
	return nil
}

// runRound starts one server and runs every workload against it once.
func runRound(name string, pin func(string, []string) []string, argv []string, self string, d time.Duration, results map[string]map[string][]sample) error {
	srv, err := startServer(pin("0", argv))
	if err != nil {
		return fmt.Errorf("server %s: %w", name, err)
	}
	defer srv.stop()
	for _, w := range workloads {
		cpu0, _ := cpuNanos(srv.pid)
		wait0 := runQueueWait(srv.pid)
		load := pin("1", []string{self, "load", "--mode", w.mode, "--port", strconv.Itoa(srv.port),
			"--conns", strconv.Itoa(w.conns), "--duration", d.String()})
		out, err := exec.Command(load[0], load[1:]...).Output()
		if err != nil {
			return fmt.Errorf("%s against %s: %w", w.name, name, err)
		}
		cpu1, _ := cpuNanos(srv.pid)
		wait1 := runQueueWait(srv.pid)
		var lr loadResult
		if err := json.Unmarshal(out, &lr); err != nil || lr.Ops == 0 {
			return fmt.Errorf("%s against %s: bad result %q", w.name, name, out)
		}
		s := sample{rate: float64(lr.Ops) / lr.Seconds, cpuPerOp: float64(cpu1-cpu0) / float64(lr.Ops),
			waitPct: 100 * (wait1 - wait0).Seconds() / lr.Seconds}
		if w.mode == "stream" {
			s.rate /= 1e6
		}
		if results[w.name] == nil {
			results[w.name] = map[string][]sample{}
		}
		results[w.name][name] = append(results[w.name][name], s)
		fmt.Printf("Benchmark%s/server=%s\t%d\t%.0f ns/op\t%.1f %s\t%.0f server-cpu-ns/op\n",
			w.name, name, lr.Ops, 1e9/(float64(lr.Ops)/lr.Seconds), s.rate, w.unit, s.cpuPerOp)
	}
	return nil
}

// loadavg returns /proc/loadavg's line: how busy the machine was.
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown\n"
	}
	return string(b)
}

type server struct {
	cmd   *exec.Cmd
	stdin interface{ Close() error }
	pid   int
	port  int
}

// startServer starts an echo server and reads the port it prints.
func startServer(argv []string) (*server, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, stdin: stdin, pid: cmd.Process.Pid}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	select {
	case l := <-lines:
		if _, err := fmt.Sscanf(l, "PORT %d", &s.port); err != nil {
			s.stop()
			return nil, fmt.Errorf("expected PORT n, got %q", l)
		}
	case <-time.After(20 * time.Second):
		s.stop()
		return nil, fmt.Errorf("no port within 20s")
	}
	// taskset execs the server, so the pid is the server's own.
	return s, nil
}

func (s *server) stop() {
	s.stdin.Close()
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

// cpuNanos returns the user+system CPU time of pid from /proc.
func cpuNanos(pid int) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// Fields after the command name, which is in parentheses.
	rest := string(data[strings.LastIndexByte(string(data), ')')+2:])
	f := strings.Fields(rest)
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	const hz = 100 // USER_HZ on Linux
	return (utime + stime) * int64(time.Second) / hz, nil
}

// runQueueWait returns how long the threads of pid have been runnable
// but waiting for a CPU (the second field of each thread's schedstat);
// 0 where the kernel does not keep it.
func runQueueWait(pid int) time.Duration {
	paths, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", pid))
	var sum int64
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			continue // the thread ended
		}
		if f := strings.Fields(string(data)); len(f) >= 2 {
			ns, _ := strconv.ParseInt(f[1], 10, 64)
			sum += ns
		}
	}
	return time.Duration(sum)
}

// rssBytes returns the resident set size of pid.
func rssBytes(pid int) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			kb, err := strconv.ParseInt(strings.Fields(l)[1], 10, 64)
			return kb * 1024, err
		}
	}
	return 0, fmt.Errorf("no VmRSS for pid %d", pid)
}

// readSteal returns the host steal time of all CPUs from /proc/stat.
func readSteal() time.Duration {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	f := strings.Fields(strings.SplitN(string(data), "\n", 2)[0])
	if len(f) < 9 {
		return 0
	}
	ticks, _ := strconv.ParseInt(f[8], 10, 64)
	return time.Duration(ticks) * time.Second / 100
}
