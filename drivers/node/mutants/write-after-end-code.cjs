// error: write() after end() fails with ERR_STREAM_WRITE_AFTER_END, as Node 20's streams do (seed 001, socket.end(): "Half-closes the socket.") -- the error's code, in the callback and in 'error', is EPIPE
'use strict';
const { net, patchMethod, patchEmit } = require('./_lib.cjs');
const rewrite = (err) => { if (err && err.code === 'ERR_STREAM_WRITE_AFTER_END') err.code = 'EPIPE'; };
patchMethod(net.Socket.prototype, 'write', function (write, args) {
  const i = args.findIndex((a) => typeof a === 'function');
  if (i >= 0) {
    const cb = args[i];
    args[i] = function (err) { rewrite(err); return cb.apply(this, arguments); };
  }
  return write(...args);
});
patchEmit(net.Socket.prototype, function (emit, event, args) {
  if (event === 'error') rewrite(args[0]);
  return emit(event, ...args);
});
