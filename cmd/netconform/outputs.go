package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/netconform/netconform/steps"
	"github.com/netconform/netconform/steps/drivertarget"
)

// outputs are the files a run writes. Each is written to a temp file
// beside it and renamed into place when the run ends, so that a run that
// fails or is interrupted half-way never leaves a report cut short, and
// two runs into one folder each leave whole files. Every path is checked
// (its folder made, a file created in it) before the run starts.
type outputs struct {
	mu    sync.Mutex
	files []outFile
}

type outFile struct {
	label, final, temp string
	abs                string
}

// add reserves path for what label writes and returns the path to write
// to: a temp file beside it, or path itself when it is not a regular
// file (/dev/null, /dev/stdout).
func (o *outputs) add(label, path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("%s: %w", label, err)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, f := range o.files {
		if f.abs == abs {
			return "", fmt.Errorf("%s and %s both write %s: give each its own file", f.label, label, path)
		}
	}
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return "", fmt.Errorf("%s: %s is a folder, not a file", label, path)
		}
		o.files = append(o.files, outFile{label: label, final: path, abs: abs})
		return path, nil
	}
	dir := filepath.Dir(path)
	if err := makeFolders(dir); err != nil {
		return "", fmt.Errorf("%s: %w", label, err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return "", fmt.Errorf("%s: cannot write beside %s: %w", label, path, err)
	}
	tmp.Close()
	o.files = append(o.files, outFile{label: label, final: path, temp: tmp.Name(), abs: abs})
	return tmp.Name(), nil
}

// commit renames every temp file into place.
func (o *outputs) commit() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	var errs []error
	for i, f := range o.files {
		if f.temp == "" {
			continue
		}
		// A temp file is made with mode 0600; a report is for reading.
		os.Chmod(f.temp, 0o644)
		if err := os.Rename(f.temp, f.final); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f.label, err))
			os.Remove(f.temp)
		}
		o.files[i].temp = ""
	}
	return errors.Join(errs...)
}

// discard removes every temp file not yet renamed.
func (o *outputs) discard() {
	o.mu.Lock()
	defer o.mu.Unlock()
	for i, f := range o.files {
		if f.temp != "" {
			os.Remove(f.temp)
			o.files[i].temp = ""
		}
	}
}

// prepareFormats checks the format list, reserves the file of each
// format that names one, and returns the list godog is to write: the
// same formats, into the temp files.
func prepareFormats(spec string, outs *outputs) (string, error) {
	known := map[string]bool{"pretty": true, "progress": true, "cucumber": true, "junit": true, "events": true}
	var out []string
	for _, f := range strings.Split(spec, ",") {
		name, path, hasPath := strings.Cut(f, ":")
		if !known[name] {
			return "", fmt.Errorf("unknown format %q (known: pretty, progress, cucumber, junit, events)", name)
		}
		if hasPath {
			if path == "" {
				return "", fmt.Errorf("format %q names no file", f)
			}
			tmp, err := outs.add("format "+name, path)
			if err != nil {
				return "", err
			}
			f = name + ":" + tmp
		}
		out = append(out, f)
	}
	return strings.Join(out, ","), nil
}

// interrupts turns SIGINT and SIGTERM into a stop of the run: every
// driver killed at once, the scenarios not begun skipped, the reports of
// what ran written, and the exit status 130 or 143. Should the run not
// end within forceAfter, its temp files are removed and it exits anyway.
type interrupts struct {
	mu       sync.Mutex
	sig      os.Signal
	targets  []func()
	cleanups []func()
	ch       chan os.Signal
}

// forceAfter bounds how long a run may take to end after a signal.
const forceAfter = 3 * time.Second

func watchSignals() *interrupts {
	in := &interrupts{ch: make(chan os.Signal, 2)}
	signal.Notify(in.ch, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		for sig := range in.ch {
			in.mu.Lock()
			first := in.sig == nil
			if first {
				in.sig = sig
			}
			targets := append([]func(){}, in.targets...)
			in.mu.Unlock()
			for _, stop := range targets {
				stop()
			}
			if first {
				time.AfterFunc(forceAfter, func() {
					fmt.Fprintf(os.Stderr, "netconform: interrupted by %s; the run did not end within %s, exiting\n", sig, forceAfter)
					in.runCleanups()
					os.Exit(in.status())
				})
			}
		}
	}()
	return in
}

func (in *interrupts) stop() { signal.Stop(in.ch) }

// interrupted returns the signal received, or nil.
func (in *interrupts) interrupted() os.Signal {
	if in == nil {
		return nil
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.sig
}

// status is the exit status of a run stopped by the signal: 128 + its
// number.
func (in *interrupts) status() int {
	if s, ok := in.interrupted().(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 1
}

// watch makes an interrupt stop tgt, and returns tgt as the run is to
// use it.
func (in *interrupts) watch(tgt steps.Target) steps.Target {
	if in == nil {
		return tgt
	}
	var stop func()
	switch t := tgt.(type) {
	case *drivertarget.Target:
		stop = t.Interrupt
	case steps.InProcess:
		s := &stoppable{InProcess: t}
		stop, tgt = s.interrupt, s
	default:
		return tgt
	}
	in.mu.Lock()
	in.targets = append(in.targets, stop)
	sig := in.sig
	in.mu.Unlock()
	if sig != nil {
		stop()
	}
	return tgt
}

// onForce registers what a forced exit must still remove.
func (in *interrupts) onForce(f func()) {
	if in == nil {
		return
	}
	in.mu.Lock()
	in.cleanups = append(in.cleanups, f)
	in.mu.Unlock()
}

func (in *interrupts) runCleanups() {
	in.mu.Lock()
	cs := append([]func(){}, in.cleanups...)
	in.mu.Unlock()
	for _, f := range cs {
		f()
	}
}

// stoppable is an in-process target whose scenarios not begun are
// skipped once the run is interrupted.
type stoppable struct {
	steps.InProcess
	mu      sync.Mutex
	stopped bool
}

func (s *stoppable) interrupt() {
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
}

func (s *stoppable) Open(ctx context.Context, opts steps.SessionOptions, sink func(steps.Event)) (steps.Session, error) {
	s.mu.Lock()
	stopped := s.stopped
	s.mu.Unlock()
	if stopped {
		return nil, drivertarget.ErrInterrupted
	}
	return s.InProcess.Open(ctx, opts, sink)
}
