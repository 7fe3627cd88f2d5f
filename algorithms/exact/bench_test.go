package exact

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"lshbench/datasets"
)

// clusteredSets returns n sets of 2-15 elements, each drawn mostly from one of n/20 blocks of 40
// elements and partly from the whole universe, so that similar pairs are common, as in graph
// neighbourhoods with communities.
func clusteredSets(n int, seed uint64) *datasets.Sets {
	rng := rand.New(rand.NewPCG(seed, 99))
	blocks := max(1, n/20)
	universe := blocks * 40
	sets := make([][]uint32, n)
	for i := range sets {
		b := rng.IntN(blocks)
		size := 2 + rng.IntN(14)
		for range size {
			if rng.IntN(5) == 0 {
				sets[i] = append(sets[i], uint32(rng.IntN(universe)))
			} else {
				sets[i] = append(sets[i], uint32(b*40+rng.IntN(40)))
			}
		}
	}
	s := datasets.SetsFromSlices(sets)
	s.Universe = universe
	return s
}

func BenchmarkIntersect(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, sz := range [][2]int{{8, 8}, {100, 100}, {8, 4096}, {1000, 1000}} {
		x := randomSorted(rng, sz[0], 4*sz[1])
		y := randomSorted(rng, sz[1], 4*sz[1])
		b.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(b *testing.B) {
			for b.Loop() {
				Intersect(x, y)
			}
		})
	}
}

func BenchmarkTopK(b *testing.B) {
	s := clusteredSets(200000, 1)
	ix := NewIndex(s)
	queries := s.NonEmpty()[:10000]
	b.ResetTimer()
	for b.Loop() {
		if _, err := ix.TopKAll(context.Background(), queries, 10, QueryOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(queries)), "ns/query")
}

func BenchmarkThresholdQuery(b *testing.B) {
	s := clusteredSets(200000, 1)
	ix := NewIndex(s)
	queries := s.NonEmpty()[:10000]
	th := MustThreshold("0.3")
	b.ResetTimer()
	for b.Loop() {
		if _, err := ix.ThresholdAll(context.Background(), queries, th, QueryOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(queries)), "ns/query")
}

func BenchmarkNewIndex(b *testing.B) {
	s := clusteredSets(200000, 1)
	for b.Loop() {
		NewIndex(s)
	}
}

func BenchmarkJoin(b *testing.B) {
	s := clusteredSets(200000, 1)
	for _, ts := range []string{"0.5", "0.2"} {
		th := MustThreshold(ts)
		b.Run("t="+ts, func(b *testing.B) {
			var pairs []Pair
			for b.Loop() {
				var err error
				if pairs, err = Join(context.Background(), s, th, JoinOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(pairs)), "pairs")
		})
	}
}
