package expand

import (
	"math"
	"slices"
	"testing"

	"lshbench/datasets"
)

func buildGraph(t testing.TB, directed bool, n int, edges [][2]int64) *datasets.Graph {
	t.Helper()
	b := datasets.NewGraphBuilder(directed, datasets.DropSelfLoops)
	for v := range n {
		b.AddNodeInt(int64(v))
	}
	for _, e := range edges {
		b.AddInt(e[0], e[1])
	}
	g, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// twoCliques returns two k-cliques {0..k-1} and {k..2k-1} joined by the edge k-1 -- k.
func twoCliques(k int) [][2]int64 {
	var e [][2]int64
	for off := 0; off <= k; off += k {
		for i := 0; i < k; i++ {
			for j := i + 1; j < k; j++ {
				e = append(e, [2]int64{int64(off + i), int64(off + j)})
			}
		}
	}
	return append(e, [2]int64{int64(k - 1), int64(k)})
}

func TestPushTwoCliques(t *testing.T) {
	const k = 6
	und := buildGraph(t, false, 2*k, twoCliques(k))
	// The same structure as a directed graph with each edge in one direction only: the
	// undirected view (union of in and out) must give the same answer.
	dir := buildGraph(t, true, 2*k, twoCliques(k))
	want := []uint32{0, 1, 2, 3, 4, 5}
	for name, g := range map[string]*datasets.Graph{"undirected": und, "directed": dir} {
		for _, seeds := range [][]uint32{{0}, {5}, {1, 2}} {
			res, err := Push(g, seeds, PushOptions{Epsilon: 1e-6}, 0)
			if err != nil {
				t.Fatal(err)
			}
			sweep := slices.Clone(res.Sweep)
			slices.Sort(sweep)
			if !slices.Equal(sweep, want) {
				t.Errorf("%s seeds %v: sweep set %v, want %v", name, seeds, res.Sweep, want)
			}
			// cut 1, volume 6*5+1 = 31 of 62.
			if math.Abs(res.Conductance-1.0/31) > 1e-12 {
				t.Errorf("%s seeds %v: conductance %v, want 1/31", name, seeds, res.Conductance)
			}
			for _, a := range res.Ranking {
				if slices.Contains(seeds, a.ID) {
					t.Errorf("%s: seed %d in the ranking", name, a.ID)
				}
			}
			// The ranking starts with the rest of the seed's clique.
			if got := len(res.Ranking); got < k-len(seeds) {
				t.Fatalf("%s: ranking too short: %v", name, res.Ranking)
			}
			for _, a := range res.Ranking[:k-len(seeds)] {
				if a.ID >= k {
					t.Errorf("%s seeds %v: ranking %v leaves the clique early", name, seeds, res.Ranking)
				}
			}
		}
	}
}

// lazyPPR solves p = alpha*s + (1-alpha) * p * W, W = (I + D^-1 A)/2, by iteration.
func lazyPPR(g *datasets.Graph, seeds []uint32, alpha float64) []float64 {
	n := g.N()
	s := make([]float64, n)
	for _, v := range seeds {
		s[v] = 1 / float64(len(seeds))
	}
	p := slices.Clone(s)
	for range 2000 {
		np := make([]float64, n)
		for u := range n {
			d := float64(len(g.Out(uint32(u))))
			np[u] += alpha*s[u] + (1-alpha)*p[u]/2
			for _, v := range g.Out(uint32(u)) {
				np[v] += (1 - alpha) * p[u] / (2 * d)
			}
		}
		p = np
	}
	return p
}

func TestPushApproximationBound(t *testing.T) {
	// A ring of 5 cliques of 5 with chords: ACL guarantee 0 <= pr(v) - p(v) <= eps*d(v), and
	// the residual left is below eps*d everywhere.
	var e [][2]int64
	for c := 0; c < 5; c++ {
		for i := 0; i < 5; i++ {
			for j := i + 1; j < 5; j++ {
				e = append(e, [2]int64{int64(5*c + i), int64(5*c + j)})
			}
		}
		e = append(e, [2]int64{int64(5*c + 4), int64((5*c + 5) % 25)})
		e = append(e, [2]int64{int64(5*c + 2), int64((5*c + 12) % 25)})
	}
	g := buildGraph(t, false, 25, e)
	seeds := []uint32{0, 3}
	for _, eps := range []float64{1e-2, 1e-3, 1e-5} {
		w := NewPusher(g)
		for rep := range 2 { // the second run reuses the work arrays
			res, err := w.Run(seeds, PushOptions{Alpha: 0.15, Epsilon: eps}, 0)
			if err != nil {
				t.Fatal(err)
			}
			exact := lazyPPR(g, seeds, 0.15)
			total := 0.0
			for v := range g.N() {
				d := float64(len(g.Out(uint32(v))))
				diff := exact[v] - w.pval(uint32(v))
				if diff < -1e-12 || diff > eps*d+1e-12 {
					t.Fatalf("eps %g rep %d vertex %d: pr %v, p %v", eps, rep, v, exact[v], w.pval(uint32(v)))
				}
				if r := w.rval(uint32(v)); r >= eps*d {
					t.Fatalf("eps %g: residual %v at %d >= eps*d", eps, r, v)
				}
				total += w.pval(uint32(v)) + w.rval(uint32(v))
			}
			if math.Abs(total-1) > 1e-12 {
				t.Fatalf("eps %g: mass p + r = %v, want 1", eps, total)
			}
			if res.Pushes == 0 || res.Support == 0 {
				t.Fatalf("eps %g: %d pushes, support %d", eps, res.Pushes, res.Support)
			}
		}
	}
}

// pval and rval read a vertex's state after a run (0 when not touched).
func (w *Pusher) pval(v uint32) float64 {
	if w.stamp[v] != w.gen {
		return 0
	}
	return w.p[v]
}

func (w *Pusher) rval(v uint32) float64 {
	if w.stamp[v] != w.gen {
		return 0
	}
	return w.r[v]
}

func TestPushEdgeCases(t *testing.T) {
	g := buildGraph(t, false, 4, [][2]int64{{0, 1}, {1, 2}})
	// Vertex 3 is isolated: all its mass stays, nothing else is reached.
	res, err := Push(g, []uint32{3}, PushOptions{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Ranking) != 0 || res.Support != 1 || res.Conductance != 1 {
		t.Errorf("isolated seed: %+v", res)
	}
	if _, err := Push(g, nil, PushOptions{}, 0); err == nil {
		t.Error("no seeds: no error")
	}
	if _, err := Push(g, []uint32{9}, PushOptions{}, 0); err == nil {
		t.Error("seed out of range: no error")
	}
	if _, err := Push(g, []uint32{0}, PushOptions{Alpha: 1}, 0); err == nil {
		t.Error("alpha 1: no error")
	}
	res, err = Push(g, []uint32{0, 0}, PushOptions{Epsilon: 1e-8}, 1)
	if err != nil || len(res.Ranking) != 1 || res.Ranking[0].ID != 1 {
		t.Errorf("limit 1 from 0: %+v, %v", res, err)
	}
}
