//go:build amd64 || arm64

package reference

// getg returns the address of the running goroutine's runtime
// descriptor: a goroutine's identity for as long as it lives, read in a
// nanosecond from the register or thread-local slot the runtime keeps it
// in (goid_amd64.s, goid_arm64.s). Go has no API for it; the loop uses
// it only to compare the caller with the goroutine inside Run.
func getg() uintptr
