package community

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func mustWeighted(t testing.TB, n int, edges []Edge) *Weighted {
	t.Helper()
	g, err := NewWeighted(n, edges)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func unit(pairs ...[2]uint32) []Edge {
	out := make([]Edge, len(pairs))
	for i, p := range pairs {
		out[i] = Edge{p[0], p[1], 1}
	}
	return out
}

// twoTriangles is {0,1,2} and {3,4,5} joined by the edge 2-3.
func twoTriangles(t testing.TB) *Weighted {
	return mustWeighted(t, 6, unit([2]uint32{0, 1}, [2]uint32{0, 2}, [2]uint32{1, 2},
		[2]uint32{2, 3}, [2]uint32{3, 4}, [2]uint32{3, 5}, [2]uint32{4, 5}))
}

// TestWalktrapTwoTrianglesByHand checks the merges of two triangles joined by an edge with walks
// of length t = 1, computed by hand.
//
// Unit weights and MeanLoops give each vertex a loop of weight 1, so d = (3, 3, 4, 4, 3, 3) and
// the rows of P = D^-1 A are
//
//	P0 = P1 = (1/3, 1/3, 1/3, 0, 0, 0)      P2 = (1/4, 1/4, 1/4, 1/4, 0, 0)
//	P4 = P5 = (0, 0, 0, 1/3, 1/3, 1/3)      P3 = (0, 0, 1/4, 1/4, 1/4, 1/4)
//
// Delta sigma = (1/6) |C1||C2|/(|C1|+|C2|) sum_k (P_C1,k - P_C2,k)^2 / d(k).
//  1. r(0,1) = r(4,5) = 0: the tie goes to the smaller ids, (0,1) -> 6, with Delta sigma 0.
//  2. (4,5) -> 7, Delta sigma 0.
//  3. P6 = P0. r^2(2,6) = 2 (1/12)^2/3 + (1/12)^2/4 + (1/4)^2/4 = 19/864, so
//     Delta sigma(2,6) = (1/6)(2/3)(19/864) = 19/7776; by symmetry Delta sigma(3,7) is the same
//     and Delta sigma(2,3) = (1/6)(1/2)(4 (1/4)^2/3) = 1/144 is larger. Tie: (2,6) -> 8.
//  4. P8 = (2 P6 + P2)/3 = (11/36, 11/36, 11/36, 1/12, 0, 0); r^2(3,8) = 434/3888 gives
//     Delta sigma(3,8) = (1/6)(3/4)(434/3888) = 1302/93312 > 19/7776, so (3,7) -> 9.
//  5. (8,9) -> 10 with r^2 = (4 (11/36)^2/3 + 2 (8/36)^2/4) = 580/3888,
//     Delta sigma = (1/6)(9/6)(580/3888) = 870/23328.
//
// Modularity of the two triangles: W = 7, W_c = 3, S_c = 7: Q = 2 (3/7 - 1/4) = 5/14, the best level.
func TestWalktrapTwoTrianglesByHand(t *testing.T) {
	g := twoTriangles(t)
	d, err := Walktrap(context.Background(), g, WalktrapOptions{Steps: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := []Merge{
		{A: 0, B: 1, Into: 6, DeltaSigma: 0, Size: 2},
		{A: 4, B: 5, Into: 7, DeltaSigma: 0, Size: 2},
		{A: 2, B: 6, Into: 8, DeltaSigma: 19.0 / 7776, Size: 3},
		{A: 3, B: 7, Into: 9, DeltaSigma: 19.0 / 7776, Size: 3},
		{A: 8, B: 9, Into: 10, DeltaSigma: 870.0 / 23328, Size: 6},
	}
	if len(d.Merges) != len(want) {
		t.Fatalf("%d merges, want %d: %+v", len(d.Merges), len(want), d.Merges)
	}
	for i, m := range d.Merges {
		w := want[i]
		if m.A != w.A || m.B != w.B || m.Into != w.Into || m.Size != w.Size || math.Abs(m.DeltaSigma-w.DeltaSigma) > 1e-15 {
			t.Errorf("merge %d = %+v, want %+v", i, m, w)
		}
	}
	labels, k, q := d.Best()
	if k != 4 || math.Abs(q-5.0/14) > 1e-12 || !slices.Equal(labels, []int{0, 0, 0, 1, 1, 1}) {
		t.Errorf("best level after %d merges, Q = %v, labels %v; want 4, 5/14, two triangles", k, q, labels)
	}
	// The default t = 4 finds the same two triangles.
	d4, err := Walktrap(context.Background(), g, WalktrapOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if labels, _, _ := d4.Best(); !slices.Equal(labels, []int{0, 0, 0, 1, 1, 1}) {
		t.Errorf("t = 4: best labels %v", labels)
	}
}

// randomGraph returns a connected-ish random weighted graph: a random tree plus extra edges.
func randomGraph(t testing.TB, rng *rand.Rand, n, extra int) *Weighted {
	var edges []Edge
	for v := 1; v < n; v++ {
		edges = append(edges, Edge{uint32(rng.IntN(v)), uint32(v), 0.1 + rng.Float64()})
	}
	for range extra {
		u, v := rng.IntN(n), rng.IntN(n)
		edges = append(edges, Edge{uint32(u), uint32(v), 0.1 + rng.Float64()})
	}
	return mustWeighted(t, n, edges)
}

// unitWeights returns g with every edge weight set to 1.
func unitWeights(t testing.TB, g *Weighted) *Weighted {
	var edges []Edge
	for v := 0; v < g.N(); v++ {
		adj, _ := g.Neighbors(uint32(v))
		for _, u := range adj {
			if int(u) > v {
				edges = append(edges, Edge{uint32(v), u, 1})
			}
		}
	}
	return mustWeighted(t, g.N(), edges)
}

// naiveWalktrap follows the definitions literally: dense P^t by repeated multiplication,
// community vectors recomputed as member means, every adjacent pair's Delta sigma recomputed at
// every step.
func naiveWalktrap(g *Weighted, steps int) []Merge {
	n := g.N()
	A := make([][]float64, n)
	deg := make([]float64, n)
	for i := range A {
		A[i] = make([]float64, n)
		adj, w := g.Neighbors(uint32(i))
		for k, u := range adj {
			A[i][u] = w[k]
		}
		loop := 1.0
		if len(adj) > 0 {
			loop = g.Strength(uint32(i)) / float64(len(adj))
		}
		A[i][i] = loop
		for _, x := range A[i] {
			deg[i] += x
		}
	}
	P := make([][]float64, n)
	for i := range P {
		v := make([]float64, n)
		v[i] = 1
		for range steps {
			nv := make([]float64, n)
			for j := range v {
				for k := range nv {
					nv[k] += v[j] * A[j][k] / deg[j]
				}
			}
			v = nv
		}
		P[i] = v
	}
	members := map[int][]int{}
	for i := 0; i < n; i++ {
		members[i] = []int{i}
	}
	vecOf := func(c int) []float64 {
		v := make([]float64, n)
		for _, i := range members[c] {
			for k := range v {
				v[k] += P[i][k] / float64(len(members[c]))
			}
		}
		return v
	}
	adjacent := func(a, b int) bool {
		for _, i := range members[a] {
			for _, j := range members[b] {
				if A[i][j] != 0 {
					return true
				}
			}
		}
		return false
	}
	var merges []Merge
	next := n
	for {
		var ids []int
		for c := range members {
			ids = append(ids, c)
		}
		slices.Sort(ids)
		best := Merge{A: -1}
		bestKey := 0.0
		for x, a := range ids {
			for _, b := range ids[x+1:] {
				if !adjacent(a, b) {
					continue
				}
				va, vb := vecOf(a), vecOf(b)
				r2 := 0.0
				for k := range va {
					r2 += (va[k] - vb[k]) * (va[k] - vb[k]) / deg[k]
				}
				sa, sb := float64(len(members[a])), float64(len(members[b]))
				ds := r2 * sa * sb / (sa + sb) / float64(n)
				key := tieKey(ds)
				if best.A < 0 || key < bestKey {
					best = Merge{A: a, B: b, DeltaSigma: ds, Size: len(members[a]) + len(members[b])}
					bestKey = key
				}
			}
		}
		if best.A < 0 {
			return merges
		}
		best.Into = next
		members[next] = append(slices.Clone(members[best.A]), members[best.B]...)
		delete(members, best.A)
		delete(members, best.B)
		next++
		merges = append(merges, best)
	}
}

func TestWalktrapMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 60; trial++ {
		n := 3 + rng.IntN(38)
		extra := rng.IntN(2 * n)
		if trial%3 == 0 {
			extra = rng.IntN(n*n/3 + 1) // dense: many pairs adjacent to both sides of a merge
		}
		g := randomGraph(t, rng, n, extra)
		if trial%4 == 1 {
			g = unitWeights(t, g) // many exact ties
		}
		steps := 1 + rng.IntN(5)
		d, err := Walktrap(context.Background(), g, WalktrapOptions{Steps: steps})
		if err != nil {
			t.Fatal(err)
		}
		sameUpToTies(t, d, naiveWalktrap(g, steps))
	}
}

// sameUpToTies compares a dendrogram with the naive merges. Both break ties by community ids
// after rounding Delta sigma to 40 bits, but two values equal in exact arithmetic may differ by
// rounding noise and fall on both sides of a rounding boundary; at the first such divergence the
// two choices must have the same Delta sigma to 1e-9 relative, and the comparison stops there
// (the rest of the dendrograms legitimately differ). The number of merges must always agree.
func sameUpToTies(t *testing.T, d *Dendrogram, want []Merge) {
	t.Helper()
	if len(d.Merges) != len(want) {
		t.Fatalf("%d merges, naive %d", len(d.Merges), len(want))
	}
	for i, m := range d.Merges {
		w := want[i]
		close := math.Abs(m.DeltaSigma-w.DeltaSigma) <= 1e-9*math.Max(1e-12, w.DeltaSigma)
		if !close {
			t.Fatalf("merge %d = %+v, naive %+v", i, m, w)
		}
		if m.A != w.A || m.B != w.B {
			t.Logf("merge %d: tie within rounding broken differently: %+v vs naive %+v", i, m, w)
			return
		}
		if m.Into != w.Into || m.Size != w.Size {
			t.Fatalf("merge %d = %+v, naive %+v", i, m, w)
		}
	}
}

// TestWalktrapModularityLevels recomputes the modularity of every level from its partition.
func TestWalktrapModularityLevels(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := 0; trial < 10; trial++ {
		n := 10 + rng.IntN(60)
		g := randomGraph(t, rng, n, 2*n)
		d, err := Walktrap(context.Background(), g, WalktrapOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Modularity) != len(d.Merges)+1 || len(d.Merges) != n-1 {
			t.Fatalf("%d levels for %d merges of %d vertices", len(d.Modularity), len(d.Merges), n)
		}
		for k := range d.Modularity {
			labels, err := d.Cut(k)
			if err != nil {
				t.Fatal(err)
			}
			q, err := Modularity(g, labels)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(q-d.Modularity[k]) > 1e-12 {
				t.Fatalf("trial %d level %d: incremental Q %v, recomputed %v", trial, k, d.Modularity[k], q)
			}
			if got := maxLabel(labels) + 1; got != n-k {
				t.Fatalf("level %d has %d communities, want %d", k, got, n-k)
			}
		}
		best, k, q := d.Best()
		for _, x := range d.Modularity {
			if x > q {
				t.Fatalf("Best Q %v below a level's %v", q, x)
			}
		}
		if qb, _ := Modularity(g, best); math.Abs(qb-q) > 1e-12 || d.Modularity[k] != q {
			t.Fatalf("best cut: Q %v, recomputed %v", q, qb)
		}
	}
}

func maxLabel(l []int) int {
	m := -1
	for _, x := range l {
		m = max(m, x)
	}
	return m
}

func TestWalktrapDisconnectedAndEdgeCases(t *testing.T) {
	// Two components and an isolated vertex: 6 vertices, 3 components, 3 merges.
	g := mustWeighted(t, 6, unit([2]uint32{0, 1}, [2]uint32{1, 2}, [2]uint32{3, 4}))
	d, err := Walktrap(context.Background(), g, WalktrapOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Merges) != 3 {
		t.Fatalf("%d merges, want 3", len(d.Merges))
	}
	last, _ := d.Cut(3)
	if !slices.Equal(last, []int{0, 0, 0, 1, 1, 2}) {
		t.Errorf("final level %v", last)
	}
	if l, err := d.CutCommunities(3); err != nil || !slices.Equal(l, last) {
		t.Errorf("CutCommunities(3) = %v, %v", l, err)
	}
	if _, err := d.CutCommunities(2); err == nil {
		t.Error("CutCommunities(2) on 3 components: no error")
	}
	if _, err := d.Cut(4); err == nil {
		t.Error("Cut(4) beyond the merges: no error")
	}
	// Empty graph, graph without edges.
	for _, n := range []int{0, 1, 4} {
		d, err := Walktrap(context.Background(), mustWeighted(t, n, nil), WalktrapOptions{})
		if err != nil || len(d.Merges) != 0 || len(d.Modularity) != 1 || d.Modularity[0] != 0 {
			t.Errorf("n=%d without edges: %+v %v", n, d, err)
		}
		if l, _, _ := d.Best(); len(l) != n {
			t.Errorf("n=%d: best labels %v", n, l)
		}
	}
	// Options errors.
	if _, err := Walktrap(context.Background(), g, WalktrapOptions{Steps: -1}); err == nil {
		t.Error("negative steps: no error")
	}
	if _, err := Walktrap(context.Background(), g, WalktrapOptions{MaxBytes: 100}); err == nil {
		t.Error("memory cap: no error")
	}
	if _, err := Walktrap(context.Background(), g, WalktrapOptions{Loops: 9}); err == nil {
		t.Error("bad loop policy: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Walktrap(ctx, randomGraph(t, rand.New(rand.NewPCG(1, 1)), 100, 100), WalktrapOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err %v", err)
	}
}

// TestWalktrapDeterministic checks that the worker count and input loops change nothing, and that
// the loop policies are honoured.
func TestWalktrapDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	g := randomGraph(t, rng, 200, 600)
	d1, err := Walktrap(context.Background(), g, WalktrapOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	d4, err := Walktrap(context.Background(), g, WalktrapOptions{Workers: 4})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d1.Merges, d4.Merges) || !slices.Equal(d1.Modularity, d4.Modularity) {
		t.Error("results depend on the number of workers")
	}
	// Adding loops to the input graph changes nothing: WALKTRAP uses its own.
	var edges []Edge
	for v := 0; v < g.N(); v++ {
		adj, w := g.Neighbors(uint32(v))
		for k, u := range adj {
			if int(u) > v {
				edges = append(edges, Edge{uint32(v), u, w[k]})
			}
		}
		edges = append(edges, Edge{uint32(v), uint32(v), 1})
	}
	gl := mustWeighted(t, g.N(), edges)
	dl, err := Walktrap(context.Background(), gl, WalktrapOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d1.Merges, dl.Merges) {
		t.Error("input self-loops changed the result")
	}
	// UnitLoops on a unit-weight graph equals MeanLoops.
	u := twoTriangles(t)
	a, _ := Walktrap(context.Background(), u, WalktrapOptions{Loops: MeanLoops})
	b, _ := Walktrap(context.Background(), u, WalktrapOptions{Loops: UnitLoops})
	c, _ := Walktrap(context.Background(), u, WalktrapOptions{Loops: NoLoops})
	if !slices.Equal(a.Merges, b.Merges) {
		t.Error("UnitLoops differs from MeanLoops on a unit-weight graph")
	}
	if slices.Equal(a.Merges, c.Merges) {
		t.Error("NoLoops gives the same Delta sigma as MeanLoops")
	}
}

func TestTieKeyMonotone(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 10000 {
		x := rng.ExpFloat64() * math.Pow(10, float64(rng.IntN(20)-10))
		y := x * (1 + (rng.Float64()-0.5)*1e-6)
		if (x < y && tieKey(x) > tieKey(y)) || (x > y && tieKey(x) < tieKey(y)) {
			t.Fatalf("tieKey not monotone at %v, %v", x, y)
		}
		if r := math.Abs(tieKey(x)-x) / x; r > 1e-12 {
			t.Fatalf("tieKey(%v) = %v: relative change %v", x, tieKey(x), r)
		}
	}
	if tieKey(0) != 0 {
		t.Error("tieKey(0) != 0")
	}
	a := 19.0 / 7776
	if tieKey(a) != tieKey(math.Nextafter(a, 1)) && tieKey(a) != tieKey(math.Nextafter(a, 0)) {
		t.Error("neighbouring floats split on both sides")
	}
}
