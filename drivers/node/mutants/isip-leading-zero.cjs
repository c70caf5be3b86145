// address: seed 001 (v19 docs), net.isIP(): "Returns 4 if input is an IPv4 address in dot-decimal notation with no leading zeroes." -- isIP() answers 4 for an IPv4 address with leading zeroes
'use strict';
const net = require('node:net');
const isIP = net.isIP;
net.isIP = function (input) {
  if (typeof input === 'string' && /^(\d{1,3})(\.\d{1,3}){3}$/.test(input) && input.split('.').every((p) => Number(p) <= 255)) return 4;
  return isIP(input);
};
