package expand

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// Curve is the recall curve of one run of the evaluation protocol.
type Curve struct {
	// Additions is the number of additions at each reading: Interval, 2*Interval, ..., and a last
	// reading at exactly Budget when Budget is not a multiple of Interval (the partial batch).
	Additions []int `json:"additions"`
	// X is Additions / Budget: with the default budget, the additions as a fraction of what it
	// takes to grow the seeds to |C|; the last reading is at X = 1.
	X []float64 `json:"x"`
	// Recall is the fraction of the true non-seed members among the first Additions items.
	Recall []float64 `json:"recall"`
	// Budget is the number of additions evaluated.
	Budget int `json:"budget"`
}

// AUC returns the area under the curve by the trapezoid rule over [0, 1], starting from the
// point (0, 0), which is exact (no addition, no recall). This makes areas comparable across
// intervals and community sizes: a perfect ranking scores 0.5 (the curve y = x), a ranking that
// finds nothing 0.
func (c Curve) AUC() float64 {
	area, x0, y0 := 0.0, 0.0, 0.0
	for i, x := range c.X {
		y := c.Recall[i]
		area += (x - x0) * (y + y0) / 2
		x0, y0 = x, y
	}
	return area
}

// AUCFromFirst returns the trapezoid area from the first reading to the last, without the
// origin, as the authors computed it (sklearn.metrics.auc over their readings). It depends on the
// interval; 0 for fewer than two readings.
func (c Curve) AUCFromFirst() float64 {
	area := 0.0
	for i := 1; i < len(c.X); i++ {
		area += (c.X[i] - c.X[i-1]) * (c.Recall[i] + c.Recall[i-1]) / 2
	}
	return area
}

// truthTargets returns the sorted true members that are not seeds.
func truthTargets(truth, seeds []uint32) []uint32 {
	t := slices.Clone(truth)
	slices.Sort(t)
	t = slices.Compact(t)
	s := slices.Clone(seeds)
	slices.Sort(s)
	return slices.DeleteFunc(t, func(v uint32) bool {
		_, ok := slices.BinarySearch(s, v)
		return ok
	})
}

// RecallCurve reads the recall of a ranking (ordered additions, as returned by a method) against
// the true community truth grown from seeds:
//
//   - the targets T are the true members that are not seeds; normally |T| = |C| - s;
//   - budget is the number of additions evaluated; budget <= 0 means |T|, i.e. until the
//     community (seeds plus additions) has the size |C| of the true one, as in the paper;
//   - after k additions, recall = |T ∩ {first k items}| / |T| (a seed or a repeated id in the
//     ranking takes a slot and counts nothing);
//   - readings at k = interval, 2*interval, ... <= budget, plus a final reading at k = budget
//     when budget is not a multiple of interval;
//   - a ranking shorter than the budget keeps its last recall for the remaining readings (the
//     candidates ran out; recall cannot grow).
//
// It fails when interval < 1 or T is empty.
func RecallCurve(ranking, truth, seeds []uint32, interval, budget int) (Curve, error) {
	if interval < 1 {
		return Curve{}, fmt.Errorf("expand: recall interval %d < 1", interval)
	}
	t := truthTargets(truth, seeds)
	if len(t) == 0 {
		return Curve{}, fmt.Errorf("expand: recall undefined: the community (%d members) has no member that is not a seed", len(truth))
	}
	if budget <= 0 {
		budget = len(t)
	}
	found := make([]bool, len(t))
	hits := 0
	c := Curve{Budget: budget}
	next := min(interval, budget)
	for k := 1; k <= budget; k++ {
		if k <= len(ranking) {
			if i, ok := slices.BinarySearch(t, ranking[k-1]); ok && !found[i] {
				found[i] = true
				hits++
			}
		}
		if k == next {
			c.Additions = append(c.Additions, k)
			c.X = append(c.X, float64(k)/float64(budget))
			c.Recall = append(c.Recall, float64(hits)/float64(len(t)))
			next = min(next+interval, budget)
			if k == budget {
				break
			}
		}
	}
	return c, nil
}

// F1 returns the F1 score of a found set against a true set (both deduplicated): the harmonic
// mean of precision |F∩T|/|F| and recall |F∩T|/|T|; 0 when either set is empty or they do not
// meet.
func F1(found, truth []uint32) float64 {
	f := slices.Clone(found)
	slices.Sort(f)
	f = slices.Compact(f)
	t := slices.Clone(truth)
	slices.Sort(t)
	t = slices.Compact(t)
	common := 0
	for i, j := 0, 0; i < len(f) && j < len(t); {
		switch {
		case f[i] < t[j]:
			i++
		case f[i] > t[j]:
			j++
		default:
			common++
			i++
			j++
		}
	}
	if common == 0 {
		return 0
	}
	p := float64(common) / float64(len(f))
	r := float64(common) / float64(len(t))
	return 2 * p * r / (p + r)
}

// Eval is the per-run metric of the evaluation protocol.
type Eval struct {
	Curve Curve `json:"curve"`
	// AUC is Curve.AUC (from the origin over [0, 1]); AUCFromFirst the authors' variant.
	AUC          float64 `json:"auc"`
	AUCFromFirst float64 `json:"auc_from_first"`
	// Recall is the last reading of the curve (at the budget).
	Recall float64 `json:"recall"`
	// F1 compares the grown community, seeds plus the first Budget items of the ranking, with the
	// true community (seeds included on both sides).
	F1 float64 `json:"f1"`
	// Grown is the size of that community (smaller than |seeds| + Budget when the ranking is
	// shorter or repeats seeds).
	Grown int `json:"grown"`
}

// Evaluate computes the recall curve (see RecallCurve for the parameters), its areas and the F1
// of the grown community.
func Evaluate(ranking, truth, seeds []uint32, interval, budget int) (Eval, error) {
	c, err := RecallCurve(ranking, truth, seeds, interval, budget)
	if err != nil {
		return Eval{}, err
	}
	grown := slices.Clone(seeds)
	grown = append(grown, ranking[:min(len(ranking), c.Budget)]...)
	slices.Sort(grown)
	grown = slices.Compact(grown)
	return Eval{
		Curve: c, AUC: c.AUC(), AUCFromFirst: c.AUCFromFirst(),
		Recall: c.Recall[len(c.Recall)-1], F1: F1(grown, truth), Grown: len(grown),
	}, nil
}

// seedStream is the second word of the PCG state used by SampleSeeds (an arbitrary constant, so
// that the one seed number the caller gives fully determines the draw).
const seedStream = 0x5eed5eed5eed5eed

// SampleSeeds draws s distinct members of a community uniformly at random without replacement,
// deterministically from seed (math/rand/v2 PCG seeded with (seed, a fixed constant)), in draw
// order. members must be free of duplicates (a GroundTruth community is); filter it first if some
// members may not be seeds (for example vertices with an empty neighbourhood). It fails when
// s < 1 or s > len(members). O(len(members)).
func SampleSeeds(members []uint32, s int, seed uint64) ([]uint32, error) {
	if s < 1 || s > len(members) {
		return nil, fmt.Errorf("expand: cannot sample %d seeds from %d members", s, len(members))
	}
	pool := slices.Clone(members)
	rng := rand.New(rand.NewPCG(seed, seedStream))
	for i := 0; i < s; i++ {
		j := i + rng.IntN(len(pool)-i)
		pool[i], pool[j] = pool[j], pool[i]
	}
	return pool[:s:s], nil
}
