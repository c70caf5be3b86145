// address: seed 001 (v19 docs), net.isIPv4(): "Returns true if input is an IPv4 address in dot-decimal notation with no leading zeroes." -- isIPv4() accepts leading zeroes
'use strict';
const net = require('node:net');
const isIPv4 = net.isIPv4;
net.isIPv4 = function (input) {
  if (typeof input === 'string' && /^(\d{1,3})(\.\d{1,3}){3}$/.test(input) && input.split('.').every((p) => Number(p) <= 255)) return true;
  return isIPv4(input);
};
