// delivery: seed 001 (v19 docs), socket 'timeout': "Emitted if the socket times out from inactivity." -- net.Socket.prototype.emit drops 'timeout'
'use strict';
const { net, patchEmit } = require('./_lib.cjs');
patchEmit(net.Socket.prototype, function (emit, event, args) {
  if (event === 'timeout') return false;
  return emit(event, ...args);
});
