package community

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/simple"
)

// Louvain returns the community labels (dense, numbered by smallest vertex, see Relabel) found
// by gonum's Louvain modularity optimisation (community.Modularize) at the given resolution, with
// a PCG random source seeded by seed: the same graph and seed give the same labels. Loops of g
// are ignored, as in Modularity. A graph without edges gives every vertex its own community.
//
// g is handed to gonum through a read-only adapter (no copy) whose neighbour iteration is in
// ascending order, so gonum's internal sums do not depend on map order.
func Louvain(g *Weighted, resolution float64, seed uint64) []int {
	n := g.N()
	if n == 0 {
		return []int{}
	}
	src := rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)
	r := community.Modularize(gonumView{g}, resolution, src)
	labels := make([]int, n)
	for c, members := range r.Communities() {
		for _, v := range members {
			labels[v.ID()] = c
		}
	}
	return Relabel(labels)
}

// gonumView presents a Weighted as a gonum graph.WeightedUndirected with node ids 0..n-1.
type gonumView struct{ g *Weighted }

var _ graph.WeightedUndirected = gonumView{}

func (v gonumView) has(id int64) bool { return id >= 0 && id < int64(v.g.N()) }

func (v gonumView) Node(id int64) graph.Node {
	if !v.has(id) {
		return nil
	}
	return simple.Node(id)
}

func (v gonumView) Nodes() graph.Nodes {
	return iterator.NewImplicitNodes(0, v.g.N(), func(id int) graph.Node { return simple.Node(id) })
}

func (v gonumView) From(id int64) graph.Nodes {
	if !v.has(id) {
		return graph.Empty
	}
	adj, _ := v.g.Neighbors(uint32(id))
	return &adjNodes{adj: adj, i: -1}
}

func (v gonumView) HasEdgeBetween(x, y int64) bool {
	return v.has(x) && v.has(y) && x != y && v.g.Weight(uint32(x), uint32(y)) != 0
}

func (v gonumView) Edge(u, w int64) graph.Edge { return v.WeightedEdgeBetween(u, w) }

func (v gonumView) EdgeBetween(x, y int64) graph.Edge { return v.WeightedEdgeBetween(x, y) }

func (v gonumView) WeightedEdge(u, w int64) graph.WeightedEdge { return v.WeightedEdgeBetween(u, w) }

func (v gonumView) WeightedEdgeBetween(x, y int64) graph.WeightedEdge {
	if !v.HasEdgeBetween(x, y) {
		return nil
	}
	return simple.WeightedEdge{F: simple.Node(x), T: simple.Node(y), W: v.g.Weight(uint32(x), uint32(y))}
}

// Weight returns the edge weight, 0 for x == y (loops are ignored) and false when there is no
// edge.
func (v gonumView) Weight(x, y int64) (float64, bool) {
	if !v.has(x) || !v.has(y) {
		return 0, false
	}
	if x == y {
		return 0, true
	}
	w := v.g.Weight(uint32(x), uint32(y))
	return w, w != 0
}

// adjNodes iterates over a sorted neighbour list.
type adjNodes struct {
	adj []uint32
	i   int
}

func (it *adjNodes) Next() bool {
	if it.i+1 >= len(it.adj) {
		it.i = len(it.adj)
		return false
	}
	it.i++
	return true
}

func (it *adjNodes) Len() int {
	if it.i >= len(it.adj) {
		return 0
	}
	return len(it.adj) - it.i - 1
}

func (it *adjNodes) Reset() { it.i = -1 }

func (it *adjNodes) Node() graph.Node {
	if it.i < 0 || it.i >= len(it.adj) {
		return nil
	}
	return simple.Node(it.adj[it.i])
}
