package reference

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// The EMFILE tests lower RLIMIT_NOFILE, which holds for the whole
// process; so the server runs in a child process (this test binary, run
// again with emfileChildEnv set), and the clients in the test process.
// They talk in lines: the child writes JSON reports on stdout and reads
// commands on stdin.
const emfileChildEnv = "NETCONFORM_EMFILE_CHILD"

// emfileHeadroom is how many descriptors the child may open beyond those
// it holds once its server listens: so many connections it can accept.
const emfileHeadroom = 3

// maxShedRounds bounds the rounds of shedding in the EMFILE test: with
// pauses doubling from 5 ms to 100 ms, a round every 100 ms for the few
// seconds the test may take; a spinning loop makes thousands.
const maxShedRounds = 100

type emfileReport struct {
	Port       int    `json:"port,omitempty"`
	Event      string `json:"event,omitempty"` // "connection", "error"
	Code       string `json:"code,omitempty"`
	Syscall    string `json:"syscall,omitempty"`
	Held       int    `json:"held,omitempty"`
	ShedRounds int64  `json:"shedRounds,omitempty"`
	ShedConns  int64  `json:"shedConns,omitempty"`
	Closed     bool   `json:"closed,omitempty"`
}

// TestEMFILEChild is the child's side; it runs only when asked to.
func TestEMFILEChild(t *testing.T) {
	mode := os.Getenv(emfileChildEnv)
	if mode == "" {
		t.Skip("runs only as the child of the EMFILE tests")
	}
	out := json.NewEncoder(os.Stdout)
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "emfile child:", err)
		os.Exit(3)
	}
	l := NewLoop()
	var held []*Socket
	var srv *Server
	err := l.Run(func() {
		srv = l.CreateServer(ServerOptions{}, func(c *Socket) {
			held = append(held, c)
			c.Write([]byte("ok"), nil)
			out.Encode(emfileReport{Event: "connection", Held: len(held)})
		})
		srv.On("error", func(args ...any) {
			e := args[0].(*Error)
			out.Encode(emfileReport{Event: "error", Code: e.Code, Syscall: e.Syscall})
		})
		if err := srv.Listen(ListenOptions{Host: "", Port: 0}, func() {
			if mode == "no-reserve" {
				reserve.Lock()
				unix.Close(reserve.fd)
				reserve.fd = -1
				reserve.Unlock()
			}
			limit, err := limitWithRoom(emfileHeadroom)
			if err != nil {
				fail(err)
			}
			if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &syscall.Rlimit{Cur: limit, Max: limit}); err != nil {
				fail(err)
			}
			out.Encode(emfileReport{Port: srv.Address().Port})
		}); err != nil {
			fail(err)
		}
		// Commands come from stdin, off the loop.
		go func() {
			in := bufio.NewScanner(os.Stdin)
			for in.Scan() {
				cmd := in.Text()
				l.Submit(func() {
					switch cmd {
					case "free":
						for _, c := range held {
							c.Destroy(nil)
						}
						held = nil
						out.Encode(emfileReport{Event: "freed"})
					case "stats":
						out.Encode(emfileReport{Event: "stats", Held: len(held),
							ShedRounds: shedStats.rounds.Load(), ShedConns: shedStats.closed.Load()})
					case "exit":
						for _, c := range held {
							c.Destroy(nil)
						}
						srv.Close(nil)
					}
				})
			}
		}()
	})
	if err != nil {
		fail(err)
	}
	out.Encode(emfileReport{Event: "exit", Closed: true})
	// The stdin reader is still blocked: end here, not in TestMain's
	// check for goroutines left running.
	os.Exit(0)
}

// limitWithRoom returns the RLIMIT_NOFILE under which exactly room
// descriptor numbers are free: the limit bounds the numbers, not the
// count, and the kernel hands out the lowest free number.
func limitWithRoom(room int) (uint64, error) {
	dir, err := os.Open("/proc/self/fd")
	if err != nil {
		return 0, err
	}
	names, err := dir.Readdirnames(-1)
	own := int(dir.Fd())
	dir.Close()
	if err != nil {
		return 0, err
	}
	open := map[int]bool{}
	for _, n := range names {
		if fd, err := strconv.Atoi(n); err == nil && fd != own {
			open[fd] = true
		}
	}
	free, limit := 0, 0
	for ; free < room || open[limit]; limit++ {
		if !open[limit] {
			free++
		}
	}
	return uint64(limit), nil
}

// emfileChild is the running child, seen from the test.
type emfileChild struct {
	t       *testing.T
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	reports chan emfileReport
	port    int
}

func startEMFILEChild(t *testing.T, mode string) *emfileChild {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestEMFILEChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), emfileChildEnv+"="+mode)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &emfileChild{t: t, cmd: cmd, stdin: stdin, reports: make(chan emfileReport, 100)}
	go func() {
		defer close(c.reports)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			var r emfileReport
			if json.Unmarshal(sc.Bytes(), &r) == nil {
				c.reports <- r
			}
		}
	}()
	t.Cleanup(func() {
		stdin.Close()
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(waitTimeout):
			cmd.Process.Kill()
			<-done
		}
	})
	c.port = c.next("the port", func(r emfileReport) bool { return r.Port != 0 }).Port
	return c
}

// next waits, bounded, for the child's next report that matches; every
// other report is dropped, except that an unexpected 'error' fails.
func (c *emfileChild) next(what string, match func(emfileReport) bool) emfileReport {
	c.t.Helper()
	timeout := time.After(waitTimeout)
	for {
		select {
		case r, ok := <-c.reports:
			if !ok {
				c.t.Fatalf("the child ended before %s", what)
			}
			if match(r) {
				return r
			}
		case <-timeout:
			c.t.Fatalf("no %s from the child within %s", what, waitTimeout)
		}
	}
}

func (c *emfileChild) send(cmd string) {
	c.t.Helper()
	if _, err := io.WriteString(c.stdin, cmd+"\n"); err != nil {
		c.t.Fatal(err)
	}
}

// dial connects to the child's server and reads what it says first:
// "ok" from a connection it accepted, or the end of a connection it shed
// (EOF or ECONNRESET). A connection the kernel holds in the backlog
// reads nothing: read then waits up to patience.
func (c *emfileChild) dial(patience time.Duration) (net.Conn, string) {
	c.t.Helper()
	conn, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(c.port)), waitTimeout)
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { conn.Close() })
	return conn, readFirst(conn, patience)
}

func readFirst(conn net.Conn, patience time.Duration) string {
	conn.SetReadDeadline(time.Now().Add(patience))
	buf := make([]byte, 2)
	n, err := io.ReadFull(conn, buf)
	switch {
	case n == 2:
		return string(buf)
	case errors.Is(err, io.EOF), errors.Is(err, syscall.ECONNRESET):
		return "shed"
	case errors.Is(err, os.ErrDeadlineExceeded):
		return "waiting"
	}
	return "error: " + err.Error()
}

// TestEMFILEShedsLoadAndKeepsAccepting runs the server out of
// descriptors: it must accept as many connections as it has room for,
// close each one past that at once (as libuv's reserve-descriptor trick
// does) without emitting anything, and accept again once descriptors are
// free. Each round of shedding must have found a connection to shed: the
// loop does not spin on EMFILE.
func TestEMFILEShedsLoadAndKeepsAccepting(t *testing.T) {
	c := startEMFILEChild(t, "reserve")
	var outcomes []string
	for i := 0; i < emfileHeadroom+4; i++ {
		_, got := c.dial(waitTimeout)
		outcomes = append(outcomes, got)
	}
	want := strings.Repeat("ok,", emfileHeadroom) + "shed,shed,shed,shed"
	if got := strings.Join(outcomes, ","); got != want {
		t.Fatalf("connections: got %s, want %s", got, want)
	}
	c.send("stats")
	st := c.next("stats", func(r emfileReport) bool { return r.Event == "stats" })
	if st.Held != emfileHeadroom || st.ShedConns != 4 {
		t.Fatalf("held %d connections and shed %d; want %d held, 4 shed", st.Held, st.ShedConns, emfileHeadroom)
	}
	if st.ShedRounds > maxShedRounds {
		t.Fatalf("%d rounds of shedding for 4 connections: the accept loop spins (want at most %d)", st.ShedRounds, maxShedRounds)
	}
	t.Logf("%d rounds of shedding closed %d connections", st.ShedRounds, st.ShedConns)
	c.send("free")
	c.next("freed", func(r emfileReport) bool { return r.Event == "freed" })
	if _, got := c.dial(waitTimeout); got != "ok" {
		t.Fatalf("after the descriptors were freed: got %s, want ok", got)
	}
	c.send("stats")
	c.next("stats", func(r emfileReport) bool { return r.Event == "stats" })
	c.send("exit")
	c.next("exit", func(r emfileReport) bool { return r.Event == "exit" })
	for _, r := range drain(c.reports) {
		if r.Event == "error" {
			t.Errorf("the server emitted 'error' %s: Node.js emits nothing while it sheds load", r.Code)
		}
	}
}

// TestEMFILEWithoutReserveEmitsErrorAndRecovers takes the reserve away:
// the server must emit 'error' with EMFILE from accept, as lib/net.js
// onconnection does, keep the connection waiting in the backlog, and
// accept it once descriptors are free.
func TestEMFILEWithoutReserveEmitsErrorAndRecovers(t *testing.T) {
	c := startEMFILEChild(t, "no-reserve")
	for i := 0; i < emfileHeadroom; i++ {
		if _, got := c.dial(waitTimeout); got != "ok" {
			t.Fatalf("connection %d: got %s, want ok", i+1, got)
		}
	}
	conn, got := c.dial(100 * time.Millisecond)
	if got != "waiting" {
		t.Fatalf("the connection past the limit: got %s, want it waiting in the backlog", got)
	}
	e := c.next("'error'", func(r emfileReport) bool { return r.Event == "error" })
	if e.Code != "EMFILE" || e.Syscall != "accept" {
		t.Fatalf("'error' %s (syscall %s), want EMFILE from accept", e.Code, e.Syscall)
	}
	c.send("free")
	if got := readFirst(conn, waitTimeout); got != "ok" {
		t.Fatalf("the waiting connection after the descriptors were freed: got %s, want ok", got)
	}
	c.send("exit")
	c.next("exit", func(r emfileReport) bool { return r.Event == "exit" })
}

func drain(ch <-chan emfileReport) []emfileReport {
	var out []emfileReport
	for r := range ch {
		out = append(out, r)
	}
	return out
}
