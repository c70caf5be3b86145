// property: seed 001 (v19 docs), socket.connecting: "If true, socket.connect() was called and has not yet finished." and readyState "opening" while connecting -- readyState is "open" while connecting
'use strict';
const { onEverySocket, overrideGetter } = require('./_lib.cjs');
onEverySocket((s) => overrideGetter(s, 'readyState', (v) => (v === 'opening' ? 'open' : v)));
