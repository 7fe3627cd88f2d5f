package community

import (
	"fmt"
	"math"
	"slices"

	"lshbench/datasets"
)

// Edge is an undirected weighted edge between vertices U and V. U == V is a self-loop.
type Edge struct {
	U, V uint32
	W    float64
}

// Weighted is an undirected graph with positive float64 edge weights over the vertices
// 0..N()-1, stored in compressed sparse rows: each vertex's neighbours are sorted ascending and
// unique, and each edge {u, v} appears in both rows with the same weight.
//
// Self-loops are kept apart from the adjacency: Neighbors never lists v itself and Strength(v)
// never includes a loop; Loop(v) returns v's self-loop weight (0 when it has none). Every measure of
// this package ignores the loops of the input (see the package documentation); WALKTRAP adds its
// own loops according to WalktrapOptions.Loops.
//
// A Weighted is immutable after construction and safe for concurrent use.
type Weighted struct {
	off      []int
	adj      []uint32
	w        []float64
	loops    []float64
	strength []float64
	total    float64
	edges    int
}

func checkWeight(w float64) error {
	if math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
		return fmt.Errorf("weight %v: weights must be finite and non-negative", w)
	}
	return nil
}

// NewWeighted builds the graph of n vertices from an edge list. Both orientations of an edge
// are the same edge: duplicates (u, v) and (v, u) are merged by summing their weights, and so are
// repeated self-loops. Edges of weight 0 are dropped. A vertex outside [0, n) or a weight that is
// negative, NaN or infinite is an error. It runs in O(n + E log E) for E edges.
func NewWeighted(n int, edges []Edge) (*Weighted, error) {
	if n < 0 || int64(n) > 1<<32-1 {
		return nil, fmt.Errorf("weighted graph: %d vertices out of range", n)
	}
	g := &Weighted{loops: make([]float64, n)}
	type half struct {
		u, v uint32
		w    float64
	}
	hs := make([]half, 0, 2*len(edges))
	for i, e := range edges {
		if int(e.U) >= n || int(e.V) >= n {
			return nil, fmt.Errorf("weighted graph: edge %d (%d, %d) has a vertex outside [0, %d)", i, e.U, e.V, n)
		}
		if err := checkWeight(e.W); err != nil {
			return nil, fmt.Errorf("weighted graph: edge %d (%d, %d): %w", i, e.U, e.V, err)
		}
		if e.W == 0 {
			continue
		}
		if e.U == e.V {
			g.loops[e.U] += e.W
			continue
		}
		hs = append(hs, half{e.U, e.V, e.W}, half{e.V, e.U, e.W})
	}
	slices.SortFunc(hs, func(a, b half) int {
		if a.u != b.u {
			return int(a.u) - int(b.u)
		}
		return int(a.v) - int(b.v)
	})
	g.off = make([]int, n+1)
	g.adj = make([]uint32, 0, len(hs))
	g.w = make([]float64, 0, len(hs))
	for i := 0; i < len(hs); {
		j := i
		sum := 0.0
		for ; j < len(hs) && hs[j].u == hs[i].u && hs[j].v == hs[i].v; j++ {
			sum += hs[j].w
		}
		g.adj = append(g.adj, hs[i].v)
		g.w = append(g.w, sum)
		g.off[hs[i].u+1]++
		i = j
	}
	for v := 0; v < n; v++ {
		g.off[v+1] += g.off[v]
	}
	g.finish()
	return g, nil
}

// FromDense builds the graph of n vertices from a row-major n x n symmetric matrix m (m[i*n+j] is
// the weight between i and j). Off-diagonal entries below minWeight or equal to 0 are not edges;
// the diagonal becomes the self-loop weights as given (so a similarity matrix with 1 on its
// diagonal yields loops of weight 1, which the measures of this package then ignore). An
// asymmetric matrix, or an entry that is negative, NaN or infinite, is an error. O(n^2).
func FromDense(n int, m []float64, minWeight float64) (*Weighted, error) {
	if n < 0 || len(m) != n*n {
		return nil, fmt.Errorf("weighted graph: dense matrix of %d entries for n = %d", len(m), n)
	}
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			if m[i*n+j] != m[j*n+i] {
				return nil, fmt.Errorf("weighted graph: matrix not symmetric at (%d, %d): %v != %v", i, j, m[i*n+j], m[j*n+i])
			}
		}
	}
	return FromSimilarity(n, func(i, j int) float64 { return m[i*n+j] }, minWeight, true)
}

// FromSimilarity builds the graph of n items whose edge weights are sim(i, j) >= minWeight
// (entries equal to 0 are never edges). sim is called once for each pair i < j, and, when loops
// is true, once for each i == j to set the self-loop weights; it must be symmetric. A returned
// weight that is negative, NaN or infinite is an error. O(n^2) calls.
func FromSimilarity(n int, sim func(i, j int) float64, minWeight float64, loops bool) (*Weighted, error) {
	if n < 0 || int64(n) > 1<<32-1 {
		return nil, fmt.Errorf("weighted graph: %d vertices out of range", n)
	}
	g := &Weighted{off: make([]int, n+1), loops: make([]float64, n)}
	// Count first so that the rows can be filled in order without sorting.
	keep := func(w float64) bool { return w != 0 && w >= minWeight }
	for i := 0; i < n; i++ {
		if loops {
			w := sim(i, i)
			if err := checkWeight(w); err != nil {
				return nil, fmt.Errorf("weighted graph: sim(%d, %d): %w", i, i, err)
			}
			g.loops[i] = w
		}
		for j := i + 1; j < n; j++ {
			w := sim(i, j)
			if err := checkWeight(w); err != nil {
				return nil, fmt.Errorf("weighted graph: sim(%d, %d): %w", i, j, err)
			}
			if keep(w) {
				g.off[i+1]++
				g.off[j+1]++
			}
		}
	}
	for v := 0; v < n; v++ {
		g.off[v+1] += g.off[v]
	}
	g.adj = make([]uint32, g.off[n])
	g.w = make([]float64, g.off[n])
	pos := slices.Clone(g.off[:n])
	// Row i receives its lower neighbours (j < i) while the outer loop visits j, then its upper
	// neighbours; both arrive in ascending order.
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			w := sim(i, j)
			if keep(w) {
				g.adj[pos[i]], g.w[pos[i]] = uint32(j), w
				pos[i]++
				g.adj[pos[j]], g.w[pos[j]] = uint32(i), w
				pos[j]++
			}
		}
	}
	g.finish()
	return g, nil
}

// FromGraph returns the undirected, unit-weight view of g: u and v are joined (weight 1) when g
// has an edge between them in either direction. g's self-loops become loops of weight 1.
func FromGraph(g *datasets.Graph) *Weighted {
	n := g.N()
	w := &Weighted{off: make([]int, n+1), loops: make([]float64, n)}
	for v := 0; v < n; v++ {
		w.off[v+1] = w.off[v]
		row := g.Out(uint32(v))
		if g.Directed() {
			row = mergeSorted(row, g.In(uint32(v)))
		}
		for _, u := range row {
			if u == uint32(v) {
				w.loops[v] = 1
				continue
			}
			w.adj = append(w.adj, u)
			w.w = append(w.w, 1)
			w.off[v+1]++
		}
	}
	w.finish()
	return w
}

// mergeSorted returns the sorted union of two sorted, duplicate-free lists.
func mergeSorted(a, b []uint32) []uint32 {
	out := make([]uint32, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			out = append(out, a[i])
			i++
		case a[i] > b[j]:
			out = append(out, b[j])
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// finish computes the strengths and the total weight.
func (g *Weighted) finish() {
	n := len(g.off) - 1
	g.strength = make([]float64, n)
	sum := 0.0
	for v := 0; v < n; v++ {
		s := 0.0
		for _, x := range g.w[g.off[v]:g.off[v+1]] {
			s += x
		}
		g.strength[v] = s
		sum += s
	}
	g.total = sum / 2
	g.edges = len(g.adj) / 2
}

// N returns the number of vertices.
func (g *Weighted) N() int { return len(g.off) - 1 }

// NumEdges returns the number of edges between distinct vertices (each counted once).
func (g *Weighted) NumEdges() int { return g.edges }

// Neighbors returns v's neighbours (sorted, without v) and the matching weights; the caller must
// not modify them.
func (g *Weighted) Neighbors(v uint32) ([]uint32, []float64) {
	lo, hi := g.off[v], g.off[v+1]
	return g.adj[lo:hi], g.w[lo:hi]
}

// Degree returns the number of neighbours of v (loops not counted).
func (g *Weighted) Degree(v uint32) int { return g.off[v+1] - g.off[v] }

// Strength returns the sum of the weights of v's edges to other vertices (loops excluded).
func (g *Weighted) Strength(v uint32) float64 { return g.strength[v] }

// Loop returns the weight of v's self-loop, 0 when it has none.
func (g *Weighted) Loop(v uint32) float64 { return g.loops[v] }

// TotalWeight returns the sum of the edge weights, each edge counted once, loops excluded.
func (g *Weighted) TotalWeight() float64 { return g.total }

// Weight returns the weight of the edge between u and v (the loop weight when u == v), 0 when
// there is none. O(log degree).
func (g *Weighted) Weight(u, v uint32) float64 {
	if u == v {
		return g.loops[u]
	}
	nb, w := g.Neighbors(u)
	if i, ok := slices.BinarySearch(nb, v); ok {
		return w[i]
	}
	return 0
}

// Bytes returns the memory held by the graph's slices.
func (g *Weighted) Bytes() int64 {
	return int64(cap(g.off))*8 + int64(cap(g.adj))*4 + int64(cap(g.w)+cap(g.loops)+cap(g.strength))*8
}

// Induced returns the subgraph induced by the given vertices (relabelled 0..len(vs)-1 in the
// given order) with their loops. A vertex out of range or repeated is an error.
func (g *Weighted) Induced(vs []uint32) (*Weighted, error) {
	n := g.N()
	pos := make(map[uint32]uint32, len(vs))
	for i, v := range vs {
		if int(v) >= n {
			return nil, fmt.Errorf("induced subgraph: vertex %d outside [0, %d)", v, n)
		}
		if _, dup := pos[v]; dup {
			return nil, fmt.Errorf("induced subgraph: vertex %d repeated", v)
		}
		pos[v] = uint32(i)
	}
	var edges []Edge
	for i, v := range vs {
		if l := g.loops[v]; l != 0 {
			edges = append(edges, Edge{uint32(i), uint32(i), l})
		}
		nb, w := g.Neighbors(v)
		for k, u := range nb {
			if j, ok := pos[u]; ok && uint32(i) < j {
				edges = append(edges, Edge{uint32(i), j, w[k]})
			}
		}
	}
	return NewWeighted(len(vs), edges)
}
