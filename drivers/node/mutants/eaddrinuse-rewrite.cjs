// delivery: seed 001 (v19 docs), server.listen(): "One of the most common errors raised when listening is EADDRINUSE." -- EventEmitter.prototype.emit rewrites a server's EADDRINUSE to EACCES
'use strict';
const { net, EventEmitter, patchEmit } = require('./_lib.cjs');
patchEmit(EventEmitter.prototype, function (emit, event, args) {
  if (event === 'error' && this instanceof net.Server && args[0] && args[0].code === 'EADDRINUSE') args[0].code = 'EACCES';
  return emit(event, ...args);
});
