// property: seed 001 (v19 docs), socket.remotePort: "The numeric representation of the remote port. For example, 80 or 21." -- one off
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Socket.prototype, '_getpeername', function (getpeername) {
  const p = getpeername();
  return p && typeof p.port === 'number' ? Object.assign({}, p, { port: p.port + 1 }) : p;
});
