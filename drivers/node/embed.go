// Package nodedriver carries drivers/node/driver.cjs, the driver protocol
// implemented with a runtime's own node:net, so that the netconform
// binary can run it under Node.js, Bun or Deno wherever it runs.
package nodedriver

import _ "embed"

// Source is the text of driver.cjs.
//
//go:embed driver.cjs
var Source []byte

// SourceES5 is the text of driver-es5.js: the same protocol in the
// JavaScript Node.js 0.10 runs, for the node010 target.
//
//go:embed driver-es5.js
var SourceES5 []byte
