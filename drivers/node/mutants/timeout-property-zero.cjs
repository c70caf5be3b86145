// property: seed 001 (v19 docs), socket.timeout: "The socket timeout in milliseconds as set by socket.setTimeout(). It is undefined if a timeout has not been set." -- 0 until set
'use strict';
const { net } = require('./_lib.cjs');
Object.defineProperty(net.Socket.prototype, 'timeout', { configurable: true, writable: true, value: 0 });
