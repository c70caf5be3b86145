// error: seed 001 (v19 docs), socket.connect(options): "port number Required. Port the socket should connect to." (Node 20 throws RangeError [ERR_SOCKET_BAD_PORT] for a bad one) -- connect() throws ERR_INVALID_ARG_VALUE
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Socket.prototype, 'connect', function (connect, args) {
  try {
    return connect(...args);
  } catch (e) {
    if (e && e.code === 'ERR_SOCKET_BAD_PORT') e.code = 'ERR_INVALID_ARG_VALUE';
    throw e;
  }
});
