package experiments

import (
	"cmp"
	"container/heap"
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"time"

	"lshbench/algorithms/exact"
	"lshbench/algorithms/lsh"
)

// NumBuckets is the number of equal-width exact-similarity bins of the S-curve and estimation
// error columns (bin i covers [i/20, (i+1)/20), the last one [0.95, 1]).
const NumBuckets = 20

// evaluator holds the per-query scratch shared by the cells of one sketch.
type evaluator struct {
	spec *Spec
	p    *prepared
	sk   *sketched
	thr  []exact.Threshold
	// exactJ/stamp give the exact similarity of any set to the current query (0 when disjoint).
	exactJ []float64
	ovPos  []uint32
	stamp  []uint32
	epoch  uint32
}

func newEvaluator(s *Spec, p *prepared, sk *sketched) (*evaluator, error) {
	n := p.sets.Len()
	ev := &evaluator{spec: s, p: p, sk: sk, exactJ: make([]float64, n), ovPos: make([]uint32, n),
		stamp: make([]uint32, n)}
	for _, t := range s.Truth.Thresholds {
		th, err := thresholdOf(t)
		if err != nil {
			return nil, err
		}
		ev.thr = append(ev.thr, th)
	}
	return ev, nil
}

// load makes exactJ answer for query qi.
func (ev *evaluator) load(qi int) {
	ev.epoch++
	for i, n := range ev.p.overlaps[qi] {
		ev.exactJ[n.ID] = n.Jaccard
		ev.ovPos[n.ID] = uint32(i)
		ev.stamp[n.ID] = ev.epoch
	}
}

func (ev *evaluator) jaccard(c uint32) float64 {
	if ev.stamp[c] == ev.epoch {
		return ev.exactJ[c]
	}
	return 0
}

// sketchFields returns the sketch's build figures and its estimation error over every
// overlapping query pair, overall and per exact-similarity bin.
func (ev *evaluator) sketchFields() []Field {
	p, sk := ev.p, ev.sk
	b := NewBuckets(NumBuckets)
	var n int64
	var sum, sum2 float64
	for qi, q := range p.queries {
		for _, nb := range p.overlaps[qi] {
			est := sk.sig.Estimate(int(q), int(nb.ID))
			b.Add(nb.Jaccard, false, est)
			e := est - nb.Jaccard
			sum += e
			sum2 += e * e
			n++
		}
	}
	var r Record
	r.Add("signature_bytes", sk.sig.Bytes())
	r.Add("signature_bytes_per_set", float64(sk.sig.Bytes())/float64(max(p.sets.Len(), 1)))
	r.AddTiming("sketch_build_s", sk.build.Seconds())
	r.AddTiming("sketch_elems_per_s", float64(sk.elems)/sk.build.Seconds())
	r.Add("est_pairs", n)
	r.Add("est_bias", safeDiv(sum, float64(n)))
	r.Add("est_rmse", math.Sqrt(safeDiv(sum2, float64(n))))
	for i := 0; i < NumBuckets; i++ {
		cnt := float64(b.Pairs[i])
		r.Add(fmt.Sprintf("est_bias_j%02d", i), safeDiv(b.ErrSum[i], cnt))
		r.Add(fmt.Sprintf("est_rmse_j%02d", i), math.Sqrt(safeDiv(b.Err2[i], cnt)))
	}
	return r.Fields
}

func safeDiv(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// dataFields describes the data set and the query sample.
func (p *prepared) dataFields() []Field {
	var r Record
	r.Add("sets", p.sets.Len())
	r.Add("elements", p.sets.NumElems())
	r.Add("queries", len(p.queries))
	r.Add("query_size_mean", p.sizeMean)
	r.Add("query_size_max", p.sizeMax)
	return r.Fields
}

// queryCands is the candidate list of one query with, per candidate, the first band that found
// it (non-decreasing), its estimated similarity, its exact similarity from the truth lists, and
// its intersection and union with the query recomputed by merging the two sets (the exact
// verification step, independent of the truth lists).
type queryCands struct {
	ids          []uint32
	first        []uint32
	est          []float64
	exact        []float64
	inter, union []uint32
}

// newQueryCands fills the per-candidate figures of query qi (ev.load(qi) must be current).
func (ev *evaluator) newQueryCands(q uint32, ids, first []uint32) queryCands {
	n := len(ids)
	cq := queryCands{ids: slices.Clone(ids), first: slices.Clone(first), est: make([]float64, n),
		exact: make([]float64, n), inter: make([]uint32, n), union: make([]uint32, n)}
	if first == nil {
		cq.first = make([]uint32, n)
	}
	qs := ev.p.sets.Set(int(q))
	for j, id := range ids {
		cq.est[j] = ev.sk.sig.Estimate(int(q), int(id))
		cq.exact[j] = ev.jaccard(id)
		cs := ev.p.sets.Set(int(id))
		in := exact.Intersect(qs, cs)
		cq.inter[j], cq.union[j] = uint32(in), uint32(len(qs)+len(cs)-in)
	}
	return cq
}

// bandingCell evaluates a banding or multi-probe cell: one index of max(Bands) bands of R rows
// measured as every b of the cell by band prefixes.
func (ev *evaluator) bandingCell(ctx context.Context, c Cell, workers int) ([]Record, error) {
	variant := lsh.Banding
	if c.Kind == KindMultiProbe {
		variant = lsh.MultiProbe
	}
	bmax := c.Bands[len(c.Bands)-1]
	params := lsh.Params{B: bmax, R: c.R}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	t0 := time.Now()
	ix, err := lsh.Build(ctx, ev.sk.rows, lsh.Options{Params: params, Variant: variant, Workers: workers}, nil)
	if err != nil {
		return nil, err
	}
	buildTime := time.Since(t0)
	heapAfter := heapAfterGC()
	qr := ix.NewQuerier()

	// Collect every query's candidates once, with their first band.
	qc := make([]queryCands, len(ev.p.queries))
	var first []uint32
	for qi, q := range ev.p.queries {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var ids []uint32
		ids, first = qr.CandidatesByBand(int(q), first)
		ev.load(qi)
		qc[qi] = ev.newQueryCands(q, ids, first)
	}
	accuracy := ev.candidateFields(qc, c.Bands)
	timed := timedBands(c.Bands, ev.spec.Timing.MaxTimed)
	recs := make([]Record, 0, len(c.Bands))
	for bi, b := range c.Bands {
		var r Record
		r.Add("b", b)
		r.Add("unused_positions", c.K-b*c.R)
		r.Add("threshold_theory", lsh.Params{B: b, R: c.R}.Threshold())
		r.Fields = append(r.Fields, accuracy[bi]...)
		if timed[b] {
			lat, vlat, err := ev.timeBanding(ctx, ix, b)
			if err != nil {
				return nil, err
			}
			r.Fields = append(r.Fields, latencyFields("", lat)...)
			r.Fields = append(r.Fields, latencyFields("verify_", vlat)...)
		}
		// The index of b bands is the first b bands of the bmax-band index: its bytes are exact.
		// Its build time is measured for b = bmax and prorated by bands otherwise (every band's
		// table costs the same to build); index_build_prorated says which.
		bytes := ix.PrefixBytes(b)
		r.Add("index_bytes", bytes)
		r.Add("index_bytes_per_set", float64(bytes)/float64(max(ev.p.sets.Len(), 1)))
		r.AddTiming("index_build_s", buildTime.Seconds()*float64(b)/float64(bmax))
		r.Add("index_build_prorated", b != bmax)
		r.AddTiming("heap_after_build_bytes", int64(heapAfter))
		r.AddTiming("heap_index_measured_bytes", int64(heapAfter)-int64(before.HeapAlloc))
		recs = append(recs, r)
	}
	return recs, nil
}

// timedBands returns the band counts whose latency is measured: all of them when there are at most
// limit (or limit <= 0), otherwise a geometric ladder (1, 2, 3, 4, 6, 8, 12, ...) plus the largest, so
// that a grid with hundreds of b values is still timed across its whole range.
func timedBands(bands []int, limit int) map[int]bool {
	out := make(map[int]bool, len(bands))
	if limit <= 0 || len(bands) <= limit {
		for _, b := range bands {
			out[b] = true
		}
		return out
	}
	ladder := map[int]bool{}
	for x := 1; x <= bands[len(bands)-1]; x *= 2 {
		ladder[x], ladder[x+x/2] = true, true
	}
	for _, b := range bands {
		if ladder[b] {
			out[b] = true
		}
	}
	out[bands[len(bands)-1]] = true
	return out
}

func heapAfterGC() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// bandAcc accumulates the accuracy figures of one band prefix over the queries.
type bandAcc struct {
	counts                []float64 // candidates per query
	total                 float64
	recallEst, recallCand float64
	nRecall               int
	raw, est, exv         []Counts
	hits                  [NumBuckets]int64
}

// candidateFields computes the accuracy metrics of the indexes made of the first b bands, for
// each b of bands (ascending), in one pass over every query's candidates: candidates arrive in
// order of the first band that found them, so the running counts at each b are exactly the
// figures of the b-band index. It returns one field list per b.
func (ev *evaluator) candidateFields(qc []queryCands, bands []int) [][]Field {
	p := ev.p
	k := ev.spec.Truth.TopK
	nt := len(ev.thr)
	accs := make([]bandAcc, len(bands))
	for bi := range accs {
		accs[bi] = bandAcc{counts: make([]float64, len(qc)), raw: make([]Counts, nt), est: make([]Counts, nt), exv: make([]Counts, nt)}
	}
	var pairs [NumBuckets]int64
	var jsum [NumBuckets]float64
	h := &estHeap{}
	rel := make([]int, nt)
	rawTP := make([]int64, nt)
	exvR, exvTP := make([]int64, nt), make([]int64, nt)
	estR, estTP := make([]int64, nt), make([]int64, nt)
	tf := make([]float64, nt)
	for ti, t := range ev.thr {
		tf[ti] = float64(t.Num) / float64(t.Den)
	}
	var exactBuf []float64
	for qi := range qc {
		cq := &qc[qi]
		ov := p.overlaps[qi]
		ev.load(qi)
		// S-curve: every overlapping set is a pair of known similarity, a hit when it is a
		// candidate. Disjoint sets (similarity 0) are not pairs of the curve.
		for _, nb := range ov {
			i := bucketOf(nb.Jaccard)
			pairs[i]++
			jsum[i] += nb.Jaccard
		}
		kth, want := 0.0, 0
		if k > 0 {
			kth, want = truthTopK(ov, k)
			h.reset(want)
		}
		for ti, t := range ev.thr {
			rel[ti] = 0
			for _, nb := range ov {
				if !atLeast(nb, t) {
					break
				}
				rel[ti]++
			}
			rawTP[ti], exvR[ti], exvTP[ti], estR[ti], estTP[ti] = 0, 0, 0, 0, 0
		}
		var hits [NumBuckets]int64
		hitCand, j := 0, 0
		for bi, b := range bands {
			for ; j < len(cq.ids) && int(cq.first[j]) < b; j++ {
				id := cq.ids[j]
				overlapping := ev.stamp[id] == ev.epoch
				if overlapping {
					hits[bucketOf(cq.exact[j])]++
				}
				if want > 0 {
					if s := cq.exact[j]; s > 0 && s >= kth-TieEpsilon {
						hitCand++
					}
					h.offer(id, cq.est[j], cq.exact[j])
				}
				for ti, t := range ev.thr {
					trueHit := overlapping && atLeast(ov[ev.ovPos[id]], t)
					if trueHit {
						rawTP[ti]++
					}
					// Exact verification recomputes the similarity by merging the two sets.
					if cq.union[j] > 0 && int64(cq.inter[j])*t.Den >= t.Num*int64(cq.union[j]) {
						exvR[ti]++
						if trueHit {
							exvTP[ti]++
						}
					}
					if cq.est[j] >= tf[ti] {
						estR[ti]++
						if trueHit {
							estTP[ti]++
						}
					}
				}
			}
			a := &accs[bi]
			a.counts[qi] = float64(j)
			a.total += float64(j)
			if want > 0 {
				// Candidate recall: true top-k members among the candidates (exact re-ranking);
				// estimated re-ranking: the k best candidates by estimate, judged by exact J.
				a.recallCand += float64(min(hitCand, want)) / float64(want)
				exactBuf = h.exactSorted(exactBuf)
				a.recallEst += TopKRecall(exactBuf, kth, want)
				a.nRecall++
			}
			for ti := range ev.thr {
				r := int64(rel[ti])
				a.raw[ti].Relevant += r
				a.est[ti].Relevant += r
				a.exv[ti].Relevant += r
				a.raw[ti].Retrieved += int64(j)
				a.raw[ti].TruePos += rawTP[ti]
				a.exv[ti].Retrieved += exvR[ti]
				a.exv[ti].TruePos += exvTP[ti]
				a.est[ti].Retrieved += estR[ti]
				a.est[ti].TruePos += estTP[ti]
			}
			for i := range hits {
				a.hits[i] += hits[i]
			}
		}
	}
	out := make([][]Field, len(bands))
	for bi := range accs {
		a := &accs[bi]
		slices.Sort(a.counts)
		var r Record
		r.Add("cand_mean", a.total/float64(len(qc)))
		r.Add("cand_p50", Quantile(a.counts, 0.5))
		r.Add("cand_p99", Quantile(a.counts, 0.99))
		r.Add("cand_fraction", a.total/float64(len(qc))/float64(max(p.sets.Len(), 1)))
		if k > 0 {
			r.Add("topk", k)
			r.Add("recall_at_k", safeDiv(a.recallEst, float64(a.nRecall)))
			r.Add("recall_at_k_candidates", safeDiv(a.recallCand, float64(a.nRecall)))
		}
		for ti := range ev.thr {
			tn := fmt.Sprintf("t%g", ev.spec.Truth.Thresholds[ti])
			r.Add("relevant_"+tn, a.raw[ti].Relevant)
			r.Add("recall_raw_"+tn, a.raw[ti].Recall())
			r.Add("precision_raw_"+tn, a.raw[ti].Precision())
			r.Add("recall_est_"+tn, a.est[ti].Recall())
			r.Add("precision_est_"+tn, a.est[ti].Precision())
			r.Add("f1_est_"+tn, a.est[ti].F1())
			r.Add("recall_exact_"+tn, a.exv[ti].Recall())
			r.Add("precision_exact_"+tn, a.exv[ti].Precision())
			r.Add("f1_exact_"+tn, a.exv[ti].F1())
		}
		for i := 0; i < NumBuckets; i++ {
			r.Add(fmt.Sprintf("pairs_j%02d", i), pairs[i])
			r.Add(fmt.Sprintf("jmean_j%02d", i), safeDiv(jsum[i], float64(pairs[i])))
			r.Add(fmt.Sprintf("hits_j%02d", i), a.hits[i])
		}
		out[bi] = r.Fields
	}
	return out
}

// bucketOf returns the S-curve bin of similarity s.
func bucketOf(s float64) int { return min(max(int(s*NumBuckets), 0), NumBuckets-1) }

// estHeap keeps the want best candidates by estimated similarity (ties: lower id first).
type estHeap struct {
	want  int
	items []estItem
}

type estItem struct {
	id         uint32
	est, exact float64
}

func (h *estHeap) reset(want int) { h.want, h.items = want, h.items[:0] }

// worse reports whether a ranks below b.
func worse(a, b estItem) bool {
	if a.est != b.est {
		return a.est < b.est
	}
	return a.id > b.id
}

func (h *estHeap) Len() int           { return len(h.items) }
func (h *estHeap) Less(i, j int) bool { return worse(h.items[i], h.items[j]) }
func (h *estHeap) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *estHeap) Push(x any)         { h.items = append(h.items, x.(estItem)) }
func (h *estHeap) Pop() any {
	it := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return it
}

func (h *estHeap) offer(id uint32, est, ex float64) {
	it := estItem{id, est, ex}
	if len(h.items) < h.want {
		heap.Push(h, it)
		return
	}
	if worse(h.items[0], it) {
		h.items[0] = it
		heap.Fix(h, 0)
	}
}

// exactSorted returns the kept items' exact similarities, best estimate first, in dst's storage.
func (h *estHeap) exactSorted(dst []float64) []float64 {
	items := slices.Clone(h.items)
	slices.SortFunc(items, func(a, b estItem) int {
		if worse(a, b) {
			return 1
		}
		if worse(b, a) {
			return -1
		}
		return cmp.Compare(a.id, b.id)
	})
	dst = dst[:0]
	for _, it := range items {
		dst = append(dst, it.exact)
	}
	return dst
}

// timeBanding measures per-query latency of candidate retrieval with the first b bands, and of
// retrieval plus verification (estimating every candidate and selecting the top-k, or the
// threshold answer at the first threshold when no top-k is asked).
func (ev *evaluator) timeBanding(ctx context.Context, ix *lsh.Index, b int) (LatencySummary, LatencySummary, error) {
	return ev.timeQueries(ctx, func() func(q uint32) []uint32 {
		qr := ix.NewQuerier()
		return func(q uint32) []uint32 { return qr.CandidatesPrefix(int(q), b) }
	})
}

// timeQueries times retrieve over the timed queries (warm-up first, the median of the
// repetitions per query), with and without verification. newRetrieve returns a retrieval function
// with its own scratch; with timing.threads > 1 the throughput of that many goroutines issuing the
// verified queries concurrently is measured as well (LatencySummary.QPS of the second result).
func (ev *evaluator) timeQueries(ctx context.Context, newRetrieve func() func(q uint32) []uint32) (LatencySummary, LatencySummary, error) {
	retrieve := newRetrieve()
	tm := ev.spec.Timing
	qs := ev.p.queries
	if tm.Queries > 0 && tm.Queries < len(qs) {
		qs = qs[:tm.Queries]
	}
	for i := 0; i < tm.Warmup && len(qs) > 0; i++ {
		retrieve(qs[i%len(qs)])
	}
	k := ev.spec.Truth.TopK
	var tf float64
	if len(ev.thr) > 0 {
		tf = float64(ev.thr[0].Num) / float64(ev.thr[0].Den)
	}
	sig := ev.sk.sig
	h := &estHeap{}
	var sink int
	verify := func(q uint32) {
		cands := retrieve(q)
		if k > 0 {
			h.reset(k)
			for _, c := range cands {
				h.offer(c, sig.Estimate(int(q), int(c)), 0)
			}
			sink += len(h.items)
			return
		}
		for _, c := range cands {
			if sig.Estimate(int(q), int(c)) >= tf {
				sink++
			}
		}
	}
	lat := make([]time.Duration, len(qs))
	vlat := make([]time.Duration, len(qs))
	reps := make([]time.Duration, tm.Repetitions)
	var wall, vwall time.Duration
	for pass := 0; pass < 2; pass++ {
		for i, q := range qs {
			if ctx.Err() != nil {
				return LatencySummary{}, LatencySummary{}, ctx.Err()
			}
			for rep := range reps {
				t0 := time.Now()
				if pass == 0 {
					sink += len(retrieve(q))
				} else {
					verify(q)
				}
				reps[rep] = time.Since(t0)
			}
			slices.Sort(reps)
			med := reps[len(reps)/2]
			if pass == 0 {
				lat[i] = med
				wall += med
			} else {
				vlat[i] = med
				vwall += med
			}
		}
	}
	_ = sink
	ls, vs := SummariseLatencies(lat, wall), SummariseLatencies(vlat, vwall)
	if tm.Threads > 1 {
		vs.QPS = ev.parallelQPS(qs, tm.Threads, newRetrieve)
	}
	return ls, vs, nil
}

// parallelQPS runs the verified queries qs on threads goroutines (query i on goroutine
// i mod threads) and returns queries per second of wall time.
func (ev *evaluator) parallelQPS(qs []uint32, threads int, newRetrieve func() func(q uint32) []uint32) float64 {
	sig := ev.sk.sig
	var wg sync.WaitGroup
	t0 := time.Now()
	for w := 0; w < threads; w++ {
		retrieve := newRetrieve()
		wg.Go(func() {
			for i := w; i < len(qs); i += threads {
				q := qs[i]
				for _, c := range retrieve(q) {
					sig.Estimate(int(q), int(c))
				}
			}
		})
	}
	wg.Wait()
	return float64(len(qs)) / time.Since(t0).Seconds()
}

// latencyFields renders a latency summary as timing columns with the given name prefix.
func latencyFields(prefix string, l LatencySummary) []Field {
	us := func(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e3 }
	var r Record
	r.AddTiming(prefix+"latency_p50_us", us(l.P50))
	r.AddTiming(prefix+"latency_p95_us", us(l.P95))
	r.AddTiming(prefix+"latency_p99_us", us(l.P99))
	r.AddTiming(prefix+"latency_max_us", us(l.Max))
	r.AddTiming(prefix+"latency_mean_us", us(l.Mean))
	r.AddTiming(prefix+"qps", l.QPS)
	return r.Fields
}
