// address: seed 001 (v19 docs), blockList.addRange(start, end[, type]): "Adds a rule to block a range of IP addresses from start (inclusive) to end (inclusive)." -- an IPv4 range leaves out its end
'use strict';
const net = require('node:net');
const addRange = net.BlockList.prototype.addRange;
function previous(v4) {
  const n = v4.split('.').reduce((a, p) => a * 256 + Number(p), 0) - 1;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
net.BlockList.prototype.addRange = function (start, end, type) {
  const args = Array.from(arguments);
  if (typeof start === 'string' && typeof end === 'string' && net.isIPv4(end) && net.isIPv4(start) && start !== end) args[1] = previous(end);
  return addRange.apply(this, args);
};
