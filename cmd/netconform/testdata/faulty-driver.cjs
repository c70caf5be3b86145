// A driver that breaks one rule of docs/protocol.md, for the tests of
// check-driver: it runs the real driver (the path given after the mode)
// and sits between it and the runner, changing one thing.
//
//   skip-react      answers every react with a result and installs nothing
//   skip-callbacks  drops callback reactions and passes no callback ({"$fn"})
//   skip-events     reports no event
//   throws-unknown  answers a request naming an unknown object with a
//                   thrown ReferenceError instead of an error reply
'use strict';
const { spawn } = require('child_process');
const readline = require('readline');

const [mode, driver] = process.argv.slice(2);
const MODES = ['skip-react', 'skip-callbacks', 'skip-events', 'throws-unknown'];
if (!MODES.includes(mode) || !driver) {
  process.stderr.write(`usage: faulty-driver.cjs ${MODES.join('|')} path/to/driver.cjs\n`);
  process.exit(2);
}
const child = spawn(process.execPath, [driver], { stdio: ['pipe', 'pipe', 'inherit'] });
const out = (m) => process.stdout.write(JSON.stringify(m) + '\n');
const UNDEFINED = { $undefined: true };
let seq = 0;

// withoutCallbacks replaces every {"$fn": name} in a value with undefined.
function withoutCallbacks(v) {
  if (Array.isArray(v)) return v.map(withoutCallbacks);
  if (v && typeof v === 'object') {
    if (typeof v.$fn === 'string') return UNDEFINED;
    const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = withoutCallbacks(x);
    return o;
  }
  return v;
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let req;
  try { req = JSON.parse(line); } catch (e) { child.stdin.write(line + '\n'); return; }
  if (req && req.op === 'open') seq = 0;
  if (req && req.op === 'react' && (mode === 'skip-react' || (mode === 'skip-callbacks' && req.reaction && req.reaction.callback))) {
    out({ id: req.id, result: { value: UNDEFINED, seq } });
    return;
  }
  if (mode === 'skip-callbacks' && req && Array.isArray(req.calls)) req = withoutCallbacks(req);
  child.stdin.write(JSON.stringify(req) + '\n');
});
process.stdin.on('end', () => child.stdin.end());

readline.createInterface({ input: child.stdout }).on('line', (line) => {
  const m = JSON.parse(line);
  if (m.event) {
    seq = m.event.seq;
    if (mode === 'skip-events') return;
  }
  if (mode === 'throws-unknown' && m.error && /no object named/.test(m.error.message)) {
    out({ id: m.id, thrown: { value: { $error: { name: 'ReferenceError', message: m.error.message, props: {} } }, seq } });
    return;
  }
  out(m);
});
child.on('exit', (code) => process.exit(code === null ? 1 : code));
