// Command netbench measures the reference against Node.js and raw Go
// with echo servers written the way their users write them, under one
// load generator, in one run: `make bench`.
//
//	netbench run [--rounds 3] [--duration 3s] [--servers reference,go,node] [--idle 10000] [--nopin]
//
// The server reference-2loops is the reference's echo server on two
// loops sharing its port (ListenOptions.ReusePort); compare it with
// reference under --nopin, or it gets one CPU as every server does.
//
// Servers run interleaved (A B C, A B C, ...), pinned to CPU 0 and the
// load to CPU 1 when taskset exists. It prints Go benchmark lines (for
// benchstat) and then the ratios of the medians. The ping-pong and
// connect loads run an epoll loop of their own on raw descriptors
// (rawload.go), so that they cost less CPU per operation than the
// servers they measure.
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
	"sort"
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
			err = fmt.Errorf("usage: netbench serve reference|go")
		} else if os.Args[2] == "reference" {
			err = serveReference()
		} else if os.Args[2] == "reference-2loops" {
			err = serveReferenceLoops(2)
		} else {
			err = serveGo()
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
}

func run(args []string) error {
	fl := flag.NewFlagSet("run", flag.ExitOnError)
	rounds := fl.Int("rounds", 3, "rounds of every server and workload")
	d := fl.Duration("duration", 3*time.Second, "measurement time of each workload")
	servers := fl.String("servers", "reference,go,node", "servers to compare")
	noPin := fl.Bool("nopin", false, "run servers and loads on any CPU (for servers of several loops: pinned to one CPU, they could not use a second)")
	idleConns := fl.Int("idle", 5000, "connections for the memory-per-idle-connection measure (0 skips it); raw Go needs three descriptors per connection, so 10,000 needs a limit above 30,000")
	fl.Parse(args)

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
	echo := filepath.Join(dir, "echo.cjs")
	if err := os.WriteFile(echo, echoCJS, 0o600); err != nil {
		return err
	}
	commands := map[string][]string{
		"reference": {self, "serve", "reference"},
		"go":        {self, "serve", "go"},
		// reference-2loops: two loops sharing the port (ReusePort).
		"reference-2loops": {self, "serve", "reference-2loops"},
		"node":             {"node", echo},
	}
	names := strings.Split(*servers, ",")
	perConn := uint64(1) // a descriptor per connection in each process
	for _, n := range names {
		if commands[n] == nil {
			return fmt.Errorf("unknown server %q", n)
		}
		if n == "go" {
			perConn = 3 // io.Copy holds a splice pipe pair per connection too
		}
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
	for r := 1; r <= *rounds; r++ {
		for _, name := range names {
			srv, err := startServer(pin("0", commands[name]))
			if err != nil {
				return fmt.Errorf("server %s: %w", name, err)
			}
			for _, w := range workloads {
				cpu0, _ := cpuNanos(srv.pid)
				load := pin("1", []string{self, "load", "--mode", w.mode, "--port", strconv.Itoa(srv.port),
					"--conns", strconv.Itoa(w.conns), "--duration", d.String()})
				out, err := exec.Command(load[0], load[1:]...).Output()
				if err != nil {
					srv.stop()
					return fmt.Errorf("%s against %s: %w", w.name, name, err)
				}
				cpu1, _ := cpuNanos(srv.pid)
				var lr loadResult
				if err := json.Unmarshal(out, &lr); err != nil || lr.Ops == 0 {
					srv.stop()
					return fmt.Errorf("%s against %s: bad result %q", w.name, name, out)
				}
				s := sample{rate: float64(lr.Ops) / lr.Seconds, cpuPerOp: float64(cpu1-cpu0) / float64(lr.Ops)}
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
			srv.stop()
		}
	}
	steal := readSteal() - stealBefore
	wall := time.Since(wallBefore)
	fmt.Printf("\nhost steal during the run: %.2f%% of one CPU's time\n", 100*steal.Seconds()/wall.Seconds())
	printRatios(names, results, memory)
	return nil
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

func printRatios(names []string, results map[string]map[string][]sample, memory map[string]float64) {
	fmt.Printf("\n| metric (median of rounds) |")
	for _, n := range names {
		fmt.Printf(" %s |", n)
	}
	fmt.Printf(" reference / node | reference / go |\n|---|")
	for range names {
		fmt.Printf("---|")
	}
	fmt.Printf("---|---|\n")
	row := func(label string, get func(server string) float64) {
		fmt.Printf("| %s |", label)
		for _, n := range names {
			fmt.Printf(" %.1f |", get(n))
		}
		ratio := func(other string) string {
			if get(other) == 0 || get("reference") == 0 {
				return "-"
			}
			return fmt.Sprintf("%.2fx", get("reference")/get(other))
		}
		fmt.Printf(" %s | %s |\n", ratio("node"), ratio("go"))
	}
	for _, w := range workloads {
		w := w
		row(w.name+" "+w.unit, func(s string) float64 {
			var xs []float64
			for _, x := range results[w.name][s] {
				xs = append(xs, x.rate)
			}
			return median(xs)
		})
	}
	w := workloads[0]
	row("server CPU ns per request ("+w.name+")", func(s string) float64 {
		var xs []float64
		for _, x := range results[w.name][s] {
			xs = append(xs, x.cpuPerOp)
		}
		return median(xs)
	})
	if len(memory) > 0 {
		row("memory per idle connection, bytes", func(s string) float64 { return memory[s] })
	}
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
