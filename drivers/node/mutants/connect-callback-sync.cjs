// asynchrony: seed 001 (v19 docs), socket.connect(): "This function is asynchronous. When the connection is established, the 'connect' event will be emitted." -- the connect listener is called inside connect(), before the connection is established
'use strict';
const { net, patchMethod } = require('./_lib.cjs');
patchMethod(net.Socket.prototype, 'connect', function (connect, args) {
  const last = args[args.length - 1];
  if (typeof last !== 'function' || Array.isArray(args[0])) return connect(...args);
  args.pop();
  const r = connect(...args);
  last.call(this);
  return r;
});
