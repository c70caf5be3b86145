// delivery: seed 001 (v19 docs), socket 'end': "Emitted when the other end of the socket signals the end of transmission" -- net.Socket.prototype.emit adds an 'end' before a 'close' that no FIN caused
'use strict';
const { net, patchEmit } = require('./_lib.cjs');
const ended = new WeakSet();
patchEmit(net.Socket.prototype, function (emit, event, args) {
  if (event === 'end') ended.add(this);
  if (event === 'close' && !ended.has(this)) { ended.add(this); emit('end'); }
  return emit(event, ...args);
});
