// Package leakcheck finds what a piece of work left behind in this
// process: goroutines that carry its pprof label, and file descriptors
// it opened and did not close. Goroutines and descriptors end a little
// after the work that owns them is done, so every check waits, bounded
// by a context, for them to go before it calls them leaked.
package leakcheck

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Goroutines is a group of goroutines with one stack and one label set,
// as the runtime's goroutine profile groups them.
type Goroutines struct {
	Count  int
	Labels string   // as the profile writes them: {"key":"value", ...}
	Stack  []string // frames, innermost first: "function file:line"
}

// Top returns the innermost frame outside the runtime: the code the
// goroutine is stuck in.
func (g Goroutines) Top() string {
	for _, f := range g.Stack {
		if !strings.HasPrefix(f, "runtime.") && !strings.HasPrefix(f, "internal/") {
			return f
		}
	}
	if len(g.Stack) > 0 {
		return g.Stack[0]
	}
	return "(no stack)"
}

func (g Goroutines) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d goroutine(s) at %s\n", g.Count, g.Top())
	for _, f := range g.Stack {
		b.WriteString("      " + f + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

// Labelled returns the goroutines whose pprof labels include key=value.
func Labelled(key, value string) ([]Goroutines, error) {
	var buf bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&buf, 1); err != nil {
		return nil, fmt.Errorf("goroutine profile: %w", err)
	}
	needle := strconv.Quote(key) + ":" + strconv.Quote(value)
	var out []Goroutines
	for _, g := range parseProfile(buf.Bytes()) {
		if containsLabel(g.Labels, needle) {
			out = append(out, g)
		}
	}
	return out, nil
}

// containsLabel reports whether labels ({"a":"1", "b":"2"}) has the
// pair needle ("a":"1") whole.
func containsLabel(labels, needle string) bool {
	for rest := labels; ; {
		i := strings.Index(rest, needle)
		if i < 0 {
			return false
		}
		before, after := rest[:i], rest[i+len(needle):]
		if (strings.HasSuffix(before, "{") || strings.HasSuffix(before, " ")) &&
			(strings.HasPrefix(after, ",") || strings.HasPrefix(after, "}")) {
			return true
		}
		rest = after
	}
}

// parseProfile reads the goroutine profile in its debug=1 form: records
// "N @ addresses", an optional "# labels: {...}" line, and "#\taddr\tfunc+off\tfile:line" frames.
func parseProfile(data []byte) []Goroutines {
	var out []Goroutines
	var cur *Goroutines
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.Contains(line, " @ ") && !strings.HasPrefix(line, "#"):
			n, err := strconv.Atoi(strings.TrimSpace(line[:strings.Index(line, " @ ")]))
			if err != nil {
				continue
			}
			out = append(out, Goroutines{Count: n})
			cur = &out[len(out)-1]
		case cur == nil:
		case strings.HasPrefix(line, "# labels: "):
			cur.Labels = strings.TrimPrefix(line, "# labels: ")
		case strings.HasPrefix(line, "#\t"):
			f := strings.Split(line, "\t")
			if len(f) >= 4 {
				fn := f[2]
				if i := strings.LastIndex(fn, "+0x"); i > 0 {
					fn = fn[:i]
				}
				cur.Stack = append(cur.Stack, fn+" "+f[3])
			}
		}
	}
	return out
}

// WaitLabelled waits until no goroutine carries key=value, or ctx ends;
// it returns the goroutines still there then.
func WaitLabelled(ctx context.Context, key, value string) ([]Goroutines, error) {
	var left []Goroutines
	err := poll(ctx, func() (bool, error) {
		var err error
		left, err = Labelled(key, value)
		return len(left) == 0, err
	})
	if err != nil && !isCtx(err) {
		return nil, err
	}
	return left, nil
}

// Descriptors maps every open file descriptor of this process to what
// /proc/self/fd says it is ("socket:[1234]", "/dev/null", ...).
func Descriptors() (map[int]string, error) {
	dir := "/proc/self/fd"
	f, err := os.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("listing file descriptors: %w", err)
	}
	names, err := f.Readdirnames(-1)
	own := int(f.Fd())
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("listing file descriptors: %w", err)
	}
	out := make(map[int]string, len(names))
	for _, n := range names {
		fd, err := strconv.Atoi(n)
		if err != nil || fd == own {
			continue
		}
		target, err := os.Readlink(dir + "/" + n)
		if err != nil {
			continue // closed since the listing
		}
		out[fd] = target
	}
	return out, nil
}

// Descriptor is one file descriptor and what it refers to.
type Descriptor struct {
	FD     int
	Target string // the /proc/self/fd link: "socket:[1234]", a path, ...
}

func (d Descriptor) String() string { return fmt.Sprintf("fd %d -> %s", d.FD, d.Target) }

// Opened returns the descriptors open now that were not open, as the
// same thing, in before.
func Opened(before map[int]string) ([]Descriptor, error) {
	now, err := Descriptors()
	if err != nil {
		return nil, err
	}
	var out []Descriptor
	for fd, target := range now {
		if before[fd] != target {
			out = append(out, Descriptor{fd, target})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].FD < out[j].FD })
	return out, nil
}

// WaitClosed waits until every descriptor opened since before is closed
// again, or ctx ends; it returns those still open then.
func WaitClosed(ctx context.Context, before map[int]string) ([]Descriptor, error) {
	var left []Descriptor
	err := poll(ctx, func() (bool, error) {
		var err error
		left, err = Opened(before)
		return len(left) == 0, err
	})
	if err != nil && !isCtx(err) {
		return nil, err
	}
	return left, nil
}

// StillOpen returns those of ds that are open now and still refer to
// the same thing. A descriptor number can be reused once closed; a
// socket's inode, which the link names, is not reused so soon.
func StillOpen(ds []Descriptor) []Descriptor {
	var out []Descriptor
	for _, d := range ds {
		if target, err := os.Readlink("/proc/self/fd/" + strconv.Itoa(d.FD)); err == nil && target == d.Target {
			out = append(out, d)
		}
	}
	return out
}

// Target returns what descriptor fd refers to now, or "" if it is not
// open.
func Target(fd int) string {
	t, _ := os.Readlink("/proc/self/fd/" + strconv.Itoa(fd))
	return t
}

// WaitStillOpen waits until none of ds is open as it was, or ctx ends;
// it returns those still open then.
func WaitStillOpen(ctx context.Context, ds []Descriptor) []Descriptor {
	var left []Descriptor
	poll(ctx, func() (bool, error) {
		left = StillOpen(ds)
		return len(left) == 0, nil
	})
	return left
}

// Prime creates the process's lasting network resources (the runtime's
// poller and its wake-up descriptor) that the first use of the network
// opens once and keeps, so that a check of the descriptors a piece of
// work opened does not count them.
func Prime() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("priming the network poller: %w", err)
	}
	return ln.Close()
}

// poll calls done until it reports true, backing off from 1 ms to 50 ms
// between calls: nothing signals that a goroutine has returned or that
// the kernel has released a descriptor, so the checks look again until
// ctx ends.
func poll(ctx context.Context, done func() (bool, error)) error {
	wait := time.Millisecond
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		ok, err := done()
		if err != nil || ok {
			return err
		}
		t.Reset(wait)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
		wait = min(2*wait, 50*time.Millisecond)
	}
}

func isCtx(err error) bool { return err == context.DeadlineExceeded || err == context.Canceled }
