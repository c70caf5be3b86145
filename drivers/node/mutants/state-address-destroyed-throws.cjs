// state: net.Socket destroyed x socket.address (Node 20: address() of a destroyed socket returns {}) -- address() of a destroyed socket throws EBADF, as getsockname on a closed descriptor would
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Socket.prototype, 'address', function (address, args) {
  if (this.destroyed) {
    const err = new Error('getsockname EBADF');
    err.code = 'EBADF';
    err.syscall = 'getsockname';
    throw err;
  }
  return address(...args);
});
