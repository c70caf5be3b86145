// The real driver, which first starts a child in a session of its own
// (detached: setsid) and never ends it: every scenario passes, and the
// run must still fail on the process left running.
'use strict';
const { spawn } = require('child_process');
spawn('sleep', ['60'], { detached: true, stdio: 'ignore' }).unref();
require(process.env.NETCONFORM_DRIVER_CJS);
