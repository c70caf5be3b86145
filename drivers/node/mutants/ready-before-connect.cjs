// delivery: seed 001 (v19 docs), socket 'ready': "Triggered immediately after 'connect'." -- net.Socket.prototype.emit delivers 'connect' after 'ready'
'use strict';
const { net, patchEmit } = require('./_lib.cjs');
const held = new WeakMap();
patchEmit(net.Socket.prototype, function (emit, event, args) {
  if (event === 'connect') { held.set(this, args); return true; }
  if (event === 'ready' && held.has(this)) {
    const r = emit('ready', ...args);
    emit('connect', ...held.get(this));
    held.delete(this);
    return r;
  }
  return emit(event, ...args);
});
