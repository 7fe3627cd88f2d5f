package lsh

import (
	"math"
	"testing"
)

// simpson integrates f over [a, b] with the composite Simpson rule on n (even) intervals; it is
// the independent reference for the Gauss-Legendre integrals.
func simpson(f func(float64) float64, a, b float64, n int) float64 {
	h := (b - a) / float64(n)
	sum := f(a) + f(b)
	for i := 1; i < n; i++ {
		x := a + float64(i)*h
		if i%2 == 1 {
			sum += 4 * f(x)
		} else {
			sum += 2 * f(x)
		}
	}
	return sum * h / 3
}

// bruteWeighted is datasketch's _optimal_param written out naively: the plain formula
// 1-(1-s^r)^b, Simpson integration, first strict minimum. It also returns the gap between the
// best and the second-best error.
func bruteWeighted(k int, t, wfp, wfn float64) (Params, float64) {
	best, second := math.Inf(1), math.Inf(1)
	var opt Params
	for b := 1; b <= k; b++ {
		for r := 1; r <= k/b; r++ {
			p := func(s float64) float64 { return 1 - math.Pow(1-math.Pow(s, float64(r)), float64(b)) }
			fp := simpson(p, 0, t, 4000)
			fn := simpson(func(s float64) float64 { return 1 - p(s) }, t, 1, 4000)
			e := wfp*fp + wfn*fn
			if e < best {
				second = best
				best, opt = e, Params{B: b, R: r}
			} else if e < second {
				second = e
			}
		}
	}
	return opt, second - best
}

func TestTuneWeightedKnown(t *testing.T) {
	// Published datasketch choices: MinHashLSH(threshold=0.8, num_perm=128) has 9 bands of 13
	// rows (datasketch issue #209 prints its hashranges).
	got, err := TuneWeighted(128, 0.8, 0.5, 0.5, 3)
	if err != nil {
		t.Fatal(err)
	}
	if got.Best.Params != (Params{B: 9, R: 13}) {
		t.Errorf("k=128 t=0.8: got %v, datasketch chooses 9x13", got.Best.Params)
	}
}

func TestTuneWeightedMatchesBruteForce(t *testing.T) {
	cases := []struct {
		k        int
		t        float64
		wfp, wfn float64
	}{
		{128, 0.9, 0.5, 0.5},
		{128, 0.5, 0.5, 0.5},
		{100, 0.5, 0.5, 0.5},
		{128, 0.8, 0.5, 0.5},
		{64, 0.3, 0.5, 0.5},
		{128, 0.7, 0.1, 0.9},
		{100, 0.2, 0.5, 0.5},
		{32, 0.6, 0.3, 0.7},
	}
	for _, c := range cases {
		got, err := TuneWeighted(c.k, c.t, c.wfp, c.wfn, 5)
		if err != nil {
			t.Fatal(err)
		}
		want, gap := bruteWeighted(c.k, c.t, c.wfp, c.wfn)
		t.Logf("k=%d t=%v w=(%v,%v): %v threshold %.3f P(t)=%.3f error %.6g (gap to runner-up %.2g)",
			c.k, c.t, c.wfp, c.wfn, got.Best.Params, got.Best.Threshold, got.Best.PAtT, got.Best.Error, gap)
		if gap < 1e-7 {
			t.Logf("k=%d t=%v: runner-up within %.2g, comparison not decisive", c.k, c.t, gap)
			continue
		}
		if got.Best.Params != want {
			t.Errorf("k=%d t=%v w=(%v,%v): got %v, brute force %v", c.k, c.t, c.wfp, c.wfn, got.Best.Params, want)
		}
		if len(got.Alternatives) != 5 || got.Alternatives[0].Error < got.Best.Error {
			t.Errorf("alternatives %v not sorted after the best", got.Alternatives)
		}
	}
}

func TestIntegralsExact(t *testing.T) {
	for _, p := range []Params{{1, 1}, {20, 5}, {32, 4}, {9, 13}, {128, 1}, {1, 128}} {
		for _, th := range []float64{0.05, 0.5, 0.9} {
			fp := FalsePositiveArea(p, th)
			fn := FalseNegativeArea(p, th)
			f := BandingCurve(p)
			wfp := simpson(f, 0, th, 20000)
			wfn := simpson(func(s float64) float64 { return 1 - f(s) }, th, 1, 20000)
			if math.Abs(fp-wfp) > 1e-9 || math.Abs(fn-wfn) > 1e-9 {
				t.Errorf("%v t=%v: fp %v vs %v, fn %v vs %v", p, th, fp, wfp, fn, wfn)
			}
		}
	}
	// Closed forms: b = 1 gives t^(r+1)/(r+1).
	if got, want := FalsePositiveArea(Params{1, 3}, 0.5), math.Pow(0.5, 4)/4; math.Abs(got-want) > 1e-15 {
		t.Errorf("b=1 r=3: %v want %v", got, want)
	}
}

func TestTuneRecall(t *testing.T) {
	for _, c := range []struct {
		k      int
		t, rec float64
	}{{128, 0.9, 0.95}, {128, 0.5, 0.9}, {100, 0.5, 0.99}, {64, 0.8, 0.5}} {
		got, err := TuneRecall(c.k, c.t, c.rec, nil, 3)
		if err != nil {
			t.Fatal(err)
		}
		// Brute force: smallest false-positive area among those meeting the recall.
		bestFP := math.Inf(1)
		for b := 1; b <= c.k; b++ {
			for r := 1; r <= c.k/b; r++ {
				p := Params{b, r}
				if p.P(c.t) >= c.rec {
					bestFP = min(bestFP, FalsePositiveArea(p, c.t))
				}
			}
		}
		if got.Best.PAtT < c.rec {
			t.Errorf("%+v: P(t) = %v below recall", c, got.Best.PAtT)
		}
		if math.Abs(got.Best.FalsePositive-bestFP) > 1e-12 {
			t.Errorf("%+v: fp %v, brute force %v", c, got.Best.FalsePositive, bestFP)
		}
		t.Logf("k=%d t=%v recall>=%v: %v P(t)=%.4f fp area %.4g", c.k, c.t, c.rec, got.Best.Params, got.Best.PAtT, got.Best.FalsePositive)
	}
	if _, err := TuneRecall(4, 0.1, 0.99, nil, 1); err == nil {
		t.Error("unreachable recall: want an error")
	}
	// With a histogram the cost is the expected candidates.
	h := NewHistogram(100)
	for i := 0; i < 100; i++ {
		h.Counts[i] = math.Exp(-float64(i) / 5)
	}
	got, err := TuneRecall(128, 0.5, 0.9, h, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got.Best.Expected == nil {
		t.Fatal("no expectation with a histogram")
	}
	for _, a := range got.Alternatives {
		if a.Expected.Candidates < got.Best.Expected.Candidates {
			t.Errorf("alternative %v has fewer candidates than the best", a.Params)
		}
	}
}

func TestCurves(t *testing.T) {
	p := Params{B: 20, R: 5}
	for _, s := range []float64{0, 0.1, 0.3, 0.5, 0.7, 0.9, 1} {
		want := 1 - math.Pow(1-math.Pow(s, 5), 20)
		if got := p.P(s); math.Abs(got-want) > 1e-12 {
			t.Errorf("P(%v) = %v want %v", s, got, want)
		}
		q := math.Pow(s, 5) + 5*math.Pow(s, 4)*(1-s)
		want = 1 - math.Pow(1-q, 20)
		if got := MultiProbeCollision(s, 20, 5); math.Abs(got-want) > 1e-12 {
			t.Errorf("multi-probe P(%v) = %v want %v", s, got, want)
		}
	}
	if th := p.Threshold(); math.Abs(th-math.Pow(0.05, 0.2)) > 1e-12 {
		t.Errorf("threshold %v", th)
	}
	// Histogram expectation against a direct sum over point masses at bin centres of a fine
	// histogram.
	h := NewHistogram(1000)
	for i := range h.Counts {
		h.Counts[i] = 1
	}
	e := h.Expect(BandingCurve(p), 100, 0.5)
	if want := 1000 * (FalsePositiveArea(p, 1)); math.Abs(e.Candidates-want) > 1e-6 {
		t.Errorf("candidates %v want %v", e.Candidates, want)
	}
	if want := 1000 * FalsePositiveArea(p, 0.5); math.Abs(e.FalsePositives-want) > 1e-6 {
		t.Errorf("false positives %v want %v", e.FalsePositives, want)
	}
	if want := 1000 * FalseNegativeArea(p, 0.5); math.Abs(e.FalseNegatives-want) > 1e-6 {
		t.Errorf("false negatives %v want %v", e.FalseNegatives, want)
	}
}
