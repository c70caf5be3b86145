// state: net.Socket destroyed x socket.setTimeout (Node 20: setTimeout() of a destroyed socket returns the socket and arms nothing) -- setTimeout() of a destroyed socket throws ERR_SOCKET_CLOSED
'use strict';
const { net, patchMethod, socketClosed } = require('./_lib.cjs');
patchMethod(net.Socket.prototype, 'setTimeout', function (setTimeout, args) {
  if (this.destroyed) throw socketClosed();
  return setTimeout(...args);
});
