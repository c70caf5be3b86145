// state: net.Socket connecting x socket.bytesWritten (Node 20: bytesWritten counts the bytes queued while connecting) -- bytesWritten reads 0 until the socket has connected
'use strict';
const { onEverySocket, overrideGetter } = require('./_lib.cjs');
onEverySocket((s) => overrideGetter(s, 'bytesWritten', function (v) { return this.connecting ? 0 : v; }));
