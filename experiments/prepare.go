package experiments

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"lshbench/algorithms/exact"
	"lshbench/algorithms/lsh"
	"lshbench/algorithms/minhash"
	"lshbench/datasets"
)

// prepared is everything a data set's cells share: the sets, the sampled queries and the exact
// truth. overlaps[q] lists every set sharing at least one element with query q, ordered by
// descending exact similarity then ascending id; the top-k and threshold truths are its prefixes.
type prepared struct {
	label    string
	ds       *datasets.Dataset
	sets     *datasets.Sets
	queries  []uint32
	ix       *exact.Index
	overlaps [][]exact.Neighbor

	indexBuild  time.Duration
	truthTime   time.Duration
	truthCached bool
	sizeMean    float64
	sizeMax     int
}

// openData loads data set di of the spec and returns it with its neighbourhood mode.
func openData(ctx context.Context, s *Spec, di int, opt Options) (*datasets.Dataset, datasets.Mode, error) {
	d := s.Datasets[di]
	mode, err := datasets.ParseMode(d.Mode)
	if err != nil {
		return nil, mode, err
	}
	oo := opt.Open
	oo.Directed = d.Directed
	oo.Communities = d.Communities
	open := opt.Opener
	if open == nil {
		open = datasets.Open
	}
	ds, err := open(ctx, d.Source, oo)
	if err != nil {
		return nil, mode, fmt.Errorf("data set %s: %w", d.Label, err)
	}
	return ds, mode, nil
}

// prepare loads data set di of the spec and computes its truth.
func prepare(ctx context.Context, s *Spec, di int, opt Options) (*prepared, error) {
	d := s.Datasets[di]
	ds, mode, err := openData(ctx, s, di, opt)
	if err != nil {
		return nil, err
	}
	sets, err := ds.Sets(mode)
	if err != nil {
		return nil, fmt.Errorf("data set %s: %w", d.Label, err)
	}
	p := &prepared{label: d.Label, ds: ds, sets: sets}
	p.queries = sampleQueries(sets, s.Queries)
	if len(p.queries) == 0 {
		return nil, fmt.Errorf("data set %s: no non-empty set matches the query selection", d.Label)
	}
	for _, q := range p.queries {
		sz := sets.Size(int(q))
		p.sizeMean += float64(sz)
		p.sizeMax = max(p.sizeMax, sz)
	}
	p.sizeMean /= float64(len(p.queries))

	t0 := time.Now()
	p.ix = exact.NewIndex(sets)
	p.indexBuild = time.Since(t0)
	// Every set sharing an element with a query has similarity at least 1/|union| > 1/MaxDen, so
	// the threshold query at the smallest threshold lists all of them.
	tiny, err := exact.NewThreshold(1, exact.MaxThresholdDen)
	if err != nil {
		return nil, err
	}
	t0 = time.Now()
	cache := exact.Cache{Dir: opt.TruthCache, Workers: opt.Workers}
	var info exact.CacheInfo
	p.overlaps, info, err = cache.Threshold(ctx, sets, mode.String(), p.queries, tiny)
	if err != nil {
		return nil, fmt.Errorf("data set %s: truth: %w", d.Label, err)
	}
	p.truthCached = info.Hit
	for _, ov := range p.overlaps {
		slices.SortFunc(ov, exact.Neighbor.Compare)
	}
	p.truthTime = time.Since(t0)
	return p, nil
}

// sampleQueries returns the query set indices: every non-empty set within the size bounds, or a
// uniform sample of them without replacement, in ascending order. It depends only on the sets and
// the spec.
func sampleQueries(sets *datasets.Sets, q QuerySpec) []uint32 {
	var pool []uint32
	for i := 0; i < sets.Len(); i++ {
		sz := sets.Size(i)
		if sz == 0 || sz < q.MinSize || (q.MaxSize > 0 && sz > q.MaxSize) {
			continue
		}
		pool = append(pool, uint32(i))
	}
	if q.All || q.Sample >= len(pool) {
		return pool
	}
	rng := rand.New(rand.NewPCG(q.Seed, 0x9e3779b97f4a7c15))
	for i := 0; i < q.Sample; i++ {
		j := i + rng.IntN(len(pool)-i)
		pool[i], pool[j] = pool[j], pool[i]
	}
	out := pool[:q.Sample]
	slices.Sort(out)
	return out
}

// truthTopK returns, for one query's overlap list, the k-th largest similarity and the number of
// neighbours a perfect answer holds, min(k, len(overlaps)).
func truthTopK(ov []exact.Neighbor, k int) (kth float64, want int) {
	want = min(k, len(ov))
	if want == 0 {
		return 0, 0
	}
	return ov[want-1].Jaccard, want
}

// atLeast reports whether neighbour n's similarity is at least t, exactly.
func atLeast(n exact.Neighbor, t exact.Threshold) bool {
	return int64(n.Inter)*t.Den >= t.Num*int64(n.Union)
}

// thresholdOf converts a spec threshold to an exact rational through its shortest decimal form,
// so 0.07 in the YAML is exactly 7/100.
func thresholdOf(t float64) (exact.Threshold, error) {
	return exact.ParseThreshold(strconv.FormatFloat(t, 'f', -1, 64))
}

// sketched is a signature matrix with the view the LSH indexes read.
type sketched struct {
	sig   *minhash.Signatures
	rows  lsh.Rows
	build time.Duration
	elems int
}

func sketch(ctx context.Context, p *prepared, variant string, k int, seed uint64, workers int) (*sketched, error) {
	sk, err := minhash.New(variant, k, seed)
	if err != nil {
		return nil, err
	}
	t0 := time.Now()
	sig, err := minhash.Build(ctx, p.sets, sk, workers, nil)
	if err != nil {
		return nil, err
	}
	out := &sketched{sig: sig, build: time.Since(t0), elems: p.sets.NumElems()}
	if sig.RowWords == sig.K {
		// Full hash values per position: the rows are banded in place.
		if out.rows, err = lsh.NewSentinelRows(sig.Data, sig.K, minhash.Empty); err != nil {
			return nil, err
		}
		return out, nil
	}
	// b-bit rows are packed: index their unpacked values.
	n := sig.Len()
	vals := make([]uint32, 0, n*k)
	empty := make([]bool, n)
	var buf []uint32
	for i := 0; i < n; i++ {
		buf = sig.Values(i, buf)
		vals = append(vals, buf...)
		empty[i] = sig.IsEmpty(i)
	}
	if out.rows, err = lsh.NewFlatRows(vals, k, empty); err != nil {
		return nil, err
	}
	return out, nil
}
