// asynchrony: seed 001 (v19 docs), server.close(): "The optional callback will be called once the 'close' event occurs. Unlike that event, it will be called with an Error as its only argument if the server was not open" -- close() on a server that is not open calls back synchronously
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Server.prototype, 'close', function (close, args) {
  if (typeof args[0] === 'function' && !this._handle) {
    const err = new Error('Server is not running.');
    err.code = 'ERR_SERVER_NOT_RUNNING';
    args[0].call(this, err);
    return close();
  }
  return close(...args);
});
