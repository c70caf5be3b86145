// address: seed 001 (v19 docs), socketaddress.address: "The network address as either an IPv4 or IPv6 string." (Node writes it normalised, in lower case) -- an IPv6 address reads back in upper case
'use strict';
const net = require('node:net');
const d = Object.getOwnPropertyDescriptor(net.SocketAddress.prototype, 'address');
Object.defineProperty(net.SocketAddress.prototype, 'address', {
  configurable: true, enumerable: d.enumerable,
  get() { const a = d.get.call(this); return a.includes(':') ? a.toUpperCase() : a; },
});
