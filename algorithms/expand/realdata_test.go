package expand

import (
	"context"
	"lshbench/algorithms/exact"
	"os"
	"testing"

	"lshbench/datasets"
)

// TestRealDataEmail runs the paper's e-mail protocol with exact Jaccard on in-neighbourhoods and
// every non-empty vertex as a candidate (no LSH): departments with more than 10 members, 5 seeds,
// recall every 5 additions, the authors' 5 random seeds. It checks that every method ranks far
// better than chance and logs the mean AUC per method.
func TestRealDataEmail(t *testing.T) {
	dir := os.Getenv("LSHBENCH_MIRROR")
	if st, err := os.Stat(dir); dir == "" || err != nil || !st.IsDir() {
		t.Skip("LSHBENCH_MIRROR not set or absent: skipping test on real data email-Eu-core")
	}
	ctx := context.Background()
	ds, err := datasets.Open(ctx, "email-Eu-core", datasets.OpenOptions{Mirror: dir})
	if err != nil {
		t.Fatal(err)
	}
	sets, err := ds.Sets(datasets.Mode{Dir: datasets.In})
	if err != nil {
		t.Fatal(err)
	}
	cands := sets.NonEmpty()
	sim := SimFunc(func(a, b uint32) float64 { return exact.Jaccard(sets.Set(int(a)), sets.Set(int(b))) })
	q0 := mustQuery(t, cands, cands[:1])
	m0 := mustMatrix(t, q0, sim)
	pusher := NewPusher(ds.Graph)
	const nSeeds, interval = 5, 5
	restarts := []uint64{451235, 35631241, 2315, 346213456, 134}
	auc := map[Method]float64{}
	runs := 0
	chance := 0.0
	for c := 0; c < ds.Truth.Len(); c++ {
		members := ds.Truth.Community(c)
		var eligible []uint32
		for _, v := range members {
			if sets.Size(int(v)) > 0 {
				eligible = append(eligible, v)
			}
		}
		if len(members) <= 10 || len(eligible) < nSeeds {
			continue
		}
		for _, r := range restarts {
			seeds, err := SampleSeeds(eligible, nSeeds, r)
			if err != nil {
				t.Fatal(err)
			}
			q := mustQuery(t, cands, seeds)
			m, err := NewMatrixValues(q, m0.vals) // same items, other seeds
			if err != nil {
				t.Fatal(err)
			}
			budget := len(members) - nSeeds
			// A random ranking finds about budget*|T|/|candidates| members: recall ~ x*budget/|cands|.
			chance += 0.5 * float64(budget) / float64(q.Candidates())
			runs++
			for _, meth := range Methods() {
				rk, err := Rank(ctx, meth, Input{Query: q, Matrix: m, Pusher: pusher}, budget)
				if err != nil {
					t.Fatal(err)
				}
				ev, err := Evaluate(rk.IDs(), members, seeds, interval, 0)
				if err != nil {
					t.Fatal(err)
				}
				auc[meth] += ev.AUC
			}
		}
	}
	if runs == 0 {
		t.Fatal("no department qualified")
	}
	chance /= float64(runs)
	for _, meth := range Methods() {
		mean := auc[meth] / float64(runs)
		t.Logf("%-9s mean AUC %.4f over %d runs (chance about %.4f)", meth, mean, runs, chance)
		if mean < 5*chance {
			t.Errorf("%s: mean AUC %.4f is not far above chance %.4f", meth, mean, chance)
		}
	}
}
