// delivery: seed 001 (v19 docs), socket 'ready': "Emitted when a socket is ready to be used. Triggered immediately after 'connect'." -- net.Socket.prototype.emit drops 'ready'
'use strict';
const { net, patchEmit } = require('./_lib.cjs');
patchEmit(net.Socket.prototype, function (emit, event, args) {
  if (event === 'ready') return false;
  return emit(event, ...args);
});
