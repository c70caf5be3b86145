// delivery: seed 001 (v19 docs), socket 'close': "Emitted once the socket is fully closed." -- net.Socket.prototype.emit delivers 'close' twice
'use strict';
const { net, patchEmit } = require('./_lib.cjs');
patchEmit(net.Socket.prototype, function (emit, event, args) {
  const r = emit(event, ...args);
  if (event === 'close') emit(event, ...args);
  return r;
});
