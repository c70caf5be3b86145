// state: net.Socket connecting x socket.write (docs: "Sends data on the socket"; Node 20 queues the data and sends it once connected) -- a write made while connecting is dropped, though its callback says it was written
'use strict';
const { net, patchMethod, pretendWritten } = require('./_lib.cjs');
patchMethod(net.Socket.prototype, 'write', function (write, args) {
  return this.connecting ? pretendWritten(args, true) : write(...args);
});
