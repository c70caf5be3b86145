// address: seed 001 (v19 docs), net.isIPv6(): "Returns true if input is an IPv6 address." -- isIPv6() refuses an IPv4-mapped IPv6 address (::ffff:1.2.3.4)
'use strict';
const net = require('node:net');
const isIPv6 = net.isIPv6;
net.isIPv6 = function (input) {
  if (typeof input === 'string' && /:\d+\.\d+\.\d+\.\d+$/.test(input)) return false;
  return isIPv6(input);
};
