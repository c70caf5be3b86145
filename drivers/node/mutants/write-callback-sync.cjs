// asynchrony: seed 001 (v19 docs), socket.write(): "The optional callback parameter will be executed when the data is finally written out, which may not be immediately." -- the callback is called synchronously inside write()
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Socket.prototype, 'write', function (write, args) {
  const i = args.findIndex((a) => typeof a === 'function');
  if (i < 0 || this.connecting || this.destroyed) return write(...args);
  const cb = args[i];
  args.splice(i, 1);
  const r = write(...args);
  cb(null);
  return r;
});
