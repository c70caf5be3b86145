package drivertarget_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/netconform/netconform/features"
	"github.com/netconform/netconform/jsval"
	"github.com/netconform/netconform/protocol"
	"github.com/netconform/netconform/steps"
	"github.com/netconform/netconform/steps/drivertarget"
	"github.com/netconform/netconform/steps/reftarget"
)

// The test binary doubles as the drivers under test: with
// NETCONFORM_FAKE_DRIVER set it serves the reference, or misbehaves in
// the named way, instead of running tests.
func TestMain(m *testing.M) {
	switch mode := os.Getenv("NETCONFORM_FAKE_DRIVER"); mode {
	case "":
		os.Exit(m.Run())
	case "linger":
		// What the orphan driver leaves behind: a process that outlives
		// it. It ends by itself after a minute, should nothing kill it.
		time.Sleep(time.Minute)
		os.Exit(0)
	case "record":
		recordDriver(os.Getenv("NETCONFORM_TAPES"))
	case "replay", "replay-smart":
		replayDriver(os.Getenv("NETCONFORM_TAPES"), mode == "replay-smart")
		os.Exit(0)
	case "reference":
		impl := protocol.Implementation{Name: "reference-under-test", Version: "0"}
		if err := drivertarget.Serve(reftarget.ServeInherited(), impl, os.Stdin, os.Stdout, os.Stderr); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	default:
		fakeDriver(mode)
	}
}

// fakeDriver answers open, settle and close, and misbehaves on invoke.
func fakeDriver(mode string) {
	out := bufio.NewWriter(os.Stdout)
	say := func(s string) { out.WriteString(s + "\n"); out.Flush() }
	switch mode {
	case "silent", "silent-orphan":
		// Never a hello; a child left behind, for the second.
		if mode == "silent-orphan" {
			startChild(false, false)
		}
		io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}
	if mode == "wrong-version" {
		say(`{"hello":{"protocol":2,"implementation":{"name":"fake","version":"0"}}}`)
		os.Exit(0)
	}
	say(`{"hello":{"protocol":1,"implementation":{"name":"fake","version":"0"}}}`)
	switch mode {
	case "orphan":
		startChild(false, false)
	case "setsid-orphan":
		startChild(true, false)
	case "crash-child-holds-output":
		startChild(false, true)
	}
	session := ""
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 64<<10), 32<<20)
	for in.Scan() {
		var req struct {
			ID      int64
			Op      string
			Session string
			Calls   []struct {
				Target, Method string
				Args           []string
			}
		}
		json.Unmarshal(in.Bytes(), &req)
		if req.Op == "open" {
			session = req.Session
		}
		if probe, ok := probeAnswer(req.Op, req.Calls); ok {
			say(fmt.Sprintf(`{"id":%d,"result":{"value":%d,"seq":0}}`, req.ID, probe))
			if mode == "deaf" {
				// Reads nothing more: the runner's next write fills the pipe.
				time.Sleep(time.Minute)
			}
			continue
		}
		if req.Op != "invoke" {
			say(fmt.Sprintf(`{"id":%d,"result":{"value":null,"seq":0}}`, req.ID))
			continue
		}
		if req.Op == "invoke" && hostile(mode, req.ID, session, say) {
			continue
		}
		switch mode {
		case "crash", "crash-child-holds-output":
			fmt.Fprintln(os.Stderr, "fake driver: fatal: out of cheese")
			os.Exit(3)
		case "hang":
			select {}
		case "stray":
			say("this line is not JSON")
			say(fmt.Sprintf(`{"id":%d,"result":{"value":42,"seq":0}}`, req.ID))
		case "unknown-id":
			say(`{"id":999,"result":{"value":1,"seq":0}}`)
			say(fmt.Sprintf(`{"id":%d,"result":{"value":42,"seq":0}}`, req.ID))
		}
	}
	os.Exit(0)
}

// probeAnswer answers the runner's probe of every session, net.isIP of
// a random address, as any driver must.
func probeAnswer(op string, calls []struct {
	Target, Method string
	Args           []string
}) (int, bool) {
	if op != "invoke" || len(calls) != 1 || calls[0].Target != "net" || calls[0].Method != "isIP" || len(calls[0].Args) != 1 {
		return 0, false
	}
	ip := net.ParseIP(calls[0].Args[0])
	switch {
	case ip == nil:
		return 0, true
	case strings.Contains(calls[0].Args[0], ":"):
		return 6, true
	}
	return 4, true
}

// startChild starts a process that outlives the fake driver: in a
// session of its own (setsid), or holding the driver's stdout and stderr.
func startChild(setsid, holdOutput bool) {
	exe, _ := os.Executable()
	child := exec.Command(exe, "-test.run=^$", "netconform-linger")
	child.Env = append(os.Environ(), "NETCONFORM_FAKE_DRIVER=linger")
	if setsid {
		child.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	}
	if holdOutput {
		child.Stdout, child.Stderr = os.Stdout, os.Stderr
	}
	if err := child.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "fake driver: cannot start its child:", err)
		os.Exit(4)
	}
	fmt.Fprintln(os.Stderr, "fake driver: started", child.Process.Pid)
}

func fake(t *testing.T, mode string) *drivertarget.Target {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("NETCONFORM_FAKE_DRIVER", mode)
	tgt := drivertarget.New("fake-"+mode, []string{exe})
	t.Cleanup(func() { tgt.Close() })
	return tgt
}

type events struct {
	mu  sync.Mutex
	all []steps.Event
}

func (e *events) sink(ev steps.Event) { e.mu.Lock(); e.all = append(e.all, ev); e.mu.Unlock() }
func (e *events) list() []steps.Event {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]steps.Event(nil), e.all...)
}

func ctx(t *testing.T, d time.Duration) context.Context {
	c, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return c
}

var call = steps.Invocation{Op: steps.OpCall, Target: "net", Method: "isIPv6", Args: []jsval.Value{"::1"}}

func TestCrashFailsTheCallWithStderrAndAFreshDriverServesNext(t *testing.T) {
	tgt := fake(t, "crash")
	s, err := tgt.Open(ctx(t, 10*time.Second), steps.SessionOptions{}, (&events{}).sink)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Invoke(ctx(t, 10*time.Second), call)
	if err == nil || !strings.Contains(err.Error(), "driver exited during invoke") || !strings.Contains(err.Error(), "out of cheese") {
		t.Fatalf("want the crash and the driver's stderr, got %v", err)
	}
	s.Close(ctx(t, 10*time.Second))
	if n := tgt.Processes(); n != 0 {
		t.Fatalf("the crashed driver is still counted: %d processes", n)
	}
	s2, err := tgt.Open(ctx(t, 10*time.Second), steps.SessionOptions{}, (&events{}).sink)
	if err != nil {
		t.Fatalf("a fresh driver should serve the next scenario: %v", err)
	}
	s2.Close(ctx(t, 10*time.Second))
}

func TestHangIsTimedOutAndTheDriverReplaced(t *testing.T) {
	tgt := fake(t, "hang")
	s, err := tgt.Open(ctx(t, 10*time.Second), steps.SessionOptions{}, (&events{}).sink)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = s.Invoke(ctx(t, 300*time.Millisecond), call)
	if err == nil || !strings.Contains(err.Error(), "did not answer invoke in time") {
		t.Fatalf("want a timeout naming the request, got %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatalf("the timeout took %s", time.Since(start))
	}
	s.Close(ctx(t, 10*time.Second))
	if n := tgt.Processes(); n != 0 {
		t.Fatalf("the hung driver was not stopped: %d processes", n)
	}
}

func TestStrayOutputIsReportedNotParsed(t *testing.T) {
	tgt := fake(t, "stray")
	evs := &events{}
	s, err := tgt.Open(ctx(t, 10*time.Second), steps.SessionOptions{}, evs.sink)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx(t, 10*time.Second))
	r, err := s.Invoke(ctx(t, 10*time.Second), call)
	if err != nil || r.Value != float64(42) {
		t.Fatalf("the real reply should still arrive: %v %v", r.Value, err)
	}
	got := evs.list()
	if len(got) != 1 || got[0].Object != steps.ProcessObject || got[0].Name != "strayOutput" ||
		!strings.Contains(got[0].Args[0].(string), "this line is not JSON") {
		t.Fatalf("want one strayOutput event naming the line, got %v", got)
	}
}

func TestReplyToUnknownIDIsReported(t *testing.T) {
	tgt := fake(t, "unknown-id")
	evs := &events{}
	s, err := tgt.Open(ctx(t, 10*time.Second), steps.SessionOptions{}, evs.sink)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx(t, 10*time.Second))
	if _, err := s.Invoke(ctx(t, 10*time.Second), call); err != nil {
		t.Fatal(err)
	}
	got := evs.list()
	if len(got) != 1 || !strings.Contains(got[0].Args[0].(string), "id 999") {
		t.Fatalf("want a strayOutput event naming id 999, got %v", got)
	}
}

func TestWrongProtocolVersionIsRefused(t *testing.T) {
	tgt := fake(t, "wrong-version")
	_, err := tgt.Open(ctx(t, 10*time.Second), steps.SessionOptions{}, (&events{}).sink)
	if err == nil || !strings.Contains(err.Error(), "speaks protocol 2") {
		t.Fatalf("want the version named, got %v", err)
	}
}

// TestSuiteThroughTheProtocol runs every feature against the reference
// served over the protocol: it must pass exactly as in-process, which
// proves the protocol carries every behaviour the suite checks.
func TestSuiteThroughTheProtocol(t *testing.T) {
	tgt := fake(t, "reference")
	for _, profile := range []string{"v19", "v0.10"} {
		status, err := steps.Run(steps.RunOptions{
			Config: steps.Config{Target: tgt, Profile: profile},
			FS:     features.FS, Format: "progress", Concurrency: 2, T: t,
		})
		if err != nil || status != 0 {
			t.Fatalf("profile %s: the suite failed through the protocol (status %d, %v)", profile, status, err)
		}
	}
	if n := tgt.Processes(); n > 2 {
		t.Errorf("want at most one driver per worker (2), got %d", n)
	}
}

func TestProtocolCheckPassesTheServedReference(t *testing.T) {
	exe, _ := os.Executable()
	t.Setenv("NETCONFORM_FAKE_DRIVER", "reference")
	checks := drivertarget.CheckProtocol([]string{exe}, 5*time.Second)
	if len(checks) < 10 {
		t.Fatalf("want every check to run, got %d", len(checks))
	}
	for _, c := range checks {
		if c.Err != nil {
			t.Errorf("%s: %v", c.Name, c.Err)
		}
	}
}

func TestProtocolCheckFailsABrokenDriver(t *testing.T) {
	exe, _ := os.Executable()
	t.Setenv("NETCONFORM_FAKE_DRIVER", "crash")
	checks := drivertarget.CheckProtocol([]string{exe}, 5*time.Second)
	failed := 0
	for _, c := range checks {
		if c.Err != nil {
			failed++
		}
	}
	// The fake answers open and close but neither errors nor invoke.
	if failed == 0 {
		t.Fatalf("a driver that ignores bad input passed the protocol check: %v", checks)
	}
}

// TestNoDriverOutlivesItsTarget runs scenarios through several drivers
// at once, closes the target, and requires that no child process of the
// test is left.
func TestNoDriverOutlivesItsTarget(t *testing.T) {
	tgt := fake(t, "reference")
	var sessions []steps.Session
	for i := 0; i < 3; i++ {
		s, err := tgt.Open(ctx(t, 10*time.Second), steps.SessionOptions{}, (&events{}).sink)
		if err != nil {
			t.Fatal(err)
		}
		sessions = append(sessions, s)
	}
	if n := len(children(t)); n < 3 {
		t.Fatalf("want 3 driver processes running, see %d", n)
	}
	for _, s := range sessions {
		s.Close(ctx(t, 10*time.Second))
	}
	if err := tgt.Close(); err != nil {
		t.Fatal(err)
	}
	if left := children(t); len(left) > 0 {
		t.Fatalf("driver processes left after Close: %v", left)
	}
}

// TestADriverThatLeavesAProcessFailsTheRun stops a driver that started
// a process of its own and did not end it: Close must fail naming that
// process, its pid and command line, and must have ended it.
func TestADriverThatLeavesAProcessFailsTheRun(t *testing.T) {
	tgt := fake(t, "orphan")
	s, err := tgt.Open(ctx(t, 10*time.Second), steps.SessionOptions{}, (&events{}).sink)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(ctx(t, 10*time.Second)); err != nil {
		t.Fatal(err)
	}
	err = tgt.Close()
	if err == nil {
		t.Fatal("Close passed a driver that left a process running")
	}
	t.Log(err)
	re := regexp.MustCompile(`left processes running after it was stopped \(now killed\): pid ([0-9]+) \([^)]*netconform-linger\)`)
	m := re.FindStringSubmatch(err.Error())
	if m == nil {
		t.Fatalf("the error does not name the process left: %v", err)
	}
	if _, err := os.Stat("/proc/" + m[1] + "/cmdline"); err == nil {
		if cmd, _ := os.ReadFile("/proc/" + m[1] + "/cmdline"); strings.Contains(string(cmd), "netconform-linger") {
			t.Errorf("pid %s is still running after Close", m[1])
		}
	}
}

// children lists the live child processes of this test.
func children(t *testing.T) []drivertarget.Proc {
	t.Helper()
	c, err := drivertarget.Children()
	if err != nil {
		t.Skip(err)
	}
	return c
}
