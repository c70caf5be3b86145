// behaviour: seed 001 (v19 docs), socket.setTimeout(): "Sets the socket to timeout after timeout milliseconds of inactivity on the socket." -- activity does not restart the idle timer
'use strict';
const { net } = require('./_lib.cjs');
net.Socket.prototype._unrefTimer = function _unrefTimer() {};
