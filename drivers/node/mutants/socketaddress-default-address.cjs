// address: seed 001 (v19 docs), new net.SocketAddress(): "address ... Default: '127.0.0.1' if family is 'ipv4'; '::' if family is 'ipv6'." -- the default IPv4 address is 0.0.0.0
'use strict';
const net = require('node:net');
const Original = net.SocketAddress;
class SocketAddress extends Original {
  constructor(options) {
    if (options !== null && typeof options === 'object' && !(options instanceof Original) && options.address === undefined &&
        (options.family === undefined || options.family === 'ipv4')) {
      options = Object.assign({}, options, { address: '0.0.0.0' });
    }
    super(options);
  }
}
Object.defineProperty(net, "SocketAddress", { value: SocketAddress, configurable: true, enumerable: true });
