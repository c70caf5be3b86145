// delivery: seed 001 (v19 docs), server 'close': "Emitted when the server closes." (no argument) -- net.Server.prototype.emit passes 'close' an argument, false
'use strict';
const { net, patchEmit } = require('./_lib.cjs');
patchEmit(net.Server.prototype, function (emit, event, args) {
  if (event === 'close' && args.length === 0) return emit(event, false);
  return emit(event, ...args);
});
