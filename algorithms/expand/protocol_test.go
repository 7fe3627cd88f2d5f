package expand

import (
	"math"
	"slices"
	"testing"
)

func seq(lo, hi uint32) []uint32 {
	var s []uint32
	for v := lo; v < hi; v++ {
		s = append(s, v)
	}
	return s
}

func TestRecallCurve(t *testing.T) {
	for _, tc := range []struct {
		name                 string
		ranking, truth, seed []uint32
		interval, budget     int
		adds                 []int
		recall               []float64
		auc, aucFirst, f1    float64
	}{
		{
			name:    "perfect, partial last batch",
			ranking: seq(2, 12), truth: seq(0, 12), seed: []uint32{0, 1}, interval: 3,
			adds: []int{3, 6, 9, 10}, recall: []float64{.3, .6, .9, 1},
			auc: .5, aucFirst: (1 - .09) / 2, f1: 1,
		},
		{
			// T = {2,3,4,5}; a miss, a seed and a repeat take slots.
			name:    "misses, seed and repeat",
			ranking: []uint32{2, 99, 3, 0, 2, 4}, truth: seq(0, 6), seed: []uint32{0, 1}, interval: 2,
			adds: []int{2, 4}, recall: []float64{.25, .5},
			auc: .25, aucFirst: .5 * (.25 + .5) / 2, f1: 8.0 / 11,
		},
		{
			name:    "short ranking keeps its recall",
			ranking: []uint32{2}, truth: seq(0, 6), seed: []uint32{0, 1}, interval: 1,
			adds: []int{1, 2, 3, 4}, recall: []float64{.25, .25, .25, .25},
			auc: .25/8 + .75*.25, aucFirst: .75 * .25, f1: 2 * 1 * .5 / 1.5,
		},
		{
			name:    "empty ranking",
			ranking: nil, truth: seq(0, 6), seed: []uint32{0, 1}, interval: 10,
			adds: []int{4}, recall: []float64{0},
			auc: 0, aucFirst: 0, f1: 2 * 1 * (2.0 / 6) / (1 + 2.0/6),
		},
		{
			name:    "explicit budget beyond |T|",
			ranking: []uint32{9, 2, 3, 4, 5}, truth: seq(0, 6), seed: []uint32{0, 1}, interval: 4, budget: 5,
			adds: []int{4, 5}, recall: []float64{.75, 1},
			auc: .8*.75/2 + .2*1.75/2, aucFirst: .2 * 1.75 / 2, f1: 2 * (6.0 / 7) / (1 + 6.0/7),
		},
	} {
		ev, err := Evaluate(tc.ranking, tc.truth, tc.seed, tc.interval, tc.budget)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		c := ev.Curve
		if !slices.Equal(c.Additions, tc.adds) || !floatsClose(c.Recall, tc.recall) {
			t.Errorf("%s: additions %v recall %v, want %v %v", tc.name, c.Additions, c.Recall, tc.adds, tc.recall)
		}
		if c.X[len(c.X)-1] != 1 {
			t.Errorf("%s: last x = %v, want 1", tc.name, c.X[len(c.X)-1])
		}
		for i, a := range c.Additions {
			if c.X[i] != float64(a)/float64(c.Budget) {
				t.Errorf("%s: x[%d] = %v", tc.name, i, c.X[i])
			}
		}
		if math.Abs(ev.AUC-tc.auc) > 1e-12 || math.Abs(ev.AUCFromFirst-tc.aucFirst) > 1e-12 {
			t.Errorf("%s: auc %v, from first %v, want %v %v", tc.name, ev.AUC, ev.AUCFromFirst, tc.auc, tc.aucFirst)
		}
		if math.Abs(ev.F1-tc.f1) > 1e-12 {
			t.Errorf("%s: f1 %v, want %v", tc.name, ev.F1, tc.f1)
		}
		if ev.Recall != tc.recall[len(tc.recall)-1] {
			t.Errorf("%s: final recall %v", tc.name, ev.Recall)
		}
	}
	if _, err := RecallCurve(seq(0, 3), seq(0, 3), seq(0, 3), 1, 0); err == nil {
		t.Error("community made of seeds only: no error")
	}
	if _, err := RecallCurve(seq(0, 3), seq(0, 5), nil, 0, 0); err == nil {
		t.Error("interval 0: no error")
	}
}

func floatsClose(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-12 {
			return false
		}
	}
	return true
}

func TestF1(t *testing.T) {
	for _, tc := range []struct {
		found, truth []uint32
		want         float64
	}{
		{nil, nil, 0},
		{[]uint32{1}, nil, 0},
		{[]uint32{1, 2}, []uint32{3}, 0},
		{[]uint32{3, 1, 2, 2}, []uint32{1, 2, 3}, 1},
		{[]uint32{1, 2}, []uint32{2, 3, 4, 5}, 2 * .5 * .25 / .75},
	} {
		if got := F1(tc.found, tc.truth); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("F1(%v, %v) = %v, want %v", tc.found, tc.truth, got, tc.want)
		}
	}
}

func TestSampleSeeds(t *testing.T) {
	members := seq(100, 110)
	a, err := SampleSeeds(members, 3, 451235)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := SampleSeeds(members, 3, 451235)
	if !slices.Equal(a, b) {
		t.Fatalf("same seed, different samples: %v %v", a, b)
	}
	if members[0] != 100 || members[9] != 109 {
		t.Fatal("input modified")
	}
	// Uniformity: over 20,000 seeds each member is drawn with probability 3/10; the count is
	// Binomial(20000, .3), sd 64.8: a 6-sd band never fails for a correct sampler.
	count := map[uint32]int{}
	differ := false
	for s := range uint64(20000) {
		got, err := SampleSeeds(members, 3, s)
		if err != nil {
			t.Fatal(err)
		}
		u := slices.Clone(got)
		slices.Sort(u)
		if len(slices.Compact(u)) != 3 {
			t.Fatalf("seed %d: repeated member in %v", s, got)
		}
		for _, v := range got {
			if v < 100 || v >= 110 {
				t.Fatalf("seed %d: %d is not a member", s, v)
			}
			count[v]++
		}
		differ = differ || !slices.Equal(got, a)
	}
	for v, c := range count {
		if math.Abs(float64(c)-6000) > 6*64.8 {
			t.Errorf("member %d drawn %d times, want 6000 +- 389", v, c)
		}
	}
	if !differ {
		t.Error("every seed gives the same sample")
	}
	for _, s := range []int{0, -1, 11} {
		if _, err := SampleSeeds(members, s, 1); err == nil {
			t.Errorf("SampleSeeds(%d of 10): no error", s)
		}
	}
}
