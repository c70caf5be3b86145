// address: seed 001 (v19 docs), new net.SocketAddress(): "flowlabel number An IPv6 flow-label used only if family is 'ipv6'." -- the flow label reads back as 0
'use strict';
const net = require('node:net');
const d = Object.getOwnPropertyDescriptor(net.SocketAddress.prototype, 'flowlabel');
Object.defineProperty(net.SocketAddress.prototype, 'flowlabel', {
  configurable: true, enumerable: d.enumerable,
  get() { d.get.call(this); return 0; },
});
