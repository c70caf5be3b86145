// address: seed 001 (v19 docs), net.isIP(): "Otherwise, returns 0." -- isIP() trims white space around its input and answers 4 or 6 for it
'use strict';
const net = require('node:net');
const isIP = net.isIP;
net.isIP = function (input) {
  return isIP(typeof input === 'string' ? input.trim() : input);
};
