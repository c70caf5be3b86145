package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/netconform/netconform/internal/xsdcheck"
)

// workflow is the part of a GitHub Actions workflow the CI test runs.
type workflow struct {
	Env  map[string]string `yaml:"env"`
	Jobs map[string]struct {
		Needs    any `yaml:"needs"`
		Strategy struct {
			Matrix map[string][]any `yaml:"matrix"`
		} `yaml:"strategy"`
		Steps []struct {
			Name string `yaml:"name"`
			Uses string `yaml:"uses"`
			Run  string `yaml:"run"`
		} `yaml:"steps"`
	} `yaml:"jobs"`
}

// ciWorkflow reads the workflow of docs/ci.md: its one yaml block.
func ciWorkflow(t *testing.T, root string) workflow {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join(root, "docs", "ci.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllSubmatch(doc, -1)
	if len(blocks) != 1 {
		t.Fatalf("docs/ci.md has %d yaml blocks, want the one workflow", len(blocks))
	}
	var wf workflow
	if err := yaml.Unmarshal(blocks[0][1], &wf); err != nil {
		t.Fatalf("docs/ci.md's workflow: %v", err)
	}
	return wf
}

// installLine is the workflow's install step; from a clone of this
// repository the test installs the clone's netconform instead, as the
// module is not fetched from the network in a test.
const installLine = "go install github.com/netconform/netconform/cmd/netconform@latest"

// TestCIWorkflowRunsAgainstTheExamplePort runs the workflow of
// docs/ci.md step by step, from a clean copy of the repository, against
// the example port (examples/port): the conformance job once per shard,
// then the report job. The actions (uses:) are what the copy already is:
// checkout is the copy, setup-go the Go running the test, and the
// artifacts stay in reports/ where the next job reads them.
func TestCIWorkflowRunsAgainstTheExamplePort(t *testing.T) {
	if testing.Short() {
		t.Skip("installs netconform and runs the suite through the example port")
	}
	for _, tool := range []string{"bash", "git", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s: %v", tool, err)
		}
	}
	start := time.Now()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	clone := filepath.Join(t.TempDir(), "port")
	copyCheckout(t, root, clone)
	wf := ciWorkflow(t, clone)
	gobin := filepath.Join(t.TempDir(), "gobin")
	env := append(os.Environ(), "GOBIN="+gobin, "PATH="+gobin+string(os.PathListSeparator)+os.Getenv("PATH"), "NO_COLOR=1")
	for k, v := range wf.Env {
		env = append(env, k+"="+v)
	}
	installs := 0
	runJob := func(job string, matrix map[string]string) {
		for _, st := range wf.Jobs[job].Steps {
			if st.Uses != "" {
				continue
			}
			script := st.Run
			if strings.Contains(script, installLine) {
				script = strings.ReplaceAll(script, installLine, "go install ./cmd/netconform")
				installs++
			}
			for k, v := range matrix {
				script = strings.ReplaceAll(script, "${{ matrix."+k+" }}", v)
			}
			if strings.Contains(script, "${{") {
				t.Fatalf("step %q: an expression the test cannot fill: %s", st.Name, script)
			}
			cmd := exec.Command("bash", "-eo", "pipefail", "-c", script)
			cmd.Dir, cmd.Env = clone, env
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			stepStart := time.Now()
			if err := cmd.Run(); err != nil {
				t.Fatalf("job %s %v, step %q failed (%v):\n%s\n%s", job, matrix, st.Name, err, script, tail(out.String(), 4000))
			}
			t.Logf("job %s %v: %q ok in %s", job, matrix, st.Name, time.Since(stepStart).Round(time.Millisecond))
		}
	}
	shards := wf.Jobs["conformance"].Strategy.Matrix["shard"]
	if len(shards) < 2 || wf.Env["SHARDS"] != fmt.Sprint(len(shards)) {
		t.Fatalf("the workflow runs shards %v of SHARDS=%s", shards, wf.Env["SHARDS"])
	}
	for _, s := range shards {
		runJob("conformance", map[string]string{"shard": fmt.Sprint(s)})
	}
	runJob("report", nil)
	if installs != len(shards)+1 {
		t.Errorf("the install step ran %d times, want once per job (%d)", installs, len(shards)+1)
	}

	// What CI would publish: valid JUnit per shard, no failure, and
	// together every scenario of the profile; the merged matrix.
	schema, err := xsdcheck.JUnitSchema()
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, s := range shards {
		data, err := os.ReadFile(filepath.Join(clone, "reports", fmt.Sprintf("junit-%v.xml", s)))
		if err != nil {
			t.Fatal(err)
		}
		if errs := schema.Validate(data); len(errs) > 0 {
			t.Errorf("junit-%v.xml: %s", s, strings.Join(errs, "\n"))
		}
		var doc struct {
			Tests    int `xml:"tests,attr"`
			Failures int `xml:"failures,attr"`
			Errors   int `xml:"errors,attr"`
		}
		if err := xml.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Failures != 0 || doc.Errors != 0 || doc.Tests == 0 {
			t.Errorf("junit-%v.xml: tests %d failures %d errors %d", s, doc.Tests, doc.Failures, doc.Errors)
		}
		total += doc.Tests
	}
	var dry bytes.Buffer
	if code := run([]string{"--dry-run"}, &dry, io.Discard); code != 0 {
		t.Fatal("--dry-run failed")
	}
	if want := strings.Count(dry.String(), "\n"); total != want {
		t.Errorf("the shards ran %d scenarios together, the suite has %d", total, want)
	}
	for _, f := range []string{"matrix.md", "matrix.html"} {
		if fi, err := os.Stat(filepath.Join(clone, "reports", "matrix", f)); err != nil || fi.Size() == 0 {
			t.Errorf("the report job wrote no %s: %v", f, err)
		}
	}
	t.Logf("the docs/ci.md workflow passed against the example port: %d scenarios over %d shards, in %s", total, len(shards), time.Since(start).Round(time.Millisecond))
}

// copyCheckout copies the files git knows of (tracked, or new and not
// ignored) from root to dst: what a clean clone with the working tree's
// changes would hold.
func copyCheckout(t *testing.T, root, dst string) {
	t.Helper()
	cmd := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	for _, rel := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		src := filepath.Join(root, rel)
		fi, err := os.Lstat(src)
		if err != nil || !fi.Mode().IsRegular() {
			continue // deleted in the working tree, or not a plain file
		}
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dst, rel)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, rel), data, fi.Mode().Perm()); err != nil {
			t.Fatal(err)
		}
	}
}
