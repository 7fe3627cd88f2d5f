package lsh

import (
	"context"
	"fmt"
	"lshbench/algorithms/exact"
	"math/rand/v2"
	"slices"
	"testing"
)

// bestPrefix returns the longest label prefix row shares with sig over the trees of p.
func bestPrefix(row, sig []uint32, p Params) int {
	best := 0
	for t := 0; t < p.B; t++ {
		l := 0
		for l < p.R && row[t*p.R+l] == sig[t*p.R+l] {
			l++
		}
		best = max(best, l)
	}
	return best
}

func TestForestBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, c := range []struct {
		n, k, alpha int
		p           Params
	}{
		{400, 12, 3, Params{4, 3}},
		{300, 16, 2, Params{3, 5}},
		{200, 6, 5, Params{6, 1}},
		{1, 4, 2, Params{2, 2}},
		{0, 4, 2, Params{2, 2}},
	} {
		rows := randomRows(rng, c.n, c.k, c.alpha, 9)
		f, err := BuildForest(context.Background(), rows, c.p, 2, nil)
		if err != nil {
			t.Fatal(err)
		}
		q := f.NewQuerier()
		for i := 0; i < c.n; i++ {
			all := slices.Clone(q.Candidates(i, c.n+1))
			var want []uint32
			if !rows.IsEmpty(i) {
				for j := 0; j < c.n; j++ {
					if j != i && !rows.IsEmpty(j) && bestPrefix(rows.Row(j), rows.Row(i), c.p) >= 1 {
						want = append(want, uint32(j))
					}
				}
			}
			if !slices.Equal(sorted(all), want) {
				t.Fatalf("%v row %d: candidates %v want %v", c.p, i, sorted(all), want)
			}
			for x := 1; x < len(all); x++ {
				if bestPrefix(rows.Row(int(all[x])), rows.Row(i), c.p) > bestPrefix(rows.Row(int(all[x-1])), rows.Row(i), c.p) {
					t.Fatalf("%v row %d: candidate %d with a longer prefix comes after %d", c.p, i, all[x], all[x-1])
				}
			}
			for _, w := range []int{1, 3, 10} {
				got := q.Candidates(i, w)
				if len(got) != min(w, len(all)) || !slices.Equal(got, all[:len(got)]) {
					t.Fatalf("%v row %d want %d: %v is not the prefix of %v", c.p, i, w, got, all)
				}
			}
		}
		for e := 0; e < 10 && c.n > 0; e++ {
			sig := randomRows(rng, 1, c.k, c.alpha, 0).Row(0)
			got := sorted(q.CandidatesOf(sig, c.n+1))
			var want []uint32
			for j := 0; j < c.n; j++ {
				if !rows.IsEmpty(j) && bestPrefix(rows.Row(j), sig, c.p) >= 1 {
					want = append(want, uint32(j))
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("%v external: %v want %v", c.p, got, want)
			}
		}
	}
}

// plantedSets returns n random sets over a universe, where each of the first n/2 sets has a
// planted near-duplicate family: sets derived from a base set by replacing a random fraction of
// its elements, so that similarities spread over (0, 1).
func plantedSets(rng *rand.Rand, n, universe int) [][]uint32 {
	sets := make([][]uint32, n)
	for i := 0; i < n; {
		size := 20 + rng.IntN(60)
		base := make([]uint32, size)
		for j := range base {
			base[j] = uint32(rng.IntN(universe))
		}
		fam := 1 + rng.IntN(8)
		for m := 0; m < fam && i < n; m++ {
			s := slices.Clone(base)
			frac := rng.Float64() * 0.6
			for j := range s {
				if rng.Float64() < frac {
					s[j] = uint32(rng.IntN(universe))
				}
			}
			slices.Sort(s)
			sets[i] = slices.Compact(s)
			i++
		}
	}
	return sets
}

func TestForestRecallGrowsWithK(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	sets := plantedSets(rng, 3000, 100000)
	rows := sketchAll(sets, 64, 42)
	f, err := BuildForest(context.Background(), rows, Params{8, 8}, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	q := f.NewQuerier()
	const topk = 3
	wants := []int{3, 5, 10, 20, 50, 400}
	hits := make([]int, len(wants))
	total := 0
	for i := 0; i < len(sets); i += 10 {
		// The true top-k by exact similarity (ties at the k-th value all count as correct).
		js := make([]Scored, 0, len(sets))
		for j := range sets {
			if j != i {
				js = append(js, Scored{ID: uint32(j), Score: exact.Jaccard(sets[i], sets[j])})
			}
		}
		slices.SortFunc(js, func(a, b Scored) int { return cmpFloat(b.Score, a.Score) })
		kth := js[topk-1].Score
		if kth < 0.2 {
			continue // only queries with a meaningful top-k
		}
		total += topk
		for w, want := range wants {
			cands := q.Candidates(i, want)
			exact := ScoreFunc(func(c uint32) float64 { return exact.Jaccard(sets[i], sets[c]) })
			got := TopK(cands, topk, exact, nil)
			for _, g := range got {
				if g.Score >= kth-1e-9 {
					hits[w]++
				}
			}
		}
	}
	line := ""
	for w := range wants {
		rec := float64(hits[w]) / float64(total)
		line += fmt.Sprintf(" k=%d:%.3f", wants[w], rec)
		if w > 0 && hits[w] < hits[w-1] {
			t.Errorf("recall fell from %d to %d hits when candidates grew to %d", hits[w-1], hits[w], wants[w])
		}
	}
	t.Logf("forest 8x8 top-%d recall after exact re-ranking of k candidates:%s", topk, line)
	if first, last := float64(hits[0])/float64(total), float64(hits[len(hits)-1])/float64(total); last < first+0.05 || last < 0.9 {
		t.Errorf("recall %.3f -> %.3f: want growth by 0.05 and >= 0.9 at 400 candidates", first, last)
	}
}

func TestLowerBoundHeads(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for _, c := range []struct {
		n    int
		span uint32
	}{{0, 10}, {1, 10}, {7, 3}, {100, 1 << 31}, {1000, ^uint32(0)}, {1000, 5}, {5000, 1 << 20}} {
		heads := make([]uint32, c.n)
		for i := range heads {
			heads[i] = uint32(rng.Uint64N(uint64(c.span) + 1))
		}
		slices.Sort(heads)
		probes := []uint32{0, 1, c.span, c.span - 1, ^uint32(0)}
		for i := 0; i < 200; i++ {
			probes = append(probes, uint32(rng.Uint64N(uint64(c.span)+2)))
		}
		probes = append(probes, heads...)
		for _, h := range probes {
			want, _ := slices.BinarySearch(heads, h)
			if got := lowerBoundHeads(heads, h); got != want {
				t.Fatalf("n=%d span=%d h=%d: %d want %d", c.n, c.span, h, got, want)
			}
		}
	}
}
