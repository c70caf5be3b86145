package drivertarget_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/netconform/netconform/features"
	"github.com/netconform/netconform/steps"
	"github.com/netconform/netconform/steps/drivertarget"
)

// The replay test: a run against real Node is recorded, request by
// request, and a driver with no networking at all replays it to a run
// with another seed. A conformance verdict a tape recorder earns is
// worth little: the replayer must fail all but a few scenarios.

// replayKey is what the replayer looks an answer up by: the requests of
// the session so far, without what is bound to differ between any two
// runs whatever the scenario (the request ids, the session id). probe
// leaves the session's probe out, for the replayer that answers it.
func replayKey(history []string, line []byte, probe bool) ([]string, string, bool) {
	var req map[string]any
	json.Unmarshal(line, &req)
	delete(req, "id")
	delete(req, "session")
	if req["op"] == "open" {
		history = nil
	}
	isProbe := false
	if calls, ok := req["calls"].([]any); ok && len(calls) == 1 && len(history) == 1 {
		if c, ok := calls[0].(map[string]any); ok && c["target"] == "net" && c["method"] == "isIP" {
			isProbe = true
		}
	}
	norm, _ := json.Marshal(req)
	if !(probe && isProbe) {
		// Each request by its hash: the history of a scenario that sends
		// a megabyte would otherwise make the tape's keys huge.
		sum := sha256.Sum256(norm)
		history = append(history, hex.EncodeToString(sum[:8]))
	}
	return history, strings.Join(history, ","), isProbe
}

// recordDriver runs node's driver and writes, for every request, the
// lines the driver answered it with, keyed by the session's history, to
// a tape file of its own under dir.
func recordDriver(dir string) {
	node := exec.Command("node", os.Getenv("NETCONFORM_DRIVER_CJS"))
	nodeIn, _ := node.StdinPipe()
	nodeOut, _ := node.StdoutPipe()
	node.Stderr = os.Stderr
	if err := node.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "recorder:", err)
		os.Exit(4)
	}
	tape, err := os.Create(filepath.Join(dir, fmt.Sprintf("tape-%d.jsonl", os.Getpid())))
	if err != nil {
		os.Exit(4)
	}
	// Every line the driver writes is filed under the request it
	// followed: the events before its reply, the reply, and the events
	// after it until the next request.
	var mu sync.Mutex
	var key, skey string // with and without the probe
	var inProbe bool
	n := 0 // which request of this recorder's the lines follow
	out := bufio.NewReader(nodeOut)
	go func() {
		for {
			line, err := out.ReadBytes('\n')
			if err != nil {
				os.Exit(0)
			}
			os.Stdout.Write(line)
			mu.Lock()
			if key != "" {
				rec, _ := json.Marshal(map[string]any{"key": key, "skey": skey, "probe": inProbe, "n": n, "line": strings.TrimSuffix(string(line), "\n")})
				tape.Write(append(rec, '\n'))
			}
			mu.Unlock()
		}
	}()
	in := bufio.NewReader(os.Stdin)
	var history, shistory []string
	for {
		line, err := in.ReadBytes('\n')
		if err != nil {
			nodeIn.Close()
			node.Wait()
			os.Exit(0)
		}
		mu.Lock()
		history, key, _ = replayKey(history, line, false)
		shistory, skey, inProbe = replayKey(shistory, line, true)
		n++
		mu.Unlock()
		nodeIn.Write(line)
	}
}

// replayDriver answers from the tapes under dir. With smart set it also
// answers the session's probe itself, as a replayer that knew of it
// would, and leaves it out of its keys.
func replayDriver(dir string, smart bool) {
	// One recorded answer per key: the lines of the first request
	// recorded under it.
	tapes := map[string][]string{}
	first := map[string]string{}
	files, _ := filepath.Glob(filepath.Join(dir, "tape-*.jsonl"))
	for _, f := range files {
		data, _ := os.ReadFile(f)
		for _, l := range strings.Split(string(data), "\n") {
			var rec struct {
				Key, SKey, Line string
				N               int
				Probe           bool
			}
			if json.Unmarshal([]byte(l), &rec) != nil || rec.Key == "" {
				continue
			}
			if smart {
				if rec.Probe {
					continue
				}
				rec.Key = rec.SKey
			}
			occurrence := fmt.Sprintf("%s#%d", f, rec.N)
			if first[rec.Key] == "" {
				first[rec.Key] = occurrence
			}
			if first[rec.Key] == occurrence {
				tapes[rec.Key] = append(tapes[rec.Key], rec.Line)
			}
		}
	}
	out := bufio.NewWriter(os.Stdout)
	say := func(s string) { out.WriteString(s + "\n"); out.Flush() }
	say(`{"hello":{"protocol":1,"implementation":{"name":"replay","version":"0"}}}`)
	in := bufio.NewReader(os.Stdin)
	var history []string
	session := ""
	for {
		line, err := in.ReadBytes('\n')
		if err != nil {
			os.Exit(0)
		}
		var req struct {
			ID      int64
			Op      string
			Session string
			Calls   []struct {
				Target, Method string
				Args           []string
			}
		}
		json.Unmarshal(line, &req)
		if req.Op == "open" {
			session = req.Session
		}
		var key string
		var isProbe bool
		history, key, isProbe = replayKey(history, line, smart)
		if smart && isProbe {
			v, _ := probeAnswer(req.Op, req.Calls)
			say(fmt.Sprintf(`{"id":%d,"result":{"value":%d,"seq":0}}`, req.ID, v))
			continue
		}
		lines, ok := tapes[key]
		if !ok {
			say(fmt.Sprintf(`{"id":%d,"error":{"message":"not on the tape"}}`, req.ID))
			continue
		}
		for _, l := range lines {
			var m map[string]any
			json.Unmarshal([]byte(l), &m)
			if ev, ok := m["event"].(map[string]any); ok {
				ev["session"] = session
			} else if _, ok := m["id"]; ok {
				m["id"] = req.ID
			}
			b, _ := json.Marshal(m)
			say(string(b))
		}
	}
}

// replayPaths are the features the replay test runs in make test: a pure
// function (isIP) and servers; the whole suite with
// NETCONFORM_REPLAY_ALL=1.
var replayPaths = []string{"address/isip.feature", "server/address.feature"}

func runNode(t *testing.T, mode string, seed int64, timeout time.Duration) (passed, total int, why []string) {
	t.Helper()
	exe, _ := os.Executable()
	t.Setenv("NETCONFORM_FAKE_DRIVER", mode)
	tgt := drivertarget.New(mode, []string{exe})
	tgt.SetSeed(seed)
	results := &steps.Results{}
	paths := replayPaths
	if os.Getenv("NETCONFORM_REPLAY_ALL") == "1" {
		paths = nil
	}
	steps.Run(steps.RunOptions{
		Config: steps.Config{Target: tgt, Profile: "v19", Results: results, Timeout: timeout},
		FS:     features.FS, Paths: paths, Format: "progress", Output: io.Discard, Concurrency: 2,
	})
	tgt.Close()
	for _, r := range results.List() {
		total++
		if r.Status == steps.Passed {
			passed++
		} else if len(why) < 3 {
			why = append(why, fmt.Sprintf("%s: %s", r.ID(), r.Message))
		}
	}
	return passed, total, why
}

func TestARecordedRunDoesNotReplay(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("no node on PATH to record")
	}
	driver, err := filepath.Abs("../../drivers/node/driver.cjs")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Setenv("NETCONFORM_DRIVER_CJS", driver)
	t.Setenv("NETCONFORM_TAPES", dir)
	recorded, total, why := runNode(t, "record", 1, 0)
	if total == 0 || recorded < total*8/10 {
		t.Fatalf("the recording run passed %d of %d scenarios against node: nothing worth replaying; the first failures:\n%s", recorded, total, strings.Join(why, "\n"))
	}
	// Replayed with the recording's own seed, the tape is whole: the
	// replayer works, and what stops it below is the seed. This control
	// run keeps the standard bound of a wait: a whole tape answers at
	// once, and a loaded machine (make test runs packages side by side)
	// must not fail it. The naive run below has nothing to wait for: what
	// it has comes at once, and what it lacks never comes.
	same, _, sameWhy := runNode(t, "replay", 1, 0)
	naive, n, _ := runNode(t, "replay", 2, time.Second)
	t.Logf("recorded %d/%d; replayed with the same seed %d/%d; with another seed %d/%d (%.1f%%)",
		recorded, total, same, total, naive, n, 100*float64(naive)/float64(n))
	if os.Getenv("NETCONFORM_REPLAY_ALL") == "1" {
		smart, _, _ := runNode(t, "replay-smart", 2, time.Second)
		t.Logf("answering the probe too: %d/%d (%.1f%%)", smart, n, 100*float64(smart)/float64(n))
	}
	if same < recorded/2 {
		t.Errorf("the replayer replays only %d of the %d scenarios recorded with its own seed: it is broken, and proves nothing; the first failures:\n%s", same, recorded, strings.Join(sameWhy, "\n"))
	}
	if naive*20 > n {
		t.Errorf("a replayed recording passed %d of %d scenarios, more than 5%%", naive, n)
	}
	// The replayer that answers the probe is measured, not held to 5%:
	// a scenario of a pure function with fixed arguments and no object
	// (net.isIP("::1")) sends the same requests in every run, and only
	// varying its arguments would stop it.
}
