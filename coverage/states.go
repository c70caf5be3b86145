package coverage

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed states
var stateFS embed.FS

// StateModel is a class as a state machine (coverage/states/*.yaml):
// its public members, the states a program can bring an object of it
// into, and the cells that no scenario can reach. Every member in every
// state is a cell; a scenario fills a cell with tags (see StateTags).
type StateModel struct {
	File   string `yaml:"-"`
	Class  string `yaml:"class"`
	Prefix string `yaml:"prefix"` // the state tags' prefix: @state:<prefix>.<state>
	// Members are the table's columns, in order.
	Members     []StateMember `yaml:"members"`
	States      []State       `yaml:"states"`
	Unreachable []Unreachable `yaml:"unreachable"`
	// Variants are the ways into the machine that change some of its
	// states (a Unix path, a wrapped descriptor, pauseOnConnect): each
	// says where it differs, and scenarios tagged @variant:<prefix>.<id>
	// prove it.
	Variants []Variant `yaml:"variants"`
}

// Variant is a way into a class's machine that changes some states.
type Variant struct {
	ID      string `yaml:"id"`
	Says    string `yaml:"says"`
	Differs string `yaml:"differs"` // the states and members where it differs from the plain machine
}

// StateMember is one column of a state table: a member, read or called,
// or a property's write.
type StateMember struct {
	ID string `yaml:"id"`
	// Write makes the column the property's assignment, which a scenario
	// marks with @write:<id>.
	Write bool `yaml:"write"`
	// Covers are the member ids whose scenarios fill the column (default:
	// ID alone), for a member documented under several signatures.
	Covers []string `yaml:"covers"`
}

// Column returns the column's name: the member id, with "=" after it
// for a write.
func (m StateMember) Column() string {
	if m.Write {
		return m.ID + "="
	}
	return m.ID
}

func (m StateMember) covers(id string) bool {
	if len(m.Covers) == 0 {
		return id == m.ID
	}
	for _, c := range m.Covers {
		if c == id {
			return true
		}
	}
	return false
}

// State is one state of a class.
type State struct {
	ID    string `yaml:"id"`
	Says  string `yaml:"says"`
	Reach string `yaml:"reach"` // the steps that bring an object into it
	// Transient states are left within the tick that entered them or the
	// next, with no call of the program's.
	Transient bool `yaml:"transient"`
	// Ticks, when given, split the state in two cells per member: "same",
	// the call made in one tick with the call that entered the state, and
	// "later". Each says what it means for this state.
	Ticks map[string]string `yaml:"ticks"`
}

// Ticks are the tick variants a state may have, in table order.
var Ticks = []string{"same", "later"}

// Unreachable is a cell, or a set of them, no scenario can reach.
type Unreachable struct {
	State  string `yaml:"state"`
	Tick   string `yaml:"tick"`   // for a state with ticks; "" for both
	Member string `yaml:"member"` // a column, or "*" for every one
	Why    string `yaml:"why"`
}

// Phase is one column group of a state table: a state, and a tick for a
// state that has them.
type Phase struct {
	State string
	Tick  string
}

func (p Phase) String() string {
	if p.Tick == "" {
		return p.State
	}
	return p.State + "/" + p.Tick
}

// StateModels returns the embedded state models, checked.
func StateModels() ([]StateModel, error) {
	entries, err := fs.ReadDir(stateFS, "states")
	if err != nil {
		return nil, err
	}
	var out []StateModel
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".yaml") {
			continue
		}
		data, err := stateFS.ReadFile("states/" + e.Name())
		if err != nil {
			return nil, err
		}
		m, err := ParseStateModel(e.Name(), data)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// ParseStateModel reads and checks one model.
func ParseStateModel(file string, data []byte) (StateModel, error) {
	var m StateModel
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true)
	if err := dec.Decode(&m); err != nil {
		return m, fmt.Errorf("state model %s: %w", file, err)
	}
	m.File = file
	bad := func(format string, args ...any) (StateModel, error) {
		return m, fmt.Errorf("state model %s: %s", file, fmt.Sprintf(format, args...))
	}
	if m.Class == "" || m.Prefix == "" || len(m.Members) == 0 || len(m.States) == 0 {
		return bad("class, prefix, members and states are all required")
	}
	cols := map[string]bool{}
	for _, mem := range m.Members {
		if mem.ID == "" || cols[mem.Column()] {
			return bad("member %q is empty or listed twice", mem.Column())
		}
		cols[mem.Column()] = true
	}
	states := map[string]State{}
	for _, s := range m.States {
		if s.ID == "" || states[s.ID].ID != "" {
			return bad("state %q is empty or listed twice", s.ID)
		}
		if s.Says == "" {
			return bad("state %s says nothing of itself", s.ID)
		}
		for t := range s.Ticks {
			if t != "same" && t != "later" {
				return bad("state %s: tick %q (want same or later)", s.ID, t)
			}
		}
		if s.Transient && len(s.Ticks) != 2 {
			return bad("state %s is transient: it needs ticks same and later", s.ID)
		}
		states[s.ID] = s
	}
	variants := map[string]bool{}
	for _, v := range m.Variants {
		if v.ID == "" || variants[v.ID] || v.Says == "" || v.Differs == "" {
			return bad("variant %q is empty, listed twice, or says not what it is and where it differs", v.ID)
		}
		variants[v.ID] = true
	}
	for _, u := range m.Unreachable {
		s, ok := states[u.State]
		switch {
		case !ok:
			return bad("unreachable: no state %q", u.State)
		case u.Tick != "" && s.Ticks[u.Tick] == "":
			return bad("unreachable: state %s has no tick %q", u.State, u.Tick)
		case u.Member != "*" && !cols[u.Member]:
			return bad("unreachable: no member column %q", u.Member)
		case strings.TrimSpace(u.Why) == "":
			return bad("unreachable: %s in %s says no why", u.Member, u.State)
		}
	}
	return m, nil
}

// Phases returns the model's state columns, in order.
func (m StateModel) Phases() []Phase {
	var out []Phase
	for _, s := range m.States {
		if len(s.Ticks) == 0 {
			out = append(out, Phase{State: s.ID})
			continue
		}
		for _, t := range Ticks {
			if s.Ticks[t] != "" {
				out = append(out, Phase{State: s.ID, Tick: t})
			}
		}
	}
	return out
}

// unreachable returns why the cell cannot be reached, or "".
func (m StateModel) unreachable(col string, p Phase) string {
	for _, u := range m.Unreachable {
		if u.State == p.State && (u.Tick == "" || u.Tick == p.Tick) && (u.Member == "*" || u.Member == col) {
			return u.Why
		}
	}
	return ""
}

// Cell is one member in one state: the scenarios that prove what the
// member does there, or why none can.
type Cell struct {
	Column      string
	Phase       Phase
	Scenarios   []Scenario
	Unreachable string
}

// Empty reports whether the cell has neither a scenario nor a reason.
func (c Cell) Empty() bool { return len(c.Scenarios) == 0 && c.Unreachable == "" }

// StateTable is a model with its cells filled from the features.
type StateTable struct {
	Model  StateModel
	Phases []Phase
	// Rows are per member column, in the model's order; each has a cell
	// per phase.
	Rows [][]Cell
	// Variants are the scenarios of each variant, in the model's order.
	Variants [][]Scenario
}

// EmptyVariants returns the ids of the variants no scenario proves.
func (t StateTable) EmptyVariants() []string {
	var out []string
	for i, v := range t.Model.Variants {
		if len(t.Variants[i]) == 0 {
			out = append(out, v.ID)
		}
	}
	return out
}

// Empty returns the cells with neither a scenario nor a reason.
func (t StateTable) Empty() []Cell {
	var out []Cell
	for _, row := range t.Rows {
		for _, c := range row {
			if c.Empty() {
				out = append(out, c)
			}
		}
	}
	return out
}

// Counts returns how many cells the table has, how many scenarios fill,
// and how many are unreachable.
func (t StateTable) Counts() (cells, filled, unreachable int) {
	for _, row := range t.Rows {
		for _, c := range row {
			cells++
			switch {
			case len(c.Scenarios) > 0:
				filled++
			case c.Unreachable != "":
				unreachable++
			}
		}
	}
	return
}

// StateTags are a scenario's cell tags: the state (@state:<prefix>.<id>),
// its tick (@tick:same or @tick:later) and the writes it makes
// (@write:<member id>); the members are its @member: tags.
type StateTags struct {
	States   []string
	Tick     string
	Writes   []string
	Variants []string
}

func stateTags(s Scenario) StateTags {
	var t StateTags
	for _, tag := range s.Tags {
		switch {
		case strings.HasPrefix(tag, "@state:"):
			t.States = append(t.States, strings.TrimPrefix(tag, "@state:"))
		case strings.HasPrefix(tag, "@tick:"):
			t.Tick = strings.TrimPrefix(tag, "@tick:")
		case strings.HasPrefix(tag, "@write:"):
			t.Writes = append(t.Writes, strings.TrimPrefix(tag, "@write:"))
		case strings.HasPrefix(tag, "@variant:"):
			t.Variants = append(t.Variants, strings.TrimPrefix(tag, "@variant:"))
		}
	}
	return t
}

// cellsOf returns the (column, phase) cells of model that s fills.
func cellsOf(s Scenario, m StateModel) (cols []string, phases []Phase) {
	tags := stateTags(s)
	for _, st := range tags.States {
		id, ok := strings.CutPrefix(st, m.Prefix+".")
		if !ok {
			continue
		}
		phases = append(phases, Phase{State: id, Tick: tags.Tick})
	}
	if len(phases) == 0 {
		return nil, nil
	}
	writes := map[string]bool{}
	for _, w := range tags.Writes {
		writes[w] = true
	}
	for _, mem := range m.Members {
		for _, id := range s.Members {
			if mem.covers(id) && mem.Write == writes[mem.ID] {
				cols = append(cols, mem.Column())
				break
			}
		}
	}
	return cols, phases
}

// ComputeStates fills each model's cells from the features' tags.
func ComputeStates(features []Feature, models []StateModel) []StateTable {
	var out []StateTable
	for _, m := range models {
		t := StateTable{Model: m, Phases: m.Phases()}
		index := map[string]int{}
		for i, p := range t.Phases {
			index[p.String()] = i
		}
		t.Rows = make([][]Cell, len(m.Members))
		rowOf := map[string]int{}
		for i, mem := range m.Members {
			rowOf[mem.Column()] = i
			t.Rows[i] = make([]Cell, len(t.Phases))
			for j, p := range t.Phases {
				t.Rows[i][j] = Cell{Column: mem.Column(), Phase: p, Unreachable: m.unreachable(mem.Column(), p)}
			}
		}
		t.Variants = make([][]Scenario, len(m.Variants))
		for _, f := range features {
			for _, s := range f.Scenarios {
				for _, v := range stateTags(s).Variants {
					for i, mv := range m.Variants {
						if v == m.Prefix+"."+mv.ID {
							t.Variants[i] = append(t.Variants[i], s)
						}
					}
				}
				cols, phases := cellsOf(s, m)
				for _, p := range phases {
					j, ok := index[p.String()]
					if !ok {
						continue // the lint names it
					}
					for _, c := range cols {
						cell := &t.Rows[rowOf[c]][j]
						cell.Scenarios = append(cell.Scenarios, s)
					}
				}
			}
		}
		out = append(out, t)
	}
	return out
}

// LintStates returns every problem of the features' cell tags: a state
// no model has, a tick missing or out of place, a write of a member no
// model lets a program set, a state scenario that fills no cell, and a
// cell both filled and declared unreachable.
func LintStates(features []Feature, models []StateModel) []string {
	var problems []string
	byPrefix := map[string]StateModel{}
	for _, m := range models {
		byPrefix[m.Prefix] = m
	}
	for _, f := range features {
		for _, s := range f.Scenarios {
			tags := stateTags(s)
			for _, v := range tags.Variants {
				prefix, id, _ := strings.Cut(v, ".")
				found := false
				for _, mv := range byPrefix[prefix].Variants {
					found = found || mv.ID == id
				}
				if !found {
					problems = append(problems, fmt.Sprintf("%s: scenario %q: @variant:%s names no variant of a model (coverage/states)", f.Path, s.Name, v))
				}
			}
			if len(tags.States) == 0 {
				if tags.Tick != "" || len(tags.Writes) > 0 {
					problems = append(problems, fmt.Sprintf("%s: scenario %q has @tick: or @write: but no @state: tag", f.Path, s.Name))
				}
				continue
			}
			say := func(format string, args ...any) {
				problems = append(problems, fmt.Sprintf("%s: scenario %q: %s", f.Path, s.Name, fmt.Sprintf(format, args...)))
			}
			for _, st := range tags.States {
				prefix, id, _ := strings.Cut(st, ".")
				m, ok := byPrefix[prefix]
				if !ok {
					say("@state:%s names no class's model (coverage/states)", st)
					continue
				}
				var state *State
				for i := range m.States {
					if m.States[i].ID == id {
						state = &m.States[i]
					}
				}
				if state == nil {
					say("@state:%s: %s has no state %q", st, m.Class, id)
					continue
				}
				switch {
				case len(state.Ticks) > 0 && state.Ticks[tags.Tick] == "":
					say("@state:%s needs @tick:same or @tick:later", st)
				case len(state.Ticks) == 0 && tags.Tick != "":
					say("@state:%s has no ticks, so no @tick:%s", st, tags.Tick)
				}
				for _, w := range tags.Writes {
					found := false
					for _, mem := range m.Members {
						found = found || (mem.Write && mem.ID == w)
					}
					if !found {
						say("@write:%s: %s has no write column for it", w, m.Class)
					}
				}
				cols, phases := cellsOf(s, m)
				if len(cols) == 0 {
					say("@state:%s, but no @member: tag names a column of %s", st, m.Class)
				}
				for _, p := range phases {
					for _, c := range cols {
						if why := m.unreachable(c, p); why != "" {
							say("fills %s in %s, which %s calls unreachable (%s)", c, p, m.File, why)
						}
					}
				}
			}
		}
	}
	sort.Strings(problems)
	return problems
}
