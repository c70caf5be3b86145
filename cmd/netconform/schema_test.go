package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// compileSchema compiles docs/protocol.schema.json and returns the
// schemas of what each side may write: the runner's requests, and the
// driver's hello, replies and events.
func compileSchema(t *testing.T) (requests, driverLines *jsonschema.Schema) {
	t.Helper()
	path, err := filepath.Abs("../../docs/protocol.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("protocol.schema.json: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "file:///protocol.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	// The top schema admits any message; a request from the driver or a
	// reply from the runner would be a defect too, so each side is held
	// to its own part.
	for _, def := range []string{"hello", "reply", "event"} {
		if _, err := c.Compile(url + "#/$defs/" + def); err != nil {
			t.Fatal(err)
		}
	}
	if requests, err = c.Compile(url + "#/$defs/request"); err != nil {
		t.Fatal(err)
	}
	driverSide := map[string]any{"oneOf": []any{
		map[string]any{"$ref": url + "#/$defs/hello"},
		map[string]any{"$ref": url + "#/$defs/reply"},
		map[string]any{"$ref": url + "#/$defs/event"},
	}}
	if err := c.AddResource("file:///driver-side.json", driverSide); err != nil {
		t.Fatal(err)
	}
	if driverLines, err = c.Compile("file:///driver-side.json"); err != nil {
		t.Fatal(err)
	}
	return requests, driverLines
}

// tapTarget returns a cmd: target that runs argv with every line the
// runner writes to it appended to dir/in.<pid> and every line it writes
// appended to dir/out.<pid>. bash replaces itself with the driver (exec),
// so the driver keeps the pid the runner inspects and the descriptor 3 a
// scenario hands it; the two tee processes only copy, and close their
// copy of descriptor 3 so that the driver's close of it is the last.
func tapTarget(dir string, argv []string) string {
	script := fmt.Sprintf(`exec "$0" "$@" < <(exec tee -a %s/in.$$ 3>&-) > >(exec tee -a %s/out.$$ 3>&-)`, dir, dir)
	quoted := make([]string, len(argv))
	for i, a := range argv {
		if strings.ContainsAny(a, `"'\`) {
			panic("tapTarget: an argument with a quote: " + a)
		}
		quoted[i] = `"` + a + `"`
	}
	return "cmd:bash -c '" + script + "' " + strings.Join(quoted, " ")
}

// TestFullRunTrafficMatchesTheSchema runs the whole suite against the
// reference's driver and against node's, records every line of both
// directions, and validates each against docs/protocol.schema.json: the
// schema, the doc and the runner cannot drift apart unnoticed.
func TestFullRunTrafficMatchesTheSchema(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the whole suite twice")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash to tap the driver's pipes")
	}
	requests, driverLines := compileSchema(t)
	targets := []string{"reference-driver"}
	if _, err := exec.LookPath("node"); err == nil {
		targets = append(targets, "node")
	} else {
		t.Log("no node on PATH: the node driver's traffic is not checked")
	}
	for _, name := range targets {
		t.Run(name, func(t *testing.T) {
			argv, cleanup, err := driverCommand(name)
			if err != nil {
				t.Fatal(err)
			}
			defer cleanup()
			if name == "reference-driver" {
				// The test binary is the reference-driver target's driver,
				// and under -race it serves several times slower; the
				// traffic is the same from the plain build.
				argv = []string{buildDriver(t)}
			}
			dir := t.TempDir()
			code, _, stderr := runCLI("--target", tapTarget(dir, argv), "--format", "progress:"+os.DevNull, "--concurrency", "2")
			if code != 0 {
				// The traffic is what this test checks; verdicts are the
				// suite's own tests' business (under heavy load a timing
				// scenario may fail here as it would there). The one thing
				// the tap could break, the descriptor a driver inherits, is
				// checked below.
				t.Logf("the run through the tap exited %d: %s", code, tail(stderr, 2000))
			}
			if strings.Contains(stderr, "FAIL             socket/descriptor.feature") {
				t.Errorf("a scenario over an inherited descriptor failed through the tap: the tap holds a copy of descriptor 3")
			}
			counts := map[string]int{}
			failures := 0
			files, _ := filepath.Glob(filepath.Join(dir, "*"))
			for _, file := range files {
				schema, side := driverLines, "driver"
				if strings.HasPrefix(filepath.Base(file), "in.") {
					schema, side = requests, "runner"
				}
				data, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				sc := bufio.NewScanner(bytes.NewReader(data))
				sc.Buffer(nil, 16<<20)
				for n := 1; sc.Scan(); n++ {
					line := sc.Bytes()
					counts[side]++
					countKinds(counts, line)
					v, err := jsonschema.UnmarshalJSON(bytes.NewReader(line))
					if err == nil {
						err = schema.Validate(v)
					}
					if err != nil {
						failures++
						if failures <= 10 {
							t.Errorf("%s line %s:%d does not match the schema: %s\n%v", side, filepath.Base(file), n, tail(string(line), 400), err)
						}
					}
				}
				if err := sc.Err(); err != nil {
					t.Fatalf("%s: %v", file, err)
				}
			}
			t.Logf("%s: %d runner lines and %d driver lines validated, %d failures; kinds: %v", name, counts["runner"], counts["driver"], failures, counts)
			// A tap that caught nothing, or a run that never used a part of
			// the protocol, would make this test vacuous.
			for _, kind := range []string{"runner", "driver", "op:open", "op:invoke", "op:react", "op:settle", "op:close", "react:callback", "react:returns", "event", "thrown", "hello"} {
				if counts[kind] == 0 {
					t.Errorf("the run's traffic has no %s line: the check of it proves nothing", kind)
				}
			}
		})
	}
}

// countKinds counts what a line is, to show that the traffic covers the
// whole protocol.
func countKinds(counts map[string]int, line []byte) {
	for _, k := range []struct{ key, needle string }{
		{"op:open", `"op":"open"`}, {"op:invoke", `"op":"invoke"`}, {"op:react", `"op":"react"`},
		{"op:settle", `"op":"settle"`}, {"op:close", `"op":"close"`},
		{"react:callback", `"callback":true`}, {"react:returns", `"returns":`},
		{"event", `{"event":`}, {"thrown", `"thrown":`}, {"hello", `{"hello":`}, {"error", `"error":{"message"`},
	} {
		if bytes.Contains(line, []byte(k.needle)) {
			counts[k.key]++
		}
	}
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "..." + s[len(s)-n:]
}

// buildDriver builds cmd/netconform-driver, the reference's driver, and
// returns its path.
func buildDriver(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "netconform-driver")
	cmd := exec.Command("go", "build", "-o", bin, "github.com/netconform/netconform/cmd/netconform-driver")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build cmd/netconform-driver: %v\n%s", err, out)
	}
	return bin
}
