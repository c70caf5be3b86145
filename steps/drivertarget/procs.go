package drivertarget

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// A driver runs in a process group of its own (its pid is the group's
// id), so that whatever it starts can be found after it is stopped: a
// process that outlives its driver keeps the group, even once it is
// re-parented to init.

// Proc is a process of this machine, as /proc shows it.
type Proc struct {
	PID, PPID, PGID int
	State           string // R, S, D, Z, ...
	Cmdline         string
}

func (p Proc) String() string { return fmt.Sprintf("pid %d (%s)", p.PID, p.Cmdline) }

// procs lists every process of the machine that keep matches. It reads
// /proc, which exists wherever the suite runs drivers (Linux).
func procs(keep func(Proc) bool) ([]Proc, error) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil, fmt.Errorf("listing processes: %w", err)
	}
	var out []Proc
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue // it ended since the listing
		}
		// pid (comm) state ppid pgrp ...; comm may hold spaces and ')'.
		s := string(stat)
		rest := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(rest) < 3 {
			continue
		}
		p := Proc{PID: pid, State: rest[0]}
		p.PPID, _ = strconv.Atoi(rest[1])
		p.PGID, _ = strconv.Atoi(rest[2])
		if !keep(p) {
			continue
		}
		cmd, _ := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		p.Cmdline = strings.TrimSpace(strings.ReplaceAll(string(cmd), "\x00", " "))
		if p.Cmdline == "" {
			p.Cmdline = "[" + strings.TrimSpace(s[strings.IndexByte(s, '(')+1:strings.LastIndexByte(s, ')')]) + "]"
		}
		out = append(out, p)
	}
	return out, nil
}

// Children returns the live child processes of this process: after a
// run against a driver target is closed there must be none.
func Children() ([]Proc, error) {
	me := os.Getpid()
	return procs(func(p Proc) bool { return p.PPID == me && p.State != "Z" })
}

// groupLeft waits, up to bound, for every live process of group pgid
// to end, and returns those still there; it kills them then, so that a
// leak is reported once and does not outlive the run.
func groupLeft(pgid int, bound time.Duration) []Proc {
	deadline := time.Now().Add(bound)
	for {
		left, err := procs(func(p Proc) bool { return p.PGID == pgid && p.State != "Z" })
		if err != nil || len(left) == 0 {
			return nil
		}
		remaining := time.Until(deadline)
		if remaining <= 0 {
			syscall.Kill(-pgid, syscall.SIGKILL)
			return left
		}
		waitAnyExit(left, remaining)
	}
}

// waitAnyExit returns when one of ps has ended, or after d. A pidfd
// becomes readable when its process ends, child of ours or not.
func waitAnyExit(ps []Proc, d time.Duration) {
	var fds []unix.PollFd
	for _, p := range ps {
		fd, err := unix.PidfdOpen(p.PID, 0)
		if err != nil {
			for _, f := range fds {
				unix.Close(int(f.Fd))
			}
			if err == unix.ENOSYS {
				// A kernel before 5.3 has no pidfds: look again soon.
				time.Sleep(min(d, 10*time.Millisecond))
			}
			return // ESRCH: gone already
		}
		fds = append(fds, unix.PollFd{Fd: int32(fd), Events: unix.POLLIN})
	}
	defer func() {
		for _, f := range fds {
			unix.Close(int(f.Fd))
		}
	}()
	ms := int(d.Milliseconds()) + 1
	for {
		if _, err := unix.Poll(fds, ms); err != unix.EINTR {
			return
		}
	}
}
