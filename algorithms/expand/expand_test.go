package expand

import (
	"context"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
)

// pairSim is a symmetric similarity table for tests; missing pairs are 0.
type pairSim map[[2]uint32]float64

func (p pairSim) Sim(a, b uint32) float64 {
	if a > b {
		a, b = b, a
	}
	if a == b {
		return 1
	}
	return p[[2]uint32{a, b}]
}

// rowPairSim also implements RowSimilarity, to test that path.
type rowPairSim struct{ pairSim }

func (r rowPairSim) SimRow(a uint32, bs []uint32, dst []float64) {
	for i, b := range bs {
		dst[i] = r.Sim(a, b)
	}
}

// handExample: seeds 0 and 1, candidates 2..7, dyadic similarities (exact in float32).
// Means to the seeds: 2:.5 3:.375 4:.375 5:.25 6:.375 7:.125.
func handExample() pairSim {
	return pairSim{
		{0, 2}: .5, {0, 3}: .5, {0, 4}: .25, {0, 5}: .25, {0, 6}: 0, {0, 7}: .125,
		{1, 2}: .5, {1, 3}: .25, {1, 4}: .5, {1, 5}: .25, {1, 6}: .75, {1, 7}: .125,
		{0, 1}: .5,
		{2, 3}: 0, {2, 4}: .5, {2, 5}: .75, {2, 6}: 0, {2, 7}: .25,
		{3, 4}: 0, {3, 5}: .125, {3, 6}: .25, {3, 7}: .5,
		{4, 5}: .5, {4, 6}: .25, {4, 7}: .25,
		{5, 6}: 0, {5, 7}: .5,
		{6, 7}: .125,
	}
}

func mustQuery(t testing.TB, cands, seeds []uint32) *Query {
	t.Helper()
	q, err := NewQuery(cands, seeds)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func mustMatrix(t testing.TB, q *Query, sim Similarity) *Matrix {
	t.Helper()
	m, err := NewMatrix(context.Background(), q, sim)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestHandExample(t *testing.T) {
	ctx := context.Background()
	sim := handExample()
	// Candidates given in shuffled order with a duplicate; seeds are among them.
	q := mustQuery(t, []uint32{7, 3, 0, 5, 2, 6, 4, 1, 3}, []uint32{1, 0})
	m := mustMatrix(t, q, sim)
	wantMin := Ranking{{2, .5}, {4, 1.25 / 3}, {5, 1.75 / 4}, {7, 1.25 / 5}, {3, 1.375 / 6}, {6, 1.375 / 7}}
	wantAvg := Ranking{{2, .5}, {3, .375}, {4, .375}, {6, .375}, {5, .25}, {7, .125}}
	for _, tc := range []struct {
		name string
		run  func(limit int) (Ranking, error)
		want Ranking
	}{
		{"minrank/sim", func(l int) (Ranking, error) { return MinRank(ctx, q, sim, l) }, wantMin},
		{"minrank/rowsim", func(l int) (Ranking, error) { return MinRank(ctx, q, rowPairSim{sim}, l) }, wantMin},
		{"minrank/matrix", func(l int) (Ranking, error) { return MinRankMatrix(ctx, m, l) }, wantMin},
		{"average/sim", func(l int) (Ranking, error) { return Average(ctx, q, sim, l) }, wantAvg},
		{"average/matrix", func(l int) (Ranking, error) { return AverageMatrix(ctx, m, l) }, wantAvg},
	} {
		for _, limit := range []int{0, 3, 6, 100} {
			got, err := tc.run(limit)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			want := tc.want[:limitOf(limit, len(tc.want))]
			if !rankingsClose(got, want, 1e-15) {
				t.Errorf("%s limit %d:\n got %v\nwant %v", tc.name, limit, got, want)
			}
		}
	}
}

func rankingsClose(a, b Ranking, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID || math.Abs(a[i].Score-b[i].Score) > tol {
			return false
		}
	}
	return true
}

// refMinRank is a literal transcription of the paper's definition with exact rational
// arithmetic: means, streaming update mu <- (n*mu + J)/(n+1), argmax with lower id on ties.
func refMinRank(items, seeds []uint32, sim func(a, b uint32) float64, limit int) []uint32 {
	isSeed := map[uint32]bool{}
	for _, s := range seeds {
		isSeed[s] = true
	}
	mu := map[uint32]*big.Rat{}
	var live []uint32
	for _, c := range items {
		if isSeed[c] {
			continue
		}
		sum := new(big.Rat)
		for _, s := range seeds {
			sum.Add(sum, new(big.Rat).SetFloat64(sim(s, c)))
		}
		mu[c] = sum.Quo(sum, big.NewRat(int64(len(seeds)), 1))
		live = append(live, c)
	}
	n := int64(len(seeds))
	var out []uint32
	for len(live) > 0 && len(out) < limit {
		bi := 0
		for i, c := range live {
			if cmp := mu[c].Cmp(mu[live[bi]]); cmp > 0 || (cmp == 0 && c < live[bi]) {
				bi = i
			}
		}
		nw := live[bi]
		out = append(out, nw)
		live = slices.Delete(live, bi, bi+1)
		for _, c := range live {
			x := new(big.Rat).Mul(big.NewRat(n, 1), mu[c])
			x.Add(x, new(big.Rat).SetFloat64(sim(nw, c)))
			mu[c] = x.Quo(x, big.NewRat(n+1, 1))
		}
		n++
	}
	return out
}

// randomDyadic returns a random symmetric similarity over ids 0..n-1 with values k/16, so that
// ties are frequent and every sum is exact.
func randomDyadic(n int, seed uint64) pairSim {
	rng := rand.New(rand.NewPCG(seed, 1))
	p := pairSim{}
	for a := 0; a < n; a++ {
		for b := a + 1; b < n; b++ {
			p[[2]uint32{uint32(a), uint32(b)}] = float64(rng.IntN(17)) / 16
		}
	}
	return p
}

func TestMinRankMatchesExactReference(t *testing.T) {
	ctx := context.Background()
	for trial := range 40 {
		n := 5 + trial
		sim := randomDyadic(n, uint64(trial))
		rng := rand.New(rand.NewPCG(uint64(trial), 2))
		items := make([]uint32, n)
		for i := range items {
			items[i] = uint32(i)
		}
		rng.Shuffle(n, func(i, j int) { items[i], items[j] = items[j], items[i] })
		seeds := slices.Clone(items[:1+trial%5])
		q := mustQuery(t, items, seeds)
		slices.Sort(seeds)
		want := refMinRank(q.Items(), seeds, sim.Sim, n)
		got, err := MinRank(ctx, q, sim, 0)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got.IDs(), want) {
			t.Fatalf("trial %d: minrank\n got %v\nwant %v", trial, got.IDs(), want)
		}
		gm, _ := MinRankMatrix(ctx, mustMatrix(t, q, sim), 0)
		if !rankingsClose(gm, got, 0) {
			t.Fatalf("trial %d: matrix and similarity paths differ", trial)
		}
	}
}

// refPPR is an independent straightforward transcription of the authors' PageRank: explicit
// column-normalised matrix, R starting at 1 everywhere, lost mass n - sum(R) onto the seeds.
func refPPR(items, seeds []uint32, sim func(a, b uint32) float64, iters int, beta float64, diag float64) []float64 {
	n := len(items)
	a := make([][]float64, n)
	for i := range a {
		a[i] = make([]float64, n)
		for j := range a[i] {
			if i == j {
				a[i][j] = diag
			} else {
				a[i][j] = sim(items[i], items[j])
			}
		}
	}
	for j := 0; j < n; j++ {
		s := 0.0
		for i := 0; i < n; i++ {
			s += a[i][j]
		}
		for i := 0; i < n && s > 0; i++ {
			a[i][j] /= s
		}
	}
	r := make([]float64, n)
	for i := range r {
		r[i] = 1
	}
	for range iters {
		nr := make([]float64, n)
		tot := 0.0
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				nr[i] += a[i][j] * r[j]
			}
			nr[i] *= beta
			tot += nr[i]
		}
		for _, s := range seeds {
			i, _ := slices.BinarySearch(items, s)
			nr[i] += (float64(n) - tot) / float64(len(seeds))
		}
		r = nr
	}
	for i := range r {
		r[i] /= float64(n) // the package starts from 1/n: same vector scaled
	}
	return r
}

func TestPPRTwoItemsByHand(t *testing.T) {
	// A = [[1, .5], [.5, 1]] -> columns / 1.5; R = (.5, .5); three steps give (.5695, .4305).
	q := mustQuery(t, []uint32{1}, []uint32{0})
	m := mustMatrix(t, q, pairSim{{0, 1}: .5})
	r, err := PPRVector(context.Background(), m, PPROptions{})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r[0]-.5695) > 1e-12 || math.Abs(r[1]-.4305) > 1e-12 {
		t.Fatalf("PPR = %v, want [0.5695 0.4305]", r)
	}
}

func TestPPRMatchesReference(t *testing.T) {
	ctx := context.Background()
	for trial := range 20 {
		n := 3 + 2*trial
		sim := randomDyadic(n, uint64(100+trial))
		items := make([]uint32, n)
		for i := range items {
			items[i] = uint32(i)
		}
		seeds := []uint32{uint32(trial % n), uint32((trial * 7) % n)}
		q := mustQuery(t, items, seeds)
		m := mustMatrix(t, q, sim)
		for _, opt := range []PPROptions{{}, {Iterations: 5, Beta: 0.8}, {ZeroDiagonal: true}} {
			opt2, _ := opt.resolved()
			diag := 1.0
			if opt.ZeroDiagonal {
				diag = 0
			}
			want := refPPR(q.Items(), q.Seeds(), sim.Sim, opt2.Iterations, opt2.Beta, diag)
			got, err := PPRVector(ctx, m, opt)
			if err != nil {
				t.Fatal(err)
			}
			sum := 0.0
			for i := range want {
				sum += got[i]
				if math.Abs(got[i]-want[i]) > 1e-12 {
					t.Fatalf("trial %d %+v: R[%d] = %v, want %v", trial, opt, i, got[i], want[i])
				}
			}
			if math.Abs(sum-1) > 1e-12 {
				t.Fatalf("trial %d: PPR sums to %v", trial, sum)
			}
		}
	}
}

func TestPPRSeedsInPaperVariantOnly(t *testing.T) {
	ctx := context.Background()
	sim := handExample()
	q := mustQuery(t, []uint32{2, 3, 4, 5, 6, 7}, []uint32{0, 1})
	m := mustMatrix(t, q, sim)
	paper, err := PPRPaper(ctx, m, PPROptions{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	fixed, err := PPR(ctx, m, PPROptions{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(paper) != 8 || len(fixed) != 6 {
		t.Fatalf("lengths %d and %d, want 8 and 6", len(paper), len(fixed))
	}
	r, _ := PPRVector(ctx, m, PPROptions{})
	// The seeds receive the re-injected mass: they lead the faithful ranking here.
	if got := paper.IDs()[:2]; !slices.Equal(got, []uint32{0, 1}) && !slices.Equal(got, []uint32{1, 0}) {
		t.Errorf("ppr-paper does not start with the seeds: %v", paper.IDs())
	}
	var rest Ranking
	for _, a := range paper {
		if a.ID > 1 {
			rest = append(rest, a)
		}
	}
	if !rankingsClose(rest, fixed, 0) {
		t.Errorf("ppr is not ppr-paper without the seeds:\n%v\n%v", rest, fixed)
	}
	for i := 1; i < len(paper); i++ {
		a, b := paper[i-1], paper[i]
		if a.Score < b.Score || (a.Score == b.Score && a.ID > b.ID) {
			t.Fatalf("ranking out of order at %d: %v", i, paper)
		}
	}
	for _, a := range paper {
		p, _ := q.Index(a.ID)
		if a.Score != r[p] {
			t.Fatalf("score of %d = %v, want %v", a.ID, a.Score, r[p])
		}
	}
}

func TestEdgeCases(t *testing.T) {
	ctx := context.Background()
	sim := handExample()
	if _, err := NewQuery([]uint32{1, 2}, nil); err == nil {
		t.Error("NewQuery without seeds: no error")
	}
	// Empty candidates: the query holds the seeds only.
	q := mustQuery(t, nil, []uint32{0, 1})
	m := mustMatrix(t, q, sim)
	for name, run := range map[string]func() (Ranking, error){
		"minrank": func() (Ranking, error) { return MinRank(ctx, q, sim, 10) },
		"average": func() (Ranking, error) { return Average(ctx, q, sim, 10) },
		"matrix":  func() (Ranking, error) { return MinRankMatrix(ctx, m, 10) },
		"ppr":     func() (Ranking, error) { return PPR(ctx, m, PPROptions{}, 10) },
	} {
		if r, err := run(); err != nil || len(r) != 0 {
			t.Errorf("%s on empty candidates: %v, %v", name, r, err)
		}
	}
	if r, err := PPRPaper(ctx, m, PPROptions{}, 10); err != nil || len(r) != 2 {
		t.Errorf("ppr-paper on seeds only: %v, %v (want the 2 seeds)", r, err)
	}
	// Seeds not among the candidates are added to the items.
	q = mustQuery(t, []uint32{2, 3, 4, 5, 6, 7}, []uint32{1, 0})
	if q.Len() != 8 || q.Candidates() != 6 || !q.IsSeed(0) || q.IsSeed(2) {
		t.Errorf("query items %v seeds %v", q.Items(), q.Seeds())
	}
	// Size larger than the candidates: every candidate, once.
	r, err := MinRank(ctx, q, sim, 1000)
	if err != nil || len(r) != 6 {
		t.Errorf("minrank limit 1000: %v, %v", r, err)
	}
	// Cancelled context.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := MinRank(cctx, q, sim, 0); err == nil {
		t.Error("minrank on a cancelled context: no error")
	}
	if _, err := NewMatrix(cctx, q, sim); err == nil {
		t.Error("NewMatrix on a cancelled context: no error")
	}
	if _, err := NewMatrixValues(q, make([]float32, 3)); err == nil {
		t.Error("NewMatrixValues with a wrong length: no error")
	}
	if _, err := PPRVector(ctx, m, PPROptions{Beta: 1.5}); err == nil {
		t.Error("beta 1.5: no error")
	}
	// Nil arguments are errors, not panics.
	if _, err := MinRank(ctx, nil, sim, 0); err == nil {
		t.Error("minrank on a nil query: no error")
	}
	if _, err := MinRankMatrix(ctx, nil, 0); err == nil {
		t.Error("minrank on a nil matrix: no error")
	}
	if _, err := PPR(ctx, nil, PPROptions{}, 0); err == nil {
		t.Error("ppr on a nil matrix: no error")
	}
	if _, err := NewMatrix(ctx, q, nil); err == nil {
		t.Error("matrix of a nil similarity: no error")
	}
	if _, err := NewPusher(nil).Run([]uint32{0}, PushOptions{}, 0); err == nil {
		t.Error("push on a nil graph: no error")
	}
	// NaN similarities never win, and never panic.
	nan := SimFunc(func(a, b uint32) float64 { return math.NaN() })
	if r, err := MinRank(ctx, q, nan, 0); err != nil || len(r) != 0 {
		t.Errorf("minrank on NaN similarities: %v, %v", r, err)
	}
	if r, err := Average(ctx, q, nan, 0); err != nil || len(r) != 6 {
		t.Errorf("average on NaN similarities: %v, %v", r, err)
	}
}

func TestRankDispatch(t *testing.T) {
	ctx := context.Background()
	sim := handExample()
	q := mustQuery(t, []uint32{2, 3, 4, 5, 6, 7}, []uint32{0, 1})
	m := mustMatrix(t, q, sim)
	for _, meth := range Methods() {
		parsed, err := ParseMethod(string(meth))
		if err != nil || parsed != meth {
			t.Fatalf("ParseMethod(%q) = %q, %v", meth, parsed, err)
		}
		if meth.UsesGraph() {
			if _, err := Rank(ctx, meth, Input{Query: q}, 0); err == nil {
				t.Errorf("%s without a graph: no error", meth)
			}
			continue
		}
		a, err := Rank(ctx, meth, Input{Query: q, Sim: sim}, 4)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Rank(ctx, meth, Input{Query: q, Matrix: m}, 4)
		if err != nil {
			t.Fatal(err)
		}
		if len(a) != 4 || !rankingsClose(a, b, 0) {
			t.Errorf("%s: similarity %v, matrix %v", meth, a, b)
		}
	}
	if _, err := ParseMethod("nope"); err == nil {
		t.Error("ParseMethod(nope): no error")
	}
	if _, err := Rank(ctx, MethodMinRank, Input{Query: q}, 0); err == nil {
		t.Error("minrank without a similarity: no error")
	}
}
