package reference

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// normalizeEncoding returns Node's canonical name for a Buffer encoding,
// or "" if enc is not one.
func normalizeEncoding(enc string) string {
	switch strings.ToLower(enc) {
	case "", "utf8", "utf-8":
		return "utf8"
	case "hex":
		return "hex"
	case "base64":
		return "base64"
	case "base64url":
		return "base64url"
	case "latin1", "binary":
		return "latin1"
	case "ascii":
		return "ascii"
	case "ucs2", "ucs-2", "utf16le", "utf-16le":
		return "utf16le"
	}
	return ""
}

// IsEncoding reports whether enc names an encoding Buffer knows, in any
// letter case, as Buffer.isEncoding does: the empty string is not one.
func IsEncoding(enc string) bool {
	return enc != "" && normalizeEncoding(enc) != ""
}

// ErrUnknownEncoding reports an encoding name Buffer does not know.
func ErrUnknownEncoding(enc string) *Error {
	return nodeError("TypeError", "ERR_UNKNOWN_ENCODING", "Unknown encoding: %s", enc)
}

// Encode converts s to bytes as Buffer.from(s, encoding) does. The empty
// encoding means utf8.
func Encode(s, encoding string) ([]byte, error) {
	switch normalizeEncoding(encoding) {
	case "utf8":
		return []byte(s), nil
	case "hex":
		// Node decodes pairs up to the first invalid one.
		n := len(s) / 2
		out := make([]byte, 0, n)
		for i := 0; i < n; i++ {
			b, err := hex.DecodeString(s[2*i : 2*i+2])
			if err != nil {
				break
			}
			out = append(out, b[0])
		}
		return out, nil
	case "base64", "base64url":
		clean := strings.Map(func(r rune) rune {
			switch {
			case r == '-':
				return '+'
			case r == '_':
				return '/'
			case r == '=' || r == ' ' || r == '\n' || r == '\r' || r == '\t':
				return -1
			}
			return r
		}, s)
		out, err := base64.RawStdEncoding.DecodeString(clean)
		if err != nil {
			if ce, ok := err.(base64.CorruptInputError); ok {
				out, _ = base64.RawStdEncoding.DecodeString(clean[:int(ce)/4*4])
			}
		}
		return out, nil
	case "latin1", "ascii":
		out := make([]byte, 0, len(s))
		for _, r := range s {
			out = append(out, byte(r))
		}
		return out, nil
	case "utf16le":
		units := utf16.Encode([]rune(s))
		out := make([]byte, 0, 2*len(units))
		for _, u := range units {
			out = append(out, byte(u), byte(u>>8))
		}
		return out, nil
	}
	return nil, ErrUnknownEncoding(encoding)
}

// decoder turns a byte stream into strings as a StringDecoder does: a
// multi-byte character split across chunks comes out whole.
type decoder struct {
	encoding string
	carry    []byte
}

func (d *decoder) decode(b []byte) string {
	switch d.encoding {
	case "utf8":
		b = append(d.carry, b...)
		d.carry = nil
		// Keep an incomplete trailing sequence for the next chunk.
		for i := 1; i <= 3 && i <= len(b); i++ {
			c := b[len(b)-i]
			if c&0xC0 == 0x80 {
				continue
			}
			if c >= 0xC0 && !utf8.FullRune(b[len(b)-i:]) {
				d.carry = append([]byte(nil), b[len(b)-i:]...)
				b = b[:len(b)-i]
			}
			break
		}
		return strings.ToValidUTF8(string(b), "\uFFFD")
	case "hex":
		return hex.EncodeToString(b)
	case "base64", "base64url":
		b = append(d.carry, b...)
		n := len(b) / 3 * 3
		d.carry = append([]byte(nil), b[n:]...)
		if d.encoding == "base64url" {
			return base64.RawURLEncoding.EncodeToString(b[:n])
		}
		return base64.StdEncoding.EncodeToString(b[:n])
	case "ascii":
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c & 0x7f)
		}
		return string(r)
	case "latin1":
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		return string(r)
	case "utf16le":
		b = append(d.carry, b...)
		n := len(b) / 2 * 2
		d.carry = append([]byte(nil), b[n:]...)
		units := make([]uint16, n/2)
		for i := range units {
			units[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
		}
		return string(utf16.Decode(units))
	}
	return string(b)
}

// flush returns what is left at the end of the stream.
func (d *decoder) flush() string {
	if len(d.carry) == 0 {
		return ""
	}
	rest := d.carry
	d.carry = nil
	switch d.encoding {
	case "utf8":
		return "\uFFFD"
	case "base64":
		return base64.StdEncoding.EncodeToString(rest)
	case "base64url":
		return base64.RawURLEncoding.EncodeToString(rest)
	}
	return ""
}
