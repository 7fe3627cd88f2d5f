package lsh

import (
	"context"
	"fmt"
	"lshbench/algorithms/exact"
	"math/rand/v2"
	"slices"
	"testing"
)

// bruteCandidates lists the non-empty rows j != self with at least need of r positions equal
// to sig in some band.
func bruteCandidates(rows Rows, sig []uint32, p Params, need int, self int) []uint32 {
	var out []uint32
	for j := 0; j < rows.Len(); j++ {
		if j == self || rows.IsEmpty(j) {
			continue
		}
		row := rows.Row(j)
		for t := 0; t < p.B; t++ {
			eq := 0
			for i := t * p.R; i < (t+1)*p.R; i++ {
				if row[i] == sig[i] {
					eq++
				}
			}
			if eq >= need {
				out = append(out, uint32(j))
				break
			}
		}
	}
	return out
}

func sorted(s []uint32) []uint32 {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

func TestCandidatesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	for _, c := range []struct {
		n, k, alpha int
		p           Params
		v           Variant
	}{
		{300, 12, 3, Params{4, 3}, Banding},
		{300, 12, 2, Params{3, 3}, Banding}, // 3 unused positions
		{200, 8, 4, Params{8, 1}, Banding},
		{300, 12, 3, Params{4, 3}, MultiProbe},
		{250, 10, 5, Params{2, 5}, MultiProbe},
		{1, 4, 2, Params{2, 2}, Banding},
		{0, 4, 2, Params{2, 2}, Banding},
	} {
		rows := randomRows(rng, c.n, c.k, c.alpha, 7)
		need := c.p.R
		if c.v == MultiProbe {
			need = c.p.R - 1
		}
		for _, single := range []bool{false, true} {
			name := fmt.Sprintf("%v/%v/n=%d/singletons=%v", c.v, c.p, c.n, single)
			ix, err := Build(ctx, rows, Options{Params: c.p, Variant: c.v, Singletons: single, Workers: 2}, nil)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			q := ix.NewQuerier()
			for i := 0; i < c.n; i++ {
				got := sorted(q.Candidates(i))
				var want []uint32
				if !rows.IsEmpty(i) {
					want = bruteCandidates(rows, rows.Row(i), c.p, need, i)
				}
				if !slices.Equal(got, want) {
					t.Fatalf("%s: row %d: got %v want %v", name, i, got, want)
				}
			}
			// External signatures: all matching rows with singletons, at least the rows in
			// shared buckets without.
			ext := randomRows(rng, 20, c.k, c.alpha, 0)
			for e := 0; e < ext.Len(); e++ {
				got := sorted(q.CandidatesOf(ext.Row(e)))
				want := bruteCandidates(rows, ext.Row(e), c.p, need, -1)
				if single && !slices.Equal(got, want) {
					t.Fatalf("%s: external %d: got %v want %v", name, e, got, want)
				}
				for _, g := range got {
					if _, ok := slices.BinarySearch(want, g); !ok {
						t.Fatalf("%s: external %d: %d is not a true collision", name, e, g)
					}
				}
			}
		}
	}
}

func TestBuildDeterministic(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	rows := randomRows(rng, 5000, 32, 6, 11)
	var ref *Index
	for _, w := range []int{1, 2, 5} {
		ix, err := Build(context.Background(), rows, Options{Params: Params{8, 4}, Workers: w}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if ref == nil {
			ref = ix
			continue
		}
		for i := range ix.tables {
			a, b := &ref.tables[i], &ix.tables[i]
			if !slices.Equal(a.keys, b.keys) || !slices.Equal(a.offs, b.offs) || !slices.Equal(a.ids, b.ids) || !slices.Equal(a.dir, b.dir) {
				t.Fatalf("workers=%d: table %d differs", w, i)
			}
		}
	}
}

func TestBuildErrors(t *testing.T) {
	rows := randomRows(rand.New(rand.NewPCG(1, 1)), 10, 8, 4, 0)
	for _, o := range []Options{
		{Params: Params{3, 3}},
		{Params: Params{0, 3}},
		{Params: Params{2, 0}},
		{Params: Params{4, 1}, Variant: MultiProbe},
		{Params: Params{2, 2}, Variant: ForestVariant},
	} {
		if _, err := Build(context.Background(), rows, o, nil); err == nil {
			t.Errorf("%+v: want an error", o)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Build(ctx, rows, Options{Params: Params{2, 2}}, nil); err == nil {
		t.Error("cancelled context: want an error")
	}
}

// sCurvePairs sketches pairs of sets with exactly known Jaccard similarity with the project's
// kminhash, each pair under its own seed: rows 2p and 2p+1 are pair p, whose similarity is js[p].
func sCurvePairs(perJ int, k int) (*FlatRows, []float64) {
	rng := rand.New(rand.NewPCG(20260101, 5))
	levels := []float64{0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95}
	vals := make([]uint32, 0, 2*perJ*len(levels)*k)
	var js []float64
	base := uint32(0)
	seed := uint64(1)
	for _, j := range levels {
		for p := 0; p < perJ; p++ {
			u := 20 * (5 + rng.IntN(21)) // union 100..500, a multiple of 20
			c := int(j*float64(u) + 0.5)
			a, b := pairWithJ(rng, base, u, c)
			base += uint32(u)
			ra, rb := make([]uint32, k), make([]uint32, k)
			sk := sketcher(k, seed)
			sk.Sketch(a, ra)
			sk.Sketch(b, rb)
			seed++
			vals = append(vals, ra...)
			vals = append(vals, rb...)
			js = append(js, float64(c)/float64(u))
		}
	}
	rows, _ := NewFlatRows(vals, k, nil)
	return rows, js
}

// TestSCurve checks that the empirical collision rate of pairs with known similarity follows
// the theoretical S-curve of the index, within Wilson intervals at 4.5 standard deviations (a
// family of 88 intervals whose chance of a false alarm is below 1e-3; seeds are fixed, so the
// outcome is deterministic).
func TestSCurve(t *testing.T) {
	const k, perJ = 128, 600
	rows, js := sCurvePairs(perJ, k)
	for _, c := range []struct {
		p Params
		v Variant
	}{
		{Params{32, 4}, Banding},
		{Params{16, 8}, Banding},
		{Params{20, 5}, Banding}, // 28 positions unused
		{Params{64, 2}, Banding},
		{Params{8, 16}, Banding},
		{Params{9, 13}, Banding},
		{Params{16, 4}, MultiProbe},
		{Params{8, 8}, MultiProbe},
	} {
		ix, err := Build(context.Background(), rows, Options{Params: c.p, Variant: c.v}, nil)
		if err != nil {
			t.Fatal(err)
		}
		curve := ix.Curve()
		q := ix.NewQuerier()
		hits := map[float64][2]int{}
		for p := range js {
			cands := q.Candidates(2 * p)
			hit := slices.Contains(cands, uint32(2*p+1))
			h := hits[js[p]]
			h[1]++
			if hit {
				h[0]++
			}
			hits[js[p]] = h
		}
		levels := make([]float64, 0, len(hits))
		for j := range hits {
			levels = append(levels, j)
		}
		slices.Sort(levels)
		line := ""
		for _, j := range levels {
			h := hits[j]
			lo, hi := wilson(h[0], h[1], 4.5)
			want := curve(j)
			line += fmt.Sprintf(" %.2f:%.3f/%.3f", j, float64(h[0])/float64(h[1]), want)
			if want < lo || want > hi {
				t.Errorf("%v %v: J=%.2f: %d/%d collide, Wilson [%.4f, %.4f] excludes P = %.4f", c.v, c.p, j, h[0], h[1], lo, hi, want)
			}
		}
		t.Logf("%v %v (J:empirical/theory):%s", c.v, c.p, line)
	}
}

func TestThresholdTopK(t *testing.T) {
	cands := []uint32{5, 3, 9, 1, 7}
	s := ScoreFunc(func(c uint32) float64 { return float64(c%4) / 4 })
	got := Threshold(cands, 0.5, s, nil)
	if len(got) != 2 || got[0] != (Scored{3, 0.75}) || got[1] != (Scored{7, 0.75}) {
		t.Errorf("threshold: %v", got)
	}
	top := TopK(cands, 3, s, nil)
	if !slices.Equal(top, []Scored{{3, 0.75}, {7, 0.75}, {1, 0.25}}) {
		t.Errorf("top-3: %v", top)
	}
	rows := randomRows(rand.New(rand.NewPCG(9, 9)), 4, 4, 2, 0)
	rows.Empty[2] = true
	sc := SignatureScorer{Rows: rows, Query: rows.Row(0)}
	if sc.Score(0) != 1 || sc.Score(2) != 0 {
		t.Errorf("signature scorer: self %v, empty %v", sc.Score(0), sc.Score(2))
	}
}

func TestMultiProbeRecallAtLeastBanding(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	sets := plantedSets(rng, 2000, 50000)
	rows := sketchAll(sets, 64, 7)
	p := Params{16, 4}
	plain, err := Build(context.Background(), rows, Options{Params: p}, nil)
	if err != nil {
		t.Fatal(err)
	}
	multi, err := Build(context.Background(), rows, Options{Params: p, Variant: MultiProbe}, nil)
	if err != nil {
		t.Fatal(err)
	}
	qp, qm := plain.NewQuerier(), multi.NewQuerier()
	const th = 0.5
	var truth, hp, hm, cp, cm int
	for i := 0; i < len(sets); i += 4 {
		a := sorted(qp.Candidates(i))
		b := sorted(qm.Candidates(i))
		cp += len(a)
		cm += len(b)
		for _, c := range a {
			if _, ok := slices.BinarySearch(b, c); !ok {
				t.Fatalf("row %d: plain candidate %d missing from multi-probe", i, c)
			}
		}
		for j := range sets {
			if j == i || exact.Jaccard(sets[i], sets[j]) < th {
				continue
			}
			truth++
			if _, ok := slices.BinarySearch(a, uint32(j)); ok {
				hp++
			}
			if _, ok := slices.BinarySearch(b, uint32(j)); ok {
				hm++
			}
		}
	}
	t.Logf("%v, pairs with J >= %.1f: plain recall %.3f (%d candidates), multi-probe %.3f (%d candidates)",
		p, th, float64(hp)/float64(truth), cp, float64(hm)/float64(truth), cm)
	if hm < hp || truth == 0 {
		t.Errorf("multi-probe recall %d/%d below plain %d/%d", hm, truth, hp, truth)
	}
}
