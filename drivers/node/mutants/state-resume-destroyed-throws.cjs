// state: net.Socket destroyed x socket.resume (Node 20: resume() of a destroyed socket returns the socket) -- resume() of a destroyed socket throws ERR_SOCKET_CLOSED
'use strict';
const { net, patchMethod, socketClosed } = require('./_lib.cjs');
patchMethod(net.Socket.prototype, 'resume', function (resume, args) {
  if (this.destroyed) throw socketClosed();
  return resume(...args);
});
