// error: seed 001 (v19 docs), server.listen(): "The server.listen() method can be called again if and only if there was an error during the first server.listen() call or server.close() has been called. Otherwise, an ERR_SERVER_ALREADY_LISTEN error will be thrown." -- the code is ERR_SERVER_ALREADY_LISTENING
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Server.prototype, 'listen', function (listen, args) {
  try {
    return listen(...args);
  } catch (e) {
    if (e && e.code === 'ERR_SERVER_ALREADY_LISTEN') e.code = 'ERR_SERVER_ALREADY_LISTENING';
    throw e;
  }
});
