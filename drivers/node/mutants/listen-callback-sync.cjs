// asynchrony: seed 001 (v19 docs), server.listen(): "This function is asynchronous. ... The last parameter callback will be added as a listener for the 'listening' event." -- the callback is called synchronously inside listen()
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Server.prototype, 'listen', function (listen, args) {
  const cb = typeof args[args.length - 1] === 'function' ? args.pop() : null;
  const r = listen(...args);
  if (cb) cb.call(this);
  return r;
});
