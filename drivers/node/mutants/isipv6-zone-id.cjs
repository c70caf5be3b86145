// address: seed 001 (v19 docs), net.isIPv6(): "Returns true if input is an IPv6 address." (Node accepts a scope id, as fe80::1%eth0) -- isIPv6() refuses an address with a zone id
'use strict';
const net = require('node:net');
const isIPv6 = net.isIPv6;
net.isIPv6 = function (input) {
  if (typeof input === 'string' && input.includes('%')) return false;
  return isIPv6(input);
};
