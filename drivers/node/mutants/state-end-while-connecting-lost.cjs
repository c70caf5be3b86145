// state: net.Socket connecting x socket.end (Node 20: end() while connecting sends the FIN once connected) -- end() while connecting is forgotten: the peer never sees the end
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Socket.prototype, 'end', function (end, args) {
  if (!this.connecting) return end(...args);
  return this;
});
