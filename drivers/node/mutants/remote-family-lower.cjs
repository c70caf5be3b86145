// property: seed 001 (v19 docs), socket.remoteFamily: "The string representation of the remote IP family. 'IPv4' or 'IPv6'." -- lower case
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Socket.prototype, '_getpeername', function (getpeername) {
  const p = getpeername();
  return p && typeof p.family === 'string' ? Object.assign({}, p, { family: p.family.toLowerCase() }) : p;
});
