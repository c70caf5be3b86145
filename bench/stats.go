package main

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
)

// spreadLimit is the spread of a server's rounds, (max-min)/median,
// above which the run warns that the median may not hold.
const spreadLimit = 0.20

// summary is what the rounds of one server and metric measured.
type summary struct {
	min, median, max float64
	n                int
}

func summarize(xs []float64) summary {
	if len(xs) == 0 {
		return summary{}
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return summary{min: s[0], median: m, max: s[len(s)-1], n: len(s)}
}

// spread is (max-min)/median: 0.2 means the rounds range over a fifth
// of the median.
func (s summary) spread() float64 {
	if s.median == 0 {
		return 0
	}
	return (s.max - s.min) / s.median
}

// metric is one row of the table.
type metric struct {
	label string
	get   func(server string) []float64
	// condition marks a row that describes the run (how long a server
	// waited for a CPU) rather than measures the server: it gets no
	// ratio and no spread warning.
	condition bool
}

// num prints a figure with three significant digits or so.
func num(x float64) string {
	switch a := math.Abs(x); {
	case a >= 1e6:
		return fmt.Sprintf("%.2fM", x/1e6)
	case a >= 1e4:
		return fmt.Sprintf("%.1fk", x/1e3)
	case a >= 100:
		return fmt.Sprintf("%.0f", x)
	default:
		return fmt.Sprintf("%.1f", x)
	}
}

// printTables writes the table of every server's min–median–max and
// the table of the reference's ratios to the others, then a warning for
// every server and metric whose rounds spread over spreadLimit. It
// returns the warnings' count.
func printTables(w io.Writer, names []string, metrics []metric) int {
	fmt.Fprintf(w, "\n| metric: median (min–max) over the rounds | %s |\n|---|%s\n",
		strings.Join(names, " | "), strings.Repeat("---|", len(names)))
	var warnings []string
	for _, m := range metrics {
		fmt.Fprintf(w, "| %s |", m.label)
		for _, n := range names {
			s := summarize(m.get(n))
			switch {
			case s.n == 0:
				fmt.Fprintf(w, " - |")
			case s.n == 1:
				fmt.Fprintf(w, " %s |", num(s.median))
			default:
				fmt.Fprintf(w, " %s (%s–%s) |", num(s.median), num(s.min), num(s.max))
				if s.spread() > spreadLimit && !m.condition {
					warnings = append(warnings, fmt.Sprintf("warning: %s, %s: its %d rounds spread %.0f%% of the median (%s to %s); that median may not hold",
						n, m.label, s.n, 100*s.spread(), num(s.min), num(s.max)))
				}
			}
		}
		fmt.Fprintln(w)
	}
	if len(names) > 1 && names[0] == "reference" {
		others := names[1:]
		fmt.Fprintf(w, "\n| reference / other, medians (>1 is the reference ahead on rates, behind on CPU and memory) | %s |\n|---|%s\n",
			strings.Join(others, " | "), strings.Repeat("---|", len(others)))
		for _, m := range metrics {
			if m.condition {
				continue
			}
			fmt.Fprintf(w, "| %s |", m.label)
			ref := summarize(m.get("reference"))
			for _, n := range others {
				o := summarize(m.get(n))
				if ref.n == 0 || o.n == 0 || o.median == 0 {
					fmt.Fprintf(w, " - |")
					continue
				}
				fmt.Fprintf(w, " %.2fx |", ref.median/o.median)
			}
			fmt.Fprintln(w)
		}
	}
	if len(warnings) > 0 {
		fmt.Fprintln(w)
		for _, s := range warnings {
			fmt.Fprintln(w, s)
		}
	}
	return len(warnings)
}
