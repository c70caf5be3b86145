// asynchrony: seed 001 (v19 docs), socket.setTimeout(): "Sets the socket to timeout after timeout milliseconds of inactivity on the socket." -- setTimeout() on an idle socket emits 'timeout' at once, inside the call
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Socket.prototype, 'setTimeout', function (setTimeout, args) {
  const r = setTimeout(...args);
  if (args[0] > 0 && !this.destroyed) this.emit('timeout');
  return r;
});
