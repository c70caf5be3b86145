package jsval_test

import (
	"bytes"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/netconform/netconform/jsval"
)

var negZero = math.Copysign(0, -1)

func TestObject(t *testing.T) {
	o := jsval.NewObject("b", 1.0, "a", "x")
	if o.Len() != 2 {
		t.Fatalf("Len = %d, want 2", o.Len())
	}
	if got := strings.Join(o.Keys(), ","); got != "b,a" {
		t.Errorf("Keys = %q, want insertion order b,a", got)
	}
	if got := strings.Join(jsval.SortedKeys(o), ","); got != "a,b" {
		t.Errorf("SortedKeys = %q, want a,b", got)
	}

	// Set of an existing key keeps its position.
	o.Set("b", 2.0)
	o.Set("c", true)
	if got := strings.Join(o.Keys(), ","); got != "b,a,c" {
		t.Errorf("Keys after Set = %q, want b,a,c", got)
	}
	if o.Get("b") != 2.0 {
		t.Errorf("Get(b) = %v, want 2", o.Get("b"))
	}
	if !o.Has("c") || o.Has("d") {
		t.Errorf("Has(c) = %v, Has(d) = %v", o.Has("c"), o.Has("d"))
	}
	if _, ok := o.Get("d").(jsval.Undefined); !ok {
		t.Errorf("Get of a missing key = %#v, want Undefined", o.Get("d"))
	}

	// A key set to undefined is still an own property.
	o.Set("u", jsval.Undefined{})
	if !o.Has("u") || o.Len() != 4 {
		t.Errorf("a key set to undefined: Has = %v, Len = %d", o.Has("u"), o.Len())
	}

	// Keys returns a copy.
	k := o.Keys()
	k[0] = "zzz"
	if o.Keys()[0] != "b" {
		t.Errorf("changing the slice Keys returned changed the object")
	}

	// The zero Object and a nil *Object are usable.
	var zero jsval.Object
	zero.Set("k", 1.0)
	if zero.Get("k") != 1.0 || zero.Len() != 1 {
		t.Errorf("zero Object after Set: %#v", zero)
	}
	var nilObj *jsval.Object
	if nilObj.Len() != 0 || nilObj.Has("x") || nilObj.Keys() != nil {
		t.Errorf("nil *Object is not empty")
	}
	if _, ok := nilObj.Get("x").(jsval.Undefined); !ok {
		t.Errorf("nil *Object Get = %#v, want Undefined", nilObj.Get("x"))
	}

	// An odd trailing key in NewObject is ignored.
	if o := jsval.NewObject("a", 1.0, "b"); o.Len() != 1 {
		t.Errorf("NewObject with a dangling key has %d keys", o.Len())
	}
}

func TestErrorCode(t *testing.T) {
	e := &jsval.Error{Name: "Error", Message: "m", Props: jsval.NewObject("code", "EADDRINUSE")}
	if e.Code() != "EADDRINUSE" {
		t.Errorf("Code = %q", e.Code())
	}
	if (&jsval.Error{Name: "Error"}).Code() != "" {
		t.Errorf("an error without props has a code")
	}
	if (&jsval.Error{Props: jsval.NewObject("code", 5.0)}).Code() != "" {
		t.Errorf("a non-string code is reported")
	}
	var nilErr *jsval.Error
	if nilErr.Code() != "" {
		t.Errorf("nil *Error has a code")
	}
}

func TestTypeOf(t *testing.T) {
	tests := []struct {
		v    jsval.Value
		want string
	}{
		{jsval.Undefined{}, "undefined"},
		{jsval.Null{}, "null"},
		{nil, "null"},
		{true, "boolean"},
		{1.5, "number"},
		{3, "number"},
		{"s", "string"},
		{jsval.Func{Name: "cb"}, "function"},
		{jsval.Array{}, "array"},
		{jsval.NewObject(), "object"},
		{jsval.Bytes("x"), "object"},
		{jsval.Ref{Name: "srv"}, "object"},
		{&jsval.Error{}, "object"},
	}
	for _, tt := range tests {
		if got := jsval.TypeOf(tt.v); got != tt.want {
			t.Errorf("TypeOf(%#v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		f    float64
		want string
	}{
		{0, "0"},
		{negZero, "-0"},
		{1, "1"},
		{-2.5, "-2.5"},
		{100000, "100000"},
		{0.1, "0.1"},
		{1e21, "1e+21"},
		{math.NaN(), "NaN"},
		{math.Inf(1), "Infinity"},
		{math.Inf(-1), "-Infinity"},
	}
	for _, tt := range tests {
		if got := jsval.FormatNumber(tt.f); got != tt.want {
			t.Errorf("FormatNumber(%v) = %q, want %q", tt.f, got, tt.want)
		}
	}
}

func TestQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `""`},
		{"abc", `"abc"`},
		{`say "hi"`, `"say \"hi\""`},
		{`back\slash`, `"back\\slash"`},
		{"a\r\nb\tc", `"a\r\nb\tc"`},
		{"\x00\x1f\x7f", `"\x00\x1f\x7f"`},
		{"\b\f\v", `"\x08\x0c\x0b"`},
		{"it's", `"it's"`},
		{"héllo ✓ 😀", `"héllo ✓ 😀"`},
	}
	for _, tt := range tests {
		got := jsval.Quote(tt.in)
		if got != tt.want {
			t.Errorf("Quote(%q) = %s, want %s", tt.in, got, tt.want)
		}
		// Quote's output is a literal Parse reads back.
		if back, err := jsval.Parse(got); err != nil || back != tt.in {
			t.Errorf("Parse(Quote(%q)) = %#v, %v", tt.in, back, err)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		v    jsval.Value
		want string
	}{
		{jsval.Undefined{}, "undefined"},
		{jsval.Null{}, "null"},
		{nil, "null"},
		{true, "true"},
		{false, "false"},
		{7, "7"},
		{-1.5, "-1.5"},
		{negZero, "-0"},
		{math.NaN(), "NaN"},
		{"a\"b", `"a\"b"`},
		{jsval.Array{}, "[]"},
		{jsval.Array{1.0, "x", jsval.Array{jsval.Null{}}}, `[1, "x", [null]]`},
		{jsval.NewObject(), "{}"},
		{jsval.NewObject("b", 1.0, "a b", "x", "$ok_1", true, "1x", 2.0, "", 3.0),
			`{ b: 1, "a b": "x", $ok_1: true, "1x": 2, "": 3 }`},
		{jsval.Bytes("hi\n"), `<Buffer "hi\n">`},
		{jsval.Ref{Name: "srv"}, "srv"},
		{jsval.Func{Name: "cb1"}, "cb1"},
		{jsval.Ident{Name: "bound.port"}, "bound.port"},
		{jsval.Any{Type: "Number"}, "any(Number)"},
		{jsval.Any{}, "any()"},
		{jsval.Any{Type: "string", Pattern: regexp.MustCompile(`^a"b$`)}, `stringMatching("^a\"b$")`},
		{&jsval.Error{Name: "RangeError", Message: "bad port",
			Props: jsval.NewObject("code", "ERR_SOCKET_BAD_PORT")},
			"RangeError [ERR_SOCKET_BAD_PORT]: bad port"},
		{&jsval.Error{Name: "Error", Message: "listen EADDRINUSE",
			Props: jsval.NewObject("code", "EADDRINUSE", "errno", -98.0, "syscall", "listen")},
			`Error [EADDRINUSE]: listen EADDRINUSE { errno: -98, syscall: "listen" }`},
		{&jsval.Error{Name: "TypeError", Message: "m"}, "TypeError: m"},
		{struct{ X int }{1}, "<struct { X int } {1}>"},
	}
	for _, tt := range tests {
		if got := jsval.Format(tt.v); got != tt.want {
			t.Errorf("Format(%#v) = %s\n want %s", tt.v, got, tt.want)
		}
	}
}

// TestFormatRoundTrip checks that what Format writes, Parse reads back as
// an equal value, for the kinds of values Parse can produce.
func TestFormatRoundTrip(t *testing.T) {
	values := []jsval.Value{
		jsval.Undefined{},
		jsval.Null{},
		true,
		false,
		0.0,
		negZero,
		42.0,
		-3.75,
		1e21,
		1e-7,
		5e-324,
		math.MaxFloat64,
		math.NaN(),
		math.Inf(1),
		math.Inf(-1),
		"",
		"plain",
		"quotes \" and ' and \\",
		"control \x00\x01\b\f\v\r\n\t\x7f",
		"unicode é € 😀 \u2028",
		jsval.Array{},
		jsval.Array{1.0, "two", jsval.Array{jsval.Null{}, jsval.Undefined{}}},
		jsval.NewObject(),
		jsval.NewObject("port", 0.0, "host", "127.0.0.1", "nested", jsval.NewObject("k", jsval.Array{negZero})),
		jsval.NewObject("a b", 1.0, "", 2.0, "1st", 3.0, "true", 4.0, "é", 5.0, "x\"y", 6.0),
	}
	for _, v := range values {
		s := jsval.Format(v)
		back, err := jsval.Parse(s)
		if err != nil {
			t.Errorf("Parse(Format(%#v)) = Parse(%s): %v", v, s, err)
			continue
		}
		if !jsval.Match(v, back) {
			t.Errorf("Parse(%s) = %s, does not match the original", s, jsval.Format(back))
		}
		if again := jsval.Format(back); again != s {
			t.Errorf("Format is not stable: %s then %s", s, again)
		}
	}

	// Matchers and names come back as themselves too.
	for _, s := range []string{"any(Number)", "any()", `stringMatching("^x+$")`, "bound.port", `[srv, any(String)]`} {
		v := mustParse(t, s)
		if got := jsval.Format(v); got != s {
			t.Errorf("Format(Parse(%s)) = %s", s, got)
		}
	}
}

func TestMatchNumbers(t *testing.T) {
	tests := []struct {
		want, got jsval.Value
		match     bool
	}{
		{1.0, 1.0, true},
		{1.0, 2.0, false},
		{1, 1.0, true}, // an int want matches the same float
		{1.0, 1, true},
		{math.NaN(), math.NaN(), true},
		{math.NaN(), 0.0, false},
		{0.0, math.NaN(), false},
		{0.0, 0.0, true},
		{negZero, negZero, true},
		{0.0, negZero, false},
		{negZero, 0.0, false},
		{math.Inf(1), math.Inf(1), true},
		{math.Inf(1), math.Inf(-1), false},
		{1.0, "1", false},
		{1.0, true, false},
	}
	for _, tt := range tests {
		if got := jsval.Match(tt.want, tt.got); got != tt.match {
			t.Errorf("Match(%s, %s) = %v, want %v", jsval.Format(tt.want), jsval.Format(tt.got), got, tt.match)
		}
	}
}

func TestMatchScalarsAndRefs(t *testing.T) {
	tests := []struct {
		want, got jsval.Value
		match     bool
	}{
		{jsval.Undefined{}, jsval.Undefined{}, true},
		{jsval.Undefined{}, jsval.Null{}, false},
		{jsval.Null{}, jsval.Null{}, true},
		{jsval.Null{}, nil, true},
		{nil, jsval.Null{}, true},
		{jsval.Null{}, jsval.Undefined{}, false},
		{jsval.Null{}, 0.0, false},
		{true, true, true},
		{true, false, false},
		{true, 1.0, false},
		{"a", "a", true},
		{"a", "A", false},
		{"1", 1.0, false},
		{jsval.Ref{Name: "s"}, jsval.Ref{Name: "s"}, true},
		{jsval.Ref{Name: "s"}, jsval.Ref{Name: "t"}, false},
		{jsval.Ref{Name: "s"}, jsval.Func{Name: "s"}, false},
		{jsval.Func{Name: "cb"}, jsval.Func{Name: "cb"}, true},
		{jsval.Bytes("hi"), jsval.Bytes("hi"), true},
		{jsval.Bytes("hi"), jsval.Bytes("ho"), false},
		{jsval.Bytes("hi"), "hi", false},
		{jsval.Bytes{}, jsval.Bytes(nil), true},
		// An unresolved name matches nothing, not even itself.
		{jsval.Ident{Name: "x"}, jsval.Ident{Name: "x"}, false},
	}
	for _, tt := range tests {
		if got := jsval.Match(tt.want, tt.got); got != tt.match {
			t.Errorf("Match(%#v, %#v) = %v, want %v", tt.want, tt.got, got, tt.match)
		}
	}
}

func TestMatchArraysAndObjects(t *testing.T) {
	o1 := jsval.NewObject("a", 1.0, "b", jsval.Array{"x", 2.0})
	o2 := jsval.NewObject("b", jsval.Array{"x", 2.0}, "a", 1.0)
	if !jsval.Match(o1, o2) || !jsval.Match(o2, o1) {
		t.Errorf("objects with the same keys in another order do not match")
	}
	if jsval.Match(o1, jsval.NewObject("a", 1.0)) {
		t.Errorf("an object missing a key matches")
	}
	if jsval.Match(jsval.NewObject("a", 1.0), o1) {
		t.Errorf("an object with an extra key matches")
	}
	if jsval.Match(jsval.NewObject("a", 1.0, "b", 2.0), jsval.NewObject("a", 1.0, "c", 2.0)) {
		t.Errorf("objects with different keys match")
	}
	if jsval.Match(jsval.NewObject("a", jsval.Undefined{}), jsval.NewObject()) {
		t.Errorf("{a: undefined} matches {}")
	}
	if jsval.Match(o1, jsval.Array{}) || jsval.Match(jsval.NewObject(), jsval.Null{}) {
		t.Errorf("an object matches a non-object")
	}

	if !jsval.Match(jsval.Array{1.0, "a"}, jsval.Array{1.0, "a"}) {
		t.Errorf("equal arrays do not match")
	}
	if jsval.Match(jsval.Array{1.0, "a"}, jsval.Array{"a", 1.0}) {
		t.Errorf("arrays match regardless of order")
	}
	if jsval.Match(jsval.Array{1.0}, jsval.Array{1.0, 2.0}) || jsval.Match(jsval.Array{1.0, 2.0}, jsval.Array{1.0}) {
		t.Errorf("arrays of different lengths match")
	}
	if jsval.Match(jsval.Array{}, jsval.NewObject()) {
		t.Errorf("an array matches an object")
	}

	// Matchers work at any depth.
	want := jsval.NewObject("port", jsval.Any{Type: "Number"}, "list", jsval.Array{jsval.Any{}})
	if !jsval.Match(want, jsval.NewObject("list", jsval.Array{jsval.Null{}}, "port", 8080.0)) {
		t.Errorf("nested matchers do not match")
	}
	if jsval.Match(want, jsval.NewObject("list", jsval.Array{jsval.Null{}}, "port", "8080")) {
		t.Errorf("any(Number) inside an object matches a string")
	}
}

func TestMatchAny(t *testing.T) {
	tests := []struct {
		typ   string
		got   jsval.Value
		match bool
	}{
		{"", jsval.Undefined{}, true},
		{"", jsval.Null{}, true},
		{"", "x", true},
		{"Number", 1.0, true},
		{"Number", 1, true},
		{"Number", math.NaN(), true},
		{"number", 1.0, true}, // the type is case-insensitive
		{"Number", "1", false},
		{"String", "", true},
		{"String", 1.0, false},
		{"Boolean", false, true},
		{"Boolean", jsval.Null{}, false},
		{"Function", jsval.Func{Name: "f"}, true},
		{"Function", jsval.Ref{Name: "f"}, false},
		{"Object", jsval.NewObject(), true},
		{"Object", jsval.Ref{Name: "srv"}, true},
		{"Object", &jsval.Error{}, true},
		{"Object", jsval.Null{}, false},
		{"Object", "x", false},
		{"Array", jsval.Array{}, true},
		{"Buffer", jsval.Bytes("x"), true},
		{"Buffer", "x", false},
		{"Undefined", jsval.Undefined{}, true},
	}
	for _, tt := range tests {
		if got := jsval.Match(jsval.Any{Type: tt.typ}, tt.got); got != tt.match {
			t.Errorf("Match(any(%s), %#v) = %v, want %v", tt.typ, tt.got, got, tt.match)
		}
	}

	re := jsval.Any{Type: "string", Pattern: regexp.MustCompile(`^connect ECONNREFUSED 127\.0\.0\.1:\d+$`)}
	if !jsval.Match(re, "connect ECONNREFUSED 127.0.0.1:4000") {
		t.Errorf("stringMatching does not match")
	}
	if jsval.Match(re, "connect ECONNREFUSED ::1:4000") {
		t.Errorf("stringMatching matches a string it should not")
	}
	if jsval.Match(jsval.Any{Type: "string", Pattern: regexp.MustCompile(`.*`)}, 1.0) {
		t.Errorf("stringMatching matches a number")
	}
	// A matcher is only meaningful as the expected value.
	if jsval.Match(1.0, jsval.Any{Type: "Number"}) {
		t.Errorf("a matcher given as the actual value matches")
	}
}

func TestMatchErrors(t *testing.T) {
	got := &jsval.Error{Name: "Error", Message: "listen EADDRINUSE: address already in use 127.0.0.1:80",
		Props: jsval.NewObject("code", "EADDRINUSE", "errno", -98.0, "syscall", "listen", "port", 80.0)}

	byCode := &jsval.Error{Props: jsval.NewObject("code", "EADDRINUSE")}
	if !jsval.Match(byCode, got) {
		t.Errorf("an error does not match by code alone")
	}
	if jsval.Match(&jsval.Error{Props: jsval.NewObject("code", "ECONNREFUSED")}, got) {
		t.Errorf("an error matches another code")
	}
	full := &jsval.Error{Name: "Error", Message: got.Message,
		Props: jsval.NewObject("syscall", "listen", "code", "EADDRINUSE", "port", jsval.Any{Type: "Number"})}
	if !jsval.Match(full, got) {
		t.Errorf("an error does not match its name, message and some properties")
	}
	if jsval.Match(&jsval.Error{Name: "TypeError", Props: jsval.NewObject("code", "EADDRINUSE")}, got) {
		t.Errorf("an error matches another class")
	}
	if jsval.Match(&jsval.Error{Message: "other", Props: jsval.NewObject("code", "EADDRINUSE")}, got) {
		t.Errorf("an error matches another message")
	}
	if jsval.Match(&jsval.Error{Props: jsval.NewObject("address", "127.0.0.1")}, got) {
		t.Errorf("an error matches a property it does not have")
	}
	if !jsval.Match(&jsval.Error{}, got) {
		t.Errorf("an empty expected error does not match any error")
	}
	if jsval.Match(byCode, jsval.NewObject("code", "EADDRINUSE")) {
		t.Errorf("an expected error matches a plain object")
	}
	// An error with no properties is matched as having none.
	if jsval.Match(byCode, &jsval.Error{Name: "Error", Message: "x"}) {
		t.Errorf("an expected code matches an error without properties")
	}
}

func TestFormatNumberIsJavaScripts(t *testing.T) {
	// Expected strings are what String(x) gives in Node.js 20.
	for x, want := range map[float64]string{
		0: "0", 1: "1", -1: "-1", 1.5: "1.5", 4294967295: "4294967295", 1e21: "1e+21", 1e20: "100000000000000000000",
		123456789012: "123456789012", 0.1: "0.1", 1e-6: "0.000001", 1e-7: "1e-7", 1.25e-7: "1.25e-7", -2.5e30: "-2.5e+30",
		65536: "65536", 0.000123: "0.000123",
	} {
		if got := jsval.FormatNumber(x); got != want {
			t.Errorf("FormatNumber(%v) = %q, want %q", x, got, want)
		}
	}
}

func TestFormatClipsLongBuffers(t *testing.T) {
	long := jsval.Bytes(bytes.Repeat([]byte("x"), 1<<20))
	got := jsval.Format(long)
	want := `<Buffer of 1048576 bytes: "` + strings.Repeat("x", 64) + `"...>`
	if got != want {
		t.Errorf("Format of a 1 MiB Buffer = %.120q..., want %q", got, want)
	}
	if got := jsval.Format(jsval.Bytes("hi")); got != `<Buffer "hi">` {
		t.Errorf("Format of a short Buffer = %q", got)
	}
}

func TestExplain(t *testing.T) {
	cases := []struct{ want, got, says string }{
		{`{port: any(Number)}`, `{port: "-1"}`, `port: expected any(Number), got "-1"`},
		{`{a: {b: 1}}`, `{a: {b: 2}}`, `a.b: expected 1, got 2`},
		{`[1, 2]`, `[1, 3]`, `[1]: expected 2, got 3`},
		{`[1, 2]`, `[1]`, `length: expected 2 elements, got 1`},
		{`{a: 1}`, `{a: 1, b: 2}`, `b: expected no such property, got 2`},
		{`{a: 1}`, `{}`, `a: expected 1, got no such property`},
		{`true`, `false`, `expected true, got false`},
		{`{a: 1}`, `{a: 1}`, ``},
	}
	for _, c := range cases {
		w, err := jsval.Parse(c.want)
		if err != nil {
			t.Fatal(err)
		}
		g, err := jsval.Parse(c.got)
		if err != nil {
			t.Fatal(err)
		}
		if got := jsval.Explain(w, g); got != c.says {
			t.Errorf("Explain(%s, %s) = %q, want %q", c.want, c.got, got, c.says)
		}
	}
}
