package minhash

// Paper is the hash family of the reproduced paper's code ("paper"):
//
//	h_i(x) = ((a_i*x + b_i) mod 2^64 mod 3000000019) mod 3000000000
//
// with a_i a random odd 64-bit word and b_i uniform in [0, 2^33], applied to the raw element id x
// (for graphs: the dense vertex id, which follows the order of the original ids), values stored as
// uint32 and rows initialised to 2^32-1. It is kept for faithful reproduction only: affine hashes on
// consecutive ids are not min-wise independent and the estimate is biased (see the package
// documentation for the measured bias).
//
// Unlike the paper's code, the row of an empty set is marked Empty and estimates 0 against every
// row, so isolated vertices do not all collide.
type Paper struct {
	seed uint64
	k    int
	a    []uint64
	b    []uint64
}

const (
	paperPrime = 3000000019
	paperRange = 3000000000
)

func newPaper(k int, seed uint64) *Paper {
	r := newRand(seed, 2)
	s := &Paper{k: k, seed: seed, a: make([]uint64, k), b: make([]uint64, k)}
	for i := range s.a {
		s.a[i] = r.Uint64() | 1
		s.b[i] = r.Uint64N(1<<33 + 1)
	}
	return s
}

func (s *Paper) Name() string     { return "paper" }
func (s *Paper) Seed() uint64     { return s.seed }
func (s *Paper) K() int           { return s.k }
func (s *Paper) RowWords() int    { return s.k }
func (s *Paper) BytesPerRow() int { return 4 * s.k }
func (s *Paper) Clone() Sketcher  { return s }

// Sketch implements Sketcher. Values are below 3000000000 < Empty, so no capping is needed. Two
// positions at a time take their minimum over the set in registers.
func (s *Paper) Sketch(set []uint32, row []uint32) {
	row = row[:s.k]
	fill(row, Empty)
	a, b := s.a[:len(row)], s.b[:len(row)]
	i := 0
	for ; i+1 < len(row); i += 2 {
		a0, b0, a1, b1 := a[i], b[i], a[i+1], b[i+1]
		r0, r1 := row[i], row[i+1]
		for _, x := range set {
			x := uint64(x)
			r0 = min(r0, paperHash(a0*x+b0))
			r1 = min(r1, paperHash(a1*x+b1))
		}
		row[i], row[i+1] = r0, r1
	}
	if i < len(row) {
		a0, b0 := a[i], b[i]
		r0 := row[i]
		for _, x := range set {
			r0 = min(r0, paperHash(a0*uint64(x)+b0))
		}
		row[i] = r0
	}
}

// paperHash reduces (a*x + b) mod 2^64 to ((.) mod 3000000019) mod 3000000000.
func paperHash(h uint64) uint32 {
	h %= paperPrime
	if h >= paperRange {
		h -= paperRange
	}
	return uint32(h)
}

// Estimate implements Sketcher: the fraction of equal positions.
func (s *Paper) Estimate(a, b []uint32) float64 { return matchFraction(a[:s.k], b[:s.k]) }

// Merge implements Merger by element-wise minimum.
func (s *Paper) Merge(dst, a, b []uint32) { minMerge(dst[:s.k], a, b) }
