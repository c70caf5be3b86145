// behaviour: seed 001 (v19 docs), socket.resetAndDestroy(): "Close the TCP connection by sending an RST packet and destroy the stream." -- a connected socket sends a FIN (a plain destroy)
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Socket.prototype, 'resetAndDestroy', function (resetAndDestroy) {
  if (this._handle && !this.connecting) return this.destroy();
  return resetAndDestroy();
});
