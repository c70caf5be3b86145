// error: seed 001 (v19 docs), blockList.addAddress(address[, type]): "type string Either 'ipv4' or 'ipv6'." (Node 20 throws ERR_INVALID_ARG_VALUE for another) -- it throws ERR_INVALID_ARG_TYPE
'use strict';
const net = require('node:net');
const addAddress = net.BlockList.prototype.addAddress;
net.BlockList.prototype.addAddress = function () {
  try {
    return addAddress.apply(this, arguments);
  } catch (e) {
    if (e && e.code === 'ERR_INVALID_ARG_VALUE') e.code = 'ERR_INVALID_ARG_TYPE';
    throw e;
  }
};
