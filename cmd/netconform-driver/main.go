// Command netconform-driver puts the Go reference behind the driver
// protocol (docs/protocol.md): it reads requests on standard input and
// writes replies and events on standard output. Running the suite
// through it (--target reference-driver) proves that the protocol
// carries every behaviour the in-process target shows.
package main

import (
	"fmt"
	"os"
	"runtime"

	"github.com/netconform/netconform/protocol"
	"github.com/netconform/netconform/steps/drivertarget"
	"github.com/netconform/netconform/steps/reftarget"
)

func main() {
	impl := protocol.Implementation{Name: "netconform-reference", Version: runtime.Version()}
	if err := drivertarget.Serve(reftarget.ServeInherited(), impl, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "netconform-driver:", err)
		os.Exit(1)
	}
}
