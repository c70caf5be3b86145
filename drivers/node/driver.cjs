// driver.cjs: the netconform driver protocol (docs/protocol.md, version 1)
// implemented with the runtime's own node:net. It runs unchanged under
// Node.js, Bun and Deno (`deno run -A driver.cjs`) and has no dependencies.
//
// Requests come on stdin, one JSON object a line; replies and events go to
// stdout, all through send() so that their order is the order they
// happened in; anything for people goes to stderr.
//
// How it observes an implementation without changing it:
// - Events are observed at delivery (docs/protocol.md, "Events"): an
//   observer is the first listener of every event of node:net on every
//   object of the session, hidden from listener counts, so what it
//   reports is what listeners receive; an 'error' nobody else listens to
//   still throws, and the 'uncaughtException' handler below reports it
//   and the driver goes on. watch() says how behaviour is kept as it was.
// - Objects in an event's arguments (the socket of 'connection') are named
//   and wrapped before the event is reported, so none of their own events
//   is missed.
// - Sessions: every closure that reports (emit wrappers, reactions,
//   callbacks) holds the session it was made for and stays silent once
//   that session has closed, so nothing leaks into the next scenario.
//
// Nothing from a request is ever evaluated as code.
'use strict';

const net = require('node:net');
const { Buffer } = require('node:buffer');
const proc = require('node:process');

const PROTOCOL = 1;
const MAX_LINE = 16 * 1024 * 1024;
const MAX_DEPTH = 64;
const UNDEFINED = { $undefined: true };

function implementation() {
  if (proc.versions && proc.versions.bun) return { name: 'bun', version: proc.versions.bun };
  if (typeof Deno !== 'undefined') return { name: 'deno', version: Deno.version.deno }; // eslint-disable-line no-undef
  return { name: 'node', version: proc.version };
}

// ---- output ---------------------------------------------------------------

function send(msg) {
  proc.stdout.write(JSON.stringify(msg) + '\n');
}

function log(...parts) {
  try {
    proc.stderr.write('driver.cjs: ' + parts.join(' ') + '\n');
  } catch (_) { /* nowhere left to say it */ }
}

function reply(id, body) {
  send(Object.assign({ id }, body));
}

// ProtocolError is a fault of the request (an "error" reply), as opposed
// to a value thrown by the code under test (a "thrown" reply).
class ProtocolError extends Error {}

function need(ok, message) {
  if (!ok) throw new ProtocolError(message);
}

const isName = (x) => typeof x === 'string' && x !== '';
const isRecord = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);

function clip(s, n = 200) {
  s = String(s);
  return s.length > n ? s.slice(0, n - 3) + '...' : s;
}

function describeThrown(e) {
  if (isError(e)) return `${e.name}: ${e.message}`;
  return clip(typeof e === 'string' ? e : safeJSON(e));
}

function safeJSON(v) {
  try { return JSON.stringify(v); } catch (_) { return String(v); }
}

// ---- the session ------------------------------------------------------------

let session = null;

function newSession(id) {
  return {
    id, // the runner's id of the session, carried by every event
    seq: 0,
    objects: new Map(), // name -> object (a name the runner gave may alias)
    names: new Map(), // object -> its name in events
    fns: new Map(), // callback name -> function
    fnNames: new Map(), // function -> callback name
    fnReactions: new Map(), // callback name -> [{actions, returns}]
  };
}

function report(s, object, name, args) {
  // Encoding first names (and starts watching) the objects in args.
  const encoded = args.map((a) => encode(s, a, object));
  s.seq++;
  send({ event: { session: s.id, seq: s.seq, object, name, args: encoded } });
}

function uniqueName(s, base) {
  for (let i = 1; ; i++) if (!s.objects.has(base + i)) return base + i;
}

// register names obj (or adds an alias for it) and starts reporting its events.
function register(s, obj, name) {
  const had = s.names.get(obj);
  if (had !== undefined) {
    if (name) s.objects.set(name, obj);
    return had;
  }
  s.objects.set(name, obj);
  s.names.set(obj, name);
  watch(s, obj);
  return name;
}

// OBSERVED are the events a driver watches on every object: those the
// docs name for net.Socket and net.Server, and the ones Node's streams
// and its connection attempts emit besides. Any other name is no event
// of node:net, and a listener for it would see nothing a scenario states.
const OBSERVED = ['lookup', 'connectionAttempt', 'connectionAttemptFailed',
  'connectionAttemptTimeout', 'connect', 'ready', 'data', 'readable', 'pause',
  'resume', 'drain', 'timeout', 'prefinish', 'finish', 'end', 'error', 'close',
  'listening', 'connection', 'drop'];

// watch starts reporting the events obj delivers, at delivery: an
// observer is the first listener of every OBSERVED event, so it sees
// what a listener registered with on() receives, in the order listeners
// receive it, whatever path the implementation emits through. To leave
// the object's behaviour as it was:
// - observers are added with prependListener, which (unlike on()) does
//   not switch a stream to flowing mode for 'data' or to paused mode for
//   'readable';
// - listenerCount, listeners, rawListeners and eventNames leave the
//   observers out, so the implementation and user code count what they
//   counted before (Node's streams decide on flowing mode and piping
//   errors from those counts);
// - the 'error' observer rethrows the error when it is the only listener,
//   as emit() does for an 'error' nobody handles;
// - removeAllListeners puts the observers back, and prependListener
//   keeps them first.
function watch(s, obj) {
  if (typeof obj.prependListener !== 'function' || typeof obj.removeListener !== 'function') return;
  const observers = new Map(); // event -> observer
  const mine = (fn) => { for (const o of observers.values()) if (o === fn) return true; return false; };
  const original = {};
  for (const m of ['listenerCount', 'listeners', 'rawListeners', 'eventNames', 'removeAllListeners', 'prependListener']) {
    original[m] = obj[m];
  }
  const othersOf = (event) => {
    const raw = typeof original.rawListeners === 'function'
      ? Reflect.apply(original.rawListeners, obj, [event]) : [];
    return raw.filter((fn) => !mine(fn));
  };
  const observe = (event) => {
    const fn = function observer() {
      if (s !== session) {
        // An object of a closed session: its unheard error must not turn
        // up as the next session's uncaught exception.
        return;
      }
      try {
        report(s, s.names.get(obj), event, Array.prototype.slice.call(arguments));
      } catch (e) {
        log(`cannot report ${s.names.get(obj)} '${event}':`, e && e.stack);
      }
      if (event === 'error' && othersOf('error').length === 0) throw unhandled(arguments[0]);
    };
    observers.set(event, fn);
    Reflect.apply(original.prependListener, obj, [event, fn]);
  };
  try {
    for (const event of OBSERVED) observe(event);
    const hide = {
      listenerCount(event, listener) {
        if (listener !== undefined) return Reflect.apply(original.listenerCount, this, [event, listener]);
        return othersOf(event).length;
      },
      listeners(event) {
        return Reflect.apply(original.listeners, this, [event]).filter((fn) => !mine(fn));
      },
      rawListeners(event) {
        return othersOf(event);
      },
      eventNames() {
        return Reflect.apply(original.eventNames, this, []).filter((e) => othersOf(e).length > 0);
      },
      removeAllListeners(event) {
        const result = Reflect.apply(original.removeAllListeners, this, arguments);
        for (const e of OBSERVED) {
          if ((event === undefined || e === event) && !Reflect.apply(original.rawListeners, this, [e]).includes(observers.get(e))) observe(e);
        }
        return result;
      },
      prependListener(event, listener) {
        const result = Reflect.apply(original.prependListener, this, [event, listener]);
        const o = observers.get(event);
        if (o !== undefined) {
          obj.removeListener(event, o);
          Reflect.apply(original.prependListener, this, [event, o]);
        }
        return result;
      },
    };
    for (const m of Object.keys(hide)) {
      if (typeof original[m] === 'function') {
        Object.defineProperty(obj, m, { value: hide[m], writable: true, configurable: true, enumerable: false });
      }
    }
  } catch (e) {
    log(`cannot watch ${s.names.get(obj)}:`, e && e.message);
  }
}

// unhandled is what emit() throws for an 'error' with no listener: the
// error itself, or for any other value an Error that names it.
function unhandled(err) {
  if (isError(err)) return err;
  const e = new Error(`Unhandled error. (${clip(safeJSON(err))})`);
  e.code = 'ERR_UNHANDLED_ERROR';
  e.context = err;
  return e;
}

function callback(s, name) {
  let fn = s.fns.get(name);
  if (!fn) {
    fn = function () {
      if (s !== session) return undefined;
      report(s, name, 'call', Array.from(arguments));
      let returns;
      for (const r of s.fnReactions.get(name) || []) {
        runActions(s, r, name, fn, arguments);
        if (r.hasReturns) returns = r.returns;
      }
      return returns;
    };
    s.fns.set(name, fn);
    s.fnNames.set(fn, name);
  }
  return fn;
}

// lookup resolves a name: a binding of a reaction ($this, $0..), "net",
// or an object of the session.
function lookup(s, name, bindings) {
  if (bindings && Object.prototype.hasOwnProperty.call(bindings, name)) return { value: bindings[name] };
  if (name === 'net') return { value: net };
  if (name === 'globals') return { value: GLOBALS };
  if (s.objects.has(name)) return { value: s.objects.get(name) };
  return null;
}

// destroyAll closes the servers and destroys the sockets of a session.
function destroyAll(s) {
  for (const obj of new Set(s.objects.values())) {
    try {
      if (obj instanceof net.Server) obj.close();
      else if (obj instanceof net.Socket ||
               (typeof obj.destroy === 'function' && typeof obj.emit === 'function')) obj.destroy();
    } catch (e) {
      log(`closing ${s.names.get(obj)}:`, e && e.message);
    }
  }
}

// ---- values -----------------------------------------------------------------

function isError(v) {
  return v instanceof Error || Object.prototype.toString.call(v) === '[object Error]';
}

function isPlain(v) {
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

// isObjectOfSession: a value that travels as {"$ref": name}.
function isObjectOfSession(s, v) {
  if (!(typeof v === 'object' && v !== null) && typeof v !== 'function') return false;
  return v !== net && !s.fnNames.has(v) && !(v instanceof Uint8Array) && !Array.isArray(v) &&
    !isError(v) && !isPlain(v);
}

// encode turns a JavaScript value into its JSON form. parent names the
// emitter whose event carries the value, for naming new objects in it.
function encode(s, v, parent, depth = 0) {
  switch (typeof v) {
    case 'undefined': return UNDEFINED;
    case 'boolean': case 'string': return v;
    case 'number':
      if (Number.isNaN(v)) return { $number: 'NaN' };
      if (v === Infinity) return { $number: 'Infinity' };
      if (v === -Infinity) return { $number: '-Infinity' };
      if (Object.is(v, -0)) return { $number: '-0' };
      return v;
    case 'bigint': return Number(v); // the protocol has no bigint; net yields none
    case 'symbol': return String(v);
  }
  if (v === null) return null;
  if (depth > MAX_DEPTH) return '[nested deeper than 64]';
  if (v === net) return { $ref: 'net' };
  if (s.fnNames.has(v)) return { $fn: s.fnNames.get(v) };
  const name = s.names.get(v);
  if (name !== undefined) return { $ref: name };
  if (v instanceof Uint8Array) {
    return { $bytes: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  }
  if (Array.isArray(v)) return Array.from(v, (e) => encode(s, e, parent, depth + 1));
  if (isError(v)) {
    let errName = 'Error';
    let message = '';
    try { errName = String(v.name); message = v.message === undefined ? '' : String(v.message); } catch (_) { /* keep defaults */ }
    return { $error: { name: errName, message, props: encodeObject(s, v, errorKeys(v), parent, depth, true) } };
  }
  if (isPlain(v)) return encodeObject(s, v, Object.keys(v), parent, depth, false);
  return { $ref: register(s, v, uniqueName(s, parent ? parent + '_conn' : 'obj')) };
}

// errorKeys are the props of an error: its own enumerable properties but
// name, message and stack (Deno makes name and toString enumerable), plus
// the fields scenarios assert on wherever err.code and the like read them
// from (Bun keeps the code of its ERR_* errors on the prototype).
const ERROR_FIELDS = ['code', 'errno', 'syscall', 'address', 'port'];

function errorKeys(e) {
  const keys = Object.keys(e).filter((k) => k !== 'name' && k !== 'message' && k !== 'stack');
  for (const k of ERROR_FIELDS) {
    let v;
    try { v = e[k]; } catch (_) { /* absent */ }
    if (v !== undefined && !keys.includes(k)) keys.push(k);
  }
  return keys;
}

function encodeObject(s, o, keys, parent, depth, dataOnly) {
  const out = Object.create(null); // so that a "__proto__" key stays a key
  let wrap = false;
  for (const k of keys) {
    let v;
    try { v = o[k]; } catch (e) { v = `[getter threw ${describeThrown(e)}]`; }
    if (dataOnly && typeof v === 'function') continue;
    if (k.startsWith('$')) wrap = true;
    out[k] = encode(s, v, parent, depth + 1);
  }
  return wrap ? { $object: out } : out;
}

const NUMBERS = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };
const ERRORS = { Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError };
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/; // and a length that is a multiple of 4

// decode turns a JSON value of a request into a JavaScript value;
// bindings resolve {"$ref": "$this"} and {"$ref": "$0"} in reactions.
function decode(s, v, bindings, depth = 0) {
  if (v === null || typeof v !== 'object') return v;
  if (depth > MAX_DEPTH) throw new ProtocolError('value nested deeper than 64');
  if (Array.isArray(v)) return v.map((e) => decode(s, e, bindings, depth + 1));
  const keys = Object.keys(v);
  if (keys.length === 1 && keys[0].startsWith('$')) return decodeTag(s, keys[0], v[keys[0]], bindings, depth);
  for (const k of keys) need(!k.startsWith('$'), `object key "${k}" starts with "$": wrap such an object in {"$object": ...}`);
  return decodeObject(s, v, bindings, depth);
}

function decodeObject(s, v, bindings, depth) {
  return Object.fromEntries(Object.keys(v).map((k) => [k, decode(s, v[k], bindings, depth + 1)]));
}

function decodeTag(s, tag, x, bindings, depth) {
  switch (tag) {
    case '$undefined':
      return undefined;
    case '$number':
      need(Object.prototype.hasOwnProperty.call(NUMBERS, x), `{"$number": ${safeJSON(x)}}: want "NaN", "Infinity", "-Infinity" or "-0"`);
      return NUMBERS[x];
    case '$bytes':
      need(typeof x === 'string' && x.length % 4 === 0 && BASE64.test(x), `{"$bytes": ${clip(safeJSON(x), 80)}}: want a base64 string`);
      return Buffer.from(x, 'base64');
    case '$ref': {
      need(isName(x), '{"$ref": ...} needs an object name');
      const found = lookup(s, x, bindings);
      need(found, `{"$ref": ${JSON.stringify(x)}}: no object of that name in the session`);
      return found.value;
    }
    case '$fn':
      need(isName(x), '{"$fn": ...} needs a callback name');
      return callback(s, x);
    case '$object':
      need(isRecord(x), '{"$object": ...} needs an object');
      return decodeObject(s, x, bindings, depth);
    case '$error': {
      need(isRecord(x), '{"$error": ...} needs an object');
      const name = typeof x.name === 'string' ? x.name : 'Error';
      const Ctor = Object.prototype.hasOwnProperty.call(ERRORS, name) ? ERRORS[name] : Error;
      const err = new Ctor(typeof x.message === 'string' ? x.message : '');
      if (err.name !== name) Object.defineProperty(err, 'name', { value: name, writable: true, configurable: true });
      const props = x.props === undefined ? {} : decode(s, x.props, bindings, depth + 1);
      if (props !== null && typeof props === 'object') Object.assign(err, props);
      return err;
    }
  }
  throw new ProtocolError(`unknown tag "${tag}"`);
}

// ---- requests ------------------------------------------------------------------

const CALL_OPS = ['call', 'new', 'get', 'set'];

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
  const s = session;
  if (!s) return { result: { value: UNDEFINED, seq: 0 } };
  destroyAll(s);
  session = null; // from here on, this session's objects are silent
  return { result: { value: UNDEFINED, seq: s.seq } };
}

function checkCall(c, i) {
  const at = `calls[${i}]`;
  need(isRecord(c), `${at} is not an object`);
  need(CALL_OPS.includes(c.op), `${at}: unknown op ${safeJSON(c.op)}; want one of ${CALL_OPS.join(', ')}`);
  need(isName(c.target), `${at}: "target" must be a name`);
  need(typeof c.method === 'string', `${at}: "method" must be a string`);
  need(c.args === undefined || Array.isArray(c.args), `${at}: "args" must be an array`);
  need(c.as === undefined || isName(c.as), `${at}: "as" must be a name`);
  need(c.op !== 'set' || (c.args && c.args.length === 1), `${at}: "set" needs exactly one value in "args"`);
}

function opInvoke(req) {
  const s = needSession();
  need(Array.isArray(req.calls) && req.calls.length > 0, 'invoke needs a non-empty "calls" array');
  req.calls.forEach(checkCall);
  let value;
  for (let i = 0; i < req.calls.length; i++) {
    const c = req.calls[i];
    const label = `calls[${i}] (${c.target}.${c.method})`;
    const found = lookup(s, c.target, null);
    need(found, `${label}: no object named ${JSON.stringify(c.target)} in the session`);
    let args;
    try {
      args = decode(s, c.args || [], null);
    } catch (e) {
      throw new ProtocolError(`${label}: ${e.message}`);
    }
    try {
      value = perform(found.value, c, args);
    } catch (thrown) {
      if (thrown instanceof ProtocolError) throw thrown;
      return { thrown: { value: encode(s, thrown, null), seq: s.seq } };
    }
    if (isObjectOfSession(s, value)) register(s, value, c.as || s.names.get(value) || uniqueName(s, 'obj'));
  }
  return { result: { value: encode(s, value, null), seq: s.seq } };
}

// GLOBALS are the few globals a scenario may use (target
// "globals"): what net's options take that net does not export.
// nextTick, queueMicrotask and setImmediate let an asynchrony scenario
// place a member's callbacks among the loop's queues; they return nothing
// (an Immediate would become an object of the session).
const GLOBALS = Object.freeze({
  AbortController,
  nextTick(fn) { proc.nextTick(fn); },
  queueMicrotask(fn) { queueMicrotask(fn); },
  setImmediate(fn) { setImmediate(fn); },
});

// Constructors that turn strings into code: reachable through any
// function's .constructor, and refused, since nothing is evaluated.
const CODE_MAKERS = new Set([Function, eval, // eslint-disable-line no-eval
  Object.getPrototypeOf(async function () {}).constructor,
  Object.getPrototypeOf(function* () {}).constructor,
  Object.getPrototypeOf(async function* () {}).constructor]);

// perform does one call; what it throws is the code under test's.
function perform(target, c, args) {
  const path = `${c.target}.${c.method}`;
  if (target === null || target === undefined) throw new TypeError(`Cannot read properties of ${target} (reading '${c.method}')`);
  switch (c.op) {
    case 'call': case 'new': {
      const fn = target[c.method];
      if (typeof fn !== 'function') throw new TypeError(`${path} is not a ${c.op === 'new' ? 'constructor' : 'function'}`);
      need(!CODE_MAKERS.has(fn), `${path}: the driver evaluates no code`);
      return c.op === 'new' ? Reflect.construct(fn, args) : Reflect.apply(fn, target, args);
    }
    case 'get':
      return target[c.method];
    case 'set':
      target[c.method] = args[0];
      return args[0];
  }
  throw new ProtocolError(`unknown op ${c.op}`);
}

function checkReaction(r, where, nested) {
  need(isRecord(r), `${where} is not an object`);
  need(nested || isName(r.object), `${where}: "object" must be a name`);
  need(typeof r.event === 'string', `${where}: "event" must be a string`);
  need(r.callback === undefined || typeof r.callback === 'boolean', `${where}: "callback" must be a boolean`);
  need(!r.callback || (!nested && r.event === 'call'), `${where}: a reaction on a callback is not nested and has the event "call"`);
  need(r.returns === undefined || r.callback === true, `${where}: "returns" needs "callback": true`);
  need(Array.isArray(r.actions), `${where}: "actions" must be an array`);
  r.actions.forEach((a, i) => {
    const at = `${where}.actions[${i}]`;
    need(isRecord(a), `${at} is not an object`);
    need(isName(a.target), `${at}: "target" must be a name`);
    if (a.on !== undefined) return checkReaction(a.on, `${at}.on`, true);
    need(typeof a.method === 'string', `${at}: needs "method" or "on"`);
    need(a.args === undefined || Array.isArray(a.args), `${at}: "args" must be an array`);
  });
}

function opReact(req) {
  const s = needSession();
  const r = req.reaction;
  checkReaction(r, 'reaction', false);
  if (r.callback) {
    // The callback may not exist yet: callback() makes it, and later
    // {"$fn": name} values are that same function.
    need(!s.objects.has(r.object), `${r.object} is an object of the session, not a callback`);
    callback(s, r.object);
    const list = s.fnReactions.get(r.object) || [];
    const hasReturns = Object.prototype.hasOwnProperty.call(r, 'returns');
    list.push({ event: 'call', actions: r.actions, hasReturns, returns: hasReturns ? decode(s, r.returns, null) : undefined });
    s.fnReactions.set(r.object, list);
  } else {
    install(s, r, r.object, null);
  }
  return { result: { value: UNDEFINED, seq: s.seq } };
}

// install adds a listener that performs the reaction's actions; it throws
// a ProtocolError when the object is unknown or is no emitter.
function install(s, r, objectName, bindings) {
  const found = lookup(s, objectName, bindings);
  need(found, `no object named ${JSON.stringify(objectName)} in the session`);
  const obj = found.value;
  need(obj !== null && obj !== undefined && typeof obj.on === 'function', `${objectName} is not an event emitter`);
  const shown = s.names.get(obj) || objectName;
  obj.on(r.event, function () {
    if (s !== session) return;
    runActions(s, r, shown, obj, arguments);
  });
}

// runActions performs a reaction's actions for one event (or one call of
// a callback) whose emitter is obj and whose arguments are args.
function runActions(s, r, shown, obj, args) {
  const b = { $this: obj };
  for (let i = 0; i < args.length; i++) b['$' + i] = args[i];
  for (const a of r.actions) {
    try {
      act(s, a, b);
    } catch (e) {
      const why = e instanceof ProtocolError ? e.message : describeThrown(e);
      report(s, 'process', 'reactionError', [`on ${shown} '${r.event}': ${a.target}.${a.method || 'on'}: ${why}`]);
      return;
    }
  }
}

function act(s, a, b) {
  if (a.on !== undefined) return install(s, a.on, a.target, b);
  const found = lookup(s, a.target, b);
  need(found, `no object named ${JSON.stringify(a.target)}`);
  const args = decode(s, a.args || [], b);
  perform(found.value, { op: 'call', target: a.target, method: a.method }, args);
}

// ---- the request loop -------------------------------------------------------------

const queue = []; // lines not yet answered; null stands for an overlong line
let busy = false; // a settle is waiting for the event loop
let inputEnded = false;

function handle(line) {
  if (line === null) return reply(null, { error: { message: `a line longer than ${MAX_LINE} bytes was dropped` } });
  let req;
  try {
    req = JSON.parse(line);
  } catch (e) {
    return reply(null, { error: { message: `malformed line (${e.message}): ${clip(line)}` } });
  }
  if (req === null || typeof req !== 'object' || Array.isArray(req)) {
    return reply(null, { error: { message: `line is not a JSON object: ${clip(line)}` } });
  }
  if (!Number.isInteger(req.id)) return reply(null, { error: { message: `request without an integer "id": ${clip(line)}` } });
  const id = req.id;
  try {
    switch (req.op) {
      case 'open': return reply(id, opOpen(req));
      case 'close': return reply(id, opClose());
      case 'invoke':
        if (deliversFromPromiseJob && Array.isArray(req.calls) && req.calls.length > 1) return invokeFromTimer(id, req);
        return reply(id, opInvoke(req));
      case 'react': return reply(id, opReact(req));
      case 'settle': return settle(id);
      default:
        if (req.op === undefined) throw new ProtocolError(`request without an "op": ${clip(line)}`);
        throw new ProtocolError(`unknown op ${safeJSON(req.op)} in ${clip(line)}`);
    }
  } catch (e) {
    if (e instanceof ProtocolError) return reply(id, { error: { message: e.message } });
    log('failed on', clip(line), e && e.stack);
    return reply(id, { error: { message: `the driver failed on ${clip(line)}: ${describeThrown(e)}` } });
  }
}

// Node delivers stdin's 'data' from an I/O callback; Bun and Deno deliver
// it from a promise job, inside which promise jobs run before
// process.nextTick, and the phase is not the I/O one. An invoke of several
// calls "in one tick" may place a member's callbacks among the loop's
// queues (globals.nextTick, queueMicrotask, setImmediate), so there it runs
// from a timer instead: the phase before the check phase, as Node's I/O
// callbacks are. A timer costs a few milliseconds a request, so single
// calls, where no scenario sees the difference, run at once.
const deliversFromPromiseJob = implementation().name !== 'node';

function invokeFromTimer(id, req) {
  busy = true;
  setTimeout(() => {
    busy = false;
    try {
      reply(id, opInvoke(req));
    } catch (e) {
      if (e instanceof ProtocolError) reply(id, { error: { message: e.message } });
      else reply(id, { error: { message: `the driver failed on an invoke: ${describeThrown(e)}` } });
    }
    pump();
  }, 0);
}

// settle replies after two nested setImmediates: one full turn of the
// event loop after the request arrived.
function settle(id) {
  busy = true;
  setImmediate(() => setImmediate(() => {
    busy = false;
    reply(id, { result: { value: UNDEFINED, seq: session ? session.seq : 0 } });
    pump();
  }));
}

function pump() {
  while (!busy && queue.length > 0) handle(queue.shift());
  if (!busy && inputEnded && queue.length === 0) shutdown();
}

// shutdown lets the process end by itself once every object is gone, so
// that the runtime flushes stdout (Bun and Deno lose pending output on
// process.exit()); the timer only ends a process something still holds.
function shutdown() {
  if (session) opClose();
  setTimeout(() => proc.exit(0), 2000).unref();
}

// Lines are split on bytes, not strings, so that a chunk ending inside a
// UTF-8 sequence does no harm.
let partial = [];
let partialLength = 0;
let skipping = false; // inside an overlong line, until its newline

function onData(chunk) {
  if (typeof chunk === 'string') chunk = Buffer.from(chunk, 'utf8');
  let start = 0;
  while (start < chunk.length) {
    const nl = chunk.indexOf(10, start);
    const end = nl < 0 ? chunk.length : nl;
    if (!skipping) {
      partial.push(Buffer.from(chunk.subarray(start, end))); // a copy: the runtime may reuse chunk
      partialLength += end - start;
      if (partialLength > MAX_LINE) {
        queue.push(null);
        skipping = true;
        partial = [];
      }
    }
    if (nl < 0) break;
    if (!skipping) {
      const line = Buffer.concat(partial).toString('utf8');
      queue.push(line.endsWith('\r') ? line.slice(0, -1) : line);
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
proc.on('unhandledRejection', uncaught);
proc.stdout.on('error', (e) => { log('stdout:', e.message); proc.exit(0); }); // the runner has gone
proc.stdin.on('data', onData);
proc.stdin.on('end', () => { inputEnded = true; pump(); });
proc.stdin.on('error', (e) => { log('stdin:', e.message); inputEnded = true; pump(); });

send({ hello: { protocol: PROTOCOL, implementation: implementation() } });
