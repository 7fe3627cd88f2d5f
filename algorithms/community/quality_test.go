package community

import (
	"math"
	"math/rand/v2"
	"testing"
)

// qualityGraph: S = {0, 1, 2} with internal weights 0-1: 0.5, 1-2: 0.5, 0-2: 0.2; boundary
// edges 2-3: 0.3 and 1-4: 0.1; 3-4: 0.9 outside S. The diagonal holds self-similarity 1, as an
// estimated-Jaccard matrix does.
func qualityGraph(t *testing.T) *Weighted {
	m := []float64{
		1, 0.5, 0.2, 0, 0,
		0.5, 1, 0.5, 0, 0.1,
		0.2, 0.5, 1, 0.3, 0,
		0, 0, 0.3, 1, 0.9,
		0, 0.1, 0, 0.9, 1,
	}
	g, err := FromDense(5, m, 0)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestSetQualityByHand: m_s = 0.5 + 0.5 + 0.2 = 1.2 and c_s = 0.3 + 0.1 = 0.4, so density = 1.2/3
// = 0.4, separability = 3, conductance = 0.4/2.8 = 1/7. Were the self-similarities (1 per member)
// counted as boundary weight, as in the authors' code, c_s would be 3.4; counted as internal
// weight, m_s would be 4.2. Holme clustering: in a triangle C_i = w_jk / w_max, w_max = 0.5:
// (0.5/0.5 + 0.2/0.5 + 0.5/0.5)/3 = 0.8. Cohesiveness: internal degrees 0.7, 1.0, 0.7 and vol(S) =
// 2.4; every one-vertex prefix has conductance 1 and every two-vertex prefix exceeds half the
// volume, so it is 1.
func TestSetQualityByHand(t *testing.T) {
	g := qualityGraph(t)
	if g.Loop(0) != 1 || g.Strength(0) != 0.7 {
		t.Fatalf("loop %v strength %v", g.Loop(0), g.Strength(0))
	}
	q, err := SetQuality(g, []uint32{2, 0, 1, 0}, QualityOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := Quality{Size: 3, Internal: 1.2, Boundary: 0.4, Density: 0.4, Separability: 3, Conductance: 1.0 / 7,
		Cohesiveness: 1, Clustering: 0.8}
	if !qualityClose(q, want) {
		t.Errorf("quality\n got %+v\nwant %+v", q, want)
	}
	// With the paper's w_max = 1 the clustering is (0.5 + 0.2 + 0.5)/3 = 0.4.
	q1, _ := SetQuality(g, []uint32{0, 1, 2}, QualityOptions{MaxWeight: 1})
	if math.Abs(q1.Clustering-0.4) > 1e-12 {
		t.Errorf("clustering with w_max 1 = %v, want 0.4", q1.Clustering)
	}
	// The same graph without its diagonal gives identical measures.
	m := make([]float64, 25)
	for i := 0; i < 5; i++ {
		for j := 0; j < 5; j++ {
			if i != j {
				m[i*5+j] = g.Weight(uint32(i), uint32(j))
			}
		}
	}
	g0, err := FromDense(5, m, 0)
	if err != nil {
		t.Fatal(err)
	}
	q0, _ := SetQuality(g0, []uint32{0, 1, 2}, QualityOptions{Seed: 1})
	if q0 != q {
		t.Errorf("loops changed the quality: %+v vs %+v", q0, q)
	}
}

func qualityClose(a, b Quality) bool {
	close := func(x, y float64) bool {
		return x == y || math.Abs(x-y) <= 1e-12*math.Max(1, math.Abs(y))
	}
	return a.Size == b.Size && close(a.Internal, b.Internal) && close(a.Boundary, b.Boundary) &&
		close(a.Density, b.Density) && close(a.Separability, b.Separability) &&
		close(a.Conductance, b.Conductance) && close(a.Cohesiveness, b.Cohesiveness) &&
		close(a.Clustering, b.Clustering)
}

// TestCohesivenessTwoTriangles: S is two triangles joined by one edge (unit weights), vol(S) = 14.
// The best sub-community is a triangle: cut 1, volume 7 = vol(S)/2, conductance 1/7; the sweep
// from any member finds it.
func TestCohesivenessTwoTriangles(t *testing.T) {
	g := twoTriangles(t)
	for seed := uint64(0); seed < 5; seed++ {
		q, err := SetQuality(g, []uint32{0, 1, 2, 3, 4, 5}, QualityOptions{Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(q.Cohesiveness-1.0/7) > 1e-12 {
			t.Errorf("seed %d: cohesiveness %v, want 1/7", seed, q.Cohesiveness)
		}
		// Whole component: no boundary, separability +Inf, conductance 0. Clustering: the four
		// degree-2 vertices have C = 1, the two bridge vertices 1/3: mean 14/18.
		if q.Boundary != 0 || !math.IsInf(q.Separability, 1) || q.Conductance != 0 || math.Abs(q.Clustering-14.0/18) > 1e-12 {
			t.Errorf("quality %+v", q)
		}
	}
	// One triangle: m = 3, c = 1.
	q, _ := SetQuality(g, []uint32{0, 1, 2}, QualityOptions{})
	if q.Internal != 3 || q.Boundary != 1 || q.Density != 1 || q.Separability != 3 || q.Conductance != 1.0/7 || q.Clustering != 1 {
		t.Errorf("triangle quality %+v", q)
	}
}

// TestCohesivenessBounds: on random sets, cohesiveness lies between the exhaustive minimum of
// cut(T)/vol(T) over subsets T with 0 < vol(T) <= vol(S)/2 and 1.
func TestCohesivenessBounds(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for trial := 0; trial < 30; trial++ {
		n := 4 + rng.IntN(9)
		g := randomGraph(t, rng, n, rng.IntN(2*n))
		set := make([]uint32, n)
		for i := range set {
			set[i] = uint32(i)
		}
		q, err := SetQuality(g, set, QualityOptions{Seed: uint64(trial)})
		if err != nil {
			t.Fatal(err)
		}
		vol := 2 * q.Internal
		lower := 1.0
		for mask := 1; mask < 1<<n-1; mask++ {
			v, cut := 0.0, 0.0
			for i := 0; i < n; i++ {
				if mask>>i&1 == 0 {
					continue
				}
				v += g.Strength(uint32(i))
				adj, w := g.Neighbors(uint32(i))
				for k, u := range adj {
					if mask>>u&1 == 0 {
						cut += w[k]
					}
				}
			}
			if v > 0 && 2*v <= vol {
				lower = min(lower, cut/v)
			}
		}
		if q.Cohesiveness < lower-1e-12 || q.Cohesiveness > 1 {
			t.Fatalf("trial %d: cohesiveness %v outside [%v, 1]", trial, q.Cohesiveness, lower)
		}
	}
}

func TestSetQualityEdgeCases(t *testing.T) {
	g := qualityGraph(t)
	q, err := SetQuality(g, nil, QualityOptions{})
	if err != nil || q != (Quality{Conductance: 1, Cohesiveness: 1}) {
		t.Errorf("empty set: %+v %v", q, err)
	}
	q, _ = SetQuality(g, []uint32{3}, QualityOptions{})
	if q.Size != 1 || q.Internal != 0 || math.Abs(q.Boundary-1.2) > 1e-15 || q.Density != 0 || q.Separability != 0 || q.Conductance != 1 {
		t.Errorf("single vertex: %+v", q)
	}
	if _, err := SetQuality(g, []uint32{5}, QualityOptions{}); err == nil {
		t.Error("vertex out of range: no error")
	}
	if _, err := SetQuality(g, []uint32{0}, QualityOptions{Beta: 2}); err == nil {
		t.Error("beta 2: no error")
	}
}
