package lsh

import (
	"fmt"
	"math"
	"slices"
)

// Candidate is one (b, r) considered by a tuner, with its figures of merit.
type Candidate struct {
	Params
	// Threshold is (1/b)^(1/r).
	Threshold float64 `json:"threshold"`
	// FalsePositive is the integral of P over [0, t].
	FalsePositive float64 `json:"false_positive_area"`
	// FalseNegative is the integral of 1-P over [t, 1].
	FalseNegative float64 `json:"false_negative_area"`
	// Error is the weighted error w_fp*FalsePositive + w_fn*FalseNegative (TuneWeighted only).
	Error float64 `json:"error,omitempty"`
	// PAtT is P(t), the probability that a pair of similarity exactly t collides.
	PAtT float64 `json:"p_at_threshold"`
	// Expected holds the expectation over a similarity histogram, when one was given.
	Expected *Expectation `json:"expected,omitempty"`
}

// Tuning is a tuner's answer: the choice and the runners-up, best first.
type Tuning struct {
	Best         Candidate   `json:"best"`
	Alternatives []Candidate `json:"alternatives"`
}

func checkTuneArgs(k int, t float64) error {
	if k < 1 {
		return fmt.Errorf("lsh: tune: signature length k = %d must be >= 1", k)
	}
	if !(t > 0 && t < 1) {
		return fmt.Errorf("lsh: tune: threshold %v must lie strictly between 0 and 1", t)
	}
	return nil
}

// TuneWeighted chooses (b, r) with b*r <= k minimising
// wFP * integral_0^t P(s) ds + wFN * integral_t^1 (1 - P(s)) ds, the method of datasketch's
// MinHashLSH and ekzhu/minhash-lsh. It visits b = 1..k and r = 1..k/b in that order and keeps
// the first strict minimum, exactly as datasketch's _optimal_param does, so for the same k,
// threshold and weights it picks the same (b, r) (datasketch's defaults are wFP = wFN = 0.5;
// only the ratio matters). The integrals are exact up to rounding (Gauss-Legendre with more than
// k/2 nodes on polynomials of degree <= k). It returns the choice and the next nAlt best.
//
// It costs O(k log k) pairs times O(k) per integral.
func TuneWeighted(k int, t, wFP, wFN float64, nAlt int) (Tuning, error) {
	if err := checkTuneArgs(k, t); err != nil {
		return Tuning{}, err
	}
	if wFP < 0 || wFN < 0 || wFP+wFN == 0 || math.IsNaN(wFP+wFN) || math.IsInf(wFP+wFN, 0) {
		return Tuning{}, fmt.Errorf("lsh: tune: weights (%v, %v) must be finite, >= 0 and not both 0", wFP, wFN)
	}
	g := newGauss(k)
	var all []Candidate
	best := -1
	for b := 1; b <= k; b++ {
		for r := 1; r <= k/b; r++ {
			c := candidateAt(g, Params{B: b, R: r}, t)
			c.Error = wFP*c.FalsePositive + wFN*c.FalseNegative
			all = append(all, c)
			if best < 0 || c.Error < all[best].Error {
				best = len(all) - 1
			}
		}
	}
	chosen := all[best]
	all = slices.Delete(all, best, best+1)
	slices.SortStableFunc(all, func(x, y Candidate) int { return cmpFloat(x.Error, y.Error) })
	return Tuning{Best: chosen, Alternatives: all[:min(nAlt, len(all))]}, nil
}

func candidateAt(g gauss, p Params, t float64) Candidate {
	f := BandingCurve(p)
	return Candidate{
		Params:        p,
		Threshold:     p.Threshold(),
		FalsePositive: g.integrate(f, 0, t),
		FalseNegative: g.integrate(func(s float64) float64 { return 1 - f(s) }, t, 1),
		PAtT:          f(t),
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TuneRecall chooses, among the (b, r) with b*r <= k and P(t) >= recall, the one with the fewest
// expected candidates. With a similarity histogram h (of the pairs the index will see, e.g. a
// query sample against the collection) the cost is the expected number of colliding pairs of h;
// with h == nil it is the false-positive area integral_0^t P(s) ds, i.e. the expected rate of
// candidates below t under a uniform similarity prior (pairs at or above t are wanted, so they
// are not a cost). Ties go to the smaller b*r, then the smaller b (less memory). When no (b, r)
// reaches the recall it reports an error naming the best P(t) possible.
func TuneRecall(k int, t, recall float64, h *Histogram, nAlt int) (Tuning, error) {
	if err := checkTuneArgs(k, t); err != nil {
		return Tuning{}, err
	}
	if !(recall > 0 && recall < 1) {
		return Tuning{}, fmt.Errorf("lsh: tune: recall %v must lie strictly between 0 and 1", recall)
	}
	g := newGauss(k)
	var ok []Candidate
	bestP := 0.0
	for b := 1; b <= k; b++ {
		for r := 1; r <= k/b; r++ {
			p := Params{B: b, R: r}
			pt := p.P(t)
			bestP = max(bestP, pt)
			if pt < recall {
				continue
			}
			c := candidateAt(g, p, t)
			if h != nil {
				e := h.Expect(BandingCurve(p), k, t)
				c.Expected = &e
			}
			ok = append(ok, c)
		}
	}
	if len(ok) == 0 {
		return Tuning{}, fmt.Errorf("lsh: tune: no b*r <= %d reaches P(%v) >= %v (best %.4f)", k, t, recall, bestP)
	}
	cost := func(c Candidate) float64 {
		if c.Expected != nil {
			return c.Expected.Candidates
		}
		return c.FalsePositive
	}
	slices.SortStableFunc(ok, func(x, y Candidate) int {
		if c := cmpFloat(cost(x), cost(y)); c != 0 {
			return c
		}
		if c := x.B*x.R - y.B*y.R; c != 0 {
			return c
		}
		return x.B - y.B
	})
	return Tuning{Best: ok[0], Alternatives: ok[1:min(nAlt+1, len(ok))]}, nil
}
