//go:build !unix

package graph_test

import "time"

// processCPU is not implemented here; benchmarks skip the CPU metric.
func processCPU() (time.Duration, bool) { return 0, false }
