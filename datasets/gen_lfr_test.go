package datasets

import (
	"context"
	"math"
	"testing"
)

// TestLFRDegreeCut compares the solved cut-off with a brute-force mean of the resulting law.
func TestLFRDegreeCut(t *testing.T) {
	for _, c := range []struct {
		target float64
		kmax   int
		tau    float64
	}{{15, 50, 2}, {5, 50, 2}, {20, 1000, 2.5}, {3.2, 10, 3}, {7.5, 8, 1}, {70, 100, 0}, {50, 50, 2}} {
		x, err := lfrDegreeCut(c.target, c.kmax, c.tau)
		if err != nil {
			t.Fatalf("%+v: %v", c, err)
		}
		m := int(math.Floor(x))
		var s0, s1 float64
		for k := m; k <= c.kmax; k++ {
			w := math.Pow(float64(k), -c.tau)
			if k == m {
				w *= 1 - (x - float64(m))
			}
			s0 += w
			s1 += w * float64(k)
		}
		if got := s1 / s0; math.Abs(got-c.target) > 1e-9*c.target {
			t.Errorf("%+v: cut %v gives mean %v", c, x, got)
		}
	}
	if _, err := lfrDegreeCut(1.2, 50, 1); err == nil {
		t.Error("impossible mean accepted")
	}
}

func TestLFRCommunitySizesSumToN(t *testing.T) {
	r := genRand(1, 1)
	for _, c := range [][4]int{{2000, 20, 100, 0}, {1000, 10, 10, 0}, {1005, 10, 11, 0}, {37, 5, 40, 0}, {500, 100, 120, 0}} {
		sizes, err := lfrCommunitySizes(r, c[0], c[1], c[2], 1)
		if err != nil {
			t.Fatalf("%v: %v", c, err)
		}
		sum := 0
		for _, s := range sizes {
			if s < c[1] || s > c[2] {
				t.Errorf("%v: size %d out of range", c, s)
			}
			sum += s
		}
		if sum != c[0] {
			t.Errorf("%v: sizes sum to %d", c, sum)
		}
	}
	if _, err := lfrCommunitySizes(r, 1005, 10, 10, 1); err == nil {
		t.Error("1005 split into tens accepted")
	}
}

// TestLFRRealisedMu checks the acceptance criteria: at n = 2000 the realised mixing is within
// 0.05 of the target for mu in {0.1, 0.3, 0.5}, the mean degree is within 3% of the target, the
// degrees are heavy-tailed and the graph is simple with every community in range.
func TestLFRRealisedMu(t *testing.T) {
	for _, mu := range []float64{0.1, 0.3, 0.5} {
		p := LFRParams{N: 2000, MeanDegree: 15, MaxDegree: 60, Tau1: 2.5, Tau2: 1.5, MinCommunity: 20, MaxCommunity: 100, Mu: mu, Seed: 42}
		d, st, err := LFR(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		t.Log(st.Summary())
		if math.Abs(st.Mu-mu) > 0.05 || math.Abs(st.NodeMu-mu) > 0.05 {
			t.Errorf("mu %v: realised %.4f (per vertex %.4f)", mu, st.Mu, st.NodeMu)
		}
		if math.Abs(st.MeanDegree-p.MeanDegree) > 0.03*p.MeanDegree {
			t.Errorf("mu %v: mean degree %.3f, target %v", mu, st.MeanDegree, p.MeanDegree)
		}
		if float64(st.MaxDegree) < 3*st.MeanDegree {
			t.Errorf("mu %v: max degree %d is not heavy-tailed against mean %.2f", mu, st.MaxDegree, st.MeanDegree)
		}
		rep := d.Graph.Report()
		if rep.SelfLoops != 0 || rep.Duplicates != 0 {
			t.Errorf("mu %v: not simple: %+v", mu, rep)
		}
		ts := d.Truth.Stats()
		if ts.Covered != p.N || ts.Overlapping != 0 || ts.MinSize < p.MinCommunity || ts.MaxSize > p.MaxCommunity {
			t.Errorf("mu %v: truth %+v", mu, ts)
		}
		// Degree distribution: the share of degree-k vertices should fall with k. Compare the
		// counts of low and high degree bands.
		low, high := 0, 0
		for v := uint32(0); int(v) < d.Graph.N(); v++ {
			switch k := d.Graph.OutDegree(v); {
			case k < 15:
				low++
			case k >= 30:
				high++
			}
		}
		if low < 4*high {
			t.Errorf("mu %v: %d vertices below degree 15 and %d above 30: not a decreasing law", mu, low, high)
		}
	}
}

func TestLFRExtremes(t *testing.T) {
	for _, mu := range []float64{0, 1} {
		_, st, err := LFR(context.Background(), LFRParams{N: 500, MeanDegree: 8, MaxDegree: 30, Tau1: 2, Tau2: 1, MinCommunity: 40, MaxCommunity: 100, Mu: mu, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(st.Mu-mu) > 0.01 {
			t.Errorf("mu %v: realised %v", mu, st.Mu)
		}
	}
}
