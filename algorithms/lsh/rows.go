package lsh

import (
	"encoding/binary"
	"fmt"

	"github.com/cespare/xxhash/v2"
)

// Rows is a signature matrix as the indexes see it: Len() rows of K() uint32 positions. Row(i)
// returns row i (len K(); the caller must not modify it) and IsEmpty(i) reports whether row i is
// the signature of an empty set, which is never indexed and never a candidate
// (datasets.EmptyRule). Implementations must be safe for concurrent reads.
//
// *minhash.Signatures satisfies it for every variant whose positions are full uint32 hash values;
// FlatRows wraps a plain flat slice.
type Rows interface {
	Len() int
	K() int
	Row(i int) []uint32
	IsEmpty(i int) bool
}

// FlatRows is a Rows over one flat slice of n*k values; Empty marks the rows of empty sets.
type FlatRows struct {
	Values []uint32
	Width  int
	// Empty, when not nil, has one entry per row.
	Empty []bool
}

// NewFlatRows returns the rows of values with k positions each; len(values) must be a multiple
// of k. empty may be nil (no empty rows).
func NewFlatRows(values []uint32, k int, empty []bool) (*FlatRows, error) {
	if k < 1 || len(values)%k != 0 {
		return nil, fmt.Errorf("lsh: %d values do not form rows of k = %d", len(values), k)
	}
	if empty != nil && len(empty) != len(values)/k {
		return nil, fmt.Errorf("lsh: %d empty flags for %d rows", len(empty), len(values)/k)
	}
	return &FlatRows{Values: values, Width: k, Empty: empty}, nil
}

func (f *FlatRows) Len() int           { return len(f.Values) / f.Width }
func (f *FlatRows) K() int             { return f.Width }
func (f *FlatRows) Row(i int) []uint32 { return f.Values[i*f.Width : (i+1)*f.Width : (i+1)*f.Width] }
func (f *FlatRows) IsEmpty(i int) bool { return f.Empty != nil && f.Empty[i] }

// SentinelRows is a Rows over one flat slice of n*k values in which a row whose first value is
// Sentinel is the row of an empty set. It fits minhash signatures whose rows are K full hash
// values (every variant but b-bit) without copying:
//
//	rows, err := lsh.NewSentinelRows(sig.Data, sig.K, minhash.Empty)
type SentinelRows struct {
	Values   []uint32
	Width    int
	Sentinel uint32
}

// NewSentinelRows returns the rows of values with k positions each; len(values) must be a
// multiple of k.
func NewSentinelRows(values []uint32, k int, sentinel uint32) (*SentinelRows, error) {
	if k < 1 || len(values)%k != 0 {
		return nil, fmt.Errorf("lsh: %d values do not form rows of k = %d", len(values), k)
	}
	return &SentinelRows{Values: values, Width: k, Sentinel: sentinel}, nil
}

func (s *SentinelRows) Len() int { return len(s.Values) / s.Width }
func (s *SentinelRows) K() int   { return s.Width }
func (s *SentinelRows) Row(i int) []uint32 {
	return s.Values[i*s.Width : (i+1)*s.Width : (i+1)*s.Width]
}
func (s *SentinelRows) IsEmpty(i int) bool { return s.Values[i*s.Width] == s.Sentinel }

// FlatRower is an optional interface of Rows whose rows lie back to back in one slice: row i is
// values[i*k : (i+1)*k] with k == K(). Build and Fingerprint then walk the slice directly instead
// of calling Row once per row (and per table). FlatRows and SentinelRows implement it; an adapter
// over minhash signatures can too.
type FlatRower interface {
	Rows
	Flat() (values []uint32, k int)
}

// Flat implements FlatRower.
func (f *FlatRows) Flat() ([]uint32, int) { return f.Values, f.Width }

// Flat implements FlatRower.
func (s *SentinelRows) Flat() ([]uint32, int) { return s.Values, s.Width }

// Fingerprint returns a 64-bit checksum (xxhash) of a signature matrix: its shape, every row's
// values and its empty flags, in row order. A saved index records the fingerprint of the rows it
// was built from and refuses to load against different rows. It runs in O(Len*K).
func Fingerprint(rows Rows) uint64 {
	d := xxhash.New()
	var hdr [16]byte
	binary.LittleEndian.PutUint64(hdr[0:], uint64(rows.Len()))
	binary.LittleEndian.PutUint64(hdr[8:], uint64(rows.K()))
	d.Write(hdr[:])
	k := rows.K()
	fr, isFlat := rows.(FlatRower)
	var vals []uint32
	if isFlat {
		vals, _ = fr.Flat()
	}
	buf := make([]byte, 0, 64<<10)
	for i := 0; i < rows.Len(); i++ {
		if len(buf)+4*k+1 > cap(buf) {
			d.Write(buf)
			buf = buf[:0]
		}
		if rows.IsEmpty(i) {
			buf = append(buf, 1)
		} else {
			buf = append(buf, 0)
		}
		var row []uint32
		if isFlat {
			row = vals[i*k : (i+1)*k]
		} else {
			row = rows.Row(i)[:k]
		}
		for _, v := range row {
			buf = binary.LittleEndian.AppendUint32(buf, v)
		}
	}
	d.Write(buf)
	return d.Sum64()
}

// keyHasher computes 64-bit band keys: the xxhash (XXH64, seed 0) of the band's values as
// little-endian bytes followed by a 4-byte tag naming the table (the band number, or for a
// multi-probe table its index b*r+j... see Index.tableKey). Equal values in different tables
// therefore get unrelated keys. It holds a scratch buffer, so one keyHasher serves one goroutine.
type keyHasher struct {
	buf []uint32
}

func newKeyHasher(r int) keyHasher { return keyHasher{buf: make([]uint32, 0, r+1)} }

// key returns the key of vals in table tag. Two different value tuples share a key with
// probability 2^-64, which adds a negligible number of spurious candidates.
func (h *keyHasher) key(vals []uint32, tag uint32) uint64 {
	return xxh64Tagged(vals, tag, false)
}

// maskedKey returns the key of vals with position j left out, in table tag.
func (h *keyHasher) maskedKey(vals []uint32, j int, tag uint32) uint64 {
	b := h.buf[:len(vals)-1]
	copy(b, vals[:j])
	copy(b[j:], vals[j+1:])
	return xxh64Tagged(b, tag, false)
}
