package lsh

import (
	"math"
	"math/rand/v2"
	"slices"
)

// splitmix64 is the splitmix64 output function, a strong 64-bit mixer.
func splitmix64(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// testSketch writes a k-hash minhash of set into row: position i keeps the minimum of the top 32
// bits of splitmix64(x ^ key_i), with key_i drawn from seed. Empty sets get an all-max row (and
// are flagged empty by the caller).
func testSketch(set []uint32, seed uint64, row []uint32) {
	for i := range row {
		row[i] = math.MaxUint32
	}
	for i := range row {
		key := splitmix64(seed*0x100000001b3 + uint64(i))
		m := uint32(math.MaxUint32)
		for _, x := range set {
			if h := uint32(splitmix64(uint64(x)^key) >> 32); h < m {
				m = h
			}
		}
		row[i] = m
	}
}

// sketchAll returns the FlatRows of sets under one seed.
func sketchAll(sets [][]uint32, k int, seed uint64) *FlatRows {
	vals := make([]uint32, len(sets)*k)
	empty := make([]bool, len(sets))
	for i, s := range sets {
		testSketch(s, seed, vals[i*k:(i+1)*k])
		empty[i] = len(s) == 0
	}
	r, _ := NewFlatRows(vals, k, empty)
	return r
}

// pairWithJ returns two sets with exactly c shared elements out of a union of u, drawn from
// fresh ids starting at base (the split of the other u-c elements is random).
func pairWithJ(rng *rand.Rand, base uint32, u, c int) (a, b []uint32) {
	ids := make([]uint32, u)
	for i := range ids {
		ids[i] = base + uint32(i)
	}
	rng.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	x := rng.IntN(u - c + 1)
	a = append(slices.Clone(ids[:c]), ids[c:c+x]...)
	b = append(slices.Clone(ids[:c]), ids[c+x:]...)
	slices.Sort(a)
	slices.Sort(b)
	return a, b
}

// jaccard is the exact Jaccard similarity of two sorted sets (0 if either is empty).
func jaccard(a, b []uint32) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	i, j, c := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			c++
			i++
			j++
		}
	}
	return float64(c) / float64(len(a)+len(b)-c)
}

// wilson returns the Wilson score interval of x successes in n trials at z standard deviations.
func wilson(x, n int, z float64) (lo, hi float64) {
	p := float64(x) / float64(n)
	nn := float64(n)
	d := 1 + z*z/nn
	c := (p + z*z/(2*nn)) / d
	h := z * math.Sqrt(p*(1-p)/nn+z*z/(4*nn*nn)) / d
	return c - h, c + h
}

// randomRows returns n rows of k values drawn from [0, alpha) (small alphabets make bands
// collide), with every emptyEvery-th row flagged empty (0: none).
func randomRows(rng *rand.Rand, n, k, alpha, emptyEvery int) *FlatRows {
	vals := make([]uint32, n*k)
	for i := range vals {
		vals[i] = uint32(rng.IntN(alpha))
	}
	empty := make([]bool, n)
	if emptyEvery > 0 {
		for i := 0; i < n; i += emptyEvery {
			empty[i] = true
			for j := i * k; j < (i+1)*k; j++ {
				vals[j] = math.MaxUint32
			}
		}
	}
	r, _ := NewFlatRows(vals, k, empty)
	return r
}
