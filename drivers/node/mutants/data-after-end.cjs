// delivery: seed 001 (v19 docs), socket 'end': "Emitted when the other end of the socket signals the end of transmission, thus ending the readable side" -- net.Socket.prototype.emit delivers an empty 'data' after 'end'
'use strict';
const { net, patchEmit } = require('./_lib.cjs');
patchEmit(net.Socket.prototype, function (emit, event, args) {
  const r = emit(event, ...args);
  if (event === 'end' && this.listenerCount('data') > 0) emit('data', Buffer.alloc(0));
  return r;
});
