// asynchrony: seed 001 (v19 docs), socket 'close': "Emitted once the socket is fully closed." (after destroy() returns, as Node does) -- destroy() emits 'close' synchronously, inside the call, and drops the real one
'use strict';
const { net, patchMethod, patchEmit } = require('./_lib.cjs');
const early = new WeakSet();
let emitting = false;
patchMethod(net.Socket.prototype, 'destroy', function (destroy, args) {
  const was = this.destroyed;
  const r = destroy(...args);
  if (!was && !args[0]) {
    early.add(this);
    emitting = true;
    try { this.emit('close', false); } finally { emitting = false; }
  }
  return r;
});
patchEmit(net.Socket.prototype, function (emit, event, args) {
  if (event === 'close' && early.has(this) && !emitting) return false;
  return emit(event, ...args);
});
