package minhash

// KMinHash is the classic k-hash minhash ("kminhash"). Each element x is mixed once,
// m = mix64(x ^ key), and the k positions keep the minima over the set of the two halves of
// ceil(k/2) products p_i = a_i*m mod 2^64, with a_i random odd 64-bit words:
//
//	h_2i(x) = p_i >> 32 (high half),   h_2i+1(x) = p_i mod 2^32 (low half).
//
// For a fixed position the values over distinct elements are distinct uniform keys mapped through
// a bijection (m -> a*m, and m_lo -> a_lo*m_lo for the low half), so each position is an exact
// min-wise sample. The two halves of one product are independent: the low half depends only on
// m's low 32 bits, while the high half contains a_lo*m_hi mod 2^32, uniform given them. An
// additive b_i is not needed because m is already uniform. One multiplication thus serves two
// positions, and the inner loop is one multiplication, two comparisons and two conditional moves
// per two positions (with a tree of minima over four elements at a time). The tests check that
// the positions are independent enough for the estimator to have variance J(1-J)/k (at k = 128
// and 1024).
//
// The low halves' lowest bits are weak (bit j of a*m mod 2^32 depends on bits 0..j only), which
// does not matter for minima; b-bit minhash re-mixes values before truncating them (see BBit).
//
// Values are uint32: two different minima collide with probability 2^-32 per position, which adds
// at most about 2^-32 to the expected estimate and is ignored.
type KMinHash struct {
	seed uint64
	k    int
	key  uint64
	a    []uint64 // ceil(k/2) odd multipliers
	ms   []uint64 // scratch: one chunk of mixed elements
}

func newKMinHash(k int, seed uint64) *KMinHash {
	r := newRand(seed, 1)
	s := &KMinHash{k: k, seed: seed, key: r.Uint64(), a: make([]uint64, (k+1)/2),
		ms: make([]uint64, kminChunk)}
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
// multiplier by multiplier (two positions), the minima over the chunk are taken in registers,
// branch-free. For the high halves the full 64-bit products are compared, which orders the high
// halves correctly. The first chunk initialises the row and the last caps it below Empty, so the
// row is written once per chunk. O(len(set) * k), no allocation.
func (s *KMinHash) Sketch(set []uint32, row []uint32) {
	row = row[:s.k]
	if len(set) == 0 {
		fill(row, Empty)
		return
	}
	key := s.key
	a := s.a
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
		// Two multipliers (four positions) per pass over the chunk: half the loads of ms.
		for ; i+1 < len(a) && 2*i+3 < len(row); i += 2 {
			minMulQuad(ms, a[i], a[i+1], (*[4]uint32)(row[2*i:2*i+4]), first, last)
		}
		for ; i < len(a); i++ {
			a0 := a[i]
			if 2*i+1 < len(row) {
				minMulPair(ms, a0, (*[2]uint32)(row[2*i:2*i+2]), first, last)
				continue
			}
			// Odd k: the last multiplier serves only its high half.
			var pair [2]uint32
			pair[0] = row[2*i]
			minMulPair(ms, a0, &pair, first, last)
			row[2*i] = pair[0]
		}
		first = false
	}
}

// Estimate implements Sketcher: the fraction of equal positions.
func (s *KMinHash) Estimate(a, b []uint32) float64 { return matchFraction(a[:s.k], b[:s.k]) }

// Merge implements Merger by element-wise minimum.
func (s *KMinHash) Merge(dst, a, b []uint32) { minMerge(dst[:s.k], a, b) }

// minMulPair lowers r[0] to the minimum over ms of the high half of a0*m and r[1] to that of the
// low half. Four elements per iteration: their products are reduced by a tree of minima before
// touching the two running minima, so the loop is bound by throughput rather than by the latency
// of the minimum chains, and stays in registers. With first, r is overwritten rather than
// lowered; with last, the values are capped below Empty.
func minMulPair(ms []uint64, a0 uint64, r *[2]uint32, first, last bool) {
	h, l := ^uint64(0), ^uint32(0)
	if !first {
		h, l = uint64(r[0])<<32|0xffffffff, r[1]
	}
	j := 0
	for ; j+3 < len(ms); j += 4 {
		p0, p1, p2, p3 := a0*ms[j], a0*ms[j+1], a0*ms[j+2], a0*ms[j+3]
		h = min(h, min(min(p0, p1), min(p2, p3)))
		l = min(l, min(min(uint32(p0), uint32(p1)), min(uint32(p2), uint32(p3))))
	}
	for ; j < len(ms); j++ {
		p := a0 * ms[j]
		h = min(h, p)
		l = min(l, uint32(p))
	}
	v := uint32(h >> 32)
	if last {
		v, l = min(v, Empty-1), min(l, Empty-1)
	}
	r[0], r[1] = v, l
}

// minMulQuad is minMulPair for two multipliers at once: r[0:2] from a0, r[2:4] from a1.
func minMulQuad(ms []uint64, a0, a1 uint64, r *[4]uint32, first, last bool) {
	h0, l0, h1, l1 := ^uint64(0), ^uint32(0), ^uint64(0), ^uint32(0)
	if !first {
		h0, l0 = uint64(r[0])<<32|0xffffffff, r[1]
		h1, l1 = uint64(r[2])<<32|0xffffffff, r[3]
	}
	j := 0
	for ; j+1 < len(ms); j += 2 {
		m0, m1 := ms[j], ms[j+1]
		p0, p1, q0, q1 := a0*m0, a0*m1, a1*m0, a1*m1
		h0 = min(h0, min(p0, p1))
		l0 = min(l0, min(uint32(p0), uint32(p1)))
		h1 = min(h1, min(q0, q1))
		l1 = min(l1, min(uint32(q0), uint32(q1)))
	}
	for ; j < len(ms); j++ {
		p, q := a0*ms[j], a1*ms[j]
		h0, l0 = min(h0, p), min(l0, uint32(p))
		h1, l1 = min(h1, q), min(l1, uint32(q))
	}
	v0, v1 := uint32(h0>>32), uint32(h1>>32)
	if last {
		v0, l0 = min(v0, Empty-1), min(l0, Empty-1)
		v1, l1 = min(v1, Empty-1), min(l1, Empty-1)
	}
	r[0], r[1], r[2], r[3] = v0, l0, v1, l1
}
