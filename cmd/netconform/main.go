// Command netconform runs the netconform features against an
// implementation of node:net and reports the verdicts.
//
//	netconform [--target reference] [--profile v19|v0.10] [--tags EXPR]
//	           [--format progress,cucumber:reports/out/cucumber.json,junit:reports/out/junit.xml]
//	           [--concurrency N] [--timeout 5s] [paths...]
//
// It exits 0 when every scenario passed, 1 when one failed, and 2 on bad
// usage.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/netconform/netconform/features"
	"github.com/netconform/netconform/steps"
	"github.com/netconform/netconform/steps/reftarget"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("netconform", flag.ContinueOnError)
	fl.SetOutput(stderr)
	target := fl.String("target", "reference", "the implementation to check: reference")
	profile := fl.String("profile", "v19", "the documented version to hold it to: v19 or v0.10")
	tags := fl.String("tags", "", `run only scenarios matching this tag expression, e.g. "@area:server && ~@os:linux"`)
	format := fl.String("format", "progress", "godog formats, comma-separated; a file per format with name:path (pretty, progress, cucumber, junit, events)")
	concurrency := fl.Int("concurrency", 1, "scenarios run at once")
	timeout := fl.Duration("timeout", steps.DefaultTimeout, "bound of every wait of a step")
	random := fl.Int64("random", 0, "run scenarios in a random order from this seed (-1: a new seed)")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	tgt, err := newTarget(*target)
	if err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	defer tgt.Close()
	fmtSpec, err := prepareFormats(*format)
	if err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	start := time.Now()
	status, err := steps.Run(steps.RunOptions{
		Config:      steps.Config{Target: tgt, Profile: *profile, Timeout: *timeout},
		FS:          features.FS,
		Paths:       fl.Args(),
		Tags:        *tags,
		Format:      fmtSpec,
		Concurrency: *concurrency,
		Output:      stdout,
		Randomize:   *random,
	})
	if err != nil {
		fmt.Fprintln(stderr, "netconform:", err)
		return 2
	}
	fmt.Fprintf(stderr, "netconform: target %s, profile %s: %s in %s\n", tgt.Name(), *profile,
		map[bool]string{true: "passed", false: "FAILED"}[status == 0], time.Since(start).Round(time.Millisecond))
	if status != 0 {
		return 1
	}
	return 0
}

func newTarget(name string) (steps.Target, error) {
	switch name {
	case "reference":
		return reftarget.New(), nil
	}
	return nil, fmt.Errorf("unknown target %q (known: reference)", name)
}

// prepareFormats checks the format list and creates the folders of the
// files it names.
func prepareFormats(spec string) (string, error) {
	known := map[string]bool{"pretty": true, "progress": true, "cucumber": true, "junit": true, "events": true}
	for _, f := range strings.Split(spec, ",") {
		name, path, hasPath := strings.Cut(f, ":")
		if !known[name] {
			return "", fmt.Errorf("unknown format %q (known: pretty, progress, cucumber, junit, events)", name)
		}
		if hasPath {
			if path == "" {
				return "", fmt.Errorf("format %q names no file", f)
			}
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return "", fmt.Errorf("format %q: %w", f, err)
			}
		}
	}
	return spec, nil
}
