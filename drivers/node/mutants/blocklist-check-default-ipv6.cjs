// address: seed 001 (v19 docs), blockList.check(address[, type]): "type string Either 'ipv4' or 'ipv6'. Default: 'ipv4'." -- check() defaults the type to 'ipv6'
'use strict';
const net = require('node:net');
const check = net.BlockList.prototype.check;
net.BlockList.prototype.check = function (address, type) {
  return check.call(this, address, arguments.length < 2 ? 'ipv6' : type);
};
