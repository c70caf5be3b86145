// behaviour: seed 001 (v19 docs), socket.connect(options): "localAddress string Local address the socket should connect from." -- the option is ignored
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Socket.prototype, 'connect', function (connect, args) {
  if (args[0] !== null && typeof args[0] === 'object' && !Array.isArray(args[0]) && 'localAddress' in args[0]) {
    args[0] = Object.assign({}, args[0]);
    delete args[0].localAddress;
  }
  return connect(...args);
});
