package datasets

import (
	"context"
	"math"
	"testing"
)

// TestSamplePairsUniform checks the geometric skipping against its definition: over many runs
// every candidate pair is chosen with frequency p (binomial 5-sigma bounds), and no pair outside
// the candidate set ever appears.
func TestSamplePairsUniform(t *testing.T) {
	const n, runs, p = 13, 3000, 0.3
	for _, directed := range []bool{false, true} {
		counts := make([]int, n*n)
		r := genRand(11, 0)
		steps := 0
		for range runs {
			err := samplePairs(context.Background(), r, n, p, directed, &steps, func(v, w int) {
				if v < 0 || w < 0 || v >= n || w >= n || v == w || (!directed && w >= v) {
					t.Fatalf("pair (%d, %d) is not a candidate", v, w)
				}
				counts[v*n+w]++
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		sd := math.Sqrt(runs * p * (1 - p))
		for v := 0; v < n; v++ {
			for w := 0; w < n; w++ {
				if v == w || (!directed && w > v) {
					continue
				}
				if c := counts[v*n+w]; math.Abs(float64(c)-runs*p) > 5*sd {
					t.Errorf("directed=%v pair (%d,%d) chosen %d times, want %.0f ± %.0f", directed, v, w, c, runs*p, 5*sd)
				}
			}
		}
	}
	// p = 1 gives every pair, p = 0 none.
	got := 0
	steps := 0
	_ = samplePairs(context.Background(), genRand(1, 1), 20, 1, false, &steps, func(int, int) { got++ })
	if got != 190 {
		t.Errorf("p=1: %d pairs, want 190", got)
	}
	_ = samplePairs(context.Background(), genRand(1, 1), 20, 0, true, &steps, func(int, int) { got++ })
	if got != 190 {
		t.Errorf("p=0 produced pairs")
	}
}

func TestSBMRealisedProperties(t *testing.T) {
	cases := []SBMParams{
		{N: 3000, K: 10, MeanDegree: 12, Mu: 0.2, Seed: 1},
		{N: 3000, K: 7, MeanDegree: 12, Mu: 0.5, Seed: 2, Directed: true},
		{Sizes: []int{100, 400, 1000}, PIn: 0.02, POut: 0.001, Seed: 3},
	}
	for _, p := range cases {
		d, st, err := SBM(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		g := d.Graph
		if g.Report().SelfLoops != 0 || g.Report().Duplicates != 0 {
			t.Errorf("%+v: generator produced loops or duplicates: %+v", p, g.Report())
		}
		// Edge count is a sum of independent Bernoullis: within 5 sd of its mean.
		expM := st.ExpectedMeanDegree * float64(g.N())
		if !p.Directed {
			expM /= 2
		}
		if diff := math.Abs(float64(st.Edges) - expM); diff > 5*math.Sqrt(expM) {
			t.Errorf("%+v: %d edges, expected %.0f", p, st.Edges, expM)
		}
		if p.MeanDegree > 0 && (math.Abs(st.ExpectedMeanDegree-p.MeanDegree) > 1e-9 || math.Abs(st.ExpectedMu-p.Mu) > 1e-9) {
			t.Errorf("derived probabilities give expected degree %v and mu %v", st.ExpectedMeanDegree, st.ExpectedMu)
		}
		// Mu is a proportion of about M edges.
		if sd := math.Sqrt(st.ExpectedMu * (1 - st.ExpectedMu) / expM); math.Abs(st.Mu-st.ExpectedMu) > 5*sd+1e-3 {
			t.Errorf("%+v: mu %.4f, expected %.4f", p, st.Mu, st.ExpectedMu)
		}
		// The ground truth partitions the vertices into the requested blocks.
		ts := d.Truth.Stats()
		if ts.Covered != g.N() || ts.Overlapping != 0 || ts.Communities != st.Communities {
			t.Errorf("truth %+v", ts)
		}
		t.Logf("%s", st.Summary())
	}
}
