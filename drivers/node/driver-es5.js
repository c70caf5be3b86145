// driver-es5.js: the netconform driver protocol (docs/protocol.md, version
// 1) for Node.js 0.10, the runtime the v0.10 profile describes. It speaks
// the protocol driver.cjs speaks, in the JavaScript Node.js 0.10 runs:
// ES5, no `node:` prefix, no Map or Set, no Buffer.from, no classes,
// arrow functions, let/const or template strings, no AbortController, and
// no prependListener. It has no dependencies.
//
// Requests come on stdin, one JSON object a line; replies and events go to
// stdout, all through send() so that their order is the order they
// happened in; anything for people goes to stderr.
//
// How it observes events: at delivery, as driver.cjs does, by an observer
// that is the first listener of every event of node:net on every object of
// the session. Node.js 0.10 has no prependListener, so watch() puts the
// observer first in the emitter's _events itself (the table EventEmitter
// 0.10 keeps: a function, or an array of them, per event). Wrapping emit
// would see what is emitted rather than what listeners receive, and would
// miss nothing only as long as every path emits through the instance's
// emit; writing _events needs neither. It also keeps on()'s side effects
// away: on('data') in 0.10 switches a stream to the old flowing mode, and
// the observer must not. listeners() leaves the observers out; Node 0.10's
// own EventEmitter.listenerCount(emitter, event) reads _events directly and
// counts them (Readable.prototype.pipe asks it about a destination's
// 'error' listeners), which no scenario of the v0.10 profile reaches.
//
// Sessions: every closure that reports holds the session it was made for
// and stays silent once that session has closed.
//
// Nothing from a request is ever evaluated as code.
'use strict';

var net = require('net');
var EventEmitter = require('events').EventEmitter;
var proc = process;

var PROTOCOL = 1;
var MAX_LINE = 16 * 1024 * 1024;
var MAX_DEPTH = 64;
var UNDEFINED = { $undefined: true };

// ---- output ---------------------------------------------------------------

function send(msg) {
  proc.stdout.write(JSON.stringify(msg) + '\n');
}

function log() {
  try {
    proc.stderr.write('driver-es5.js: ' + Array.prototype.join.call(arguments, ' ') + '\n');
  } catch (_) { /* nowhere left to say it */ }
}

function reply(id, body) {
  var msg = { id: id };
  for (var k in body) if (Object.prototype.hasOwnProperty.call(body, k)) msg[k] = body[k];
  send(msg);
}

// ProtocolError is a fault of the request (an "error" reply), as opposed
// to a value thrown by the code under test (a "thrown" reply).
function ProtocolError(message) {
  this.message = message;
}
ProtocolError.prototype = Object.create(Error.prototype);
ProtocolError.prototype.name = 'ProtocolError';

function need(ok, message) {
  if (!ok) throw new ProtocolError(message);
}

function isName(x) { return typeof x === 'string' && x !== ''; }
function isRecord(x) { return x !== null && typeof x === 'object' && !Array.isArray(x); }
function isInteger(x) { return typeof x === 'number' && isFinite(x) && Math.floor(x) === x; }
function startsWith(s, p) { return s.slice(0, p.length) === p; }
function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

function clip(s, n) {
  n = n || 200;
  s = String(s);
  return s.length > n ? s.slice(0, n - 3) + '...' : s;
}

function describeThrown(e) {
  if (isError(e)) return e.name + ': ' + e.message;
  return clip(typeof e === 'string' ? e : safeJSON(e));
}

function safeJSON(v) {
  try { return JSON.stringify(v); } catch (_) { return String(v); }
}

// Registry is an identity map from objects to values, for a runtime with
// no Map: a session holds a few dozen objects at most.
function Registry() {
  this.keys = [];
  this.values = [];
}
Registry.prototype.get = function (k) {
  var i = this.keys.indexOf(k);
  return i < 0 ? undefined : this.values[i];
};
Registry.prototype.has = function (k) { return this.keys.indexOf(k) >= 0; };
Registry.prototype.set = function (k, v) {
  var i = this.keys.indexOf(k);
  if (i < 0) {
    this.keys.push(k);
    this.values.push(v);
  } else {
    this.values[i] = v;
  }
};

// ---- the session ------------------------------------------------------------

var session = null;

function newSession(id) {
  return {
    id: id, // the runner's id of the session, carried by every event
    seq: 0,
    objects: Object.create(null), // name -> object (a name the runner gave may alias)
    names: new Registry(), // object -> its name in events
    fns: Object.create(null), // callback name -> function
    fnNames: new Registry(), // function -> callback name
    fnReactions: Object.create(null) // callback name -> [{actions, returns}]
  };
}

function report(s, object, name, args) {
  // Encoding first names (and starts watching) the objects in args.
  var encoded = args.map(function (a) { return encode(s, a, object, 0); });
  s.seq++;
  send({ event: { session: s.id, seq: s.seq, object: object, name: name, args: encoded } });
}

function uniqueName(s, base) {
  for (var i = 1; ; i++) if (!has(s.objects, base + i)) return base + i;
}

// register names obj (or adds an alias for it) and starts reporting its events.
function register(s, obj, name) {
  var had = s.names.get(obj);
  if (had !== undefined) {
    if (name) s.objects[name] = obj;
    return had;
  }
  s.objects[name] = obj;
  s.names.set(obj, name);
  watch(s, obj);
  return name;
}

// OBSERVED are the events a driver watches on every object, as in
// driver.cjs; Node.js 0.10 emits a subset of them.
var OBSERVED = ['lookup', 'connectionAttempt', 'connectionAttemptFailed',
  'connectionAttemptTimeout', 'connect', 'ready', 'data', 'readable', 'pause',
  'resume', 'drain', 'timeout', 'prefinish', 'finish', 'end', 'error', 'close',
  'listening', 'connection', 'drop'];

// watch starts reporting the events obj delivers, at delivery: the
// observer of each OBSERVED event is put first in obj._events (see the
// header for why not emit or prependListener). To leave the object's
// behaviour as it was:
// - the table is written directly, so no 'newListener' is emitted and
//   on()'s stream side effects do not happen;
// - listeners() leaves the observers out;
// - the 'error' observer rethrows the error when it is the only listener,
//   as emit() does for an 'error' nobody handles;
// - removeAllListeners puts the observers back.
function watch(s, obj) {
  if (!(obj instanceof EventEmitter)) return;
  var observers = Object.create(null); // event -> observer
  var mine = function (fn) {
    for (var e in observers) if (observers[e] === fn) return true;
    return false;
  };
  var table = function () {
    if (!obj._events) obj._events = {};
    return obj._events;
  };
  var othersOf = function (event) {
    var l = table()[event];
    if (!l) return [];
    if (typeof l === 'function') l = [l];
    return l.filter(function (fn) { return !mine(fn) && !mine(fn.listener); });
  };
  var place = function (event, fn) {
    var t = table();
    var l = t[event];
    if (!l) t[event] = fn;
    else if (typeof l === 'function') t[event] = [fn, l];
    else l.unshift(fn);
  };
  var observe = function (event) {
    var fn = function observer() {
      var args = Array.prototype.slice.call(arguments);
      if (s !== session) return; // an object of a closed session is silent
      try {
        report(s, s.names.get(obj), event, args);
      } catch (e) {
        log('cannot report ' + s.names.get(obj) + " '" + event + "':", e && e.stack);
      }
      if (event === 'error' && othersOf('error').length === 0) throw unhandled(args[0]);
    };
    observers[event] = fn;
    place(event, fn);
  };
  try {
    OBSERVED.forEach(observe);
    var originalListeners = obj.listeners;
    var originalRemoveAll = obj.removeAllListeners;
    var hide = {
      listeners: function (event) {
        return originalListeners.call(this, event).filter(function (fn) { return !mine(fn); });
      },
      removeAllListeners: function (event) {
        var result = originalRemoveAll.apply(this, arguments);
        OBSERVED.forEach(function (e) {
          if (event === undefined || e === event) place(e, observers[e]);
        });
        return result;
      }
    };
    Object.keys(hide).forEach(function (m) {
      Object.defineProperty(obj, m, { value: hide[m], writable: true, configurable: true, enumerable: false });
    });
  } catch (e) {
    log('cannot watch ' + s.names.get(obj) + ':', e && e.message);
  }
}

// unhandled is what emit() of Node.js 0.10 throws for an 'error' with no
// listener: the error itself, or for any other value this TypeError.
function unhandled(err) {
  if (isError(err)) return err;
  return new TypeError('Uncaught, unspecified "error" event.');
}

function callback(s, name) {
  var fn = s.fns[name];
  if (!fn) {
    fn = function () {
      if (s !== session) return undefined;
      var args = Array.prototype.slice.call(arguments);
      report(s, name, 'call', args);
      var returns;
      (s.fnReactions[name] || []).forEach(function (r) {
        runActions(s, r, name, fn, args);
        if (r.hasReturns) returns = r.returns;
      });
      return returns;
    };
    s.fns[name] = fn;
    s.fnNames.set(fn, name);
  }
  return fn;
}

// lookup resolves a name: a binding of a reaction ($this, $0..), "net",
// "globals", or an object of the session.
function lookup(s, name, bindings) {
  if (bindings && has(bindings, name)) return { value: bindings[name] };
  if (name === 'net') return { value: net };
  if (name === 'globals') return { value: GLOBALS };
  if (has(s.objects, name)) return { value: s.objects[name] };
  return null;
}

// destroyAll closes the servers and destroys the sockets of a session.
function destroyAll(s) {
  var seen = [];
  Object.keys(s.objects).forEach(function (name) {
    var obj = s.objects[name];
    if (seen.indexOf(obj) >= 0) return;
    seen.push(obj);
    try {
      if (obj instanceof net.Server) {
        if (obj._handle) obj.close();
      } else if (obj instanceof net.Socket ||
                 (obj && typeof obj.destroy === 'function' && typeof obj.emit === 'function')) {
        obj.destroy();
      }
    } catch (e) {
      log('closing ' + s.names.get(obj) + ':', e && e.message);
    }
  });
}

// ---- values -----------------------------------------------------------------

function isError(v) {
  return v instanceof Error || Object.prototype.toString.call(v) === '[object Error]';
}

function isPlain(v) {
  var p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

function isBytes(v) {
  return Buffer.isBuffer(v) || (typeof Uint8Array !== 'undefined' && v instanceof Uint8Array);
}

// isObjectOfSession: a value that travels as {"$ref": name}.
function isObjectOfSession(s, v) {
  if (!(typeof v === 'object' && v !== null) && typeof v !== 'function') return false;
  return v !== net && !s.fnNames.has(v) && !isBytes(v) && !Array.isArray(v) &&
    !isError(v) && !isPlain(v);
}

// encode turns a JavaScript value into its JSON form. parent names the
// emitter whose event carries the value, for naming new objects in it.
function encode(s, v, parent, depth) {
  switch (typeof v) {
    case 'undefined': return UNDEFINED;
    case 'boolean': case 'string': return v;
    case 'number':
      if (v !== v) return { $number: 'NaN' };
      if (v === Infinity) return { $number: 'Infinity' };
      if (v === -Infinity) return { $number: '-Infinity' };
      if (v === 0 && 1 / v < 0) return { $number: '-0' };
      return v;
  }
  if (v === null) return null;
  if (depth > MAX_DEPTH) return '[nested deeper than 64]';
  if (v === net) return { $ref: 'net' };
  if (s.fnNames.has(v)) return { $fn: s.fnNames.get(v) };
  var name = s.names.get(v);
  if (name !== undefined) return { $ref: name };
  if (Buffer.isBuffer(v)) return { $bytes: v.toString('base64') };
  if (isBytes(v)) return { $bytes: new Buffer(v).toString('base64') };
  if (Array.isArray(v)) return v.map(function (e) { return encode(s, e, parent, depth + 1); });
  if (isError(v)) {
    var errName = 'Error';
    var message = '';
    try { errName = String(v.name); message = v.message === undefined ? '' : String(v.message); } catch (_) { /* keep defaults */ }
    return { $error: { name: errName, message: message, props: encodeObject(s, v, errorKeys(v), parent, depth, true) } };
  }
  if (typeof v === 'object' && isPlain(v)) return encodeObject(s, v, Object.keys(v), parent, depth, false);
  return { $ref: register(s, v, uniqueName(s, parent ? parent + '_conn' : 'obj')) };
}

// errorKeys are the props of an error: its own enumerable properties but
// name, message and stack, plus the fields scenarios assert on.
var ERROR_FIELDS = ['code', 'errno', 'syscall', 'address', 'port'];

function errorKeys(e) {
  var keys = Object.keys(e).filter(function (k) { return k !== 'name' && k !== 'message' && k !== 'stack'; });
  ERROR_FIELDS.forEach(function (k) {
    var v;
    try { v = e[k]; } catch (_) { /* absent */ }
    if (v !== undefined && keys.indexOf(k) < 0) keys.push(k);
  });
  return keys;
}

function encodeObject(s, o, keys, parent, depth, dataOnly) {
  var out = Object.create(null); // so that a "__proto__" key stays a key
  var wrap = false;
  keys.forEach(function (k) {
    var v;
    try { v = o[k]; } catch (e) { v = '[getter threw ' + describeThrown(e) + ']'; }
    if (dataOnly && typeof v === 'function') return;
    if (startsWith(k, '$')) wrap = true;
    out[k] = encode(s, v, parent, depth + 1);
  });
  return wrap ? { $object: out } : out;
}

var NUMBERS = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };
var ERRORS = { Error: Error, TypeError: TypeError, RangeError: RangeError, SyntaxError: SyntaxError,
  ReferenceError: ReferenceError, EvalError: EvalError, URIError: URIError };
var BASE64 = /^[A-Za-z0-9+/]*={0,2}$/; // and a length that is a multiple of 4

// decode turns a JSON value of a request into a JavaScript value;
// bindings resolve {"$ref": "$this"} and {"$ref": "$0"} in reactions.
function decode(s, v, bindings, depth) {
  if (v === null || typeof v !== 'object') return v;
  if (depth > MAX_DEPTH) throw new ProtocolError('value nested deeper than 64');
  if (Array.isArray(v)) return v.map(function (e) { return decode(s, e, bindings, depth + 1); });
  var keys = Object.keys(v);
  if (keys.length === 1 && startsWith(keys[0], '$')) return decodeTag(s, keys[0], v[keys[0]], bindings, depth);
  keys.forEach(function (k) {
    need(!startsWith(k, '$'), 'object key "' + k + '" starts with "$": wrap such an object in {"$object": ...}');
  });
  return decodeObject(s, v, bindings, depth);
}

function decodeObject(s, v, bindings, depth) {
  var out = {};
  Object.keys(v).forEach(function (k) { out[k] = decode(s, v[k], bindings, depth + 1); });
  return out;
}

function decodeTag(s, tag, x, bindings, depth) {
  switch (tag) {
    case '$undefined':
      return undefined;
    case '$number':
      need(typeof x === 'string' && has(NUMBERS, x), '{"$number": ' + safeJSON(x) + '}: want "NaN", "Infinity", "-Infinity" or "-0"');
      return NUMBERS[x];
    case '$bytes':
      need(typeof x === 'string' && x.length % 4 === 0 && BASE64.test(x), '{"$bytes": ' + clip(safeJSON(x), 80) + '}: want a base64 string');
      return new Buffer(x, 'base64');
    case '$ref':
      need(isName(x), '{"$ref": ...} needs an object name');
      var found = lookup(s, x, bindings);
      need(found, '{"$ref": ' + JSON.stringify(x) + '}: no object of that name in the session');
      return found.value;
    case '$fn':
      need(isName(x), '{"$fn": ...} needs a callback name');
      return callback(s, x);
    case '$object':
      need(isRecord(x), '{"$object": ...} needs an object');
      return decodeObject(s, x, bindings, depth);
    case '$error':
      need(isRecord(x), '{"$error": ...} needs an object');
      var name = typeof x.name === 'string' ? x.name : 'Error';
      var Ctor = has(ERRORS, name) ? ERRORS[name] : Error;
      var err = new Ctor(typeof x.message === 'string' ? x.message : '');
      if (err.name !== name) Object.defineProperty(err, 'name', { value: name, writable: true, configurable: true });
      var props = x.props === undefined ? {} : decode(s, x.props, bindings, depth + 1);
      if (props !== null && typeof props === 'object') {
        Object.keys(props).forEach(function (k) { err[k] = props[k]; });
      }
      return err;
  }
  throw new ProtocolError('unknown tag "' + tag + '"');
}

// ---- requests ------------------------------------------------------------------

var CALL_OPS = ['call', 'new', 'get', 'set'];

function needSession() {
  need(session, 'no session is open: send "open" first');
  return session;
}

function opOpen(req) {
  if (session) opClose(); // one session at a time: an open implies a close
  session = newSession(typeof req.session === 'string' ? req.session : undefined);
  return { result: { value: UNDEFINED, seq: 0 } };
}

function opClose() {
  var s = session;
  if (!s) return { result: { value: UNDEFINED, seq: 0 } };
  destroyAll(s);
  session = null; // from here on, this session's objects are silent
  return { result: { value: UNDEFINED, seq: s.seq } };
}

function checkCall(c, i) {
  var at = 'calls[' + i + ']';
  need(isRecord(c), at + ' is not an object');
  need(CALL_OPS.indexOf(c.op) >= 0, at + ': unknown op ' + safeJSON(c.op) + '; want one of ' + CALL_OPS.join(', '));
  need(isName(c.target), at + ': "target" must be a name');
  need(typeof c.method === 'string', at + ': "method" must be a string');
  need(c.args === undefined || Array.isArray(c.args), at + ': "args" must be an array');
  need(c.as === undefined || isName(c.as), at + ': "as" must be a name');
  need(c.op !== 'set' || (c.args && c.args.length === 1), at + ': "set" needs exactly one value in "args"');
}

function opInvoke(req) {
  var s = needSession();
  need(Array.isArray(req.calls) && req.calls.length > 0, 'invoke needs a non-empty "calls" array');
  req.calls.forEach(checkCall);
  var value;
  for (var i = 0; i < req.calls.length; i++) {
    var c = req.calls[i];
    var label = 'calls[' + i + '] (' + c.target + '.' + c.method + ')';
    var found = lookup(s, c.target, null);
    need(found, label + ': no object named ' + JSON.stringify(c.target) + ' in the session');
    var args;
    try {
      args = decode(s, c.args || [], null, 0);
    } catch (e) {
      throw new ProtocolError(label + ': ' + e.message);
    }
    try {
      value = perform(found.value, c, args);
    } catch (thrown) {
      if (thrown instanceof ProtocolError) throw thrown;
      return { thrown: { value: encode(s, thrown, null, 0), seq: s.seq } };
    }
    if (isObjectOfSession(s, value)) register(s, value, c.as || s.names.get(value) || uniqueName(s, 'obj'));
  }
  return { result: { value: encode(s, value, null, 0), seq: s.seq } };
}

// GLOBALS are the globals a scenario may reach (target "globals",
// docs/protocol.md): the queues of the event loop. Node.js 0.10 has no
// AbortController and no promise jobs (queueMicrotask), so a scenario
// that needs one carries @node:>=19.
var GLOBALS = Object.freeze({
  nextTick: function (fn) { proc.nextTick(fn); },
  setImmediate: function (fn) { setImmediate(fn); }
});

// Constructors that turn strings into code: reachable through any
// function's .constructor, and refused, since nothing is evaluated.
var CODE_MAKERS = [Function, eval]; // eslint-disable-line no-eval

// construct is `new fn(...args)` for any number of arguments.
function construct(fn, args) {
  var Bound = Function.prototype.bind.apply(fn, [null].concat(args));
  return new Bound();
}

// perform does one call; what it throws is the code under test's.
function perform(target, c, args) {
  var path = c.target + '.' + c.method;
  if (target === null || target === undefined) throw new TypeError("Cannot read property '" + c.method + "' of " + target);
  switch (c.op) {
    case 'call': case 'new':
      var fn = target[c.method];
      if (typeof fn !== 'function') throw new TypeError(path + ' is not a ' + (c.op === 'new' ? 'constructor' : 'function'));
      need(CODE_MAKERS.indexOf(fn) < 0, path + ': the driver evaluates no code');
      return c.op === 'new' ? construct(fn, args) : fn.apply(target, args);
    case 'get':
      return target[c.method];
    case 'set':
      target[c.method] = args[0];
      return args[0];
  }
  throw new ProtocolError('unknown op ' + c.op);
}

function checkReaction(r, where, nested) {
  need(isRecord(r), where + ' is not an object');
  need(nested || isName(r.object), where + ': "object" must be a name');
  need(typeof r.event === 'string', where + ': "event" must be a string');
  need(r.callback === undefined || typeof r.callback === 'boolean', where + ': "callback" must be a boolean');
  need(!r.callback || (!nested && r.event === 'call'), where + ': a reaction on a callback is not nested and has the event "call"');
  need(r.returns === undefined || r.callback === true, where + ': "returns" needs "callback": true');
  need(Array.isArray(r.actions), where + ': "actions" must be an array');
  r.actions.forEach(function (a, i) {
    var at = where + '.actions[' + i + ']';
    need(isRecord(a), at + ' is not an object');
    need(isName(a.target), at + ': "target" must be a name');
    if (a.on !== undefined) return checkReaction(a.on, at + '.on', true);
    need(typeof a.method === 'string', at + ': needs "method" or "on"');
    need(a.args === undefined || Array.isArray(a.args), at + ': "args" must be an array');
  });
}

function opReact(req) {
  var s = needSession();
  var r = req.reaction;
  checkReaction(r, 'reaction', false);
  if (r.callback) {
    // The callback may not exist yet: callback() makes it, and later
    // {"$fn": name} values are that same function.
    need(!has(s.objects, r.object), r.object + ' is an object of the session, not a callback');
    callback(s, r.object);
    var list = s.fnReactions[r.object] || [];
    var hasReturns = has(r, 'returns');
    list.push({ event: 'call', actions: r.actions, hasReturns: hasReturns, returns: hasReturns ? decode(s, r.returns, null, 0) : undefined });
    s.fnReactions[r.object] = list;
  } else {
    install(s, r, r.object, null);
  }
  return { result: { value: UNDEFINED, seq: s.seq } };
}

// install adds a listener that performs the reaction's actions; it throws
// a ProtocolError when the object is unknown or is no emitter.
function install(s, r, objectName, bindings) {
  var found = lookup(s, objectName, bindings);
  need(found, 'no object named ' + JSON.stringify(objectName) + ' in the session');
  var obj = found.value;
  need(obj !== null && obj !== undefined && typeof obj.on === 'function', objectName + ' is not an event emitter');
  var shown = s.names.get(obj) || objectName;
  obj.on(r.event, function () {
    if (s !== session) return;
    runActions(s, r, shown, obj, Array.prototype.slice.call(arguments));
  });
}

// runActions performs a reaction's actions for one event (or one call of
// a callback) whose emitter is obj and whose arguments are args.
function runActions(s, r, shown, obj, args) {
  var b = { $this: obj };
  for (var i = 0; i < args.length; i++) b['$' + i] = args[i];
  for (var j = 0; j < r.actions.length; j++) {
    var a = r.actions[j];
    try {
      act(s, a, b);
    } catch (e) {
      var why = e instanceof ProtocolError ? e.message : describeThrown(e);
      report(s, 'process', 'reactionError', ['on ' + shown + " '" + r.event + "': " + a.target + '.' + (a.method || 'on') + ': ' + why]);
      return;
    }
  }
}

function act(s, a, b) {
  if (a.on !== undefined) return install(s, a.on, a.target, b);
  var found = lookup(s, a.target, b);
  need(found, 'no object named ' + JSON.stringify(a.target));
  var args = decode(s, a.args || [], b, 0);
  perform(found.value, { op: 'call', target: a.target, method: a.method }, args);
}

// ---- the request loop -------------------------------------------------------------

var queue = []; // lines not yet answered; null stands for an overlong line
var busy = false; // a settle is waiting for the event loop
var inputEnded = false;

function handle(line) {
  if (line === null) return reply(null, { error: { message: 'a line longer than ' + MAX_LINE + ' bytes was dropped' } });
  var req;
  try {
    req = JSON.parse(line);
  } catch (e) {
    return reply(null, { error: { message: 'malformed line (' + e.message + '): ' + clip(line) } });
  }
  if (req === null || typeof req !== 'object' || Array.isArray(req)) {
    return reply(null, { error: { message: 'line is not a JSON object: ' + clip(line) } });
  }
  if (!isInteger(req.id)) return reply(null, { error: { message: 'request without an integer "id": ' + clip(line) } });
  var id = req.id;
  try {
    switch (req.op) {
      case 'open': return reply(id, opOpen(req));
      case 'close': return reply(id, opClose());
      case 'invoke': return reply(id, opInvoke(req));
      case 'react': return reply(id, opReact(req));
      case 'settle': return settle(id);
    }
    if (req.op === undefined) throw new ProtocolError('request without an "op": ' + clip(line));
    throw new ProtocolError('unknown op ' + safeJSON(req.op) + ' in ' + clip(line));
  } catch (e) {
    if (e instanceof ProtocolError) return reply(id, { error: { message: e.message } });
    log('failed on', clip(line), e && e.stack);
    return reply(id, { error: { message: 'the driver failed on ' + clip(line) + ': ' + describeThrown(e) } });
  }
}

// settle replies after two nested setImmediates: one full turn of the
// event loop after the request arrived.
function settle(id) {
  busy = true;
  setImmediate(function () {
    setImmediate(function () {
      busy = false;
      reply(id, { result: { value: UNDEFINED, seq: session ? session.seq : 0 } });
      pump();
    });
  });
}

function pump() {
  while (!busy && queue.length > 0) handle(queue.shift());
  if (!busy && inputEnded && queue.length === 0) shutdown();
}

// shutdown lets the process end by itself once every object is gone; the
// timer only ends a process something still holds.
function shutdown() {
  if (session) opClose();
  setTimeout(function () { proc.exit(0); }, 2000).unref();
}

// Lines are split on bytes, not strings, so that a chunk ending inside a
// UTF-8 sequence does no harm. Buffer 0.10 has no indexOf.
var partial = [];
var partialLength = 0;
var skipping = false; // inside an overlong line, until its newline

function newlineAt(chunk, start) {
  for (var i = start; i < chunk.length; i++) if (chunk[i] === 10) return i;
  return -1;
}

function onData(chunk) {
  if (typeof chunk === 'string') chunk = new Buffer(chunk, 'utf8');
  var start = 0;
  while (start < chunk.length) {
    var nl = newlineAt(chunk, start);
    var end = nl < 0 ? chunk.length : nl;
    if (!skipping) {
      var copy = new Buffer(end - start); // the runtime may reuse chunk
      chunk.copy(copy, 0, start, end);
      partial.push(copy);
      partialLength += end - start;
      if (partialLength > MAX_LINE) {
        queue.push(null);
        skipping = true;
        partial = [];
      }
    }
    if (nl < 0) break;
    if (!skipping) {
      var line = Buffer.concat(partial).toString('utf8');
      queue.push(line.charAt(line.length - 1) === '\r' ? line.slice(0, -1) : line);
    }
    skipping = false;
    partial = [];
    partialLength = 0;
    start = nl + 1;
  }
  pump();
}

// An 'error' nobody listens to throws out of emit, far from any request:
// report it as the process's and keep serving, as the protocol asks.
function uncaught(err) {
  try {
    if (session) return report(session, 'process', 'uncaughtException', [err]);
  } catch (e) {
    log('cannot report an uncaught exception:', e && e.stack);
  }
  log('uncaught exception outside a session:', (err && err.stack) || String(err));
}

proc.on('uncaughtException', uncaught);
proc.stdout.on('error', function (e) { log('stdout:', e.message); proc.exit(0); }); // the runner has gone
proc.stdin.on('data', onData);
proc.stdin.on('end', function () { inputEnded = true; pump(); });
proc.stdin.on('error', function (e) { log('stdin:', e.message); inputEnded = true; pump(); });

send({ hello: { protocol: PROTOCOL, implementation: { name: 'node', version: proc.version } } });
