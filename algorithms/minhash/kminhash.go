package minhash

// KMinHash is the classic k-hash minhash ("kminhash"). Each element x is mixed once,
// m = mix64(x ^ key), and position i keeps the minimum over the set of
//
//	h_i(x) = (a_i*m mod 2^64) >> 32
//
// with a_i random odd 64-bit words (multiply-shift hashing applied to an already well-mixed key;
// an additive b_i is not needed because m is already uniform, and leaving it out keeps the inner
// loop at one multiplication, one comparison and one conditional move per position). For a fixed i the values over distinct elements are distinct uniform keys mapped
// through a bijection, so each position is an exact min-wise sample; the tests check that the
// positions are also independent enough for the estimator to have variance J(1-J)/k.
//
// Values are uint32: two different minima collide with probability 2^-32 per position, which adds
// at most about 2^-32 to the expected estimate and is ignored.
type KMinHash struct {
	seed uint64
	k    int
	key  uint64
	a    []uint64
	ms   []uint64 // scratch: one chunk of mixed elements
}

func newKMinHash(k int, seed uint64) *KMinHash {
	r := newRand(seed, 1)
	s := &KMinHash{k: k, seed: seed, key: r.Uint64(), a: make([]uint64, k), ms: make([]uint64, kminChunk)}
	for i := range s.a {
		s.a[i] = r.Uint64() | 1
	}
	return s
}

func (s *KMinHash) Name() string     { return "kminhash" }
func (s *KMinHash) Seed() uint64     { return s.seed }
func (s *KMinHash) K() int           { return s.k }
func (s *KMinHash) RowWords() int    { return s.k }
func (s *KMinHash) BytesPerRow() int { return 4 * s.k }

// Clone implements Sketcher: the multipliers are shared, the scratch chunk is not.
func (s *KMinHash) Clone() Sketcher {
	c := *s
	c.ms = make([]uint64, kminChunk)
	return &c
}

// kminChunk is the number of mixed elements Sketch keeps at a time.
const kminChunk = 256

// Sketch implements Sketcher. Elements are mixed in chunks of kminChunk into a scratch array; then,
// position by position, the minimum of the 64-bit products a_i*m over the chunk is taken in
// registers (three positions at a time, branch-free), and its high 32 bits are the value. Comparing
// the 64-bit values orders the high halves correctly, so this equals the minimum of h_i. The first
// chunk initialises the row and the last caps it below Empty, so the row is written once per
// chunk. O(len(set) * k), no allocation.
func (s *KMinHash) Sketch(set []uint32, row []uint32) {
	row = row[:s.k]
	if len(set) == 0 {
		fill(row, Empty)
		return
	}
	key := s.key
	a := s.a[:len(row)]
	first := true
	for len(set) > 0 {
		n := min(len(set), kminChunk)
		ms := s.ms[:n]
		for j, x := range set[:n] {
			ms[j] = mix64(uint64(x) ^ key)
		}
		set = set[n:]
		last := len(set) == 0
		i := 0
		for ; i+2 < len(row); i += 3 {
			minMul3(ms, (*[3]uint64)(a[i:i+3]), (*[3]uint32)(row[i:i+3]), first, last)
		}
		for ; i < len(row); i++ {
			a0 := a[i]
			r0 := ^uint64(0)
			if !first {
				r0 = uint64(row[i])<<32 | 0xffffffff
			}
			for _, m := range ms {
				r0 = min(r0, a0*m)
			}
			row[i] = uint32(r0 >> 32)
			if last {
				row[i] = min(row[i], Empty-1)
			}
		}
		first = false
	}
}

// Estimate implements Sketcher: the fraction of equal positions.
func (s *KMinHash) Estimate(a, b []uint32) float64 { return matchFraction(a[:s.k], b[:s.k]) }

// Merge implements Merger by element-wise minimum.
func (s *KMinHash) Merge(dst, a, b []uint32) { minMerge(dst[:s.k], a, b) }

// minMul3 lowers r[p] to the high half of the minimum over ms of a[p]*m, for three positions at
// once: three independent branch-free minimum chains, which is as many as the Go compiler keeps in
// registers without spilling in the loop. With first, r is overwritten rather than lowered; with
// last, the values are capped below Empty.
func minMul3(ms []uint64, a *[3]uint64, r *[3]uint32, first, last bool) {
	a0, a1, a2 := a[0], a[1], a[2]
	r0, r1, r2 := ^uint64(0), ^uint64(0), ^uint64(0)
	if !first {
		r0 = uint64(r[0])<<32 | 0xffffffff
		r1 = uint64(r[1])<<32 | 0xffffffff
		r2 = uint64(r[2])<<32 | 0xffffffff
	}
	for _, m := range ms {
		r0 = min(r0, a0*m)
		r1 = min(r1, a1*m)
		r2 = min(r2, a2*m)
	}
	v0, v1, v2 := uint32(r0>>32), uint32(r1>>32), uint32(r2>>32)
	if last {
		v0, v1, v2 = min(v0, Empty-1), min(v1, Empty-1), min(v2, Empty-1)
	}
	r[0], r[1], r[2] = v0, v1, v2
}
