// delivery: seed 001 (v19 docs), socket.connect(): "If there is a problem connecting, ... an 'error' event will be emitted with the error" -- net.Socket.prototype.emit rewrites ECONNREFUSED to ECONNRESET
'use strict';
const { net, patchEmit } = require('./_lib.cjs');
patchEmit(net.Socket.prototype, function (emit, event, args) {
  if (event === 'error' && args[0] && args[0].code === 'ECONNREFUSED') args[0].code = 'ECONNRESET';
  return emit(event, ...args);
});
