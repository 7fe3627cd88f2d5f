package datasets

// Shared machinery of the synthetic generators (gen_*.go): seeded random streams, random
// relabelling, geometric skipping, alias tables, discrete power laws, a flat hash set of vertex
// pairs and the realised-property summaries. Unexported helpers carry a gen prefix so that they
// do not collide with the rest of the package.
//
// Every generator is a pure function of its parameters: the same parameters (seed included) give
// the same output, byte for byte, on every machine and for any number of goroutines.

import (
	"context"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
)

// Random stream identifiers, one per generator, so that equal seeds of different generators do
// not produce correlated streams.
const (
	streamSBM      = 0x53424d0000000001
	streamLFR      = 0x4c46520000000002
	streamPowerLaw = 0x504c570000000003
	streamStars    = 0x5354520000000004
	streamSets     = 0x5345540000000005
	streamRelabel  = 0x524c420000000006
)

// genRand returns a PCG generator seeded with (seed, stream).
func genRand(seed, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stream))
}

// genPermutation returns a uniformly random permutation of 0..n-1 (Fisher-Yates).
func genPermutation(r *rand.Rand, n int) []uint32 {
	p := make([]uint32, n)
	for i := range p {
		p[i] = uint32(i)
	}
	for i := n - 1; i > 0; i-- {
		j := r.IntN(i + 1)
		p[i], p[j] = p[j], p[i]
	}
	return p
}

// genRelabelling returns the seeded permutation that maps a generator's internal vertex ids (in
// which communities are contiguous ranges) to the ids it publishes.
func genRelabelling(seed uint64, n int) []uint32 {
	return genPermutation(genRand(seed, streamRelabel), n)
}

// genGeometricSkip returns the number of failures before the first success in independent
// Bernoulli(p) trials, given lq = log1p(-p) (lq = -Inf for p = 1 gives 0). It is capped at 2^62.
func genGeometricSkip(r *rand.Rand, lq float64) int64 {
	x := math.Log1p(-r.Float64()) / lq
	if x >= 1<<62 {
		return 1 << 62
	}
	return int64(x)
}

// genAliasTable samples index i with probability w[i]/sum(w) in O(1) with one 64-bit draw
// (Walker's alias method, Vose's construction).
type genAliasTable struct {
	cut   []uint64 // keep i when the fractional draw is below cut[i]
	alias []uint32
}

// newGenAliasTable builds the table of the non-negative weights w, which must have a positive sum
// and fewer than 2^32 entries.
func newGenAliasTable(w []float64) (genAliasTable, error) {
	n := len(w)
	if n == 0 || n >= 1<<32 {
		return genAliasTable{}, fmt.Errorf("alias table: %d weights", n)
	}
	sum := 0.0
	for i, x := range w {
		if !(x >= 0) || math.IsInf(x, 0) {
			return genAliasTable{}, fmt.Errorf("alias table: weight %d is %v", i, x)
		}
		sum += x
	}
	if !(sum > 0) || math.IsInf(sum, 0) {
		return genAliasTable{}, fmt.Errorf("alias table: weights sum to %v", sum)
	}
	scaled := make([]float64, n)
	small := make([]uint32, 0, n)
	large := make([]uint32, 0, n)
	for i, x := range w {
		scaled[i] = x * float64(n) / sum
		if scaled[i] < 1 {
			small = append(small, uint32(i))
		} else {
			large = append(large, uint32(i))
		}
	}
	t := genAliasTable{cut: make([]uint64, n), alias: make([]uint32, n)}
	for len(small) > 0 && len(large) > 0 {
		s := small[len(small)-1]
		small = small[:len(small)-1]
		l := large[len(large)-1]
		t.cut[s] = genProbToCut(scaled[s])
		t.alias[s] = l
		scaled[l] -= 1 - scaled[s]
		if scaled[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	// What is left has probability 1 up to rounding.
	for _, i := range large {
		t.cut[i] = math.MaxUint64
		t.alias[i] = i
	}
	for _, i := range small {
		t.cut[i] = math.MaxUint64
		t.alias[i] = i
	}
	return t, nil
}

func genProbToCut(p float64) uint64 {
	if p <= 0 {
		return 0
	}
	x := p * (1 << 64)
	if x >= 1<<64 {
		return math.MaxUint64
	}
	return uint64(x)
}

// sample draws one index. The high word of r*n picks the column, the low word (uniform up to a
// bias of n/2^64) decides between it and its alias.
func (t *genAliasTable) sample(r *rand.Rand) uint32 {
	hi, lo := bits.Mul64(r.Uint64(), uint64(len(t.cut)))
	if lo < t.cut[hi] {
		return uint32(hi)
	}
	return t.alias[hi]
}

// powerLawTable returns the alias table of the discrete power law P(k) ∝ k^-tau on lo..hi
// (index i stands for k = lo+i).
func powerLawTable(lo, hi int, tau float64) (genAliasTable, error) {
	w := make([]float64, hi-lo+1)
	for i := range w {
		w[i] = math.Pow(float64(lo+i), -tau)
	}
	return newGenAliasTable(w)
}

// genPairSet is an open-addressing hash set of vertex pairs packed as u<<32|v; it never holds
// genEmptyPair. It grows to keep the load factor at most 1/2.
type genPairSet struct {
	slots []uint64
	shift uint
	count int
}

const genEmptyPair = math.MaxUint64

func newGenPairSet(expected int) *genPairSet {
	s := &genPairSet{}
	s.alloc(max(16, 2*expected))
	return s
}

func (s *genPairSet) alloc(want int) {
	size := 16
	for size < want {
		size <<= 1
	}
	s.slots = make([]uint64, size)
	for i := range s.slots {
		s.slots[i] = genEmptyPair
	}
	s.shift = uint(64 - bits.TrailingZeros(uint(size)))
	s.count = 0
}

func (s *genPairSet) slot(k uint64) int { return int((k * 0x9E3779B97F4A7C15) >> s.shift) }

// has reports whether k is in the set.
func (s *genPairSet) has(k uint64) bool {
	mask := len(s.slots) - 1
	for i := s.slot(k); ; i = (i + 1) & mask {
		switch s.slots[i] {
		case k:
			return true
		case genEmptyPair:
			return false
		}
	}
}

// add inserts k and reports whether it was absent.
func (s *genPairSet) add(k uint64) bool {
	if 2*(s.count+1) > len(s.slots) {
		old := s.slots
		s.alloc(2 * len(old))
		for _, x := range old {
			if x != genEmptyPair {
				s.add(x)
			}
		}
	}
	mask := len(s.slots) - 1
	for i := s.slot(k); ; i = (i + 1) & mask {
		switch s.slots[i] {
		case k:
			return false
		case genEmptyPair:
			s.slots[i] = k
			s.count++
			return true
		}
	}
}

// genPairKey packs the unordered pair {u, v} as min<<32|max.
func genPairKey(u, v uint32) uint64 {
	if u > v {
		u, v = v, u
	}
	return uint64(u)<<32 | uint64(v)
}

// genGraphFromPairs builds a graph on n vertices with identity ids from packed src<<32|dst pairs
// (which it reorders), dropping self-loops and merging duplicates.
func genGraphFromPairs(directed bool, n int, pairs []uint64) *Graph {
	b := &GraphBuilder{directed: directed, loops: DropSelfLoops, read: int64(len(pairs))}
	return b.fromPairs(pairs, n, IdentityIDs(n))
}

// genCtxEvery is how many inner-loop steps the generators run between two context checks.
const genCtxEvery = 1 << 16

// GraphStats are the realised basic properties of a generated graph.
type GraphStats struct {
	Vertices int   `json:"vertices"`
	Edges    int64 `json:"edges"`
	Directed bool  `json:"directed"`
	// MeanDegree is 2M/N for an undirected graph and M/N (the mean out-degree, equal to the mean
	// in-degree) for a directed one.
	MeanDegree float64 `json:"mean_degree"`
	// MaxDegree is the largest degree (undirected) or the largest in-degree plus out-degree.
	MaxDegree int `json:"max_degree"`
	// MaxInDegree and MaxOutDegree are set for directed graphs.
	MaxInDegree  int `json:"max_in_degree,omitempty"`
	MaxOutDegree int `json:"max_out_degree,omitempty"`
	// Isolated counts vertices without any edge.
	Isolated int `json:"isolated"`
}

func genGraphStats(g *Graph) GraphStats {
	st := GraphStats{Vertices: g.N(), Edges: g.NumEdges(), Directed: g.Directed()}
	if st.Vertices > 0 {
		st.MeanDegree = float64(st.Edges) / float64(st.Vertices)
		if !st.Directed {
			st.MeanDegree *= 2
		}
	}
	for v := uint32(0); int(v) < g.N(); v++ {
		in, out := g.InDegree(v), g.OutDegree(v)
		d := out
		if st.Directed {
			d += in
			st.MaxInDegree = max(st.MaxInDegree, in)
			st.MaxOutDegree = max(st.MaxOutDegree, out)
		}
		st.MaxDegree = max(st.MaxDegree, d)
		if d == 0 {
			st.Isolated++
		}
	}
	return st
}

// genMixing returns the fraction of edges whose endpoints lie in different communities
// (comm[v] is v's community), and the mean over non-isolated vertices of the fraction of their
// edges that leave their community. Directed edges count once each; undirected ones once.
func genMixing(g *Graph, comm []uint32) (edgeMu, nodeMu float64) {
	var inter, total int64
	var sum float64
	var counted int
	for u := uint32(0); int(u) < g.N(); u++ {
		out := g.Out(u)
		ext := 0
		for _, v := range out {
			if comm[v] != comm[u] {
				ext++
			}
		}
		if g.Directed() {
			inter += int64(ext)
			total += int64(len(out))
			in := g.In(u)
			for _, v := range in {
				if comm[v] != comm[u] {
					ext++
				}
			}
			if d := len(out) + len(in); d > 0 {
				sum += float64(ext) / float64(d)
				counted++
			}
			continue
		}
		inter += int64(ext)
		total += int64(len(out))
		if len(out) > 0 {
			sum += float64(ext) / float64(len(out))
			counted++
		}
	}
	if total > 0 {
		edgeMu = float64(inter) / float64(total)
	}
	if counted > 0 {
		nodeMu = sum / float64(counted)
	}
	return edgeMu, nodeMu
}

// genCommunityRange returns the smallest and largest community size.
func genCommunityRange(sizes []int) (minSize, maxSize int) {
	if len(sizes) == 0 {
		return 0, 0
	}
	return slices.Min(sizes), slices.Max(sizes)
}

// genCheckCtx returns the context's error wrapped with the generator's name.
func genCheckCtx(ctx context.Context, what string) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// genTruthFromLabels builds the ground truth of n published vertices from internal community
// labels: internal vertex i belongs to community comm[i] and is published as perm[i].
func genTruthFromLabels(n, k int, comm []uint32, perm []uint32, names []string) (*GroundTruth, error) {
	counts := make([]int, k)
	for _, c := range comm {
		counts[c]++
	}
	members := make([][]uint32, k)
	for c := range members {
		members[c] = make([]uint32, 0, counts[c])
	}
	for i, c := range comm {
		members[c] = append(members[c], perm[i])
	}
	return NewGroundTruth(n, members, names)
}

// genPublishedLabels returns the community label of each published vertex.
func genPublishedLabels(comm []uint32, perm []uint32) []uint32 {
	out := make([]uint32, len(comm))
	for i, c := range comm {
		out[perm[i]] = c
	}
	return out
}
