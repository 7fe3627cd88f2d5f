package community

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"

	"lshbench/datasets"
)

// LoopPolicy says which self-loops WALKTRAP's random walk uses. The loops of the input graph
// (Weighted.Loop) are never used: a similarity graph's self-similarity is not a walk step.
type LoopPolicy uint8

const (
	// MeanLoops gives every vertex a loop whose weight is the mean weight of its edges (1 for a
	// vertex without edges). It is what the reference implementation of Pons and Latapy (also
	// used by igraph) does; on an unweighted graph every loop has weight 1. It is the default.
	MeanLoops LoopPolicy = iota
	// UnitLoops gives every vertex a loop of weight 1, whatever the scale of the weights.
	UnitLoops
	// NoLoops adds no loops, except a loop of weight 1 on a vertex without edges so that its walk
	// is defined.
	NoLoops
)

// String returns "mean", "unit" or "none".
func (p LoopPolicy) String() string {
	switch p {
	case MeanLoops:
		return "mean"
	case UnitLoops:
		return "unit"
	case NoLoops:
		return "none"
	}
	return fmt.Sprintf("LoopPolicy(%d)", p)
}

// DefaultSteps is the default walk length t of WALKTRAP.
const DefaultSteps = 4

// DefaultWalktrapMaxBytes caps the dense probability vectors (n*n float64) of one WALKTRAP run.
const DefaultWalktrapMaxBytes = 2 << 30

// WalktrapOptions controls Walktrap. The zero value is the standard configuration: walks of
// length 4, MeanLoops.
type WalktrapOptions struct {
	// Steps is the walk length t (DefaultSteps when 0).
	Steps int
	// Loops chooses the self-loops of the walk.
	Loops LoopPolicy
	// MaxBytes bounds the memory of the probability vectors, n*n*8 bytes; a larger graph is an
	// error. 0 means DefaultWalktrapMaxBytes.
	MaxBytes int64
	// Workers is the number of goroutines computing the walk vectors and the initial Delta sigma
	// (when 0: GOMAXPROCS, but one per 256 vertices at most). The result does not depend on it.
	Workers int
	// Progress receives merges done out of N-1.
	Progress datasets.Progress
}

// Merge is one step of the dendrogram. Community ids: 0..N-1 are the single vertices, and merge
// number k (0-based) creates community N+k.
type Merge struct {
	// A < B are the two communities merged.
	A, B int
	// Into is the id of the new community, N + the merge's index.
	Into int
	// DeltaSigma is the increase of sigma caused by the merge: (1/N) |A||B|/(|A|+|B|) r^2_AB.
	DeltaSigma float64
	// Size is |A| + |B|.
	Size int
}

// Dendrogram is the result of an agglomerative clustering of N vertices.
type Dendrogram struct {
	// N is the number of vertices.
	N int
	// Merges lists the merges in order. A disconnected graph has fewer than N-1 merges: WALKTRAP
	// never merges communities that share no edge.
	Merges []Merge
	// Modularity[k] is the weighted modularity (see Modularity) of the partition after the first
	// k merges; it has len(Merges)+1 entries. All are 0 for a graph without edges.
	Modularity []float64
}

// Cut returns the partition after the first merges merges as dense labels 0..communities-1,
// numbered in the order of their smallest vertex. O(N + merges).
func (d *Dendrogram) Cut(merges int) ([]int, error) {
	if merges < 0 || merges > len(d.Merges) {
		return nil, fmt.Errorf("dendrogram cut after %d merges: want 0..%d", merges, len(d.Merges))
	}
	ids := d.N + merges
	up := make([]int, ids)
	for i := range up {
		up[i] = -1
	}
	for _, m := range d.Merges[:merges] {
		up[m.A], up[m.B] = m.Into, m.Into
	}
	// A community's parent has a larger id, so a descending pass resolves every root.
	for c := ids - 1; c >= 0; c-- {
		if up[c] < 0 {
			up[c] = c
		} else {
			up[c] = up[up[c]]
		}
	}
	return Relabel(up[:d.N]), nil
}

// CutCommunities returns the partition into k communities, the level after N-k merges. It is an
// error when the dendrogram never has k communities.
func (d *Dendrogram) CutCommunities(k int) ([]int, error) {
	if k < d.N-len(d.Merges) || k > d.N || (k < 1 && d.N > 0) {
		return nil, fmt.Errorf("dendrogram: no level with %d communities (levels have %d..%d)", k, d.N-len(d.Merges), d.N)
	}
	return d.Cut(d.N - k)
}

// Best returns the level of highest modularity: its labels, the number of merges and the
// modularity. Ties go to the level with fewer merges.
func (d *Dendrogram) Best() (labels []int, merges int, q float64) {
	for k, x := range d.Modularity {
		if k == 0 || x > q {
			merges, q = k, x
		}
	}
	labels, _ = d.Cut(merges)
	return labels, merges, q
}

// Walktrap runs the WALKTRAP algorithm of Pons and Latapy (2005) on g and returns the full
// dendrogram. The definitions it implements are in the package documentation.
//
// Each vertex's walk vector P^t_i. is computed exactly (dense, n*n float64 in all); the merge
// of communities C1 and C2 replaces their vectors by P_C = (|C1| P_C1 + |C2| P_C2)/(|C1|+|C2|);
// Delta sigma to a community adjacent to both is updated with the exact Lance-Williams-type
// formula of the paper (its Theorem 4) and computed from the vectors otherwise. Pairs are kept in
// a binary min-heap keyed by (Delta sigma rounded to 40 significant bits, smaller id, larger id):
// values that differ only by floating-point noise usually round to the same key, so symmetric
// merges are ordered by ids rather than by noise (two such values that straddle a rounding
// boundary, about 1 case in 100 at a relative difference of 1e-14, are still ordered by value).
// The result is deterministic: same graph and options, same dendrogram.
//
// Time: O(n * t * (n + m)) for the walk vectors (spread over Workers) plus, per merge, O(n) for
// the new vector and O(n) for each neighbour adjacent to only one of the merged communities;
// O(m n^2) in the worst case. Memory: n*n*8 bytes plus O(m).
func Walktrap(ctx context.Context, g *Weighted, opt WalktrapOptions) (*Dendrogram, error) {
	n := g.N()
	steps := opt.Steps
	if steps == 0 {
		steps = DefaultSteps
	}
	if steps < 0 {
		return nil, fmt.Errorf("walktrap: walk length %d < 0", steps)
	}
	if opt.Loops > NoLoops {
		return nil, fmt.Errorf("walktrap: unknown loop policy %d", opt.Loops)
	}
	maxBytes := opt.MaxBytes
	if maxBytes == 0 {
		maxBytes = DefaultWalktrapMaxBytes
	}
	if need := int64(n) * int64(n) * 8; need > maxBytes {
		return nil, fmt.Errorf("walktrap: %d vertices need %d bytes of walk vectors, above the limit of %d", n, need, maxBytes)
	}
	d := &Dendrogram{N: n, Modularity: make([]float64, 1, n+1)}
	if n == 0 {
		return d, nil
	}
	w := newWalktrap(g, steps, opt.Loops)
	workers := opt.Workers
	if workers <= 0 {
		// Goroutines pay off from a few hundred vertices on.
		workers = min(runtime.GOMAXPROCS(0), (n+255)/256)
	}
	if err := w.vectors(ctx, workers); err != nil {
		return nil, err
	}
	w.initPairs(workers)

	total := g.TotalWeight()
	q := 0.0
	if total > 0 {
		for v := 0; v < n; v++ {
			s := g.Strength(uint32(v)) / (2 * total)
			q -= s * s
		}
	}
	d.Modularity[0] = q
	d.Merges = make([]Merge, 0, n-1)
	for len(w.heap) > 0 {
		if len(d.Merges)%64 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("walktrap: %w", err)
			}
			opt.Progress.Report(int64(len(d.Merges)), int64(n-1))
		}
		p := w.heap[0]
		if !w.pairs[p].exact {
			// A lower bound reached the top: replace it by the exact value and look again.
			w.setDS(p, w.deltaSigma(w.pairs[p].a, w.pairs[p].b))
			w.pairs[p].exact = true
			w.fix(0)
			continue
		}
		pr := w.pairs[p]
		c1, c2 := pr.a, pr.b
		if total > 0 {
			q += pr.w/total - w.str[c1]*w.str[c2]/(2*total*total)
		}
		into := int32(n + len(d.Merges))
		d.Merges = append(d.Merges, Merge{A: int(c1), B: int(c2), Into: int(into), DeltaSigma: pr.ds, Size: int(w.size[c1] + w.size[c2])})
		d.Modularity = append(d.Modularity, q)
		w.merge(p, into)
	}
	opt.Progress.Report(int64(n-1), int64(n-1))
	return d, nil
}

// wpair is an adjacent pair of communities a < b, with the weight of the edges between them.
type wpair struct {
	a, b  int32
	pos   int32 // index in the heap
	exact bool  // ds is exact; otherwise it is a lower bound
	w, ds float64
	key   float64 // ds rounded for tie-breaking
}

// nbrEntry names an adjacent community and the pair record shared with it.
type nbrEntry struct {
	c, p int32
}

type walktrap struct {
	g     *Weighted
	n     int
	steps int
	inv   float64 // 1/n
	deg   []float64
	loop  []float64
	vec   []float64    // slot s holds vec[s*n:(s+1)*n]
	slot  []int32      // community id -> slot
	size  []int32      // community id -> number of vertices
	str   []float64    // community id -> sum of strengths (loops excluded), for modularity
	nbr   [][]nbrEntry // sorted by community id; entries naming a dead community are stale
	dead  []bool       // community id -> merged into another
	pairs []wpair
	heap  []int32
}

func newWalktrap(g *Weighted, steps int, loops LoopPolicy) *walktrap {
	n := g.N()
	w := &walktrap{
		g: g, n: n, steps: steps, inv: 1 / float64(n),
		deg:  make([]float64, n),
		loop: make([]float64, n),
		vec:  make([]float64, n*n),
		slot: make([]int32, 2*n),
		size: make([]int32, 2*n),
		str:  make([]float64, 2*n),
		nbr:  make([][]nbrEntry, 2*n),
		dead: make([]bool, 2*n),
	}
	for v := 0; v < n; v++ {
		s := g.Strength(uint32(v))
		k := g.Degree(uint32(v))
		var l float64
		switch {
		case k == 0:
			l = 1
		case loops == MeanLoops:
			l = s / float64(k)
		case loops == UnitLoops:
			l = 1
		}
		w.loop[v] = l
		w.deg[v] = s + l
		w.slot[v] = int32(v)
		w.size[v] = 1
		w.str[v] = s
	}
	return w
}

// lanes is the number of walk vectors computed together: one pass over the adjacency serves
// them all.
const lanes = 8

// vectors fills slot i with P^t_i. / sqrt(d), blocks of lanes rows at a time, blocks spread over
// the workers. Each row depends only on the graph, so the result does not depend on the workers.
//
// The walk is kept in the form y = p / d (elementwise): since A is symmetric, one step
// p'_k = sum_j p_j A_jk / d_j becomes y'_k = (loop_k y_k + sum_{j ~ k} w_kj y_j) / d_k, a gather
// along k's own row.
func (w *walktrap) vectors(ctx context.Context, workers int) error {
	n := w.n
	blocks := (n + lanes - 1) / lanes
	workers = max(1, min(workers, blocks))
	sq := make([]float64, n)
	for k := range sq {
		sq[k] = math.Sqrt(w.deg[k])
	}
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for wk := 0; wk < workers; wk++ {
		wg.Add(1)
		go func(wk int) {
			defer wg.Done()
			y := make([][lanes]float64, n)
			next := make([][lanes]float64, n)
			for b := wk; b < blocks; b += workers {
				if (b/workers)%8 == 0 {
					if err := ctx.Err(); err != nil {
						errs[wk] = fmt.Errorf("walktrap: %w", err)
						return
					}
				}
				lo := b * lanes
				hi := min(n, lo+lanes)
				clear(y)
				// First step: row i of P, divided by d.
				for r, i := 0, lo; i < hi; r, i = r+1, i+1 {
					di := w.deg[i]
					y[i][r] = w.loop[i] / di / di
					adj, wt := w.g.Neighbors(uint32(i))
					for e, k := range adj {
						y[k][r] = wt[e] / di / w.deg[k]
					}
				}
				if w.steps >= 2 {
					// Second step by scattering from the support of the first, which is only
					// each row's closed neighbourhood.
					w.scatter(y, next, lo, hi)
					y, next = next, y
				}
				for s := 2; s < w.steps; s++ {
					w.gather(y, next)
					y, next = next, y
				}
				for r, i := 0, lo; i < hi; r, i = r+1, i+1 {
					row := w.vec[i*n : (i+1)*n]
					for k := range row {
						row[k] = y[k][r] * sq[k]
					}
				}
			}
		}(wk)
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// scatter computes the second walk step of the rows lo..hi-1 (lane r holds row lo+r), whose
// first-step vectors are supported on {i} and i's neighbours: O(sum of their degrees) per row.
func (w *walktrap) scatter(y, next [][lanes]float64, lo, hi int) {
	g := w.g
	clear(next)
	for r, i := 0, lo; i < hi; r, i = r+1, i+1 {
		spread := func(j uint32) {
			yj := y[j][r]
			next[j][r] += yj * w.loop[j]
			a, wt := g.Neighbors(j)
			for e, k := range a {
				next[k][r] += yj * wt[e]
			}
		}
		spread(uint32(i))
		adj, _ := g.Neighbors(uint32(i))
		for _, j := range adj {
			spread(j)
		}
	}
	for k := range next {
		inv := 1 / w.deg[k]
		for r := range next[k] {
			next[k][r] *= inv
		}
	}
}

// gather computes one walk step for all lanes: next_k = (loop_k y_k + sum_{j ~ k} w_kj y_j) / d_k.
func (w *walktrap) gather(y, next [][lanes]float64) {
	g := w.g
	for k := range next {
		yk := &y[k]
		lk := w.loop[k]
		a0, a1, a2, a3 := lk*yk[0], lk*yk[1], lk*yk[2], lk*yk[3]
		a4, a5, a6, a7 := lk*yk[4], lk*yk[5], lk*yk[6], lk*yk[7]
		lo, hi := g.off[k], g.off[k+1]
		adj, wt := g.adj[lo:hi], g.w[lo:hi]
		for e, j := range adj {
			x := wt[e]
			yj := &y[j]
			a0 += x * yj[0]
			a1 += x * yj[1]
			a2 += x * yj[2]
			a3 += x * yj[3]
			a4 += x * yj[4]
			a5 += x * yj[5]
			a6 += x * yj[6]
			a7 += x * yj[7]
		}
		inv := 1 / w.deg[k]
		next[k] = [lanes]float64{a0 * inv, a1 * inv, a2 * inv, a3 * inv, a4 * inv, a5 * inv, a6 * inv, a7 * inv}
	}
}

// dist2 returns the squared distance between the vectors in slots s and t.
func (w *walktrap) dist2(s, t int32) float64 {
	n := w.n
	x := w.vec[int(s)*n : int(s)*n+n]
	y := w.vec[int(t)*n : int(t)*n+n]
	var a0, a1, a2, a3 float64
	k := 0
	for ; k+4 <= n; k += 4 {
		d0 := x[k] - y[k]
		d1 := x[k+1] - y[k+1]
		d2 := x[k+2] - y[k+2]
		d3 := x[k+3] - y[k+3]
		a0 += d0 * d0
		a1 += d1 * d1
		a2 += d2 * d2
		a3 += d3 * d3
	}
	for ; k < n; k++ {
		d0 := x[k] - y[k]
		a0 += d0 * d0
	}
	return (a0 + a1) + (a2 + a3)
}

// deltaSigma returns (1/n) |C1||C2|/(|C1|+|C2|) r^2 from the community vectors.
func (w *walktrap) deltaSigma(c1, c2 int32) float64 {
	s1, s2 := float64(w.size[c1]), float64(w.size[c2])
	return w.inv * s1 * s2 / (s1 + s2) * w.dist2(w.slot[c1], w.slot[c2])
}

// tieKey rounds a non-negative Delta sigma to 40 significant bits, so that values differing only
// by floating-point noise compare equal and the community ids decide. Rounding is monotone, so the
// order stays a strict weak order.
func tieKey(x float64) float64 {
	const drop = 12
	b := math.Float64bits(x)
	b = (b + 1<<(drop-1)) &^ (1<<drop - 1)
	return math.Float64frombits(b)
}

func (w *walktrap) setDS(p int32, ds float64) {
	ds = max(ds, 0) // Lance-Williams updates can round a true 0 slightly below it
	w.pairs[p].ds = ds
	w.pairs[p].key = tieKey(ds)
}

// initPairs creates one pair per edge, computes their Delta sigma (spread over workers; each
// value depends only on its pair) and builds the heap.
func (w *walktrap) initPairs(workers int) {
	g := w.g
	w.pairs = make([]wpair, 0, g.NumEdges())
	for u := 0; u < w.n; u++ {
		adj, wt := g.Neighbors(uint32(u))
		for k, v := range adj {
			if int(v) <= u {
				continue
			}
			p := int32(len(w.pairs))
			w.pairs = append(w.pairs, wpair{a: int32(u), b: int32(v), w: wt[k], exact: true})
			// Rows are visited in ascending u and v, so both lists stay sorted by community id.
			w.nbr[u] = append(w.nbr[u], nbrEntry{int32(v), p})
			w.nbr[v] = append(w.nbr[v], nbrEntry{int32(u), p})
		}
	}
	workers = max(1, min(workers, len(w.pairs)/1024))
	var wg sync.WaitGroup
	for wk := 0; wk < workers; wk++ {
		wg.Add(1)
		go func(wk int) {
			defer wg.Done()
			for p := wk; p < len(w.pairs); p += workers {
				w.setDS(int32(p), w.deltaSigma(w.pairs[p].a, w.pairs[p].b))
			}
		}(wk)
	}
	wg.Wait()
	w.heap = make([]int32, len(w.pairs))
	for i := range w.heap {
		w.heap[i] = int32(i)
		w.pairs[i].pos = int32(i)
	}
	for i := len(w.heap)/2 - 1; i >= 0; i-- {
		w.down(i)
	}
}

// merge merges the two communities of pair p into the new community into.
//
// Delta sigma to each neighbour C of the merged pair follows the Lance-Williams identity of Ward's
// criterion (Theorem 4 of Pons and Latapy), which holds for every C:
//
//	ds(C3, C) = ((s1+sC) ds(C1,C) + (s2+sC) ds(C2,C) - sC ds(C1,C2)) / (s1+s2+sC).
//
// When C is adjacent to both, both terms are known and the result is exact if they are. When C is
// adjacent to C1 only, ds(C2, C) is unknown; the triangle inequality r(C2,C) >= r(C1,C) - r(C1,C2)
// bounds it from below, which gives a lower bound of ds(C3, C), stored as inexact and computed
// exactly from the vectors only if it reaches the top of the heap. An exact pair at the top is
// therefore no larger than any pair's true value: the merge order is that of the exact algorithm.
// Lower bounds are shrunk by a relative 1e-9 so that rounding never lifts them above the truth.
func (w *walktrap) merge(p int32, into int32) {
	pr := w.pairs[p]
	c1, c2 := pr.a, pr.b
	w.remove(p)
	w.dead[c1], w.dead[c2] = true, true
	s1, s2 := float64(w.size[c1]), float64(w.size[c2])
	s3 := s1 + s2
	w.size[into] = w.size[c1] + w.size[c2]
	w.str[into] = w.str[c1] + w.str[c2]
	// The new vector overwrites c1's slot.
	n := w.n
	sl := w.slot[c1]
	x := w.vec[int(sl)*n : int(sl)*n+n]
	y := w.vec[int(w.slot[c2])*n : int(w.slot[c2])*n+n]
	f1, f2 := s1/s3, s2/s3
	for k := range x {
		x[k] = f1*x[k] + f2*y[k]
	}
	w.slot[into] = sl

	r12 := math.Sqrt(pr.ds / w.harm(s1, s2))
	l1, l2 := w.nbr[c1], w.nbr[c2]
	out := make([]nbrEntry, 0, len(l1)+len(l2))
	i, j := 0, 0
	for i < len(l1) || j < len(l2) {
		if i < len(l1) && w.dead[l1[i].c] {
			i++
			continue
		}
		if j < len(l2) && w.dead[l2[j].c] {
			j++
			continue
		}
		var c, q int32
		switch {
		case j == len(l2) || (i < len(l1) && l1[i].c < l2[j].c):
			c, q = l1[i].c, l1[i].p
			i++
			w.oneSided(q, s1, s2, r12, pr.ds)
		case i == len(l1) || l2[j].c < l1[i].c:
			c, q = l2[j].c, l2[j].p
			j++
			w.oneSided(q, s2, s1, r12, pr.ds)
		default:
			c, q = l1[i].c, l1[i].p
			q2 := l2[j].p
			i++
			j++
			sc := float64(w.size[c])
			a, b := &w.pairs[q], &w.pairs[q2]
			ds := ((s1+sc)*a.ds + (s2+sc)*b.ds - sc*pr.ds) / (s3 + sc)
			exact := a.exact && b.exact
			if !exact {
				ds *= 1 - 1e-9
			}
			a.w += b.w
			a.exact = exact
			w.remove(q2)
			w.setDS(q, ds)
		}
		w.pairs[q].a, w.pairs[q].b = c, into
		// into is the largest id so far, so appending keeps c's list sorted.
		w.nbr[c] = append(w.nbr[c], nbrEntry{into, q})
		out = append(out, nbrEntry{c, q})
		w.fix(int(w.pairs[q].pos))
	}
	w.nbr[c1], w.nbr[c2], w.nbr[into] = nil, nil, out
}

// harm returns (1/n) a b / (a + b), the factor turning r^2 into Delta sigma.
func (w *walktrap) harm(a, b float64) float64 { return w.inv * a * b / (a + b) }

// oneSided sets pair q, between C and the side of size sa it is adjacent to, to a lower bound of
// Delta sigma between C and the merged community (the other side has size sb).
func (w *walktrap) oneSided(q int32, sa, sb, r12, ds12 float64) {
	pq := &w.pairs[q]
	// The pair still names C and the merged (dead) side; C is the live one.
	c := pq.a
	if w.dead[c] {
		c = pq.b
	}
	sc := float64(w.size[c])
	rac := math.Sqrt(pq.ds / w.harm(sa, sc))
	rbc := max(0, rac-r12)
	dbc := w.harm(sb, sc) * rbc * rbc
	ds := ((sa+sc)*pq.ds + (sb+sc)*dbc - sc*ds12) / (sa + sb + sc)
	pq.exact = false
	w.setDS(q, ds*(1-1e-9))
}

func (w *walktrap) less(i, j int) bool {
	p, q := &w.pairs[w.heap[i]], &w.pairs[w.heap[j]]
	if p.key != q.key {
		return p.key < q.key
	}
	if p.a != q.a {
		return p.a < q.a
	}
	return p.b < q.b
}

func (w *walktrap) swap(i, j int) {
	w.heap[i], w.heap[j] = w.heap[j], w.heap[i]
	w.pairs[w.heap[i]].pos = int32(i)
	w.pairs[w.heap[j]].pos = int32(j)
}

func (w *walktrap) up(i int) {
	for i > 0 {
		parent := (i - 1) / 2
		if !w.less(i, parent) {
			return
		}
		w.swap(i, parent)
		i = parent
	}
}

func (w *walktrap) down(i int) bool {
	start := i
	n := len(w.heap)
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && w.less(r, l) {
			m = r
		}
		if !w.less(m, i) {
			break
		}
		w.swap(i, m)
		i = m
	}
	return i > start
}

func (w *walktrap) fix(i int) {
	if !w.down(i) {
		w.up(i)
	}
}

// remove takes pair p out of the heap.
func (w *walktrap) remove(p int32) {
	i := int(w.pairs[p].pos)
	last := len(w.heap) - 1
	if i != last {
		w.swap(i, last)
	}
	w.heap = w.heap[:last]
	w.pairs[p].pos = -1
	if i != last {
		w.fix(i)
	}
}
