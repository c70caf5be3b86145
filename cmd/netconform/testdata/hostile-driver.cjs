// A driver that speaks the protocol but fills every name and value it
// may choose with path traversal and markup: the runner must keep all of
// it as text, inside its report folder.
'use strict';
const readline = require('readline');
const evil = '../../../../escape/<script>alert(1)</script>';
const send = (m) => process.stdout.write(JSON.stringify(m) + '\n');
send({ hello: { protocol: '1', implementation: { name: evil, version: '../' + evil } } });
let seq = 0;
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let req;
  try { req = JSON.parse(line); } catch (e) { return; }
  if (req.op === 'invoke' || req.op === 'react') {
    seq++;
    send({ event: { seq, object: evil, name: evil, args: [evil, { $ref: evil }] } });
    send({ id: req.id, result: { value: { $ref: evil }, seq } });
    return;
  }
  send({ id: req.id, result: { value: null, seq } });
});
