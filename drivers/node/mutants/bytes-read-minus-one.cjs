// property: seed 001 (v19 docs), socket.bytesRead: "The amount of received bytes." -- one fewer than received
'use strict';
const { onEverySocket, overrideGetter } = require('./_lib.cjs');
onEverySocket((s) => overrideGetter(s, 'bytesRead', (v) => (typeof v === 'number' && v > 0 ? v - 1 : v)));
