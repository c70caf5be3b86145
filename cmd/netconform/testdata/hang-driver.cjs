// A driver that says hello, starts a child in a session of its own
// (detached: setsid) that holds its output, then answers nothing and
// ignores the end of its input: only a kill of the whole tree ends it.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const child = spawn('sleep', ['60'], { detached: true, stdio: ['ignore', 'inherit', 'inherit'] });
process.stdout.write(JSON.stringify({ hello: { protocol: 1, implementation: { name: 'hang', version: '0' } } }) + '\n');
if (process.env.NETCONFORM_HANG_MARK) fs.writeFileSync(process.env.NETCONFORM_HANG_MARK, String(child.pid));
process.stdin.on('data', () => {});
process.stdin.on('end', () => {});
setInterval(() => {}, 1000);
