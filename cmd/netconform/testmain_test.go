package main

import (
	"os"
	"testing"
)

// TestMain lets the test binary act as the netconform command: as the
// reference's driver (the reference-driver target runs os.Executable(),
// which in a test is the test binary), and as the CLI itself for the
// tests that must send it a signal.
func TestMain(m *testing.M) {
	if len(os.Args) == 2 && os.Args[1] == serveReferenceArg {
		main()
		return
	}
	if os.Getenv("NETCONFORM_TEST_CLI") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}
