// Package features embeds the suite's Gherkin features, so that the
// netconform binary carries them wherever it runs.
package features

import "embed"

// FS holds every feature, one folder per API area.
//
//go:embed */*.feature
var FS embed.FS
