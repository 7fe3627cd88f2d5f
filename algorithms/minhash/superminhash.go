package minhash

// SuperMinHash is Ertl's SuperMinHash (2017) ("superminhash"). Each element d draws, from a
// generator seeded by mix64(d ^ key), a random permutation p of the k positions (incrementally, by
// Fisher-Yates swaps) and uniforms r_j; position p(j) receives the value j + r_j, and each position
// keeps its minimum over the set. Because the integer parts j of one element's values are distinct,
// the positions are negatively correlated and the variance of the match fraction is below the
// k-hash J(1-J)/k when |A u B| is small relative to k. An element stops as soon as j exceeds the
// largest integer part still present in the row (tracked by a histogram), which makes the expected
// cost O(n + k log^2 k).
//
// Values are stored as uint32 fixed point: j in the high bitLen(k) bits, the top bits of r_j below
// (at least 16 bits of r_j for k <= MaxK), capped below Empty. The fixed point is monotone, so rows
// are element-wise minima of per-element values and merge by element-wise minimum.
type SuperMinHash struct {
	seed  uint64
	k     int
	key   uint64
	shift uint
	// scratch
	p     []uint32
	stamp []uint32
	hist  []int32
	cur   uint32
}

func newSuperMinHash(k int, seed uint64) *SuperMinHash {
	r := newRand(seed, 7)
	s := newSuperMinHashKey(k, r.Uint64())
	s.seed = seed
	return s
}

func (s *SuperMinHash) Name() string     { return "superminhash" }
func (s *SuperMinHash) Seed() uint64     { return s.seed }
func (s *SuperMinHash) K() int           { return s.k }
func (s *SuperMinHash) RowWords() int    { return s.k }
func (s *SuperMinHash) BytesPerRow() int { return 4 * s.k }

// Clone implements Sketcher: a copy with its own scratch.
func (s *SuperMinHash) Clone() Sketcher {
	c := newSuperMinHashKey(s.k, s.key)
	c.seed = s.seed
	return c
}

func newSuperMinHashKey(k int, key uint64) *SuperMinHash {
	return &SuperMinHash{k: k, key: key, shift: 32 - bitLen(k),
		p: make([]uint32, k), stamp: make([]uint32, k), hist: make([]int32, k)}
}

// floor returns the integer part j of a stored value (Empty counts as k-1).
func (s *SuperMinHash) floor(v uint32) int {
	if s.shift == 32 {
		return 0
	}
	return min(int(v>>s.shift), s.k-1)
}

// Sketch implements Sketcher.
func (s *SuperMinHash) Sketch(set []uint32, row []uint32) {
	k := s.k
	row = row[:k]
	fill(row, Empty)
	if len(set) == 0 {
		return
	}
	hist := s.hist[:k]
	clear(hist)
	hist[k-1] = int32(k)
	a := k - 1
	p, stamp := s.p[:k], s.stamp[:k]
	for _, d := range set {
		s.cur++
		if s.cur == 0 { // stamp wrap-around: forget all stamps
			clear(stamp)
			s.cur = 1
		}
		cur := s.cur
		state := mix64(uint64(d) ^ s.key)
		shift := s.shift
		for j := 0; j <= a; j++ {
			state += 0x9e3779b97f4a7c15
			z := mix64(state)
			rj := uint32(z)
			m := j + fastRange(uint32(z>>32), k-j)
			// Fisher-Yates step on the lazily initialised permutation p (an entry not stamped
			// for this element holds its own index), branch-free. p[j] is never read again after
			// step j (later steps touch indices above j), so only p[m] is written.
			pj, pm := p[j], p[m]
			if stamp[j] != cur {
				pj = uint32(j)
			}
			if stamp[m] != cur {
				pm = uint32(m)
			}
			p[m], stamp[m] = pj, cur
			pos := pm
			// Fixed point j + r_j; shift is 32 only for k = 1, where j = 0.
			v := min(uint32(uint64(j)<<shift|uint64(rj>>(32-shift))), Empty-1)
			if v < row[pos] {
				old := s.floor(row[pos])
				row[pos] = v
				if j < old {
					hist[old]--
					hist[j]++
					for hist[a] == 0 {
						a--
					}
				}
			}
		}
	}
}

// Estimate implements Sketcher: the fraction of equal positions.
func (s *SuperMinHash) Estimate(a, b []uint32) float64 { return matchFraction(a[:s.k], b[:s.k]) }

// Merge implements Merger by element-wise minimum.
func (s *SuperMinHash) Merge(dst, a, b []uint32) { minMerge(dst[:s.k], a, b) }
