package community

import (
	"math"
	"slices"
	"testing"

	"lshbench/datasets"
)

func TestNewWeighted(t *testing.T) {
	g, err := NewWeighted(4, []Edge{
		{0, 1, 1}, {1, 0, 0.5}, // duplicate in both orientations: summed
		{2, 2, 0.25}, {2, 2, 0.25}, // repeated loop: summed
		{1, 3, 0}, // zero weight: dropped
		{3, 2, 2},
	})
	if err != nil {
		t.Fatal(err)
	}
	if g.N() != 4 || g.NumEdges() != 2 || g.TotalWeight() != 3.5 {
		t.Errorf("N %d edges %d total %v", g.N(), g.NumEdges(), g.TotalWeight())
	}
	adj, w := g.Neighbors(1)
	if !slices.Equal(adj, []uint32{0}) || !slices.Equal(w, []float64{1.5}) {
		t.Errorf("neighbours of 1: %v %v", adj, w)
	}
	adj, _ = g.Neighbors(2)
	if !slices.Equal(adj, []uint32{3}) || g.Loop(2) != 0.5 || g.Strength(2) != 2 || g.Weight(2, 2) != 0.5 {
		t.Errorf("vertex 2: adj %v loop %v strength %v", adj, g.Loop(2), g.Strength(2))
	}
	if g.Weight(0, 1) != 1.5 || g.Weight(1, 0) != 1.5 || g.Weight(0, 3) != 0 || g.Degree(3) != 1 {
		t.Error("Weight / Degree")
	}
	if g.Bytes() <= 0 {
		t.Error("Bytes")
	}
	for _, bad := range [][]Edge{{{0, 4, 1}}, {{0, 1, -1}}, {{0, 1, math.NaN()}}, {{0, 1, math.Inf(1)}}} {
		if _, err := NewWeighted(4, bad); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
	if _, err := NewWeighted(-1, nil); err == nil {
		t.Error("negative n: no error")
	}
}

func TestFromDenseAndSimilarity(t *testing.T) {
	m := []float64{
		1, 0.3, 0.05, 0,
		0.3, 1, 0, 0.7,
		0.05, 0, 1, 0.2,
		0, 0.7, 0.2, 1,
	}
	g, err := FromDense(4, m, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	// 0.05 is below the minimum weight.
	if g.NumEdges() != 3 || g.Weight(0, 2) != 0 || g.Weight(1, 3) != 0.7 || g.Loop(3) != 1 {
		t.Errorf("edges %d w02 %v w13 %v loop %v", g.NumEdges(), g.Weight(0, 2), g.Weight(1, 3), g.Loop(3))
	}
	for v := uint32(0); v < 4; v++ {
		adj, _ := g.Neighbors(v)
		if !slices.IsSorted(adj) {
			t.Errorf("row %d not sorted: %v", v, adj)
		}
	}
	calls := 0
	s, err := FromSimilarity(4, func(i, j int) float64 { calls++; return m[i*4+j] }, 0.1, false)
	if err != nil {
		t.Fatal(err)
	}
	if s.Loop(0) != 0 || s.NumEdges() != 3 || s.TotalWeight() != g.TotalWeight() {
		t.Errorf("FromSimilarity: loops %v edges %d", s.Loop(0), s.NumEdges())
	}
	if calls != 12 { // two passes over the 6 pairs
		t.Errorf("sim called %d times", calls)
	}
	asym := slices.Clone(m)
	asym[1] = 0.4
	if _, err := FromDense(4, asym, 0); err == nil {
		t.Error("asymmetric matrix: no error")
	}
	if _, err := FromDense(3, m, 0); err == nil {
		t.Error("wrong size: no error")
	}
	neg := slices.Clone(m)
	neg[1], neg[4] = -1, -1
	if _, err := FromDense(4, neg, 0); err == nil {
		t.Error("negative weight: no error")
	}
}

func TestFromGraphAndInduced(t *testing.T) {
	b := datasets.NewGraphBuilder(true, datasets.KeepSelfLoops)
	b.AddInt(0, 1)
	b.AddInt(1, 0)
	b.AddInt(1, 2)
	b.AddInt(3, 3)
	dg, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	g := FromGraph(dg)
	if g.N() != 4 || g.NumEdges() != 2 || g.Weight(0, 1) != 1 || g.Weight(2, 1) != 1 || g.Loop(3) != 1 || g.Strength(3) != 0 {
		t.Errorf("FromGraph: N %d edges %d", g.N(), g.NumEdges())
	}
	sub, err := g.Induced([]uint32{2, 1, 3})
	if err != nil {
		t.Fatal(err)
	}
	if sub.N() != 3 || sub.NumEdges() != 1 || sub.Weight(0, 1) != 1 || sub.Loop(2) != 1 {
		t.Errorf("Induced: N %d edges %d", sub.N(), sub.NumEdges())
	}
	if _, err := g.Induced([]uint32{1, 1}); err == nil {
		t.Error("repeated vertex: no error")
	}
	if _, err := g.Induced([]uint32{9}); err == nil {
		t.Error("vertex out of range: no error")
	}
}
