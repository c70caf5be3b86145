// address: seed 001 (v19 docs), blockList.addSubnet(net, prefix[, type]): "prefix number The number of CIDR prefix bits." -- addSubnet() blocks a subnet one prefix bit narrower
'use strict';
const net = require('node:net');
const addSubnet = net.BlockList.prototype.addSubnet;
net.BlockList.prototype.addSubnet = function (network, prefix, type) {
  const args = Array.from(arguments);
  if (typeof prefix === 'number' && prefix >= 1 && prefix < 32) args[1] = prefix + 1;
  return addSubnet.apply(this, args);
};
