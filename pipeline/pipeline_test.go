package pipeline

import (
	"context"
	"slices"
	"testing"

	"lshbench/algorithms/expand"
	"lshbench/datasets"
)

// plantedSets returns the neighbourhoods of a planted-partition graph and the graph.
func planted(t *testing.T) *datasets.Dataset {
	t.Helper()
	ds, err := datasets.Open(context.Background(), "gen:sbm?n=300&k=6&deg=20&mu=0.2&seed=9", datasets.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestCandidatesMatchBands(t *testing.T) {
	ds := planted(t)
	sets, _ := ds.Sets(datasets.Mode{Dir: datasets.Both})
	sk := Sketch{Variant: "kminhash", K: 32, Seed: 3}
	sk.Bands.B, sk.Bands.R = 16, 2
	e, err := Build(context.Background(), sets, ds.Graph, sk, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	sess := e.NewSession()
	seeds := []uint32{5, 77, 140}
	q, err := sess.Query(seeds)
	if err != nil {
		t.Fatal(err)
	}
	// Brute force: v is an item iff it is a seed or shares all r values of some band with a seed.
	var want []uint32
	for v := 0; v < sets.Len(); v++ {
		in := slices.Contains(seeds, uint32(v))
		for _, s := range seeds {
			if in || e.Sig.IsEmpty(v) || e.Sig.IsEmpty(int(s)) {
				break
			}
			a, b := e.Sig.Row(v), e.Sig.Row(int(s))
			for band := 0; band < sk.Bands.B && !in; band++ {
				lo, hi := band*sk.Bands.R, (band+1)*sk.Bands.R
				in = slices.Equal(a[lo:hi], b[lo:hi])
			}
		}
		if in {
			want = append(want, uint32(v))
		}
	}
	if !slices.Equal(q.Items(), want) {
		t.Fatalf("candidates %v, want %v", q.Items(), want)
	}
	if _, err := sess.Query([]uint32{uint32(sets.Len())}); err == nil {
		t.Error("seed out of range accepted")
	}
}

func TestOpenCachedRoundTrip(t *testing.T) {
	ds := planted(t)
	sets, _ := ds.Sets(datasets.Mode{Dir: datasets.Both})
	dir := t.TempDir()
	sk := DefaultSketch()
	e1, ci, err := OpenCached(context.Background(), dir, sets, ds.Graph, "both", "", sk, 1, nil)
	if err != nil || ci.Loaded {
		t.Fatalf("first open: %v, loaded %v", err, ci.Loaded)
	}
	e2, ci2, err := OpenCached(context.Background(), dir, sets, ds.Graph, "both", "", sk, 1, nil)
	if err != nil || !ci2.Loaded || ci2.SigPath != ci.SigPath {
		t.Fatalf("second open: %v, loaded %v, %s vs %s", err, ci2.Loaded, ci2.SigPath, ci.SigPath)
	}
	defer e2.Close()
	if !slices.Equal(e1.Sig.Data, e2.Sig.Data) {
		t.Fatal("cached signatures differ")
	}
	req := Request{Seeds: []uint32{1, 2, 3}, Size: 40}
	r1, err := e1.NewSession().Run(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := e2.NewSession().Run(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(r1.Community, r2.Community) || !slices.Equal(r1.Structure.Labels, r2.Structure.Labels) {
		t.Fatal("built and cached engines answer differently")
	}
	// Another band configuration is another cache entry.
	sk.Bands.B, sk.Bands.R = 25, 4
	_, ci3, err := OpenCached(context.Background(), dir, sets, ds.Graph, "both", "", sk, 1, nil)
	if err != nil || ci3.Loaded || ci3.IndexPath == ci.IndexPath {
		t.Fatalf("new bands: %v, loaded %v, %s", err, ci3.Loaded, ci3.IndexPath)
	}
}

func TestRunFindsPlantedBlock(t *testing.T) {
	ds := planted(t)
	sets, _ := ds.Sets(datasets.Mode{Dir: datasets.Both})
	sk := Sketch{Variant: "kminhash", K: 64, Seed: 1}
	sk.Bands.B, sk.Bands.R = 64, 1
	e, err := Build(context.Background(), sets, ds.Graph, sk, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	sess := e.NewSession()
	block := ds.Truth.Community(2)
	for _, kind := range []SimKind{Estimated, Exact} {
		for _, m := range expand.Methods() {
			res, err := sess.Run(context.Background(), Request{Seeds: block[:4], Size: len(block), Method: m, Similarity: kind})
			if err != nil {
				t.Fatal(err)
			}
			if m != expand.MethodPPRPaper && len(res.Community) != len(block) {
				t.Errorf("%s/%s: community of %d, want %d", m, kind, len(res.Community), len(block))
			}
			if f1 := expand.F1(res.Community, block); f1 < 0.8 {
				t.Errorf("%s/%s: F1 %.3f against the planted block", m, kind, f1)
			}
			if !slices.Equal(res.Community[:4], block[:4]) {
				t.Errorf("%s/%s: community does not start with the seeds", m, kind)
			}
		}
	}
}

func TestStructureOf(t *testing.T) {
	// Two cliques of 6 members (similarity 0.5 inside), joined by one weak pair (0.01).
	members := []uint32{10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 24, 25}
	sim := expand.SimFunc(func(a, b uint32) float64 {
		switch {
		case a/10 == b/10:
			return 0.5
		case (a == 15 && b == 20) || (a == 20 && b == 15):
			return 0.01
		}
		return 0
	})
	for _, nb := range []int{0, 3} {
		st, err := StructureOf(context.Background(), members, sim, StructureOptions{Neighbours: nb})
		if err != nil {
			t.Fatal(err)
		}
		want := []int{0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1}
		if st.Communities != 2 || !slices.Equal(st.Labels, want) {
			t.Errorf("neighbours %d: %d communities, labels %v", nb, st.Communities, st.Labels)
		}
		wantEdges := 31
		if nb == 3 {
			// Each clique member keeps 3 of its 5 clique partners (ties to the earlier member),
			// the weak bridge is nobody's top 3.
			wantEdges = st.Edges
			if st.Edges >= 30 || st.Edges < 12 {
				t.Errorf("neighbours 3: %d edges", st.Edges)
			}
		}
		if st.Edges != wantEdges {
			t.Errorf("neighbours %d: %d edges, want %d", nb, st.Edges, wantEdges)
		}
	}
	if _, err := StructureOf(context.Background(), members, sim, StructureOptions{Neighbours: -1}); err == nil {
		t.Error("negative neighbours accepted")
	}
}

func TestGrow(t *testing.T) {
	rk := expand.Ranking{{ID: 7}, {ID: 1}, {ID: 9}, {ID: 7}, {ID: 4}}
	if got := Grow([]uint32{1, 2}, rk, 4); !slices.Equal(got, []uint32{1, 2, 7, 9}) {
		t.Errorf("Grow = %v", got)
	}
	if got := Grow([]uint32{1, 2}, rk, 0); !slices.Equal(got, []uint32{1, 2, 7, 9, 4}) {
		t.Errorf("Grow unbounded = %v", got)
	}
}
