// delivery: seed 001 (v19 docs), server 'listening': "Emitted when the server has been bound after calling server.listen()." -- net.Server.prototype.emit delivers 'listening' twice
'use strict';
const { net, patchEmit } = require('./_lib.cjs');
patchEmit(net.Server.prototype, function (emit, event, args) {
  const r = emit(event, ...args);
  if (event === 'listening') emit(event, ...args);
  return r;
});
