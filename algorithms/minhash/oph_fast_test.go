package minhash

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestDensifyFastMatchesThrowing checks the inverted-table rounds of fast densification against
// the literal scheme: in round r every originally non-empty bin i, in ascending order, throws its
// value at bin fastTarget(i, r), and an empty bin keeps the first value that lands on it.
func TestDensifyFastMatchesThrowing(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, k := range []int{1, 7, 64, 128, 1024, 2048} {
		sk, err := New("oph-fast", k, uint64(k))
		if err != nil {
			t.Fatal(err)
		}
		o := sk.(*OPH)
		for trial := 0; trial < 40; trial++ {
			n := 1 + rng.IntN(2*k)
			set := make([]uint32, n)
			for i := range set {
				set[i] = rng.Uint32()
			}
			slices.Sort(set)
			set = slices.Compact(set)
			bins := make([]uint32, k)
			o.SketchBins(set, bins)
			want := slices.Clone(bins)
			var src []uint32
			left := 0
			for i, v := range want {
				if v != Empty {
					src = append(src, uint32(i))
				} else {
					left++
				}
			}
			for r := uint64(0); left > 0 && len(src) > 0; r++ {
				for _, i := range src {
					if tg := o.p.fastTarget(i, r); want[tg] == Empty {
						want[tg] = want[i]
						left--
					}
				}
			}
			got := make([]uint32, k)
			o.Sketch(set, got)
			capRow(want)
			if !slices.Equal(got, want) {
				t.Fatalf("k=%d n=%d: densified row differs from the throwing scheme", k, n)
			}
		}
	}
}
