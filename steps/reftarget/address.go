package reftarget

import (
	"math"
	"strconv"
	"strings"

	"github.com/netconform/netconform/jsval"
	"github.com/netconform/netconform/reference"
	"github.com/netconform/netconform/steps"
)

// This file is net.BlockList and net.SocketAddress as JavaScript sees
// them: the argument handling of lib/internal/blocklist.js and
// lib/internal/socketaddress.js (Node 20) in front of the reference's
// BlockList and SocketAddress.

// constructAddress is new net.BlockList() and new net.SocketAddress(options).
func (s *session) constructAddress(class string, args []jsval.Value) (any, error) {
	if class == "BlockList" {
		return reference.NewBlockListFor(s.loop.NodeLine()), nil
	}
	return s.newSocketAddress(arg(args, 0))
}

// newSocketAddress validates as the SocketAddress constructor does, in
// its order: options, family, address type, port, flow label, address.
func (s *session) newSocketAddress(options jsval.Value) (*reference.SocketAddress, error) {
	var o *jsval.Object
	switch v := options.(type) {
	case jsval.Undefined:
		o = jsval.NewObject()
	case *jsval.Object:
		o = v
	case jsval.Bytes:
		o = jsval.NewObject() // a Buffer is an object with none of the options
	case jsval.Ref:
		// Any object will do; its properties are the options.
		switch obj := s.objects[v.Name].(type) {
		case *reference.SocketAddress:
			o = socketAddressJSON(obj) // a copy, through its getters
		case *reference.Socket, *reference.Server:
			o = jsval.NewObject("address", jsval.Func{}) // their address() method
		default:
			o = jsval.NewObject()
		}
	default:
		return nil, thrown(reference.ErrInvalidArgType("options", "of type object", s.describe(v)))
	}
	var opts reference.SocketAddressOptions
	switch f := o.Get("family").(type) {
	case jsval.Undefined:
	case string:
		if _, err := reference.SocketAddressFamily(f); err != nil {
			return nil, thrown(err)
		}
		opts.Family = f
	default:
		return nil, thrown(reference.ErrInvalidArgValue("options.family", reference.InspectArgValue(s.inspect(f)), ""))
	}
	explicitEmpty := false
	switch a := o.Get("address").(type) {
	case jsval.Undefined:
	case string:
		opts.Address, explicitEmpty = a, a == ""
	default:
		return nil, thrown(reference.ErrInvalidArgType("options.address", "of type string", s.describe(a)))
	}
	if p := o.Get("port"); !isUndefined(p) {
		// Node 20 aborts on a port its validatePort accepts but C++ does
		// not take (a numeric string, -0); the reference takes its value.
		port, err := validatePort(p, "options.port", true)
		if err != nil {
			return nil, err
		}
		opts.Port = port
	}
	if f := o.Get("flowlabel"); !isUndefined(f) {
		n, err := validateInteger(s, f, "options.flowlabel", 0, math.MaxUint32)
		if err != nil {
			return nil, err
		}
		opts.FlowLabel = int64(n)
	}
	if explicitEmpty {
		// '' is an address Node tries, and fails, to parse; only an
		// absent address takes the default.
		return nil, thrown(reference.ErrInvalidAddress())
	}
	a, err := reference.NewSocketAddress(opts)
	return a, thrownOrNil(err)
}

// validateInteger is validateInt32 / validateUint32: a number (else
// ERR_INVALID_ARG_TYPE), an integer, within min..max (else
// ERR_OUT_OF_RANGE).
func validateInteger(s *session, v jsval.Value, name string, min, max float64) (float64, error) {
	n, ok := v.(float64)
	if !ok {
		return 0, thrown(reference.ErrInvalidArgType(name, "of type number", s.describe(v)))
	}
	if n != math.Trunc(n) || math.IsInf(n, 0) || math.IsNaN(n) {
		return 0, thrown(reference.ErrOutOfRange(name, "an integer", reference.ReceivedNumber(n)))
	}
	if n < min || n > max {
		return 0, thrown(reference.ErrOutOfRange(name, ">= "+reference.JSNumberString(min)+" && <= "+reference.JSNumberString(max), reference.ReceivedNumber(n)))
	}
	return n, nil
}

// socketAddressArg returns the SocketAddress an argument refers to, if it
// is one (SocketAddress.isSocketAddress).
func (s *session) socketAddressArg(v jsval.Value) (*reference.SocketAddress, bool) {
	r, ok := v.(jsval.Ref)
	if !ok {
		return nil, false
	}
	a, ok := s.objects[r.Name].(*reference.SocketAddress)
	return a, ok
}

// addressArg is what every BlockList method does with an address
// argument that is not a SocketAddress: validateString(value, name),
// validateString(family, 'family'), then new SocketAddress({address:
// value, family}). The family defaults to 'ipv4' only when undefined.
func (s *session) addressArg(v jsval.Value, name string, family jsval.Value) (*reference.SocketAddress, error) {
	if a, ok := s.socketAddressArg(v); ok {
		return a, nil
	}
	str, ok := v.(string)
	if !ok {
		return nil, thrown(reference.ErrInvalidArgType(name, "of type string", s.describe(v)))
	}
	fam, err := s.familyArg(family)
	if err != nil {
		return nil, err
	}
	a, err := reference.ParseSocketAddress(str, fam)
	return a, thrownOrNil(err)
}

func (s *session) familyArg(v jsval.Value) (string, error) {
	switch f := v.(type) {
	case jsval.Undefined:
		return "ipv4", nil
	case string:
		return f, nil
	}
	return "", thrown(reference.ErrInvalidArgType("family", "of type string", s.describe(v)))
}

// callAddressObject calls a method of a BlockList or a SocketAddress.
func (s *session) callAddressObject(target any, method string, args []jsval.Value) (any, error) {
	switch t := target.(type) {
	case *reference.BlockList:
		return s.callBlockList(t, method, args)
	case *reference.SocketAddress:
		if method == "toJSON" {
			return socketAddressJSON(t), nil
		}
	}
	return nil, &steps.Thrown{Value: typeError(method + " is not a function")}
}

func (s *session) callBlockList(bl *reference.BlockList, method string, args []jsval.Value) (any, error) {
	family := arg(args, 1)
	switch method {
	case "addAddress":
		a, err := s.addressArg(arg(args, 0), "address", family)
		if err != nil {
			return nil, err
		}
		bl.AddSocketAddress(a)
		return jsval.Undefined{}, nil
	case "addRange":
		family = arg(args, 2)
		start, err := s.addressArg(arg(args, 0), "start", family)
		if err != nil {
			return nil, err
		}
		end, err := s.addressArg(arg(args, 1), "end", family)
		if err != nil {
			return nil, err
		}
		return jsval.Undefined{}, thrownOrNil(bl.AddSocketAddressRange(start, end))
	case "addSubnet":
		family = arg(args, 2)
		network, err := s.addressArg(arg(args, 0), "network", family)
		if err != nil {
			return nil, err
		}
		max := 32.0
		if network.Family() == "ipv6" {
			max = 128
		}
		prefix, err := validateInteger(s, arg(args, 1), "prefix", 0, max)
		if err != nil {
			return nil, err
		}
		return jsval.Undefined{}, thrownOrNil(bl.AddSocketAddressSubnet(network, int(prefix)))
	case "check":
		v := arg(args, 0)
		if a, ok := s.socketAddressArg(v); ok {
			return bl.CheckSocketAddress(a), nil
		}
		str, ok := v.(string)
		if !ok {
			return nil, thrown(reference.ErrInvalidArgType("address", "of type string", s.describe(v)))
		}
		fam, err := s.familyArg(family)
		if err != nil {
			return nil, err
		}
		return bl.Check(str, fam), nil
	}
	return nil, &steps.Thrown{Value: typeError(method + " is not a function")}
}

// getAddressProperty reads blockList.rules and the SocketAddress
// properties.
func (s *session) getAddressProperty(target any, prop string) (any, error) {
	switch t := target.(type) {
	case *reference.BlockList:
		if prop == "rules" {
			rules := jsval.Array{}
			for _, r := range t.Rules() {
				rules = append(rules, r)
			}
			return rules, nil
		}
	case *reference.SocketAddress:
		if v := socketAddressJSON(t).Get(prop); !isUndefined(v) {
			return v, nil
		}
	}
	return jsval.Undefined{}, nil
}

func socketAddressJSON(a *reference.SocketAddress) *jsval.Object {
	return jsval.NewObject("address", a.Address(), "port", float64(a.Port()),
		"family", a.Family(), "flowlabel", float64(a.FlowLabel()))
}

func isUndefined(v jsval.Value) bool {
	_, ok := v.(jsval.Undefined)
	return ok
}

// describe is binding.go's describe, which also names the class of the
// session's objects ("an instance of SocketAddress").
func (s *session) describe(v jsval.Value) string {
	if r, ok := v.(jsval.Ref); ok {
		if c := className(s.objects[r.Name]); c != "" {
			return "an instance of " + c
		}
	}
	if n, ok := v.(float64); ok && !(n == 0 && math.Signbit(n)) {
		return "type number (" + reference.JSNumberString(n) + ")"
	}
	return describe(v)
}

func className(obj any) string {
	switch obj.(type) {
	case *reference.BlockList:
		return "BlockList"
	case *reference.SocketAddress:
		return "SocketAddress"
	case *reference.Socket:
		return "Socket"
	case *reference.Server:
		return "Server"
	}
	return ""
}

// inspect is util.inspect(v) at the top level, for the values error
// messages show (ERR_INVALID_ARG_VALUE). Objects and arrays always fit
// one line here: the suite's literals are short.
func (s *session) inspect(v jsval.Value) string {
	switch x := v.(type) {
	case jsval.Undefined:
		return "undefined"
	case jsval.Null:
		return "null"
	case float64:
		if x == 0 && math.Signbit(x) {
			return "-0"
		}
		return reference.JSNumberString(x)
	case bool:
		return jsval.Format(x)
	case string:
		return reference.InspectString(x)
	case jsval.Func:
		if x.Name == "" {
			return "[Function (anonymous)]"
		}
		return "[Function: " + x.Name + "]"
	case jsval.Bytes:
		hex := make([]string, 0, len(x))
		for i, b := range x {
			if i == 50 {
				hex = append(hex, "... "+strconv.Itoa(len(x)-50)+" more bytes")
				break
			}
			hex = append(hex, byteHex(b))
		}
		return "<Buffer " + strings.Join(hex, " ") + ">"
	case jsval.Array:
		if len(x) == 0 {
			return "[]"
		}
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = s.inspect(e)
		}
		return "[ " + strings.Join(parts, ", ") + " ]"
	case *jsval.Object:
		if x.Len() == 0 {
			return "{}"
		}
		parts := make([]string, 0, x.Len())
		for _, k := range x.Keys() {
			parts = append(parts, inspectKey(k)+": "+s.inspect(x.Get(k)))
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	case jsval.Ref:
		if a, ok := s.objects[x.Name].(*reference.SocketAddress); ok {
			return a.String()
		}
		// Other objects appear in no message the suite checks; Node
		// would list their properties.
		return className(s.objects[x.Name]) + " {}"
	}
	return jsval.Format(v)
}

func byteHex(b byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[b>>4], digits[b&15]})
}

func inspectKey(k string) string {
	for i, c := range k {
		if !(c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return reference.InspectString(k)
		}
	}
	if k == "" {
		return "''"
	}
	return k
}
