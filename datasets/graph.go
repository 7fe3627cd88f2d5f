package datasets

import (
	"fmt"
)

// Graph is a directed or undirected graph in compressed sparse rows with dense uint32 vertex ids
// 0..N()-1; the identifiers of the input are kept in IDs. Adjacency lists are sorted ascending
// and free of duplicates. For an undirected graph Out and In return the same symmetric lists.
//
// A Graph is immutable after construction and safe for concurrent use.
type Graph struct {
	directed      bool
	outOff, inOff []int
	outAdj, inAdj []uint32
	ids           IDs
	report        BuildReport
}

// BuildReport states what a GraphBuilder did with the edges it was given.
type BuildReport struct {
	// EdgesRead counts the edges passed to the builder, including dropped ones.
	EdgesRead int64 `json:"edges_read"`
	// SelfLoops counts the distinct self-loops seen; they are kept or dropped per SelfLoopsKept.
	SelfLoops int64 `json:"self_loops"`
	// SelfLoopsKept reports the policy that was applied.
	SelfLoopsKept bool `json:"self_loops_kept"`
	// Duplicates counts edges dropped because the same edge (for undirected graphs the same
	// unordered pair) was already present, including repeated self-loops.
	Duplicates int64 `json:"duplicates_dropped"`
}

// Directed reports whether edges have a direction.
func (g *Graph) Directed() bool { return g.directed }

// N returns the number of vertices.
func (g *Graph) N() int { return len(g.outOff) - 1 }

// NumEdges returns the number of distinct edges kept: directed edges for a directed graph,
// unordered pairs (self-loops counted once) for an undirected one.
func (g *Graph) NumEdges() int64 {
	if g.directed {
		return int64(len(g.outAdj))
	}
	loops := int64(0)
	for v := 0; v < g.N(); v++ {
		if g.hasSelfLoop(uint32(v)) {
			loops++
		}
	}
	return (int64(len(g.outAdj))-loops)/2 + loops
}

func (g *Graph) hasSelfLoop(v uint32) bool {
	adj := g.Out(v)
	lo, hi := 0, len(adj)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if adj[m] < v {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo < len(adj) && adj[lo] == v
}

// Out returns the out-neighbours of v (all neighbours for an undirected graph).
func (g *Graph) Out(v uint32) []uint32 { return g.outAdj[g.outOff[v]:g.outOff[v+1]] }

// In returns the in-neighbours of v (all neighbours for an undirected graph).
func (g *Graph) In(v uint32) []uint32 { return g.inAdj[g.inOff[v]:g.inOff[v+1]] }

// OutDegree returns len(Out(v)).
func (g *Graph) OutDegree(v uint32) int { return g.outOff[v+1] - g.outOff[v] }

// InDegree returns len(In(v)).
func (g *Graph) InDegree(v uint32) int { return g.inOff[v+1] - g.inOff[v] }

// IDs returns the original identifiers of the vertices.
func (g *Graph) IDs() IDs { return g.ids }

// Report returns what the builder did with the input edges.
func (g *Graph) Report() BuildReport { return g.report }

// Bytes returns the memory held by the adjacency arrays (shared arrays counted once).
func (g *Graph) Bytes() int64 {
	b := int64(cap(g.outOff))*8 + int64(cap(g.outAdj))*4
	if g.directed {
		b += int64(cap(g.inOff))*8 + int64(cap(g.inAdj))*4
	}
	return b
}

// Neighbourhoods returns every vertex's neighbourhood under mode as a Sets collection whose set i
// belongs to vertex i and whose elements are vertex ids (Universe = N()).
//
// Open in- and out-neighbourhoods share the graph's arrays (no copy); the union and closed modes
// allocate. It runs in O(N + M).
func (g *Graph) Neighbourhoods(mode Mode) *Sets {
	n := g.N()
	var off []int
	var adj []uint32
	dir := mode.Dir
	if !g.directed {
		dir = Out
	}
	switch dir {
	case In:
		off, adj = g.inOff, g.inAdj
	case Out:
		off, adj = g.outOff, g.outAdj
	case Both:
		return g.unionNeighbourhoods(mode.Closed)
	}
	if !mode.Closed {
		return &Sets{Offsets: off, Elems: adj, Universe: n}
	}
	out := &Sets{Offsets: make([]int, n+1), Elems: make([]uint32, 0, len(adj)+n), Universe: n}
	for v := 0; v < n; v++ {
		out.Elems = insertSorted(out.Elems, adj[off[v]:off[v+1]], uint32(v))
		out.Offsets[v+1] = len(out.Elems)
	}
	return out
}

// insertSorted appends list to dst with x inserted in order, unless list already holds x.
func insertSorted(dst, list []uint32, x uint32) []uint32 {
	i := 0
	for i < len(list) && list[i] < x {
		i++
	}
	dst = append(dst, list[:i]...)
	if i == len(list) || list[i] != x {
		dst = append(dst, x)
	}
	return append(dst, list[i:]...)
}

func (g *Graph) unionNeighbourhoods(closed bool) *Sets {
	n := g.N()
	out := &Sets{Offsets: make([]int, n+1), Universe: n}
	extra := 0
	if closed {
		extra = n
	}
	out.Elems = make([]uint32, 0, len(g.outAdj)+len(g.inAdj)+extra)
	for v := 0; v < n; v++ {
		a, b := g.Out(uint32(v)), g.In(uint32(v))
		self := uint32(v)
		selfDone := !closed
		i, j := 0, 0
		for i < len(a) || j < len(b) {
			var x uint32
			switch {
			case j == len(b) || (i < len(a) && a[i] < b[j]):
				x = a[i]
				i++
			case i == len(a) || b[j] < a[i]:
				x = b[j]
				j++
			default:
				x = a[i]
				i++
				j++
			}
			if !selfDone && self <= x {
				if self < x {
					out.Elems = append(out.Elems, self)
				}
				selfDone = true
			}
			out.Elems = append(out.Elems, x)
		}
		if !selfDone {
			out.Elems = append(out.Elems, self)
		}
		out.Offsets[v+1] = len(out.Elems)
	}
	return out
}

// DegreeStats summarises a degree sequence.
type DegreeStats struct {
	Min, Median, Max int
	Mean             float64
	Zero             int
}

// Degrees returns the summary of the in- or out-degrees (for Both, the union neighbourhood sizes).
func (g *Graph) Degrees(dir Direction) DegreeStats {
	st := g.Neighbourhoods(Mode{Dir: dir}).Sizes()
	return DegreeStats{Min: st.Min, Median: st.Median, Max: st.Max, Mean: st.Mean, Zero: st.Empty}
}

// NewGraphCSR builds a graph from out-adjacency in CSR form, which it validates: offsets well
// formed, every list strictly increasing and below n, and for an undirected graph symmetric. The
// in-adjacency is derived. ids may be the zero IDs, meaning identity ids.
func NewGraphCSR(directed bool, outOff []int, outAdj []uint32, ids IDs) (*Graph, error) {
	s := &Sets{Offsets: outOff, Elems: outAdj, Universe: len(outOff) - 1}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("graph: %w", err)
	}
	n := s.Len()
	if ids.Len() == 0 {
		ids = IdentityIDs(n)
	}
	if ids.Len() != n {
		return nil, fmt.Errorf("graph: %d ids for %d vertices", ids.Len(), n)
	}
	g := &Graph{directed: directed, outOff: outOff, outAdj: outAdj, ids: ids}
	g.inOff, g.inAdj = transpose(n, outOff, outAdj)
	if !directed {
		for i := range outAdj {
			if g.inAdj[i] != outAdj[i] {
				return nil, fmt.Errorf("graph: undirected adjacency is not symmetric")
			}
		}
		g.inOff, g.inAdj = g.outOff, g.outAdj
	}
	return g, nil
}

// transpose returns the reverse adjacency; lists come out sorted because sources are visited in
// ascending order.
func transpose(n int, off []int, adj []uint32) ([]int, []uint32) {
	tOff := make([]int, n+1)
	for _, v := range adj {
		tOff[v+1]++
	}
	for v := 0; v < n; v++ {
		tOff[v+1] += tOff[v]
	}
	tAdj := make([]uint32, len(adj))
	pos := make([]int, n)
	copy(pos, tOff[:n])
	for u := 0; u < n; u++ {
		for _, v := range adj[off[u]:off[u+1]] {
			tAdj[pos[v]] = uint32(u)
			pos[v]++
		}
	}
	return tOff, tAdj
}
