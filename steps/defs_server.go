package steps

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/netconform/netconform/jsval"
)

// registerServerSteps adds the steps only net.Server features use.
func (w *world) registerServerSteps(step func(pattern string, fn any)) {
	step(`^a temporary socket path as (\w+)$`, w.tempSocketPath)
	step(`^a temporary socket path of (\d+) bytes as (\w+)$`, w.tempSocketPathOfLength)
	step(`^a regular file at (\w+)$`, w.regularFile)
	step(`^the file at (\w+) is a (regular file|socket|directory)$`, w.fileKind)
	step(`^I set (\w+)\.(\w+) to (.+)$`, w.setProperty)
	step(`^the file at (\w+) (exists|does not exist)$`, w.fileExists)
	step(`^the file at (\w+) has mode bits (0o[0-7]+)$`, w.fileModeBits)
	step(`^the file at (\w+) gives group and others (0o[0-7]+)$`, w.filePermissions)
	step(`^a Unix domain socket client connects to (\w+)$`, w.unixClient)
	step(`^(\w+) emits '([\w-]+)' before (\w+) emits '([\w-]+)'$`, w.emitsBeforeOther)
	step(`^(\w+) is not called$`, func(fn string) error { return w.doesNotEmit(fn, "call") })
}

// tempSocketPath saves, as name, a path for a Unix domain socket in a
// directory of the scenario's own, removed when the scenario ends. The
// file is not created: the scenario's server creates it.
func (w *world) tempSocketPath(name string) error {
	// sun_path holds 107 bytes on Linux, 103 on macOS: a long $TMPDIR
	// would not do.
	base := ""
	if len(os.TempDir()) > 60 {
		base = "/tmp"
	}
	dir, err := os.MkdirTemp(base, "netconform-")
	if err != nil {
		return fmt.Errorf("a temporary socket path: %w", err)
	}
	w.cleanups = append(w.cleanups, func() { os.RemoveAll(dir) })
	w.vars[name] = filepath.Join(dir, name+".sock")
	return nil
}

// tempSocketPathOfLength saves, as name, a socket path of exactly n
// bytes in a directory of the scenario's own: for the limits of
// sun_path, which a path can exceed.
func (w *world) tempSocketPathOfLength(n int, name string) error {
	if err := w.tempSocketPath(name); err != nil {
		return err
	}
	dir := filepath.Dir(w.vars[name].(string))
	fixed := len(dir) + len("/") + len(name) + len("-.sock")
	if n < fixed || n > 4000 {
		return fmt.Errorf("step argument: a path of %d bytes: want %d to 4000 here (the directory is %s)", n, fixed, dir)
	}
	w.vars[name] = filepath.Join(dir, name+"-"+strings.Repeat("x", n-fixed)+".sock")
	return nil
}

// regularFile creates a regular file at the saved path, where a server
// may be asked to listen.
func (w *world) regularFile(name string) error {
	p, err := w.pathVar(name)
	if err != nil {
		return err
	}
	return os.WriteFile(p, []byte("netconform\n"), 0o644)
}

// fileKind checks what kind of file is at the saved path.
func (w *world) fileKind(name, kind string) error {
	p, err := w.pathVar(name)
	if err != nil {
		return err
	}
	step := "the file at " + name + " is a " + kind
	fi, err := os.Lstat(p)
	if err != nil {
		return w.fail(step, "a "+kind+" at "+p, err.Error())
	}
	got := "a file of mode " + fi.Mode().String()
	switch {
	case fi.Mode().IsRegular():
		got = "regular file"
	case fi.Mode()&os.ModeSocket != 0:
		got = "socket"
	case fi.IsDir():
		got = "directory"
	}
	if got != kind {
		return w.fail(step, "a "+kind+" at "+p, got)
	}
	return nil
}

// setProperty assigns a property: obj.prop = value.
func (w *world) setProperty(obj, prop, value string) error {
	v, err := w.parse(value, false)
	if err != nil {
		return err
	}
	_, err = w.mustInvoke(Invocation{Op: OpSet, Target: w.name(obj), Method: prop, Args: []jsval.Value{v}})
	return err
}

// pathVar returns the path saved as name. The file is on the machine
// that runs the suite, which is the machine of every target.
func (w *world) pathVar(name string) (string, error) {
	p, ok := w.vars[name].(string)
	if !ok {
		return "", fmt.Errorf("step argument: %s is not a saved path (say \"Given a temporary socket path as %s\")", name, name)
	}
	return p, nil
}

func (w *world) fileExists(name, what string) error {
	p, err := w.pathVar(name)
	if err != nil {
		return err
	}
	_, statErr := os.Lstat(p)
	exists := statErr == nil
	if exists != (what == "exists") {
		got := "it exists"
		if !exists {
			got = statErr.Error()
		}
		return w.fail("the file at "+name+" "+what, "the file at "+p+" "+what, got)
	}
	return nil
}

// fileModeBits checks that the file has every permission bit of bits.
func (w *world) fileModeBits(name, bits string) error {
	return w.fileMode(name, bits, false)
}

// filePermissions checks the group and others permission bits exactly:
// those asked for and no more.
func (w *world) filePermissions(name, bits string) error {
	return w.fileMode(name, bits, true)
}

func (w *world) fileMode(name, bits string, exact bool) error {
	step := "the file at " + name + " has mode bits " + bits
	if exact {
		step = "the file at " + name + " gives group and others " + bits
	}
	p, err := w.pathVar(name)
	if err != nil {
		return err
	}
	want, err := strconv.ParseUint(bits[2:], 8, 32)
	if err != nil {
		return fmt.Errorf("step argument: mode bits %q: %w", bits, err)
	}
	fi, err := os.Lstat(p)
	if err != nil {
		return w.fail(step, "a file at "+p, err.Error())
	}
	got := uint64(fi.Mode().Perm())
	switch {
	case exact && got&0o077 != want:
		return w.fail(step, fmt.Sprintf("group and others 0o%03o", want), fmt.Sprintf("group and others 0o%03o (mode 0o%o)", got&0o077, got))
	case !exact && got&want != want:
		return w.fail(step, fmt.Sprintf("mode with bits 0o%o", want), fmt.Sprintf("mode 0o%o", got))
	}
	return nil
}

// unixClient connects to the Unix domain socket at the saved path from
// outside the implementation, as another program on the machine would,
// and keeps the connection open until the scenario ends. It returns once
// the kernel has queued the connection for the server to accept.
func (w *world) unixClient(name string) error {
	p, err := w.pathVar(name)
	if err != nil {
		return err
	}
	conn, err := net.DialTimeout("unix", p, w.timeout())
	if err != nil {
		return w.fail("a Unix domain socket client connects to "+name, "a connection to "+p, err.Error())
	}
	w.cleanups = append(w.cleanups, func() { conn.Close() })
	w.life.notePeer()
	return nil
}

// emitsBeforeOther waits for two events of two objects and checks their
// order.
func (w *world) emitsBeforeOther(obj1, ev1, obj2, ev2 string) error {
	step := fmt.Sprintf("%s emits '%s' before %s emits '%s'", obj1, ev1, obj2, ev2)
	a, err := w.waitEvent(step, w.name(obj1), ev1, nil)
	if err != nil {
		return err
	}
	b, err := w.waitEvent(step, w.name(obj2), ev2, nil)
	if err != nil {
		return err
	}
	if a.Seq > b.Seq {
		return w.fail(step, fmt.Sprintf("%s '%s' first", obj1, ev1), fmt.Sprintf("%s, then %s", b, a))
	}
	return nil
}
