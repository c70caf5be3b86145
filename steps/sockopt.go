// Reading the options of an implementation's socket from the kernel.

package steps

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// ProcessOwner is implemented by a Session whose objects live in a process
// the runner may inspect (its own, or a driver it started): Pid names it.
type ProcessOwner interface {
	Pid() int
}

// SocketOptions are the TCP options of a socket as the kernel reports
// them, read with getsockopt on a duplicate of its descriptor.
type SocketOptions struct {
	NoDelay, KeepAlive           bool
	KeepIdle, KeepIntvl, KeepCnt int
}

// ReadSocketOptions finds, in process pid, the TCP socket whose local and
// remote ports are the given ones, duplicates its descriptor
// (pidfd_getfd, which needs the right to ptrace the process: the runner's
// own children and itself), and reads its options.
func ReadSocketOptions(pid, localPort, remotePort int) (SocketOptions, error) {
	var so SocketOptions
	inode, err := socketInode(pid, localPort, remotePort)
	if err != nil {
		return so, err
	}
	fd, err := descriptorOf(pid, inode)
	if err != nil {
		return so, err
	}
	pidfd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		return so, fmt.Errorf("pidfd_open(%d): %w", pid, err)
	}
	defer unix.Close(pidfd)
	dup, err := unix.PidfdGetfd(pidfd, fd, 0)
	if err != nil {
		return so, fmt.Errorf("pidfd_getfd(%d, %d): %w", pid, fd, err)
	}
	defer unix.Close(dup)
	get := func(level, opt int, name string) (int, error) {
		v, err := unix.GetsockoptInt(dup, level, opt)
		if err != nil {
			return 0, fmt.Errorf("getsockopt %s: %w", name, err)
		}
		return v, nil
	}
	var v int
	if v, err = get(unix.IPPROTO_TCP, unix.TCP_NODELAY, "TCP_NODELAY"); err != nil {
		return so, err
	}
	so.NoDelay = v != 0
	if v, err = get(unix.SOL_SOCKET, unix.SO_KEEPALIVE, "SO_KEEPALIVE"); err != nil {
		return so, err
	}
	so.KeepAlive = v != 0
	if so.KeepIdle, err = get(unix.IPPROTO_TCP, unix.TCP_KEEPIDLE, "TCP_KEEPIDLE"); err != nil {
		return so, err
	}
	if so.KeepIntvl, err = get(unix.IPPROTO_TCP, unix.TCP_KEEPINTVL, "TCP_KEEPINTVL"); err != nil {
		return so, err
	}
	if so.KeepCnt, err = get(unix.IPPROTO_TCP, unix.TCP_KEEPCNT, "TCP_KEEPCNT"); err != nil {
		return so, err
	}
	return so, nil
}

// UnreadBytes returns how many received bytes wait in the kernel for the
// process to read them, on its TCP socket from localPort to remotePort
// (the rx_queue of /proc/<pid>/net/tcp).
func UnreadBytes(pid, localPort, remotePort int) (int, error) {
	fields, err := tcpEntry(pid, localPort, remotePort)
	if err != nil {
		return 0, err
	}
	_, rx, ok := strings.Cut(fields[4], ":")
	if !ok {
		return 0, fmt.Errorf("unreadable queue field %q", fields[4])
	}
	n, err := strconv.ParseInt(rx, 16, 64)
	return int(n), err
}

// socketInode looks the connection up in the process's view of
// /proc/net/tcp and tcp6 (ports are hex, fields 1 and 2 are local and
// remote address:port, field 9 the inode).
func socketInode(pid, localPort, remotePort int) (string, error) {
	fields, err := tcpEntry(pid, localPort, remotePort)
	if err != nil {
		return "", err
	}
	return fields[9], nil
}

// tcpEntry returns the fields of the connection's line in the process's
// /proc/net/tcp or tcp6.
func tcpEntry(pid, localPort, remotePort int) ([]string, error) {
	for _, table := range []string{"tcp", "tcp6"} {
		f, err := os.Open(fmt.Sprintf("/proc/%d/net/%s", pid, table))
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) < 10 || fields[0] == "sl" {
				continue
			}
			if hexPort(fields[1]) == localPort && hexPort(fields[2]) == remotePort && fields[9] != "0" {
				f.Close()
				return fields, nil
			}
		}
		f.Close()
	}
	return nil, fmt.Errorf("no TCP socket from port %d to port %d in process %d", localPort, remotePort, pid)
}

func hexPort(addr string) int {
	_, port, ok := strings.Cut(addr, ":")
	if !ok {
		return -1
	}
	n, err := strconv.ParseInt(port, 16, 32)
	if err != nil {
		return -1
	}
	return int(n)
}

// descriptorOf finds the descriptor of process pid that is the socket
// with the inode.
func descriptorOf(pid int, inode string) (int, error) {
	dir := fmt.Sprintf("/proc/%d/fd", pid)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, err
	}
	want := "socket:[" + inode + "]"
	for _, e := range entries {
		if link, err := os.Readlink(filepath.Join(dir, e.Name())); err == nil && link == want {
			return strconv.Atoi(e.Name())
		}
	}
	return 0, fmt.Errorf("process %d holds no descriptor of socket %s", pid, inode)
}
