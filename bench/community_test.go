package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"lshbench/algorithms/community"
)

// communityLoop runs op b.N times and reports wall and CPU milliseconds per operation. The CPU
// figure stays meaningful when other processes share the machine; with several goroutines it is
// the sum over them.
func communityLoop(b *testing.B, op func()) {
	b.Helper()
	b.ResetTimer()
	start, cpu := time.Now(), cpuTime()
	n := 0
	for b.Loop() {
		op()
		n++
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/1e3/float64(n), "ms/op")
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1e3/float64(n), "cpu-ms/op")
}

// communityCandidates returns a synthetic weighted candidate graph of n vertices like the one a
// query builds from estimated Jaccard similarities: planted groups of 20-60 members, a pair inside
// a group joined with probability 0.5 and weight U(0.2, 0.8), a pair across groups joined with
// probability pOut and weight U(0.02, 0.22). Fixed seed: the same graph every run.
func communityCandidates(tb testing.TB, n int, pOut float64) *community.Weighted {
	tb.Helper()
	rng := rand.New(rand.NewPCG(uint64(n), 2018))
	group := make([]int, n)
	for v, g := 0, 0; v < n; g++ {
		size := 20 + rng.IntN(41)
		for i := 0; i < size && v < n; i++ {
			group[v] = g
			v++
		}
	}
	var edges []community.Edge
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if group[i] == group[j] {
				if rng.Float64() < 0.5 {
					edges = append(edges, community.Edge{U: uint32(i), V: uint32(j), W: 0.2 + 0.6*rng.Float64()})
				}
			} else if rng.Float64() < pOut {
				edges = append(edges, community.Edge{U: uint32(i), V: uint32(j), W: 0.02 + 0.2*rng.Float64()})
			}
		}
	}
	g, err := community.NewWeighted(n, edges)
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

// communityGraphs lists the benchmark graphs: "sparse" has about 10 cross-group edges per vertex
// (mean degree about 30), "dense" joins 10% of all cross-group pairs.
func communityGraphs() []struct {
	name string
	n    int
	pOut float64
} {
	var out []struct {
		name string
		n    int
		pOut float64
	}
	for _, n := range []int{100, 300, 1000, 3000} {
		out = append(out, struct {
			name string
			n    int
			pOut float64
		}{fmt.Sprintf("n=%d/sparse", n), n, 10 / float64(n)})
		out = append(out, struct {
			name string
			n    int
			pOut float64
		}{fmt.Sprintf("n=%d/dense", n), n, 0.1})
	}
	return out
}

// BenchmarkWalktrap times the full dendrogram (walk vectors, all merges, modularity of every
// level) plus the best cut. The paper's real-time target needs a few ms at n = 100-300.
func BenchmarkWalktrap(b *testing.B) {
	for _, c := range communityGraphs() {
		b.Run(c.name, func(b *testing.B) {
			g := communityCandidates(b, c.n, c.pOut)
			b.ReportMetric(float64(2*g.NumEdges())/float64(g.N()), "mean-degree")
			var q float64
			communityLoop(b, func() {
				d, err := community.Walktrap(context.Background(), g, community.WalktrapOptions{})
				if err != nil {
					b.Fatal(err)
				}
				_, _, q = d.Best()
			})
			b.ReportMetric(q, "Q")
		})
	}
}

// BenchmarkWalktrapOneWorker is BenchmarkWalktrap with the walk vectors on one goroutine.
func BenchmarkWalktrapOneWorker(b *testing.B) {
	for _, n := range []int{100, 300, 1000, 3000} {
		b.Run(fmt.Sprintf("n=%d/sparse", n), func(b *testing.B) {
			g := communityCandidates(b, n, 10/float64(n))
			communityLoop(b, func() {
				if _, err := community.Walktrap(context.Background(), g, community.WalktrapOptions{Workers: 1}); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// BenchmarkLouvain times gonum's Louvain on the same graphs.
func BenchmarkLouvain(b *testing.B) {
	for _, c := range communityGraphs() {
		b.Run(c.name, func(b *testing.B) {
			g := communityCandidates(b, c.n, c.pOut)
			var labels []int
			communityLoop(b, func() { labels = community.Louvain(g, 1, 1) })
			q, _ := community.Modularity(g, labels)
			b.ReportMetric(q, "Q")
		})
	}
}

// BenchmarkSetQuality times the quality measures of a 100-member set in a 3,000-vertex graph.
func BenchmarkSetQuality(b *testing.B) {
	g := communityCandidates(b, 3000, 10.0/3000)
	set := make([]uint32, 100)
	for i := range set {
		set[i] = uint32(i)
	}
	communityLoop(b, func() {
		if _, err := community.SetQuality(g, set, community.QualityOptions{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	})
}
