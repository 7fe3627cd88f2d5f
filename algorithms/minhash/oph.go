package minhash

import "math/bits"

// OPH is one-permutation hashing (Li, Owen and Zhang 2012) with a densification scheme
// ("oph-optimal", "oph-fast", "oph-rotation"). One hash per element, h = mix64(x ^ key): its high
// 32 bits choose one of k bins (by multiply-shift range reduction), its low 32 bits are the value,
// and each bin keeps its minimum value. Bins left empty by a small set are then filled
// (densified) from non-empty bins, consistently across sets, so that the fraction of equal bins
// estimates J:
//
//   - optimal (Shrivastava 2017): empty bin j takes the value of the first non-empty bin in a
//     seeded random order of the bins that depends on j only. For k <= ophTableMax the orders are
//     precomputed permutations (built once by New: k*k uint16 bin orders plus k*k uint32 rank
//     keys, 6 MB at k = 1024). When few bins are full, the source of every empty bin is found at
//     once by an element-wise minimum of rank keys over the non-empty bins, O(k * ne); when many
//     are, each empty bin walks its order (its first 8 entries kept in a compact table),
//     expected (k+1)/(ne+1) steps. Both give the same row. For larger k, j probes a seeded hash
//     sequence of bins (with replacement), which has the same distribution.
//   - fast (Mai et al. 2019): in rounds r = 0, 1, ..., every originally non-empty bin i throws its
//     value at the bin hash(i, r); an empty bin keeps the first value that lands on it. Expected
//     O(k log k) per set. The targets of the first rounds are cached in a table built by New.
//   - rotation (Shrivastava and Li 2014): empty bin j takes the value of the nearest non-empty bin
//     to its right (circularly) at distance t, re-hashed with t (the hash stands for the paper's
//     offset t*C, which does not fit in 32 bits). Kept for comparison: its error on small sets is
//     several times that of the other two.
//
// Densified rows are not mergeable; the raw bins are: MergeBins(SketchBins(A), SketchBins(B)) ==
// SketchBins(A u B), and Densify of that equals Sketch(A u B).
type OPH struct {
	p *ophParams
	// scratch
	src  []uint32 // originally non-empty bins
	from []uint32 // running minimum keys of optimal densification
	emp  []uint32 // originally empty bins
	occ  []uint64 // bitmap of originally non-empty bins
}

type densify uint8

const (
	densifyOptimal densify = iota
	densifyFast
	densifyRotation
)

// ophTableMax is the largest k for which optimal densification precomputes its bin orders.
const ophTableMax = 1024

type ophParams struct {
	seed     uint64
	mode     densify
	k        int
	key      uint64
	densKey  uint64
	perm     []uint16 // perm[j*k+r]: the r-th bin in the order of bin j
	keys     []uint32 // keys[t*k+j]: the position of bin t in the order of bin j << 16 | t
	prefix   []uint16 // prefix[j*ophPrefix+r] = perm[j*k+r] for r < ophPrefix
	useTable bool
	// fast densification: fastTab[r*k+i] caches the target bin of source i in round r < fastRounds
	fastTab    []uint16
	fastRounds int
	// fastInv inverts fastTab per round: the sources of target t in round r are
	// fastInvSrc[r*k+fastInvOff[r*(k+1)+t] : r*k+fastInvOff[r*(k+1)+t+1]], ascending.
	fastInvOff []uint32
	fastInvSrc []uint16
}

func newOPH(mode densify, k int, seed uint64) *OPH {
	r := newRand(seed, 3+uint64(mode))
	p := &ophParams{seed: seed, mode: mode, k: k, key: r.Uint64(), densKey: r.Uint64()}
	if mode == densifyOptimal && k <= ophTableMax {
		p.useTable = true
		p.perm = make([]uint16, k*k)
		p.keys = make([]uint32, k*k)
		for j := 0; j < k; j++ {
			perm := p.perm[j*k : (j+1)*k]
			for t := range perm {
				perm[t] = uint16(t)
			}
			r.Shuffle(k, func(x, y int) { perm[x], perm[y] = perm[y], perm[x] })
			for pos, t := range perm {
				p.keys[int(t)*k+j] = uint32(pos)<<16 | uint32(t)
			}
		}
		p.prefix = make([]uint16, k*ophPrefix)
		for j := 0; j < k; j++ {
			for r := 0; r < ophPrefix; r++ {
				// Orders shorter than ophPrefix (k < 8) repeat their last entry.
				p.prefix[j*ophPrefix+r] = p.perm[j*k+min(r, k-1)]
			}
		}
	}
	if mode == densifyFast && k <= 1<<16 {
		p.fastRounds = min(1024, max(16, (1<<16)/k))
		p.fastTab = make([]uint16, p.fastRounds*k)
		for r := 0; r < p.fastRounds; r++ {
			for i := 0; i < k; i++ {
				p.fastTab[r*k+i] = uint16(p.fastTarget(uint32(i), uint64(r)))
			}
		}
		p.fastInvOff = make([]uint32, p.fastRounds*(k+1))
		p.fastInvSrc = make([]uint16, p.fastRounds*k)
		for r := 0; r < p.fastRounds; r++ {
			off, tab := p.fastInvOff[r*(k+1):(r+1)*(k+1)], p.fastTab[r*k:(r+1)*k]
			for _, t := range tab {
				off[t+1]++
			}
			for t := 0; t < k; t++ {
				off[t+1] += off[t]
			}
			pos := make([]uint32, k)
			copy(pos, off[:k])
			for i, t := range tab { // ascending i: each target's sources come out sorted
				p.fastInvSrc[r*k+int(pos[t])] = uint16(i)
				pos[t]++
			}
		}
	}
	return newOPHScratch(p)
}

func newOPHScratch(p *ophParams) *OPH {
	return &OPH{p: p, src: make([]uint32, p.k), emp: make([]uint32, p.k), from: make([]uint32, p.k),
		occ: make([]uint64, (p.k+63)/64)}
}

// minInto lowers dst[j] to src[j] where smaller.
func minInto(dst, src []uint32) {
	src = src[:len(dst)]
	for j, v := range src {
		dst[j] = min(dst[j], v)
	}
}

// minInto2 lowers dst[j] to the smaller of a[j] and b[j] where smaller: two rows per pass over
// dst.
func minInto2(dst, a, b []uint32) {
	a, b = a[:len(dst)], b[:len(dst)]
	for j, v := range dst {
		dst[j] = min(v, a[j], b[j])
	}
}

// fastTarget is the bin source bin i throws its value at in round r of fast densification.
func (p *ophParams) fastTarget(i uint32, r uint64) int {
	return fastRange(uint32(mix64(p.densKey^uint64(i)<<32^r)>>32), p.k)
}

func (s *OPH) Name() string {
	switch s.p.mode {
	case densifyFast:
		return "oph-fast"
	case densifyRotation:
		return "oph-rotation"
	}
	return "oph-optimal"
}
func (s *OPH) Seed() uint64     { return s.p.seed }
func (s *OPH) K() int           { return s.p.k }
func (s *OPH) RowWords() int    { return s.p.k }
func (s *OPH) BytesPerRow() int { return 4 * s.p.k }

// Clone implements Sketcher: the bin orders are shared, the scratch is not.
func (s *OPH) Clone() Sketcher {
	return newOPHScratch(s.p)
}

// Sketch implements Sketcher: SketchBins then Densify.
func (s *OPH) Sketch(set []uint32, row []uint32) {
	s.SketchBins(set, row)
	s.Densify(row)
}

// SketchBins writes the un-densified bins of set into row: the minimum value per bin, Empty for
// bins no element fell into. O(len(set) + k).
func (s *OPH) SketchBins(set []uint32, row []uint32) {
	k := s.p.k
	row = row[:k]
	fill(row, Empty)
	key := s.p.key
	for _, x := range set {
		h := mix64(uint64(x) ^ key)
		bin := fastRange(uint32(h>>32), k)
		// Unconditional store of the minimum: whether a bin improves is unpredictable.
		row[bin] = min(row[bin], cap32(uint32(h)))
	}
}

// MergeBins writes into dst the bins of A u B given the un-densified bins of A and B.
func (s *OPH) MergeBins(dst, a, b []uint32) { minMerge(dst[:s.p.k], a, b) }

// Densify fills the empty bins of a row produced by SketchBins (or MergeBins); a row with no
// non-empty bin (an empty set) is left all Empty.
func (s *OPH) Densify(row []uint32) {
	k := s.p.k
	row = row[:k]
	// Branch-free collection of the non-empty (src) and empty (emp) bins: about half the bins are
	// empty when the set size is near k, so a branch would be unpredictable.
	src, emp := s.src[:k], s.emp[:k]
	n, m := 0, 0
	for i, v := range row {
		src[n] = uint32(i)
		emp[m] = uint32(i)
		inc := 0
		if v != Empty {
			inc = 1
		}
		n += inc
		m += 1 - inc
	}
	src, emp = src[:n], emp[:m]
	if n == 0 || m == 0 {
		return
	}
	switch s.p.mode {
	case densifyOptimal:
		s.densifyOptimal(row, src, emp)
	case densifyFast:
		s.densifyFast(row, src, emp)
	case densifyRotation:
		densifyRotate(row, emp, s.from[:k], s.p.densKey)
	}
}

// ophPrefix is the number of leading entries of each bin's order kept in a compact table, so
// that the walk of a nearly full row stays in cache; the full order is consulted only when all of
// them are empty.
const ophPrefix = 8

func (s *OPH) densifyOptimal(row, src, emp []uint32) {
	p := s.p
	k := p.k
	if p.useTable && len(src)*len(src) <= 2*k {
		// Few non-empty bins: the source of j is the non-empty bin of least rank in j's order.
		// keys[t*k+j] = rank of t in j's order << 16 | t, so a running element-wise minimum over
		// the non-empty bins t, on contiguous rows, yields every bin's source at once.
		// O(k * ne), branch-free.
		best := s.from[:k]
		copy(best, p.keys[int(src[0])*k:int(src[0]+1)*k])
		rest := src[1:]
		for ; len(rest) >= 2; rest = rest[2:] {
			t, u := int(rest[0]), int(rest[1])
			minInto2(best, p.keys[t*k:(t+1)*k], p.keys[u*k:(u+1)*k])
		}
		if len(rest) == 1 {
			minInto(best, p.keys[int(rest[0])*k:int(rest[0]+1)*k])
		}
		for _, j := range emp {
			row[j] = row[best[j]&0xffff]
		}
		return
	}
	// Many non-empty bins: walk j's order, expected (k+1)/(ne+1) steps per empty bin, testing
	// a bitmap of the originally non-empty bins so that bins can be filled in place.
	occ := s.occ[:(k+63)/64]
	clear(occ)
	for _, t := range src {
		occ[t>>6] |= 1 << (t & 63)
	}
	for _, j := range emp {
		if p.useTable {
			// The first non-empty bin among the first ophPrefix of j's order, found
			// branch-free as the lowest set bit of a mask.
			pre := (*[ophPrefix]uint16)(p.prefix[int(j)*ophPrefix:])
			mask := uint(0)
			for r, t := range pre {
				mask |= uint(occ[t>>6]>>(t&63)&1) << r
			}
			if mask != 0 {
				row[j] = row[pre[bits.TrailingZeros(mask)]]
				continue
			}
			for _, t := range p.perm[int(j)*k+min(ophPrefix, k) : int(j+1)*k] {
				if occ[t>>6]&(1<<(t&63)) != 0 {
					row[j] = row[t]
					break
				}
			}
			continue
		}
		// Large k: probe a seeded hash sequence of bins (with replacement).
		base := p.densKey ^ uint64(j)<<32
		for a := uint64(0); ; a++ {
			if t := fastRange(uint32(mix64(base^a)>>32), k); occ[t>>6]&(1<<(t&63)) != 0 {
				row[j] = row[t]
				break
			}
		}
	}
}

func (s *OPH) densifyFast(row, src, emp []uint32) {
	p := s.p
	k := p.k
	left := len(emp)
	r := 0
	// Rounds cached in the table, thrown forward while many bins are still empty.
	for ; left > 0 && r < p.fastRounds && 4*left >= len(src); r++ {
		tab := p.fastTab[r*k : (r+1)*k]
		for _, i := range src {
			// Branch-free: whether the target is still empty is unpredictable.
			t := tab[i]
			cur, v := row[t], row[i]
			filled := 0
			if cur == Empty {
				cur = v
				filled = 1
			}
			row[t] = cur
			left -= filled
		}
	}
	if left > 0 && r < p.fastRounds {
		// Few bins left: in each round, an empty bin takes the value of the first (lowest)
		// originally non-empty source thrown at it, which the inverted table finds directly, so a
		// round costs O(bins left) instead of O(sources). The result is the same as throwing.
		occ := s.occ[:(k+63)/64]
		clear(occ)
		for _, i := range src {
			occ[i>>6] |= 1 << (i & 63)
		}
		rem := emp[:0]
		for _, t := range emp {
			if row[t] == Empty {
				rem = append(rem, t)
			}
		}
		for ; len(rem) > 0 && r < p.fastRounds; r++ {
			off, ids := p.fastInvOff[r*(k+1):(r+1)*(k+1)], p.fastInvSrc[r*k:(r+1)*k]
			w := 0
			for _, t := range rem {
				filled := false
				for _, i := range ids[off[t]:off[t+1]] {
					if occ[i>>6]>>(i&63)&1 != 0 {
						row[t] = row[i]
						filled = true
						break
					}
				}
				if !filled {
					rem[w] = t
					w++
				}
			}
			rem = rem[:w]
		}
		left = len(rem)
	}
	for ; left > 0; r++ {
		for _, i := range src {
			if t := p.fastTarget(i, uint64(r)); row[t] == Empty {
				row[t] = row[i]
				left--
			}
		}
	}
}

// densifyRotate fills each empty bin from the nearest originally non-empty bin to its right
// (circularly), re-hashing the value with the distance. A branch-free backward pass over two laps
// records each bin's distance to the next non-empty bin in dist; then each empty bin is filled.
func densifyRotate(row, emp, dist []uint32, key uint64) {
	k := len(row)
	dist = dist[:k]
	srcPos := 2 * k
	for j := 2*k - 1; j >= 0; j-- {
		idx := j
		if j >= k {
			idx = j - k
		}
		p := srcPos
		if row[idx] != Empty {
			p = j
		}
		srcPos = p
		dist[idx] = uint32(srcPos - j)
	}
	for _, j := range emp {
		t := dist[j]
		src := int(j) + int(t)
		if src >= k {
			src -= k
		}
		row[j] = cap32(uint32(mix64(key^uint64(row[src])<<32^uint64(t)) >> 32))
	}
}

// Estimate implements Sketcher: the fraction of equal bins.
func (s *OPH) Estimate(a, b []uint32) float64 { return matchFraction(a[:s.p.k], b[:s.p.k]) }
