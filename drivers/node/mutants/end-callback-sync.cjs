// asynchrony: seed 001 (v19 docs), socket.end(): "If callback is specified, it will be called when the socket is finished." (at 'finish', which is asynchronous) -- end(cb) calls cb synchronously
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Socket.prototype, 'end', function (end, args) {
  const last = args[args.length - 1];
  if (typeof last !== 'function') return end(...args);
  args.pop();
  const r = end(...args);
  last.call(this);
  return r;
});
