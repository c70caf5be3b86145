// behaviour: seed 001 (v19 docs), server.close(): "the server is finally closed when all connections are ended and the server emits a 'close' event." -- 'close' is emitted as soon as close() is called, with connections still open
'use strict';
const { net, patchMethod, patchEmit } = require('./_lib.cjs');
const early = new WeakSet();
patchMethod(net.Server.prototype, 'close', function (close, args) {
  const open = this._handle && this._connections > 0;
  const r = close(...args);
  if (open && !early.has(this)) { early.add(this); process.nextTick(() => this.emit('close')); }
  return r;
});
patchEmit(net.Server.prototype, function (emit, event, args) {
  if (event === 'close' && early.has(this)) {
    if (this._mutantClosed) return false;
    this._mutantClosed = true;
  }
  return emit(event, ...args);
});
