//go:build !linux && !darwin

package minhash

import (
	"errors"
	"os"
)

// mmapFile is unavailable on this platform; ReadFile falls back to reading the file.
func mmapFile(f *os.File, size int64) ([]byte, func() error, error) {
	return nil, nil, errors.New("mmap not supported")
}
