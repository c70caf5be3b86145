package protocol

import (
	"math"
	"strings"
	"testing"

	"github.com/netconform/netconform/jsval"
)

func TestValuesRoundTrip(t *testing.T) {
	for _, v := range []jsval.Value{
		jsval.Null{}, jsval.Undefined{}, true, 1.5, math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), "é\r\n",
		jsval.Bytes{0, 255, 10}, jsval.Ref{Name: "srv"}, jsval.Func{Name: "cb"},
		jsval.Array{1.0, "a", jsval.Array{}}, jsval.NewObject("a", 1.0, "$ref", "not a ref"),
		&jsval.Error{Name: "RangeError", Message: "m", Props: jsval.NewObject("code", "ERR_SOCKET_BAD_PORT", "port", 65536.0)},
	} {
		enc, err := EncodeValue(v)
		if err != nil {
			t.Fatalf("%s: %v", jsval.Format(v), err)
		}
		back, err := DecodeValue(enc)
		if err != nil {
			t.Fatalf("%s encoded as %s: %v", jsval.Format(v), enc, err)
		}
		if !jsval.Match(v, back) {
			t.Errorf("%s came back as %s (via %s)", jsval.Format(v), jsval.Format(back), enc)
		}
	}
}

func TestObjectsWithDollarKeysAreWrapped(t *testing.T) {
	enc, _ := EncodeValue(jsval.NewObject("$ref", "x"))
	if !strings.HasPrefix(string(enc), `{"$object":`) {
		t.Fatalf("an object with a $ key must be wrapped, got %s", enc)
	}
	if _, err := DecodeValue([]byte(`{"$ref":"a","b":1}`)); err == nil {
		t.Fatal("a bare object with a $ key decoded")
	}
}

func TestBadValuesNameWhatIsWrong(t *testing.T) {
	for in, want := range map[string]string{
		`{"$number":"1"}`: `want "NaN"`,
		`{"$bytes":"!!"}`: `$bytes`,
		`{"$nope":1}`:     `unknown tag "$nope"`,
		`{"$ref":""}`:     `object name`,
		`[` + "{":         `value`,
	} {
		_, err := DecodeValue([]byte(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: want an error containing %q, got %v", in, want, err)
		}
	}
}

func TestMessagesHaveOneKind(t *testing.T) {
	for _, bad := range []string{
		`{"id":1,"result":{"value":1,"seq":1},"error":{"message":"x"}}`,
		`{"id":1,"event":{"seq":1,"object":"o","name":"n","args":[]}}`,
		`{"result":{"value":1,"seq":1}}`,
		`{}`,
		`[]`,
	} {
		if _, err := ParseMessage([]byte(bad)); err == nil {
			t.Errorf("%s was accepted", bad)
		}
	}
	if _, err := ParseRequest([]byte(`{"id":3,"op":"frob"}`)); err == nil || !strings.Contains(err.Error(), `unknown op "frob"`) {
		t.Errorf("unknown op: %v", err)
	}
}
