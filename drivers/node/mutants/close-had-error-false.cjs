// delivery: seed 001 (v19 docs), socket 'close': "The argument hadError is a boolean which says if the socket was closed due to a transmission error." -- EventEmitter.prototype.emit turns close(true) into close(false)
'use strict';
const { EventEmitter, patchEmit } = require('./_lib.cjs');
patchEmit(EventEmitter.prototype, function (emit, event, args) {
  if (event === 'close' && args[0] === true) return emit(event, false);
  return emit(event, ...args);
});
