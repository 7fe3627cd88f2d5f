package lsh

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/integrate/quad"
)

// Params is a banding configuration: B bands of R rows each, using the first B*R positions of a
// signature of length K >= B*R. LSH Forest reads B as the number of trees and R as their depth.
type Params struct {
	B int `json:"b"`
	R int `json:"r"`
}

// Validate checks that the configuration fits signatures of length k.
func (p Params) Validate(k int) error {
	if p.B < 1 || p.R < 1 {
		return fmt.Errorf("lsh: bands b = %d and rows r = %d must both be >= 1", p.B, p.R)
	}
	if p.B*p.R > k {
		return fmt.Errorf("lsh: b*r = %d*%d = %d exceeds the signature length k = %d", p.B, p.R, p.B*p.R, k)
	}
	return nil
}

// Unused returns the number of signature positions a k-long signature leaves out of the bands.
func (p Params) Unused(k int) int { return k - p.B*p.R }

// String returns "b x r".
func (p Params) String() string { return fmt.Sprintf("%dx%d", p.B, p.R) }

// P returns the probability that two sets of Jaccard similarity s share at least one band bucket,
// 1 - (1 - s^r)^b, assuming each signature position agrees independently with probability s (true
// for k-hash minhash). It is computed as -expm1(b*log1p(-s^r)) to stay accurate when small.
func (p Params) P(s float64) float64 { return Collision(s, p.B, p.R) }

// Threshold returns the approximate similarity at which the S-curve P rises steepest,
// (1/b)^(1/r).
func (p Params) Threshold() float64 { return math.Pow(1/float64(p.B), 1/float64(p.R)) }

// Collision returns 1 - (1 - s^r)^b, the banding collision probability at similarity s.
func Collision(s float64, b, r int) float64 {
	switch {
	case s <= 0:
		return 0
	case s >= 1:
		return 1
	}
	return bandsAny(math.Pow(s, float64(r)), b)
}

// bandsAny returns 1 - (1 - q)^b, the probability that at least one of b independent bands hits
// when each hits with probability q.
func bandsAny(q float64, b int) float64 {
	if q >= 1 {
		return 1
	}
	return -math.Expm1(float64(b) * math.Log1p(-q))
}

// MultiProbeCollision returns the collision probability of the multi-probe index, which also
// matches a band when r-1 of its r positions agree:
// 1 - (1 - (s^r + r s^(r-1) (1-s)))^b.
func MultiProbeCollision(s float64, b, r int) float64 {
	switch {
	case s <= 0:
		return 0
	case s >= 1:
		return 1
	}
	sr1 := math.Pow(s, float64(r-1))
	q := sr1*s + float64(r)*sr1*(1-s)
	return bandsAny(q, b)
}

// Curve is a collision probability as a function of Jaccard similarity.
type Curve func(s float64) float64

// BandingCurve returns the S-curve of plain banding with p.
func BandingCurve(p Params) Curve { return func(s float64) float64 { return Collision(s, p.B, p.R) } }

// MultiProbeCurve returns the S-curve of the multi-probe index with p.
func MultiProbeCurve(p Params) Curve {
	return func(s float64) float64 { return MultiProbeCollision(s, p.B, p.R) }
}

// gauss holds Gauss-Legendre nodes and weights on [0, 1]. Both S-curves are polynomials in s of
// degree at most k (b*r for banding), and an n-point Gauss-Legendre rule integrates polynomials
// of degree up to 2n-1 exactly, so with n > k/2 the integrals below are exact up to rounding.
type gauss struct {
	x, w []float64
}

func newGauss(degree int) gauss {
	n := degree/2 + 2
	g := gauss{x: make([]float64, n), w: make([]float64, n)}
	quad.Legendre{}.FixedLocations(g.x, g.w, 0, 1)
	return g
}

// integrate returns the integral of f over [lo, hi].
func (g gauss) integrate(f Curve, lo, hi float64) float64 {
	if hi <= lo {
		return 0
	}
	sum := 0.0
	for i, x := range g.x {
		sum += g.w[i] * f(lo+(hi-lo)*x)
	}
	return sum * (hi - lo)
}

// FalsePositiveArea returns the integral of P over [0, t]: the probability mass of colliding pairs
// below the threshold under a uniform similarity prior (datasketch's false-positive probability).
func FalsePositiveArea(p Params, t float64) float64 {
	return newGauss(p.B*p.R).integrate(BandingCurve(p), 0, t)
}

// FalseNegativeArea returns the integral of 1-P over [t, 1] (datasketch's false-negative
// probability).
func FalseNegativeArea(p Params, t float64) float64 {
	f := BandingCurve(p)
	return newGauss(p.B*p.R).integrate(func(s float64) float64 { return 1 - f(s) }, t, 1)
}

// Histogram is a distribution of pair similarities over equal-width bins of [0, 1]: Counts[i]
// pairs have a similarity in [i/n, (i+1)/n) (the last bin includes 1). Within a bin similarities
// are taken as uniform.
type Histogram struct {
	Counts []float64 `json:"counts"`
}

// NewHistogram returns an empty histogram of n bins.
func NewHistogram(n int) *Histogram { return &Histogram{Counts: make([]float64, n)} }

// Add counts one pair of similarity s.
func (h *Histogram) Add(s float64) {
	n := len(h.Counts)
	i := int(s * float64(n))
	i = max(0, min(i, n-1))
	h.Counts[i]++
}

// Total returns the number of pairs counted.
func (h *Histogram) Total() float64 {
	t := 0.0
	for _, c := range h.Counts {
		t += c
	}
	return t
}

// Expectation summarises what an S-curve does to the pairs of a histogram.
type Expectation struct {
	// Candidates is the expected number of colliding pairs.
	Candidates float64 `json:"candidates"`
	// FalsePositives is the expected number of colliding pairs with similarity below t.
	FalsePositives float64 `json:"false_positives"`
	// FalseNegatives is the expected number of pairs with similarity >= t that do not collide.
	FalseNegatives float64 `json:"false_negatives"`
	// Positives is the number of pairs with similarity >= t.
	Positives float64 `json:"positives"`
}

// Recall returns the expected fraction of the pairs at or above t that collide (1 when there are
// none).
func (e Expectation) Recall() float64 {
	if e.Positives == 0 {
		return 1
	}
	return 1 - e.FalseNegatives/e.Positives
}

// Expect returns the expected candidates, false positives and false negatives of the curve f (of
// polynomial degree at most degree) on the pairs of h at threshold t. A bin straddling t is split
// in proportion, similarities being uniform within a bin.
func (h *Histogram) Expect(f Curve, degree int, t float64) Expectation {
	g := newGauss(degree)
	n := float64(len(h.Counts))
	var e Expectation
	for i, c := range h.Counts {
		if c == 0 {
			continue
		}
		lo, hi := float64(i)/n, float64(i+1)/n
		w := hi - lo
		e.Candidates += c * g.integrate(f, lo, hi) / w
		if lo < t {
			e.FalsePositives += c * g.integrate(f, lo, min(hi, t)) / w
		}
		if hi > t {
			a := max(lo, t)
			e.Positives += c * (hi - a) / w
			e.FalseNegatives += c * (hi - a - g.integrate(f, a, hi)) / w
		}
	}
	return e
}
