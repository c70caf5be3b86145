package drivertarget

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
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

// becomeSubreaper makes this process the one that inherits every orphan
// of its descendants, instead of init: a driver's child that calls
// setsid leaves the driver's process group, but once the driver ends it
// is re-parented here, where the leftover check finds it.
var becomeSubreaper = sync.OnceValue(func() error {
	return unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
})

// tree lists the live processes of a driver: those below pid by parent
// links, and every member of pid's process group (which a process keeps
// when its parent ends).
func tree(pid int) ([]Proc, error) {
	all, err := procs(func(p Proc) bool { return p.State != "Z" })
	if err != nil {
		return nil, err
	}
	children := map[int][]int{}
	byPID := map[int]Proc{}
	for _, p := range all {
		children[p.PPID] = append(children[p.PPID], p.PID)
		byPID[p.PID] = p
	}
	in := map[int]bool{}
	queue := []int{pid}
	for len(queue) > 0 {
		q := queue[0]
		queue = queue[1:]
		for _, c := range children[q] {
			if !in[c] {
				in[c] = true
				queue = append(queue, c)
			}
		}
	}
	for _, p := range all {
		if p.PGID == pid && p.PID != pid {
			in[p.PID] = true
		}
	}
	var out []Proc
	for id := range in {
		// A descendant's own descendants were found by the walk.
		out = append(out, byPID[id])
	}
	sort.Slice(out, func(i, j int) bool { return out[i].PID < out[j].PID })
	return out, nil
}

// killAll sends SIGKILL to every process of ps and reaps those that are
// this process's children (orphans re-parented to it), so that none is
// left as a zombie.
func killAll(ps []Proc) {
	me := os.Getpid()
	for _, p := range ps {
		syscall.Kill(p.PID, syscall.SIGKILL)
	}
	for _, p := range ps {
		if p.PPID == me {
			var ws unix.WaitStatus
			unix.Wait4(p.PID, &ws, 0, nil)
		}
	}
}

// alive returns those of ps still running.
func alive(ps []Proc) []Proc {
	var out []Proc
	for _, p := range ps {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(p.PID) + "/stat")
		if err != nil {
			continue
		}
		s := string(b)
		rest := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(rest) > 0 && rest[0] != "Z" {
			out = append(out, p)
		}
	}
	return out
}

// reap reaps those of ps that ended as zombies of this process: orphans
// of drivers, re-parented to it (see becomeSubreaper).
func reap(ps []Proc) {
	me := strconv.Itoa(os.Getpid())
	for _, p := range ps {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(p.PID) + "/stat")
		if err != nil {
			continue
		}
		s := string(b)
		rest := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(rest) > 1 && rest[0] == "Z" && rest[1] == me {
			var ws unix.WaitStatus
			unix.Wait4(p.PID, &ws, unix.WNOHANG, nil)
		}
	}
}
