// address: seed 001 (v19 docs), blockList.rules: "The list of rules added to the blocklist." (Node lists the newest first) -- rules lists them oldest first
'use strict';
const net = require('node:net');
const d = Object.getOwnPropertyDescriptor(net.BlockList.prototype, 'rules');
Object.defineProperty(net.BlockList.prototype, 'rules', {
  configurable: true, enumerable: d.enumerable,
  get() { return d.get.call(this).slice().reverse(); },
});
