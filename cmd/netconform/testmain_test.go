package main

import (
	"os"
	"testing"
)

// TestMain lets the test binary serve as the reference's driver, as the
// netconform binary does: the reference-driver target runs
// os.Executable(), which in a test is the test binary.
func TestMain(m *testing.M) {
	if len(os.Args) == 2 && os.Args[1] == serveReferenceArg {
		main()
		return
	}
	os.Exit(m.Run())
}
