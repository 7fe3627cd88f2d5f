package expand

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"lshbench/datasets"
)

// PushOptions configures the Andersen-Chung-Lang push.
type PushOptions struct {
	// Alpha is the teleport probability (the walk restarts at the seeds with probability Alpha
	// at each step); 0 means 0.15. It must lie in (0, 1).
	Alpha float64
	// Epsilon is the residual tolerance per unit of degree: a vertex u is pushed while
	// r(u) >= Epsilon * d(u). 0 means 1e-4. The total work is O(1/(Epsilon*Alpha)) and the
	// support of p has volume at most 2/((1-Alpha)*Epsilon).
	Epsilon float64
}

func (o PushOptions) resolved() (PushOptions, error) {
	if o.Alpha == 0 {
		o.Alpha = 0.15
	}
	if o.Epsilon == 0 {
		o.Epsilon = 1e-4
	}
	if !(o.Alpha > 0 && o.Alpha < 1) {
		return o, fmt.Errorf("expand: push: alpha %v outside (0, 1)", o.Alpha)
	}
	if !(o.Epsilon > 0 && !math.IsInf(o.Epsilon, 1)) {
		return o, fmt.Errorf("expand: push: epsilon %v must be positive and finite", o.Epsilon)
	}
	return o, nil
}

// PushResult is the outcome of one push run.
type PushResult struct {
	// Ranking holds the non-seed vertices with p(v) > 0 by p(v)/d(v) descending (ties to the
	// lower id), the score being p(v)/d(v), at most the requested limit of them.
	Ranking Ranking
	// Sweep is the prefix of the order by p(v)/d(v) (seeds included wherever they fall) with the
	// lowest conductance, in sweep order; the shortest such prefix on ties.
	Sweep []uint32
	// Conductance is the conductance of Sweep: cut(S) / min(vol(S), vol(V) - vol(S)) in the
	// undirected view, 1 when that minimum is 0.
	Conductance float64
	// Pushes counts the push operations; Support counts the vertices with p(v) > 0.
	Pushes, Support int
}

// Pusher runs approximate personalised PageRank by push (Andersen, Chung and Lang, "Local graph
// partitioning using PageRank vectors", FOCS 2006) on the undirected view of a graph, followed by
// a conductance sweep.
//
// Undirected view: for an undirected graph the neighbours of v are Out(v); for a directed graph
// they are the union of Out(v) and In(v) (a mutual pair of arcs is one edge). Self-loops are
// ignored. d(v) is the number of such neighbours.
//
// Push: the lazy-walk version of the paper. p = 0 and the residual r is spread uniformly over the
// seeds (1/s each). While some u has r(u) >= Epsilon*d(u): p(u) += Alpha*r(u), each neighbour
// receives (1-Alpha)*r(u)/(2 d(u)) and r(u) keeps (1-Alpha)*r(u)/2. Vertices are processed in
// FIFO order, so the result is deterministic. A seed of degree 0 keeps all its residual in p.
//
// A Pusher holds dense per-vertex state (about 25 bytes per vertex, plus a copy of the adjacency
// for a directed graph) allocated once; each Run touches only the vertices it reaches and resets
// nothing else, so a run costs O(pushed volume), not O(N). A Pusher is not safe for concurrent
// use; make one per goroutine.
type Pusher struct {
	adj   *datasets.Sets // undirected view, may include self-loops (skipped)
	deg   []int32        // neighbours without self
	vol   float64        // sum of deg over all vertices
	stamp []uint32       // stamp[v] == gen: v touched in this run
	gen   uint32
	p, r  []float64
	flag  []bool // in queue during the push, in the prefix during the sweep
	touch []uint32
	queue []uint32
}

// NewPusher prepares the undirected view of g and the work arrays. O(N + M). A nil graph gives
// a Pusher of no vertices, on which every Run fails.
func NewPusher(g *datasets.Graph) *Pusher {
	if g == nil {
		return &Pusher{adj: &datasets.Sets{Offsets: []int{0}}}
	}
	adj := g.Neighbourhoods(datasets.Mode{Dir: datasets.Both})
	n := adj.Len()
	w := &Pusher{
		adj: adj, deg: make([]int32, n), stamp: make([]uint32, n),
		p: make([]float64, n), r: make([]float64, n), flag: make([]bool, n),
	}
	for v := 0; v < n; v++ {
		d := adj.Size(v)
		if _, self := slices.BinarySearch(adj.Set(v), uint32(v)); self {
			d--
		}
		w.deg[v] = int32(d)
		w.vol += float64(d)
	}
	return w
}

// Push is NewPusher(g).Run(seeds, opt, limit), for one-off use.
func Push(g *datasets.Graph, seeds []uint32, opt PushOptions, limit int) (PushResult, error) {
	return NewPusher(g).Run(seeds, opt, limit)
}

func (w *Pusher) visit(v uint32) {
	if w.stamp[v] != w.gen {
		w.stamp[v] = w.gen
		w.p[v], w.r[v], w.flag[v] = 0, 0, false
		w.touch = append(w.touch, v)
	}
}

// Run pushes from the seeds (duplicates ignored) and sweeps. limit bounds the length of the
// ranking (all vertices with p > 0 when limit <= 0). It fails on no seeds or a seed out of range.
func (w *Pusher) Run(seeds []uint32, opt PushOptions, limit int) (PushResult, error) {
	opt, err := opt.resolved()
	if err != nil {
		return PushResult{}, err
	}
	if len(seeds) == 0 {
		return PushResult{}, fmt.Errorf("expand: push needs at least one seed")
	}
	n := len(w.deg)
	for _, s := range seeds {
		if int(s) >= n {
			return PushResult{}, fmt.Errorf("expand: push: seed %d out of range (%d vertices)", s, n)
		}
	}
	w.gen++
	if w.gen == 0 { // wrapped: clear the stamps once every 2^32 runs
		clear(w.stamp)
		w.gen = 1
	}
	w.touch, w.queue = w.touch[:0], w.queue[:0]
	uniq := slices.Clone(seeds)
	slices.Sort(uniq)
	uniq = slices.Compact(uniq)
	for _, s := range uniq {
		w.visit(s)
		w.r[s] = 1 / float64(len(uniq))
		w.flag[s] = true
		w.queue = append(w.queue, s)
	}
	res := PushResult{}
	alpha, eps := opt.Alpha, opt.Epsilon
	for head := 0; head < len(w.queue); head++ {
		u := w.queue[head]
		w.flag[u] = false
		ru, du := w.r[u], float64(w.deg[u])
		if du == 0 {
			w.p[u] += ru
			w.r[u] = 0
			continue
		}
		if ru < eps*du {
			continue
		}
		res.Pushes++
		w.p[u] += alpha * ru
		w.r[u] = (1 - alpha) * ru / 2
		share := (1 - alpha) * ru / (2 * du)
		for _, v := range w.adj.Set(int(u)) {
			if v == u {
				continue
			}
			w.visit(v)
			w.r[v] += share
			if !w.flag[v] && w.r[v] >= eps*float64(w.deg[v]) {
				w.flag[v] = true
				w.queue = append(w.queue, v)
			}
		}
		if w.r[u] >= eps*du && !w.flag[u] {
			w.flag[u] = true
			w.queue = append(w.queue, u)
		}
		if head > 1<<16 && head > len(w.queue)/2 { // keep the queue buffer bounded
			w.queue = append(w.queue[:0], w.queue[head+1:]...)
			head = -1
		}
	}
	// Sweep order: vertices with p > 0 by p/d descending (d = 0 ranks first), ties by id.
	order := make([]Addition, 0, len(w.touch))
	for _, v := range w.touch {
		w.flag[v] = false
		if w.p[v] > 0 {
			order = append(order, Addition{ID: v, Score: w.p[v] / float64(w.deg[v])}) // +Inf when d = 0
		}
	}
	slices.SortFunc(order, func(a, b Addition) int {
		if a.Score != b.Score {
			return -cmp.Compare(a.Score, b.Score)
		}
		return cmp.Compare(a.ID, b.ID)
	})
	res.Support = len(order)
	cut, vol := 0.0, 0.0
	best, bestPhi := 0, math.Inf(1)
	for k, a := range order {
		v := a.ID
		inside := 0
		for _, x := range w.adj.Set(int(v)) {
			if x != v && w.flag[x] {
				inside++
			}
		}
		w.flag[v] = true
		d := float64(w.deg[v])
		cut += d - 2*float64(inside)
		vol += d
		phi := 1.0
		if den := min(vol, w.vol-vol); den > 0 {
			phi = cut / den
		}
		if phi < bestPhi {
			best, bestPhi = k+1, phi
		}
	}
	res.Sweep = make([]uint32, best)
	for k := range best {
		res.Sweep[k] = order[k].ID
	}
	res.Conductance = bestPhi
	if best == 0 {
		res.Conductance = 1
	}
	for _, v := range w.touch {
		w.flag[v] = false
	}
	lim := limitOf(limit, len(order))
	res.Ranking = make(Ranking, 0, lim)
	for _, a := range order {
		if len(res.Ranking) == lim {
			break
		}
		if _, seed := slices.BinarySearch(uniq, a.ID); !seed {
			res.Ranking = append(res.Ranking, a)
		}
	}
	return res, nil
}
