package datasets

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// PlantedSetsParams are the parameters of a random set collection with planted clusters of
// near-duplicate sets whose pairwise Jaccard similarity is known exactly.
type PlantedSetsParams struct {
	// Sets is the total number of sets, cluster members included.
	Sets int
	// Universe is the number of distinct elements; elements are 0..Universe-1.
	Universe int
	// MinSize and MaxSize bound the set sizes (1 <= MinSize <= MaxSize <= Universe).
	MinSize, MaxSize int
	// SizeExponent selects the size law: 0 draws sizes uniformly from [MinSize, MaxSize], a
	// positive value from P(s) ∝ s^-SizeExponent on that range.
	SizeExponent float64
	// Clusters clusters of ClusterSize (>= 2) members each are planted.
	Clusters, ClusterSize int
	// Jaccard is the target similarity between any two members of a cluster, in [0, 1].
	Jaccard float64
	Seed    uint64
	// Progress receives the number of sets drawn out of Sets.
	Progress Progress
}

// PlantedSetsStats are the realised properties of a planted set collection.
type PlantedSetsStats struct {
	Sets     int     `json:"sets"`
	Universe int     `json:"universe"`
	Elements int     `json:"elements"`
	MeanSize float64 `json:"mean_size"`
	MinSize  int     `json:"min_size"`
	MaxSize  int     `json:"max_size"`
	// Clusters and ClusterSize repeat the planted structure.
	Clusters    int `json:"clusters"`
	ClusterSize int `json:"cluster_size"`
	// TargetJaccard is the requested similarity; MinJaccard and MaxJaccard the range of the
	// exact similarities achieved (each cluster's is in its ground-truth name, "J=c/u"); both 0
	// when there are no clusters.
	TargetJaccard   float64 `json:"target_jaccard"`
	MinJaccard      float64 `json:"min_jaccard"`
	MaxJaccard      float64 `json:"max_jaccard"`
	MaxJaccardError float64 `json:"max_jaccard_error"`
}

// Summary returns a one-line description of the realised properties.
func (s *PlantedSetsStats) Summary() string {
	return fmt.Sprintf("sets: %d sets over %d elements, sizes %d-%d (mean %.2f), %d clusters of %d with exact Jaccard %.6g-%.6g (target %.6g, max error %.3g)",
		s.Sets, s.Universe, s.MinSize, s.MaxSize, s.MeanSize, s.Clusters, s.ClusterSize, s.MinJaccard, s.MaxJaccard,
		s.TargetJaccard, s.MaxJaccardError)
}

func (p PlantedSetsParams) validate() error {
	switch {
	case p.Sets < 1 || p.Sets >= 1<<31:
		return fmt.Errorf("sets: n = %d, want 1 <= n < 2^31", p.Sets)
	case p.Universe < 1 || p.Universe > 1<<31:
		return fmt.Errorf("sets: universe = %d, want 1 <= universe <= 2^31", p.Universe)
	case p.MinSize < 1:
		return fmt.Errorf("sets: minsize = %d, want >= 1", p.MinSize)
	case p.MinSize > p.MaxSize:
		return fmt.Errorf("sets: minsize = %d > maxsize = %d", p.MinSize, p.MaxSize)
	case p.MaxSize > p.Universe:
		return fmt.Errorf("sets: maxsize = %d > universe = %d", p.MaxSize, p.Universe)
	case !(p.SizeExponent >= 0) || math.IsInf(p.SizeExponent, 0):
		return fmt.Errorf("sets: sizeexp = %v, want a finite exponent >= 0", p.SizeExponent)
	case p.Clusters < 0:
		return fmt.Errorf("sets: clusters = %d, want >= 0", p.Clusters)
	case p.Clusters > 0 && p.ClusterSize < 2:
		return fmt.Errorf("sets: clustersize = %d, want >= 2", p.ClusterSize)
	case p.Clusters > 0 && p.ClusterSize > p.Sets/p.Clusters:
		return fmt.Errorf("sets: clusters x clustersize = %d x %d exceeds n = %d", p.Clusters, p.ClusterSize, p.Sets)
	case !(p.Jaccard >= 0 && p.Jaccard <= 1):
		return fmt.Errorf("sets: j = %v, want 0 <= j <= 1", p.Jaccard)
	}
	// Planted members may grow to 1.5 times the size drawn.
	return genCheckMemory("sets", 4*float64(p.Universe)+16*float64(p.Sets)+6*float64(p.Sets)*float64(p.MaxSize))
}

// clusterShape is the construction of one cluster: every member is the shared core of Core
// elements plus Private elements of its own, all distinct, so any two members have
// |A ∩ B| = Core and |A ∪ B| = Core + 2 Private.
type clusterShape struct{ Core, Private int }

// Jaccard returns the exact similarity between two members as a fraction num/den.
func (c clusterShape) Jaccard() (num, den int) { return c.Core, c.Core + 2*c.Private }

func (c clusterShape) j() float64 {
	num, den := c.Jaccard()
	return float64(num) / float64(den)
}

// jaccardTolerance is how close to the target a cluster's exact Jaccard similarity must be
// for plantCluster to stop moving the member size away from the size drawn.
const jaccardTolerance = 0.005

// plantCluster chooses the member size s and the core c for a cluster of m sets. Candidate sizes
// are visited outwards from the size s0 drawn (s0, s0+1, s0-1, s0+2, ...) within [lo, hi]; for
// each, the core c is the floor or ceiling of 2sJ/(1+J). It takes the nearest s giving exactly J
// if one lies within max(8, s0/4) of s0; otherwise the nearest s (at most 2*s0+64 away) whose
// c/(2s-c) is within jaccardTolerance of J; otherwise the best seen. Shapes that need more than
// universe distinct elements (c + m(s-c)) are skipped.
func plantCluster(s0, lo, hi, m, universe int, target float64) (clusterShape, bool) {
	best, found := clusterShape{}, false
	bestErr := math.Inf(1)
	try := func(s int, tol float64) bool {
		if s < lo || s > hi {
			return false
		}
		x := 2 * float64(s) * target / (1 + target)
		for _, c := range [2]int{int(math.Floor(x)), int(math.Ceil(x))} {
			c = min(max(c, 0), s)
			sh := clusterShape{Core: c, Private: s - c}
			if c+m*(s-c) > universe {
				continue
			}
			if e := math.Abs(sh.j() - target); !found || e < bestErr {
				best, bestErr, found = sh, e, true
			}
		}
		return found && bestErr <= tol
	}
	for _, pass := range []struct {
		radius int
		tol    float64
	}{{max(8, s0/4), 1e-12}, {2*s0 + 64, jaccardTolerance}} {
		for d := 0; d <= pass.radius && (s0-d >= lo || s0+d <= hi); d++ {
			if try(s0+d, pass.tol) || (d > 0 && try(s0-d, pass.tol)) {
				return best, true
			}
		}
	}
	return best, found
}

// genFloydSample appends k distinct uniform elements of [0, universe) to dst (Floyd's algorithm,
// O(k) draws); stamp has universe entries and tag must differ from every value in it that
// matters (use a fresh tag per call).
func genFloydSample(r *rand.Rand, k, universe int, stamp []uint32, tag uint32, dst []uint32) []uint32 {
	for j := universe - k; j < universe; j++ {
		t := r.IntN(j + 1)
		if stamp[t] == tag {
			t = j
		}
		stamp[t] = tag
		dst = append(dst, uint32(t))
	}
	return dst
}

// PlantedSets generates a random set collection with planted clusters of exactly known Jaccard
// similarity.
//
// Construction of a cluster of m members: a member size is drawn from the size law and moved to
// a nearby size s whose best core size c (2sJ/(1+J) rounded) gives c/(2s-c) equal to the target
// J, or else within jaccardTolerance of it (see plantCluster); then c + m(s-c) distinct elements are drawn uniformly from the universe, shuffled,
// and split into a core of c elements shared by every member and m private parts of s-c
// elements. Any two members intersect in the core and nothing else, so their Jaccard similarity
// is exactly c/(c + 2(s-c)): the ground truth names each cluster "J=c/(c+2p)". Sets outside the
// clusters are uniform random sets with sizes from the size law; they may overlap a cluster
// member by chance, never changing the similarity between members.
//
// Set order is a seeded random permutation; Collection set i is line i+1 of WriteSets, and
// SetIDs are those 1-based line numbers. Memory: O(Universe + total elements).
func PlantedSets(ctx context.Context, p PlantedSetsParams) (*Dataset, *PlantedSetsStats, error) {
	if err := p.validate(); err != nil {
		return nil, nil, err
	}
	r := genRand(p.Seed, streamSets)
	var sizeTab genAliasTable
	if p.SizeExponent > 0 {
		var err error
		if sizeTab, err = powerLawTable(p.MinSize, p.MaxSize, p.SizeExponent); err != nil {
			return nil, nil, fmt.Errorf("sets: sizes: %w", err)
		}
	}
	drawSize := func() int {
		if p.SizeExponent > 0 {
			return p.MinSize + int(sizeTab.sample(r))
		}
		return p.MinSize + r.IntN(p.MaxSize-p.MinSize+1)
	}
	n, m := p.Sets, p.ClusterSize
	planted := p.Clusters * m
	// Internal order: cluster members first (cluster k owns planted sets k*m..k*m+m-1).
	sizes := make([]int, n)
	shapes := make([]clusterShape, p.Clusters)
	for k := range shapes {
		s0 := drawSize()
		sh, ok := plantCluster(s0, p.MinSize, p.MaxSize, m, p.Universe, p.Jaccard)
		if !ok {
			return nil, nil, fmt.Errorf("sets: universe = %d too small for a cluster of %d sets of size about %d with j = %v", p.Universe, m, s0, p.Jaccard)
		}
		shapes[k] = sh
		for i := 0; i < m; i++ {
			sizes[k*m+i] = sh.Core + sh.Private
		}
	}
	for i := planted; i < n; i++ {
		sizes[i] = drawSize()
	}
	perm := genPermutation(r, n) // internal set i is published at perm[i]
	off := make([]int, n+1)
	for i, s := range sizes {
		off[perm[i]+1] = s
	}
	for i := 0; i < n; i++ {
		off[i+1] += off[i]
	}
	elems := make([]uint32, off[n])
	stamp := make([]uint32, p.Universe)
	tag := uint32(0)
	var scratch []uint32
	members := make([][]uint32, p.Clusters)
	names := make([]string, p.Clusters)
	st := &PlantedSetsStats{Sets: n, Universe: p.Universe, Elements: off[n], Clusters: p.Clusters, ClusterSize: m,
		TargetJaccard: p.Jaccard}
	if p.Clusters > 0 {
		st.MinJaccard, st.MaxJaccard = 1, 0
	}
	for k, sh := range shapes {
		tag++
		scratch = genFloydSample(r, sh.Core+m*sh.Private, p.Universe, stamp, tag, scratch[:0])
		for i := len(scratch) - 1; i > 0; i-- {
			j := r.IntN(i + 1)
			scratch[i], scratch[j] = scratch[j], scratch[i]
		}
		core := scratch[:sh.Core]
		members[k] = make([]uint32, m)
		for i := 0; i < m; i++ {
			pub := perm[k*m+i]
			members[k][i] = pub
			dst := elems[off[pub]:off[pub+1]]
			copy(dst, core)
			copy(dst[sh.Core:], scratch[sh.Core+i*sh.Private:sh.Core+(i+1)*sh.Private])
			slices.Sort(dst)
		}
		num, den := sh.Jaccard()
		names[k] = fmt.Sprintf("J=%d/%d", num, den)
		j := sh.j()
		st.MinJaccard, st.MaxJaccard = min(st.MinJaccard, j), max(st.MaxJaccard, j)
		st.MaxJaccardError = max(st.MaxJaccardError, math.Abs(j-p.Jaccard))
	}
	for i := planted; i < n; i++ {
		tag++
		pub := perm[i]
		dst := elems[off[pub]:off[pub]]
		dst = genFloydSample(r, sizes[i], p.Universe, stamp, tag, dst)
		slices.Sort(dst)
		if i%4096 == 4095 {
			p.Progress.Report(int64(i+1), int64(n))
			if err := genCheckCtx(ctx, "sets"); err != nil {
				return nil, nil, err
			}
		}
	}
	p.Progress.Report(int64(n), int64(n))
	coll := &Sets{Offsets: off, Elems: elems, Universe: p.Universe}
	truth, err := NewGroundTruth(n, members, names)
	if err != nil {
		return nil, nil, fmt.Errorf("sets: %w", err)
	}
	lines := make([]int64, n)
	for i := range lines {
		lines[i] = int64(i + 1)
	}
	ids, err := IntIDs(lines)
	if err != nil {
		return nil, nil, fmt.Errorf("sets: %w", err)
	}
	sz := coll.Sizes()
	st.MinSize, st.MaxSize, st.MeanSize = sz.Min, sz.Max, sz.Mean
	return &Dataset{Collection: coll, Truth: truth, SetIDs: ids}, st, nil
}
