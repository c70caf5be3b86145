// behaviour: seed 001 (v19 docs), socket.setKeepAlive(): "Set initialDelay (in milliseconds) to set the delay between the last data packet received and the first keepalive probe." -- the delay is taken as seconds, so TCP_KEEPIDLE is 1000 times too long
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Socket.prototype, 'setKeepAlive', function (setKeepAlive, args) {
  if (typeof args[1] === 'number' && args[1] > 0) args[1] *= 1000;
  return setKeepAlive(...args);
});
