// asynchrony: seed 001 (v19 docs), socket 'lookup': "Emitted after resolving the host name but before connecting." with dns.lookup(), which is asynchronous -- dns.lookup answers 'localhost' synchronously, so 'lookup' comes inside connect()
'use strict';
const dns = require('node:dns');
const lookup = dns.lookup;
dns.lookup = function (host, opts, cb) {
  if (typeof opts === 'function') { cb = opts; opts = {}; }
  if (host === 'localhost') {
    const family = opts && opts.family === 6 ? 6 : 4;
    const address = family === 6 ? '::1' : '127.0.0.1';
    if (opts && opts.all) return cb(null, [{ address, family }]);
    return cb(null, address, family);
  }
  return lookup.call(this, host, opts, cb);
};
