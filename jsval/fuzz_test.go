package jsval_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/netconform/netconform/jsval"
)

// roundTrips reports whether Format(v) is a literal Parse reads back as
// the same value. Two kinds of value Parse accepts do not:
//
//   - Bytes: Format writes a Buffer as <Buffer "...">, the way Node
//     prints it, which is not a literal.
//   - strings (and keys) that are not valid UTF-8: Quote writes each
//     invalid byte as U+FFFD, so the bytes are lost. Parse only makes such
//     strings from invalid UTF-8 in its input.
//
// idents reports whether v holds an Ident or an Any; those come back as
// themselves, but Match does not treat them as equal to themselves.
func roundTrips(v jsval.Value) (ok, idents bool) {
	ok = true
	var walk func(jsval.Value)
	walk = func(v jsval.Value) {
		switch x := v.(type) {
		case jsval.Bytes:
			ok = false
		case string:
			if !utf8.ValidString(x) {
				ok = false
			}
		case jsval.Ident:
			idents = true
		case jsval.Any:
			idents = true
			if x.Pattern != nil && !utf8.ValidString(x.Pattern.String()) {
				ok = false
			}
		case jsval.Array:
			for _, e := range x {
				walk(e)
			}
		case *jsval.Object:
			for _, k := range x.Keys() {
				if !utf8.ValidString(k) {
					ok = false
				}
				walk(x.Get(k))
			}
		}
	}
	walk(v)
	return ok, idents
}

func FuzzParse(f *testing.F) {
	// The seeds under testdata/fuzz/FuzzParse cover every literal form;
	// these few make the target useful even without them.
	f.Add(`{a: [1, "x", null], 'b c': -0}`)
	f.Add(`srv.listen(0, "127.0.0.1")`)

	f.Fuzz(func(t *testing.T, s string) {
		v, err := jsval.Parse(s)
		if err != nil {
			if _, ok := err.(*jsval.SyntaxError); !ok {
				t.Fatalf("Parse(%q) failed with %T, want *SyntaxError: %v", s, err, err)
			}
		} else {
			checkRoundTrip(t, s, v)
		}

		if _, err := jsval.ParseList(s); err != nil {
			if se, ok := err.(*jsval.SyntaxError); !ok || se.Offset < 0 || se.Offset > len(s) {
				t.Fatalf("ParseList(%q): bad error %#v", s, err)
			}
		}

		if pv, rest, err := jsval.ParsePrefix(s); err == nil {
			if !strings.HasSuffix(s, rest) || len(rest) > len(s) {
				t.Fatalf("ParsePrefix(%q) rest %q is not a suffix of the input", s, rest)
			}
			if _, err := jsval.Parse(s[:len(s)-len(rest)]); err != nil {
				t.Fatalf("ParsePrefix(%q) took %q, which Parse rejects: %v (value %s)",
					s, s[:len(s)-len(rest)], err, jsval.Format(pv))
			}
		}

		c, err := jsval.ParseCall(s)
		if err != nil {
			if se, ok := err.(*jsval.SyntaxError); !ok || se.Offset < 0 || se.Offset > len(s) {
				t.Fatalf("ParseCall(%q): bad error %#v", s, err)
			}
			return
		}
		if len(c.Path) == 0 {
			t.Fatalf("ParseCall(%q) succeeded with an empty path", s)
		}
		for _, a := range c.Args {
			if ok, _ := roundTrips(a); !ok {
				return
			}
		}
		back, err := jsval.ParseCall(c.String())
		if err != nil {
			t.Fatalf("ParseCall(%q).String() = %q, which ParseCall rejects: %v", s, c.String(), err)
		}
		if back.String() != c.String() {
			t.Fatalf("call does not round-trip: %q -> %q -> %q", s, c.String(), back.String())
		}
	})
}

func checkRoundTrip(t *testing.T, s string, v jsval.Value) {
	ok, idents := roundTrips(v)
	if !ok {
		return
	}
	text := jsval.Format(v)
	back, err := jsval.Parse(text)
	if err != nil {
		t.Fatalf("Parse(%q) = %s, but Parse of that fails: %v", s, text, err)
	}
	if again := jsval.Format(back); again != text {
		t.Fatalf("Parse(%q): Format is not a fixed point: %s then %s", s, text, again)
	}
	if !idents && !jsval.Match(v, back) {
		t.Fatalf("Parse(%q) = %s, which reads back as %s that does not match", s, text, jsval.Format(back))
	}
}
