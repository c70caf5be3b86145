// error: seed 001 (v19 docs), server.listen(): a port that is not one throws (Node 20: RangeError [ERR_SOCKET_BAD_PORT]) -- listen() throws it as a TypeError
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Server.prototype, 'listen', function (listen, args) {
  try {
    return listen(...args);
  } catch (e) {
    if (e && e.code === 'ERR_SOCKET_BAD_PORT') {
      const t = new TypeError(e.message);
      t.code = e.code;
      throw t;
    }
    throw e;
  }
});
