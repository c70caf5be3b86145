// Package jsval is the model of JavaScript values the suite passes around:
// the literals a step writes, the arguments a target receives, the results
// and event arguments it returns, and (encoded as JSON) what travels over
// the driver protocol.
//
// A Value is one of: Undefined, Null, bool, float64, string, Array,
// *Object, Bytes (a Buffer), Ref (an object that lives in the
// implementation, by name), Func (a callback, by name), *Error, or, only
// in literals a step writes, Ident (a bare name not yet resolved) and
// Any (a matcher).
package jsval

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/netconform/netconform/reference"
)

// Value is a JavaScript value; see the package comment for its types.
type Value = any

// Undefined is JavaScript's undefined.
type Undefined struct{}

// Null is JavaScript's null.
type Null struct{}

// Array is a JavaScript array.
type Array []Value

// Bytes is a Buffer's contents.
type Bytes []byte

// Ref names an object that lives in the implementation under test: a
// server, a socket, or anything else a call returned.
type Ref struct{ Name string }

// maxShownBytes is how much of a Buffer Format shows.
const maxShownBytes = 64

// Func names a callback the suite passed in; its calls are recorded as
// 'call' events of the object with that name.
type Func struct{ Name string }

// Ident is a bare name in a step's literal, resolved by the steps to a
// Ref (a known object) or a Func (a new callback).
type Ident struct{ Name string }

// Any matches any value of a JavaScript type ("Number", "String",
// "Object", "Function", "Boolean"); Type "" matches any value at all.
// It appears only in expected values.
type Any struct {
	Type    string
	Pattern *regexp.Regexp // for stringMatching("re"): a string matching re
}

// Error is a JavaScript Error: its class name, message, and own
// properties (code, errno, syscall, address, port, ...).
type Error struct {
	Name    string
	Message string
	Props   *Object
}

// Code returns the error's `code` property, or "".
func (e *Error) Code() string {
	if e == nil || e.Props == nil {
		return ""
	}
	s, _ := e.Props.Get("code").(string)
	return s
}

// Object is a plain JavaScript object, keeping its keys in order.
type Object struct {
	keys []string
	vals map[string]Value
}

// NewObject returns an object with the given key, value pairs.
func NewObject(kv ...any) *Object {
	o := &Object{vals: map[string]Value{}}
	for i := 0; i+1 < len(kv); i += 2 {
		o.Set(kv[i].(string), kv[i+1])
	}
	return o
}

// Set sets key to v, keeping the key's first position.
func (o *Object) Set(key string, v Value) {
	if o.vals == nil {
		o.vals = map[string]Value{}
	}
	if _, ok := o.vals[key]; !ok {
		o.keys = append(o.keys, key)
	}
	o.vals[key] = v
}

// Get returns the value of key, or Undefined.
func (o *Object) Get(key string) Value {
	if o == nil {
		return Undefined{}
	}
	if v, ok := o.vals[key]; ok {
		return v
	}
	return Undefined{}
}

// Has reports whether key is an own property.
func (o *Object) Has(key string) bool {
	if o == nil {
		return false
	}
	_, ok := o.vals[key]
	return ok
}

// Keys returns the keys in insertion order.
func (o *Object) Keys() []string {
	if o == nil {
		return nil
	}
	return append([]string(nil), o.keys...)
}

// Len returns the number of keys.
func (o *Object) Len() int {
	if o == nil {
		return 0
	}
	return len(o.keys)
}

// TypeOf returns JavaScript's typeof for v, with "null" for null and
// "array" for arrays, as Node's error messages distinguish them.
func TypeOf(v Value) string {
	switch v.(type) {
	case Undefined:
		return "undefined"
	case Null, nil:
		return "null"
	case bool:
		return "boolean"
	case float64, int:
		return "number"
	case string:
		return "string"
	case Func:
		return "function"
	case Array:
		return "array"
	}
	return "object"
}

// Format writes v in JavaScript syntax, as a reader of the features
// would write it: strings double-quoted with escapes, objects as
// {key: value}.
func Format(v Value) string {
	var b strings.Builder
	format(&b, v)
	return b.String()
}

func format(b *strings.Builder, v Value) {
	switch x := v.(type) {
	case Undefined:
		b.WriteString("undefined")
	case Null, nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case int:
		b.WriteString(strconv.Itoa(x))
	case float64:
		b.WriteString(FormatNumber(x))
	case string:
		b.WriteString(Quote(x))
	case Array:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			format(b, e)
		}
		b.WriteByte(']')
	case *Object:
		if x.Len() == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteByte('{')
		for i, k := range x.keys {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString(" ")
			b.WriteString(formatKey(k))
			b.WriteString(": ")
			format(b, x.vals[k])
		}
		b.WriteString(" }")
	case Bytes:
		// A failure report shows a long Buffer by its length and first
		// bytes: a multi-megabyte payload would drown the report.
		if len(x) > maxShownBytes {
			fmt.Fprintf(b, "<Buffer of %d bytes: %s...>", len(x), Quote(string(x[:maxShownBytes])))
			return
		}
		fmt.Fprintf(b, "<Buffer %s>", Quote(string(x)))
	case Ref:
		b.WriteString(x.Name)
	case Func:
		b.WriteString(x.Name)
	case Ident:
		b.WriteString(x.Name)
	case Any:
		if x.Pattern != nil {
			fmt.Fprintf(b, "stringMatching(%s)", Quote(x.Pattern.String()))
			return
		}
		fmt.Fprintf(b, "any(%s)", x.Type)
	case *Error:
		fmt.Fprintf(b, "%s", x.Name)
		if c := x.Code(); c != "" {
			fmt.Fprintf(b, " [%s]", c)
		}
		fmt.Fprintf(b, ": %s", x.Message)
		if x.Props != nil {
			var extra []string
			for _, k := range x.Props.keys {
				if k != "code" {
					extra = append(extra, formatKey(k)+": "+Format(x.Props.vals[k]))
				}
			}
			if len(extra) > 0 {
				fmt.Fprintf(b, " { %s }", strings.Join(extra, ", "))
			}
		}
	default:
		fmt.Fprintf(b, "<%T %v>", v, v)
	}
}

// FormatNumber writes a number as JavaScript prints it (String(f)),
// except that -0 reads "-0", as Node's inspect shows it.
func FormatNumber(f float64) string {
	if f == 0 && math.Signbit(f) {
		return "-0"
	}
	return reference.JSNumberString(f)
}

func formatKey(k string) string {
	if IsIdent(k) {
		return k
	}
	return Quote(k)
}

// IsIdent reports whether s is a JavaScript identifier (ASCII letters,
// digits, _ and $, not starting with a digit), which a property key can
// be written as without quotes.
func IsIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// Quote writes s as a double-quoted JavaScript string literal.
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Match reports whether got equals want, where want may hold Any
// matchers. Objects match when they have the same keys and values, in
// any order; an *Error matches an *Error with the same class, message and
// properties, or an Error whose want leaves the message empty when the
// code matches.
func Match(want, got Value) bool {
	switch w := want.(type) {
	case Any:
		if w.Pattern != nil {
			s, ok := got.(string)
			return ok && w.Pattern.MatchString(s)
		}
		return w.Type == "" || strings.EqualFold(w.Type, TypeOf(got)) ||
			strings.EqualFold(w.Type, "Buffer") && isBytes(got)
	case Undefined:
		_, ok := got.(Undefined)
		return ok
	case Null, nil:
		switch got.(type) {
		case Null, nil:
			return true
		}
		return false
	case int:
		return Match(float64(w), got)
	case float64:
		g, ok := toFloat(got)
		if !ok {
			return false
		}
		if math.IsNaN(w) {
			return math.IsNaN(g)
		}
		return w == g && math.Signbit(w) == math.Signbit(g)
	case bool, string, Ref, Func:
		return want == got
	case Bytes:
		g, ok := got.(Bytes)
		return ok && bytes.Equal(w, g)
	case Array:
		g, ok := got.(Array)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !Match(w[i], g[i]) {
				return false
			}
		}
		return true
	case *Object:
		g, ok := got.(*Object)
		if !ok || g.Len() != w.Len() {
			return false
		}
		for _, k := range w.keys {
			if !g.Has(k) || !Match(w.vals[k], g.vals[k]) {
				return false
			}
		}
		return true
	case *Error:
		g, ok := got.(*Error)
		if !ok {
			return false
		}
		if w.Name != "" && w.Name != g.Name || w.Message != "" && w.Message != g.Message {
			return false
		}
		for _, k := range w.Props.Keys() {
			if !Match(w.Props.vals[k], g.Props.Get(k)) {
				return false
			}
		}
		return true
	}
	return false
}

func isBytes(v Value) bool { _, ok := v.(Bytes); return ok }

func toFloat(v Value) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	}
	return 0, false
}

// SortedKeys returns an object's keys sorted, for stable output.
func SortedKeys(o *Object) []string {
	k := o.Keys()
	sort.Strings(k)
	return k
}

// Explain says where got differs from want, by the path of the first
// property or element that differs ("port: expected any(Number), got
// -1"); it returns "" when they match. It follows Match's rules.
func Explain(want, got Value) string {
	return explain("", want, got)
}

func explain(path string, want, got Value) string {
	if Match(want, got) {
		return ""
	}
	at := func(k string) string {
		if path == "" {
			return k
		}
		if strings.HasPrefix(k, "[") {
			return path + k
		}
		return path + "." + k
	}
	differs := func(p string, w, g Value) string {
		if p == "" {
			return fmt.Sprintf("expected %s, got %s", Format(w), Format(g))
		}
		return fmt.Sprintf("%s: expected %s, got %s", p, Format(w), Format(g))
	}
	switch w := want.(type) {
	case Array:
		g, ok := got.(Array)
		if !ok {
			break
		}
		if len(g) != len(w) {
			return fmt.Sprintf("%s: expected %d elements, got %d", at("length"), len(w), len(g))
		}
		for i := range w {
			if s := explain(at(fmt.Sprintf("[%d]", i)), w[i], g[i]); s != "" {
				return s
			}
		}
	case *Object:
		g, ok := got.(*Object)
		if !ok {
			break
		}
		for _, k := range w.keys {
			if !g.Has(k) {
				return fmt.Sprintf("%s: expected %s, got no such property", at(k), Format(w.vals[k]))
			}
			if s := explain(at(k), w.vals[k], g.vals[k]); s != "" {
				return s
			}
		}
		for _, k := range g.keys {
			if !w.Has(k) {
				return fmt.Sprintf("%s: expected no such property, got %s", at(k), Format(g.vals[k]))
			}
		}
	case *Error:
		g, ok := got.(*Error)
		if !ok {
			break
		}
		if w.Name != "" && w.Name != g.Name {
			return differs(at("name"), w.Name, g.Name)
		}
		for _, k := range w.Props.Keys() {
			if s := explain(at(k), w.Props.vals[k], g.Props.Get(k)); s != "" {
				return s
			}
		}
		if w.Message != "" && w.Message != g.Message {
			return differs(at("message"), w.Message, g.Message)
		}
	}
	return differs(path, want, got)
}
