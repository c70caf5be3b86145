// delivery: seed 001 (v19 docs), server 'listening': "Emitted when the server has been bound after calling server.listen()." -- net.Server.prototype.emit holds 'listening' back until after the first 'connection'
'use strict';
const { net, patchEmit } = require('./_lib.cjs');
const held = new WeakSet();
patchEmit(net.Server.prototype, function (emit, event, args) {
  if (event === 'listening' && !held.has(this)) {
    held.add(this);
    const timer = setTimeout(() => { if (held.has(this)) { held.delete(this); emit('listening'); } }, 300);
    this.once('close', () => clearTimeout(timer));
    return true;
  }
  const r = emit(event, ...args);
  if (event === 'connection' && held.has(this)) { held.delete(this); emit('listening'); }
  return r;
});
