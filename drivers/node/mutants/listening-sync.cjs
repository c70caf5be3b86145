// asynchrony: seed 001 (v19 docs), server.listen(): "This function is asynchronous. When the server starts listening, the 'listening' event will be emitted." -- 'listening' is emitted inside listen(), before it returns, and the real one is dropped
'use strict';
const { net, patchMethod, patchEmit } = require('./_lib.cjs');
const early = new WeakSet();
let emitting = false;
patchMethod(net.Server.prototype, 'listen', function (listen, args) {
  const r = listen(...args);
  if (this.listening) {
    early.add(this);
    emitting = true;
    try { this.emit('listening'); } finally { emitting = false; }
  }
  return r;
});
patchEmit(net.Server.prototype, function (emit, event, args) {
  if (event === 'listening' && early.has(this) && !emitting) { early.delete(this); return false; }
  return emit(event, ...args);
});
