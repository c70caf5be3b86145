package reports

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/netconform/netconform/expectations"
)

// The JUnit XML that WriteJUnit writes, in the shape CI reporters read
// (Jenkins' junit and xunit plugins, GitLab, GitHub test-reporter
// actions): one <testsuite> per feature file, one <testcase> per
// scenario with classname = the feature's path.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	File       string          `xml:"file,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Skipped   *junitOutcome `xml:"skipped"`
	Failure   *junitOutcome `xml:"failure"`
	Error     *junitOutcome `xml:"error"`
}

type junitOutcome struct {
	Type    string `xml:"type,attr,omitempty"`
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes a run's verdicts as JUnit XML, judged against the
// expectations as the run's exit status is: an expected failure is a
// <skipped> test whose message is the reason it is expected, so a run
// that matches its expectations shows no failure; an unexpected pass is
// a <failure> saying which entry to remove; an unexpected failure is a
// <failure> with the scenario's message.
func WriteJUnit(w io.Writer, r Run) error {
	doc := junitSuites{Name: fmt.Sprintf("netconform %s (profile %s)", r.Target, r.Profile)}
	byFeature := map[string]*junitSuite{}
	var durations = map[string]time.Duration{}
	var total time.Duration
	for _, j := range r.Report.Judged {
		s := byFeature[j.Feature]
		if s == nil {
			s = &junitSuite{Name: j.Feature, File: "features/" + j.Feature, Properties: []junitProperty{
				{"target", r.Target}, {"profile", r.Profile}}}
			byFeature[j.Feature] = s
		}
		c := junitCase{Name: j.Scenario, Classname: j.Feature, Time: seconds(j.Duration)}
		// A failure's type is its level: "wording" when only an error's
		// message differs from Node's, "behaviour" otherwise.
		level := string(LevelOf(j.Result))
		switch j.Verdict {
		case expectations.ExpectedFail:
			c.Skipped = &junitOutcome{Type: level, Message: "expected failure: " + entryReason(j.Entry), Text: j.Message}
			s.Skipped++
		case expectations.UnexpectedPass:
			c.Failure = &junitOutcome{Type: "UnexpectedPass", Message: "passed, but the expectations list it as failing (" +
				entryReason(j.Entry) + "): remove its entry", Text: "listed as failing: " + entryReason(j.Entry)}
			s.Failures++
		case expectations.UnexpectedFail:
			c.Failure = &junitOutcome{Type: level, Message: firstLine(j.Message), Text: j.Message}
			s.Failures++
		}
		s.Tests++
		s.Cases = append(s.Cases, c)
		durations[j.Feature] += j.Duration
		total += j.Duration
	}
	names := make([]string, 0, len(byFeature))
	for n := range byFeature {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		s := byFeature[n]
		s.Time = seconds(durations[n])
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Suites = append(doc.Suites, *s)
	}
	doc.Time = seconds(total)
	if r.Elapsed > 0 {
		doc.Time = seconds(r.Elapsed)
	}
	if r.Err != "" {
		// What went wrong around the run (a process left behind) fails it:
		// a suite of its own, so CI shows it.
		doc.Suites = append(doc.Suites, junitSuite{Name: "run", Tests: 1, Errors: 1, Time: "0", Cases: []junitCase{{
			Name: "the run ends cleanly", Classname: "run", Time: "0",
			Error: &junitOutcome{Type: "RunError", Message: firstLine(r.Err), Text: r.Err}}}})
		doc.Tests++
		doc.Errors++
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func entryReason(e *expectations.Entry) string {
	if e == nil {
		return ""
	}
	return e.Reason
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
