// error: seed 001 (v19 docs), socket.connect(): "an 'error' event will be emitted with the error passed to the 'error' listener" (Node's ECONNREFUSED names the address and port refused) -- the error's port is one off
'use strict';
const { net, patchEmit } = require('./_lib.cjs');
patchEmit(net.Socket.prototype, function (emit, event, args) {
  if (event === 'error' && args[0] && args[0].code === 'ECONNREFUSED' && typeof args[0].port === 'number') args[0].port += 1;
  return emit(event, ...args);
});
