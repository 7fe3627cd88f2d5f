//go:build linux || darwin

package experiments

import (
	"runtime"
	"syscall"
)

// peakRSS returns the peak resident set size of the process in bytes (0 when unknown).
func peakRSS() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return ru.Maxrss // bytes on darwin
	}
	return ru.Maxrss * 1024 // kilobytes on linux
}
