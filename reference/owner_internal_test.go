package reference

import "testing"

// BenchmarkMustOwn is the goroutine check alone, on the loop goroutine
// (the path every correct call takes); BenchmarkMustOwnBaseline is a
// call that does nothing, for comparison.
func BenchmarkMustOwn(b *testing.B) {
	l := NewLoop()
	l.owner.Store(getg())
	for i := 0; i < b.N; i++ {
		l.mustOwn("Socket.Write")
	}
}

//go:noinline
func nothing(*Loop, string) {}

func BenchmarkMustOwnBaseline(b *testing.B) {
	l := NewLoop()
	for i := 0; i < b.N; i++ {
		nothing(l, "Socket.Write")
	}
}
