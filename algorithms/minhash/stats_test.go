package minhash

import (
	"math"
	"testing"
)

// pairCase is a pair of sets of consecutive ids with a chosen intersection, so that the exact
// Jaccard similarity is known: J = inter / (sa + sb - inter). Consecutive ids are what graph and
// generator ids look like, and the hardest input for weak hash families.
type pairCase struct {
	name          string
	target        float64 // the J the case stands for
	sa, sb, inter int
}

func (c pairCase) J() float64 { return float64(c.inter) / float64(c.sa+c.sb-c.inter) }

// sets returns A = [off, off+sa) and B = [off+sa-inter, off+sa-inter+sb).
func (c pairCase) sets(off uint32) (a, b []uint32) {
	for i := 0; i < c.sa; i++ {
		a = append(a, off+uint32(i))
	}
	start := off + uint32(c.sa-c.inter)
	for i := 0; i < c.sb; i++ {
		b = append(b, start+uint32(i))
	}
	return a, b
}

// statCases hold the exact J used for each target. At size 5, J = 0.1 is not achievable with two
// sets of size 5 (1/9 = 0.111 is the nearest) and J = 0.9 is not achievable with |A| = 5 and
// |B| <= 5 (4/5 = 0.8 is the nearest, B a subset of A).
var statCases = []pairCase{
	{"n5/J0.1", 0.1, 5, 5, 1},             // J = 1/9
	{"n5/J0.5", 0.5, 5, 4, 3},             // J = 3/6
	{"n5/J0.9", 0.9, 5, 4, 4},             // J = 4/5 (nearest achievable)
	{"n50/J0.1", 0.1, 50, 16, 6},          // J = 6/60
	{"n50/J0.5", 0.5, 50, 40, 30},         // J = 30/60
	{"n50/J0.9", 0.9, 50, 45, 45},         // J = 45/50
	{"n5000/J0.1", 0.1, 5000, 5010, 910},  // J = 910/9100
	{"n5000/J0.5", 0.5, 5000, 4000, 3000}, // J = 3000/6000
	{"n5000/J0.9", 0.9, 5000, 4500, 4500}, // J = 4500/5000
}

// seedsFor returns the number of seeds per case: fewer on large sets to bound the test time.
func seedsFor(c pairCase) int {
	if c.sa >= 5000 {
		return 100
	}
	return 400
}

const statK = 128

// estimates returns the estimate of J for the case under R seeds of variant.
func estimates(t *testing.T, variant string, k int, c pairCase, r int) []float64 {
	t.Helper()
	a, b := c.sets(1000)
	out := make([]float64, r)
	var ra, rb []uint32
	for s := 0; s < r; s++ {
		sk, err := New(variant, k, uint64(s)+1)
		if err != nil {
			t.Fatal(err)
		}
		if ra == nil {
			ra, rb = make([]uint32, sk.RowWords()), make([]uint32, sk.RowWords())
		}
		sk.Sketch(a, ra)
		sk.Sketch(b, rb)
		out[s] = sk.Estimate(ra, rb)
	}
	return out
}

func meanVar(xs []float64) (mean, variance float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		variance += (x - mean) * (x - mean)
	}
	return mean, variance / float64(len(xs)-1)
}

// kHashVar is the variance of the k-hash estimator, J(1-J)/k.
func kHashVar(j float64, k int, _ pairCase) float64 { return j * (1 - j) / float64(k) }

// bottomKVar is the hypergeometric variance of the bottom-k estimator: 0 when |A u B| <= k.
func bottomKVar(j float64, k int, c pairCase) float64 {
	n := float64(c.sa + c.sb - c.inter)
	if n <= float64(k) {
		return 0
	}
	return j * (1 - j) / float64(k) * (n - float64(k)) / (n - 1)
}

func bbitVar(b int) func(float64, int, pairCase) float64 {
	return func(j float64, k int, _ pairCase) float64 {
		c := 1 / float64(uint64(1)<<b)
		p := c + (1-c)*j
		return p * (1 - p) / (float64(k) * (1 - c) * (1 - c))
	}
}

// statVariants are the variants checked for unbiasedness; theoryVar is nil when there is no
// closed-form variance (the empirical variance then sets the confidence interval), and upper says
// the formula is only an upper bound.
var statVariants = []struct {
	name      string
	theoryVar func(j float64, k int, c pairCase) float64
	upper     bool
}{
	{"kminhash", kHashVar, false},
	{"cminhash", kHashVar, false},
	{"superminhash", kHashVar, true},
	{"oph-optimal", nil, false},
	{"oph-fast", nil, false},
	{"oph-rotation", nil, false},
	{"bottomk", bottomKVar, false},
	{"bbit1-kminhash", bbitVar(1), false},
	{"bbit2-kminhash", bbitVar(2), false},
	{"bbit4-kminhash", bbitVar(4), false},
	{"bbit8-kminhash", bbitVar(8), false},
	{"bbit16-kminhash", bbitVar(16), false},
	{"bbit4-oph-optimal", nil, false},
}

// TestUnbiased checks, for every variant and every case, that the mean estimate over R seeds lies
// within 4 standard errors of the exact J, and, where a variance formula exists, that the pooled
// ratio of observed to predicted variance is within 5 standard deviations of 1 (an upper bound
// for superminhash). Seeds are fixed, so the test is deterministic.
func TestUnbiased(t *testing.T) {
	for _, v := range statVariants {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			var ssObs, ssExp float64
			var dof int
			for _, c := range statCases {
				r := seedsFor(c)
				xs := estimates(t, v.name, statK, c, r)
				j := c.J()
				mean, sv := meanVar(xs)
				ref := sv
				if v.theoryVar != nil {
					ref = v.theoryVar(j, statK, c)
					if ref > 0 {
						ssObs += sv * float64(r-1)
						ssExp += ref * float64(r-1)
						dof += r - 1
					}
				}
				se := math.Sqrt(ref / float64(r))
				ratio := math.NaN()
				if v.theoryVar != nil && ref > 0 {
					ratio = sv / ref
				}
				z := 0.0
				if se > 0 {
					z = (mean - j) / se
				}
				t.Logf("%-11s J=%.4f mean=%.4f bias=%+.4f (%+.1f se) var=%.3g var/theory=%.3f",
					c.name, j, mean, mean-j, z, sv, ratio)
				if se == 0 {
					if math.Abs(mean-j) > 1e-12 || sv > 1e-24 {
						t.Errorf("%s: expected exact estimates %.6f, mean %.6f var %.3g", c.name, j, mean, sv)
					}
					continue
				}
				if math.Abs(mean-j) > 4*se {
					t.Errorf("%s: mean %.4f deviates from J = %.4f by %.1f standard errors", c.name, mean, j, (mean-j)/se)
				}
			}
			if dof > 0 && ssExp > 0 {
				ratio := ssObs / ssExp
				tol := 5 * math.Sqrt(2/float64(dof))
				t.Logf("%s: pooled variance ratio observed/theory = %.3f (tolerance %.3f)", v.name, ratio, tol)
				if ratio > 1+tol || (!v.upper && ratio < 1-tol) {
					t.Errorf("pooled variance ratio %.3f outside 1 +- %.3f", ratio, tol)
				}
			}
		})
	}
}

// TestPaperBias measures the bias of the paper's affine family on consecutive ids, and checks that
// kminhash on the same pairs and seeds is unbiased. The paper family's bias is reported, and the
// test asserts that it is detected at J = 0.5 on 50 and 5000 consecutive ids.
func TestPaperBias(t *testing.T) {
	for _, c := range statCases {
		r := seedsFor(c)
		j := c.J()
		pm, pv := meanVar(estimates(t, "paper", statK, c, r))
		km, _ := meanVar(estimates(t, "kminhash", statK, c, r))
		se := math.Sqrt(kHashVar(j, statK, c) / float64(r))
		t.Logf("%-11s J=%.4f paper mean=%.4f (bias %+.4f, %+.1f se, var/theory %.2f) kminhash mean=%.4f (bias %+.4f)",
			c.name, j, pm, pm-j, (pm-j)/se, pv/kHashVar(j, statK, c), km, km-j)
		if math.Abs(km-j) > 4*se {
			t.Errorf("%s: kminhash mean %.4f deviates from J = %.4f", c.name, km, j)
		}
		if c.target == 0.5 && c.sa >= 50 && math.Abs(pm-j) < 4*se {
			t.Errorf("%s: the paper family's bias was not detected (mean %.4f, J %.4f); update the package documentation", c.name, pm, j)
		}
	}
}

// TestVarianceLargeK checks unbiasedness and the J(1-J)/k variance of the k-hash style variants
// at k = 1024 (the positions must stay independent over many hash functions), on 50 consecutive
// ids with J = 0.5, over 600 seeds.
func TestVarianceLargeK(t *testing.T) {
	c := pairCase{"n50/J0.5", 0.5, 50, 40, 30}
	const k, r = 1024, 600
	for _, v := range []string{"kminhash", "cminhash"} {
		xs := estimates(t, v, k, c, r)
		mean, sv := meanVar(xs)
		want := kHashVar(c.J(), k, c)
		ratio := sv / want
		tol := 5 * math.Sqrt(2/float64(r-1))
		t.Logf("%s k=%d: mean %.4f (J %.4f), var/theory %.3f (tolerance %.3f)", v, k, mean, c.J(), ratio, tol)
		if math.Abs(mean-c.J()) > 4*math.Sqrt(want/r) {
			t.Errorf("%s k=%d: mean %.4f deviates from J = %.4f", v, k, mean, c.J())
		}
		if math.Abs(ratio-1) > tol {
			t.Errorf("%s k=%d: variance ratio %.3f outside 1 +- %.3f", v, k, ratio, tol)
		}
	}
}
