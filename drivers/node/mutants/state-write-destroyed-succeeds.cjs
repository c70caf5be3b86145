// state: net.Socket destroyed x socket.write (Node 20: a write after destroy() calls back with ERR_STREAM_DESTROYED) -- a write after destroy() calls back with no error, as if it were sent
'use strict';
const { net, patchMethod, pretendWritten } = require('./_lib.cjs');
patchMethod(net.Socket.prototype, 'write', function (write, args) {
  return this.destroyed ? pretendWritten(args, false) : write(...args);
});
