package steps_test

import (
	"testing"

	"github.com/netconform/netconform/features"
	"github.com/netconform/netconform/steps"
	"github.com/netconform/netconform/steps/reftarget"
)

// TestFeatures runs every feature against the in-process reference, in
// each profile: the reference passes the whole suite.
func TestFeatures(t *testing.T) {
	for _, profile := range []string{"v19", "v0.10"} {
		t.Run(profile, func(t *testing.T) {
			status, err := steps.Run(steps.RunOptions{
				Config:      steps.Config{Target: reftarget.New(), Profile: profile},
				FS:          features.FS,
				Format:      "progress",
				Concurrency: 4,
				T:           t,
			})
			if err != nil {
				t.Fatal(err)
			}
			if status != 0 {
				t.Fatalf("the suite failed against the reference in profile %s (status %d)", profile, status)
			}
		})
	}
}
