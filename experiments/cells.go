package experiments

import (
	"context"
	"runtime"
	"slices"
	"time"

	"lshbench/algorithms/exact"
	"lshbench/algorithms/lsh"
)

// forestCell evaluates an LSH Forest cell: for each b (number of trees) of the cell, a forest of
// b trees of depth R is built and asked for the top-k candidates of every query (k = truth.topk,
// or 10 when the spec has only thresholds).
func (ev *evaluator) forestCell(ctx context.Context, c Cell, workers int) ([]Record, error) {
	want := ev.spec.Truth.TopK
	if want == 0 {
		want = 10
	}
	recs := make([]Record, 0, len(c.Bands))
	for _, b := range c.Bands {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		t0 := time.Now()
		f, err := lsh.BuildForest(ctx, ev.sk.rows, lsh.Params{B: b, R: c.R}, workers, nil)
		if err != nil {
			return nil, err
		}
		buildTime := time.Since(t0)
		heapAfter := heapAfterGC()
		fq := f.NewQuerier()
		qc := make([]queryCands, len(ev.p.queries))
		for qi, q := range ev.p.queries {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			ids := fq.Candidates(int(q), want)
			ev.load(qi)
			qc[qi] = ev.newQueryCands(q, ids, nil)
		}
		var r Record
		r.Add("b", b)
		r.Add("unused_positions", c.K-b*c.R)
		r.Add("threshold_theory", lsh.Params{B: b, R: c.R}.Threshold())
		r.Add("forest_want", want)
		// Every forest candidate carries first band 0, so the one-band prefix holds all of them.
		r.Fields = append(r.Fields, ev.candidateFields(qc, []int{1})[0]...)
		lat, vlat, err := ev.timeQueries(ctx, func() func(q uint32) []uint32 {
			fq := f.NewQuerier()
			return func(q uint32) []uint32 { return fq.Candidates(int(q), want) }
		})
		if err != nil {
			return nil, err
		}
		r.Fields = append(r.Fields, latencyFields("", lat)...)
		r.Fields = append(r.Fields, latencyFields("verify_", vlat)...)
		r.Add("index_bytes", f.Bytes())
		r.Add("index_bytes_per_set", float64(f.Bytes())/float64(max(ev.p.sets.Len(), 1)))
		r.AddTiming("index_build_s", buildTime.Seconds())
		r.AddTiming("heap_after_build_bytes", int64(heapAfter))
		r.AddTiming("heap_index_measured_bytes", int64(heapAfter)-int64(before.HeapAlloc))
		recs = append(recs, r)
	}
	return recs, nil
}

// exactCell measures the exact engine on the same queries: the inverted index's size and build
// time, and the latency of exact top-k and threshold queries. Its accuracy is 1 by definition and
// is not recorded.
func exactCell(ctx context.Context, s *Spec, p *prepared) ([]Record, error) {
	var r Record
	r.Add("index_bytes", p.ix.Bytes())
	r.Add("index_bytes_per_set", float64(p.ix.Bytes())/float64(max(p.sets.Len(), 1)))
	r.AddTiming("index_build_s", p.indexBuild.Seconds())
	r.AddTiming("truth_s", p.truthTime.Seconds())
	r.AddTiming("truth_cached", p.truthCached)
	tm := s.Timing
	qs := p.queries
	if tm.Queries > 0 && tm.Queries < len(qs) {
		qs = qs[:tm.Queries]
	}
	sc := p.ix.NewScratch()
	k := s.Truth.TopK
	var th exact.Threshold
	if len(s.Truth.Thresholds) > 0 {
		var err error
		if th, err = thresholdOf(s.Truth.Thresholds[0]); err != nil {
			return nil, err
		}
	}
	run := func(q uint32) int {
		set := p.sets.Set(int(q))
		if k > 0 {
			return len(p.ix.TopK(set, int(q), k, sc))
		}
		return len(p.ix.ThresholdQuery(set, int(q), th, sc))
	}
	for i := 0; i < tm.Warmup && len(qs) > 0; i++ {
		run(qs[i%len(qs)])
	}
	lat := make([]time.Duration, len(qs))
	reps := make([]time.Duration, tm.Repetitions)
	var wall time.Duration
	for i, q := range qs {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		for rep := range reps {
			t0 := time.Now()
			run(q)
			reps[rep] = time.Since(t0)
		}
		slices.Sort(reps)
		lat[i] = reps[len(reps)/2]
		wall += lat[i]
	}
	// The exact answer is already verified: both latency column families hold the same figure.
	ls := SummariseLatencies(lat, wall)
	r.Fields = append(r.Fields, latencyFields("", ls)...)
	r.Fields = append(r.Fields, latencyFields("verify_", ls)...)
	if k > 0 && len(s.Truth.Thresholds) > 0 {
		// The threshold query at the first threshold, to compare with LSH threshold answers.
		tlat := make([]time.Duration, len(qs))
		var twall time.Duration
		for i, q := range qs {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			set := p.sets.Set(int(q))
			for rep := range reps {
				t0 := time.Now()
				p.ix.ThresholdQuery(set, int(q), th, sc)
				reps[rep] = time.Since(t0)
			}
			slices.Sort(reps)
			tlat[i] = reps[len(reps)/2]
			twall += tlat[i]
		}
		r.Fields = append(r.Fields, latencyFields("threshold_", SummariseLatencies(tlat, twall))...)
	}
	if k > 0 {
		// The exact top-k path checked against the truth lists (computed by the threshold path).
		var sum float64
		var n int
		for qi, q := range p.queries {
			kth, want := truthTopK(p.overlaps[qi], k)
			if want == 0 {
				continue
			}
			ans := p.ix.TopK(p.sets.Set(int(q)), int(q), k, sc)
			js := make([]float64, len(ans))
			for i, a := range ans {
				js[i] = a.Jaccard
			}
			sum += TopKRecall(js, kth, want)
			n++
		}
		r.Add("topk", k)
		r.Add("recall_at_k", safeDiv(sum, float64(n)))
	}
	return []Record{r}, nil
}
