// behaviour: seed 001 (v19 docs), net.createServer(): "allowHalfOpen ... If set to false, then the socket will automatically end the writable side when the readable side ends. Default: false." -- every socket is half-open, whatever the option
'use strict';
const { net, isPort } = require('./_lib.cjs');
const own = new WeakMap();
Object.defineProperty(net.Socket.prototype, 'allowHalfOpen', {
  configurable: true,
  get() { return isPort(this) ? true : own.get(this); },
  set(v) { own.set(this, v); },
});
