// Package protocol is the driver protocol in Go: the JSON encoding of
// JavaScript values and the messages a runner and a driver exchange, one
// JSON object per line (docs/protocol.md).
package protocol

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/netconform/netconform/jsval"
)

// Version is the protocol version this package speaks.
const Version = 1

// EncodeValue turns a value into its JSON form: JSON's own types where
// they fit, and a one-key object {"$tag": ...} for the rest.
func EncodeValue(v jsval.Value) (json.RawMessage, error) {
	var b bytes.Buffer
	if err := encode(&b, v, 0); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func encode(b *bytes.Buffer, v jsval.Value, depth int) error {
	if depth > 64 {
		return fmt.Errorf("value nested deeper than 64")
	}
	writeJSON := func(x any) {
		out, _ := json.Marshal(x)
		b.Write(out)
	}
	switch x := v.(type) {
	case nil, jsval.Null:
		b.WriteString("null")
	case jsval.Undefined:
		b.WriteString(`{"$undefined":true}`)
	case bool:
		writeJSON(x)
	case int:
		writeJSON(x)
	case float64:
		switch {
		case math.IsNaN(x), math.IsInf(x, 0), x == 0 && math.Signbit(x):
			b.WriteString(`{"$number":"` + jsval.FormatNumber(x) + `"}`)
		default:
			writeJSON(x)
		}
	case string:
		writeJSON(x)
	case jsval.Bytes:
		b.WriteString(`{"$bytes":"` + base64.StdEncoding.EncodeToString(x) + `"}`)
	case jsval.Ref:
		b.WriteString(`{"$ref":`)
		writeJSON(x.Name)
		b.WriteByte('}')
	case jsval.Func:
		b.WriteString(`{"$fn":`)
		writeJSON(x.Name)
		b.WriteByte('}')
	case jsval.Array:
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := encode(b, e, depth+1); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case *jsval.Object:
		return encodeObject(b, x, depth)
	case *jsval.Error:
		b.WriteString(`{"$error":{"name":`)
		writeJSON(x.Name)
		b.WriteString(`,"message":`)
		writeJSON(x.Message)
		b.WriteString(`,"props":`)
		props := x.Props
		if props == nil {
			props = jsval.NewObject()
		}
		if err := encodeObject(b, props, depth); err != nil {
			return err
		}
		b.WriteString("}}")
	default:
		return fmt.Errorf("cannot encode %T", v)
	}
	return nil
}

// encodeObject writes a plain object; one with a key that starts with
// "$" goes inside {"$object": {...}} so that it cannot pass for a tag.
func encodeObject(b *bytes.Buffer, o *jsval.Object, depth int) error {
	wrap := false
	for _, k := range o.Keys() {
		if strings.HasPrefix(k, "$") {
			wrap = true
		}
	}
	if wrap {
		b.WriteString(`{"$object":`)
	}
	b.WriteByte('{')
	for i, k := range o.Keys() {
		if i > 0 {
			b.WriteByte(',')
		}
		key, _ := json.Marshal(k)
		b.Write(key)
		b.WriteByte(':')
		if err := encode(b, o.Get(k), depth+1); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	if wrap {
		b.WriteByte('}')
	}
	return nil
}

// DecodeValue reads a value from its JSON form.
func DecodeValue(raw json.RawMessage) (jsval.Value, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var x any
	if err := dec.Decode(&x); err != nil {
		return nil, fmt.Errorf("value %s: %w", clip(raw), err)
	}
	return fromJSON(x, 0)
}

func fromJSON(x any, depth int) (jsval.Value, error) {
	if depth > 64 {
		return nil, fmt.Errorf("value nested deeper than 64")
	}
	switch t := x.(type) {
	case nil:
		return jsval.Null{}, nil
	case bool, string:
		return t, nil
	case json.Number:
		f, err := t.Float64()
		if err != nil {
			return nil, fmt.Errorf("number %s: %w", t, err)
		}
		return f, nil
	case []any:
		out := make(jsval.Array, len(t))
		for i, e := range t {
			v, err := fromJSON(e, depth+1)
			if err != nil {
				return nil, err
			}
			out[i] = v
		}
		return out, nil
	case map[string]any:
		if len(t) == 1 {
			for k, v := range t {
				if strings.HasPrefix(k, "$") {
					return fromTag(k, v, depth)
				}
			}
		}
		return objectFromJSON(t, depth)
	}
	return nil, fmt.Errorf("unexpected JSON %T", x)
}

func objectFromJSON(m map[string]any, depth int) (*jsval.Object, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		if strings.HasPrefix(k, "$") {
			return nil, fmt.Errorf("object key %q starts with '$': wrap such objects in {\"$object\": ...}", k)
		}
		keys = append(keys, k)
	}
	// JSON objects carry no order through Go's map: keep a stable one.
	sort.Strings(keys)
	o := jsval.NewObject()
	for _, k := range keys {
		v, err := fromJSON(m[k], depth+1)
		if err != nil {
			return nil, err
		}
		o.Set(k, v)
	}
	return o, nil
}

func fromTag(tag string, v any, depth int) (jsval.Value, error) {
	str, isStr := v.(string)
	switch tag {
	case "$undefined":
		return jsval.Undefined{}, nil
	case "$number":
		switch str {
		case "NaN":
			return math.NaN(), nil
		case "Infinity":
			return math.Inf(1), nil
		case "-Infinity":
			return math.Inf(-1), nil
		case "-0":
			return math.Copysign(0, -1), nil
		}
		return nil, fmt.Errorf(`{"$number": %q}: want "NaN", "Infinity", "-Infinity" or "-0"`, str)
	case "$bytes":
		if !isStr {
			return nil, fmt.Errorf(`{"$bytes": ...} needs a base64 string`)
		}
		b, err := base64.StdEncoding.DecodeString(str)
		if err != nil {
			return nil, fmt.Errorf(`{"$bytes": %q}: %w`, clip([]byte(str)), err)
		}
		return jsval.Bytes(b), nil
	case "$ref":
		if !isStr || str == "" {
			return nil, fmt.Errorf(`{"$ref": ...} needs an object name`)
		}
		return jsval.Ref{Name: str}, nil
	case "$fn":
		if !isStr || str == "" {
			return nil, fmt.Errorf(`{"$fn": ...} needs a callback name`)
		}
		return jsval.Func{Name: str}, nil
	case "$object":
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf(`{"$object": ...} needs an object`)
		}
		o := jsval.NewObject()
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			e, err := fromJSON(m[k], depth+1)
			if err != nil {
				return nil, err
			}
			o.Set(k, e)
		}
		return o, nil
	case "$error":
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf(`{"$error": ...} needs an object`)
		}
		e := &jsval.Error{Props: jsval.NewObject()}
		e.Name, _ = m["name"].(string)
		e.Message, _ = m["message"].(string)
		if p, ok := m["props"].(map[string]any); ok {
			props, err := fromJSON(p, depth+1)
			if err != nil {
				return nil, err
			}
			if po, ok := props.(*jsval.Object); ok {
				e.Props = po
			}
		}
		return e, nil
	}
	return nil, fmt.Errorf("unknown tag %q", tag)
}

func clip(b []byte) string {
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}
