// state: net.Server closed x server.getConnections (Node 20: a closed server counts 0 connections, callback(null, 0)) -- getConnections() of a server that is not listening calls back with ERR_SERVER_NOT_RUNNING
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Server.prototype, 'getConnections', function (getConnections, args) {
  if (this.listening) return getConnections(...args);
  const err = new Error('Server is not running.');
  err.code = 'ERR_SERVER_NOT_RUNNING';
  process.nextTick(args[0], err);
  return this;
});
