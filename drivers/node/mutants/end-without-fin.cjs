// behaviour: seed 001 (v19 docs), socket.end(): "Half-closes the socket. i.e., it sends a FIN packet." -- end() sends its data but no FIN
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Socket.prototype, 'end', function (end, args) {
  const cb = typeof args[args.length - 1] === 'function' ? args.pop() : null;
  if (args.length > 0 && args[0] !== undefined && args[0] !== null) this.write(...args);
  if (cb) process.nextTick(cb);
  return this;
});
