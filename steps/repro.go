package steps

import (
	_ "embed"
	"encoding/hex"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/netconform/netconform/jsval"
)

// A repro is a scenario as a standalone CommonJS program: node:net only,
// no dependencies, the scenario's calls in JavaScript as its steps write
// them, its reactions as listeners, its checks as comparisons that print
// "ok <step>" or what the suite prints on a failure. Each step definition
// has an emitter in reproEmitters, beside the definitions, keyed by its
// pattern; a step that cannot be a program (it looks at the target from
// outside) has a reason in reproCannot instead. TestReproCoversEverySte
// fails for a step with neither.

//go:embed repro_prelude.cjs
var reproPrelude string

// emitter writes the JavaScript of one step, given its pattern's
// submatches (m[0] is the whole text).
type emitter func(g *reproGen, m []string) error

// reproEmitters map a step pattern to its emitter.
var reproEmitters = map[string]emitter{
	`^server (\w+) is listening on "([^"]*)" port (\d+)$`: func(g *reproGen, m []string) error {
		if err := g.server(m[1], "", ""); err != nil {
			return err
		}
		return g.listening(m[1], m[2], m[3])
	},
	`^server (\w+)(?: with (\{.*\}))?(?: that (on '[\w-]+' .+))?$`: func(g *reproGen, m []string) error { return g.server(m[1], m[2], m[3]) },
	`^(\w+) is listening on "([^"]*)" port (\d+)$`:                 func(g *reproGen, m []string) error { return g.listening(m[1], m[2], m[3]) },
	`^client (\w+)(?: with (\{.*\}))?(?: that (on '[\w-]+' .+))? connects to (\w+)$`: func(g *reproGen, m []string) error {
		return g.client(m[1], m[2], m[3], m[4])
	},
	`^(\w+) accepts a connection as (\w+)$`: func(g *reproGen, m []string) error {
		g.declare(m[2])
		g.emit("%s = await H.accept(%s, %s, %s);", m[2], jsval.Quote(m[1]+" accepts a connection"), g.ref(m[1]), jsval.Quote(m[2]))
		return nil
	},
	`^(\w+) has an? '([\w-]+)' listener$`: func(g *reproGen, m []string) error {
		return g.callStep(fmt.Sprintf("%s.on(%s, %s)", m[1], jsval.Quote(m[2]), m[1]+"_on_"+m[2]), "", true)
	},
	`^I call (.+)$`: func(g *reproGen, m []string) error { return g.callExpr(m[1]) },
	`^(\w+) writes (.+)$`: func(g *reproGen, m []string) error {
		return g.callStep(fmt.Sprintf("%s.write(%s)", m[1], m[2]), "", true)
	},
	`^(\w+) ends$`: func(g *reproGen, m []string) error { return g.callStep(m[1]+".end()", "", true) },
	`^(\w+) ends with (.+)$`: func(g *reproGen, m []string) error {
		return g.callStep(fmt.Sprintf("%s.end(%s)", m[1], m[2]), "", true)
	},
	`^(\w+) is destroyed$`: func(g *reproGen, m []string) error { return g.callStep(m[1]+".destroy()", "", true) },
	`^it returns (.+)$`: func(g *reproGen, m []string) error {
		v, err := g.lit(m[1], true)
		g.emit("H.returns(%s);", v)
		return err
	},
	`^it throws (\w+)$`: func(g *reproGen, m []string) error {
		g.emit("H.throws(null, %s);", jsval.Quote(m[1]))
		return nil
	},
	`^it throws (\w+) with message (".*"|'.*')$`: func(g *reproGen, m []string) error {
		msg, err := g.message(m[2])
		g.emit("H.throws(null, %s, %s);", jsval.Quote(m[1]), msg)
		return err
	},
	`^it throws (\w+) (\w+) with message (".*"|'.*')$`: func(g *reproGen, m []string) error {
		msg, err := g.message(m[3])
		g.emit("H.throws(%s, %s, %s);", jsval.Quote(m[1]), jsval.Quote(m[2]), msg)
		return err
	},
	`^its (\w+) is (not )?(.+)$`: func(g *reproGen, m []string) error {
		v, err := g.lit(m[3], true)
		g.emit("H.its(%s, %v, %s);", jsval.Quote(m[1]), m[2] != "", v)
		return err
	},
	`^(\w+)\.(\w+) is (not )?(.+)$`: func(g *reproGen, m []string) error {
		v, err := g.lit(m[4], true)
		g.emit("H.prop(%s, %s, %v, %s);", g.ref(m[1]), jsval.Quote(m[2]), m[3] != "", v)
		return err
	},
	`^(\w+) emits '([\w-]+)'$`: func(g *reproGen, m []string) error {
		g.emit("await H.emits(%s, %s);", g.ref(m[1]), jsval.Quote(m[2]))
		return nil
	},
	`^(\w+) emits '([\w-]+)' with (.+)$`: func(g *reproGen, m []string) error { return g.emitsWith(m[1], m[2], m[3]) },
	`^(\w+) emits '([\w-]+)' before '([\w-]+)'$`: func(g *reproGen, m []string) error {
		g.emit("await H.emitsBefore(%s, %s, %s, %s, %s);", jsval.Quote(fmt.Sprintf("%s emits '%s' before '%s'", m[1], m[2], m[3])),
			g.ref(m[1]), jsval.Quote(m[2]), g.ref(m[1]), jsval.Quote(m[3]))
		return nil
	},
	`^(\w+) does not emit '([\w-]+)'$`: func(g *reproGen, m []string) error {
		g.emit("await H.doesNotEmit(%s, %s);", g.ref(m[1]), jsval.Quote(m[2]))
		return nil
	},
	`^(\w+) emits '([\w-]+)' (\d+) times?$`: func(g *reproGen, m []string) error {
		g.emit("await H.emitsTimes(%s, %s, %s);", g.ref(m[1]), jsval.Quote(m[2]), m[3])
		return nil
	},
	`^(\w+) had not emitted '([\w-]+)' when the call returned$`: func(g *reproGen, m []string) error {
		g.emit("H.notDuringCall(%s, %s);", g.ref(m[1]), jsval.Quote(m[2]))
		return nil
	},
	`^(\w+) is called$`: func(g *reproGen, m []string) error {
		g.emit("await H.emits(%s, 'call');", g.callback(m[1]))
		return nil
	},
	`^(\w+) is called with (.+)$`: func(g *reproGen, m []string) error {
		g.callback(m[1])
		return g.emitsWith(m[1], "call", m[2])
	},
	`^(\w+) receives (.+)$`: func(g *reproGen, m []string) error {
		v, err := g.bytes(m[2])
		g.emit("await H.receives(%s, %s, %s);", g.ref(m[1]), v, jsval.Quote(m[2]))
		return err
	},

	`^(\w+) emitted exactly (.+)$`:     func(g *reproGen, m []string) error { return g.exactly(m[1], m[2], true) },
	`^(\w+) has emitted exactly (.+)$`: func(g *reproGen, m []string) error { return g.exactly(m[1], m[2], false) },

	`^after the calls? returned came (.+), in that order$`: func(g *reproGen, m []string) error {
		items, err := parseOrder(m[1])
		if err != nil {
			return err
		}
		parts := make([]string, len(items))
		for i, it := range items {
			obj := g.ref(it.object)
			if it.event == "call" {
				obj = jsval.Quote(g.callback(it.object))
			}
			parts[i] = fmt.Sprintf("[%s, %s, %s]", jsval.Quote(it.text), obj, jsval.Quote(it.event))
		}
		g.emit("await H.cameInOrder(%s, [%s]);", jsval.Quote(m[1]), strings.Join(parts, ", "))
		return nil
	},

	// net.Server's own steps (defs_server.go).
	`^a temporary socket path as (\w+)$`: func(g *reproGen, m []string) error {
		g.declare(m[1])
		g.needFiles = true
		g.emit("%s = tempSocketPath(%s);", m[1], jsval.Quote(m[1]))
		return nil
	},
	`^a temporary socket path of (\d+) bytes as (\w+)$`: func(g *reproGen, m []string) error {
		g.declare(m[2])
		g.needFiles = true
		g.emit("%s = tempSocketPath(%s, %s);", m[2], jsval.Quote(m[2]), m[1])
		return nil
	},
	`^a regular file at (\w+)$`: func(g *reproGen, m []string) error {
		g.needFiles = true
		g.emit("fs.writeFileSync(%s, 'netconform\\n', { mode: 0o644 });", m[1])
		return nil
	},
	`^the file at (\w+) is a (regular file|socket|directory)$`: func(g *reproGen, m []string) error {
		g.needFiles = true
		g.emit("fileIs(%s, %s, %s);", jsval.Quote(m[0]), m[1], jsval.Quote(m[2]))
		return nil
	},
	`^I set (\w+)\.(\w+) to (.+)$`: func(g *reproGen, m []string) error {
		v, err := g.lit(m[3], false)
		g.emit("H.must(H.d('set', %s, %s, [%s]), () => { %s.%s = %s; });", m[1], jsval.Quote(m[2]), v, m[1], m[2], v)
		return err
	},
	`^the file at (\w+) (exists|does not exist)$`: func(g *reproGen, m []string) error {
		g.needFiles = true
		g.emit("fileExists(%s, %s, %v);", jsval.Quote(m[0]), m[1], m[2] == "exists")
		return nil
	},
	`^the file at (\w+) has mode bits (0o[0-7]+)$`: func(g *reproGen, m []string) error {
		g.needFiles = true
		g.emit("fileMode(%s, %s, %s, false);", jsval.Quote(m[0]), m[1], m[2])
		return nil
	},
	`^the file at (\w+) gives group and others (0o[0-7]+)$`: func(g *reproGen, m []string) error {
		g.needFiles = true
		g.emit("fileMode(%s, %s, %s, true);", jsval.Quote(m[0]), m[1], m[2])
		return nil
	},
	`^a Unix domain socket client connects to (\w+)$`: func(g *reproGen, m []string) error {
		// The runner connects from outside the implementation; a program
		// has only its own net, so it uses that, from a net of its own
		// that no step observes.
		g.emit("await unixClient(%s);", m[1])
		g.needFiles = true
		return nil
	},
	`^(\w+) emits '([\w-]+)' before (\w+) emits '([\w-]+)'$`: func(g *reproGen, m []string) error {
		g.emit("await H.emitsBefore(%s, %s, %s, %s, %s);", jsval.Quote(m[0]), g.ref(m[1]), jsval.Quote(m[2]), g.ref(m[3]), jsval.Quote(m[4]))
		return nil
	},
	`^(\w+) is not called$`: func(g *reproGen, m []string) error {
		g.emit("await H.doesNotEmit(%s, 'call');", g.callback(m[1]))
		return nil
	},

	// net.Socket's own steps (defs_socket.go).
	`^a buffer of (\d+) bytes as (\w+)$`: func(g *reproGen, m []string) error {
		g.declare(m[2])
		g.emit("%s = Buffer.alloc(%s, 'x');", m[2], m[1])
		return nil
	},

	// Callbacks (defs_callback.go).
	`^callback (\w+) returns (.+)$`: func(g *reproGen, m []string) error {
		v, err := g.lit(m[2], false)
		g.callback(m[1])
		g.emit("H.onCall(%s, { hasReturns: true, returns: %s });", jsval.Quote(m[1]), v)
		return err
	},
	`^callback (\w+) calls its argument (\d) with (\[.*\])$`: func(g *reproGen, m []string) error {
		v, err := g.lit(m[3], false)
		g.callback(m[1])
		g.emit("H.onCall(%s, { act: (args) => args[%s].call(undefined, ...%s) });", jsval.Quote(m[1]), m[2], v)
		return err
	},
}

// reproCannot names the steps no program can take, and why: they look
// at the target from outside, as no JavaScript can.
var reproCannot = map[string]string{
	`^a listener whose accept queue is full as (\w+)$`:                                                         "needs a listener that never accepts, which node:net cannot make (its servers accept at once)",
	`^a TCP connection whose one end the target holds as descriptor (\w+)$`:                                    "hands the target an inherited file descriptor, which a program started alone does not have",
	`^the other end of (\w+) writes (.+)$`:                                                                     "acts on the runner's end of a connection handed to the target as a descriptor",
	`^the other end of (\w+) receives (".*"|Buffer\..*)$`:                                                      "reads the runner's end of a connection handed to the target as a descriptor",
	`^the other end of (\w+) receives nothing$`:                                                                "reads the runner's end of a connection handed to the target as a descriptor",
	`^the other end of (\w+) sees the connection end$`:                                                         "reads the runner's end of a connection handed to the target as a descriptor",
	`^the kernel socket of (\w+) comes to hold at least (\d+) unread bytes$`:                                   "reads the socket's receive queue from /proc/<pid>/net/tcp, which JavaScript cannot see",
	`^the kernel socket of (\w+) has (TCP_NODELAY|SO_KEEPALIVE|TCP_KEEPIDLE|TCP_KEEPINTVL|TCP_KEEPCNT) (\d+)$`: "reads a kernel socket option with getsockopt on a duplicate taken with pidfd_getfd, which JavaScript cannot",
}

// ReproStep is one step of a scenario, as godog runs it: its text
// without the keyword, outline values filled in.
type ReproStep struct {
	Keyword, Text string
}

// CannotRepro is the error of a scenario that cannot be a program.
type CannotRepro struct {
	Step, Why string
}

func (e *CannotRepro) Error() string {
	return fmt.Sprintf("step %q cannot be part of a standalone program: it %s", e.Step, e.Why)
}

var compiledSteps = sync0(func() []*regexp.Regexp {
	var out []*regexp.Regexp
	for _, p := range StepPatterns() {
		out = append(out, regexp.MustCompile(p))
	}
	return out
})

func sync0[T any](f func() T) func() T {
	var v T
	var done bool
	return func() T {
		if !done {
			v, done = f(), true
		}
		return v
	}
}

// Repro writes a scenario (its feature file, name and steps) as a
// standalone CommonJS program, or says why it cannot be one.
func Repro(feature, name string, steps []ReproStep) (string, error) {
	g := &reproGen{vars: map[string]bool{}, callbacks: map[string]bool{}}
	res := compiledSteps()
	pats := StepPatterns()
	for _, st := range steps {
		var m []string
		pattern := ""
		for i, re := range res {
			if m = re.FindStringSubmatch(st.Text); m != nil {
				pattern = pats[i]
				break
			}
		}
		if pattern == "" {
			return "", fmt.Errorf("step %q matches no step definition", st.Text)
		}
		if why, ok := reproCannot[pattern]; ok {
			return "", &CannotRepro{Step: st.Text, Why: why}
		}
		emit, ok := reproEmitters[pattern]
		if !ok {
			return "", fmt.Errorf("step %q (%s) has no JavaScript form: add one to reproEmitters", st.Text, pattern)
		}
		g.body = nil
		if err := emit(g, m); err != nil {
			return "", fmt.Errorf("step %q: %w", st.Text, err)
		}
		g.steps = append(g.steps, reproStepJS{text: strings.TrimSpace(st.Keyword) + " " + st.Text, step: st.Text, body: g.body})
	}
	return g.program(feature, name), nil
}

type reproStepJS struct {
	text, step string
	body       []string
}

// reproGen is the program being written.
type reproGen struct {
	vars      map[string]bool // names the scenario gave values or objects
	callbacks map[string]bool // names of the scenario's callbacks
	order     []string        // declaration order of vars and callbacks
	body      []string        // the current step's lines
	steps     []reproStepJS
	needFiles bool
	// needDocumented: the program checks whole event sequences.
	needDocumented bool
}

func (g *reproGen) emit(format string, args ...any) {
	g.body = append(g.body, fmt.Sprintf(format, args...))
}

// declare makes name a variable of the program.
func (g *reproGen) declare(name string) {
	if !g.vars[name] && !g.callbacks[name] && !builtinName(name) {
		g.order = append(g.order, name)
	}
	g.vars[name] = true
}

// callback makes name a callback of the program, and returns it.
func (g *reproGen) callback(name string) string {
	if !g.vars[name] && !g.callbacks[name] && !builtinName(name) {
		g.callbacks[name] = true
		g.order = append(g.order, name)
	}
	return name
}

// ref is how the program names an object of the scenario in a check:
// its variable, or a callback's name as a string.
func (g *reproGen) ref(name string) string {
	if g.vars[name] || builtinName(name) {
		if name == ProcessObject {
			return jsval.Quote(name)
		}
		return name
	}
	return jsval.Quote(name)
}

func builtinName(n string) bool { return n == "net" || n == "globals" || n == ProcessObject }

var codeName = regexp.MustCompile(`^(ERR_[A-Z0-9_]+|E[A-Z0-9]+)$`)

// lit writes a literal of a step as a JavaScript expression: names the
// scenario gave are its variables; other bare names are callbacks, or,
// in an expected value, error codes.
func (g *reproGen) lit(text string, expected bool) (string, error) {
	v, err := jsval.Parse(text)
	if err != nil {
		return "", fmt.Errorf("step argument: %w", err)
	}
	return g.js(v, expected), nil
}

func (g *reproGen) js(v jsval.Value, expected bool) string {
	switch x := v.(type) {
	case jsval.Undefined:
		return "undefined"
	case jsval.Null, nil:
		return "null"
	case bool:
		return strconv.FormatBool(x)
	case float64:
		switch {
		case math.IsNaN(x):
			return "NaN"
		case math.IsInf(x, 1):
			return "Infinity"
		case math.IsInf(x, -1):
			return "-Infinity"
		}
		return jsval.FormatNumber(x)
	case int:
		return strconv.Itoa(x)
	case string:
		return jsval.Quote(x)
	case jsval.Array:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = g.js(e, expected)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case *jsval.Object:
		if x.Len() == 0 {
			return "{}"
		}
		parts := make([]string, 0, x.Len())
		for _, k := range x.Keys() {
			key := k
			if !jsval.IsIdent(k) || k == "__proto__" {
				key = "[" + jsval.Quote(k) + "]"
			}
			parts = append(parts, key+": "+g.js(x.Get(k), expected))
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	case jsval.Bytes:
		if utf8.Valid(x) {
			return "Buffer.from(" + jsval.Quote(string(x)) + ")"
		}
		return "Buffer.from(" + jsval.Quote(hex.EncodeToString(x)) + ", \"hex\")"
	case jsval.Ident:
		head, _, _ := strings.Cut(x.Name, ".")
		switch {
		case g.vars[head] || builtinName(head):
			return x.Name
		case expected && codeName.MatchString(x.Name):
			return "H.code(" + jsval.Quote(x.Name) + ")"
		}
		return g.callback(x.Name)
	case jsval.Any:
		if x.Pattern != nil {
			return "H.stringMatching(" + jsval.Quote(x.Pattern.String()) + ")"
		}
		return "H.any(" + jsval.Quote(x.Type) + ")"
	case *jsval.Error:
		e := "new " + x.Name + "(" + jsval.Quote(x.Message) + ")"
		if x.Props.Len() > 0 {
			e = "Object.assign(" + e + ", " + g.js(x.Props, expected) + ")"
		}
		return e
	}
	return fmt.Sprintf("undefined /* %s */", jsval.Format(v))
}

func (g *reproGen) message(text string) (string, error) {
	v, err := jsval.Parse(text)
	if err != nil {
		return "", fmt.Errorf("step argument: %w", err)
	}
	s, _ := v.(string)
	return jsval.Quote(s), nil
}

func (g *reproGen) bytes(text string) (string, error) {
	v, err := g.lit(text, false)
	if err != nil {
		return "", err
	}
	return "Buffer.from(" + v + ")", nil
}

var reproAs = regexp.MustCompile(` as (\w+)$`)

// callExpr writes "I call <call>[ as name]" and "I call a; b in one tick".
func (g *reproGen) callExpr(expr string) error {
	if batch, ok := strings.CutSuffix(expr, " in one tick"); ok {
		var thunks []string
		for _, e := range strings.Split(batch, "; ") {
			js, desc, err := g.callJS(e)
			if err != nil {
				return err
			}
			thunks = append(thunks, fmt.Sprintf("[%s, () => %s]", desc, js))
		}
		g.emit("H.inOneTick([%s]);", strings.Join(thunks, ", "))
		return nil
	}
	as := ""
	if m := reproAs.FindStringSubmatch(expr); m != nil {
		as, expr = m[1], strings.TrimSuffix(expr, m[0])
	}
	return g.callStep(expr, as, false)
}

// callStep writes one call; must makes it one the scenario needs to
// succeed, as a step in domain words does.
func (g *reproGen) callStep(expr, as string, must bool) error {
	js, desc, err := g.callJS(expr)
	if err != nil {
		return err
	}
	fn := "H.call"
	switch {
	case must:
		fn = "H.must"
	case as != "":
		fn = "H.callAs"
	}
	if as != "" {
		g.declare(as)
		g.emit("%s = %s(%s, () => %s, %s);", as, fn, desc, js, jsval.Quote(as))
		return nil
	}
	g.emit("%s(%s, () => %s);", fn, desc, js)
	return nil
}

// callJS returns a call in JavaScript as the step writes it, and the
// expression that describes it at run time as the suite does (objects by
// their names, values as they are then).
func (g *reproGen) callJS(expr string) (js, desc string, err error) {
	c, err := jsval.ParseCall(expr)
	if err != nil {
		return "", "", fmt.Errorf("step argument: %w", err)
	}
	if len(c.Path) != 2 {
		return "", "", fmt.Errorf("step argument: %q must read object.member(...)", expr)
	}
	target := c.Path[0]
	if target == "globals" {
		target = "globals"
	} else if !g.vars[target] && !builtinName(target) {
		return "", "", fmt.Errorf("step argument: %q names no object of the scenario", target)
	}
	args := make([]string, len(c.Args))
	for i, a := range c.Args {
		args[i] = g.js(a, false)
	}
	js = target + "." + c.Path[1]
	op := "get"
	if c.IsCall {
		js += "(" + strings.Join(args, ", ") + ")"
		op = "call"
	}
	if c.New {
		js = "new " + js
		op = "new"
	}
	if c.Assigns != nil {
		args = []string{g.js(c.Assigns, false)}
		js = "(" + js + " = " + args[0] + ")"
		op = "set"
	}
	desc = fmt.Sprintf("H.d(%s, %s, %s, [%s])", jsval.Quote(op), target, jsval.Quote(c.Path[1]), strings.Join(args, ", "))
	return js, desc, nil
}

func (g *reproGen) emitsWith(obj, event, args string) error {
	v, err := g.lit(args, true)
	g.emit("await H.emits(%s, %s, %s, true);", g.ref(obj), jsval.Quote(event), v)
	return err
}

func (g *reproGen) server(name, opts, reaction string) error {
	args := ""
	if opts != "" {
		v, err := g.lit(opts, false)
		if err != nil {
			return err
		}
		args = v
	}
	g.declare(name)
	g.emit("%s = H.must(H.d('call', net, 'createServer', [%s]), () => net.createServer(%s), %s);", name, args, args, jsval.Quote(name))
	return g.reaction(name, reaction, true)
}

func (g *reproGen) listening(name, host, port string) error {
	p, _ := strconv.Atoi(port)
	g.emit("{")
	g.emit("  const before = H.seqNow();")
	g.emit("  H.must(H.d('call', %s, 'listen', [%d, %s]), () => %s.listen(%d, %s));", name, p, jsval.Quote(host), name, p, jsval.Quote(host))
	g.emit("  await H.event(%s, %s, 'listening', (e) => e.seq > before);", jsval.Quote(name+" is listening"), name)
	g.emit("}")
	return nil
}

func (g *reproGen) client(name, opts, reaction, server string) error {
	args := ""
	if opts != "" {
		v, err := g.lit(opts, false)
		if err != nil {
			return err
		}
		args = v
	}
	step := jsval.Quote("client " + name + " connects to " + server)
	g.declare(name)
	g.emit("{")
	g.emit("  const [port, host] = H.address(%s, %s);", step, server)
	g.emit("  %s = H.must(H.d('new', net, 'Socket', [%s]), () => new net.Socket(%s), %s);", name, args, args, jsval.Quote(name))
	g.body = append(g.body, "")
	if err := g.reaction(name, reaction, false); err != nil {
		return err
	}
	if g.body[len(g.body)-1] == "" {
		g.body = g.body[:len(g.body)-1]
	}
	g.emit("  H.must(H.d('call', %s, 'connect', [port, host]), () => %s.connect(port, host));", name, name)
	g.emit("  H.must(H.d('call', %s, 'resume', []), () => %s.resume());", name, name)
	g.emit("  await H.event(%s, %s, 'connect');", step, name)
	g.emit("}")
	return nil
}

// reaction writes the "that on 'event' ..." clause of a domain step as
// a listener.
func (g *reproGen) reaction(name, text string, onServer bool) error {
	if text == "" {
		return nil
	}
	r, err := parseReaction(text, onServer)
	if err != nil {
		return err
	}
	g.emit("%s.on(%s, %s);", name, jsval.Quote(r.Event), g.listener(name, r, 1))
	return nil
}

// listener writes a reaction's listener: $this is the emitter (this),
// $0.. its arguments.
func (g *reproGen) listener(name string, r Reaction, depth int) string {
	var b strings.Builder
	args := fmt.Sprintf("a%d", depth)
	fmt.Fprintf(&b, "function (...%s) {\n", args)
	ind := strings.Repeat("  ", depth+1)
	fmt.Fprintf(&b, "%sH.react(%s, %s, () => {\n", ind, jsval.Quote(name), jsval.Quote(r.Event))
	for _, a := range r.Actions {
		target := g.binding(a.Target, args)
		if a.On != nil {
			fmt.Fprintf(&b, "%s  %s.on(%s, %s);\n", ind, target, jsval.Quote(a.On.Event), g.listener(name, *a.On, depth+2))
			continue
		}
		var parts []string
		for _, v := range a.Args {
			if ref, ok := v.(jsval.Ref); ok {
				parts = append(parts, g.binding(ref.Name, args))
				continue
			}
			parts = append(parts, g.js(v, false))
		}
		fmt.Fprintf(&b, "%s  %s.%s(%s);\n", ind, target, a.Method, strings.Join(parts, ", "))
	}
	fmt.Fprintf(&b, "%s});\n%s}", ind, strings.Repeat("  ", depth))
	return b.String()
}

func (g *reproGen) binding(name, args string) string {
	if name == "$this" {
		return "this"
	}
	if n, ok := strings.CutPrefix(name, "$"); ok {
		return fmt.Sprintf("%s[%s]", args, n)
	}
	return name
}

// program puts the prelude, the declarations and the steps together.
func (g *reproGen) program(feature, name string) string {
	var b strings.Builder
	id := feature + " :: " + name
	fmt.Fprintf(&b, "// netconform repro: %s\n", strings.ReplaceAll(id, "\n", " "))
	b.WriteString(`//
// A scenario of the netconform suite as a standalone program: node:net
// and no dependencies. Run it with node, bun, or deno run -A. It prints
// "ok <step>" per step, or what the step expected and what came with the
// events of the scenario, and exits 1 on a failure.
'use strict';
const net = require('node:net');
const { Buffer } = require('node:buffer');
// globals: what a scenario uses besides net, as the driver offers it.
const globals = {
  AbortController,
  nextTick(fn) { process.nextTick(fn); },
  queueMicrotask(fn) { queueMicrotask(fn); },
  setImmediate(fn) { setImmediate(fn); },
};
`)
	if g.needFiles {
		b.WriteString(reproFiles)
	}
	// The prelude refers to DOCUMENTED; a program that checks no sequence
	// has it empty.
	if g.needDocumented {
		b.WriteString(documentedJS())
	} else {
		b.WriteString("const DOCUMENTED = { socket: [], server: [] };\n")
	}
	b.WriteString("\n")
	b.WriteString(reproPrelude)
	b.WriteString("\n// ---- the scenario -------------------------------------------------------------\n")
	var vars, fns []string
	for _, n := range g.order {
		if g.callbacks[n] && !g.vars[n] {
			fns = append(fns, fmt.Sprintf("const %s = H.fn(%s);", n, jsval.Quote(n)))
		} else {
			vars = append(vars, n)
		}
	}
	sort.Strings(fns)
	if len(vars) > 0 {
		fmt.Fprintf(&b, "let %s;\n", strings.Join(vars, ", "))
	}
	for _, f := range fns {
		b.WriteString(f + "\n")
	}
	fmt.Fprintf(&b, "\nH.run(%s, [\n", jsval.Quote(id))
	for _, st := range g.steps {
		fmt.Fprintf(&b, "  [%s, async () => {\n", jsval.Quote(st.step))
		for _, l := range st.body {
			for _, line := range strings.Split(l, "\n") {
				if line == "" {
					continue
				}
				b.WriteString("    " + line + "\n")
			}
		}
		b.WriteString("  }],\n")
	}
	b.WriteString("]);\n")
	return b.String()
}

// reproFiles are the helpers of the steps about files: a scenario's own
// temporary directory, and checks of what is at a path.
const reproFiles = `const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
process.umask(0o077); // as the runner: a socket file's modes come from the options alone

const tempDirs = [];
process.on('exit', () => { for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true }); });

function tempSocketPath(name, length) {
  const base = os.tmpdir().length > 60 ? '/tmp' : os.tmpdir();
  const dir = fs.mkdtempSync(path.join(base, 'netconform-'));
  tempDirs.push(dir);
  if (length === undefined) return path.join(dir, name + '.sock');
  const fixed = dir.length + 1 + name.length + '-.sock'.length;
  return path.join(dir, name + '-' + 'x'.repeat(length - fixed) + '.sock');
}

function fileIs(step, p, kind) {
  let st;
  try { st = fs.lstatSync(p); } catch (e) { H.fail(step, 'a ' + kind + ' at ' + p, e.message); }
  const got = st.isFile() ? 'regular file' : st.isSocket() ? 'socket' : st.isDirectory() ? 'directory' : 'a file of mode ' + st.mode.toString(8);
  if (got !== kind) H.fail(step, 'a ' + kind + ' at ' + p, got);
}

function fileExists(step, p, want) {
  let exists = true;
  let why = 'it exists';
  try { fs.lstatSync(p); } catch (e) { exists = false; why = e.message; }
  if (exists !== want) H.fail(step, 'the file at ' + p + (want ? ' exists' : ' does not exist'), why);
}

function fileMode(step, p, bits, exact) {
  let st;
  try { st = fs.lstatSync(p); } catch (e) { H.fail(step, 'a file at ' + p, e.message); }
  const got = st.mode & 0o777;
  const oct = (n, w) => '0o' + n.toString(8).padStart(w, '0');
  if (exact && (got & 0o077) !== bits) H.fail(step, 'group and others ' + oct(bits, 3), 'group and others ' + oct(got & 0o077, 3) + ' (mode ' + oct(got, 1) + ')');
  if (!exact && (got & bits) !== bits) H.fail(step, 'mode with bits ' + oct(bits, 1), 'mode ' + oct(got, 1));
}

// unixClient connects to a Unix domain socket as another program on the
// machine would; no step observes it.
function unixClient(p) {
  return new Promise((resolve) => {
    const c = net.connect(p, () => resolve());
    c.on('error', (e) => { H.fail('a Unix domain socket client connects to ' + p, 'a connection to ' + p, e.message); });
    process.on('beforeExit', () => c.destroy());
    c.unref();
  });
}
`

// exactly writes "X emitted exactly 'a', 'b' args, ...": the events as
// [name] or [name, args].
func (g *reproGen) exactly(obj, text string, wait bool) error {
	seq, err := parseSequence(text)
	if err != nil {
		return err
	}
	parts := make([]string, len(seq))
	for i, e := range seq {
		parts[i] = "[" + jsval.Quote(e.name)
		if e.args != nil {
			parts[i] += ", " + g.js(e.args, true)
		}
		parts[i] += "]"
	}
	g.needDocumented = true
	g.emit("await H.exactly(%s, %s, [%s], %v);", g.ref(obj), jsval.Quote(text), strings.Join(parts, ", "), wait)
	return nil
}

// documentedJS is the events the docs name per class, as the
// invariants know them, for H.exactly.
func documentedJS() string {
	var b strings.Builder
	b.WriteString("const DOCUMENTED = {")
	for i, class := range []string{"socket", "server"} {
		var names []string
		for n := range documented[class] {
			names = append(names, jsval.Quote(n))
		}
		sort.Strings(names)
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, " %s: [%s]", class, strings.Join(names, ", "))
	}
	b.WriteString(" };\n")
	return b.String()
}
