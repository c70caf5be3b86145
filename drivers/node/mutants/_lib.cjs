// _lib.cjs: what the mutants share (not a mutant: `netconform mutants`
// skips files whose name starts with "_").
//
// A mutant changes Node's own node:net under the driver, below the
// objects the driver watches, so it must leave alone the driver's own
// streams: over pipes, process.stdin and process.stdout are net.Sockets
// too, and a mutant that broke them would break the protocol, not the
// port.
'use strict';

const net = require('node:net');
const EventEmitter = require('node:events');

const own = new Set([process.stdin, process.stdout, process.stderr]);

// isPort reports whether obj is an object of the port under test (a
// net.Socket or net.Server that is not one of the driver's streams).
function isPort(obj) {
  return (obj instanceof net.Socket || obj instanceof net.Server) && !own.has(obj);
}

// patchEmit replaces the emit of a prototype (net.Socket.prototype,
// net.Server.prototype or EventEmitter.prototype): fn(emit, event, args)
// runs for the port's objects, with emit the original bound to the
// object, and returns what emit should return.
function patchEmit(proto, fn) {
  const original = proto.emit;
  proto.emit = function emit(event, ...args) {
    if (!isPort(this)) return Reflect.apply(original, this, arguments);
    return fn.call(this, (...a) => Reflect.apply(original, this, a), event, args);
  };
}

// patchMethod replaces proto[name] with fn(original, args) called with
// the object as this, for the port's objects only.
function patchMethod(proto, name, fn) {
  const original = proto[name];
  proto[name] = function (...args) {
    if (!isPort(this)) return Reflect.apply(original, this, args);
    return fn.call(this, (...a) => Reflect.apply(original, this, a), args);
  };
}

// patchGetter replaces the getter of proto[name] with fn(value) of the
// original getter's value.
function patchGetter(proto, name, fn) {
  let p = proto;
  let d;
  while (p && !(d = Object.getOwnPropertyDescriptor(p, name))) p = Object.getPrototypeOf(p);
  if (!d || !d.get) throw new Error(`_lib.cjs: ${name} has no getter`);
  Object.defineProperty(proto, name, {
    configurable: true,
    enumerable: d.enumerable,
    get() {
      const v = d.get.call(this);
      return isPort(this) || !(this instanceof net.Socket || this instanceof net.Server) ? fn.call(this, v) : v;
    },
    set: d.set,
  });
}

// onEverySocket calls fn(socket) for every socket of the port: a client
// when it connects, a server's socket when it is accepted. Node defines
// most of a socket's properties as non-configurable getters of
// net.Socket.prototype; a mutant that changes one defines an own
// property on each socket instead.
function onEverySocket(fn) {
  const seen = new WeakSet();
  const once = (s) => { if (isPort(s) && !seen.has(s)) { seen.add(s); fn(s); } };
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function () { once(this); return Reflect.apply(connect, this, arguments); };
  patchEmit(net.Server.prototype, function (emit, event, args) {
    if (event === 'connection' && args[0] instanceof net.Socket) once(args[0]);
    return emit(event, ...args);
  });
}

// overrideGetter defines on obj an own getter of name that returns
// fn(value) of the prototype's getter.
function overrideGetter(obj, name, fn) {
  let p = Object.getPrototypeOf(obj);
  let d;
  while (p && !(d = Object.getOwnPropertyDescriptor(p, name))) p = Object.getPrototypeOf(p);
  if (!d || !d.get) throw new Error(`_lib.cjs: ${name} has no getter`);
  Object.defineProperty(obj, name, { configurable: true, enumerable: d.enumerable, get() { return fn.call(this, d.get.call(this)); } });
}

// socketClosed returns the error Node's ERR_SOCKET_CLOSED is, for a
// mutant that throws it where Node does not.
function socketClosed() {
  const err = new Error('Socket is closed');
  err.code = 'ERR_SOCKET_CLOSED';
  return err;
}

// pretendWritten is a write that never happened: its callback, if the
// arguments hold one, is called in the next tick with no error, and the
// write returns ret.
function pretendWritten(args, ret) {
  const cb = args.find((a) => typeof a === 'function');
  if (cb) process.nextTick(cb, null);
  return ret;
}

module.exports = { net, EventEmitter, isPort, patchEmit, patchMethod, patchGetter, onEverySocket, overrideGetter, socketClosed, pretendWritten };
