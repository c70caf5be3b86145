package jsval_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/netconform/netconform/jsval"
)

func mustParse(t *testing.T, s string) jsval.Value {
	t.Helper()
	v, err := jsval.Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): unexpected error %v", s, err)
	}
	return v
}

// sameFloat reports whether a and b are the same float64, telling -0
// from 0 and treating every NaN as the same value.
func sameFloat(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Float64bits(a) == math.Float64bits(b)
}

// syntaxError asserts that err is a *jsval.SyntaxError for input, with
// the given offset and a message containing msg.
func syntaxError(t *testing.T, input string, err error, offset int, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%q: got no error, want a syntax error containing %q", input, msg)
	}
	var se *jsval.SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("%q: error %v (%T) is not a *jsval.SyntaxError", input, err, err)
	}
	if se.Input != input {
		t.Errorf("%q: SyntaxError.Input = %q", input, se.Input)
	}
	if offset >= 0 && se.Offset != offset {
		t.Errorf("%q: SyntaxError.Offset = %d, want %d (msg %q)", input, se.Offset, offset, se.Msg)
	}
	if !strings.Contains(se.Msg, msg) {
		t.Errorf("%q: SyntaxError.Msg = %q, want it to contain %q", input, se.Msg, msg)
	}
}

func TestParseNumbers(t *testing.T) {
	tests := []struct {
		in   string
		want float64
	}{
		{"0", 0},
		{"42", 42},
		{"-7", -7},
		{"+5", 5},
		{"3.25", 3.25},
		{".5", 0.5},
		{"5.", 5},
		{"-0", math.Copysign(0, -1)},
		{"-0.0", math.Copysign(0, -1)},
		{"0x10", 16},
		{"0XfF", 255},
		{"-0x10", -16},
		{"1e3", 1000},
		{"1E3", 1000},
		{"1e+2", 100},
		{"2.5e-3", 0.0025},
		{"-1.5e2", -150},
		{"1_000_000", 1e6},
		{"NaN", math.NaN()},
		{"Infinity", math.Inf(1)},
		{"-Infinity", math.Inf(-1)},
		{"+Infinity", math.Inf(1)},
		{"  12\t\n", 12},
		{"9007199254740993", 9007199254740992}, // rounds as JavaScript does
		{"5e-324", 5e-324},
	}
	for _, tt := range tests {
		v := mustParse(t, tt.in)
		f, ok := v.(float64)
		if !ok {
			t.Errorf("Parse(%q) = %#v (%T), want float64 %v", tt.in, v, v, tt.want)
			continue
		}
		if !sameFloat(f, tt.want) {
			t.Errorf("Parse(%q) = %v (signbit %v), want %v (signbit %v)",
				tt.in, f, math.Signbit(f), tt.want, math.Signbit(tt.want))
		}
	}
}

func TestParseZeroSigns(t *testing.T) {
	if f := mustParse(t, "0").(float64); math.Signbit(f) {
		t.Errorf("Parse(\"0\") has its sign bit set")
	}
	if f := mustParse(t, "-0").(float64); !math.Signbit(f) {
		t.Errorf("Parse(\"-0\") lost its sign")
	}
}

func TestParseNumberErrors(t *testing.T) {
	tests := []struct {
		in     string
		offset int
		msg    string
	}{
		{"-", 1, `bad number "-"`},
		{"1e", 2, `bad number "1e"`},
		{"1.2.3", 5, `bad number "1.2.3"`},
		{"--1", 1, `bad number "-"`}, // one sign only
		{".", 1, `bad number "."`},
		{"-NaN", 1, `bad number "-"`},
		{"0x", 2, `bad hex number "0x"`},
		{"0xg", 2, `bad hex number "0x"`},
		{"12abc", 2, `unexpected "abc" after the value`},
	}
	for _, tt := range tests {
		_, err := jsval.Parse(tt.in)
		syntaxError(t, tt.in, err, tt.offset, tt.msg)
	}
}

func TestParseStrings(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{`"abc"`, "abc"},
		{`'abc'`, "abc"},
		{`""`, ""},
		{`''`, ""},
		{`"it's"`, "it's"},
		{`'say "hi"'`, `say "hi"`},
		{`"a\r\nb\tc"`, "a\r\nb\tc"},
		{`"back\\slash"`, `back\slash`},
		{`"q\"q"`, `q"q`},
		{`'q\'q'`, `q'q`},
		{`"\x41\x7a"`, "Az"},
		{`"\xe9"`, "é"},
		{`"\x00\x1f"`, "\x00\x1f"},
		{`"\u0041\u00e9\u20ac"`, "Aé€"},
		{`"\u{1F600}"`, "😀"},
		{`"\u{41}"`, "A"},
		{`"\u{0000041}"`, "A"},
		{`"\uD83D\uDE00"`, "😀"}, // a surrogate pair is one code point
		{`"\u{D83D}\u{DE00}"`, "😀"},
		{`"\uD83D\u0041"`, "\uFFFDA"}, // a lone surrogate becomes U+FFFD
		{`"\uD800x"`, "\uFFFDx"},
		{`"\uDE00\uD83D"`, "\uFFFD\uFFFD"},
		{`"\u{10FFFF}"`, "\U0010FFFF"},
		{`"\0"`, "\x00"},
		{`"\b\f\v"`, "\b\f\v"},
		{`"\q\/"`, "q/"}, // an unknown escape is the character itself
		{`"héllo ✓"`, "héllo ✓"},
		{`"\é"`, "é"},
		{"\"tab\there\"", "tab\there"},
	}
	for _, tt := range tests {
		v := mustParse(t, tt.in)
		if s, ok := v.(string); !ok || s != tt.want {
			t.Errorf("Parse(%s) = %#v, want %q", tt.in, v, tt.want)
		}
	}
}

func TestParseStringErrors(t *testing.T) {
	tests := []struct {
		in     string
		offset int
		msg    string
	}{
		{`"abc`, 4, "unterminated string"},
		{`'abc"`, 5, "unterminated string"},
		{`"abc\`, 5, "unterminated escape"},
		{`"\x4`, 3, "expected 2 hex digits"},
		{`"\x4"`, 3, `bad hex escape "4\""`},
		{`"\xZZ"`, 3, `bad hex escape "ZZ"`},
		{`"\u12"`, 3, "expected 4 hex digits"},
		{`"\uZZZZ"`, 3, `bad hex escape "ZZZZ"`},
		{`"\u{41"`, 4, `unterminated \u{...}`},
		{`"\u{}"`, 4, "expected 0 hex digits"},
		{`"\u{zz}"`, 4, `bad hex escape "zz"`},
		{`"\u{110000}"`, -1, "out of range"},
	}
	for _, tt := range tests {
		_, err := jsval.Parse(tt.in)
		syntaxError(t, tt.in, err, tt.offset, tt.msg)
	}
}

func TestParseKeywords(t *testing.T) {
	tests := []struct {
		in   string
		want jsval.Value
	}{
		{"null", jsval.Null{}},
		{"undefined", jsval.Undefined{}},
		{"true", true},
		{"false", false},
		{" true ", true},
		// Keywords are whole words: longer names are identifiers.
		{"nullish", jsval.Ident{Name: "nullish"}},
		{"True", jsval.Ident{Name: "True"}},
		{"undefinedx", jsval.Ident{Name: "undefinedx"}},
		{"NaNa", jsval.Ident{Name: "NaNa"}},
	}
	for _, tt := range tests {
		if got := mustParse(t, tt.in); got != tt.want {
			t.Errorf("Parse(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
}

func TestParseIdentifiers(t *testing.T) {
	tests := []struct{ in, want string }{
		{"srv", "srv"},
		{"bound.port", "bound.port"},
		{"a.b.c", "a.b.c"},
		{"$x", "$x"},
		{"_y9", "_y9"},
		{"a.null", "a.null"},
		{"err.code", "err.code"},
	}
	for _, tt := range tests {
		got := mustParse(t, tt.in)
		if id, ok := got.(jsval.Ident); !ok || id.Name != tt.want {
			t.Errorf("Parse(%q) = %#v, want Ident %q", tt.in, got, tt.want)
		}
	}
	for _, in := range []string{"a.", "a..b", "a.1"} {
		if v, err := jsval.Parse(in); err == nil {
			t.Errorf("Parse(%q) = %#v, want an error", in, v)
		}
	}
}

func TestParseArrays(t *testing.T) {
	v := mustParse(t, `[1, "a", [true, null], {}, undefined]`)
	want := jsval.Array{1.0, "a", jsval.Array{true, jsval.Null{}}, jsval.NewObject(), jsval.Undefined{}}
	if !jsval.Match(want, v) {
		t.Errorf("got %s, want %s", jsval.Format(v), jsval.Format(want))
	}
	arr, ok := v.(jsval.Array)
	if !ok || len(arr) != 5 {
		t.Fatalf("got %#v, want an Array of 5", v)
	}

	for _, in := range []string{"[]", "[ ]", "[\n]"} {
		a, ok := mustParse(t, in).(jsval.Array)
		if !ok || len(a) != 0 {
			t.Errorf("Parse(%q) = %#v, want an empty Array", in, a)
		}
	}

	// A trailing comma is allowed, and whitespace is free.
	a, ok := mustParse(t, "[\n  1,\n  2,\n]").(jsval.Array)
	if !ok || !jsval.Match(jsval.Array{1.0, 2.0}, a) {
		t.Errorf("Parse with trailing comma = %#v, want [1, 2]", a)
	}
}

func TestParseArrayErrors(t *testing.T) {
	tests := []struct {
		in     string
		offset int
		msg    string
	}{
		{"[1 2]", 3, `expected ',' or ']', found "2]"`},
		{"[1,,2]", 3, `unexpected ",2]"`},
		{"[,]", 1, `unexpected ",]"`},
		{"[1", 2, `expected ',' or ']', found ""`},
		{"[", 1, "expected a value, found the end"},
		{"]", 0, `unexpected "]"`},
		{"[1] 2", 4, `unexpected "2" after the value`},
	}
	for _, tt := range tests {
		_, err := jsval.Parse(tt.in)
		syntaxError(t, tt.in, err, tt.offset, tt.msg)
	}
}

func TestParseObjects(t *testing.T) {
	v := mustParse(t, `{a: 1, "b c": 'x', 'd': [1], $e_1: null, nested: {x: {y: -0}},}`)
	o, ok := v.(*jsval.Object)
	if !ok {
		t.Fatalf("got %#v, want *Object", v)
	}
	if got, want := strings.Join(o.Keys(), ","), "a,b c,d,$e_1,nested"; got != want {
		t.Errorf("keys = %q, want %q (in written order)", got, want)
	}
	want := jsval.NewObject(
		"a", 1.0,
		"b c", "x",
		"d", jsval.Array{1.0},
		"$e_1", jsval.Null{},
		"nested", jsval.NewObject("x", jsval.NewObject("y", math.Copysign(0, -1))),
	)
	if !jsval.Match(want, v) {
		t.Errorf("got %s, want %s", jsval.Format(v), jsval.Format(want))
	}

	if o := mustParse(t, "{ }").(*jsval.Object); o.Len() != 0 {
		t.Errorf("Parse(\"{ }\") has %d keys", o.Len())
	}

	// Keywords are fine as bare keys.
	o = mustParse(t, "{null: 1, true: 2, any: 3, Buffer: 4}").(*jsval.Object)
	if got := strings.Join(o.Keys(), ","); got != "null,true,any,Buffer" {
		t.Errorf("keys = %q", got)
	}

	// A repeated key keeps its first position and takes the last value.
	o = mustParse(t, "{a: 1, b: 2, a: 3}").(*jsval.Object)
	if got := strings.Join(o.Keys(), ","); got != "a,b" {
		t.Errorf("keys = %q, want a,b", got)
	}
	if o.Get("a") != 3.0 {
		t.Errorf("a = %v, want 3", o.Get("a"))
	}
}

func TestParseObjectErrors(t *testing.T) {
	tests := []struct {
		in     string
		offset int
		msg    string
	}{
		{"{a 1}", 3, `expected ':' after "a"`},
		{"{a: 1 b: 2}", 6, `expected ',' or '}', found "b: 2}"`},
		{"{1: 2}", 1, `expected a property name, found "1: 2}"`},
		{"{a:}", 3, `unexpected "}"`},
		{"{", 1, `expected a property name, found ""`},
		{"{a: 1,,}", 6, `expected a property name, found ",}"`},
		{`{"a: 1}`, 7, "unterminated string"},
	}
	for _, tt := range tests {
		_, err := jsval.Parse(tt.in)
		syntaxError(t, tt.in, err, tt.offset, tt.msg)
	}
}

func TestParseBuffer(t *testing.T) {
	tests := []struct {
		in   string
		want []byte
	}{
		{`Buffer.from("hi")`, []byte("hi")},
		{`Buffer.from('hi', 'utf8')`, []byte("hi")},
		{`Buffer.from("hé", "utf-8")`, []byte("hé")},
		{`Buffer.from("68690aff", "hex")`, []byte{'h', 'i', '\n', 0xff}},
		{`Buffer.from("aGk=", "base64")`, []byte("hi")},
		{`Buffer.from("AP8=", "base64")`, []byte{0x00, 0xff}},
		{`Buffer.from("é", "latin1")`, []byte{0xe9}},
		{`Buffer.from([104, 105, 256, -1])`, []byte{104, 105, 0, 255}},
		{`Buffer.from("")`, []byte{}},
		{`Buffer.from( "ff" , "hex", )`, []byte{0xff}},
	}
	for _, tt := range tests {
		v := mustParse(t, tt.in)
		b, ok := v.(jsval.Bytes)
		if !ok {
			t.Errorf("Parse(%s) = %#v (%T), want Bytes", tt.in, v, v)
			continue
		}
		if string(b) != string(tt.want) {
			t.Errorf("Parse(%s) = % x, want % x", tt.in, []byte(b), tt.want)
		}
	}
}

func TestParseBufferErrors(t *testing.T) {
	tests := []struct{ in, msg string }{
		{`Buffer.from()`, "takes a string and an optional encoding"},
		{`Buffer.from("a", "utf8", 1)`, "takes a string and an optional encoding"},
		{`Buffer.from(1)`, "takes a string or an array of bytes"},
		{`Buffer.from("zz", "hex")`, "bad hex in Buffer.from"},
		{`Buffer.from("abc", "hex")`, "bad hex in Buffer.from"},       // stricter than Node
		{`Buffer.from("aGk", "base64")`, "bad base64 in Buffer.from"}, // padding required
		{`Buffer.from("!!", "base64")`, "bad base64 in Buffer.from"},
		{`Buffer.from("x", "utf16le")`, `encoding "utf16le" is not one of`},
		{`Buffer.from("x", 8)`, `encoding "" is not one of`},
		{`Buffer`, "expected Buffer.from(...)"},
		{`Buffer.alloc(3)`, "expected Buffer.from(...)"},
		{`Buffer.from("x"`, `expected ',' or ')'`},
	}
	for _, tt := range tests {
		_, err := jsval.Parse(tt.in)
		syntaxError(t, tt.in, err, -1, tt.msg)
	}
}

func TestParseMatchers(t *testing.T) {
	tests := []struct{ in, typ string }{
		{"any(Number)", "Number"},
		{"any( String )", "String"},
		{"any (Object)", "Object"},
		{"any()", ""},
	}
	for _, tt := range tests {
		v := mustParse(t, tt.in)
		a, ok := v.(jsval.Any)
		if !ok || a.Type != tt.typ || a.Pattern != nil {
			t.Errorf("Parse(%q) = %#v, want Any{Type: %q}", tt.in, v, tt.typ)
		}
	}

	v := mustParse(t, `stringMatching("^a+\\d$")`)
	a, ok := v.(jsval.Any)
	if !ok || a.Pattern == nil {
		t.Fatalf("stringMatching: got %#v, want Any with a Pattern", v)
	}
	if a.Pattern.String() != `^a+\d$` {
		t.Errorf("pattern = %q", a.Pattern.String())
	}
	for s, want := range map[string]bool{"aa1": true, "a": false, "ba1": false} {
		if got := jsval.Match(a, s); got != want {
			t.Errorf("stringMatching(^a+\\d$) matches %q = %v, want %v", s, got, want)
		}
	}
	if v := mustParse(t, `stringMatching('x')`); !jsval.Match(v, "x") {
		t.Errorf("stringMatching with single quotes does not match")
	}

	errs := []struct{ in, msg string }{
		{"any", "expected '(' after any"},
		{"any(Number", "expected ')' to close any(Number"},
		{"any(1)", "expected ')' to close any("},
		{"stringMatching", "expected '(' after stringMatching"},
		{"stringMatching(1)", "stringMatching takes one string"},
		{`stringMatching("a", "b")`, "stringMatching takes one string"},
		{`stringMatching("(")`, "stringMatching: error parsing regexp"},
	}
	for _, tt := range errs {
		_, err := jsval.Parse(tt.in)
		syntaxError(t, tt.in, err, -1, tt.msg)
	}
}

func TestParseEmptyAndTrailing(t *testing.T) {
	for _, in := range []string{"", "   ", "\n\t"} {
		_, err := jsval.Parse(in)
		syntaxError(t, in, err, len(in), "expected a value, found the end")
	}
	_, err := jsval.Parse(`"a" "b"`)
	syntaxError(t, `"a" "b"`, err, 4, `unexpected "\"b\"" after the value`)

	// The quoted rest is cut to 20 bytes.
	in := "1 " + strings.Repeat("x", 30)
	_, err = jsval.Parse(in)
	syntaxError(t, in, err, 2, `unexpected "`+strings.Repeat("x", 20)+`..." after the value`)
}

func TestSyntaxErrorMessage(t *testing.T) {
	_, err := jsval.Parse("[1 2]")
	if err == nil {
		t.Fatal("no error")
	}
	want := `cannot parse "[1 2]" at offset 3: expected ',' or ']', found "2]"`
	if err.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", err.Error(), want)
	}
}

func TestParseNestingLimit(t *testing.T) {
	ok := strings.Repeat("[", 64) + strings.Repeat("]", 64)
	if _, err := jsval.Parse(ok); err != nil {
		t.Errorf("64 nested arrays: %v", err)
	}
	deep := strings.Repeat("[", 65) + strings.Repeat("]", 65)
	_, err := jsval.Parse(deep)
	syntaxError(t, deep, err, 64, "nested deeper than 64")

	// Very deep input fails cleanly instead of exhausting the stack.
	huge := strings.Repeat("{a:", 100000)
	_, err = jsval.Parse(huge)
	syntaxError(t, huge, err, -1, "nested deeper than 64")
}

func TestParseCall(t *testing.T) {
	tests := []struct {
		in     string
		want   jsval.Call
		String string
	}{
		{
			in:     `srv.listen(0, "127.0.0.1")`,
			want:   jsval.Call{Path: []string{"srv", "listen"}, Args: []jsval.Value{0.0, "127.0.0.1"}, IsCall: true},
			String: `srv.listen(0, "127.0.0.1")`,
		},
		{
			in: `new net.Socket({allowHalfOpen: true})`,
			want: jsval.Call{New: true, Path: []string{"net", "Socket"},
				Args: []jsval.Value{jsval.NewObject("allowHalfOpen", true)}, IsCall: true},
			String: `new net.Socket({ allowHalfOpen: true })`,
		},
		{
			in:     `srv.listening`,
			want:   jsval.Call{Path: []string{"srv", "listening"}},
			String: `srv.listening`,
		},
		{
			in:     `  srv . close ( cb , )  `,
			want:   jsval.Call{Path: []string{"srv", "close"}, Args: []jsval.Value{jsval.Ident{Name: "cb"}}, IsCall: true},
			String: `srv.close(cb)`,
		},
		{
			in:     `s.end()`,
			want:   jsval.Call{Path: []string{"s", "end"}, IsCall: true},
			String: `s.end()`,
		},
		{
			// new without parentheses is still a call.
			in:     `new Foo`,
			want:   jsval.Call{New: true, Path: []string{"Foo"}, IsCall: true},
			String: `new Foo()`,
		},
		{
			// "new" is a keyword only as a whole word.
			in:     `newSocket.x`,
			want:   jsval.Call{Path: []string{"newSocket", "x"}},
			String: `newSocket.x`,
		},
		{
			in: `c.write(Buffer.from("6869", "hex"), any(Function))`,
			want: jsval.Call{Path: []string{"c", "write"},
				Args: []jsval.Value{jsval.Bytes("hi"), jsval.Any{Type: "Function"}}, IsCall: true},
			String: `c.write(<Buffer "hi">, any(Function))`,
		},
	}
	for _, tt := range tests {
		c, err := jsval.ParseCall(tt.in)
		if err != nil {
			t.Errorf("ParseCall(%q): %v", tt.in, err)
			continue
		}
		if c.New != tt.want.New || c.IsCall != tt.want.IsCall ||
			strings.Join(c.Path, ".") != strings.Join(tt.want.Path, ".") || len(c.Path) != len(tt.want.Path) {
			t.Errorf("ParseCall(%q) = %+v, want %+v", tt.in, c, tt.want)
		}
		if len(c.Args) != len(tt.want.Args) {
			t.Errorf("ParseCall(%q): %d args, want %d", tt.in, len(c.Args), len(tt.want.Args))
		} else {
			for i := range c.Args {
				w, g := tt.want.Args[i], c.Args[i]
				if id, ok := w.(jsval.Ident); ok {
					if g != id {
						t.Errorf("ParseCall(%q) arg %d = %#v, want %#v", tt.in, i, g, w)
					}
					continue
				}
				if a, ok := w.(jsval.Any); ok {
					if ga, ok := g.(jsval.Any); !ok || ga.Type != a.Type {
						t.Errorf("ParseCall(%q) arg %d = %#v, want %#v", tt.in, i, g, w)
					}
					continue
				}
				if !jsval.Match(w, g) {
					t.Errorf("ParseCall(%q) arg %d = %s, want %s", tt.in, i, jsval.Format(g), jsval.Format(w))
				}
			}
		}
		if tt.want.Args == nil && c.Args != nil {
			t.Errorf("ParseCall(%q).Args = %#v, want nil", tt.in, c.Args)
		}
		if got := c.String(); got != tt.String {
			t.Errorf("ParseCall(%q).String() = %q, want %q", tt.in, got, tt.String)
		}
	}
}

func TestParseCallErrors(t *testing.T) {
	tests := []struct {
		in     string
		offset int
		msg    string
	}{
		{``, 0, `expected a name, found ""`},
		{`new`, 3, `expected a name, found ""`},
		{`a.`, 2, `expected a name, found ""`},
		{`1.x`, 0, `expected a name, found "1.x"`},
		{`a b`, 2, `unexpected "b" after the call`},
		{`a(1`, 3, `expected ',' or ')', found ""`},
		{`a(1))`, 4, `unexpected ")" after the call`},
		{`a.b(,)`, 4, `unexpected ",)"`},
	}
	for _, tt := range tests {
		_, err := jsval.ParseCall(tt.in)
		syntaxError(t, tt.in, err, tt.offset, tt.msg)
	}
}

func TestParseList(t *testing.T) {
	for _, in := range []string{"", "  ", "\n"} {
		vals, err := jsval.ParseList(in)
		if err != nil || vals != nil {
			t.Errorf("ParseList(%q) = %#v, %v; want nil, nil", in, vals, err)
		}
	}

	vals, err := jsval.ParseList(`0, "127.0.0.1", {port: 80}, [1, 2], cb`)
	if err != nil {
		t.Fatalf("ParseList: %v", err)
	}
	want := []jsval.Value{0.0, "127.0.0.1", jsval.NewObject("port", 80.0), jsval.Array{1.0, 2.0}}
	if len(vals) != 5 {
		t.Fatalf("ParseList gave %d values, want 5: %#v", len(vals), vals)
	}
	for i, w := range want {
		if !jsval.Match(w, vals[i]) {
			t.Errorf("value %d = %s, want %s", i, jsval.Format(vals[i]), jsval.Format(w))
		}
	}
	if vals[4] != (jsval.Ident{Name: "cb"}) {
		t.Errorf("value 4 = %#v, want Ident cb", vals[4])
	}

	// A single value, with surrounding space.
	vals, err = jsval.ParseList("  true  ")
	if err != nil || len(vals) != 1 || vals[0] != true {
		t.Errorf("ParseList(\"  true  \") = %#v, %v", vals, err)
	}

	errs := []struct {
		in     string
		offset int
		msg    string
	}{
		{"1 2", 2, `expected ',' between values, found "2"`},
		{"1,", 2, "expected a value, found the end"},
		{",1", 0, `unexpected ",1"`},
		{`1, "x`, 5, "unterminated string"},
	}
	for _, tt := range errs {
		_, err := jsval.ParseList(tt.in)
		syntaxError(t, tt.in, err, tt.offset, tt.msg)
	}
}

func TestParsePrefix(t *testing.T) {
	tests := []struct {
		in   string
		want jsval.Value
		rest string
	}{
		{`"a" rest`, "a", " rest"},
		{` 42abc`, 42.0, "abc"},
		{`[1, 2] and more`, jsval.Array{1.0, 2.0}, " and more"},
		{`{a: 1}}`, jsval.NewObject("a", 1.0), "}"},
		{`true`, true, ""},
		{`-0 x`, math.Copysign(0, -1), " x"},
		{`null,`, jsval.Null{}, ","},
	}
	for _, tt := range tests {
		v, rest, err := jsval.ParsePrefix(tt.in)
		if err != nil {
			t.Errorf("ParsePrefix(%q): %v", tt.in, err)
			continue
		}
		if !jsval.Match(tt.want, v) || rest != tt.rest {
			t.Errorf("ParsePrefix(%q) = %s, %q; want %s, %q", tt.in, jsval.Format(v), rest, jsval.Format(tt.want), tt.rest)
		}
	}

	v, rest, err := jsval.ParsePrefix("bound.port is 80")
	if err != nil || v != (jsval.Ident{Name: "bound.port"}) || rest != " is 80" {
		t.Errorf("ParsePrefix(bound.port ...) = %#v, %q, %v", v, rest, err)
	}
	// A dot that starts a number is not part of the name.
	v, rest, err = jsval.ParsePrefix("a.1")
	if err != nil || v != (jsval.Ident{Name: "a"}) || rest != ".1" {
		t.Errorf("ParsePrefix(\"a.1\") = %#v, %q, %v; want Ident a, \".1\"", v, rest, err)
	}

	_, _, err = jsval.ParsePrefix(`"open`)
	syntaxError(t, `"open`, err, 5, "unterminated string")
	_, _, err = jsval.ParsePrefix(``)
	syntaxError(t, ``, err, 0, "expected a value, found the end")
}

func TestParseNewError(t *testing.T) {
	v := mustParse(t, `[new Error("no such name"), new TypeError()]`)
	list := v.(jsval.Array)
	e, ok := list[0].(*jsval.Error)
	if !ok || e.Name != "Error" || e.Message != "no such name" {
		t.Errorf("new Error(\"no such name\") parsed as %#v", list[0])
	}
	if e, ok := list[1].(*jsval.Error); !ok || e.Name != "TypeError" || e.Message != "" {
		t.Errorf("new TypeError() parsed as %#v", list[1])
	}
	for _, bad := range []string{`new Date()`, `new Error(1)`, `new Error("a", "b")`, `new Error`} {
		_, err := jsval.Parse(bad)
		syntaxError(t, bad, err, -1, "new")
	}
}
