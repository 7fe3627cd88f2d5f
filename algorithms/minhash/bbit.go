package minhash

import (
	"fmt"
	"math/bits"
)

// BBit is b-bit minhash (Li and Konig 2010) over a base variant ("bbit<b>-<base>"): the base row is
// computed, and only b bits of each of its k values are kept (the lowest b bits after a fixed
// bijective re-mix, see Pack), packed densely.
//
// Row layout (RowWords = 1 + ceil(k*b/32) uint32 words): word 0 is a flag word, Empty for the row
// of an empty set and 0 otherwise; value i occupies bits (i*b) mod 32 .. +b-1 of word
// 1 + (i*b)/32 (least significant first). Because b divides 32 no value straddles two words; the
// unused high bits of the last word are zero.
//
// Two different minima agree on b bits with probability 2^-b, so the raw match rate P estimates
// 2^-b + (1 - 2^-b) J and is corrected as J = (P - C1) / (1 - C2). The values are uniform hashes
// over a space much larger than any set, which is Li and Konig's sparse limit r1, r2 -> 0 where
// C1 = C2 = 2^-b; the variance is then P(1-P) / (k (1 - 2^-b)^2). The estimate may be negative for
// dissimilar sets (it is unbiased, not clipped).
//
// b-bit rows cannot be merged: truncation loses the order of the values.
type BBit struct {
	b        int
	k        int
	base     Sketcher
	words    int // packed words (without the flag word)
	pad      int // unused fields in the last word
	scratch  []uint32
	foldMask uint32
	c        float64 // 2^-b
}

func newBBit(b int, base Sketcher) *BBit {
	k := base.K()
	words := (k*b + 31) / 32
	s := &BBit{b: b, k: k, base: base, words: words, pad: words*32/b - k,
		scratch: make([]uint32, base.RowWords()), c: 1 / float64(uint64(1)<<b)}
	// Mask of the lowest bit of every b-bit field.
	for i := 0; i < 32; i += b {
		s.foldMask |= 1 << i
	}
	return s
}

func (s *BBit) Name() string     { return fmt.Sprintf("bbit%d-%s", s.b, s.base.Name()) }
func (s *BBit) Seed() uint64     { return s.base.Seed() }
func (s *BBit) K() int           { return s.k }
func (s *BBit) B() int           { return s.b }
func (s *BBit) Base() Sketcher   { return s.base }
func (s *BBit) RowWords() int    { return 1 + s.words }
func (s *BBit) BytesPerRow() int { return 4 * s.RowWords() }

// Clone implements Sketcher.
func (s *BBit) Clone() Sketcher {
	c := *s
	c.base = s.base.Clone()
	c.scratch = make([]uint32, s.base.RowWords())
	return &c
}

// Sketch implements Sketcher.
func (s *BBit) Sketch(set []uint32, row []uint32) {
	row = row[:1+s.words]
	if len(set) == 0 {
		fill(row, Empty)
		return
	}
	s.base.Sketch(set, s.scratch)
	s.Pack(s.scratch, row)
}

// Pack writes b bits of each of the k values of a base row into row (flag word included): the
// lowest b bits of fmix32(value). The bijective re-mix makes the kept bits depend on every bit of
// the value, so bases whose low bits are weak (kminhash's low halves, the paper family's
// residues) still give uniform b-bit values.
func (s *BBit) Pack(base []uint32, row []uint32) {
	row = row[:1+s.words]
	if IsEmptyRow(base) {
		fill(row, Empty)
		return
	}
	clear(row)
	b := uint(s.b)
	mask := uint32(1)<<b - 1
	per := 32 / s.b
	data := row[1:]
	for i, v := range base[:s.k] {
		data[i/per] |= (fmix32(v) & mask) << (uint(i%per) * b)
	}
}

// fmix32 is the 32-bit finalizer of MurmurHash3, a bijection with full avalanche.
func fmix32(x uint32) uint32 {
	x ^= x >> 16
	x *= 0x85ebca6b
	x ^= x >> 13
	x *= 0xc2b2ae35
	x ^= x >> 16
	return x
}

// Value returns the b-bit value at position i of a packed row.
func (s *BBit) Value(row []uint32, i int) uint32 {
	per := 32 / s.b
	return (row[1+i/per] >> (uint(i%per) * uint(s.b))) & (uint32(1)<<uint(s.b) - 1)
}

// Matches returns the number of positions whose b-bit values are equal in two non-empty rows.
func (s *BBit) Matches(a, b []uint32) int {
	a, b = a[1:1+s.words], b[1:1+s.words]
	nonzero := 0
	for i, x := range a {
		x ^= b[i]
		for sh := 1; sh < s.b; sh <<= 1 {
			x |= x >> uint(sh)
		}
		nonzero += bits.OnesCount32(x & s.foldMask)
	}
	return s.words*32/s.b - s.pad - nonzero
}

// Estimate implements Sketcher with the corrected estimator (P - 2^-b) / (1 - 2^-b).
func (s *BBit) Estimate(a, b []uint32) float64 {
	if a[0] == Empty || b[0] == Empty {
		return 0
	}
	p := float64(s.Matches(a, b)) / float64(s.k)
	return (p - s.c) / (1 - s.c)
}

// Variance returns the variance of the estimator at similarity j (sparse limit).
func (s *BBit) Variance(j float64) float64 {
	p := s.c + (1-s.c)*j
	return p * (1 - p) / (float64(s.k) * (1 - s.c) * (1 - s.c))
}
