// asynchrony: seed 001 (v19 docs), server.getConnections(): "Asynchronously get the number of concurrent connections on the server." -- the callback is called synchronously
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Server.prototype, 'getConnections', function (getConnections, args) {
  args[0](null, this._connections);
  return this;
});
