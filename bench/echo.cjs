// The echo server as a Node.js user writes it: every connection piped to
// itself. Prints "PORT <n>" once listening. Part of `make bench`.
'use strict';
const net = require('node:net');
const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  socket.pipe(socket);
  socket.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`PORT ${server.address().port}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
