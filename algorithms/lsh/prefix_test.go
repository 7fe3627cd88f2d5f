package lsh

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestBandPrefixes checks that the first b' bands of an index answer exactly as an index built
// with b' bands, and that CandidatesByBand's first bands agree with every prefix.
func TestBandPrefixes(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	rows := randomRows(rng, 400, 24, 3, 9)
	ctx := context.Background()
	for _, v := range []Variant{Banding, MultiProbe} {
		full, err := Build(ctx, rows, Options{Params: Params{8, 3}, Variant: v}, nil)
		if err != nil {
			t.Fatal(err)
		}
		qf := full.NewQuerier()
		for _, b := range []int{1, 3, 8} {
			small, err := Build(ctx, rows, Options{Params: Params{b, 3}, Variant: v}, nil)
			if err != nil {
				t.Fatal(err)
			}
			qs := small.NewQuerier()
			for i := 0; i < rows.Len(); i++ {
				want := sorted(qs.Candidates(i))
				if got := sorted(qf.CandidatesPrefix(i, b)); !slices.Equal(got, want) {
					t.Fatalf("%v b=%d row %d: prefix %v, index %v", v, b, i, got, want)
				}
				ids, first := qf.CandidatesByBand(i, nil)
				var got []uint32
				for j, id := range ids {
					if int(first[j]) < b {
						got = append(got, id)
					}
					if j > 0 && first[j] < first[j-1] {
						t.Fatalf("%v row %d: first bands decrease", v, i)
					}
				}
				if got = sorted(got); !slices.Equal(got, want) {
					t.Fatalf("%v b=%d row %d: by band %v, index %v", v, b, i, got, want)
				}
			}
		}
	}
}
