package steps_test

import (
	"testing"

	"github.com/netconform/netconform/features"
	"github.com/netconform/netconform/steps"
	"github.com/netconform/netconform/steps/reftarget"
)

// TestFeatures runs every feature against the in-process reference, in
// each profile: the reference passes the whole suite. The v19 profile
// runs four scenarios at a time; the v0.10 profile one at a time, so
// that every scenario is also held to leaving the whole process's
// goroutines and descriptors as it found them.
func TestFeatures(t *testing.T) {
	for profile, concurrency := range map[string]int{"v19": 4, "v0.10": 1} {
		t.Run(profile, func(t *testing.T) {
			status, err := steps.Run(steps.RunOptions{
				Config:      steps.Config{Target: reftarget.New(), Profile: profile},
				FS:          features.FS,
				Format:      "progress",
				Concurrency: concurrency,
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

// TestFeaturesUnderEachBaseline holds the reference to every Node.js line
// it can follow: the whole v19 profile under Node.js 20 (the line furthest
// from the default, 26, which TestFeatures runs), and the scenarios that
// name a line under 22 and 24.
func TestFeaturesUnderEachBaseline(t *testing.T) {
	for _, c := range []struct{ baseline, tags string }{
		{"20", ""},
		{"22", "@node:<22,@node:>=22,@node:<24,@node:>=24"},
		{"24", "@node:<22,@node:>=22,@node:<24,@node:>=24"},
	} {
		t.Run("node"+c.baseline, func(t *testing.T) {
			status, err := steps.Run(steps.RunOptions{
				Config:      steps.Config{Target: reftarget.New(), Profile: "v19", Baseline: c.baseline},
				FS:          features.FS,
				Tags:        c.tags,
				Format:      "progress",
				Concurrency: 4,
				T:           t,
			})
			if err != nil {
				t.Fatal(err)
			}
			if status != 0 {
				t.Fatalf("the suite failed against the reference under baseline Node %s (status %d)", c.baseline, status)
			}
		})
	}
}
