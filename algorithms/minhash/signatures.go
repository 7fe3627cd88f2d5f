package minhash

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"lshbench/datasets"
)

// Signatures holds the rows of n sets in one flat slice: row i is
// Data[i*RowWords : (i+1)*RowWords].
//
// For every variant except b-bit, a row is K uint32 hash values (RowWords == K) and Row(i) can be
// banded directly (bottomk rows excepted: their positions are ranks, not hash functions). For
// b-bit variants (B > 0) a row is one flag word followed by the packed b-bit values (see BBit);
// use Values to unpack them. In all cases IsEmpty(i) tells the row of an empty
// set, which estimates 0 against everything and must not be inserted in an index.
//
// Signatures read from a file (ReadFile) may be backed by a read-only memory mapping: do not modify
// Data, and call Close when done.
type Signatures struct {
	Variant  string
	K        int
	B        int // bits per value for b-bit variants, 0 otherwise
	Seed     uint64
	RowWords int
	Data     []uint32

	sk    Sketcher
	close func() error
}

// NewSignatures returns zeroed signatures of n rows for sk.
func NewSignatures(sk Sketcher, n int) *Signatures {
	s := &Signatures{Variant: sk.Name(), K: sk.K(), Seed: sk.Seed(), RowWords: sk.RowWords(),
		Data: make([]uint32, n*sk.RowWords()), sk: sk}
	if bb, ok := sk.(*BBit); ok {
		s.B = bb.B()
	}
	return s
}

// Len returns the number of rows.
func (s *Signatures) Len() int {
	if s.RowWords == 0 {
		return 0
	}
	return len(s.Data) / s.RowWords
}

// Row returns row i as a sub-slice of Data.
func (s *Signatures) Row(i int) []uint32 { return s.Data[i*s.RowWords : (i+1)*s.RowWords] }

// IsEmpty reports whether row i is the row of an empty set.
func (s *Signatures) IsEmpty(i int) bool { return s.Data[i*s.RowWords] == Empty }

// Estimate returns the estimated Jaccard similarity of sets i and j (0 if either is empty).
func (s *Signatures) Estimate(i, j int) float64 { return s.sk.Estimate(s.Row(i), s.Row(j)) }

// Sketcher returns the sketcher that produced (or can reproduce) the rows.
func (s *Signatures) Sketcher() Sketcher { return s.sk }

// Values writes the K values of row i into dst (grown if needed) and returns it: the row itself
// for ordinary variants, the unpacked b-bit values for b-bit variants.
func (s *Signatures) Values(i int, dst []uint32) []uint32 {
	row := s.Row(i)
	bb, ok := s.sk.(*BBit)
	if !ok {
		return append(dst[:0], row...)
	}
	dst = dst[:0]
	for p := 0; p < s.K; p++ {
		dst = append(dst, bb.Value(row, p))
	}
	return dst
}

// Bytes returns the memory held by the rows.
func (s *Signatures) Bytes() int64 { return int64(len(s.Data)) * 4 }

// Close releases a memory mapping behind Data (a no-op for signatures built in memory).
func (s *Signatures) Close() error {
	if s.close == nil {
		return nil
	}
	c := s.close
	s.close, s.Data = nil, nil
	return c()
}

// buildBlock is the number of sets a worker takes at a time.
const buildBlock = 256

// Build sketches every set of sets with sk, using workers goroutines (0 or less: GOMAXPROCS), each
// with its own Clone of sk. Rows depend only on the set and sk, so the result is identical for any
// number of workers. progress receives sets done out of sets total from one goroutine at a time.
// Build stops early and returns an error wrapping ctx.Err() when ctx is cancelled. It makes one
// Sketch call per set and allocates the n*RowWords result once.
func Build(ctx context.Context, sets *datasets.Sets, sk Sketcher, workers int, progress datasets.Progress) (*Signatures, error) {
	if sets == nil {
		return nil, fmt.Errorf("minhash: build: nil sets")
	}
	n := sets.Len()
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, (n+buildBlock-1)/buildBlock))
	sig := NewSignatures(sk, n)
	rw := sig.RowWords
	var next, done atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := sk.Clone()
			for ctx.Err() == nil {
				lo := int(next.Add(buildBlock)) - buildBlock
				if lo >= n {
					return
				}
				hi := min(lo+buildBlock, n)
				for i := lo; i < hi; i++ {
					local.Sketch(sets.Set(i), sig.Data[i*rw:(i+1)*rw])
				}
				done.Add(int64(hi - lo))
			}
		}()
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	if progress != nil {
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
	loop:
		for {
			select {
			case <-finished:
				break loop
			case <-tick.C:
				progress(done.Load(), int64(n))
			}
		}
	} else {
		<-finished
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("minhash: build: %w", err)
	}
	progress.Report(int64(n), int64(n))
	return sig, nil
}
