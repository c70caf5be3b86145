// Argument checks that several entry points share, each as Node.js 20
// performs it (lib/net.js, lib/dns.js, lib/internal/streams/writable.js,
// lib/string_decoder.js), with the messages Node builds.

package reftarget

import (
	"math"

	"github.com/netconform/netconform/jsval"
	"github.com/netconform/netconform/reference"
)

// formatS is util.format's %s, which ERR_INVALID_IP_ADDRESS and
// ERR_UNKNOWN_ENCODING use to show the value: a string as it is, an
// object or an array as util.inspect shows it, anything else as String().
func (s *session) formatS(v jsval.Value) string {
	switch x := v.(type) {
	case string:
		return x
	case *jsval.Object, jsval.Array, jsval.Ref:
		return s.inspect(v)
	case float64:
		if x == 0 && math.Signbit(x) {
			return "-0"
		}
	}
	return toString(v)
}

// numberOption is validateNumber for an option Node checks only when it
// is not undefined (keepAliveInitialDelay, highWaterMark).
func (s *session) numberOption(o *jsval.Object, name string) error {
	v := o.Get(name)
	if _, ok := v.(float64); ok || isUndefined(v) {
		return nil
	}
	return thrown(reference.ErrInvalidArgType("options."+name, "of type number", s.describe(v)))
}

// writeArgs splits (chunk[, encoding][, callback]) as Writable's write()
// and end() do: an encoding that is a function is the callback, and for
// end() so is a chunk that is one.
func (s *session) writeArgs(args []jsval.Value, isEnd bool) (chunk, encoding jsval.Value, cb func(error)) {
	chunk, encoding = arg(args, 0), arg(args, 1)
	f, isFunc := arg(args, 2).(jsval.Func)
	if g, ok := chunk.(jsval.Func); ok && isEnd {
		chunk, encoding, f, isFunc = jsval.Null{}, jsval.Null{}, g, true
	} else if g, ok := encoding.(jsval.Func); ok {
		encoding, f, isFunc = jsval.Null{}, g, true
	}
	if isFunc {
		cb = s.nullCallback(f)
	}
	return chunk, encoding, cb
}

// chunk is Writable's _write() check of (chunk, encoding), in its order:
// null is ERR_STREAM_NULL_VALUES; a truthy encoding Buffer does not know
// is ERR_UNKNOWN_ENCODING, even for a Buffer, which does not use it;
// anything but a string or a Buffer is ERR_INVALID_ARG_TYPE. It returns
// the data and the encoding's name ("" for the default).
func (s *session) chunk(data, encoding jsval.Value) (any, string, error) {
	if isNull(data) {
		return nil, "", thrown(&reference.Error{Name: "TypeError", Code: "ERR_STREAM_NULL_VALUES", Message: "May not write null values to stream"})
	}
	enc := ""
	if truthy(encoding) {
		e, ok := encoding.(string)
		if !ok || e != "buffer" && !reference.IsEncoding(e) {
			return nil, "", thrown(reference.ErrUnknownEncoding(s.formatS(encoding)))
		}
		enc = e
	}
	switch d := data.(type) {
	case string, jsval.Bytes:
		return d, enc, nil
	}
	return nil, "", thrown(reference.ErrInvalidArgType("chunk", "of type string or an instance of Buffer, TypedArray, or DataView", s.describe(data)))
}

// setEncoding is Readable's setEncoding(), whose StringDecoder takes null
// and undefined as UTF-8 and refuses what is not an encoding's name.
func (s *session) setEncoding(sock *reference.Socket, v jsval.Value) (any, error) {
	switch e := v.(type) {
	case jsval.Undefined, jsval.Null:
		return sock, thrownOrNil(sock.SetEncoding("utf8"))
	case string:
		return sock, thrownOrNil(sock.SetEncoding(e))
	}
	return nil, thrown(reference.ErrUnknownEncoding(s.formatS(v)))
}

// The dns.lookup() hints Node's validateHints lets through: AI_ADDRCONFIG,
// AI_V4MAPPED and AI_ALL as glibc (and c-ares) number them.
const (
	aiAll        = 0x10
	aiV4Mapped   = 0x08
	aiAddrConfig = 0x20
)

// lookupOptions is what dns.lookup() checks of the options net.connect()
// passes it, in its order: the host name, the hints (a number whose
// uint32 value has no other bit), then the family, which the connect
// options may also name 'IPv4' or 'IPv6'. It returns the family.
func (s *session) lookupOptions(o *jsval.Object, host jsval.Value) (int, error) {
	if _, ok := host.(string); !ok {
		return 0, thrown(reference.ErrInvalidArgType("hostname", "of type string", s.describe(host)))
	}
	if hints := o.Get("hints"); truthy(hints) {
		n, ok := hints.(float64)
		if !ok {
			return 0, thrown(reference.ErrInvalidArgType("options.hints", "of type number", s.describe(hints)))
		}
		// dns.lookup checks the flags; a custom lookup gets them as given.
		if u := toUint32(n); isNullish(o.Get("lookup")) && u&^(aiAll|aiV4Mapped|aiAddrConfig) != 0 {
			return 0, thrown(reference.ErrInvalidArgValue("hints", reference.JSNumberString(float64(u)), ""))
		}
	}
	switch f := o.Get("family").(type) {
	case jsval.Undefined, jsval.Null:
		return 0, nil
	case string:
		switch f {
		case "IPv4":
			return 4, nil
		case "IPv6":
			return 6, nil
		}
	case float64:
		if f == 0 || f == 4 || f == 6 {
			return int(f), nil
		}
	}
	return 0, thrown(reference.ErrInvalidArgValue("options.family", s.inspect(o.Get("family")), "must be one of: 0, 4, 6"))
}

// toUint32 is JavaScript's ToUint32 (n >>> 0).
func toUint32(n float64) uint32 {
	if math.IsNaN(n) || math.IsInf(n, 0) {
		return 0
	}
	return uint32(int64(math.Mod(math.Trunc(n), 1<<32)))
}
