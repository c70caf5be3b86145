// behaviour: seed 001 (v19 docs), net.createServer(): "If allowHalfOpen is set to true, when the other end of the socket signals the end of transmission, the server will only send back the end of transmission when socket.end() is explicitly called." -- the option is ignored: every socket ends when its peer does
'use strict';
const { net, isPort } = require('./_lib.cjs');
const own = new WeakMap();
Object.defineProperty(net.Socket.prototype, 'allowHalfOpen', {
  configurable: true,
  get() { return isPort(this) ? false : own.get(this); },
  set(v) { own.set(this, v); },
});
