package lsh

import (
	"math"
	"math/rand/v2"
	"slices"

	"lshbench/algorithms/minhash"
)

// sketcher returns the project's classic k-hash minhash with the given seed.
func sketcher(k int, seed uint64) minhash.Sketcher {
	sk, err := minhash.New("kminhash", k, seed)
	if err != nil {
		panic(err)
	}
	return sk
}

// sketchAll returns the rows of sets under one kminhash seed; empty sets get minhash's all-Empty
// row and are recognised by its sentinel.
func sketchAll(sets [][]uint32, k int, seed uint64) *SentinelRows {
	sk := sketcher(k, seed)
	vals := make([]uint32, len(sets)*k)
	for i, s := range sets {
		sk.Sketch(s, vals[i*k:(i+1)*k])
	}
	r, _ := NewSentinelRows(vals, k, minhash.Empty)
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
