//go:build unix

package graph_test

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time used by the test process so far, all
// threads, user and system. Benchmarks report it besides wall time because
// wall time on a shared machine says more about the neighbours.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
