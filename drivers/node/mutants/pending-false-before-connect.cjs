// property: seed 001 (v19 docs), socket.pending: "This is true if the socket is not connected yet, either because .connect() has not yet been called or because it is still in the process of connecting" -- false before connect() is called
'use strict';
const { net, patchGetter } = require('./_lib.cjs');
patchGetter(net.Socket.prototype, 'pending', function (v) { return v && this.connecting; });
