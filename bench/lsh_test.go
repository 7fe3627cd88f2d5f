package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"lshbench/algorithms/lsh"
	"lshbench/algorithms/minhash"
)

// lshK is the signature length of every LSH benchmark.
const lshK = 128

// lshPlanted returns n generated signature rows of lshK values that behave like minhash rows of
// a collection with planted near-duplicates: half of the rows copy each position of a random
// earlier row with probability s (s uniform in [0.3, 1), so the pair's similarity is about s),
// the other positions and rows are uniform random values. One row in 100 is an empty set's.
func lshPlanted(n int, seed uint64) *lsh.SentinelRows {
	rng := rand.New(rand.NewPCG(seed, 0x15b))
	vals := make([]uint32, n*lshK)
	for i := 0; i < n; i++ {
		row := vals[i*lshK : (i+1)*lshK]
		if i%100 == 99 {
			for j := range row {
				row[j] = minhash.Empty
			}
			continue
		}
		var parent []uint32
		s := 0.0
		if i > 0 && rng.IntN(2) == 0 {
			p := rng.IntN(i)
			if p%100 != 99 {
				parent = vals[p*lshK : (p+1)*lshK]
				s = 0.3 + 0.7*rng.Float64()
			}
		}
		for j := range row {
			if parent != nil && rng.Float64() < s {
				row[j] = parent[j]
			} else {
				row[j] = rng.Uint32() &^ 1 // never the Empty sentinel
			}
		}
	}
	rows, err := lsh.NewSentinelRows(vals, lshK, minhash.Empty)
	if err != nil {
		panic(err)
	}
	return rows
}

var lshRows = map[int]func() *lsh.SentinelRows{
	100_000:   sync.OnceValue(func() *lsh.SentinelRows { return lshPlanted(100_000, 1) }),
	1_000_000: sync.OnceValue(func() *lsh.SentinelRows { return lshPlanted(1_000_000, 2) }),
}

// lshQueries returns up to m non-empty rows drawn with a fixed seed.
func lshQueries(rows lsh.Rows, m int, seed uint64) []int {
	rng := rand.New(rand.NewPCG(seed, 7))
	out := make([]int, 0, m)
	for tries := 0; len(out) < m && tries < 10*m; tries++ {
		i := rng.IntN(rows.Len())
		if !rows.IsEmpty(i) {
			out = append(out, i)
		}
	}
	return out
}

// lshLatency runs query once per element of qs per benchmark iteration, timing each call, and
// reports the mean, p50 and p99 latency in microseconds and the mean answer size.
func lshLatency(b *testing.B, qs []int, query func(i int) int) {
	b.Helper()
	lat := make([]time.Duration, 0, len(qs))
	total := 0
	// One untimed pass first: the querier's visited array is touched for the first time there
	// (page faults), which is not the steady-state latency the targets are about.
	for _, i := range qs {
		query(i)
	}
	b.ResetTimer()
	for b.Loop() {
		lat = lat[:0]
		total = 0
		for _, i := range qs {
			t0 := time.Now()
			total += query(i)
			lat = append(lat, time.Since(t0))
		}
	}
	b.StopTimer()
	slices.Sort(lat)
	sum := time.Duration(0)
	for _, d := range lat {
		sum += d
	}
	us := func(d time.Duration) float64 { return float64(d) / 1e3 }
	b.ReportMetric(us(sum)/float64(len(lat)), "us-mean")
	b.ReportMetric(us(lat[len(lat)/2]), "us-p50")
	b.ReportMetric(us(lat[len(lat)*99/100]), "us-p99")
	b.ReportMetric(float64(total)/float64(len(qs)), "cands/query")
}

var lshBands = []int{16, 32, 64}

// lshBuildLoop runs build b.N times and reports CPU seconds per build.
func lshBuildLoop(b *testing.B, build func()) {
	b.Helper()
	b.ResetTimer()
	start := cpuTime()
	for b.Loop() {
		build()
	}
	b.ReportMetric((cpuTime()-start).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkLSHBuild measures the build of a banded index over generated signatures (k = 128,
// r = 128/b) and reports its bytes per set.
func BenchmarkLSHBuild(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		for _, nb := range lshBands {
			b.Run(fmt.Sprintf("n=%d/b=%d", n, nb), func(b *testing.B) {
				rows := lshRows[n]()
				var ix *lsh.Index
				lshBuildLoop(b, func() {
					var err error
					ix, err = lsh.Build(context.Background(), rows, lsh.Options{Params: lsh.Params{B: nb, R: lshK / nb}}, nil)
					if err != nil {
						b.Fatal(err)
					}
				})
				b.ReportMetric(float64(ix.Bytes())/float64(n), "bytes/set")
				b.ReportMetric(float64(ix.Bytes())/1e6, "index-MB")
			})
		}
	}
}

// BenchmarkLSHQuery measures candidate retrieval by row (no verification): 10,000 queries per
// iteration, each timed.
func BenchmarkLSHQuery(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		for _, nb := range lshBands {
			b.Run(fmt.Sprintf("n=%d/b=%d", n, nb), func(b *testing.B) {
				rows := lshRows[n]()
				ix, err := lsh.Build(context.Background(), rows, lsh.Options{Params: lsh.Params{B: nb, R: lshK / nb}}, nil)
				if err != nil {
					b.Fatal(err)
				}
				q := ix.NewQuerier()
				lshLatency(b, lshQueries(rows, 10000, 3), func(i int) int { return len(q.Candidates(i)) })
			})
		}
	}
}

// BenchmarkLSHQueryVerify adds verification by estimated J (fraction of equal positions) at
// threshold 0.5 to the candidate retrieval of 32 x 4 bands.
func BenchmarkLSHQueryVerify(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("n=%d/b=32", n), func(b *testing.B) {
			rows := lshRows[n]()
			ix, err := lsh.Build(context.Background(), rows, lsh.Options{Params: lsh.Params{B: 32, R: 4}}, nil)
			if err != nil {
				b.Fatal(err)
			}
			q := ix.NewQuerier()
			var dst []lsh.Scored
			lshLatency(b, lshQueries(rows, 10000, 3), func(i int) int {
				dst = lsh.Threshold(q.Candidates(i), 0.5, lsh.SignatureScorer{Rows: rows, Query: rows.Row(i)}, dst)
				return len(dst)
			})
		})
	}
}

// BenchmarkLSHVariants measures the multi-probe index (32 x 4) and the forest (32 trees of depth
// 4, 100 candidates) at 10^5 sets: build time, bytes per set, query latency.
func BenchmarkLSHVariants(b *testing.B) {
	const n = 100_000
	p := lsh.Params{B: 32, R: 4}
	b.Run("multiprobe/build", func(b *testing.B) {
		rows := lshRows[n]()
		var ix *lsh.Index
		lshBuildLoop(b, func() {
			var err error
			ix, err = lsh.Build(context.Background(), rows, lsh.Options{Params: p, Variant: lsh.MultiProbe}, nil)
			if err != nil {
				b.Fatal(err)
			}
		})
		b.ReportMetric(float64(ix.Bytes())/n, "bytes/set")
	})
	b.Run("multiprobe/query", func(b *testing.B) {
		rows := lshRows[n]()
		ix, err := lsh.Build(context.Background(), rows, lsh.Options{Params: p, Variant: lsh.MultiProbe}, nil)
		if err != nil {
			b.Fatal(err)
		}
		q := ix.NewQuerier()
		lshLatency(b, lshQueries(rows, 10000, 3), func(i int) int { return len(q.Candidates(i)) })
	})
	b.Run("forest/build", func(b *testing.B) {
		rows := lshRows[n]()
		var f *lsh.Forest
		lshBuildLoop(b, func() {
			var err error
			f, err = lsh.BuildForest(context.Background(), rows, p, 0, nil)
			if err != nil {
				b.Fatal(err)
			}
		})
		b.ReportMetric(float64(f.Bytes())/n, "bytes/set")
	})
	b.Run("forest/query100", func(b *testing.B) {
		rows := lshRows[n]()
		f, err := lsh.BuildForest(context.Background(), rows, p, 0, nil)
		if err != nil {
			b.Fatal(err)
		}
		q := f.NewQuerier()
		lshLatency(b, lshQueries(rows, 10000, 3), func(i int) int { return len(q.Candidates(i, 100)) })
	})
}

// lshDBLP sketches com-dblp's neighbourhoods with kminhash (k = 128, seed 1) once per binary.
var lshDBLP = sync.OnceValues(func() (*lsh.SentinelRows, error) {
	sets, err := dblpSets()
	if err != nil {
		return nil, err
	}
	sk, err := minhash.New("kminhash", lshK, 1)
	if err != nil {
		return nil, err
	}
	sig, err := minhash.Build(context.Background(), sets, sk, 0, nil)
	if err != nil {
		return nil, err
	}
	return lsh.NewSentinelRows(sig.Data, sig.K, minhash.Empty)
})

func lshLoadDBLP(b *testing.B) *lsh.SentinelRows {
	b.Helper()
	mirrorFile(b, "com-dblp", "com-dblp/com-dblp.ungraph.txt.gz")
	rows, err := lshDBLP()
	if err != nil {
		b.Fatal(err)
	}
	return rows
}

// BenchmarkLSHDBLP builds and queries banded indexes over com-dblp's kminhash signatures
// (317,080 sets, k = 128) with the configurations of the datasketch and ekzhu/minhash-lsh
// reference figures (25 x 5, 32 x 4). Queries are 10,000 sampled vertices, by row.
func BenchmarkLSHDBLP(b *testing.B) {
	for _, p := range []lsh.Params{{B: 25, R: 5}, {B: 32, R: 4}} {
		b.Run("build/"+p.String(), func(b *testing.B) {
			rows := lshLoadDBLP(b)
			var ix *lsh.Index
			lshBuildLoop(b, func() {
				var err error
				ix, err = lsh.Build(context.Background(), rows, lsh.Options{Params: p}, nil)
				if err != nil {
					b.Fatal(err)
				}
			})
			b.ReportMetric(float64(ix.Bytes())/1e6, "index-MB")
			b.ReportMetric(float64(ix.Bytes())/float64(rows.Len()), "bytes/set")
		})
		b.Run("query/"+p.String(), func(b *testing.B) {
			rows := lshLoadDBLP(b)
			ix, err := lsh.Build(context.Background(), rows, lsh.Options{Params: p}, nil)
			if err != nil {
				b.Fatal(err)
			}
			q := ix.NewQuerier()
			lshLatency(b, lshQueries(rows, 10000, 3), func(i int) int { return len(q.Candidates(i)) })
		})
	}
}

// BenchmarkLSHPersist measures saving and loading a 32 x 4 index of 10^6 generated rows (load
// includes the fingerprint of the signatures and the structural checks; nothing is rebuilt).
func BenchmarkLSHPersist(b *testing.B) {
	const n = 1_000_000
	p := lsh.Params{B: 32, R: 4}
	path := filepath.Join(b.TempDir(), "sigs.bin")
	path = lsh.IndexPath(path, lsh.Banding, p)
	b.Run("save", func(b *testing.B) {
		rows := lshRows[n]()
		ix, err := lsh.Build(context.Background(), rows, lsh.Options{Params: p}, nil)
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if err := ix.Save(path); err != nil {
				b.Fatal(err)
			}
		}
		if st, err := os.Stat(path); err == nil {
			b.ReportMetric(float64(st.Size())/1e6, "file-MB")
		}
	})
	b.Run("load", func(b *testing.B) {
		rows := lshRows[n]()
		if _, err := os.Stat(path); err != nil {
			b.Skip("run with the save benchmark")
		}
		for b.Loop() {
			if _, err := lsh.Load(path, rows); err != nil {
				b.Fatal(err)
			}
		}
	})
}
