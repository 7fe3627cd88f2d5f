package expand

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"lshbench/datasets"
)

const benchK = 128

// sigSim estimates Jaccard as the fraction of equal positions of k = 128 uint32 signatures, the
// work a minhash-backed Similarity does per pair.
type sigSim struct{ sig []uint32 }

func (s sigSim) Sim(a, b uint32) float64 {
	x := s.sig[int(a)*benchK : int(a)*benchK+benchK]
	y := s.sig[int(b)*benchK : int(b)*benchK+benchK]
	eq := uint64(0)
	for i := range x {
		eq += (uint64(x[i]^y[i]) - 1) >> 63 // 1 when equal, branch-free
	}
	return float64(eq) / benchK
}

type sigRowSim struct{ sigSim }

func (s sigRowSim) SimRow(a uint32, bs []uint32, dst []float64) {
	for i, b := range bs {
		dst[i] = s.Sim(a, b)
	}
}

// benchSignatures gives n signatures over a small alphabet, so that estimated similarities
// spread over [0, 1] (about 0.25 on average).
func benchSignatures(n int) sigSim {
	rng := rand.New(rand.NewPCG(7, 7))
	sig := make([]uint32, n*benchK)
	for i := range sig {
		sig[i] = rng.Uint32N(4)
	}
	return sigSim{sig}
}

func benchQuery(b *testing.B, c int) *Query {
	items := make([]uint32, c)
	for i := range items {
		items[i] = uint32(i)
	}
	q, err := NewQuery(items, []uint32{3, 17, 101, 500, 999})
	if err != nil {
		b.Fatal(err)
	}
	return q
}

func BenchmarkMinRank(b *testing.B) {
	ctx := context.Background()
	for _, c := range []int{1000, 5000} {
		sim := benchSignatures(c)
		q := benchQuery(b, c)
		var m *Matrix
		for _, size := range []int{100, 500} {
			limit := size - len(q.Seeds())
			b.Run(fmt.Sprintf("c=%d/m=%d/sim", c, size), func(b *testing.B) {
				for b.Loop() {
					if _, err := MinRank(ctx, q, sim, limit); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("c=%d/m=%d/rowsim", c, size), func(b *testing.B) {
				for b.Loop() {
					if _, err := MinRank(ctx, q, sigRowSim{sim}, limit); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("c=%d/m=%d/matrix", c, size), func(b *testing.B) {
				if m == nil {
					m = mustMatrix(b, q, sim)
				}
				b.ResetTimer()
				for b.Loop() {
					if _, err := MinRankMatrix(ctx, m, limit); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkAverage(b *testing.B) {
	ctx := context.Background()
	for _, c := range []int{1000, 5000} {
		sim := benchSignatures(c)
		q := benchQuery(b, c)
		b.Run(fmt.Sprintf("c=%d/sim", c), func(b *testing.B) {
			for b.Loop() {
				if _, err := Average(ctx, q, sim, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkMatrix(b *testing.B) {
	ctx := context.Background()
	for _, c := range []int{1000, 5000} {
		sim := benchSignatures(c)
		q := benchQuery(b, c)
		var m *Matrix
		b.Run(fmt.Sprintf("c=%d/build", c), func(b *testing.B) {
			for b.Loop() {
				m = mustMatrix(b, q, sim)
			}
		})
		b.Run(fmt.Sprintf("c=%d/ppr", c), func(b *testing.B) {
			if m == nil {
				m = mustMatrix(b, q, sim)
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := PPR(ctx, m, PPROptions{}, 0); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPush runs push from 5 seeds of one planted community of a synthetic graph of 100,000
// vertices (communities of 100, mean degree about 20, a quarter of the edges random), with
// a reused Pusher.
func BenchmarkPush(b *testing.B) {
	const n, size = 100000, 100
	rng := rand.New(rand.NewPCG(3, 3))
	gb := datasets.NewGraphBuilder(false, datasets.DropSelfLoops)
	for v := 0; v < n; v++ {
		for range 8 {
			u := (v/size)*size + rng.IntN(size)
			gb.AddInt(int64(v), int64(u))
		}
		for range 2 {
			gb.AddInt(int64(v), int64(rng.IntN(n)))
		}
	}
	g, err := gb.Build()
	if err != nil {
		b.Fatal(err)
	}
	w := NewPusher(g)
	seeds := []uint32{5000, 5011, 5023, 5047, 5090}
	for _, eps := range []float64{1e-4, 1e-5} {
		b.Run(fmt.Sprintf("eps=%g", eps), func(b *testing.B) {
			var res PushResult
			for b.Loop() {
				if res, err = w.Run(seeds, PushOptions{Epsilon: eps}, 95); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(res.Support), "support")
			b.ReportMetric(float64(len(res.Sweep)), "sweep")
		})
	}
}

// BenchmarkSigSim is the cost of one Similarity call of the benchmarks (k = 128 compares), the
// unit the similarity-driven methods spend c*(s+m) of.
func BenchmarkSigSim(b *testing.B) {
	sim := benchSignatures(1000)
	var sink float64
	i := uint32(0)
	for b.Loop() {
		sink += sim.Sim(i%1000, (i*7+3)%1000)
		i++
	}
	_ = sink
}

func BenchmarkNewQuery(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 5))
	for _, c := range []int{1000, 5000} {
		cands := make([]uint32, c)
		for i := range cands {
			cands[i] = rng.Uint32N(300000)
		}
		b.Run(fmt.Sprintf("c=%d", c), func(b *testing.B) {
			for b.Loop() {
				if _, err := NewQuery(cands, cands[:5]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
