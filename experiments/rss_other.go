//go:build !linux && !darwin

package experiments

// peakRSS returns 0: the peak resident set size is not available on this system.
func peakRSS() int64 { return 0 }
