package reports

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"

	"github.com/netconform/netconform/steps"
)

// outlineSuffix is what godog's JUnit adds to a test case whose name
// repeats in its feature: " #2".
var outlineSuffix = regexp.MustCompile(` #\d+$`)

// LevelJUnit gives each failure of a JUnit report (godog's format) the
// level of its scenario as its type attribute: type="wording" when only
// an error's message differed, type="behaviour" otherwise. titles maps a
// feature's title (the test suite's name) to its file, as results name
// it. A failure that already has a type (godog's "undefined" and such)
// keeps it.
func LevelJUnit(data []byte, titles map[string]string, results []steps.Result) ([]byte, error) {
	level := map[string]steps.Level{}
	for _, r := range results {
		level[r.ID()] = LevelOf(r)
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	var out bytes.Buffer
	enc := xml.NewEncoder(&out)
	var suite, testcase string
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("junit: %w", err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			switch se.Name.Local {
			case "testsuite":
				suite = attr(se, "name")
			case "testcase":
				testcase = attr(se, "name")
			case "failure":
				if attr(se, "type") == "" {
					id := titles[suite] + " :: " + testcase
					l, ok := level[id]
					if !ok {
						l, ok = level[titles[suite]+" :: "+outlineSuffix.ReplaceAllString(testcase, "")]
					}
					if !ok {
						l = steps.LevelBehaviour
					}
					se.Attr = append(withoutAttr(se.Attr, "type"), xml.Attr{Name: xml.Name{Local: "type"}, Value: string(l)})
				}
			}
			tok = se
		}
		if err := enc.EncodeToken(xml.CopyToken(tok)); err != nil {
			return nil, fmt.Errorf("junit: %w", err)
		}
	}
	if err := enc.Flush(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func withoutAttr(attrs []xml.Attr, name string) []xml.Attr {
	var out []xml.Attr
	for _, a := range attrs {
		if a.Name.Local != name {
			out = append(out, a)
		}
	}
	return out
}
