// asynchrony: seed 001 (v19 docs), server.listen(): "When the server starts listening, the 'listening' event will be emitted." (Node 20 emits it from the nextTick queue of the listen() call) -- net.Server.prototype.emit delivers 'listening' a phase late, from setImmediate
'use strict';
const { net, patchEmit } = require('./_lib.cjs');
patchEmit(net.Server.prototype, function (emit, event, args) {
  if (event === 'listening') {
    setImmediate(() => { if (this.listening) emit(event, ...args); });
    return true;
  }
  return emit(event, ...args);
});
