package datasets

import (
	"fmt"
	"slices"
	"strconv"
)

// SelfLoopPolicy says what a GraphBuilder does with edges from a vertex to itself.
type SelfLoopPolicy uint8

const (
	// DropSelfLoops removes self-loops (counted in BuildReport.SelfLoops). It is the default:
	// closed neighbourhoods (Mode.Closed) are the explicit way to put v in its own neighbourhood.
	DropSelfLoops SelfLoopPolicy = iota
	// KeepSelfLoops keeps one copy of each self-loop.
	KeepSelfLoops
)

// GraphBuilder accumulates edges given by original identifiers and builds a Graph. Identifiers
// are integers until the first token that is not one; from then on every identifier is kept as
// text (earlier integers are converted to their decimal form). Dense ids follow the ascending order
// of the original ids (numeric for integers, byte order for strings), so the result does not
// depend on the order of the input lines.
//
// Duplicate edges are always merged and counted; self-loops follow the policy.
type GraphBuilder struct {
	directed bool
	loops    SelfLoopPolicy
	read     int64

	// integer mode
	src, dst []int64
	isolated []int64

	// string mode (strIDs != nil)
	strIDs   map[string]uint32
	strNames []string
	ssrc     []uint32
	sdst     []uint32
	siso     []uint32
}

// NewGraphBuilder returns an empty builder.
func NewGraphBuilder(directed bool, loops SelfLoopPolicy) *GraphBuilder {
	return &GraphBuilder{directed: directed, loops: loops}
}

// Edges returns the number of edges added so far.
func (b *GraphBuilder) Edges() int64 { return b.read }

// AddInt adds the edge u -> v (u - v when undirected).
func (b *GraphBuilder) AddInt(u, v int64) {
	b.read++
	if b.strIDs != nil {
		b.ssrc = append(b.ssrc, b.intern(strconv.FormatInt(u, 10)))
		b.sdst = append(b.sdst, b.intern(strconv.FormatInt(v, 10)))
		return
	}
	b.src = append(b.src, u)
	b.dst = append(b.dst, v)
}

// AddTokens adds the edge between two identifiers given as text, parsing them as integers when
// possible. The byte slices are not retained.
func (b *GraphBuilder) AddTokens(u, v []byte) {
	if b.strIDs == nil {
		x, ok1 := parseInt(u)
		y, ok2 := parseInt(v)
		if ok1 && ok2 {
			b.AddInt(x, y)
			return
		}
		b.toStrings()
	}
	b.read++
	b.ssrc = append(b.ssrc, b.intern(string(u)))
	b.sdst = append(b.sdst, b.intern(string(v)))
}

// AddNodeToken adds a vertex that may have no edges (for example one named only in a label file).
func (b *GraphBuilder) AddNodeToken(u []byte) {
	if b.strIDs == nil {
		if x, ok := parseInt(u); ok {
			b.isolated = append(b.isolated, x)
			return
		}
		b.toStrings()
	}
	b.siso = append(b.siso, b.intern(string(u)))
}

// AddNodeInt adds a vertex that may have no edges.
func (b *GraphBuilder) AddNodeInt(u int64) {
	if b.strIDs != nil {
		b.siso = append(b.siso, b.intern(strconv.FormatInt(u, 10)))
		return
	}
	b.isolated = append(b.isolated, u)
}

func (b *GraphBuilder) intern(s string) uint32 {
	if id, ok := b.strIDs[s]; ok {
		return id
	}
	id := uint32(len(b.strNames))
	b.strIDs[s] = id
	b.strNames = append(b.strNames, s)
	return id
}

// toStrings switches the builder to string identifiers.
func (b *GraphBuilder) toStrings() {
	b.strIDs = make(map[string]uint32)
	for i := range b.src {
		b.ssrc = append(b.ssrc, b.intern(strconv.FormatInt(b.src[i], 10)))
		b.sdst = append(b.sdst, b.intern(strconv.FormatInt(b.dst[i], 10)))
	}
	for _, x := range b.isolated {
		b.siso = append(b.siso, b.intern(strconv.FormatInt(x, 10)))
	}
	b.src, b.dst, b.isolated = nil, nil, nil
}

// parseInt parses a decimal integer with an optional sign, without allocating.
func parseInt(tok []byte) (int64, bool) {
	if len(tok) == 0 || len(tok) > 19 {
		return 0, false
	}
	neg := false
	i := 0
	if tok[0] == '-' || tok[0] == '+' {
		neg = tok[0] == '-'
		i = 1
		if len(tok) == 1 {
			return 0, false
		}
	}
	var x int64
	for ; i < len(tok); i++ {
		c := tok[i] - '0'
		if c > 9 {
			return 0, false
		}
		x = x*10 + int64(c)
	}
	if neg {
		x = -x
	}
	return x, true
}

// Build returns the graph. It fails when there are more than 2^32-1 vertices. The builder should
// not be used afterwards. It runs in O(M log M) at worst and O(M) for dense integer ids.
func (b *GraphBuilder) Build() (*Graph, error) {
	var ids IDs
	var pairs []uint64
	var n int
	var err error
	if b.strIDs != nil {
		ids, pairs, n, err = b.buildStrings()
	} else {
		ids, pairs, n, err = b.buildInts()
	}
	if err != nil {
		return nil, err
	}
	return b.fromPairs(pairs, n, ids), nil
}

func (b *GraphBuilder) buildInts() (IDs, []uint64, int, error) {
	minID, maxID := int64(0), int64(-1)
	first := true
	scan := func(xs []int64) {
		for _, x := range xs {
			if first || x < minID {
				minID = x
			}
			if first || x > maxID {
				maxID = x
			}
			first = false
		}
	}
	scan(b.src)
	scan(b.dst)
	scan(b.isolated)
	if first {
		return IDs{ints: []int64{}, sorted: true}, nil, 0, nil
	}
	total := int64(len(b.src)+len(b.dst)+len(b.isolated)) + 1<<20
	var sorted []int64
	var lookup func(int64) uint32
	if minID >= 0 && maxID < 4*total {
		// Dense-enough ids: a direct table is faster than sorting.
		table := make([]uint32, maxID+1)
		mark := func(xs []int64) {
			for _, x := range xs {
				table[x] = 1
			}
		}
		mark(b.src)
		mark(b.dst)
		mark(b.isolated)
		for x, t := range table {
			if t != 0 {
				table[x] = uint32(len(sorted))
				sorted = append(sorted, int64(x))
			}
		}
		lookup = func(x int64) uint32 { return table[x] }
	} else {
		sorted = make([]int64, 0, len(b.src)+len(b.dst)+len(b.isolated))
		sorted = append(append(append(sorted, b.src...), b.dst...), b.isolated...)
		slices.Sort(sorted)
		sorted = slices.Compact(sorted)
		lookup = func(x int64) uint32 {
			i, _ := slices.BinarySearch(sorted, x)
			return uint32(i)
		}
	}
	if len(sorted) > 1<<32-1 {
		return IDs{}, nil, 0, fmt.Errorf("graph: %d vertices exceed the uint32 id space", len(sorted))
	}
	pairs := make([]uint64, len(b.src))
	for i := range b.src {
		pairs[i] = uint64(lookup(b.src[i]))<<32 | uint64(lookup(b.dst[i]))
	}
	b.src, b.dst, b.isolated = nil, nil, nil
	return IDs{ints: sorted, sorted: true}, pairs, len(sorted), nil
}

func (b *GraphBuilder) buildStrings() (IDs, []uint64, int, error) {
	n := len(b.strNames)
	if n > 1<<32-1 {
		return IDs{}, nil, 0, fmt.Errorf("graph: %d vertices exceed the uint32 id space", n)
	}
	order := make([]uint32, n)
	for i := range order {
		order[i] = uint32(i)
	}
	slices.SortFunc(order, func(x, y uint32) int {
		switch a, c := b.strNames[x], b.strNames[y]; {
		case a < c:
			return -1
		case a > c:
			return 1
		}
		return 0
	})
	rank := make([]uint32, n)
	names := make([]string, n)
	for r, old := range order {
		rank[old] = uint32(r)
		names[r] = b.strNames[old]
	}
	pairs := make([]uint64, len(b.ssrc))
	for i := range b.ssrc {
		pairs[i] = uint64(rank[b.ssrc[i]])<<32 | uint64(rank[b.sdst[i]])
	}
	ids, err := StringIDs(names)
	b.strIDs, b.strNames, b.ssrc, b.sdst, b.siso = nil, nil, nil, nil, nil
	return ids, pairs, n, err
}

// fromPairs turns dense (src<<32 | dst) pairs into CSR adjacency, applying the policies.
func (b *GraphBuilder) fromPairs(pairs []uint64, n int, ids IDs) *Graph {
	rep := BuildReport{EdgesRead: b.read, SelfLoopsKept: b.loops == KeepSelfLoops}
	if !b.directed {
		for i, p := range pairs {
			u, v := p>>32, p&0xffffffff
			if u > v {
				pairs[i] = v<<32 | u
			}
		}
	}
	bits := 0
	for 1<<bits < n {
		bits++
	}
	radixSort(pairs, 32+bits)
	// De-duplicate and apply the self-loop policy in place.
	w := 0
	lastLoop := ^uint64(0)
	for i, p := range pairs {
		if i > 0 && p == pairs[i-1] {
			rep.Duplicates++
			continue
		}
		if p>>32 == p&0xffffffff {
			if p != lastLoop {
				rep.SelfLoops++
				lastLoop = p
			}
			if b.loops == DropSelfLoops {
				continue
			}
		}
		pairs[w] = p
		w++
	}
	pairs = pairs[:w]

	g := &Graph{directed: b.directed, ids: ids, report: rep}
	if b.directed {
		g.outOff = make([]int, n+1)
		g.outAdj = make([]uint32, len(pairs))
		for i, p := range pairs {
			g.outOff[p>>32+1]++
			g.outAdj[i] = uint32(p)
		}
		for v := 0; v < n; v++ {
			g.outOff[v+1] += g.outOff[v]
		}
		g.inOff, g.inAdj = transpose(n, g.outOff, g.outAdj)
		return g
	}
	// Undirected: each pair (u <= v) adds v to u's list and u to v's. Visiting pairs in sorted
	// order fills every list in ascending order (see the package tests).
	off := make([]int, n+1)
	for _, p := range pairs {
		u, v := p>>32, p&0xffffffff
		off[u+1]++
		if u != v {
			off[v+1]++
		}
	}
	for v := 0; v < n; v++ {
		off[v+1] += off[v]
	}
	adj := make([]uint32, off[n])
	pos := make([]int, n)
	copy(pos, off[:n])
	for _, p := range pairs {
		u, v := uint32(p>>32), uint32(p)
		adj[pos[u]] = v
		pos[u]++
		if u != v {
			adj[pos[v]] = u
			pos[v]++
		}
	}
	g.outOff, g.outAdj, g.inOff, g.inAdj = off, adj, off, adj
	return g
}

// radixSort sorts a ascending, looking only at the low bits bits of each value; it is a stable
// LSD radix sort with 11-bit digits, O(len(a) * bits/11).
func radixSort(a []uint64, bits int) {
	if len(a) < 256 {
		slices.Sort(a)
		return
	}
	const digit = 11
	buf := make([]uint64, len(a))
	src, dst := a, buf
	var count [1 << digit]int
	for shift := 0; shift < bits; shift += digit {
		clear(count[:])
		for _, x := range src {
			count[(x>>shift)&(1<<digit-1)]++
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, x := range src {
			d := (x >> shift) & (1<<digit - 1)
			dst[count[d]] = x
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &a[0] {
		copy(a, src)
	}
}
