package steps

import (
	"context"
	"errors"
	"fmt"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"

	"go.uber.org/goleak"

	"github.com/netconform/netconform/steps/leakcheck"
)

// scenarioLabel is the pprof label that marks every goroutine a
// scenario's session starts: goroutines inherit their creator's labels,
// so those the implementation starts, and those they start, carry it too.
const scenarioLabel = "netconform-scenario"

var scenarios atomic.Int64

// leakWatch holds what one scenario against an in-process target is
// checked against once it ends.
//
// Scenarios run side by side in one process (--concurrency), so what
// the whole process holds says nothing about one of them. Two checks
// hold at any concurrency: goroutines are counted by the scenario's
// label, and the session (a LeakChecker) checks the descriptors its own
// objects held. When scenarios run one at a time, the process as a
// whole must also come back to where it was: the same goroutines
// (goleak) and the same file descriptors (/proc/self/fd).
type leakWatch struct {
	label      string
	goroutines goleak.Option  // the goroutines before, when exclusive
	fds        map[int]string // the descriptors before, when exclusive
}

// watchLeaks labels the calling goroutine, which opens the session and
// runs the steps, and takes the process's baseline if exclusive.
func watchLeaks(ctx context.Context, exclusive bool) (*leakWatch, error) {
	lw := &leakWatch{label: strconv.FormatInt(scenarios.Add(1), 10)}
	if exclusive {
		fds, err := leakcheck.Descriptors()
		if err != nil {
			return nil, err
		}
		lw.fds = fds
		lw.goroutines = goleak.IgnoreCurrent()
	}
	pprof.SetGoroutineLabels(pprof.WithLabels(ctx, pprof.Labels(scenarioLabel, lw.label)))
	return lw, nil
}

// check removes the label from the calling goroutine and reports what
// the scenario left behind, waiting within ctx for what is ending.
func (lw *leakWatch) check(ctx context.Context, sess Session) error {
	pprof.SetGoroutineLabels(context.Background())
	var problems []string
	left, err := leakcheck.WaitLabelled(ctx, scenarioLabel, lw.label)
	if err != nil {
		return err
	}
	for _, g := range left {
		problems = append(problems, "goroutine left running: "+g.String())
	}
	if lc, ok := sess.(LeakChecker); ok {
		if err := lc.CheckLeaks(ctx); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if lw.fds != nil {
		open, err := leakcheck.WaitClosed(ctx, lw.fds)
		if err != nil {
			return err
		}
		for _, d := range open {
			problems = append(problems, "file descriptor left open: "+d.String())
		}
		if err := goleak.Find(lw.goroutines); err != nil && len(left) == 0 {
			// The labelled ones are named above already.
			problems = append(problems, "goroutine left running: "+err.Error())
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return errors.New("leak: " + strings.Join(problems, "\n  "))
}

// warmUp opens and closes one session of an in-process target, and
// starts the network poller, before the first baseline: what the process
// opens once and keeps (the poller's descriptors, the reference's
// reserve descriptor) is no scenario's leak.
func warmUp(cfg Config) error {
	ctx, cancel := context.WithTimeout(context.Background(), DefaultTimeout)
	defer cancel()
	if err := leakcheck.Prime(); err != nil {
		return err
	}
	s, err := cfg.Target.Open(ctx, SessionOptions{Profile: cfg.Profile, Baseline: cfg.baseline()}, func(Event) {})
	if err != nil {
		return fmt.Errorf("target %s: cannot open a session: %w", cfg.Target.Name(), err)
	}
	return s.Close(ctx)
}
