// behaviour: seed 001 (v19 docs), socket.write(): "Returns true if the entire data was flushed successfully to the kernel buffer. Returns false if all or part of the data was queued in user memory." -- write() returns true always
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Socket.prototype, 'write', function (write, args) {
  write(...args);
  return true;
});
