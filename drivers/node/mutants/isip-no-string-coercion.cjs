// address: net.isIP(input) reads its input as String(input), as Node 20 does (the features' "read as String(<input>)") -- isIP() answers 0 for anything that is not a string
'use strict';
const net = require('node:net');
const isIP = net.isIP;
net.isIP = function (input) {
  if (typeof input !== 'string') return 0;
  return isIP(input);
};
