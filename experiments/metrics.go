package experiments

import (
	"math"
	"slices"
	"time"
)

// TieEpsilon is the slack of tie-aware recall: a returned item counts as a true top-k neighbour
// when its exact similarity is at least the k-th exact similarity minus TieEpsilon (the
// convention of ann-benchmarks).
const TieEpsilon = 1e-3

// TopKRecall returns the tie-aware recall of one query: returned holds the exact similarities of
// the returned items (at most k of them are considered, in the order given), kth is the k-th
// largest exact similarity among all candidates and want is min(k, number of sets with positive
// similarity). Items with similarity 0 never count. It returns NaN when want is 0.
func TopKRecall(returned []float64, kth float64, want int) float64 {
	if want == 0 {
		return math.NaN()
	}
	hit := 0
	for i, s := range returned {
		if i == want {
			break
		}
		if s > 0 && s >= kth-TieEpsilon {
			hit++
		}
	}
	return float64(hit) / float64(want)
}

// Counts pools the confusion counts of a retrieval task over queries (micro-averaging).
type Counts struct {
	TruePos, Retrieved, Relevant int64
}

// Recall returns TruePos/Relevant, NaN when nothing was relevant.
func (c Counts) Recall() float64 { return ratio(c.TruePos, c.Relevant) }

// Precision returns TruePos/Retrieved, NaN when nothing was retrieved.
func (c Counts) Precision() float64 { return ratio(c.TruePos, c.Retrieved) }

// F1 returns the harmonic mean of precision and recall (0 when both are 0).
func (c Counts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if math.IsNaN(p) || math.IsNaN(r) {
		return math.NaN()
	}
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return float64(a) / float64(b)
}

// Quantile returns the q-quantile (0 <= q <= 1) of sorted values by the nearest-rank method; NaN
// for an empty slice.
func Quantile(sorted []float64, q float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	i := int(math.Ceil(q*float64(n))) - 1
	return sorted[min(max(i, 0), n-1)]
}

// LatencySummary holds the distribution of per-query latencies.
type LatencySummary struct {
	P50, P95, P99, Max, Mean time.Duration
	QPS                      float64
}

// SummariseLatencies returns percentiles of d (which it sorts) and the throughput of one thread
// issuing the queries back to back, or of threads issuing them in parallel within wall.
func SummariseLatencies(d []time.Duration, wall time.Duration) LatencySummary {
	if len(d) == 0 {
		return LatencySummary{}
	}
	slices.Sort(d)
	var sum time.Duration
	f := make([]float64, len(d))
	for i, x := range d {
		sum += x
		f[i] = float64(x)
	}
	s := LatencySummary{
		P50:  time.Duration(Quantile(f, 0.50)),
		P95:  time.Duration(Quantile(f, 0.95)),
		P99:  time.Duration(Quantile(f, 0.99)),
		Max:  d[len(d)-1],
		Mean: sum / time.Duration(len(d)),
	}
	if wall > 0 {
		s.QPS = float64(len(d)) / wall.Seconds()
	}
	return s
}

// Buckets is a histogram over similarity in [0, 1] with equal-width bins; the last bin is closed.
type Buckets struct {
	N            int
	Pairs, Hits  []int64
	ErrSum, Err2 []float64
}

// NewBuckets returns n empty bins.
func NewBuckets(n int) *Buckets {
	return &Buckets{N: n, Pairs: make([]int64, n), Hits: make([]int64, n), ErrSum: make([]float64, n), Err2: make([]float64, n)}
}

// Bin returns the bin of similarity s.
func (b *Buckets) Bin(s float64) int {
	i := int(s * float64(b.N))
	return min(max(i, 0), b.N-1)
}

// Add records one pair with exact similarity s, whether it was a candidate, and the estimate
// (NaN to skip the error statistics).
func (b *Buckets) Add(s float64, hit bool, estimate float64) {
	i := b.Bin(s)
	b.Pairs[i]++
	if hit {
		b.Hits[i]++
	}
	if !math.IsNaN(estimate) {
		e := estimate - s
		b.ErrSum[i] += e
		b.Err2[i] += e * e
	}
}

// Merge adds o's counts into b.
func (b *Buckets) Merge(o *Buckets) {
	for i := range b.Pairs {
		b.Pairs[i] += o.Pairs[i]
		b.Hits[i] += o.Hits[i]
		b.ErrSum[i] += o.ErrSum[i]
		b.Err2[i] += o.Err2[i]
	}
}
