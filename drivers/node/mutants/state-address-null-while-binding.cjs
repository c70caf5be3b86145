// state: net.Server binding x server.address (Node 20: listen() to an IP address binds in the call, so address() answers before 'listening') -- address() is null until 'listening' has been emitted
'use strict';
const { net, patchEmit, patchMethod } = require('./_lib.cjs');
const announced = new WeakSet();
patchEmit(net.Server.prototype, function (emit, event, args) {
  if (event === 'listening') announced.add(this);
  if (event === 'close') announced.delete(this);
  return emit(event, ...args);
});
patchMethod(net.Server.prototype, 'address', function (address, args) {
  return announced.has(this) ? address(...args) : null;
});
