package community

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"lshbench/datasets"
)

// classic opens a graph of the mirror's classic/ folder with its ground truth and returns the
// unit-weight graph and the truth as labels (every vertex of these graphs has exactly one label).
func classic(t *testing.T, name, file, truth string) (*Weighted, []int) {
	t.Helper()
	mirror := os.Getenv("LSHBENCH_MIRROR")
	path := filepath.Join(mirror, "classic", file)
	if _, err := os.Stat(path); mirror == "" || err != nil {
		t.Skipf("LSHBENCH_MIRROR not set or absent: skipping test on real data %s", name)
	}
	undirected := false
	opt := datasets.OpenOptions{Directed: &undirected}
	if truth != "" {
		opt.Communities = filepath.Join(mirror, "classic", truth)
	}
	ds, err := datasets.Open(context.Background(), path, opt)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Truth == nil {
		t.Fatalf("%s: no ground truth", name)
	}
	g := FromGraph(ds.Graph)
	labels := make([]int, g.N())
	for v := range labels {
		of := ds.Truth.Of(uint32(v))
		if len(of) != 1 {
			t.Fatalf("%s: vertex %d in %d communities", name, v, len(of))
		}
		labels[v] = int(of[0])
	}
	return g, labels
}

// TestClassicFootball: 115 teams, 613 games, 12 conferences. Published NMI of Walktrap on this
// graph is about 0.85-0.9. Measured here: WALKTRAP (t = 4) best cut 10 communities, Q = 0.6029,
// NMI = 0.887 (the 12-community level: 0.924); Louvain seeds 1-3: Q = 0.604-0.605, NMI =
// 0.885-0.890. The runs are deterministic; the bound 0.8 is the brief's target with a margin.
func TestClassicFootball(t *testing.T) {
	g, truth := classic(t, "football", "football.gml", "")
	if g.N() != 115 || g.NumEdges() != 613 || maxLabel(truth)+1 != 12 {
		t.Fatalf("football: %d vertices, %d edges, %d conferences", g.N(), g.NumEdges(), maxLabel(truth)+1)
	}
	d, err := Walktrap(context.Background(), g, WalktrapOptions{})
	if err != nil {
		t.Fatal(err)
	}
	best, merges, q := d.Best()
	nmi, _ := NMI(best, truth)
	t.Logf("football walktrap: best cut %d communities, Q = %.4f, NMI = %.4f", g.N()-merges, q, nmi)
	if nmi < 0.8 {
		t.Errorf("walktrap NMI %.4f < 0.8", nmi)
	}
	at12, _ := d.CutCommunities(12)
	nmi12, _ := NMI(at12, truth)
	t.Logf("football walktrap: 12-community level NMI = %.4f", nmi12)
	if nmi12 < 0.85 {
		t.Errorf("walktrap 12-community NMI %.4f < 0.85", nmi12)
	}
	for seed := uint64(1); seed <= 3; seed++ {
		l := Louvain(g, 1, seed)
		nmi, _ := NMI(l, truth)
		ql, _ := Modularity(g, l)
		t.Logf("football louvain seed %d: %d communities, Q = %.4f, NMI = %.4f", seed, maxLabel(l)+1, ql, nmi)
		if nmi < 0.8 || ql < 0.59 {
			t.Errorf("louvain seed %d NMI %.4f < 0.8 or Q %.4f < 0.59", seed, nmi, ql)
		}
	}
}

// TestClassicKarate: 34 members, 78 ties, two clubs (16 and 18). Measured: WALKTRAP's best cut has
// 4 communities with Q = 0.4198 (the known maximum modularity of this graph; an independent
// brute-force Python/networkx run of the same definitions agrees) and NMI 0.687 against the clubs;
// its 2-community level is exactly the two clubs (NMI 1). igraph's walktrap is commonly quoted
// with 5 communities and Q of about 0.35 on karate (not verified here: igraph is not installed);
// its implementation approximates Delta sigma to communities adjacent to only one side of a
// merge, while this one is exact, which can explain the difference. Louvain, seeds 1-3: 4 communities, Q =
// 0.416-0.420, NMI 0.587-0.687. The bounds leave a margin below these deterministic values: a
// drop means the algorithm changed, not noise.
func TestClassicKarate(t *testing.T) {
	g, truth := classic(t, "karate", "karate.edges", "karate.clusters")
	if g.N() != 34 || g.NumEdges() != 78 {
		t.Fatalf("karate: %d vertices, %d edges", g.N(), g.NumEdges())
	}
	d, err := Walktrap(context.Background(), g, WalktrapOptions{})
	if err != nil {
		t.Fatal(err)
	}
	best, merges, q := d.Best()
	nmi, _ := NMI(best, truth)
	t.Logf("karate walktrap: best cut %d communities, Q = %.4f, NMI = %.4f", g.N()-merges, q, nmi)
	two, _ := d.CutCommunities(2)
	nmi2, _ := NMI(two, truth)
	t.Logf("karate walktrap: 2-community level NMI = %.4f", nmi2)
	if nmi < 0.6 || nmi2 < 0.9 || q < 0.41 {
		t.Errorf("walktrap: best-cut NMI %.4f < 0.6, 2-level NMI %.4f < 0.9 or Q %.4f < 0.41", nmi, nmi2, q)
	}
	for seed := uint64(1); seed <= 3; seed++ {
		l := Louvain(g, 1, seed)
		nmi, _ := NMI(l, truth)
		ql, _ := Modularity(g, l)
		t.Logf("karate louvain seed %d: %d communities, Q = %.4f, NMI = %.4f", seed, maxLabel(l)+1, ql, nmi)
		if nmi < 0.5 || ql < 0.4 {
			t.Errorf("louvain seed %d: NMI %.4f < 0.5 or Q %.4f < 0.4", seed, nmi, ql)
		}
	}
}
