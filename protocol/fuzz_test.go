package protocol

import (
	"encoding/json"
	"testing"

	"github.com/netconform/netconform/jsval"
)

// FuzzDecode feeds arbitrary lines to both decoders. Neither may panic;
// a value that decodes must encode, and decode again to a value that
// matches it.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`null`, `1.5`, `"x"`, `[1,[2,{"a":3}]]`, `{"$undefined":true}`, `{"$number":"NaN"}`, `{"$number":"-0"}`,
		`{"$bytes":"aGk="}`, `{"$ref":"srv"}`, `{"$fn":"cb"}`, `{"$object":{"$ref":1}}`,
		`{"$error":{"name":"Error","message":"m","props":{"code":"E"}}}`, `{"$nope":1}`, `{"a":1,"b":2}`,
		`{"id":1,"result":{"value":1,"seq":2}}`, `{"event":{"seq":1,"object":"s","name":"data","args":[{"$bytes":""}]}}`,
		`{"id":1,"op":"invoke","calls":[{"op":"call","target":"net","method":"isIP","args":["::1"]}]}`, `{"id":1,"op":"frob"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		ParseMessage(line)
		ParseRequest(line)
		v, err := DecodeValue(json.RawMessage(line))
		if err != nil {
			return
		}
		enc, err := EncodeValue(v)
		if err != nil {
			t.Fatalf("decoded %q to %s, which does not encode: %v", line, jsval.Format(v), err)
		}
		back, err := DecodeValue(enc)
		if err != nil {
			t.Fatalf("%s re-encoded as %s does not decode: %v", jsval.Format(v), enc, err)
		}
		if !jsval.Match(v, back) {
			t.Fatalf("round trip changed %s into %s", jsval.Format(v), jsval.Format(back))
		}
	})
}
