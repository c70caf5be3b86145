// error: write() after end() fails with ERR_STREAM_WRITE_AFTER_END, as Node 20's streams do (seed 001, socket.end(): "Half-closes the socket.") -- the error's code is EPIPE
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Socket.prototype, 'write', function (write, args) {
  const i = args.findIndex((a) => typeof a === 'function');
  if (i >= 0) {
    const cb = args[i];
    args[i] = function (err) {
      if (err && err.code === 'ERR_STREAM_WRITE_AFTER_END') err.code = 'EPIPE';
      return cb.apply(this, arguments);
    };
  }
  const onError = (err) => { if (err && err.code === 'ERR_STREAM_WRITE_AFTER_END') err.code = 'EPIPE'; };
  this.prependOnceListener('error', onError);
  try { return write(...args); } finally { process.nextTick(() => process.nextTick(() => this.removeListener('error', onError))); }
});
