// property: seed 001 (v19 docs), socket.address(): "v18.4.0 The family property now returns a string instead of a number." -- socket.address().family is the number 4 or 6, as in v18.0
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Socket.prototype, 'address', function (address) {
  const a = address();
  if (a && typeof a.family === 'string') a.family = a.family === 'IPv6' ? 6 : 4;
  return a;
});
