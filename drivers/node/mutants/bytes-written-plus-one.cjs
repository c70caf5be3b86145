// property: seed 001 (v19 docs), socket.bytesWritten: "The amount of bytes sent." -- one more than sent
'use strict';
const { onEverySocket, overrideGetter } = require('./_lib.cjs');
onEverySocket((s) => overrideGetter(s, 'bytesWritten', (v) => (typeof v === 'number' && v > 0 ? v + 1 : v)));
