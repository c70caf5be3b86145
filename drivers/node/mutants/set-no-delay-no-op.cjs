// behaviour: seed 001 (v19 docs), socket.setNoDelay(): "Enable/disable the use of Nagle's algorithm." -- setNoDelay() changes nothing
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Socket.prototype, 'setNoDelay', function () { return this; });
