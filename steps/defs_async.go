// The step that places a member's callbacks and events among the event
// loop's queues: what came after the last call returned, in order.

package steps

import (
	"fmt"
	"regexp"
	"strings"
)

// registerAsyncSteps adds the ordering step of the asynchrony features.
func (w *world) registerAsyncSteps(step func(pattern string, fn any)) {
	step(`^after the calls? returned came (.+), in that order$`, w.cameInOrder)
}

// orderItem is one entry of an ordering: a callback of the scenario's
// (its "call") or an event of an object.
type orderItem struct {
	text          string // as the step wrote it
	object, event string
}

var orderItemRE = regexp.MustCompile(`^(\w+)(?: '([\w-]+)')?$`)

func parseOrder(list string) ([]orderItem, error) {
	var items []orderItem
	for _, part := range strings.Split(list, ",") {
		part = strings.TrimSpace(part)
		m := orderItemRE.FindStringSubmatch(part)
		if m == nil {
			return nil, fmt.Errorf("step argument: %q is neither a callback's name nor an event (obj 'event')", part)
		}
		it := orderItem{text: part, object: m[1], event: m[2]}
		if it.event == "" {
			it.event = "call"
		}
		items = append(items, it)
	}
	if len(items) < 2 {
		return nil, fmt.Errorf("step argument: an order needs at least two entries, got %q", list)
	}
	return items, nil
}

// cameInOrder waits, bounded, until each entry has happened after the
// last call began, then checks that none happened before that call
// returned and that they came in the order written (each entry counted
// at its first occurrence). It fails as soon as every entry has come.
func (w *world) cameInOrder(list string) error {
	step := "after the call returned came " + list + ", in that order"
	items, err := parseOrder(list)
	if err != nil {
		return err
	}
	last, err := w.lastOutcome(step)
	if err != nil {
		return err
	}
	found := make([]Event, len(items))
	firsts := func(evs []Event) int {
		n := 0
		for i, it := range items {
			found[i] = Event{}
			for _, e := range evs {
				if e.Seq > last.before && e.Object == w.name(it.object) && e.Name == it.event {
					found[i] = e
					n++
					break
				}
			}
		}
		return n
	}
	ctx, cancel := w.ctx()
	defer cancel()
	events, werr := w.log.WaitFor(ctx, func(evs []Event) bool { return firsts(evs) == len(items) })
	firsts(events)
	var came []string
	for i, it := range items {
		switch e := found[i]; {
		case e.Name == "":
			return w.fail(step, it.text+" after the call returned", fmt.Sprintf("no %s within %s (%v)", it.text, w.timeout(), werr))
		case e.Seq <= last.seq:
			return w.fail(step, it.text+" after the call returned", fmt.Sprintf("%s came while %s ran", e, last.desc))
		}
		came = append(came, found[i].String())
	}
	for i := 1; i < len(items); i++ {
		if found[i].Seq < found[i-1].Seq {
			return w.fail(step, strings.Join(itemTexts(items), ", "),
				fmt.Sprintf("%s before %s: %s", items[i].text, items[i-1].text, strings.Join(came, "; ")))
		}
	}
	return nil
}

func itemTexts(items []orderItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.text
	}
	return out
}
