package minhash

import "slices"

// BottomK is the bottom-k sketch ("bottomk"): the k smallest distinct values of one hash function
// h(x) = high 32 bits of mix64(x ^ key), sorted ascending, padded with Empty when the set has fewer
// than k elements.
//
// Estimator: let S be the k smallest distinct values of the union of the two rows; S is the bottom-k
// of A u B, a uniform sample without replacement of min(k, |A u B|) elements of the union, and an
// element of S lies in A n B exactly when it appears in both rows. So J = |S n A n B| / |S| is
// unbiased with hypergeometric variance J(1-J)/k * (n-k)/(n-1), n = |A u B|, and exact when
// n <= k. Two elements of one set share a 32-bit value with probability about |S|^2 / 2^33; such a
// collision counts the pair once.
//
// Positions of bottom-k rows are not aligned hash functions (position i holds the i-th smallest
// value), so banding them is not locality-sensitive hashing; use the row for estimation only.
type BottomK struct {
	seed uint64
	k    int
	key  uint64
}

func newBottomK(k int, seed uint64) *BottomK {
	r := newRand(seed, 6)
	return &BottomK{k: k, seed: seed, key: r.Uint64()}
}

func (s *BottomK) Name() string     { return "bottomk" }
func (s *BottomK) Seed() uint64     { return s.seed }
func (s *BottomK) K() int           { return s.k }
func (s *BottomK) RowWords() int    { return s.k }
func (s *BottomK) BytesPerRow() int { return 4 * s.k }
func (s *BottomK) Clone() Sketcher  { return s }

func (s *BottomK) hash(x uint32) uint32 { return cap32(uint32(mix64(uint64(x)^s.key) >> 32)) }

// Sketch implements Sketcher. The row itself serves as a max-heap of the k smallest values seen,
// so no scratch is needed: O(len(set) log k) worst case, O(len(set) + k log k) expected.
func (s *BottomK) Sketch(set []uint32, row []uint32) {
	row = row[:s.k]
	fill(row, Empty)
	n := 0
	for _, x := range set {
		v := s.hash(x)
		if n < len(row) {
			row[n] = v
			siftUp(row, n)
			n++
			continue
		}
		if v < row[0] {
			row[0] = v
			siftDown(row, 0, n)
		}
	}
	heap := row[:n]
	slices.Sort(heap)
	// Remove 32-bit collisions (equal values) and pad.
	w := 0
	for i, v := range heap {
		if i == 0 || v != heap[i-1] {
			heap[w] = v
			w++
		}
	}
	fill(row[w:], Empty)
}

func siftUp(h []uint32, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if h[p] >= h[i] {
			return
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

func siftDown(h []uint32, i, n int) {
	for {
		c := 2*i + 1
		if c >= n {
			return
		}
		if c+1 < n && h[c+1] > h[c] {
			c++
		}
		if h[i] >= h[c] {
			return
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
}

// Estimate implements Sketcher. O(k).
func (s *BottomK) Estimate(a, b []uint32) float64 {
	a, b = a[:s.k], b[:s.k]
	if a[0] == Empty || b[0] == Empty {
		return 0
	}
	i, j, taken, both := 0, 0, 0, 0
	for taken < s.k {
		x, y := Empty, Empty
		if i < len(a) {
			x = a[i]
		}
		if j < len(b) {
			y = b[j]
		}
		if x == Empty && y == Empty {
			break
		}
		switch {
		case x < y:
			i++
		case y < x:
			j++
		default:
			both++
			i++
			j++
		}
		taken++
	}
	return float64(both) / float64(taken)
}

// Merge implements Merger: the k smallest distinct values of the two rows.
func (s *BottomK) Merge(dst, a, b []uint32) {
	var buf [256]uint32
	// Merge into a temporary when dst aliases an input; small k uses the stack.
	var out []uint32
	if s.k <= len(buf) {
		out = buf[:s.k]
	} else {
		out = make([]uint32, s.k)
	}
	a, b = a[:s.k], b[:s.k]
	i, j := 0, 0
	for n := range out {
		x, y := Empty, Empty
		if i < len(a) {
			x = a[i]
		}
		if j < len(b) {
			y = b[j]
		}
		switch {
		case x < y:
			out[n] = x
			i++
		case y < x:
			out[n] = y
			j++
		default:
			out[n] = x
			i++
			j++
		}
	}
	copy(dst[:s.k], out)
}
