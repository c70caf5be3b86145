// driver-es5.js: the driver protocol for Node.js 0.10 (being written).
process.stderr.write('driver-es5.js: not written yet\n');
process.exit(1);
