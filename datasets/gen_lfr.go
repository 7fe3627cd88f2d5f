package datasets

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// LFRParams are the parameters of the LFR benchmark (Lancichinetti, Fortunato and Radicchi,
// Phys. Rev. E 78, 046110, 2008): an undirected graph with power-law degrees, power-law
// community sizes and a mixing parameter, non-overlapping communities.
type LFRParams struct {
	// N is the number of vertices.
	N int
	// MeanDegree is the target average degree; MaxDegree the largest degree (< N).
	MeanDegree float64
	MaxDegree  int
	// Tau1 is the degree exponent (P(k) ∝ k^-Tau1, typically 2 to 3) and Tau2 the community-size
	// exponent (typically 1 to 2).
	Tau1, Tau2 float64
	// MinCommunity and MaxCommunity bound the community sizes.
	MinCommunity, MaxCommunity int
	// Mu is the mixing parameter: each vertex has about Mu of its edges outside its community.
	Mu   float64
	Seed uint64
	// Progress receives the number of communities wired out of the total (plus one for the
	// edges between communities).
	Progress Progress
}

// LFRStats are the realised properties of an LFR graph.
type LFRStats struct {
	GraphStats
	Communities  int `json:"communities"`
	MinCommunity int `json:"min_community"`
	MaxCommunity int `json:"max_community"`
	// MinDegreeCut is the solved lower cut-off x of the degree law: degrees floor(x)..MaxDegree,
	// the weight of floor(x) scaled by 1-(x-floor(x)), so that the expected mean is the target.
	MinDegreeCut     float64 `json:"min_degree_cut"`
	TargetMeanDegree float64 `json:"target_mean_degree"`
	TargetMu         float64 `json:"target_mu"`
	// Mu is the realised fraction of edges between communities (= of edge endpoints leaving
	// their community); NodeMu the mean over vertices of their own fraction (LFR's definition).
	Mu     float64 `json:"mu"`
	NodeMu float64 `json:"node_mu"`
	// DroppedEdges counts stub pairs that no rewiring could turn into a new simple edge
	// (each lowers two degrees by one).
	DroppedEdges int64 `json:"dropped_edges"`
	// CappedVertices counts vertices whose internal degree was lowered because no community
	// with room left was large enough to hold it.
	CappedVertices int `json:"capped_vertices"`
}

// Summary returns a one-line description of the realised properties.
func (s *LFRStats) Summary() string {
	return fmt.Sprintf("lfr: %d vertices, %d edges, mean degree %.3f (target %.3f), max degree %d, mu %.4f (target %.4f, per-vertex %.4f), %d communities of %d-%d, %d edges dropped, %d vertices capped",
		s.Vertices, s.Edges, s.MeanDegree, s.TargetMeanDegree, s.MaxDegree, s.Mu, s.TargetMu, s.NodeMu,
		s.Communities, s.MinCommunity, s.MaxCommunity, s.DroppedEdges, s.CappedVertices)
}

func (p LFRParams) validate() error {
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	switch {
	case p.N < 2 || p.N >= 1<<31:
		return fmt.Errorf("lfr: n = %d, want 2 <= n < 2^31", p.N)
	case p.MaxDegree < 1 || p.MaxDegree >= p.N:
		return fmt.Errorf("lfr: maxdeg = %d, want 1 <= maxdeg < n = %d", p.MaxDegree, p.N)
	case !(p.MeanDegree >= 1) || p.MeanDegree > float64(p.MaxDegree):
		return fmt.Errorf("lfr: deg = %v, want 1 <= deg <= maxdeg = %d", p.MeanDegree, p.MaxDegree)
	case !finite(p.Tau1) || p.Tau1 < 0:
		return fmt.Errorf("lfr: tau1 = %v, want a finite exponent >= 0", p.Tau1)
	case !finite(p.Tau2) || p.Tau2 < 0:
		return fmt.Errorf("lfr: tau2 = %v, want a finite exponent >= 0", p.Tau2)
	case !(p.Mu >= 0 && p.Mu <= 1):
		return fmt.Errorf("lfr: mu = %v, want 0 <= mu <= 1", p.Mu)
	case p.MinCommunity < 1:
		return fmt.Errorf("lfr: minc = %d, want >= 1", p.MinCommunity)
	case p.MinCommunity > p.MaxCommunity:
		return fmt.Errorf("lfr: minc = %d > maxc = %d", p.MinCommunity, p.MaxCommunity)
	case p.MaxCommunity > p.N:
		return fmt.Errorf("lfr: maxc = %d > n = %d", p.MaxCommunity, p.N)
	}
	if err := genCheckMemory("lfr", 64*float64(p.N)+48*float64(p.N)*p.MeanDegree); err != nil {
		return err
	}
	if need := int(math.Floor((1 - p.Mu) * float64(p.MaxDegree))); need > p.MaxCommunity-1 {
		return fmt.Errorf("lfr: maxc = %d too small: a vertex of degree maxdeg = %d has %d internal edges at mu = %v and needs a community of %d",
			p.MaxCommunity, p.MaxDegree, need, p.Mu, need+1)
	}
	return nil
}

// lfrDegreeCut solves for the lower cut-off x in [1, kmax] of the power law k^-tau on
// floor(x)..kmax (the weight of floor(x) scaled by 1-frac(x)) whose mean is target. The mean is
// continuous and increasing in x: at integer m it is B(m)/A(m) with the suffix sums
// A(m) = sum_{k>=m} k^-tau and B(m) = sum_{k>=m} k^(1-tau), and between m and m+1 it solves
// (B - f m^(1-tau)) / (A - f m^-tau) = target for f in closed form. O(kmax) time, O(1) memory.
func lfrDegreeCut(target float64, kmax int, tau float64) (float64, error) {
	if target >= float64(kmax) {
		return float64(kmax), nil
	}
	a, b := math.Pow(float64(kmax), -tau), math.Pow(float64(kmax), 1-tau)
	for m := kmax - 1; m >= 1; m-- {
		w := math.Pow(float64(m), -tau)
		a2, b2 := a+w, b+w*float64(m)
		if b2/a2 <= target {
			// target lies between the means at m and m+1.
			f := 0.0
			if target > float64(m) {
				f = (target*a2 - b2) / (w * (target - float64(m)))
			}
			return float64(m) + min(max(f, 0), 1-1e-12), nil
		}
		a, b = a2, b2
	}
	return 0, fmt.Errorf("lfr: deg = %v is below %.4g, the smallest mean of a power law with tau1 = %v up to maxdeg = %d", target, b/a, tau, kmax)
}

// lfrCommunitySizes draws community sizes from the power law s^-tau on minc..maxc until they
// cover n, then trims the overshoot by shrinking random communities (or, when they are all at
// minc, drops the last one and grows random others), so that the sizes sum to exactly n.
func lfrCommunitySizes(r *rand.Rand, n, minc, maxc int, tau float64) ([]int, error) {
	if n < minc {
		return nil, fmt.Errorf("lfr: n = %d is smaller than minc = %d", n, minc)
	}
	tab, err := powerLawTable(minc, maxc, tau)
	if err != nil {
		return nil, fmt.Errorf("lfr: community sizes: %w", err)
	}
	var sizes []int
	sum := 0
	for sum < n {
		s := minc + int(tab.sample(r))
		sizes = append(sizes, s)
		sum += s
	}
	// adjust moves units one at a time into (step = +1) or out of (step = -1) random communities
	// that stay within [minc, maxc].
	adjust := func(units, step int) bool {
		var open []int
		for i, s := range sizes {
			if (step < 0 && s > minc) || (step > 0 && s < maxc) {
				open = append(open, i)
			}
		}
		for ; units > 0; units-- {
			if len(open) == 0 {
				return false
			}
			j := r.IntN(len(open))
			c := open[j]
			sizes[c] += step
			if sizes[c] == minc || sizes[c] == maxc {
				open[j] = open[len(open)-1]
				open = open[:len(open)-1]
			}
		}
		return true
	}
	excess := sum - n
	if excess == 0 {
		return sizes, nil
	}
	saved := slices.Clone(sizes)
	if adjust(excess, -1) {
		return sizes, nil
	}
	sizes = saved[:len(saved)-1]
	deficit := n - (sum - saved[len(saved)-1])
	if len(sizes) > 0 && adjust(deficit, +1) {
		return sizes, nil
	}
	return nil, fmt.Errorf("lfr: n = %d cannot be split into communities of %d to %d vertices", n, minc, maxc)
}

// genFenwick is a binary indexed tree of non-negative counts.
type genFenwick []int

func newGenFenwick(counts []int) genFenwick {
	f := make(genFenwick, len(counts)+1)
	for i, c := range counts {
		f.add(i, c)
	}
	return f
}

func (f genFenwick) add(i, d int) {
	for i++; i < len(f); i += i & -i {
		f[i] += d
	}
}

// prefix returns the sum of counts[0:i].
func (f genFenwick) prefix(i int) int {
	s := 0
	for ; i > 0; i -= i & -i {
		s += f[i]
	}
	return s
}

// find returns the smallest i with prefix(i+1) > r, for 0 <= r < prefix(len).
func (f genFenwick) find(r int) int {
	pos := 0
	step := 1
	for step*2 < len(f) {
		step *= 2
	}
	for ; step > 0; step /= 2 {
		if pos+step < len(f) && f[pos+step] <= r {
			pos += step
			r -= f[pos]
		}
	}
	return pos
}

// rewireTries bounds the attempts to rewire one self-loop or repeated edge.
const rewireTries = 200

// wireStubs pairs a random shuffle of stubs (each vertex repeated once per edge end it needs)
// into edges appended to edges as undirectedKey values. Pairs that would be a self-loop, repeat
// an edge already in set, or (when comm is not nil) join two vertices of the same community are
// rewired: with a random edge {x, y} wired earlier in this call, {u, v} and {x, y} become
// {u, x} and {v, y}, which keeps every degree. A pair that cannot be rewired in rewireTries
// attempts is dropped and counted. set receives every edge created (a superset of edges, since
// rewired edges stay in it; that only makes later checks stricter).
func wireStubs(r *rand.Rand, stubs []uint32, set *genPairSet, edges []uint64, comm []uint32, bad []uint64) ([]uint64, []uint64, int64) {
	for i := len(stubs) - 1; i > 0; i-- {
		j := r.IntN(i + 1)
		stubs[i], stubs[j] = stubs[j], stubs[i]
	}
	start := len(edges)
	bad = bad[:0]
	for i := 0; i+1 < len(stubs); i += 2 {
		u, v := stubs[i], stubs[i+1]
		if u != v && (comm == nil || comm[u] != comm[v]) && set.add(genPairKey(u, v)) {
			edges = append(edges, genPairKey(u, v))
		} else {
			bad = append(bad, uint64(u)<<32|uint64(v))
		}
	}
	var dropped int64
	for _, b := range bad {
		u, v := uint32(b>>32), uint32(b)
		done := false
		for try := 0; try < rewireTries && len(edges) > start; try++ {
			j := start + r.IntN(len(edges)-start)
			x, y := uint32(edges[j]>>32), uint32(edges[j])
			if r.Uint64()&1 == 0 {
				x, y = y, x
			}
			if u == x || v == y || (comm != nil && (comm[u] == comm[x] || comm[v] == comm[y])) {
				continue
			}
			k1, k2 := genPairKey(u, x), genPairKey(v, y)
			if k1 == k2 || set.has(k1) || set.has(k2) {
				continue
			}
			set.add(k1)
			set.add(k2)
			edges[j] = k1
			edges = append(edges, k2)
			done = true
			break
		}
		if !done {
			dropped++
		}
	}
	return edges, bad, dropped
}

// LFR generates an LFR benchmark graph:
//
//  1. degrees from the power law k^-Tau1 on [x, MaxDegree], the lower cut x solved so that the
//     expected mean is MeanDegree (their sum made even);
//  2. community sizes from the power law s^-Tau2 on [MinCommunity, MaxCommunity], summing to N;
//  3. each vertex gets the internal degree (1-Mu)k rounded at random (so its expectation is
//     exact); vertices in decreasing internal degree take a random free place among the
//     communities of at least internal degree + 1 vertices;
//  4. each community is wired by a configuration model on the internal stubs, and the external
//     stubs by one configuration model across communities; self-loops, multi-edges and external
//     pairs inside one community are rewired by degree-preserving swaps, the rare leftovers
//     dropped (DroppedEdges).
//
// Vertex ids are relabelled by a seeded permutation. It runs in O(N log N + M) expected time.
func LFR(ctx context.Context, p LFRParams) (*Dataset, *LFRStats, error) {
	if err := p.validate(); err != nil {
		return nil, nil, err
	}
	n := p.N
	r := genRand(p.Seed, streamLFR)
	cut, err := lfrDegreeCut(p.MeanDegree, p.MaxDegree, p.Tau1)
	if err != nil {
		return nil, nil, err
	}
	lo := int(math.Floor(cut))
	w := make([]float64, p.MaxDegree-lo+1)
	for i := range w {
		w[i] = math.Pow(float64(lo+i), -p.Tau1)
	}
	w[0] *= 1 - (cut - float64(lo))
	if lo == p.MaxDegree {
		w[0] = 1
	}
	degTab, err := newGenAliasTable(w)
	if err != nil {
		return nil, nil, fmt.Errorf("lfr: degrees: %w", err)
	}
	deg := make([]int32, n)
	sum := 0
	for i := range deg {
		deg[i] = int32(lo + int(degTab.sample(r)))
		sum += int(deg[i])
	}
	if sum%2 == 1 {
		i := r.IntN(n)
		if int(deg[i]) < p.MaxDegree {
			deg[i]++
		} else {
			deg[i]--
		}
	}
	sizes, err := lfrCommunitySizes(r, n, p.MinCommunity, p.MaxCommunity, p.Tau2)
	if err != nil {
		return nil, nil, err
	}
	if err := genCheckCtx(ctx, "lfr"); err != nil {
		return nil, nil, err
	}

	// Internal degrees, rounded at random.
	kin := make([]int32, n)
	for i, k := range deg {
		x := (1 - p.Mu) * float64(k)
		f := math.Floor(x)
		kin[i] = int32(f)
		if r.Float64() < x-f {
			kin[i]++
		}
	}
	// Assignment to communities.
	order := make([]int, len(sizes)) // communities by decreasing size
	for c := range order {
		order[c] = c
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(sizes[b], sizes[a]) })
	free := make([]int, len(sizes))
	for i, c := range order {
		free[i] = sizes[c]
	}
	fen := newGenFenwick(free)
	byKin := make([]uint32, n)
	for i := range byKin {
		byKin[i] = uint32(i)
	}
	slices.SortStableFunc(byKin, func(a, b uint32) int { return cmp.Compare(kin[b], kin[a]) })
	comm := make([]uint32, n)
	capped := 0
	eligible := 0
	for _, v := range byKin {
		for eligible < len(order) && int32(sizes[order[eligible]]-1) >= kin[v] {
			eligible++
		}
		var pos int
		if room := fen.prefix(eligible); room > 0 {
			pos = fen.find(r.IntN(room))
		} else {
			pos = fen.find(0) // the largest community with room: too small for kin[v]
			kin[v] = int32(sizes[order[pos]] - 1)
			capped++
		}
		fen.add(pos, -1)
		comm[v] = uint32(order[pos])
	}
	kout := make([]int32, n)
	for i := range kout {
		kout[i] = deg[i] - kin[i]
	}
	// Members of each community (counting sort), and parity of internal stubs.
	moff := make([]int, len(sizes)+1)
	for _, c := range comm {
		moff[c+1]++
	}
	for c := range sizes {
		moff[c+1] += moff[c]
	}
	members := make([]uint32, n)
	pos := slices.Clone(moff[:len(sizes)])
	for v, c := range comm {
		members[pos[c]] = uint32(v)
		pos[c]++
	}
	for c := range sizes {
		ms := members[moff[c]:moff[c+1]]
		s := 0
		for _, v := range ms {
			s += int(kin[v])
		}
		if s%2 == 0 {
			continue
		}
		// Move one stub between the internal and external sides of a random member.
		off := r.IntN(len(ms))
		fixed := false
		for j := range ms {
			v := ms[(off+j)%len(ms)]
			if kout[v] > 0 && int(kin[v]) < len(ms)-1 {
				kin[v]++
				kout[v]--
				fixed = true
				break
			}
		}
		for j := 0; !fixed && j < len(ms); j++ {
			v := ms[(off+j)%len(ms)]
			if kin[v] > 0 {
				kin[v]--
				kout[v]++
				fixed = true
			}
		}
	}

	set := newGenPairSet(sum / 2)
	edges := make([]uint64, 0, sum/2+16)
	var stubs []uint32
	var bad []uint64
	var dropped int64
	for c := range sizes {
		stubs = stubs[:0]
		for _, v := range members[moff[c]:moff[c+1]] {
			for range kin[v] {
				stubs = append(stubs, v)
			}
		}
		var d int64
		edges, bad, d = wireStubs(r, stubs, set, edges, nil, bad)
		dropped += d
		p.Progress.Report(int64(c+1), int64(len(sizes)+1))
		if c%64 == 0 {
			if err := genCheckCtx(ctx, "lfr"); err != nil {
				return nil, nil, err
			}
		}
	}
	stubs = stubs[:0]
	for v := range kout {
		for range kout[v] {
			stubs = append(stubs, uint32(v))
		}
	}
	var d int64
	edges, _, d = wireStubs(r, stubs, set, edges, comm, bad)
	dropped += d
	p.Progress.Report(int64(len(sizes)+1), int64(len(sizes)+1))
	if err := genCheckCtx(ctx, "lfr"); err != nil {
		return nil, nil, err
	}

	perm := genRelabelling(p.Seed, n)
	for i, e := range edges {
		edges[i] = uint64(perm[e>>32])<<32 | uint64(perm[uint32(e)])
	}
	g := genGraphFromPairs(false, n, edges)
	truth, err := genTruthFromLabels(n, len(sizes), comm, perm, nil)
	if err != nil {
		return nil, nil, fmt.Errorf("lfr: %w", err)
	}
	st := &LFRStats{GraphStats: genGraphStats(g), Communities: len(sizes), MinDegreeCut: cut,
		TargetMeanDegree: p.MeanDegree, TargetMu: p.Mu, DroppedEdges: dropped, CappedVertices: capped}
	st.MinCommunity, st.MaxCommunity = genCommunityRange(sizes)
	st.Mu, st.NodeMu = genMixing(g, genPublishedLabels(comm, perm))
	return &Dataset{Graph: g, Truth: truth}, st, nil
}
