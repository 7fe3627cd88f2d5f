package exact

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"lshbench/datasets"
)

// randomSets returns a collection with the awkward cases mixed in: empty sets, singletons,
// duplicates of earlier sets, one huge set, and skewed element frequencies so that similarities
// tie often.
func randomSets(rng *rand.Rand, n, universe int) *datasets.Sets {
	sets := make([][]uint32, n)
	huge := rng.IntN(n)
	for i := range sets {
		switch r := rng.IntN(20); {
		case i == huge:
			for e := 0; e < universe; e++ {
				if rng.IntN(3) > 0 {
					sets[i] = append(sets[i], uint32(e))
				}
			}
		case r < 2:
			// empty
		case r < 4:
			sets[i] = []uint32{uint32(rng.IntN(universe))}
		case r < 6 && i > 0:
			sets[i] = slices.Clone(sets[rng.IntN(i)])
		default:
			size := 2 + rng.IntN(12)
			for range size {
				// Skewed: small element ids are much more frequent.
				e := rng.IntN(1 + rng.IntN(universe))
				sets[i] = append(sets[i], uint32(e))
			}
		}
	}
	s := datasets.SetsFromSlices(sets)
	s.Universe = universe
	return s
}

func naiveIntersect(a, b []uint32) int {
	in := map[uint32]bool{}
	for _, x := range a {
		in[x] = true
	}
	c := 0
	for _, x := range b {
		if in[x] {
			c++
		}
	}
	return c
}

func randomSorted(rng *rand.Rand, n, universe int) []uint32 {
	m := map[uint32]bool{}
	for len(m) < n && len(m) < universe {
		m[uint32(rng.IntN(universe))] = true
	}
	out := make([]uint32, 0, len(m))
	for x := range m {
		out = append(out, x)
	}
	slices.Sort(out)
	return out
}

func TestIntersect(t *testing.T) {
	tests := []struct {
		a, b []uint32
		want int
	}{
		{nil, nil, 0},
		{[]uint32{1}, nil, 0},
		{[]uint32{1, 2, 3}, []uint32{1, 2, 3}, 3},
		{[]uint32{1, 3, 5}, []uint32{2, 4, 6}, 0},
		{[]uint32{5}, []uint32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}, 1},
		{[]uint32{0, 20}, []uint32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33}, 2},
		{[]uint32{99}, []uint32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}, 0},
	}
	for i, tt := range tests {
		if got := Intersect(tt.a, tt.b); got != tt.want {
			t.Errorf("case %d: Intersect = %d, want %d", i, got, tt.want)
		}
		if got := Intersect(tt.b, tt.a); got != tt.want {
			t.Errorf("case %d swapped: Intersect = %d, want %d", i, got, tt.want)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 3000; trial++ {
		universe := 1 + rng.IntN(5000)
		a := randomSorted(rng, rng.IntN(40), universe)
		b := randomSorted(rng, rng.IntN(3000), universe)
		want := naiveIntersect(a, b)
		if got := Intersect(a, b); got != want {
			t.Fatalf("trial %d: Intersect(|a|=%d, |b|=%d) = %d, want %d", trial, len(a), len(b), got, want)
		}
		if got := intersectGallop(a, b); got != want {
			t.Fatalf("trial %d: gallop = %d, want %d", trial, got, want)
		}
		if got := intersectMerge(a, b); got != want {
			t.Fatalf("trial %d: merge = %d, want %d", trial, got, want)
		}
	}
}

func TestJaccard(t *testing.T) {
	tests := []struct {
		a, b []uint32
		want float64
	}{
		{nil, nil, 0},
		{nil, []uint32{1}, 0},
		{[]uint32{1}, []uint32{1}, 1},
		{[]uint32{1, 2}, []uint32{2, 3}, 1.0 / 3},
		{[]uint32{1, 2, 3, 4}, []uint32{2, 3}, 0.5},
	}
	for _, tt := range tests {
		if got := Jaccard(tt.a, tt.b); got != tt.want {
			t.Errorf("Jaccard(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestCompareRatio(t *testing.T) {
	tests := []struct {
		n1, d1, n2, d2 uint32
		want           int
	}{
		{1, 3, 2, 6, 0},
		{1, 3, 1, 2, -1},
		{2, 3, 1, 2, 1},
		{0, 0, 0, 5, 0},
		{0, 0, 1, 5, -1},
		{4294967295, 4294967295, 1, 1, 0},
		{4294967294, 4294967295, 4294967293, 4294967294, 1},
	}
	for _, tt := range tests {
		if got := CompareRatio(tt.n1, tt.d1, tt.n2, tt.d2); got != tt.want {
			t.Errorf("CompareRatio(%d/%d, %d/%d) = %d, want %d", tt.n1, tt.d1, tt.n2, tt.d2, got, tt.want)
		}
	}
}

func TestParseThreshold(t *testing.T) {
	tests := []struct {
		in       string
		num, den int64
		ok       bool
	}{
		{"0.07", 7, 100, true},
		{"0.5", 1, 2, true},
		{".5", 1, 2, true},
		{"0.50", 1, 2, true},
		{"1", 1, 1, true},
		{"1.000", 1, 1, true},
		{"1/3", 1, 3, true},
		{" 2 / 6 ", 1, 3, true},
		{"0.2", 1, 5, true},
		{"0.123456789", 123456789, 1000000000, true},
		{"0.0000000001", 0, 0, false},
		{"0", 0, 0, false},
		{"0.0", 0, 0, false},
		{"1.5", 0, 0, false},
		{"4/3", 0, 0, false},
		{"-0.1", 0, 0, false},
		{"1/0", 0, 0, false},
		{"0/5", 0, 0, false},
		{"abc", 0, 0, false},
		{"", 0, 0, false},
		{".", 0, 0, false},
		{"1e-2", 0, 0, false},
		{"0.5.5", 0, 0, false},
		{"1/3/4", 0, 0, false},
	}
	for _, tt := range tests {
		got, err := ParseThreshold(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ParseThreshold(%q) error = %v, want ok %v", tt.in, err, tt.ok)
			continue
		}
		if tt.ok && (got.Num != tt.num || got.Den != tt.den) {
			t.Errorf("ParseThreshold(%q) = %d/%d, want %d/%d", tt.in, got.Num, got.Den, tt.num, tt.den)
		}
		if tt.ok {
			back, err := ParseThreshold(got.String())
			if err != nil || back != got {
				t.Errorf("round trip of %q via %q = %v, %v", tt.in, got.String(), back, err)
			}
		}
	}
}

func FuzzParseThreshold(f *testing.F) {
	for _, s := range []string{"0.07", "1/3", ".5", "1", "0", "abc", "9/10", "0.999999999", "1/1000000001", "-1/-2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		th, err := ParseThreshold(s)
		if err != nil {
			return
		}
		if !th.Valid() {
			t.Fatalf("ParseThreshold(%q) = %v, not valid", s, th)
		}
		if gcd(th.Num, th.Den) != 1 {
			t.Fatalf("ParseThreshold(%q) = %v, not in lowest terms", s, th)
		}
		back, err := ParseThreshold(th.String())
		if err != nil || back != th {
			t.Fatalf("round trip %q -> %v -> %v, %v", s, th, back, err)
		}
	})
}

// TestThresholdBounds checks the integer bounds against exact big-rational arithmetic.
func TestThresholdBounds(t *testing.T) {
	if got := MustThreshold("0.07").MinSize(100); got != 7 {
		t.Fatalf("ceil(0.07*100) = %d, want 7", got)
	}
	ceilRat := func(r *big.Rat) int {
		q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
		if m.Sign() > 0 {
			q.Add(q, big.NewInt(1))
		}
		return int(q.Int64())
	}
	floorRat := func(r *big.Rat) int { return int(new(big.Int).Quo(r.Num(), r.Denom()).Int64()) }
	for _, ts := range []string{"0.07", "1/3", "0.5", "0.2", "2/3", "1", "0.999999999", "0.000000001", "0.9"} {
		th := MustThreshold(ts)
		tr := big.NewRat(th.Num, th.Den)
		for a := 0; a < 300; a++ {
			ra := new(big.Rat).Mul(tr, big.NewRat(int64(a), 1))
			if got, want := th.MinSize(a), ceilRat(ra); got != want {
				t.Fatalf("t=%s MinSize(%d) = %d, want %d", ts, a, got, want)
			}
			if got, want := th.MaxSize(a), floorRat(new(big.Rat).Quo(big.NewRat(int64(a), 1), tr)); got != want {
				t.Fatalf("t=%s MaxSize(%d) = %d, want %d", ts, a, got, want)
			}
			b := (a * 7) % 301
			frac := new(big.Rat).Quo(tr, new(big.Rat).Add(big.NewRat(1, 1), tr))
			if got, want := th.MinOverlap(a, b), ceilRat(frac.Mul(frac, big.NewRat(int64(a+b), 1))); got != want {
				t.Fatalf("t=%s MinOverlap(%d, %d) = %d, want %d", ts, a, b, got, want)
			}
		}
		// Accepts agrees with the definition.
		for u := 1; u < 60; u++ {
			for c := 0; c <= u; c++ {
				want := c > 0 && big.NewRat(int64(c), int64(u)).Cmp(tr) >= 0
				if got := th.Accepts(c, u); got != want {
					t.Fatalf("t=%s Accepts(%d, %d) = %v, want %v", ts, c, u, got, want)
				}
			}
		}
	}
	// Extreme sizes do not overflow.
	th := MustThreshold("0.999999999")
	if got := th.MinOverlap(1<<32-1, 1<<32-1); got <= 0 || got > 1<<32-1 {
		t.Fatalf("MinOverlap at 2^32 overflowed: %d", got)
	}
}

var testThresholds = []string{"0.07", "1/3", "0.5", "0.2", "2/3", "1", "0.1", "3/7"}

func TestTopKMatchesBrute(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(0); seed < 12; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		s := randomSets(rng, 60+rng.IntN(200), 5+rng.IntN(60))
		ix := NewIndex(s)
		sc := ix.NewScratch()
		queries := make([]uint32, s.Len())
		for i := range queries {
			queries[i] = uint32(i)
		}
		for _, k := range []int{1, 2, 5, 10, 1000} {
			all1, err := ix.TopKAll(ctx, queries, k, QueryOptions{Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			all3, err := ix.TopKAll(ctx, queries, k, QueryOptions{Workers: 3})
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < s.Len(); i++ {
				want := BruteTopK(s, s.Set(i), i, k)
				got := ix.TopK(s.Set(i), i, k, sc)
				checkNeighbors(t, fmt.Sprintf("seed %d k %d query %d", seed, k, i), got, want)
				checkNeighbors(t, fmt.Sprintf("seed %d k %d query %d (all, 1 worker)", seed, k, i), all1[i], want)
				checkNeighbors(t, fmt.Sprintf("seed %d k %d query %d (all, 3 workers)", seed, k, i), all3[i], want)
			}
			// External queries, some with elements outside the universe.
			for q := 0; q < 20; q++ {
				query := randomSorted(rng, rng.IntN(15), s.Universe+3)
				want := BruteTopK(s, query, -1, k)
				checkNeighbors(t, fmt.Sprintf("seed %d k %d external %v", seed, k, query), ix.TopK(query, -1, k, sc), want)
			}
		}
	}
}

func checkNeighbors(t *testing.T, what string, got, want []Neighbor) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Fatalf("%s:\n got %v\nwant %v", what, got, want)
	}
	for i, n := range got {
		if i > 0 && got[i-1].Compare(n) >= 0 {
			t.Fatalf("%s: answer not in order at %d", what, i)
		}
	}
}

func TestTopKTiesAndSelf(t *testing.T) {
	// Query {1,2,3,4} (set 0). Set 1 equals it (J=1), sets 2-4 tie at J=1/2, set 5 has J=1/4, set 6
	// is empty, set 7 is disjoint.
	s := datasets.SetsFromSlices([][]uint32{
		{1, 2, 3, 4}, {1, 2, 3, 4}, {1, 2}, {3, 4}, {1, 2, 3, 4, 5, 6, 7, 8}, {4}, {}, {9},
	})
	ix := NewIndex(s)
	got := ix.TopK(s.Set(0), 0, 2, nil)
	ids := func(ns []Neighbor) []uint32 {
		var out []uint32
		for _, n := range ns {
			out = append(out, n.ID)
		}
		return out
	}
	if want := []uint32{1, 2, 3, 4}; !slices.Equal(ids(got), want) {
		t.Fatalf("top-2 with ties = %v, want %v", ids(got), want)
	}
	if got[0].Jaccard != 1 || got[1].Inter != 2 || got[1].Union != 4 || got[3].Inter != 4 || got[3].Union != 8 {
		t.Fatalf("top-2 values wrong: %+v", got)
	}
	// The same set as an external query finds set 0 too.
	if got := ids(ix.TopK(s.Set(0), -1, 1, nil)); !slices.Equal(got, []uint32{0, 1}) {
		t.Fatalf("external top-1 = %v, want [0 1]", got)
	}
	// Fewer than k candidates: only sets sharing an element, never the empty or disjoint ones.
	if got := ids(ix.TopK(s.Set(0), 0, 100, nil)); !slices.Equal(got, []uint32{1, 2, 3, 4, 5}) {
		t.Fatalf("top-100 = %v, want [1 2 3 4 5]", got)
	}
	// Empty query.
	if got := ix.TopK(nil, -1, 3, nil); got != nil {
		t.Fatalf("empty query answered %v", got)
	}
	if got := ix.TopK(s.Set(6), 6, 3, nil); got != nil {
		t.Fatalf("empty set answered %v", got)
	}
	all, err := ix.TopKAll(context.Background(), []uint32{6, 0}, 1, QueryOptions{})
	if err != nil || all[0] != nil || len(all[1]) != 1 {
		t.Fatalf("TopKAll with an empty query = %v, %v", all, err)
	}
	if _, err := ix.TopKAll(context.Background(), []uint32{8}, 1, QueryOptions{}); err == nil {
		t.Fatal("TopKAll accepted a query out of range")
	}
}

func TestThresholdQueryMatchesBrute(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(0); seed < 10; seed++ {
		rng := rand.New(rand.NewPCG(seed, 11))
		s := randomSets(rng, 60+rng.IntN(200), 5+rng.IntN(60))
		ix := NewIndex(s)
		sc := ix.NewScratch()
		queries := make([]uint32, s.Len())
		for i := range queries {
			queries[i] = uint32(i)
		}
		for _, ts := range testThresholds {
			th := MustThreshold(ts)
			all, err := ix.ThresholdAll(ctx, queries, th, QueryOptions{Workers: 3})
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < s.Len(); i++ {
				want := BruteThreshold(s, s.Set(i), i, th)
				checkNeighbors(t, fmt.Sprintf("seed %d t %s query %d", seed, ts, i), ix.ThresholdQuery(s.Set(i), i, th, sc), want)
				checkNeighbors(t, fmt.Sprintf("seed %d t %s query %d (all)", seed, ts, i), all[i], want)
			}
			for q := 0; q < 20; q++ {
				query := randomSorted(rng, rng.IntN(15), s.Universe+3)
				want := BruteThreshold(s, query, -1, th)
				checkNeighbors(t, fmt.Sprintf("seed %d t %s external %v", seed, ts, query), ix.ThresholdQuery(query, -1, th, sc), want)
			}
		}
	}
}

func TestJoinMatchesBrute(t *testing.T) {
	ctx := context.Background()
	for seed := uint64(0); seed < 10; seed++ {
		rng := rand.New(rand.NewPCG(seed, 13))
		s := randomSets(rng, 100+rng.IntN(300), 5+rng.IntN(80))
		for _, ts := range testThresholds {
			th := MustThreshold(ts)
			want := BruteJoin(s, th)
			for _, f := range []Filters{AllFilters, SizePrefixFilters, SizeFilter, NoFilters} {
				for _, workers := range []int{1, 3} {
					got, err := Join(ctx, s, th, JoinOptions{Workers: workers, Filters: f})
					if err != nil {
						t.Fatal(err)
					}
					if !slices.Equal(got, want) {
						t.Fatalf("seed %d t %s filters %v workers %d: %d pairs, want %d\n got %v\nwant %v",
							seed, ts, f, workers, len(got), len(want), got, want)
					}
				}
			}
		}
	}
}

// TestJoinFloatTrap: with t = 0.07, sets of sizes 100 and 7 sharing 7 elements have J = 0.07
// exactly; a float bound ceil(0.07*100) = 8 would lose the pair.
func TestJoinFloatTrap(t *testing.T) {
	big := make([]uint32, 100)
	for i := range big {
		big[i] = uint32(i)
	}
	s := datasets.SetsFromSlices([][]uint32{big, {0, 1, 2, 3, 4, 5, 6}, {0, 1, 2, 3, 4, 5}})
	th := MustThreshold("0.07")
	got, err := Join(context.Background(), s, th, JoinOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Pair{newPair(0, 1, 7, 100), newPair(1, 2, 6, 7)}
	if !slices.Equal(got, want) {
		t.Fatalf("Join = %v, want %v", got, want)
	}
	ix := NewIndex(s)
	if got := ix.ThresholdQuery(big, 0, th, nil); len(got) != 1 || got[0].ID != 1 {
		t.Fatalf("ThresholdQuery = %v, want set 1 only", got)
	}
}

func TestJoinEdgeCases(t *testing.T) {
	ctx := context.Background()
	th := MustThreshold("0.5")
	for _, tc := range []struct {
		name string
		sets [][]uint32
		want []Pair
	}{
		{"no sets", nil, nil},
		{"all empty", [][]uint32{{}, {}, {}}, nil},
		{"singletons", [][]uint32{{1}, {1}, {}, {2}, {1}}, []Pair{newPair(0, 1, 1, 1), newPair(0, 4, 1, 1), newPair(1, 4, 1, 1)}},
		{"one set", [][]uint32{{1, 2, 3}}, nil},
	} {
		s := datasets.SetsFromSlices(tc.sets)
		got, err := Join(ctx, s, th, JoinOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 && len(tc.want) == 0 {
			continue
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: Join = %v, want %v", tc.name, got, tc.want)
		}
	}
	if _, err := Join(ctx, datasets.SetsFromSlices(nil), Threshold{}, JoinOptions{}); err == nil {
		t.Error("Join accepted the zero threshold")
	}
	if _, err := Join(ctx, datasets.SetsFromSlices(nil), th, JoinOptions{Filters: 9}); err == nil {
		t.Error("Join accepted unknown filters")
	}
}

func TestCancellationAndProgress(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	s := randomSets(rng, 3000, 200)
	ix := NewIndex(s)
	queries := s.NonEmpty()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.TopKAll(ctx, queries, 5, QueryOptions{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("TopKAll on a cancelled context: %v", err)
	}
	if _, err := Join(ctx, s, MustThreshold("0.5"), JoinOptions{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("Join on a cancelled context: %v", err)
	}
	var last, calls int64
	_, err := ix.TopKAll(context.Background(), queries, 5, QueryOptions{Workers: 2, Progress: func(done, total int64) {
		if done < last || total != int64(len(queries)) {
			t.Errorf("progress %d/%d after %d", done, total, last)
		}
		last = done
		calls++
	}})
	if err != nil || last != int64(len(queries)) || calls == 0 {
		t.Fatalf("progress ended at %d of %d after %d calls (err %v)", last, len(queries), calls, err)
	}
	last = 0
	_, err = Join(context.Background(), s, MustThreshold("0.5"), JoinOptions{Progress: func(done, total int64) { last = done }})
	if err != nil || last != int64(len(queries)) {
		t.Fatalf("join progress ended at %d of %d (err %v)", last, len(queries), err)
	}
}

// TestBrokenContractNoPanic: elements beyond Universe must not make the engines panic.
func TestBrokenContractNoPanic(t *testing.T) {
	s := &datasets.Sets{Offsets: []int{0, 2, 4}, Elems: []uint32{1, 9, 1, 9}, Universe: 3}
	ix := NewIndex(s)
	if got := ix.TopK(s.Set(0), 0, 1, nil); len(got) != 1 || got[0].ID != 1 || got[0].Jaccard != 1 {
		t.Fatalf("TopK = %v", got)
	}
	pairs, err := Join(context.Background(), s, MustThreshold("1"), JoinOptions{})
	if err != nil || len(pairs) != 1 {
		t.Fatalf("Join = %v, %v", pairs, err)
	}
}

// TestTopKPruningMatchesBrute uses long posting lists, so that TopK takes its pruned path (seed
// bound plus size windows), and checks it against brute force, with many ties.
func TestTopKPruningMatchesBrute(t *testing.T) {
	for seed := uint64(0); seed < 3; seed++ {
		rng := rand.New(rand.NewPCG(seed, 17))
		n, universe := 3000, 40
		sets := make([][]uint32, n)
		for i := range sets {
			size := 1 + rng.IntN(2+rng.IntN(30))
			for range size {
				sets[i] = append(sets[i], uint32(rng.IntN(1+rng.IntN(universe))))
			}
		}
		s := datasets.SetsFromSlices(sets)
		ix := NewIndex(s)
		sc := ix.NewScratch()
		pruned := 0
		for q := 0; q < 150; q++ {
			i := rng.IntN(n)
			query := s.Set(i)
			total := 0
			for _, e := range query {
				total += ix.off[e+1] - ix.off[e]
			}
			if total > pruneMinPostings {
				pruned++
			}
			for _, k := range []int{1, 3, 10, 50} {
				want := BruteTopK(s, query, i, k)
				checkNeighbors(t, fmt.Sprintf("seed %d query %d k %d", seed, i, k), ix.TopK(query, i, k, sc), want)
				if len(want) >= k && total > 0 {
					// The seed bound never exceeds the true k-th similarity.
					rare, rl := uint32(0), -1
					for _, e := range query {
						if l := ix.off[e+1] - ix.off[e]; l > 0 && (rl < 0 || l < rl) {
							rare, rl = e, l
						}
					}
					n, d := ix.seedBound(query, i, k, rare, sc)
					if CompareRatio(n, d, want[k-1].Inter, want[k-1].Union) > 0 {
						t.Fatalf("seed bound %d/%d above the k-th similarity %d/%d", n, d, want[k-1].Inter, want[k-1].Union)
					}
				}
			}
		}
		if pruned < 50 {
			t.Fatalf("only %d of 150 queries took the pruned path", pruned)
		}
	}
}

func TestSizeWindow(t *testing.T) {
	s := datasets.SetsFromSlices([][]uint32{{0}, {0, 1}, {0, 1, 2}, {0, 2}, {0, 1, 2, 3}, {0, 5, 6, 7, 8}})
	ix := NewIndex(s)
	list := ix.post[ix.off[0]:ix.off[1]]
	for lo := uint32(0); lo < 7; lo++ {
		for hi := uint32(0); hi < 7; hi++ {
			var want []uint32
			for _, b := range list {
				if sz := ix.sizes[b]; sz >= lo && sz <= hi {
					want = append(want, b)
				}
			}
			if got := ix.sizeWindow(list, lo, hi); !slices.Equal(got, want) && len(got)+len(want) > 0 {
				t.Fatalf("sizeWindow(%d, %d) = %v, want %v", lo, hi, got, want)
			}
		}
	}
}
