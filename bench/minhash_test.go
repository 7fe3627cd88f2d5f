package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"lshbench/algorithms/minhash"
)

// minhashVariants are the variants of the minhash benchmarks: every family, b-bit over kminhash.
var minhashVariants = []string{"kminhash", "paper", "oph-optimal", "oph-fast", "oph-rotation",
	"bbit4-kminhash", "bottomk", "superminhash", "cminhash"}

// minhashRandomSet returns n distinct sorted ids from a universe of 64n, fixed by seed.
func minhashRandomSet(n int, seed uint64) []uint32 {
	r := rand.New(rand.NewPCG(seed, 2018))
	out := make([]uint32, 0, n)
	for len(out) < n {
		out = append(out, r.Uint32N(uint32(64*n)))
		if len(out) == n {
			slices.Sort(out)
			out = slices.Compact(out)
		}
	}
	return out
}

// BenchmarkMinhashSketch measures one Sketch call per operation on one core and reports wall and
// CPU nanoseconds per element (ns/elem, cpu-ns/elem) for every variant, k in {64, 128, 256, 1024}
// and set sizes 10 and 1000.
func BenchmarkMinhashSketch(b *testing.B) {
	for _, v := range minhashVariants {
		for _, k := range []int{64, 128, 256, 1024} {
			for _, n := range []int{10, 1000} {
				b.Run(fmt.Sprintf("%s/k=%d/n=%d", v, k, n), func(b *testing.B) {
					sk, err := minhash.New(v, k, 1)
					if err != nil {
						b.Fatal(err)
					}
					sets := make([][]uint32, 64)
					for i := range sets {
						sets[i] = minhashRandomSet(n, uint64(i))
					}
					row := make([]uint32, sk.RowWords())
					i := 0
					b.ReportAllocs()
					b.ResetTimer()
					start := cpuTime()
					for b.Loop() {
						sk.Sketch(sets[i%len(sets)], row)
						i++
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/elem")
					b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/float64(n), "cpu-ns/elem")
				})
			}
		}
	}
}

// BenchmarkMinhashDBLP builds the signatures of every in-neighbourhood of com-dblp (317,080 sets,
// 2,099,732 elements) at k = 128 with two workers, per variant. Targets: kminhash under 0.5 s,
// oph-optimal under 0.15 s. cpu-ns/op is the CPU time of both cores together.
func BenchmarkMinhashDBLP(b *testing.B) {
	sets := loadDBLP(b)
	for _, v := range minhashVariants {
		b.Run(v, func(b *testing.B) {
			sk, err := minhash.New(v, 128, 1)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			start := cpuTime()
			for b.Loop() {
				if _, err := minhash.Build(context.Background(), sets, sk, 2, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e9, "s/build")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(sets.NumElems()), "ns/elem")
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

// BenchmarkMinhashCalibrate is the reference unit of the per-element targets: one splitmix64-style
// mix plus one minimum per element (about 1.45 ns on an unloaded core of the reference machine).
// Dividing a sketch's ns/elem by this figure measured in the same run factors out a loaded machine.
func BenchmarkMinhashCalibrate(b *testing.B) {
	set := minhashRandomSet(1000, 1)
	var sink uint64
	start := cpuTime()
	for i := 0; b.Loop(); i++ {
		m := ^uint64(0)
		key := uint64(i) * 0x9e3779b97f4a7c15
		for _, x := range set {
			z := uint64(x) ^ key
			z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
			z = (z ^ z>>27) * 0x94d049bb133111eb
			m = min(m, z^z>>31)
		}
		sink += m
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1000, "ns/elem")
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1000, "cpu-ns/elem")
	if sink == 42 {
		b.Log(sink)
	}
}
