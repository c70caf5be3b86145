// delivery: seed 001 (v19 docs), socket 'error': "The 'close' event will be called directly following this event." -- net.Socket.prototype.emit drops the 'close' that follows an 'error'
'use strict';
const { net, patchEmit } = require('./_lib.cjs');
const erred = new WeakSet();
patchEmit(net.Socket.prototype, function (emit, event, args) {
  if (event === 'error') erred.add(this);
  if (event === 'close' && erred.has(this)) return false;
  return emit(event, ...args);
});
