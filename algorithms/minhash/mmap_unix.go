//go:build linux || darwin

package minhash

import (
	"os"
	"syscall"
)

// mmapFile maps the whole file read-only.
func mmapFile(f *os.File, size int64) ([]byte, func() error, error) {
	if size <= 0 || int64(int(size)) != size {
		return nil, nil, syscall.EINVAL
	}
	buf, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, err
	}
	return buf, func() error { return syscall.Munmap(buf) }, nil
}
