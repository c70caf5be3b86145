// state: net.Socket lookingUp x socket.connecting (Node 20: connect() sets connecting before the lookup starts) -- connecting reads false while a host name is looked up, until 'lookup'
'use strict';
const { net, isPort, patchEmit } = require('./_lib.cjs');
const looking = new WeakSet();
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  if (isPort(this) && !Object.getOwnPropertyDescriptor(this, 'connecting').get) {
    // connecting is a plain property Node's code sets: keep its value,
    // and show false while the lookup runs.
    let real = this.connecting;
    const s = this;
    Object.defineProperty(this, 'connecting', {
      configurable: true,
      enumerable: true,
      get() { return looking.has(s) ? false : real; },
      set(v) { real = v; },
    });
  }
  // net.connect() passes its normalized arguments as one array.
  const o = Array.isArray(args[0]) ? args[0][0] : args[0];
  const host = o && typeof o === 'object' ? o.host : args[1];
  if (isPort(this) && typeof host === 'string' && net.isIP(host) === 0) looking.add(this);
  return Reflect.apply(connect, this, args);
};
patchEmit(net.Socket.prototype, function (emit, event, args) {
  if (event === 'lookup' || event === 'close' || event === 'error') looking.delete(this);
  return emit(event, ...args);
});
