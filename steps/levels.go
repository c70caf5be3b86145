package steps

import (
	"fmt"
	"strings"

	"github.com/netconform/netconform/jsval"
)

// Level is how far a scenario, or one check of it, departs from Node:
// not at all, only in an error's message text, or in behaviour (values,
// events, their order and arguments, an error's class and code, what
// reaches the peer).
type Level string

// The levels of a verdict, from best to worst.
const (
	LevelFull      Level = "full"      // every check held, wording included
	LevelWording   Level = "wording"   // behaviour held; some error message read otherwise
	LevelBehaviour Level = "behaviour" // a check of behaviour failed
)

// Rank orders the levels: full 0, wording 1, behaviour 2. An empty
// Level is a failure nobody classified, so behaviour.
func (l Level) Rank() int {
	switch l {
	case LevelFull:
		return 0
	case LevelWording:
		return 1
	}
	return 2
}

// WordingFailures is what a scenario whose behaviour held failed on:
// each check whose only difference was an error's message. The scenario
// went on past each, so that a later behaviour failure would still show.
type WordingFailures []*Failure

func (ws WordingFailures) Error() string {
	parts := make([]string, len(ws))
	for i, f := range ws {
		parts[i] = f.Error()
	}
	return strings.Join(parts, "\n")
}

// wording records a check whose behaviour held but whose error message
// differed; the step then returns nil and the scenario goes on. The
// scenario fails at its end at the wording level, unless a later step
// fails in behaviour.
func (w *world) wording(step, expected, got string) {
	if len(w.wordings) == 0 {
		w.wordingStep = w.step
	}
	w.wordings = append(w.wordings, &Failure{Step: step, Expected: expected, Got: got, Events: w.log.Snapshot(), Level: LevelWording})
}

// withoutWording returns want with every error message it expects made
// a wildcard: what is left is the behaviour the check asks for. Only
// messages are wording; an object's "message" key counts as one, since
// the steps match an expected object against an error's fields.
func withoutWording(want jsval.Value) jsval.Value {
	switch x := want.(type) {
	case *jsval.Error:
		c := *x
		c.Message = "" // an empty expected message matches any
		if x.Props != nil {
			c.Props = withoutWording(x.Props).(*jsval.Object)
		}
		return &c
	case *jsval.Object:
		out := jsval.NewObject()
		for _, k := range x.Keys() {
			if k == "message" {
				out.Set(k, jsval.Any{})
				continue
			}
			out.Set(k, withoutWording(x.Get(k)))
		}
		return out
	case jsval.Array:
		out := make(jsval.Array, len(x))
		for i, e := range x {
			out[i] = withoutWording(e)
		}
		return out
	}
	return want
}

// hasWording reports whether want expects any error message at all: if
// not, a check of it is behaviour only.
func hasWording(want jsval.Value) bool {
	return jsval.Format(withoutWording(want)) != jsval.Format(want)
}

// levelOf judges got against want at both levels: LevelFull when match
// holds for want, LevelWording when it holds only once the messages are
// left out, LevelBehaviour when not even then.
func levelOf(match func(want, got jsval.Value) bool, want, got jsval.Value) Level {
	switch {
	case match(want, got):
		return LevelFull
	case hasWording(want) && match(withoutWording(want), got):
		return LevelWording
	}
	return LevelBehaviour
}

// verdict is a finished scenario's level and the error that fails it,
// given its steps' failure (stepErr), what its end found (endErr), and
// the wording mismatches recorded on the way. With ignoreWording, a
// scenario whose behaviour held passes; its mismatches are still
// returned as detail.
func verdict(stepErr, endErr error, wordings WordingFailures, ignoreWording bool) (level Level, failure, detail error) {
	if err := firstErr(stepErr, endErr); err != nil {
		if len(wordings) > 0 {
			err = fmt.Errorf("%w\n\nbefore it, differs in wording only:\n%s", err, wordings.Error())
		}
		return LevelBehaviour, err, err
	}
	if len(wordings) == 0 {
		return LevelFull, nil, nil
	}
	if ignoreWording {
		return LevelWording, nil, wordings
	}
	return LevelWording, wordings, wordings
}
