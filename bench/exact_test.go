package bench

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"lshbench/algorithms/exact"
	"lshbench/datasets"
)

// exactLoop runs op b.N times and reports the CPU time per operation.
func exactLoop(b *testing.B, op func()) {
	b.Helper()
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		op()
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// exactSample returns n distinct non-empty set ids drawn with a fixed seed, ascending.
func exactSample(s *datasets.Sets, n int, seed uint64) []uint32 {
	ne := s.NonEmpty()
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	rng.Shuffle(len(ne), func(i, j int) { ne[i], ne[j] = ne[j], ne[i] })
	out := ne[:min(n, len(ne))]
	slices.Sort(out)
	return out
}

func BenchmarkExactTopK10k(b *testing.B) {
	s := loadDBLP(b)
	ix := exact.NewIndex(s)
	queries := exactSample(s, 10000, 1)
	ctx := context.Background()
	exactLoop(b, func() {
		if _, err := ix.TopKAll(ctx, queries, 10, exact.QueryOptions{}); err != nil {
			b.Fatal(err)
		}
	})
}

func BenchmarkExactTopKAll(b *testing.B) {
	s := loadDBLP(b)
	ix := exact.NewIndex(s)
	queries := s.NonEmpty()
	ctx := context.Background()
	var res [][]exact.Neighbor
	exactLoop(b, func() {
		var err error
		if res, err = ix.TopKAll(ctx, queries, 10, exact.QueryOptions{}); err != nil {
			b.Fatal(err)
		}
	})
	total := 0
	for _, r := range res {
		total += len(r)
	}
	b.ReportMetric(float64(total)/float64(len(res)), "neighbors/query")
}

func BenchmarkExactIndexBuild(b *testing.B) {
	s := loadDBLP(b)
	exactLoop(b, func() { exact.NewIndex(s) })
}

func BenchmarkExactJoin(b *testing.B) {
	s := loadDBLP(b)
	for _, ts := range []string{"0.5", "0.2"} {
		th := exact.MustThreshold(ts)
		b.Run("t="+ts, func(b *testing.B) {
			var pairs []exact.Pair
			exactLoop(b, func() {
				var err error
				if pairs, err = exact.Join(context.Background(), s, th, exact.JoinOptions{}); err != nil {
					b.Fatal(err)
				}
			})
			b.ReportMetric(float64(len(pairs)), "pairs")
		})
	}
}

// exactSubset returns the sets of the given ids as a new collection.
func exactSubset(s *datasets.Sets, ids []uint32) *datasets.Sets {
	sets := make([][]uint32, len(ids))
	for i, id := range ids {
		sets[i] = s.Set(int(id))
	}
	sub := datasets.SetsFromSlices(sets)
	sub.Universe = s.Universe
	return sub
}

// BenchmarkExactJoinFilters measures what each filter of the join buys on 20,000 sampled
// com-dblp neighbourhoods (sample/...): brute force, size filter, size+prefix,
// size+prefix+positional; and, on all of com-dblp (full/...), the two index-based ones.
func BenchmarkExactJoinFilters(b *testing.B) {
	s := loadDBLP(b)
	for _, ts := range []string{"0.5", "0.2"} {
		th := exact.MustThreshold(ts)
		for _, f := range []exact.Filters{exact.SizePrefixFilters, exact.AllFilters} {
			b.Run("full/t="+ts+"/"+f.String(), func(b *testing.B) {
				var pairs []exact.Pair
				exactLoop(b, func() {
					var err error
					if pairs, err = exact.Join(context.Background(), s, th, exact.JoinOptions{Filters: f}); err != nil {
						b.Fatal(err)
					}
				})
				b.ReportMetric(float64(len(pairs)), "pairs")
			})
		}
	}
	sub := exactSubset(s, exactSample(s, 20000, 2))
	for _, ts := range []string{"0.5", "0.2"} {
		th := exact.MustThreshold(ts)
		for _, f := range []exact.Filters{exact.NoFilters, exact.SizeFilter, exact.SizePrefixFilters, exact.AllFilters} {
			b.Run("sample/t="+ts+"/"+f.String(), func(b *testing.B) {
				var pairs []exact.Pair
				exactLoop(b, func() {
					var err error
					if pairs, err = exact.Join(context.Background(), sub, th, exact.JoinOptions{Filters: f}); err != nil {
						b.Fatal(err)
					}
				})
				b.ReportMetric(float64(len(pairs)), "pairs")
			})
		}
	}
}

// TestExactDBLPAgainstBruteForce checks the fast paths on com-dblp against brute force for a
// sample of queries, and the join's pair counts against the published reference counts.
func TestExactDBLPAgainstBruteForce(t *testing.T) {
	s := loadDBLP(t)
	ctx := context.Background()
	ix := exact.NewIndex(s)
	queries := exactSample(s, 100, 3)
	top, err := ix.TopKAll(ctx, queries, 10, exact.QueryOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, q := range queries {
		if want := exact.BruteTopK(s, s.Set(int(q)), int(q), 10); !slices.Equal(top[i], want) {
			t.Fatalf("top-10 of %d: got %v, want %v", q, top[i], want)
		}
	}
	for _, tc := range []struct {
		t     string
		pairs int
	}{{"0.5", 360167}, {"0.2", 1425268}} {
		th := exact.MustThreshold(tc.t)
		pairs, err := exact.Join(ctx, s, th, exact.JoinOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(pairs) != tc.pairs {
			t.Errorf("t=%s: %d pairs, reference %d", tc.t, len(pairs), tc.pairs)
		}
		// Every pair touching a sampled set, from the join and from brute force.
		inSample := make(map[uint32]bool, len(queries))
		for _, q := range queries {
			inSample[q] = true
		}
		got := map[[2]uint32]exact.Pair{}
		for _, p := range pairs {
			if inSample[p.A] || inSample[p.B] {
				got[[2]uint32{p.A, p.B}] = p
			}
		}
		want := 0
		for _, q := range queries {
			for _, n := range exact.BruteThreshold(s, s.Set(int(q)), int(q), th) {
				a, b := min(q, n.ID), max(q, n.ID)
				p, ok := got[[2]uint32{a, b}]
				if !ok || p.Inter != n.Inter || p.Union != n.Union {
					t.Fatalf("t=%s: brute-force pair (%d, %d) %d/%d missing or different in the join: %v", tc.t, a, b, n.Inter, n.Union, p)
				}
				if !inSample[a] || !inSample[b] || a == q {
					want++
				}
			}
		}
		if want != len(got) {
			t.Fatalf("t=%s: join has %d pairs touching the sample, brute force %d", tc.t, len(got), want)
		}
		// The per-query threshold path over every set agrees with the join on every pair.
		if tc.t == "0.5" {
			lists, err := ix.ThresholdAll(ctx, s.NonEmpty(), th, exact.QueryOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var fromQueries []exact.Pair
			for i, q := range s.NonEmpty() {
				for _, n := range lists[i] {
					if q < n.ID {
						fromQueries = append(fromQueries, exact.Pair{A: q, B: n.ID, Inter: n.Inter, Union: n.Union, Jaccard: n.Jaccard})
					}
				}
			}
			slices.SortFunc(fromQueries, func(x, y exact.Pair) int {
				if x.A != y.A {
					return int(x.A) - int(y.A)
				}
				return int(x.B) - int(y.B)
			})
			if !slices.Equal(fromQueries, pairs) {
				t.Fatalf("t=%s: ThresholdAll gives %d pairs, Join %d, or they differ", tc.t, len(fromQueries), len(pairs))
			}
		}
	}
}

// TestExactEmailEuCoreAgainstBruteForce checks every fast path against brute force on a real
// directed graph, the paper's own data set, in its in- and out-neighbourhoods.
func TestExactEmailEuCoreAgainstBruteForce(t *testing.T) {
	mirror := os.Getenv("LSHBENCH_MIRROR")
	path := filepath.Join(mirror, "email-Eu-core", "email-Eu-core.txt")
	if _, err := os.Stat(path); mirror == "" || err != nil {
		t.Skip("LSHBENCH_MIRROR not set or absent: skipping test on real data email-Eu-core")
	}
	ctx := context.Background()
	ds, err := datasets.Open(ctx, path, datasets.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []datasets.Mode{{Dir: datasets.In}, {Dir: datasets.Out}, {Dir: datasets.Both, Closed: true}} {
		s, err := ds.Sets(mode)
		if err != nil {
			t.Fatal(err)
		}
		ix := exact.NewIndex(s)
		queries := s.NonEmpty()
		top, err := ix.TopKAll(ctx, queries, 10, exact.QueryOptions{})
		if err != nil {
			t.Fatal(err)
		}
		th := exact.MustThreshold("1/3")
		thr, err := ix.ThresholdAll(ctx, queries, th, exact.QueryOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for i, q := range queries {
			if want := exact.BruteTopK(s, s.Set(int(q)), int(q), 10); !slices.Equal(top[i], want) {
				t.Fatalf("%v: top-10 of %d differs from brute force", mode, q)
			}
			if want := exact.BruteThreshold(s, s.Set(int(q)), int(q), th); !slices.Equal(thr[i], want) {
				t.Fatalf("%v: threshold answer of %d differs from brute force", mode, q)
			}
		}
		// One brute-force join at the lowest threshold; higher thresholds filter it.
		lowest := exact.BruteJoin(s, exact.MustThreshold("0.07"))
		for _, ts := range []string{"0.07", "1/3", "0.5"} {
			th := exact.MustThreshold(ts)
			pairs, err := exact.Join(ctx, s, th, exact.JoinOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var want []exact.Pair
			for _, p := range lowest {
				if th.Accepts(int(p.Inter), int(p.Union)) {
					want = append(want, p)
				}
			}
			if !slices.Equal(pairs, want) {
				t.Fatalf("%v t=%s: join has %d pairs, brute force %d", mode, ts, len(pairs), len(want))
			}
		}
	}
}
