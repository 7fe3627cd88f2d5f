package datasets

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
)

// SBMParams are the parameters of a planted-partition stochastic block model: every pair of
// distinct vertices in the same block is joined with probability PIn, every pair in different
// blocks with probability POut, independently.
type SBMParams struct {
	// N vertices split into K blocks of sizes differing by at most one. Ignored when Sizes is set.
	N, K int
	// Sizes, when not empty, gives the block sizes explicitly (N becomes their sum).
	Sizes []int
	// PIn and POut are the edge probabilities inside and between blocks.
	PIn, POut float64
	// MeanDegree and Mu are the alternative to PIn and POut: when MeanDegree > 0 (and PIn and
	// POut are both zero) the probabilities are derived so that the expected mean degree is
	// MeanDegree and the expected fraction of edges between blocks is Mu.
	MeanDegree, Mu float64
	// Directed makes every ordered pair an independent candidate arc.
	Directed bool
	Seed     uint64
	// Progress receives the number of candidate-pair passes done out of the total (one per block
	// plus one for the pairs between blocks).
	Progress Progress
}

// SBMStats are the realised properties of a block-model graph next to the expected ones.
type SBMStats struct {
	GraphStats
	Communities  int     `json:"communities"`
	MinCommunity int     `json:"min_community"`
	MaxCommunity int     `json:"max_community"`
	PIn          float64 `json:"p_in"`
	POut         float64 `json:"p_out"`
	// ExpectedMeanDegree and ExpectedMu follow from the probabilities and block sizes.
	ExpectedMeanDegree float64 `json:"expected_mean_degree"`
	ExpectedMu         float64 `json:"expected_mu"`
	// Mu is the realised fraction of edges between blocks (= of edge endpoints leaving their
	// block); NodeMu the mean over non-isolated vertices of their own such fraction.
	Mu     float64 `json:"mu"`
	NodeMu float64 `json:"node_mu"`
}

// Summary returns a one-line description of the realised properties.
func (s *SBMStats) Summary() string {
	return fmt.Sprintf("sbm: %d vertices, %d edges, mean degree %.3f (expected %.3f), mu %.4f (expected %.4f), %d blocks of %d-%d",
		s.Vertices, s.Edges, s.MeanDegree, s.ExpectedMeanDegree, s.Mu, s.ExpectedMu, s.Communities, s.MinCommunity, s.MaxCommunity)
}

// genMemoryLimit bounds the memory a generator may plan to use: parameters that need more are
// refused with an error instead of crashing the process when allocation fails.
const genMemoryLimit = 16 << 30

// genCheckMemory refuses a plan that needs more than genMemoryLimit bytes.
func genCheckMemory(what string, bytes float64) error {
	if bytes > genMemoryLimit {
		return fmt.Errorf("%s: needs about %.1f GiB of memory, more than the %d GiB limit", what, bytes/(1<<30), genMemoryLimit>>30)
	}
	return nil
}

// forEachSize calls f(size, count) for the block sizes: Sizes, or N split into K near-equal
// blocks (two size classes), without materialising them.
func (p SBMParams) forEachSize(f func(size, count int)) {
	if len(p.Sizes) > 0 {
		for _, s := range p.Sizes {
			f(s, 1)
		}
		return
	}
	q, r := p.N/p.K, p.N%p.K
	if r > 0 {
		f(q+1, r)
	}
	if p.K-r > 0 && q > 0 {
		f(q, p.K-r)
	}
}

// sbmPlan is the validated plan of a block model.
type sbmPlan struct {
	n, k          int
	pin, pout     float64
	expIn, expOut float64 // expected edges inside and between blocks
}

// plan validates the parameters and derives the probabilities, in O(len(Sizes)) time and
// without allocating.
func (p SBMParams) plan() (sbmPlan, error) {
	var pl sbmPlan
	if len(p.Sizes) > 0 {
		for i, s := range p.Sizes {
			if s <= 0 {
				return pl, fmt.Errorf("sbm: sizes[%d] = %d, want > 0", i, s)
			}
			if pl.n += s; s >= 1<<31 || pl.n >= 1<<31 {
				return pl, fmt.Errorf("sbm: sizes sum to 2^31 or more vertices")
			}
		}
		pl.k = len(p.Sizes)
	} else {
		if p.N <= 0 || p.N >= 1<<31 {
			return pl, fmt.Errorf("sbm: n = %d, want 1 <= n < 2^31", p.N)
		}
		if p.K <= 0 || p.K > p.N {
			return pl, fmt.Errorf("sbm: k = %d, want 1 <= k <= n = %d", p.K, p.N)
		}
		pl.n, pl.k = p.N, p.K
	}
	n := float64(pl.n)
	// Vertex-weighted mean numbers of candidate partners inside and outside the block.
	var a, b float64
	p.forEachSize(func(s, count int) {
		a += float64(count) * float64(s) * float64(s-1) / n
		b += float64(count) * float64(s) * (n - float64(s)) / n
	})
	checkProb := func(name string, x float64) error {
		if !(x >= 0 && x <= 1) {
			return fmt.Errorf("sbm: %s = %v, want a probability in [0, 1]", name, x)
		}
		return nil
	}
	if p.MeanDegree != 0 || p.Mu != 0 {
		if p.PIn != 0 || p.POut != 0 {
			return pl, fmt.Errorf("sbm: give either pin and pout or deg and mu, not both")
		}
		if !(p.MeanDegree > 0) || math.IsInf(p.MeanDegree, 0) {
			return pl, fmt.Errorf("sbm: deg = %v, want > 0", p.MeanDegree)
		}
		if err := checkProb("mu", p.Mu); err != nil {
			return pl, err
		}
		in, out := (1-p.Mu)*p.MeanDegree, p.Mu*p.MeanDegree
		if in > 0 {
			if a == 0 {
				return pl, fmt.Errorf("sbm: mu = %v < 1 needs edges inside blocks, but every block has one vertex", p.Mu)
			}
			pl.pin = in / a
		}
		if out > 0 {
			if b == 0 {
				return pl, fmt.Errorf("sbm: mu = %v > 0 needs edges between blocks, but there is one block", p.Mu)
			}
			pl.pout = out / b
		}
		if pl.pin > 1 {
			return pl, fmt.Errorf("sbm: deg = %v with mu = %v needs p_in = %.4g > 1: blocks too small", p.MeanDegree, p.Mu, pl.pin)
		}
		if pl.pout > 1 {
			return pl, fmt.Errorf("sbm: deg = %v with mu = %v needs p_out = %.4g > 1", p.MeanDegree, p.Mu, pl.pout)
		}
	} else {
		if err := checkProb("pin", p.PIn); err != nil {
			return pl, err
		}
		if err := checkProb("pout", p.POut); err != nil {
			return pl, err
		}
		pl.pin, pl.pout = p.PIn, p.POut
	}
	// Expected edges: ordered pairs when directed, unordered otherwise.
	pl.expIn, pl.expOut = pl.pin*a*n, pl.pout*b*n
	if !p.Directed {
		pl.expIn /= 2
		pl.expOut /= 2
	}
	m := pl.expIn + pl.expOut
	if err := genCheckMemory("sbm", 40*m+40*n); err != nil {
		return pl, err
	}
	return pl, nil
}

// SBM generates a stochastic block model graph. Blocks are contiguous before a seeded random
// relabelling, so published ids carry no block information; the ground truth lists the blocks.
//
// It never visits non-edges one by one: candidate pairs are enumerated in a fixed linear order
// and the gaps between chosen pairs are drawn from the geometric distribution (Batagelj and
// Brandes 2005), so the time is O(N + K + M) and the memory O(N + M). Pairs between blocks are
// drawn by one pass over all pairs with probability POut, rejecting those inside a block.
func SBM(ctx context.Context, p SBMParams) (*Dataset, *SBMStats, error) {
	pl, err := p.plan()
	if err != nil {
		return nil, nil, err
	}
	n, pin, pout := pl.n, pl.pin, pl.pout
	sizes := make([]int, 0, pl.k)
	p.forEachSize(func(s, count int) {
		for range count {
			sizes = append(sizes, s)
		}
	})
	comm := make([]uint32, n)
	starts := make([]int, len(sizes))
	for c, pos := 0, 0; c < len(sizes); c++ {
		starts[c] = pos
		for i := 0; i < sizes[c]; i++ {
			comm[pos+i] = uint32(c)
		}
		pos += sizes[c]
	}
	perm := genRelabelling(p.Seed, n)
	r := genRand(p.Seed, streamSBM)
	expM := pl.expIn + pl.expOut
	pairs := make([]uint64, 0, int(expM+4*math.Sqrt(expM)+16))
	emit := func(u, v uint32) {
		pairs = append(pairs, uint64(perm[u])<<32|uint64(perm[v]))
	}
	total := int64(len(sizes) + 1)
	steps := 0
	for c, s := range sizes {
		if err := samplePairs(ctx, r, s, pin, p.Directed, &steps, func(v, w int) {
			emit(uint32(starts[c]+v), uint32(starts[c]+w))
		}); err != nil {
			return nil, nil, fmt.Errorf("sbm: %w", err)
		}
		p.Progress.Report(int64(c+1), total)
	}
	if len(sizes) > 1 {
		if err := samplePairs(ctx, r, n, pout, p.Directed, &steps, func(v, w int) {
			if comm[v] != comm[w] {
				emit(uint32(v), uint32(w))
			}
		}); err != nil {
			return nil, nil, fmt.Errorf("sbm: %w", err)
		}
	}
	p.Progress.Report(total, total)

	g := genGraphFromPairs(p.Directed, n, pairs)
	truth, err := genTruthFromLabels(n, len(sizes), comm, perm, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("sbm: %w", err)
	}
	st := &SBMStats{GraphStats: genGraphStats(g), Communities: len(sizes), PIn: pin, POut: pout}
	st.MinCommunity, st.MaxCommunity = genCommunityRange(sizes)
	st.ExpectedMeanDegree = expM / float64(n)
	if !p.Directed {
		st.ExpectedMeanDegree *= 2
	}
	if expM > 0 {
		st.ExpectedMu = pl.expOut / expM
	}
	st.Mu, st.NodeMu = genMixing(g, genPublishedLabels(comm, perm))
	return &Dataset{Graph: g, Truth: truth}, st, nil
}

// samplePairs calls emit(v, w) for every candidate pair on n vertices chosen independently with
// probability p: unordered pairs w < v when undirected, ordered pairs v != w when directed. It
// draws one geometric gap per chosen pair and checks ctx every ctxEvery chosen pairs (counted
// in *steps).
func samplePairs(ctx context.Context, r *rand.Rand, n int, p float64, directed bool, steps *int, emit func(v, w int)) error {
	if p <= 0 || n < 2 {
		return nil
	}
	lq := math.Log1p(-p)
	if p >= 1 {
		lq = math.Inf(-1)
	}
	nn := int64(n)
	if directed {
		total := nn * (nn - 1)
		for idx := genGeometricSkip(r, lq); idx < total; idx += 1 + genGeometricSkip(r, lq) {
			v, j := idx/(nn-1), idx%(nn-1)
			if j >= v {
				j++
			}
			emit(int(v), int(j))
			if *steps++; *steps%genCtxEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
		}
		return nil
	}
	// Unordered pairs (v, w), w < v, in row-major order: row v starts at v(v-1)/2.
	total := nn * (nn - 1) / 2
	v, rowStart := int64(1), int64(0)
	for idx := genGeometricSkip(r, lq); idx < total; idx += 1 + genGeometricSkip(r, lq) {
		for idx >= rowStart+v {
			rowStart += v
			v++
		}
		emit(int(v), int(idx-rowStart))
		if *steps++; *steps%genCtxEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
	return nil
}
