package minhash

// CMinHash is C-MinHash-(sigma, pi) (Li and Li 2021) ("cminhash"): an initial permutation sigma
// breaks the structure of the ids, then position i uses the permutation pi shifted circularly by
// i:
//
//	h_i(x) = pi(sigma(x) + i mod 2^32)
//
// Both permutations are keyed bijections of the 32-bit universe (perm32), so the universe need not
// be known in advance. Without sigma, contiguous ids make the shifted positions strongly correlated
// (the error explodes); with it the estimator is unbiased with variance at most J(1-J)/k. On sparse
// sets over a large universe, such as graph neighbourhoods, the shifted positions rarely interact
// and C-MinHash behaves like k-hash minhash with two permutations instead of k.
type CMinHash struct {
	seed           uint64
	k              int
	s1, s2, p1, p2 uint32
}

func newCMinHash(k int, seed uint64) *CMinHash {
	r := newRand(seed, 8)
	return &CMinHash{k: k, seed: seed, s1: r.Uint32(), s2: r.Uint32(), p1: r.Uint32(), p2: r.Uint32()}
}

func (s *CMinHash) Name() string     { return "cminhash" }
func (s *CMinHash) Seed() uint64     { return s.seed }
func (s *CMinHash) K() int           { return s.k }
func (s *CMinHash) RowWords() int    { return s.k }
func (s *CMinHash) BytesPerRow() int { return 4 * s.k }
func (s *CMinHash) Clone() Sketcher  { return s }

// Sketch implements Sketcher.
func (s *CMinHash) Sketch(set []uint32, row []uint32) {
	row = row[:s.k]
	fill(row, Empty)
	if len(set) == 0 {
		return
	}
	p1, p2 := s.p1, s.p2
	for _, x := range set {
		y := perm32(x, s.s1, s.s2)
		for i := range row {
			h := perm32(y+uint32(i), p1, p2)
			if h < row[i] {
				row[i] = h
			}
		}
	}
	capRow(row)
}

// Estimate implements Sketcher: the fraction of equal positions.
func (s *CMinHash) Estimate(a, b []uint32) float64 { return matchFraction(a[:s.k], b[:s.k]) }

// Merge implements Merger by element-wise minimum.
func (s *CMinHash) Merge(dst, a, b []uint32) { minMerge(dst[:s.k], a, b) }
