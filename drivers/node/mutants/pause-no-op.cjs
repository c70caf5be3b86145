// behaviour: seed 001 (v19 docs), socket.pause(): "Pauses the reading of data. That is, 'data' events will not be emitted." -- pause() does nothing
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Socket.prototype, 'pause', function () { return this; });
