// property: seed 001 (v19 docs), server.address(): "Returns the bound address, the address family name, and port of the server ... { port: 12346, family: 'IPv4', address: '127.0.0.1' }" -- the family is written 'ipv4'
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Server.prototype, 'address', function (address) {
  const a = address();
  if (a && typeof a === 'object' && typeof a.family === 'string') a.family = a.family.toLowerCase();
  return a;
});
