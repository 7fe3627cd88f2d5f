package bench

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"lshbench/algorithms/expand"
	"lshbench/algorithms/lsh"
	"lshbench/datasets"
	"lshbench/pipeline"
)

// The interactive query of the paper, end to end on a warm cache (signatures and index loaded):
// LSH candidates of 5 seeds (union over seeds and bands, plus the seeds), minrank on estimated
// Jaccard to a community of 100 members, WALKTRAP (t = 4) on the community's estimated-J graph.
// The paper's real-time bound is 250 ms per query; the target here is p99 under 20 ms.
//
// Each benchmark iteration runs queryRuns queries (seeds drawn from ground-truth communities)
// and reports the latency distribution (p50/p99 of the full query) and the mean of each stage.

const (
	querySeeds = 5
	querySize  = 100
	queryRuns  = 300
)

// queryFixture is a loaded engine and the seed sets of the queries.
type queryFixture struct {
	eng      *pipeline.Engine
	seedSets [][]uint32
	build    time.Duration // first build (sketch + index) and write to the cache
	load     time.Duration // reload of both files from the cache
	info     string
}

var (
	queryFixtures   = map[string]*queryFixture{}
	queryFixturesMu sync.Mutex
)

// openQueryFixture loads (once per process) the data set ref, builds its engine into a cache
// directory and loads it back from there, and draws queryRuns seed sets: a community of at least
// querySeeds members with a non-empty set, chosen round-robin among the ground-truth communities,
// and querySeeds of its members (expand.SampleSeeds), all from fixed seeds.
func openQueryFixture(b *testing.B, key, ref string, mode datasets.Mode, sk pipeline.Sketch, opt datasets.OpenOptions) *queryFixture {
	b.Helper()
	queryFixturesMu.Lock()
	defer queryFixturesMu.Unlock()
	if f := queryFixtures[key]; f != nil {
		return f
	}
	ctx := context.Background()
	ds, err := datasets.Open(ctx, ref, opt)
	if err != nil {
		b.Fatal(err)
	}
	sets, err := ds.Sets(mode)
	if err != nil {
		b.Fatal(err)
	}
	cache, err := os.MkdirTemp("", "lshbench-query-")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(cache)
	fp := sets.Fingerprint()
	t0 := time.Now()
	first, ci, err := pipeline.OpenCached(ctx, cache, sets, ds.Graph, mode.String(), fp, sk, 0, nil)
	if err != nil || ci.Loaded {
		b.Fatalf("first open: %v (loaded %v)", err, ci.Loaded)
	}
	build := time.Since(t0)
	first.Close()
	t0 = time.Now()
	eng, ci, err := pipeline.OpenCached(ctx, cache, sets, ds.Graph, mode.String(), fp, sk, 0, nil)
	if err != nil || !ci.Loaded {
		b.Fatalf("second open: %v (loaded %v)", err, ci.Loaded)
	}
	f := &queryFixture{eng: eng, build: build, load: time.Since(t0)}
	var comms [][]uint32
	for c := 0; c < ds.Truth.Len(); c++ {
		var el []uint32
		for _, v := range ds.Truth.Community(c) {
			if sets.Size(int(v)) > 0 {
				el = append(el, v)
			}
		}
		if len(el) >= querySeeds {
			comms = append(comms, el)
		}
	}
	if len(comms) == 0 {
		b.Fatalf("%s: no community with %d seedable members", ref, querySeeds)
	}
	for i := 0; i < queryRuns; i++ {
		s, err := expand.SampleSeeds(comms[(i*7919)%len(comms)], querySeeds, uint64(i+1))
		if err != nil {
			b.Fatal(err)
		}
		f.seedSets = append(f.seedSets, s)
	}
	sz := sets.Sizes()
	f.info = fmt.Sprintf("%s: %d sets (mean size %.1f, max %d), %d communities with >= %d seedable members, %s; build %.2fs, cache load %.3fs",
		ref, sets.Len(), sz.Mean, sz.Max, len(comms), querySeeds, sk, build.Seconds(), f.load.Seconds())
	queryFixtures[key] = f
	return f
}

// runQueries runs the fixture's queries b.N times and reports the distribution.
func runQueries(b *testing.B, f *queryFixture, so pipeline.StructureOptions) {
	sess := f.eng.NewSession()
	ctx := context.Background()
	var total []float64
	var cand, rank, strc, ncand, size, groups float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, seeds := range f.seedSets {
			t0 := time.Now()
			res, err := sess.Run(ctx, pipeline.Request{Seeds: seeds, Size: querySize, Method: expand.MethodMinRank, Structure: so})
			if err != nil {
				b.Fatal(err)
			}
			total = append(total, float64(time.Since(t0).Nanoseconds())/1e6)
			cand += float64(res.Times.Candidates.Nanoseconds()) / 1e6
			rank += float64(res.Times.Ranking.Nanoseconds()) / 1e6
			strc += float64(res.Times.Structure.Nanoseconds()) / 1e6
			ncand += float64(res.Query.Candidates())
			size += float64(len(res.Community))
			groups += float64(res.Structure.Communities)
		}
	}
	b.StopTimer()
	n := float64(len(total))
	slices.Sort(total)
	q := func(p float64) float64 { return total[min(len(total)-1, int(p*n))] }
	b.ReportMetric(q(0.5), "p50_ms")
	b.ReportMetric(q(0.99), "p99_ms")
	b.ReportMetric(total[len(total)-1], "max_ms")
	b.ReportMetric(cand/n, "cand_ms")
	b.ReportMetric(rank/n, "rank_ms")
	b.ReportMetric(strc/n, "walktrap_ms")
	b.ReportMetric(ncand/n, "candidates")
	b.ReportMetric(size/n, "members")
	b.ReportMetric(groups/n, "groups")
	b.ReportMetric(float64(f.load.Nanoseconds())/1e6, "cacheload_ms")
	b.ReportMetric(0, "ns/op")
	b.Logf("%s", f.info)
}

// BenchmarkQueryDBLP: com-dblp (317,080 vertices; neighbourhoods of the undirected graph),
// k = 128, seeds from the top-5000 communities. Two bandings of the 128 positions: 32 x 4
// (candidate threshold (1/32)^(1/4) = 0.42, the usual choice for k = 128 when high-similarity
// pairs are wanted) and 64 x 2 (threshold 0.125, the paper's r = 2). The co-authorship
// neighbourhoods are small (mean 6.6), so co-authors' Jaccard is mostly below 0.4: with 32 x 4 five
// seeds have about 6 candidates and the community stops near 11 members; 64 x 2 reaches about
// 40 candidates, which is the configuration that answers the query (minrank costs
// (seeds + additions) x candidates x k comparisons, so the latency follows the candidates).
func BenchmarkQueryDBLP(b *testing.B) {
	mirror := os.Getenv("LSHBENCH_MIRROR")
	if st, err := os.Stat(mirror); mirror == "" || err != nil || !st.IsDir() {
		b.Skip("LSHBENCH_MIRROR not set or absent: skipping test on real data com-dblp")
	}
	for _, p := range []lsh.Params{{B: 32, R: 4}, {B: 64, R: 2}} {
		b.Run(fmt.Sprintf("bands=%dx%d", p.B, p.R), func(b *testing.B) {
			sk := pipeline.Sketch{Variant: "kminhash", K: 128, Seed: 1, Bands: p}
			f := openQueryFixture(b, "dblp"+sk.String(), "com-dblp", datasets.Mode{Dir: datasets.In}, sk, datasets.OpenOptions{Mirror: mirror})
			runQueries(b, f, pipeline.StructureOptions{})
		})
	}
}

// starsSpec is a follower graph whose stars (the queried vertices) have 10^4 followers on average:
// 400,000 users following 25 of 1,000 stars on average (Zipf 0.5 popularity), 10 interests.
const starsSpec = "gen:stars?users=400000&stars=1000&interests=10&follows=25&zipf=0.5&seed=7"

// BenchmarkQueryStars: the paper's regime, where sketches matter: in-neighbourhoods (followers)
// of 10^3 to 10^5 elements, so that an exact Jaccard costs a merge of two follower lists while an
// estimate costs k comparisons. Seeds from the planted interest communities of stars. Here every
// pair of members has J > 0, so the structure graph is complete; structure-neighbours=10 measures
// the k-nearest-neighbour sparsification (each member's 10 most similar members) beside it.
func BenchmarkQueryStars(b *testing.B) {
	mirror := os.Getenv("LSHBENCH_MIRROR")
	if st, err := os.Stat(mirror); mirror == "" || err != nil || !st.IsDir() {
		b.Skip("LSHBENCH_MIRROR not set or absent: skipping test on real data (stars benchmark runs with the data benchmarks)")
	}
	for _, p := range []lsh.Params{{B: 32, R: 4}, {B: 64, R: 2}} {
		for _, nb := range []int{0, 10} {
			b.Run(fmt.Sprintf("bands=%dx%d/structure-neighbours=%d", p.B, p.R, nb), func(b *testing.B) {
				sk := pipeline.Sketch{Variant: "kminhash", K: 128, Seed: 1, Bands: p}
				f := openQueryFixture(b, "stars"+sk.String(), starsSpec, datasets.Mode{Dir: datasets.In}, sk, datasets.OpenOptions{})
				runQueries(b, f, pipeline.StructureOptions{Neighbours: nb})
			})
		}
	}
}
