// ---- what the checks need (netconform's repro helpers) ----------------------
// H keeps every event the scenario's objects deliver, in order, and
// checks them as netconform's steps do: a check prints "ok <step>", or
// what it expected and what came with the events of the scenario, and a
// failure in behaviour ends the program with status 1. A failure only in
// an error message's wording is printed and the program goes on, to end
// with status 1. Events are observed as netconform's driver observes
// them: a hidden first listener per event of node:net.
const H = (() => {
  const TIMEOUT = Number(process.env.NETCONFORM_TIMEOUT_MS) || 5000;
  const OBSERVED = ['lookup', 'connectionAttempt', 'connectionAttemptFailed',
    'connectionAttemptTimeout', 'connect', 'ready', 'data', 'readable', 'pause',
    'resume', 'drain', 'timeout', 'prefinish', 'finish', 'end', 'error', 'close',
    'listening', 'connection', 'drop'];
  const events = [];
  let seq = 0;
  const names = new Map(); // object -> name in events
  const fnNames = new Map(); // callback -> name
  const fnByName = new Map();
  const reactions = new Map(); // callback name -> [{returns, hasReturns, act}]
  const claimed = new Set();
  let wake = [];
  let last = null;
  let processChecked = false;
  let wordings = 0;
  let current = '';
  let stepWording = false; // the current step differed in wording

  class Failure extends Error {
    constructor(step, expected, got, wording) {
      super(step);
      this.step = step; this.expected = expected; this.got = got; this.wording = wording;
    }
    text() {
      return `${this.step}${this.wording ? ' (wording only)' : ''}\n  expected: ${this.expected}\n  got:      ${this.got}\n  events of the scenario:\n${render()}`;
    }
  }

  function fail(step, expected, got) { throw new Failure(step, expected, got, false); }

  function wording(step, expected, got) {
    wordings++;
    stepWording = true;
    console.log(`not ok ${current}\n${new Failure(step, expected, got, true).text()}`);
  }

  // ---- events ----
  function report(object, name, args) {
    for (const a of args) nameIn(a, object);
    events.push({ seq: ++seq, object, name, args });
    const w = wake; wake = [];
    for (const f of w) f();
  }

  const isError = (v) => v instanceof Error || Object.prototype.toString.call(v) === '[object Error]';
  const isBytes = (v) => v instanceof Uint8Array;
  const isPlain = (v) => { const p = Object.getPrototypeOf(v); return p === Object.prototype || p === null; };
  const isObjectOfScenario = (v) => ((typeof v === 'object' && v !== null) || typeof v === 'function') &&
    v !== net && !fnNames.has(v) && !isBytes(v) && !Array.isArray(v) && !isError(v) && !isPlain(v) && !(v instanceof Matcher);

  function uniqueName(base) {
    const used = new Set(names.values());
    for (let i = 1; ; i++) if (!used.has(base + i)) return base + i;
  }

  function nameIn(v, parent) {
    if (isObjectOfScenario(v) && !names.has(v)) own(uniqueName(parent ? parent + '_conn' : 'obj'), v);
  }

  // own names obj and starts observing its events.
  function own(name, obj) {
    if (!isObjectOfScenario(obj) || names.has(obj)) return obj;
    names.set(obj, name);
    watch(obj);
    return obj;
  }

  function watch(obj) {
    if (typeof obj.prependListener !== 'function' || typeof obj.removeListener !== 'function') return;
    const observers = new Map();
    const mine = (fn) => { for (const o of observers.values()) if (o === fn) return true; return false; };
    const original = {};
    for (const m of ['listenerCount', 'listeners', 'rawListeners', 'eventNames', 'removeAllListeners', 'prependListener']) original[m] = obj[m];
    const othersOf = (event) => (typeof original.rawListeners === 'function'
      ? Reflect.apply(original.rawListeners, obj, [event]) : []).filter((fn) => !mine(fn));
    const observe = (event) => {
      const fn = function observer() {
        report(names.get(obj), event, Array.prototype.slice.call(arguments));
        if (event === 'error' && othersOf('error').length === 0) throw unhandled(arguments[0]);
      };
      observers.set(event, fn);
      Reflect.apply(original.prependListener, obj, [event, fn]);
    };
    for (const event of OBSERVED) observe(event);
    const hide = {
      listenerCount(event, listener) {
        if (listener !== undefined) return Reflect.apply(original.listenerCount, this, [event, listener]);
        return othersOf(event).length;
      },
      listeners(event) { return Reflect.apply(original.listeners, this, [event]).filter((fn) => !mine(fn)); },
      rawListeners(event) { return othersOf(event); },
      eventNames() { return Reflect.apply(original.eventNames, this, []).filter((e) => othersOf(e).length > 0); },
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
        if (o !== undefined) { obj.removeListener(event, o); Reflect.apply(original.prependListener, this, [event, o]); }
        return result;
      },
    };
    for (const m of Object.keys(hide)) {
      if (typeof original[m] === 'function') Object.defineProperty(obj, m, { value: hide[m], writable: true, configurable: true, enumerable: false });
    }
  }

  function unhandled(err) {
    if (isError(err)) return err;
    const e = new Error(`Unhandled error. (${JSON.stringify(err)})`);
    e.code = 'ERR_UNHANDLED_ERROR';
    e.context = err;
    return e;
  }

  process.on('uncaughtException', (e) => report('process', 'uncaughtException', [e]));

  // fn returns the scenario's callback of that name: it records its
  // calls as 'call' events and does what "callback ..." steps said.
  function fn(name) {
    if (fnByName.has(name)) return fnByName.get(name);
    const f = function () {
      report(name, 'call', Array.from(arguments));
      let returns;
      for (const r of reactions.get(name) || []) {
        if (r.act) react(name, 'call', () => r.act(arguments));
        if (r.hasReturns) returns = r.returns;
      }
      return returns;
    };
    fnByName.set(name, f);
    fnNames.set(f, name);
    return f;
  }

  function onCall(name, r) {
    fn(name);
    const list = reactions.get(name) || [];
    list.push(r);
    reactions.set(name, list);
  }

  // react runs a reaction's actions; what they throw is reported as the
  // process's 'reactionError', as the driver does.
  function react(object, event, actions) {
    try {
      actions();
    } catch (e) {
      report('process', 'reactionError', [`on ${object} '${event}': ${isError(e) ? e.name + ': ' + e.message : String(e)}`]);
    }
  }

  // ---- values, as netconform shows and compares them ----
  class Matcher {
    constructor(type, pattern) { this.type = type; this.pattern = pattern; }
  }
  const any = (type) => new Matcher(type || '', null);
  const stringMatching = (re) => new Matcher('string', new RegExp(re));
  // code is an error code written bare in an expected value: any error
  // with that code.
  const code = (c) => Object.assign(new Error(''), { name: '', code: c });

  function typeOf(v) {
    if (v === null) return 'null';
    if (Array.isArray(v)) return 'array';
    if (typeof v === 'function') return fnNames.has(v) ? 'function' : 'object';
    if (typeof v === 'object') return 'object';
    return typeof v;
  }

  function quote(s) {
    let out = '"';
    for (const ch of s) {
      const c = ch.codePointAt(0);
      if (ch === '"') out += '\\"';
      else if (ch === '\\') out += '\\\\';
      else if (ch === '\n') out += '\\n';
      else if (ch === '\r') out += '\\r';
      else if (ch === '\t') out += '\\t';
      else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
      else out += ch;
    }
    return out + '"';
  }

  const ident = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
  const key = (k) => (ident.test(k) ? k : quote(k));
  const ERROR_FIELDS = ['code', 'errno', 'syscall', 'address', 'port'];

  function errorKeys(e) {
    const keys = Object.keys(e).filter((k) => k !== 'name' && k !== 'message' && k !== 'stack');
    for (const k of ERROR_FIELDS) {
      let v;
      try { v = e[k]; } catch (_) { /* absent */ }
      if (v !== undefined && !keys.includes(k)) keys.push(k);
    }
    return keys.filter((k) => typeof e[k] !== 'function');
  }

  function show(v, owner) {
    switch (typeof v) {
      case 'undefined': return 'undefined';
      case 'boolean': return String(v);
      case 'number': return Object.is(v, -0) ? '-0' : String(v);
      case 'string': return quote(v);
      case 'bigint': return String(Number(v));
      case 'symbol': return String(v);
    }
    if (v === null) return 'null';
    if (v instanceof Matcher) return v.pattern ? `stringMatching(${quote(v.pattern.source)})` : `any(${v.type})`;
    if (v === net) return 'net';
    if (fnNames.has(v)) return fnNames.get(v);
    if (names.has(v)) return names.get(v);
    if (isBytes(v)) {
      const b = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
      if (b.length > 64) return `<Buffer of ${b.length} bytes: ${quote(b.subarray(0, 64).toString('utf8'))}...>`;
      return `<Buffer ${quote(b.toString('utf8'))}>`;
    }
    if (Array.isArray(v)) return '[' + v.map((e) => show(e, owner)).join(', ') + ']';
    if (isError(v)) {
      let s = String(v.name);
      if (typeof v.code === 'string' && v.code !== '') s += ` [${v.code}]`;
      s += `: ${v.message === undefined ? '' : v.message}`;
      const extra = errorKeys(v).filter((k) => k !== 'code').map((k) => `${key(k)}: ${show(v[k], owner)}`);
      if (extra.length > 0) s += ` { ${extra.join(', ')} }`;
      return s;
    }
    if (isPlain(v)) {
      const ks = Object.keys(v);
      if (ks.length === 0) return '{}';
      return '{' + ks.map((k) => ` ${key(k)}: ${show(v[k], owner)}`).join(',') + ' }';
    }
    nameIn(v, owner);
    return names.get(v) || String(v);
  }

  function match(want, got) {
    if (want instanceof Matcher) {
      if (want.pattern) return typeof got === 'string' && want.pattern.test(got);
      const t = want.type.toLowerCase();
      return t === '' || t === typeOf(got) || (t === 'buffer' && isBytes(got));
    }
    if (want === undefined || want === null || typeof want !== 'object') {
      if (typeof want === 'function' || typeof want === 'object') return want === got;
      return Object.is(want, got);
    }
    if (isBytes(want)) return isBytes(got) && Buffer.compare(Buffer.from(want), Buffer.from(got)) === 0;
    if (Array.isArray(want)) return Array.isArray(got) && got.length === want.length && want.every((w, i) => match(w, got[i]));
    if (isError(want)) {
      if (!isError(got)) return false;
      if ((want.name !== '' && want.name !== got.name) || (want.message !== '' && want.message !== got.message)) return false;
      return errorKeys(want).every((k) => match(want[k], got[k]));
    }
    if (isPlain(want)) {
      if (typeof got !== 'object' || got === null || !isPlain(got) || Array.isArray(got)) return false;
      const wk = Object.keys(want);
      return Object.keys(got).length === wk.length && wk.every((k) => Object.prototype.hasOwnProperty.call(got, k) && match(want[k], got[k]));
    }
    return want === got;
  }

  // matchValue: an expected object also matches an error whose name,
  // message and properties it lists.
  function matchValue(want, got) {
    if (want !== null && typeof want === 'object' && isPlain(want) && !(want instanceof Matcher) && isError(got)) {
      return Object.keys(want).every((k) => match(want[k], got[k]));
    }
    return match(want, got);
  }

  function matchArgs(want, args) {
    if (Array.isArray(want) && args.length !== 1) {
      return want.length === args.length && want.every((w, i) => matchValue(w, args[i]));
    }
    if (args.length === 0) return want === undefined;
    return matchValue(want, args[0]);
  }

  // withoutWording makes every message an expected value names a
  // wildcard: what is left is the behaviour the check asks for.
  function withoutWording(want) {
    if (want === null || typeof want !== 'object' || want instanceof Matcher || isBytes(want)) return want;
    if (Array.isArray(want)) return want.map(withoutWording);
    if (isError(want)) {
      const e = Object.assign(new Error(''), { name: want.name });
      for (const k of errorKeys(want)) e[k] = withoutWording(want[k]);
      return e;
    }
    if (!isPlain(want)) return want;
    const out = {};
    for (const k of Object.keys(want)) out[k] = k === 'message' ? any() : withoutWording(want[k]);
    return out;
  }

  const hasWording = (want) => show(withoutWording(want)) !== show(want);

  // level: 'full', 'wording' or 'behaviour'.
  function level(m, want, got) {
    if (m(want, got)) return 'full';
    if (hasWording(want) && m(withoutWording(want), got)) return 'wording';
    return 'behaviour';
  }

  function render() {
    if (events.length === 0) return '    (no events)';
    const by = new Map();
    for (const e of events) {
      if (!by.has(e.object)) by.set(e.object, []);
      by.get(e.object).push(e);
    }
    const lines = [];
    for (const obj of [...by.keys()].sort()) {
      lines.push(`    ${obj}:`);
      for (const e of by.get(obj)) lines.push(`      ${showEvent(e)}`);
    }
    return lines.join('\n');
  }

  function showEvent(e) {
    return `#${e.seq} ${e.object} '${e.name}'` + e.args.map((a, i) => (i === 0 ? ' ' : ', ') + show(a, e.object)).join('');
  }

  // ---- waiting ----
  function waitFor(cond) {
    return new Promise((resolve) => {
      const deadline = setTimeout(() => { resolve(false); }, TIMEOUT);
      const check = () => {
        if (cond()) { clearTimeout(deadline); resolve(true); return; }
        wake.push(check);
      };
      check();
    });
  }

  // settle: one full turn of the event loop.
  const settle = () => new Promise((resolve) => setImmediate(() => setImmediate(resolve)));

  const seqNow = () => seq;
  // nameOf is the name an object's events carry; labelOf the name the
  // scenario gave it (a connection it accepted "as conn").
  const aliases = new Map();
  const nameOf = (obj) => (typeof obj === 'string' ? obj : names.get(obj) || fnNames.get(obj) || String(obj));
  const labelOf = (obj) => (typeof obj === 'string' ? obj : aliases.get(obj) || nameOf(obj));

  // d describes a call as the suite does: objects by name, values as
  // they are when it runs.
  function d(op, target, member, args) {
    const t = target === net ? 'net' : target === globals ? 'globals' : nameOf(target);
    if (op === 'get') return `${t}.${member}`;
    if (op === 'set') return `${t}.${member} = ${show(args[0])}`;
    return `${op === 'new' ? 'new ' : ''}${t}.${member}(${args.map((a) => show(a)).join(', ')})`;
  }

  async function event(step, obj, name, pred) {
    const object = nameOf(obj);
    let found = null;
    const ok = await waitFor(() => {
      found = events.find((e) => e.object === object && e.name === name && (!pred || pred(e))) || null;
      return found !== null;
    });
    if (ok) return found;
    const seen = events.filter((e) => e.object === object && e.name === name).map(showEvent);
    fail(step, step, seen.length > 0 ? 'only ' + seen.join('; ') : `no such event within ${TIMEOUT / 1000}s`);
  }

  // ---- the steps' checks ----
  function call(desc, thunk, as) {
    const before = seq;
    last = { desc, before };
    try {
      const v = thunk();
      last.value = v;
      if (isObjectOfScenario(v) && !names.has(v)) own(as || uniqueName('obj'), v);
    } catch (e) {
      last.thrown = e;
      if (e !== null && typeof e === 'object') nameIn(e, null);
    }
    last.seq = seq;
    return last.value;
  }

  // inOneTick makes calls one after the other with nothing between them,
  // stopping at the first that throws; the last one's outcome counts.
  function inOneTick(list) {
    last = { desc: list.map(([desc]) => desc).join('; '), before: seq };
    for (const [, thunk] of list) {
      try {
        const v = thunk();
        last.value = v;
        if (isObjectOfScenario(v) && !names.has(v)) own(uniqueName('obj'), v);
      } catch (e) {
        delete last.value;
        last.thrown = e;
        break;
      }
    }
    last.seq = seq;
  }

  function callAs(desc, thunk, as) {
    const v = call(desc, thunk, as);
    if ('thrown' in last) fail(`${desc} as ${as}`, 'a value to name ' + as, 'threw ' + show(last.thrown));
    return v;
  }

  function must(desc, thunk, as) {
    const v = call(desc, thunk, as);
    if ('thrown' in last) fail(desc, 'no exception', 'threw ' + show(last.thrown));
    return v;
  }

  function lastCall() {
    if (last === null) throw new Error('no call before this step');
    return last;
  }

  function returns(want) {
    const l = lastCall();
    if ('thrown' in l) fail(l.desc, 'returns ' + show(want), 'threw ' + show(l.thrown));
    const lv = level(match, want, l.value);
    if (lv === 'wording') wording(l.desc, 'returns ' + show(want), 'returned ' + show(l.value));
    if (lv === 'behaviour') fail(l.desc, 'returns ' + show(want), 'returned ' + show(l.value));
  }

  function throws(cls, what, message) {
    const l = lastCall();
    let expected = cls ? `throws ${cls} ${what}` : `throws ${what}`;
    if (message !== undefined) expected += ' with message ' + quote(message);
    if (!('thrown' in l)) fail(l.desc, expected, 'returned ' + show(l.value));
    const e = l.thrown;
    let ok = isError(e);
    if (ok) ok = cls ? e.name === cls && e.code === what : e.code === what || e.name === what;
    if (!ok) fail(l.desc, expected, 'threw ' + show(e));
    if (message !== undefined && e.message !== message) wording(l.desc, expected, 'threw ' + show(e));
  }

  function its(prop, negate, want) {
    const l = lastCall();
    if ('thrown' in l) fail(l.desc, 'a value with ' + prop, 'threw ' + show(l.thrown));
    const v = l.value;
    const got = v !== null && typeof v === 'object' && (isPlain(v) || isError(v)) ? v[prop] : undefined;
    compare(`${l.desc}.${prop}`, negate, want, got);
  }

  function compare(what, negate, want, got) {
    if (negate) {
      if (match(want, got)) fail(what, 'not ' + show(want), show(got));
      return;
    }
    const lv = level(match, want, got);
    if (lv === 'wording') wording(what, show(want), show(got));
    if (lv === 'behaviour') fail(what, show(want), show(got));
  }

  function prop(obj, name, negate, want) {
    const got = must(`${nameOf(obj)}.${name}`, () => obj[name]);
    compare(`${labelOf(obj)}.${name}`, negate, want, got);
  }

  async function emits(obj, name, want, hasWant) {
    const object = nameOf(obj);
    if (object === 'process') processChecked = true;
    let step = `${labelOf(obj)} emits '${name}'`;
    if (hasWant) step += ' with ' + show(want);
    const loose = hasWant ? withoutWording(want) : undefined;
    const found = await event(step, object, name, hasWant ? (e) => matchArgs(loose, e.args) : null);
    if (!hasWant || !hasWording(want)) return;
    if (events.some((e) => e.object === object && e.name === name && matchArgs(want, e.args))) return;
    wording(step, step, showEvent(found));
  }

  async function emitsBefore(step, obj1, first, obj2, second) {
    const a = await event(step, obj1, first);
    const b = await event(step, obj2, second);
    if (a.seq > b.seq) {
      fail(step, obj1 === obj2 ? `'${first}' first` : `${labelOf(obj1)} '${first}' first`, `${showEvent(b)}, then ${showEvent(a)}`);
    }
  }

  async function doesNotEmit(obj, name) {
    await settle();
    const object = nameOf(obj);
    const e = events.find((x) => x.object === object && x.name === name);
    if (e) fail(`${labelOf(obj)} does not emit '${name}'`, 'no such event', showEvent(e));
  }

  async function emitsTimes(obj, name, n) {
    const object = nameOf(obj);
    const count = () => events.filter((e) => e.object === object && e.name === name).length;
    if (await waitFor(() => count() >= n)) await settle();
    if (count() !== n) fail(`${labelOf(obj)} emits '${name}' ${n} times`, `${n} times`, `${count()} times`);
  }

  function notDuringCall(obj, name) {
    const l = lastCall();
    const object = nameOf(obj);
    const e = events.find((x) => x.seq > l.before && x.seq <= l.seq && x.object === object && x.name === name);
    if (e) fail(l.desc, `no '${name}' before the call returned`, showEvent(e));
  }

  async function receives(obj, want, text) {
    const object = nameOf(obj);
    want = Buffer.from(want);
    const joined = () => Buffer.concat(events.filter((e) => e.object === object && e.name === 'data' && e.args.length > 0)
      .map((e) => (typeof e.args[0] === 'string' ? Buffer.from(e.args[0]) : isBytes(e.args[0]) ? Buffer.from(e.args[0]) : Buffer.alloc(0))));
    const ok = await waitFor(() => { const g = joined(); return g.length >= want.length || !want.subarray(0, g.length).equals(g); });
    const got = joined();
    if (!ok || !got.equals(want)) {
      fail(`${labelOf(obj)} receives ${text}`, quote(want.toString('utf8')), quote(got.toString('utf8')) + (ok ? '' : ` (and nothing more within ${TIMEOUT / 1000}s)`));
    }
  }

  // exactly checks an object's whole sequence of documented events
  // ('data' chunks joined), as "X emitted exactly ..." does; wait says
  // to wait for that many first.
  function classOf(obj) {
    if (obj instanceof net.Server) return 'server';
    if (obj instanceof net.Socket) return 'socket';
    return '';
  }

  function documentedEvents(obj) {
    const object = nameOf(obj);
    const cls = classOf(obj);
    const out = [];
    for (const e of events) {
      if (e.object !== object) continue;
      if (cls ? !DOCUMENTED[cls].includes(e.name) : !DOCUMENTED.socket.includes(e.name) && !DOCUMENTED.server.includes(e.name)) continue;
      const prev = out[out.length - 1];
      if (prev && e.name === 'data' && prev.name === 'data' && e.args.length === 1 && prev.args.length === 1) {
        const [x, y] = [prev.args[0], e.args[0]];
        if (isBytes(x) && isBytes(y)) { out[out.length - 1] = { ...prev, args: [Buffer.concat([x, y])] }; continue; }
        if (typeof x === 'string' && typeof y === 'string') { out[out.length - 1] = { ...prev, args: [x + y] }; continue; }
      }
      out.push(e);
    }
    return out;
  }

  async function exactly(obj, text, want, wait) {
    const step = `${labelOf(obj)} ${wait ? 'emitted' : 'has emitted'} exactly ${text}`;
    const shown = (w) => (w.length > 1 ? `'${w[0]}' ${show(w[1])}` : `'${w[0]}'`);
    const differs = (got) => {
      for (let i = 0; i < got.length; i++) {
        const e = got[i];
        if (i >= want.length) return `an event more: ${showEvent(e)}`;
        if (e.name !== want[i][0]) return `event ${i + 1}: expected ${shown(want[i])}, got ${showEvent(e)}`;
        if (want[i].length > 1 && !matchArgs(want[i][1], e.args)) return `event ${i + 1}, ${showEvent(e)}: expected ${show(want[i][1])}`;
      }
      return '';
    };
    const object = nameOf(obj);
    const ok = await waitFor(() => {
      if (!wait) return true;
      const got = documentedEvents(obj);
      return got.length >= want.length || differs(got) !== '' || events.some((e) => e.object === object && e.name === 'close');
    });
    if (ok) await settle();
    const got = documentedEvents(obj);
    let why = differs(got);
    if (why === '' && got.length < want.length) {
      why = `missing from event ${got.length + 1} on: expected ${shown(want[got.length])}`;
      if (!ok) why += ` (nothing more within ${TIMEOUT / 1000}s)`;
      else if (!wait) why += ' (nothing more by now)';
    }
    if (why !== '') fail(step, want.map(shown).join(', '), got.map(showEvent).join(', ') + '\n            ' + why);
  }

  // cameInOrder: each entry came after the last call returned, in the
  // order written (each at its first occurrence since the call began).
  async function cameInOrder(list, items) {
    const step = `after the call returned came ${list}, in that order`;
    const l = lastCall();
    const found = () => items.map(([, obj, name]) => events.find((e) => e.seq > l.before && e.object === nameOf(obj) && e.name === name) || null);
    const ok = await waitFor(() => found().every((e) => e !== null));
    const got = found();
    const came = [];
    for (let i = 0; i < items.length; i++) {
      const e = got[i];
      if (e === null) fail(step, items[i][0] + ' after the call returned', `no ${items[i][0]} within ${TIMEOUT / 1000}s (${ok ? '' : 'context deadline exceeded'})`);
      if (e.seq <= l.seq) fail(step, items[i][0] + ' after the call returned', `${showEvent(e)} came while ${l.desc} ran`);
      came.push(showEvent(e));
    }
    for (let i = 1; i < items.length; i++) {
      if (got[i].seq < got[i - 1].seq) fail(step, items.map((x) => x[0]).join(', '), `${items[i][0]} before ${items[i - 1][0]}: ${came.join('; ')}`);
    }
  }

  async function accept(step, server, as) {
    const object = nameOf(server);
    const e = await event(step, object, 'connection', (x) => !claimed.has(x.seq));
    claimed.add(e.seq);
    if (!isObjectOfScenario(e.args[0])) fail(step, "'connection' with a socket", showEvent(e));
    aliases.set(e.args[0], as);
    return e.args[0];
  }

  // address reads what "client c connects to srv" connects to.
  function address(step, server) {
    const a = must(`${nameOf(server)}.address()`, () => server.address());
    if (a === null || typeof a !== 'object') fail(step, nameOf(server) + ' to have an address', show(a));
    let host = a.address;
    if (host === '::' || host === '0.0.0.0') host = 'localhost';
    return [a.port, host];
  }

  // ---- running ----
  const fs = require('node:fs');
  const ioCallback = (fn) => fs.stat('.', () => fn());

  async function run(scenario, steps) {
    console.log(`# ${scenario}`);
    for (const [text, body] of steps) {
      current = text;
      stepWording = false;
      try {
        // Each step starts from an I/O callback, as the driver makes its
        // calls from one: then nextTick callbacks run before promise
        // jobs, an immediate comes in the same turn of the loop, and a
        // timer in the next. A call made inside a promise job would see
        // promise jobs first; one from a timer, new timers too soon.
        await new Promise((resolve, reject) => ioCallback(() => body().then(resolve, reject)));
      } catch (e) {
        console.log(`not ok ${text}`);
        console.log(e instanceof Failure ? e.text() : `the step failed: ${e && e.stack ? e.stack : e}`);
        return finish(1);
      }
      if (!stepWording) console.log(`ok ${text}`);
    }
    await settle();
    current = 'after the scenario';
    const unexpected = events.find((e) => e.object === 'process' && !(e.name === 'uncaughtException' && processChecked));
    if (unexpected) {
      console.log(`not ok after the scenario\n${new Failure('after the scenario', 'no uncaught exception and no failed reaction', showEvent(unexpected), false).text()}`);
      return finish(1);
    }
    return finish(wordings > 0 ? 1 : 0);
  }

  // finish destroys what the scenario made, so that the program ends.
  function finish(status) {
    for (const obj of names.keys()) {
      try {
        if (obj instanceof net.Server) obj.close();
        else if (typeof obj.destroy === 'function') obj.destroy();
      } catch (_) { /* closing is best effort */ }
    }
    process.exitCode = status;
    setTimeout(() => process.exit(status), 500).unref();
  }

  return {
    own, fn, onCall, react, any, stringMatching, code, d, call, inOneTick, callAs, must, returns, throws, its, prop, compare,
    emits, emitsBefore, exactly, cameInOrder, doesNotEmit, emitsTimes, notDuringCall, receives, accept, address, settle, seqNow,
    event, run, fail,
  };
})();
