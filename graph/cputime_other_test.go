//go:build !unix

package graph_test

import "time"

// processCPU has no portable source of process CPU time outside Unix;
// benchmarks there report wall time only.
func processCPU() (time.Duration, bool) { return 0, false }
