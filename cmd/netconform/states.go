package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/netconform/netconform/coverage"
)

// runStateCoverage prints every class's state table: a row per member,
// a column per state (and tick), each cell the number of scenarios that
// prove it, "-" where the model says no scenario can reach it, EMPTY
// where neither. It fails while a cell is empty or a tag is wrong.
func runStateCoverage(fs []coverage.Feature, models []coverage.StateModel, verbose bool, stdout io.Writer) int {
	status := 0
	for _, p := range coverage.LintStates(fs, models) {
		fmt.Fprintln(stdout, "LINT", p)
		status = 1
	}
	for _, t := range coverage.ComputeStates(fs, models) {
		cells, filled, unreachable := t.Counts()
		empty := t.Empty()
		if len(empty) > 0 {
			status = 1
		}
		fmt.Fprintf(stdout, "\n%s (coverage/states/%s): %d cells: %d with scenarios, %d unreachable, %d empty\n", t.Model.Class, t.Model.File, cells, filled, unreachable, len(empty))
		fmt.Fprint(stdout, "  states:")
		for i, p := range t.Phases {
			fmt.Fprintf(stdout, " %d=%s", i+1, p)
		}
		fmt.Fprintln(stdout)
		width := 0
		for _, m := range t.Model.Members {
			width = max(width, len(m.Column()))
		}
		fmt.Fprintf(stdout, "  %-*s", width, "member")
		for i := range t.Phases {
			fmt.Fprintf(stdout, " %5d", i+1)
		}
		fmt.Fprintln(stdout)
		for i, row := range t.Rows {
			fmt.Fprintf(stdout, "  %-*s", width, t.Model.Members[i].Column())
			for _, c := range row {
				mark := fmt.Sprint(len(c.Scenarios))
				switch {
				case c.Empty():
					mark = "EMPTY"
				case len(c.Scenarios) == 0:
					mark = "-"
				}
				fmt.Fprintf(stdout, " %5s", mark)
			}
			fmt.Fprintln(stdout)
		}
		if len(t.Model.Unreachable) > 0 {
			fmt.Fprintln(stdout, "  unreachable (-):")
			for _, u := range t.Model.Unreachable {
				fmt.Fprintf(stdout, "    %s in %s: %s\n", u.Member, coverage.Phase{State: u.State, Tick: u.Tick}, u.Why)
			}
		}
		for i, v := range t.Model.Variants {
			mark := fmt.Sprintf("%d scenarios", len(t.Variants[i]))
			if len(t.Variants[i]) == 0 {
				mark, status = "EMPTY: no scenario tagged @variant:"+t.Model.Prefix+"."+v.ID, 1
			}
			fmt.Fprintf(stdout, "  variant %s (%s): %s\n", v.ID, mark, v.Differs)
		}
		for _, c := range empty {
			fmt.Fprintf(stdout, "  EMPTY %s in %s: no scenario tagged @state:%s.%s%s with @member:%s, and no reason in the model\n",
				c.Column, c.Phase, t.Model.Prefix, c.Phase.State, tickTag(c.Phase), strings.TrimSuffix(c.Column, "="))
		}
		if verbose {
			for _, row := range t.Rows {
				for _, c := range row {
					for _, s := range c.Scenarios {
						fmt.Fprintf(stdout, "  %s in %s: %s :: %s\n", c.Column, c.Phase, s.Feature, s.Name)
					}
				}
			}
		}
	}
	return status
}

func tickTag(p coverage.Phase) string {
	if p.Tick == "" {
		return ""
	}
	return " @tick:" + p.Tick
}
