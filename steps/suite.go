package steps

import (
	"fmt"
	"io"
	"io/fs"
	"strings"
	"syscall"
	"testing"

	"github.com/cucumber/godog"
)

// RunOptions configure a run of the suite.
type RunOptions struct {
	Config
	FS          fs.FS    // the features
	Paths       []string // folders or files inside FS; all when empty
	Tags        string   // a godog tag expression, e.g. "@area:server && ~@slow"
	Format      string   // godog formats, e.g. "progress,cucumber:out.json"
	Concurrency int
	Output      io.Writer
	Randomize   int64
	// StopOnFailure stops scheduling scenarios after the first one that
	// fails (whether or not the expectations list it): a mutation run
	// needs only the first scenario that kills a mutant.
	StopOnFailure bool
	T             *testing.T // when run as a go test
	// Color lets the formats colour their output: for a terminal only
	// (the CLI decides), never for a file or a pipe.
	Color bool
}

// ProfileTags returns the tag expression that leaves out the scenarios
// of the other profile.
func ProfileTags(profile string) (string, error) {
	switch profile {
	case "", "v19":
		return "~@profile:v0.10", nil
	case "v0.10":
		return "~@profile:v19", nil
	}
	return "", fmt.Errorf("unknown profile %q (want v19 or v0.10)", profile)
}

// Run runs the features against the target and returns godog's status:
// 0 when every scenario passed.
func Run(o RunOptions) (int, error) {
	SetUmask()
	// godog's expressions are clauses joined by "&&", each a list of tags
	// joined by ","; so the profile's clause narrows any of them.
	selected := o.Config.baseline()
	if o.Config.AllVariants {
		selected = AnyBaseline
	}
	tags, err := SelectionFor(o.Profile, selected, o.Tags)
	if err != nil {
		return 2, err
	}
	if o.Format == "" {
		o.Format = "progress"
	}
	if o.Concurrency < 1 {
		o.Concurrency = 1
	}
	if _, ok := o.Target.(InProcess); ok && o.Concurrency == 1 {
		o.Config.exclusive = true
		if err := warmUp(o.Config); err != nil {
			return 2, err
		}
	}
	paths := o.Paths
	if len(paths) == 0 {
		paths = []string{"."}
	}
	suite := godog.TestSuite{
		Name:                "netconform",
		ScenarioInitializer: Initialize(o.Config),
		Options: &godog.Options{
			FS:            o.FS,
			Paths:         paths,
			Tags:          tags,
			Format:        o.Format,
			Concurrency:   o.Concurrency,
			Output:        o.Output,
			Strict:        true, // an undefined or pending step fails
			Randomize:     o.Randomize,
			StopOnFailure: o.StopOnFailure,
			TestingT:      o.T,
			NoColors:      !o.Color,
		},
	}
	return suite.Run(), nil
}

// CheckTags checks a tag expression in godog's grammar: clauses joined by
// "&&", each one or more tags joined by ",", a tag "@name" or "~@name"
// (not). godog itself panics on an empty tag.
func CheckTags(expr string) error {
	for _, clause := range strings.Split(expr, "&&") {
		for _, tag := range strings.Split(clause, ",") {
			t := strings.TrimSpace(tag)
			name := strings.TrimPrefix(strings.TrimPrefix(t, "~"), "@")
			if !strings.HasPrefix(strings.TrimPrefix(t, "~"), "@") || name == "" || strings.ContainsAny(name, " ()|!") {
				return fmt.Errorf("tag expression %q: %q is not a tag (write @name or ~@name; join with \",\" for or, \"&&\" for and; no parentheses)", expr, t)
			}
		}
	}
	return nil
}

// MatchTags reports whether a scenario with tags (each "@name") matches a
// tag expression in godog's grammar (see CheckTags), as godog decides.
func MatchTags(expr string, tags []string) bool {
	has := map[string]bool{}
	for _, t := range tags {
		has[strings.TrimPrefix(t, "@")] = true
	}
	for _, clause := range strings.Split(expr, "&&") {
		ok := false
		for _, tag := range strings.Split(clause, ",") {
			t := strings.TrimSpace(tag)
			if name, neg := strings.CutPrefix(t, "~"); neg {
				ok = ok || !has[strings.TrimPrefix(name, "@")]
			} else {
				ok = ok || has[strings.TrimPrefix(t, "@")]
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// Selection returns the tag expression a run uses: the user's, narrowed
// to the profile and to the default baseline.
func Selection(profile, tags string) (string, error) {
	return SelectionFor(profile, DefaultBaseline, tags)
}

// SelectionFor returns the tag expression a run uses: the user's,
// narrowed to the profile and to the baseline's @node: scenarios.
func SelectionFor(profile, baseline, tags string) (string, error) {
	expr, err := ProfileTags(profile)
	if err != nil {
		return "", err
	}
	if baseline == "" {
		baseline = DefaultBaseline
	}
	lines, err := BaselineTags(baseline)
	if err != nil {
		return "", err
	}
	if lines != "" {
		expr += " && " + lines
	}
	if tags != "" {
		if err := CheckTags(tags); err != nil {
			return "", err
		}
		expr = tags + " && " + expr
	}
	return expr, nil
}

// Umask is the file mode creation mask of every run: drivers inherit it
// from the runner, and the reference shares the runner's process. With
// 077 a new socket file is the owner's alone, so the bits other users get
// (readableAll, writableAll) come from the options, not from a lenient
// umask such as the usual 022.
const Umask = 0o077

// SetUmask sets the process's umask to Umask; Run calls it first.
func SetUmask() { syscall.Umask(Umask) }
