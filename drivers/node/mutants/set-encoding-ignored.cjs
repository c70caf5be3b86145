// behaviour: seed 001 (v19 docs), socket.setEncoding(): "Set the encoding for the socket as a Readable Stream." -- setEncoding() is ignored: 'data' stays Buffers
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Socket.prototype, 'setEncoding', function () { return this; });
