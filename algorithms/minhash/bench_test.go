package minhash

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// randomSet returns n distinct sorted ids drawn from a universe of 64n.
func randomSet(n int, seed uint64) []uint32 {
	r := rand.New(rand.NewPCG(seed, 99))
	seen := make(map[uint32]bool, n)
	out := make([]uint32, 0, n)
	for len(out) < n {
		x := r.Uint32N(uint32(64 * n))
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	slices.Sort(out)
	return out
}

// benchVariants are the variants of the per-element benchmarks.
var benchVariants = []string{"kminhash", "paper", "oph-optimal", "oph-fast", "oph-rotation",
	"bbit1-kminhash", "bbit4-oph-optimal", "bottomk", "superminhash", "cminhash"}

// BenchmarkSketch reports ns per element (ns/op divided by the set size is printed as ns/elem) at
// k = 128; bench/minhash_test.go has the full grid over k.
func BenchmarkSketch(b *testing.B) {
	for _, v := range benchVariants {
		for _, k := range []int{128} {
			for _, n := range []int{10, 1000} {
				b.Run(fmt.Sprintf("%s/k=%d/n=%d", v, k, n), func(b *testing.B) {
					sk, err := New(v, k, 1)
					if err != nil {
						b.Fatal(err)
					}
					sets := make([][]uint32, 16)
					for i := range sets {
						sets[i] = randomSet(n, uint64(i))
					}
					row := make([]uint32, sk.RowWords())
					b.ReportAllocs()
					b.ResetTimer()
					for i := 0; i < b.N; i++ {
						sk.Sketch(sets[i%len(sets)], row)
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/elem")
				})
			}
		}
	}
}

// BenchmarkCalibrateMixMin is the reference unit of the targets: one splitmix64 mix plus one
// minimum per element (about 1.45 ns on an unloaded core of the reference machine).
func BenchmarkCalibrateMixMin(b *testing.B) {
	set := randomSet(1000, 1)
	var sink uint64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := ^uint64(0)
		for _, x := range set {
			m = min(m, mix64(uint64(x)^uint64(i)))
		}
		sink += m
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/elem")
	if sink == 42 {
		b.Log(sink)
	}
}
