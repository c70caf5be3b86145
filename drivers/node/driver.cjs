// driver.cjs: the netconform driver protocol (docs/protocol.md, version 1)
// implemented with the runtime's own node:net. It runs unchanged under
// Node.js, Bun and Deno (`deno run -A driver.cjs`) and has no dependencies.
//
// Requests come on stdin, one JSON object a line; replies and events go to
// stdout, all through send() so that their order is the order they
// happened in; anything for people goes to stderr.
//
// How it observes an implementation without changing it:
// - Events: every object of the session gets its own `emit` wrapped; the
//   wrapper reports the event, then calls the original. No listener is
//   added, so an 'error' nobody listens to still throws, and the
//   'uncaughtException' handler below reports it and the driver goes on.
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

function newSession() {
  return {
    seq: 0,
    objects: new Map(), // name -> object (a name the runner gave may alias)
    names: new Map(), // object -> its name in events
    fns: new Map(), // callback name -> function
    fnNames: new Map(), // function -> callback name
  };
}

function report(s, object, name, args) {
  // Encoding first names (and starts watching) the objects in args.
  const encoded = args.map((a) => encode(s, a, object));
  s.seq++;
  send({ event: { seq: s.seq, object, name, args: encoded } });
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

function watch(s, obj) {
  const original = obj.emit;
  if (typeof original !== 'function') return;
  try {
    obj.emit = function emit(event) {
      if (s === session) {
        if (typeof event === 'string') { // symbol-named events are internal
          try {
            report(s, s.names.get(obj), event, Array.prototype.slice.call(arguments, 1));
          } catch (e) {
            log(`cannot report ${s.names.get(obj)} '${event}':`, e && e.stack);
          }
        }
      } else if (event === 'error' && typeof this.listenerCount === 'function' &&
                 this.listenerCount('error') === 0) {
        // An object of a closed session: its unheard error must not turn
        // up as the next session's uncaught exception.
        return false;
      }
      return Reflect.apply(original, this, arguments);
    };
  } catch (e) {
    log(`cannot watch ${s.names.get(obj)}:`, e && e.message);
  }
}

function callback(s, name) {
  let fn = s.fns.get(name);
  if (!fn) {
    fn = function () {
      if (s === session) report(s, name, 'call', Array.from(arguments));
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
    return { $error: { name: errName, message, props: encodeObject(s, v, parent, depth, ['stack']) } };
  }
  if (isPlain(v)) return encodeObject(s, v, parent, depth, []);
  return { $ref: register(s, v, uniqueName(s, parent ? parent + '_conn' : 'obj')) };
}

function encodeObject(s, o, parent, depth, skip) {
  const out = Object.create(null); // so that a "__proto__" key stays a key
  let wrap = false;
  for (const k of Object.keys(o)) {
    if (skip.includes(k)) continue;
    if (k.startsWith('$')) wrap = true;
    let v;
    try { v = o[k]; } catch (e) { v = `[getter threw ${describeThrown(e)}]`; }
    out[k] = encode(s, v, parent, depth + 1);
  }
  return wrap ? { $object: out } : out;
}

const NUMBERS = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };
const ERRORS = { Error, TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError };
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// decode turns a JSON value of a request into a JavaScript value;
// bindings resolve {"$ref": "$this"} and {"$ref": "$0"} in reactions.
function decode(s, v, bindings, depth = 0) {
  if (v === null || typeof v !== 'object') return v;
  if (depth > MAX_DEPTH) throw new ProtocolError('value nested deeper than 64');
  if (Array.isArray(v)) return v.map((e) => decode(s, e, bindings, depth + 1));
  const keys = Object.keys(v);
  if (keys.length === 1 && keys[0].startsWith('$')) return decodeTag(s, keys[0], v[keys[0]], bindings, depth);
  for (const k of keys) {
    if (k.startsWith('$')) throw new ProtocolError(`object key "${k}" starts with "$": wrap such an object in {"$object": ...}`);
  }
  return decodeObject(s, v, bindings, depth);
}

function decodeObject(s, v, bindings, depth) {
  return Object.fromEntries(Object.keys(v).map((k) => [k, decode(s, v[k], bindings, depth + 1)]));
}

function decodeTag(s, tag, x, bindings, depth) {
  const isObj = x !== null && typeof x === 'object' && !Array.isArray(x);
  switch (tag) {
    case '$undefined':
      return undefined;
    case '$number':
      if (Object.prototype.hasOwnProperty.call(NUMBERS, x)) return NUMBERS[x];
      throw new ProtocolError(`{"$number": ${safeJSON(x)}}: want "NaN", "Infinity", "-Infinity" or "-0"`);
    case '$bytes':
      if (typeof x === 'string' && BASE64.test(x)) return Buffer.from(x, 'base64');
      throw new ProtocolError(`{"$bytes": ${clip(safeJSON(x), 80)}}: want a base64 string`);
    case '$ref': {
      if (typeof x !== 'string' || x === '') throw new ProtocolError('{"$ref": ...} needs an object name');
      const found = lookup(s, x, bindings);
      if (!found) throw new ProtocolError(`{"$ref": ${JSON.stringify(x)}}: no object of that name in the session`);
      return found.value;
    }
    case '$fn':
      if (typeof x !== 'string' || x === '') throw new ProtocolError('{"$fn": ...} needs a callback name');
      return callback(s, x);
    case '$object':
      if (!isObj) throw new ProtocolError('{"$object": ...} needs an object');
      return decodeObject(s, x, bindings, depth);
    case '$error': {
      if (!isObj) throw new ProtocolError('{"$error": ...} needs an object');
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
  if (!session) throw new ProtocolError('no session is open: send "open" first');
  return session;
}

function opOpen() {
  if (session) opClose(); // one session at a time: an open implies a close
  session = newSession();
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
  const where = `calls[${i}]`;
  if (c === null || typeof c !== 'object' || Array.isArray(c)) throw new ProtocolError(`${where} is not an object`);
  if (!CALL_OPS.includes(c.op)) throw new ProtocolError(`${where}: unknown op ${safeJSON(c.op)}; want one of ${CALL_OPS.join(', ')}`);
  if (typeof c.target !== 'string' || c.target === '') throw new ProtocolError(`${where}: "target" must be a name`);
  if (typeof c.method !== 'string') throw new ProtocolError(`${where}: "method" must be a string`);
  if (c.args !== undefined && !Array.isArray(c.args)) throw new ProtocolError(`${where}: "args" must be an array`);
  if (c.as !== undefined && (typeof c.as !== 'string' || c.as === '')) throw new ProtocolError(`${where}: "as" must be a name`);
  if (c.op === 'set' && (!c.args || c.args.length !== 1)) throw new ProtocolError(`${where}: "set" needs exactly one value in "args"`);
}

function opInvoke(req) {
  const s = needSession();
  if (!Array.isArray(req.calls) || req.calls.length === 0) throw new ProtocolError('invoke needs a non-empty "calls" array');
  req.calls.forEach(checkCall);
  let value;
  for (let i = 0; i < req.calls.length; i++) {
    const c = req.calls[i];
    const label = `calls[${i}] (${c.target}.${c.method})`;
    const found = lookup(s, c.target, null);
    if (!found) throw new ProtocolError(`${label}: no object named ${JSON.stringify(c.target)} in the session`);
    let args;
    try {
      args = decode(s, c.args || [], null);
    } catch (e) {
      throw new ProtocolError(`${label}: ${e.message}`);
    }
    try {
      value = perform(found.value, c, args);
    } catch (thrown) {
      return { thrown: { value: encode(s, thrown, null), seq: s.seq } };
    }
    if (isObjectOfSession(s, value)) register(s, value, c.as || uniqueName(s, 'obj'));
  }
  return { result: { value: encode(s, value, null), seq: s.seq } };
}

// perform does one call; what it throws is the code under test's.
function perform(target, c, args) {
  const path = `${c.target}.${c.method}`;
  if (target === null || target === undefined) throw new TypeError(`Cannot read properties of ${target} (reading '${c.method}')`);
  switch (c.op) {
    case 'call': {
      const fn = target[c.method];
      if (typeof fn !== 'function') throw new TypeError(`${path} is not a function`);
      return Reflect.apply(fn, target, args);
    }
    case 'new': {
      const C = target[c.method];
      if (typeof C !== 'function') throw new TypeError(`${path} is not a constructor`);
      return Reflect.construct(C, args);
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
  if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new ProtocolError(`${where} is not an object`);
  if (!nested && (typeof r.object !== 'string' || r.object === '')) throw new ProtocolError(`${where}: "object" must be a name`);
  if (typeof r.event !== 'string') throw new ProtocolError(`${where}: "event" must be a string`);
  if (!Array.isArray(r.actions)) throw new ProtocolError(`${where}: "actions" must be an array`);
  r.actions.forEach((a, i) => {
    const at = `${where}.actions[${i}]`;
    if (a === null || typeof a !== 'object' || Array.isArray(a)) throw new ProtocolError(`${at} is not an object`);
    if (typeof a.target !== 'string' || a.target === '') throw new ProtocolError(`${at}: "target" must be a name`);
    if (a.on !== undefined) return checkReaction(a.on, `${at}.on`, true);
    if (typeof a.method !== 'string') throw new ProtocolError(`${at}: needs "method" or "on"`);
    if (a.args !== undefined && !Array.isArray(a.args)) throw new ProtocolError(`${at}: "args" must be an array`);
  });
}

function opReact(req) {
  const s = needSession();
  checkReaction(req.reaction, 'reaction', false);
  install(s, req.reaction, req.reaction.object, null);
  return { result: { value: UNDEFINED, seq: s.seq } };
}

// install adds a listener that performs the reaction's actions; it throws
// a ProtocolError when the object is unknown or is no emitter.
function install(s, r, objectName, bindings) {
  const found = lookup(s, objectName, bindings);
  if (!found) throw new ProtocolError(`no object named ${JSON.stringify(objectName)} in the session`);
  const obj = found.value;
  if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function') || typeof obj.on !== 'function') {
    throw new ProtocolError(`${objectName} is not an event emitter`);
  }
  const shown = s.names.get(obj) || objectName;
  obj.on(r.event, function () {
    if (s !== session) return;
    const b = { $this: obj };
    for (let i = 0; i < arguments.length; i++) b['$' + i] = arguments[i];
    for (const a of r.actions) {
      try {
        act(s, a, b);
      } catch (e) {
        const why = e instanceof ProtocolError ? e.message : describeThrown(e);
        report(s, 'process', 'reactionError', [`on ${shown} '${r.event}': ${a.target}.${a.method || 'on'}: ${why}`]);
        return;
      }
    }
  });
}

function act(s, a, b) {
  if (a.on !== undefined) return install(s, a.on, a.target, b);
  const found = lookup(s, a.target, b);
  if (!found) throw new ProtocolError(`no object named ${JSON.stringify(a.target)}`);
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
      case 'open': return reply(id, opOpen());
      case 'close': return reply(id, opClose());
      case 'invoke': return reply(id, opInvoke(req));
      case 'react': return reply(id, opReact(req));
      case 'settle': return settle(id);
      default:
        throw new ProtocolError(`unknown op ${safeJSON(req.op)} in ${clip(line)}`);
    }
  } catch (e) {
    if (e instanceof ProtocolError) return reply(id, { error: { message: e.message } });
    log('failed on', clip(line), e && e.stack);
    return reply(id, { error: { message: `the driver failed on ${clip(line)}: ${describeThrown(e)}` } });
  }
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

function shutdown() {
  if (session) opClose();
  proc.stdout.write('', () => proc.exit(0));
}

// Lines are split on bytes, not strings, so that a chunk ending inside a
// UTF-8 sequence does no harm.
let partial = [];
let partialLength = 0;
let skipping = false; // inside an overlong line, until its newline

function onData(chunk) {
  if (typeof chunk === 'string') chunk = Buffer.from(chunk, 'utf8');
  let start = 0;
  for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
    if (!skipping) {
      partial.push(chunk.subarray(start, nl));
      let line = Buffer.concat(partial).toString('utf8');
      if (line.endsWith('\r')) line = line.slice(0, -1);
      queue.push(line);
    }
    skipping = false;
    partial = [];
    partialLength = 0;
    start = nl + 1;
  }
  if (start < chunk.length && !skipping) {
    partial.push(Buffer.from(chunk.subarray(start))); // a copy: the runtime may reuse chunk
    partialLength += chunk.length - start;
    if (partialLength > MAX_LINE) {
      queue.push(null);
      skipping = true;
      partial = [];
      partialLength = 0;
    }
  }
  pump();
}

// An 'error' nobody listens to throws out of emit, far from any request:
// report it as the process's and keep serving, as the protocol asks.
function uncaught(err) {
  if (session) {
    try {
      report(session, 'process', 'uncaughtException', [err]);
      return;
    } catch (e) {
      log('cannot report an uncaught exception:', e && e.stack);
    }
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
