// delivery: seed 001 (v19 docs), socket 'lookup': "Emitted after resolving the host name but before connecting." -- net.Socket.prototype.emit drops 'lookup'
'use strict';
const { net, patchEmit } = require('./_lib.cjs');
patchEmit(net.Socket.prototype, function (emit, event, args) {
  if (event === 'lookup') return false;
  return emit(event, ...args);
});
