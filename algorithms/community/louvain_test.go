package community

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// ringOfCliques returns k cliques of size s, clique i joined to clique i+1 by one edge.
func ringOfCliques(t testing.TB, k, s int) (*Weighted, []int) {
	var edges []Edge
	truth := make([]int, k*s)
	for c := 0; c < k; c++ {
		for i := 0; i < s; i++ {
			truth[c*s+i] = c
			for j := i + 1; j < s; j++ {
				edges = append(edges, Edge{uint32(c*s + i), uint32(c*s + j), 1})
			}
		}
		edges = append(edges, Edge{uint32(c * s), uint32(((c+1)%k)*s + 1), 1})
	}
	return mustWeighted(t, k*s, edges), truth
}

func TestLouvainRingOfCliques(t *testing.T) {
	g, truth := ringOfCliques(t, 6, 5)
	for seed := uint64(0); seed < 3; seed++ {
		labels := Louvain(g, 1, seed)
		if nmi, _ := NMI(labels, truth); nmi != 1 {
			t.Errorf("seed %d: NMI %v, labels %v", seed, nmi, labels)
		}
	}
	// WALKTRAP's best cut finds the cliques too.
	d, err := Walktrap(t.Context(), g, WalktrapOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if best, _, _ := d.Best(); !slices.Equal(best, Relabel(truth)) {
		t.Errorf("walktrap best %v", best)
	}
}

func TestLouvainDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	g := randomGraph(t, rng, 300, 900)
	a := Louvain(g, 1, 42)
	b := Louvain(g, 1, 42)
	if !slices.Equal(a, b) {
		t.Error("same seed, different labels")
	}
	if len(Louvain(mustWeighted(t, 0, nil), 1, 1)) != 0 {
		t.Error("empty graph")
	}
	if l := Louvain(mustWeighted(t, 3, nil), 1, 1); !slices.Equal(l, []int{0, 1, 2}) {
		t.Errorf("no edges: %v", l)
	}
	// A higher resolution gives at least as many communities on this graph.
	lo, hi := maxLabel(Louvain(g, 0.5, 1)), maxLabel(Louvain(g, 4, 1))
	if hi < lo {
		t.Errorf("resolution 4 gives %d communities, 0.5 gives %d", hi+1, lo+1)
	}
}
