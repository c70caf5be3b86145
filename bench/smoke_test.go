package main

import (
	"fmt"
	"testing"
	"time"
)

// smokeFloor is the ratio of the reference's ping-pong rate to raw Go's
// below which TestEchoSmoke fails. It catches a gross regression (a
// hand-off or a sleep per message is back), not noise: measured on a
// shared two-CPU machine, while other tests ran, it was 0.6 to 0.95
// under the race detector and 1.2 to 1.9 without, so 0.25 is far below
// what noise does. Performance itself is measured by `make bench`.
const smokeFloor = 0.25

// TestEchoSmoke runs the reference's echo server, raw Go's and gnet's
// in this process and drives each with the ping-pong load in turns,
// about a second and a half in all. gnet's server is checked to echo;
// only the reference's rate against raw Go's is checked, and only for a
// gross regression.
func TestEchoSmoke(t *testing.T) {
	refPort, stopRef, err := startReferenceEcho()
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := stopRef(); err != nil {
			t.Errorf("stopping the reference's echo server: %v", err)
		}
	}()
	goPort, stopGo, err := startGoEcho()
	if err != nil {
		t.Fatal(err)
	}
	defer stopGo()
	gnetPort, stopGnet, err := startGnetEcho()
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := stopGnet(); err != nil {
			t.Errorf("stopping gnet's echo server: %v", err)
		}
	}()
	const turns, slice = 3, 150 * time.Millisecond
	var ref, raw, gn float64
	for i := 0; i < turns; i++ {
		for _, s := range []struct {
			port int
			sum  *float64
		}{{refPort, &ref}, {goPort, &raw}, {gnetPort, &gn}} {
			res, err := pingPongRaw(fmt.Sprintf("127.0.0.1:%d", s.port), 8, slice, 64)
			if err != nil {
				t.Fatal(err)
			}
			if res.Ops == 0 {
				t.Fatalf("no round trip in %v against port %d", slice, s.port)
			}
			*s.sum += float64(res.Ops) / res.Seconds
		}
	}
	ratio := ref / raw
	t.Logf("ping-pong: reference %.0f/s, raw Go %.0f/s: %.2fx; gnet %.0f/s", ref/turns, raw/turns, ratio, gn/turns)
	if ratio < smokeFloor {
		t.Errorf("the reference's echo server did %.2fx raw Go's round trips (%.0f/s against %.0f/s); below %.2fx is a gross regression",
			ratio, ref/turns, raw/turns, smokeFloor)
	}
}
