package steps

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
)

// Log keeps every event of a session in order and lets steps wait, with
// a bound, for an event to arrive. A session's sink appends to it from
// any goroutine.
type Log struct {
	mu     sync.Mutex
	events []Event
	wake   chan struct{} // closed and replaced on every append
}

// NewLog returns an empty log.
func NewLog() *Log { return &Log{wake: make(chan struct{})} }

// Append records e; it is the sink a session is opened with.
func (l *Log) Append(e Event) {
	l.mu.Lock()
	l.events = append(l.events, e)
	close(l.wake)
	l.wake = make(chan struct{})
	l.mu.Unlock()
}

// Snapshot returns the events so far.
func (l *Log) Snapshot() []Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Event(nil), l.events...)
}

// LastSeq returns the sequence number of the newest event an
// implementation numbered; a driver fault, reported with Seq -1, has none.
func (l *Log) LastSeq() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := len(l.events) - 1; i >= 0; i-- {
		if l.events[i].Seq >= 0 {
			return l.events[i].Seq
		}
	}
	return 0
}

// WaitFor waits until cond, given the events so far, reports done; it
// returns the last snapshot it saw and ctx's error if it gave up.
func (l *Log) WaitFor(ctx context.Context, cond func([]Event) bool) ([]Event, error) {
	for {
		l.mu.Lock()
		events := append([]Event(nil), l.events...)
		wake := l.wake
		l.mu.Unlock()
		if cond(events) {
			return events, nil
		}
		select {
		case <-wake:
		case <-ctx.Done():
			return events, ctx.Err()
		}
	}
}

// The bounds of what Render shows: events, and bytes of one event.
const (
	maxRendered      = 200
	maxRenderedEvent = 1000
)

// Render writes the events grouped by object, in order, for failure
// messages: a reader sees what every object of the scenario did.
func Render(events []Event) string {
	if len(events) == 0 {
		return "  (no events)\n"
	}
	// A failure message goes into every report: past maxRendered events
	// it shows the first and the last, and says how many it left out.
	omitted := 0
	if len(events) > maxRendered {
		omitted = len(events) - maxRendered
		events = append(append([]Event(nil), events[:maxRendered*3/4]...), events[len(events)-maxRendered/4:]...)
	}
	byObject := map[string][]Event{}
	var order []string
	for _, e := range events {
		if _, ok := byObject[e.Object]; !ok {
			order = append(order, e.Object)
		}
		byObject[e.Object] = append(byObject[e.Object], e)
	}
	sort.SliceStable(order, func(i, j int) bool { return order[i] < order[j] })
	var b strings.Builder
	for _, obj := range order {
		fmt.Fprintf(&b, "  %s:\n", obj)
		for _, e := range byObject[obj] {
			line := e.String()
			if len(line) > maxRenderedEvent {
				line = strings.ToValidUTF8(line[:maxRenderedEvent], "") + fmt.Sprintf("... (%d more bytes)", len(line)-maxRenderedEvent)
			}
			fmt.Fprintf(&b, "    %s\n", line)
		}
	}
	if omitted > 0 {
		fmt.Fprintf(&b, "  (%d events in the middle not shown)\n", omitted)
	}
	return b.String()
}
