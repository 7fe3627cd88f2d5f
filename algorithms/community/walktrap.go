package community

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
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
	// Workers is the number of goroutines computing the walk vectors (GOMAXPROCS when 0). The
	// result does not depend on it.
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
// a binary min-heap keyed by (Delta sigma, smaller id, larger id); Delta sigma values equal to
// about 1e-12 relative (rounded to 40 significant bits) are ties, so floating-point noise does
// not decide the order of symmetric merges and the result is deterministic.
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
	if err := w.vectors(ctx, opt.Workers); err != nil {
		return nil, err
	}
	w.initPairs()

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
	vec   []float64 // slot s holds vec[s*n:(s+1)*n]
	slot  []int32   // community id -> slot
	size  []int32   // community id -> number of vertices
	str   []float64 // community id -> sum of strengths (loops excluded), for modularity
	nbr   [][]nbrEntry
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

// vectors fills slot i with P^t_i. / sqrt(d), in parallel over rows.
func (w *walktrap) vectors(ctx context.Context, workers int) error {
	n := w.n
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, max(1, n/32))
	scale := make([]float64, n)
	for k := range scale {
		scale[k] = 1 / math.Sqrt(w.deg[k])
	}
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for wk := 0; wk < workers; wk++ {
		wg.Add(1)
		go func(wk int) {
			defer wg.Done()
			cur := make([]float64, n)
			next := make([]float64, n)
			for i := wk; i < n; i += workers {
				if (i/workers)%64 == 0 {
					if err := ctx.Err(); err != nil {
						errs[wk] = fmt.Errorf("walktrap: %w", err)
						return
					}
				}
				clear(cur)
				cur[i] = 1
				for s := 0; s < w.steps; s++ {
					clear(next)
					w.step(cur, next)
					cur, next = next, cur
				}
				row := w.vec[i*n : (i+1)*n]
				for k, x := range cur {
					row[k] = x * scale[k]
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

// step computes next = cur * D^-1 A (A with the walk's loops); next must be zeroed.
func (w *walktrap) step(cur, next []float64) {
	g := w.g
	for j, x := range cur {
		if x == 0 {
			continue
		}
		f := x / w.deg[j]
		next[j] += f * w.loop[j]
		lo, hi := g.off[j], g.off[j+1]
		adj, wt := g.adj[lo:hi], g.w[lo:hi]
		for k, u := range adj {
			next[u] += f * wt[k]
		}
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

// initPairs creates one pair per edge and builds the heap.
func (w *walktrap) initPairs() {
	g := w.g
	w.pairs = make([]wpair, 0, g.NumEdges())
	for u := 0; u < w.n; u++ {
		adj, wt := g.Neighbors(uint32(u))
		for k, v := range adj {
			if int(v) <= u {
				continue
			}
			p := int32(len(w.pairs))
			w.pairs = append(w.pairs, wpair{a: int32(u), b: int32(v), w: wt[k]})
			w.setDS(p, w.deltaSigma(int32(u), int32(v)))
			// Rows are visited in ascending u and v, so both lists stay sorted by community id.
			w.nbr[u] = append(w.nbr[u], nbrEntry{int32(v), p})
			w.nbr[v] = append(w.nbr[v], nbrEntry{int32(u), p})
		}
	}
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
func (w *walktrap) merge(p int32, into int32) {
	pr := w.pairs[p]
	c1, c2 := pr.a, pr.b
	w.remove(p)
	s1, s2 := w.size[c1], w.size[c2]
	s3 := s1 + s2
	w.size[into] = s3
	w.str[into] = w.str[c1] + w.str[c2]
	// The new vector overwrites c1's slot.
	n := w.n
	sl := w.slot[c1]
	x := w.vec[int(sl)*n : int(sl)*n+n]
	y := w.vec[int(w.slot[c2])*n : int(w.slot[c2])*n+n]
	f1, f2 := float64(s1)/float64(s3), float64(s2)/float64(s3)
	for k := range x {
		x[k] = f1*x[k] + f2*y[k]
	}
	w.slot[into] = sl

	l1, l2 := w.nbr[c1], w.nbr[c2]
	out := make([]nbrEntry, 0, len(l1)+len(l2))
	i, j := 0, 0
	fs3 := float64(s3)
	for i < len(l1) || j < len(l2) {
		if i < len(l1) && l1[i].c == c2 {
			i++
			continue
		}
		if j < len(l2) && l2[j].c == c1 {
			j++
			continue
		}
		var c, q int32
		switch {
		case j == len(l2) || (i < len(l1) && l1[i].c < l2[j].c):
			c, q = l1[i].c, l1[i].p
			i++
			w.dropNbr(c, c1)
			w.pairs[q].a, w.pairs[q].b = c, into
			w.setDS(q, w.deltaSigma(c, into))
		case i == len(l1) || l2[j].c < l1[i].c:
			c, q = l2[j].c, l2[j].p
			j++
			w.dropNbr(c, c2)
			w.pairs[q].a, w.pairs[q].b = c, into
			w.setDS(q, w.deltaSigma(c, into))
		default: // adjacent to both: Theorem 4 of Pons and Latapy
			c, q = l1[i].c, l1[i].p
			q2 := l2[j].p
			i++
			j++
			w.dropNbr(c, c1)
			w.dropNbr(c, c2)
			sc := float64(w.size[c])
			ds := ((float64(s1)+sc)*w.pairs[q].ds + (float64(s2)+sc)*w.pairs[q2].ds - sc*pr.ds) / (fs3 + sc)
			w.pairs[q].w += w.pairs[q2].w
			w.remove(q2)
			w.pairs[q].a, w.pairs[q].b = c, into
			w.setDS(q, ds)
		}
		// into is the largest id so far, so appending keeps c's list sorted.
		w.nbr[c] = append(w.nbr[c], nbrEntry{into, q})
		out = append(out, nbrEntry{c, q})
		w.fix(int(w.pairs[q].pos))
	}
	w.nbr[c1], w.nbr[c2], w.nbr[into] = nil, nil, out
}

// dropNbr removes community old from community c's neighbour list.
func (w *walktrap) dropNbr(c, old int32) {
	l := w.nbr[c]
	i, ok := slices.BinarySearchFunc(l, old, func(e nbrEntry, t int32) int { return int(e.c) - int(t) })
	if ok {
		w.nbr[c] = slices.Delete(l, i, i+1)
	}
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
