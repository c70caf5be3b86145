// Package xsdcheck checks XML documents against the subset of XML Schema
// that junit-ci.xsd uses, so that netconform's tests need no tool
// outside Go to check the JUnit it writes. JUnitSchema returns that
// schema: the rules CI reporters hold JUnit XML to.
package xsdcheck

import (
	"bytes"
	_ "embed"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// The subset: top-level xs:element (by name, with an inline
// xs:complexType or type="xs:string"), xs:element ref with
// minOccurs/maxOccurs, xs:sequence and xs:choice with occurrences,
// xs:attribute with use="required", mixed content, and named
// xs:simpleType restrictions of xs:string by xs:pattern. Anything else in
// the schema is refused rather than ignored.

// node is a generic XML element.
type node struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []node     `xml:",any"`
	Text     string     `xml:",chardata"`
}

func (n node) attr(name string) (string, bool) {
	for _, a := range n.Attrs {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value, true
		}
	}
	return "", false
}

//go:embed junit-ci.xsd
var junitXSD []byte

// JUnitSchema returns junit-ci.xsd compiled.
func JUnitSchema() (*Schema, error) { return Parse(junitXSD) }

// Schema is a compiled schema.
type Schema struct {
	elements map[string]node           // top-level xs:element by name
	patterns map[string]*regexp.Regexp // xs:simpleType by name
}

// Parse compiles a schema; it refuses a construct it does not support
// rather than ignore it.
func Parse(data []byte) (*Schema, error) {
	var root node
	if err := xml.Unmarshal(data, &root); err != nil {
		return nil, err
	}
	s := &Schema{elements: map[string]node{}, patterns: map[string]*regexp.Regexp{}}
	for _, c := range root.Children {
		name, _ := c.attr("name")
		switch c.XMLName.Local {
		case "element":
			s.elements[name] = c
		case "simpleType":
			if len(c.Children) != 1 || c.Children[0].XMLName.Local != "restriction" {
				return nil, fmt.Errorf("simpleType %s: only a restriction is supported", name)
			}
			r := c.Children[0]
			if base, _ := r.attr("base"); base != "xs:string" || len(r.Children) != 1 || r.Children[0].XMLName.Local != "pattern" {
				return nil, fmt.Errorf("simpleType %s: only a pattern restriction of xs:string is supported", name)
			}
			p, _ := r.Children[0].attr("value")
			re, err := regexp.Compile("^(?:" + p + ")$") // XSD patterns match the whole value
			if err != nil {
				return nil, fmt.Errorf("simpleType %s: %w", name, err)
			}
			s.patterns[name] = re
		default:
			return nil, fmt.Errorf("unsupported top-level %s", c.XMLName.Local)
		}
	}
	return s, nil
}

// Validate checks an XML document against the schema and returns every
// violation; none when it is valid.
func (s *Schema) Validate(data []byte) []string {
	var root node
	dec := xml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		return []string{"not well-formed: " + err.Error()}
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return []string{"not well-formed after the root: " + err.Error()}
		}
		if _, ok := tok.(xml.StartElement); ok {
			return []string{"a second root element"}
		}
	}
	decl, ok := s.elements[root.XMLName.Local]
	if !ok {
		return []string{fmt.Sprintf("root element <%s> is not declared", root.XMLName.Local)}
	}
	var errs []string
	s.check(root, decl, "/"+root.XMLName.Local, &errs)
	return errs
}

func (s *Schema) check(n, decl node, path string, errs *[]string) {
	add := func(f string, a ...any) { *errs = append(*errs, path+": "+fmt.Sprintf(f, a...)) }
	if t, ok := decl.attr("type"); ok {
		if t != "xs:string" {
			add("schema: unsupported element type %s", t)
		}
		if len(n.Children) > 0 || len(n.Attrs) > 0 {
			add("a text-only element has attributes or children")
		}
		return
	}
	var ct node
	for _, c := range decl.Children {
		if c.XMLName.Local == "complexType" {
			ct = c
		}
	}
	mixed, _ := ct.attr("mixed")
	if mixed != "true" && strings.TrimSpace(n.Text) != "" {
		add("text %q where only elements may be", clipText(n.Text))
	}
	declared := map[string]node{}
	model := ""
	for _, c := range ct.Children {
		switch c.XMLName.Local {
		case "attribute":
			name, _ := c.attr("name")
			declared[name] = c
		case "sequence", "choice":
			model = s.particle(c, path, errs)
		default:
			add("schema: unsupported %s in complexType", c.XMLName.Local)
		}
	}
	for _, a := range n.Attrs {
		if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
			continue
		}
		d, ok := declared[a.Name.Local]
		if !ok || a.Name.Space != "" {
			add("attribute %q is not declared", a.Name.Local)
			continue
		}
		if t, _ := d.attr("type"); t != "xs:string" {
			re := s.patterns[t]
			if re == nil {
				add("schema: unknown type %s", t)
			} else if !re.MatchString(a.Value) {
				add("attribute %s=%q is not a %s", a.Name.Local, a.Value, t)
			}
		}
	}
	for name, d := range declared {
		if use, _ := d.attr("use"); use == "required" {
			if _, ok := n.attr(name); !ok {
				add("required attribute %q is missing", name)
			}
		}
	}
	var seq strings.Builder
	for _, c := range n.Children {
		seq.WriteString("<" + c.XMLName.Local + ">")
	}
	if !regexp.MustCompile("^" + model + "$").MatchString(seq.String()) {
		add("children %s do not match the content model", seq.String())
	}
	for i, c := range n.Children {
		d, ok := s.elements[c.XMLName.Local]
		if !ok {
			add("child <%s> is not declared", c.XMLName.Local)
			continue
		}
		s.check(c, d, fmt.Sprintf("%s/%s[%d]", path, c.XMLName.Local, i+1), errs)
	}
}

// particle turns a content model into a regular expression over the
// children's names, each written <name>.
func (s *Schema) particle(p node, path string, errs *[]string) string {
	var parts []string
	for _, c := range p.Children {
		switch c.XMLName.Local {
		case "element":
			ref, ok := c.attr("ref")
			if !ok {
				*errs = append(*errs, path+": schema: a local element must be a ref")
				continue
			}
			parts = append(parts, occurs(c, "(?:<"+regexp.QuoteMeta(ref)+">)"))
		case "sequence", "choice":
			parts = append(parts, s.particle(c, path, errs))
		default:
			*errs = append(*errs, path+": schema: unsupported particle "+c.XMLName.Local)
		}
	}
	sep := ""
	if p.XMLName.Local == "choice" {
		sep = "|"
	}
	return occurs(p, "(?:"+strings.Join(parts, sep)+")")
}

func occurs(n node, re string) string {
	lo, ok := n.attr("minOccurs")
	if !ok {
		lo = "1"
	}
	hi, ok := n.attr("maxOccurs")
	if !ok {
		hi = "1"
	}
	if hi == "unbounded" {
		hi = ""
	}
	return re + "{" + lo + "," + hi + "}"
}

func clipText(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}
