// Package datasets holds lshbench's data types and everything that produces them: graphs in
// compressed sparse rows, collections of sorted sets, ground-truth communities, the loaders for
// the common file formats, the registry of named public data sets and their download, and the
// generators of synthetic graphs and set collections with planted structure.
//
// Every other package of lshbench consumes these types; this package imports nothing of
// lshbench's own.
//
// # Empty sets
//
// The Jaccard similarity of two empty sets is undefined. lshbench uses one rule everywhere: the
// similarity of an empty set to any set, including another empty set, is 0. Empty sets are never
// sampled as queries, are never inserted into an LSH index, and a sketch of an empty set estimates
// 0 against every other sketch. The exact engine and every sketch follow this rule; see EmptyRule.
package datasets

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"
)

// EmptyRule documents the similarity rule for empty sets shared by every lshbench engine.
const EmptyRule = "J(empty, X) = 0 for every X; empty sets are never queries or candidates"

// Sets is a collection of sets of uint32 elements in compressed sparse rows: set i is
// Elems[Offsets[i]:Offsets[i+1]], sorted ascending and free of duplicates.
//
// The fields are exported so that hot loops can walk the flat slices directly; code that builds a
// Sets by hand should call Validate.
type Sets struct {
	// Offsets has Len()+1 entries, non-decreasing, starting at 0 and ending at len(Elems).
	Offsets []int
	// Elems holds the sets back to back.
	Elems []uint32
	// Universe is an exclusive upper bound on every element (the number of distinct element ids).
	Universe int
}

// NewSets returns the collection with the given offsets and elements after validating them.
func NewSets(offsets []int, elems []uint32, universe int) (*Sets, error) {
	s := &Sets{Offsets: offsets, Elems: elems, Universe: universe}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	return s, nil
}

// SetsFromSlices builds a collection from arbitrary slices: each is copied, sorted and
// de-duplicated. Universe is one more than the largest element (0 when all sets are empty).
// It is meant for tests and small inputs; loaders build the flat form directly.
func SetsFromSlices(sets [][]uint32) *Sets {
	total := 0
	for _, s := range sets {
		total += len(s)
	}
	out := &Sets{Offsets: make([]int, 1, len(sets)+1), Elems: make([]uint32, 0, total)}
	for _, s := range sets {
		start := len(out.Elems)
		out.Elems = append(out.Elems, s...)
		part := out.Elems[start:]
		slices.Sort(part)
		part = slices.Compact(part)
		out.Elems = out.Elems[:start+len(part)]
		for _, e := range part {
			if int(e) >= out.Universe {
				out.Universe = int(e) + 1
			}
		}
		out.Offsets = append(out.Offsets, len(out.Elems))
	}
	return out
}

// Len returns the number of sets.
func (s *Sets) Len() int { return len(s.Offsets) - 1 }

// Set returns set i as a sub-slice of Elems; the caller must not modify it.
func (s *Sets) Set(i int) []uint32 { return s.Elems[s.Offsets[i]:s.Offsets[i+1]] }

// Size returns the number of elements of set i.
func (s *Sets) Size(i int) int { return s.Offsets[i+1] - s.Offsets[i] }

// NumElems returns the total number of elements over all sets.
func (s *Sets) NumElems() int { return len(s.Elems) }

// Bytes returns the memory held by the collection's slices.
func (s *Sets) Bytes() int64 {
	return int64(cap(s.Offsets))*8 + int64(cap(s.Elems))*4
}

// NonEmpty returns the indices of the sets with at least one element, in ascending order.
func (s *Sets) NonEmpty() []uint32 {
	out := make([]uint32, 0, s.Len())
	for i := 0; i < s.Len(); i++ {
		if s.Offsets[i+1] > s.Offsets[i] {
			out = append(out, uint32(i))
		}
	}
	return out
}

// Validate checks the structural contract: offsets well formed, every set strictly increasing,
// every element below Universe. It runs in O(Len + NumElems).
func (s *Sets) Validate() error {
	if len(s.Offsets) == 0 {
		return fmt.Errorf("sets: offsets must have at least one entry")
	}
	if s.Offsets[0] != 0 {
		return fmt.Errorf("sets: offsets[0] = %d, want 0", s.Offsets[0])
	}
	if last := s.Offsets[len(s.Offsets)-1]; last != len(s.Elems) {
		return fmt.Errorf("sets: last offset %d != number of elements %d", last, len(s.Elems))
	}
	if s.Universe < 0 || s.Universe > 1<<32 {
		return fmt.Errorf("sets: universe %d out of range", s.Universe)
	}
	for i := 0; i < s.Len(); i++ {
		lo, hi := s.Offsets[i], s.Offsets[i+1]
		if hi < lo {
			return fmt.Errorf("sets: offsets decrease at set %d", i)
		}
		for j := lo; j < hi; j++ {
			if int(s.Elems[j]) >= s.Universe {
				return fmt.Errorf("sets: set %d element %d >= universe %d", i, s.Elems[j], s.Universe)
			}
			if j > lo && s.Elems[j] <= s.Elems[j-1] {
				return fmt.Errorf("sets: set %d not strictly increasing at position %d", i, j-lo)
			}
		}
	}
	return nil
}

// Fingerprint returns a hex SHA-256 of the collection's content (sizes, elements and universe).
// Equal fingerprints mean equal collections; caches of derived results are keyed by it.
func (s *Sets) Fingerprint() string {
	h := sha256.New()
	var buf [8 * 512]byte
	put := func(vals []uint64) {
		for len(vals) > 0 {
			n := min(len(vals), 512)
			for i, v := range vals[:n] {
				binary.LittleEndian.PutUint64(buf[8*i:], v)
			}
			h.Write(buf[:8*n])
			vals = vals[n:]
		}
	}
	put([]uint64{uint64(s.Len()), uint64(len(s.Elems)), uint64(s.Universe)})
	off := make([]uint64, 0, 512)
	for _, o := range s.Offsets {
		off = append(off, uint64(o))
		if len(off) == cap(off) {
			put(off)
			off = off[:0]
		}
	}
	put(off)
	var eb [4 * 1024]byte
	elems := s.Elems
	for len(elems) > 0 {
		n := min(len(elems), 1024)
		for i, e := range elems[:n] {
			binary.LittleEndian.PutUint32(eb[4*i:], e)
		}
		h.Write(eb[:4*n])
		elems = elems[n:]
	}
	return hex.EncodeToString(h.Sum(nil))
}

// SizeStats summarises the set sizes of a collection.
type SizeStats struct {
	Sets, Empty      int
	Min, Median, Max int
	Mean             float64
	TotalElems       int
}

// Sizes returns the size summary of the collection. The median of an even count is the lower one.
func (s *Sets) Sizes() SizeStats {
	n := s.Len()
	st := SizeStats{Sets: n, TotalElems: len(s.Elems)}
	if n == 0 {
		return st
	}
	sizes := make([]int, n)
	for i := range sizes {
		sizes[i] = s.Size(i)
		if sizes[i] == 0 {
			st.Empty++
		}
	}
	slices.Sort(sizes)
	st.Min, st.Max, st.Median = sizes[0], sizes[n-1], sizes[(n-1)/2]
	st.Mean = float64(len(s.Elems)) / float64(n)
	return st
}
