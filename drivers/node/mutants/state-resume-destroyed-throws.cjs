// state: net.Socket destroyed x socket.resume (Node 20: resume() of a destroyed socket returns the socket) -- resume() of a destroyed socket throws ERR_SOCKET_CLOSED
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Socket.prototype, 'resume', function (resume, args) {
  if (this.destroyed) {
    const err = new Error('Socket is closed');
    err.code = 'ERR_SOCKET_CLOSED';
    throw err;
  }
  return resume(...args);
});
