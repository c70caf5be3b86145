package jsval

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Call is a call or property read written in JavaScript syntax:
// `srv.listen(0, "127.0.0.1")`, `new net.Socket({allowHalfOpen: true})`,
// `srv.listening`.
type Call struct {
	New    bool     // written with `new`
	Path   []string // the dotted name: ["srv", "listen"]
	Args   []Value  // the arguments; nil for a property read
	IsCall bool     // written with parentheses
	// Assigns is the value of an assignment, `srv.maxConnections = 2`
	// (nil otherwise); Args is then nil and IsCall false.
	Assigns Value
}

// String writes the call back in JavaScript syntax.
func (c Call) String() string {
	var b strings.Builder
	if c.New {
		b.WriteString("new ")
	}
	b.WriteString(strings.Join(c.Path, "."))
	if c.IsCall {
		b.WriteByte('(')
		for i, a := range c.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(Format(a))
		}
		b.WriteByte(')')
	}
	if c.Assigns != nil {
		b.WriteString(" = ")
		b.WriteString(Format(c.Assigns))
	}
	return b.String()
}

// SyntaxError reports where a literal or call could not be parsed.
type SyntaxError struct {
	Input  string
	Offset int
	Msg    string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("cannot parse %q at offset %d: %s", e.Input, e.Offset, e.Msg)
}

// Parse parses one JavaScript literal: a number (including NaN,
// Infinity, -0 and 0x hex), a string in single or double quotes with
// escapes, null, undefined, true, false, an array, an object, a bare
// name (Ident), Buffer.from(string[, encoding]) (Bytes), or a matcher
// any(Type).
func Parse(s string) (Value, error) {
	p := &parser{src: s}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.pos < len(p.src) {
		return nil, p.errorf("unexpected %q after the value", p.rest())
	}
	return v, nil
}

// ParseList parses comma-separated literals, as in an argument list
// without its parentheses.
func ParseList(s string) ([]Value, error) {
	p := &parser{src: s}
	p.space()
	if p.pos == len(p.src) {
		return nil, nil
	}
	var out []Value
	for {
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
		p.space()
		if p.pos == len(p.src) {
			return out, nil
		}
		if !p.eat(',') {
			return nil, p.errorf("expected ',' between values, found %q", p.rest())
		}
	}
}

// ParseCall parses a call, a property read or a property assignment;
// see Call.
func ParseCall(s string) (Call, error) {
	p := &parser{src: s}
	var c Call
	p.space()
	if p.keyword("new") {
		c.New = true
	}
	for {
		p.space()
		name := p.ident()
		if name == "" {
			return c, p.errorf("expected a name, found %q", p.rest())
		}
		c.Path = append(c.Path, name)
		p.space()
		if !p.eat('.') {
			break
		}
	}
	p.space()
	if p.eat('(') {
		c.IsCall = true
		args, err := p.list(')')
		if err != nil {
			return c, err
		}
		c.Args = args
	}
	p.space()
	if !c.IsCall && !c.New && len(c.Path) > 1 && p.eat('=') {
		p.space()
		v, err := p.value()
		if err != nil {
			return c, err
		}
		c.Assigns = v
		p.space()
	}
	if p.pos < len(p.src) {
		return c, p.errorf("unexpected %q after the call", p.rest())
	}
	if c.New && !c.IsCall {
		c.IsCall = true
	}
	return c, nil
}

type parser struct {
	src   string
	pos   int
	depth int
}

const maxDepth = 64

func (p *parser) errorf(format string, args ...any) error {
	return &SyntaxError{Input: p.src, Offset: p.pos, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) rest() string {
	r := p.src[p.pos:]
	if len(r) > 20 {
		r = r[:20] + "..."
	}
	return r
}

func (p *parser) space() {
	for p.pos < len(p.src) && strings.ContainsRune(" \t\r\n", rune(p.src[p.pos])) {
		p.pos++
	}
}

func (p *parser) eat(c byte) bool {
	if p.pos < len(p.src) && p.src[p.pos] == c {
		p.pos++
		return true
	}
	return false
}

func (p *parser) keyword(w string) bool {
	if strings.HasPrefix(p.src[p.pos:], w) {
		end := p.pos + len(w)
		if end == len(p.src) || !isIdentByte(p.src[end]) {
			p.pos = end
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func (p *parser) ident() string {
	start := p.pos
	for p.pos < len(p.src) && isIdentByte(p.src[p.pos]) {
		if p.pos == start && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
			break
		}
		p.pos++
	}
	return p.src[start:p.pos]
}

func (p *parser) value() (Value, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, p.errorf("nested deeper than %d", maxDepth)
	}
	p.space()
	if p.pos >= len(p.src) {
		return nil, p.errorf("expected a value, found the end")
	}
	switch c := p.src[p.pos]; {
	case c == '"' || c == '\'':
		return p.str()
	case c == '[':
		p.pos++
		vals, err := p.list(']')
		return Array(vals), err
	case c == '{':
		return p.object()
	case c == '-' || c == '+' || c == '.' || c >= '0' && c <= '9':
		return p.number()
	}
	name := p.ident()
	switch name {
	case "":
		return nil, p.errorf("unexpected %q", p.rest())
	case "null":
		return Null{}, nil
	case "undefined":
		return Undefined{}, nil
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "NaN":
		return math.NaN(), nil
	case "Infinity":
		return math.Inf(1), nil
	case "any":
		return p.anyMatcher()
	case "stringMatching":
		return p.stringMatching()
	case "Buffer":
		return p.buffer()
	case "new":
		return p.newError()
	}
	for p.pos+1 < len(p.src) && p.src[p.pos] == '.' && isIdentByte(p.src[p.pos+1]) && !isDigit(p.src[p.pos+1]) {
		p.pos++
		name += "." + p.ident()
	}
	return Ident{Name: name}, nil
}

func (p *parser) stringMatching() (Value, error) {
	p.space()
	if !p.eat('(') {
		return nil, p.errorf("expected '(' after stringMatching")
	}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	pattern, ok := v.(string)
	p.space()
	if !ok || !p.eat(')') {
		return nil, p.errorf("stringMatching takes one string, a regular expression")
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, p.errorf("stringMatching: %v", err)
	}
	return Any{Type: "string", Pattern: re}, nil
}

func (p *parser) anyMatcher() (Value, error) {
	p.space()
	if !p.eat('(') {
		return nil, p.errorf("expected '(' after any")
	}
	p.space()
	t := p.ident()
	p.space()
	if !p.eat(')') {
		return nil, p.errorf("expected ')' to close any(%s", t)
	}
	return Any{Type: t}, nil
}

// newError parses the rest of new Error(message), or of TypeError or
// RangeError: an error value, such as a callback passes on.
func (p *parser) newError() (Value, error) {
	p.space()
	name := p.ident()
	switch name {
	case "Error", "TypeError", "RangeError":
	default:
		return nil, p.errorf("a literal makes only new Error(message), new TypeError(message) or new RangeError(message), not new %s", name)
	}
	if !p.eat('(') {
		return nil, p.errorf("expected '(' after new %s", name)
	}
	args, err := p.list(')')
	if err != nil {
		return nil, err
	}
	msg := ""
	if len(args) > 1 {
		return nil, p.errorf("new %s takes one message", name)
	}
	if len(args) == 1 {
		m, ok := args[0].(string)
		if !ok {
			return nil, p.errorf("new %s takes a string message", name)
		}
		msg = m
	}
	return &Error{Name: name, Message: msg, Props: NewObject()}, nil
}

// buffer parses the rest of Buffer.from(string[, encoding]).
func (p *parser) buffer() (Value, error) {
	if !strings.HasPrefix(p.src[p.pos:], ".from(") {
		return nil, p.errorf("expected Buffer.from(...)")
	}
	p.pos += len(".from(")
	args, err := p.list(')')
	if err != nil {
		return nil, err
	}
	if len(args) == 0 || len(args) > 2 {
		return nil, p.errorf("Buffer.from takes a string and an optional encoding")
	}
	s, ok := args[0].(string)
	if !ok {
		if arr, isArr := args[0].(Array); isArr {
			out := make(Bytes, len(arr))
			for i, e := range arr {
				f, _ := e.(float64)
				out[i] = byte(int(f))
			}
			return out, nil
		}
		return nil, p.errorf("Buffer.from takes a string or an array of bytes")
	}
	enc := "utf8"
	if len(args) == 2 {
		enc, _ = args[1].(string)
	}
	switch enc {
	case "utf8", "utf-8":
		return Bytes(s), nil
	case "hex":
		b, err := hex.DecodeString(s)
		if err != nil {
			return nil, p.errorf("bad hex in Buffer.from: %v", err)
		}
		return Bytes(b), nil
	case "base64":
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return nil, p.errorf("bad base64 in Buffer.from: %v", err)
		}
		return Bytes(b), nil
	case "latin1":
		b := make(Bytes, 0, len(s))
		for _, r := range s {
			b = append(b, byte(r))
		}
		return b, nil
	}
	return nil, p.errorf("Buffer.from encoding %q is not one of utf8, hex, base64, latin1", enc)
}

func (p *parser) list(close byte) ([]Value, error) {
	var out []Value
	for {
		p.space()
		if p.eat(close) {
			return out, nil
		}
		if len(out) > 0 {
			if !p.eat(',') {
				return nil, p.errorf("expected ',' or %q, found %q", close, p.rest())
			}
			p.space()
			if p.eat(close) { // trailing comma
				return out, nil
			}
		}
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
}

func (p *parser) object() (Value, error) {
	p.pos++ // {
	o := NewObject()
	for {
		p.space()
		if p.eat('}') {
			return o, nil
		}
		if o.Len() > 0 {
			if !p.eat(',') {
				return nil, p.errorf("expected ',' or '}', found %q", p.rest())
			}
			p.space()
			if p.eat('}') {
				return o, nil
			}
		}
		var key string
		if p.pos < len(p.src) && (p.src[p.pos] == '"' || p.src[p.pos] == '\'') {
			k, err := p.str()
			if err != nil {
				return nil, err
			}
			key = k.(string)
		} else if key = p.ident(); key == "" {
			return nil, p.errorf("expected a property name, found %q", p.rest())
		}
		p.space()
		if !p.eat(':') {
			return nil, p.errorf("expected ':' after %q", key)
		}
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		o.Set(key, v)
	}
}

func (p *parser) number() (Value, error) {
	start := p.pos
	neg := false
	if p.src[p.pos] == '-' || p.src[p.pos] == '+' {
		neg = p.src[p.pos] == '-'
		p.pos++
	}
	if p.keyword("Infinity") {
		if neg {
			return math.Inf(-1), nil
		}
		return math.Inf(1), nil
	}
	if strings.HasPrefix(p.src[p.pos:], "0x") || strings.HasPrefix(p.src[p.pos:], "0X") {
		p.pos += 2
		ds := p.pos
		for p.pos < len(p.src) && strings.IndexByte("0123456789abcdefABCDEF", p.src[p.pos]) >= 0 {
			p.pos++
		}
		n, err := strconv.ParseUint(p.src[ds:p.pos], 16, 64)
		if err != nil {
			return nil, p.errorf("bad hex number %q", p.src[start:p.pos])
		}
		f := float64(n)
		if neg {
			f = -f
		}
		return f, nil
	}
	for p.pos < len(p.src) && strings.IndexByte("0123456789.eE_", p.src[p.pos]) >= 0 ||
		p.pos > start && p.pos < len(p.src) && (p.src[p.pos] == '-' || p.src[p.pos] == '+') && (p.src[p.pos-1] == 'e' || p.src[p.pos-1] == 'E') {
		p.pos++
	}
	text := strings.ReplaceAll(p.src[start:p.pos], "_", "")
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return nil, p.errorf("bad number %q", p.src[start:p.pos])
	}
	return f, nil
}

func (p *parser) str() (Value, error) {
	quote := p.src[p.pos]
	p.pos++
	var b strings.Builder
	for {
		if p.pos >= len(p.src) {
			return nil, p.errorf("unterminated string")
		}
		c := p.src[p.pos]
		switch {
		case c == quote:
			p.pos++
			return b.String(), nil
		case c == '\\':
			p.pos++
			if p.pos >= len(p.src) {
				return nil, p.errorf("unterminated escape")
			}
			e := p.src[p.pos]
			p.pos++
			switch e {
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case '0':
				b.WriteByte(0)
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'v':
				b.WriteByte('\v')
			case 'x':
				r, err := p.hexDigits(2)
				if err != nil {
					return nil, err
				}
				b.WriteRune(r)
			case 'u':
				r, err := p.unicodeEscape()
				if err != nil {
					return nil, err
				}
				// A surrogate pair written as two escapes is one code point.
				if utf16.IsSurrogate(r) && r < 0xDC00 && strings.HasPrefix(p.src[p.pos:], `\u`) {
					save := p.pos
					p.pos += 2
					if lo, err := p.unicodeEscape(); err == nil && lo >= 0xDC00 && lo < 0xE000 {
						r = utf16.DecodeRune(r, lo)
					} else {
						p.pos = save
					}
				}
				b.WriteRune(r)
			default:
				b.WriteByte(e)
			}
		default:
			_, size := utf8.DecodeRuneInString(p.src[p.pos:])
			b.WriteString(p.src[p.pos : p.pos+size])
			p.pos += size
		}
	}
}

// unicodeEscape parses what follows \u: four hex digits, or a code point
// in braces.
func (p *parser) unicodeEscape() (rune, error) {
	if !p.eat('{') {
		return p.hexDigits(4)
	}
	end := strings.IndexByte(p.src[p.pos:], '}')
	if end < 0 {
		return 0, p.errorf("unterminated \\u{...}")
	}
	r, err := p.hexDigits(end)
	if err == nil && (r < 0 || r > utf8.MaxRune) {
		return 0, p.errorf("code point \\u{%s} out of range", p.src[p.pos-end:p.pos])
	}
	p.pos++
	return r, err
}

func (p *parser) hexDigits(n int) (rune, error) {
	if n == 0 || p.pos+n > len(p.src) {
		return 0, p.errorf("expected %d hex digits", n)
	}
	v, err := strconv.ParseUint(p.src[p.pos:p.pos+n], 16, 32)
	if err != nil {
		return 0, p.errorf("bad hex escape %q", p.src[p.pos:p.pos+n])
	}
	p.pos += n
	return rune(v), nil
}

// ParsePrefix parses one literal at the start of s and returns it with
// the text that follows it.
func ParsePrefix(s string) (Value, string, error) {
	p := &parser{src: s}
	v, err := p.value()
	if err != nil {
		return nil, "", err
	}
	return v, s[p.pos:], nil
}
