package pipeline

import (
	"context"
	"fmt"
	"slices"
	"time"

	"lshbench/algorithms/community"
	"lshbench/algorithms/exact"
	"lshbench/algorithms/expand"
	"lshbench/algorithms/lsh"
	"lshbench/algorithms/minhash"
)

// SimKind selects the similarity behind the ranking and the structure step.
type SimKind string

const (
	// Estimated is the minhash estimate of Jaccard from the engine's signatures (the paper).
	Estimated SimKind = "estimated"
	// Exact is the exact Jaccard of the sets, over the same LSH candidates.
	Exact SimKind = "exact"
)

// ParseSimKind reads "estimated" or "exact".
func ParseSimKind(s string) (SimKind, error) {
	switch SimKind(s) {
	case Estimated, Exact:
		return SimKind(s), nil
	}
	return "", fmt.Errorf("pipeline: similarity %q: want estimated or exact", s)
}

// estimatedSim is the estimated Jaccard of two rows of the signatures.
type estimatedSim struct {
	sig *minhash.Signatures
	sk  minhash.Sketcher
}

func (s estimatedSim) Sim(a, b uint32) float64 {
	return s.sk.Estimate(s.sig.Row(int(a)), s.sig.Row(int(b)))
}

// SimRow fills dst with the estimates of a against every bs[i].
func (s estimatedSim) SimRow(a uint32, bs []uint32, dst []float64) {
	ra := s.sig.Row(int(a))
	for i, b := range bs {
		dst[i] = s.sk.Estimate(ra, s.sig.Row(int(b)))
	}
}

// exactSim is the exact Jaccard of two sets (0 when either is empty).
type exactSim struct{ e *Engine }

func (s exactSim) Sim(a, b uint32) float64 {
	return exact.Jaccard(s.e.Sets.Set(int(a)), s.e.Sets.Set(int(b)))
}

// Session runs queries against an Engine. It holds scratch space (the LSH querier, push work
// arrays, a sketcher clone) and must be used by one goroutine at a time; create one per
// goroutine. NewSession costs O(n) for the querier; the push arrays are allocated on the first
// push query.
type Session struct {
	e      *Engine
	q      *lsh.Querier
	est    estimatedSim
	pusher *expand.Pusher
	cands  []uint32
}

// NewSession returns a session on e.
func (e *Engine) NewSession() *Session {
	return &Session{e: e, q: e.Index.NewQuerier(), est: estimatedSim{sig: e.Sig, sk: e.Sig.Sketcher().Clone()}}
}

// Similarity returns the similarity of the given kind. The estimated one belongs to the session
// (it uses the session's sketcher clone).
func (s *Session) Similarity(kind SimKind) (expand.Similarity, error) {
	switch kind {
	case Estimated, "":
		return s.est, nil
	case Exact:
		return exactSim{s.e}, nil
	}
	return nil, fmt.Errorf("pipeline: unknown similarity %q", kind)
}

// Query collects the candidates of the seeds: the union over seeds and bands of the rows sharing
// a bucket with a seed, plus the seeds themselves. A seed out of range is an error; a seed with an
// empty set has no candidates of its own but stays a seed.
func (s *Session) Query(seeds []uint32) (*expand.Query, error) {
	if len(seeds) == 0 {
		return nil, fmt.Errorf("pipeline: no seeds")
	}
	n := s.e.Sets.Len()
	s.cands = s.cands[:0]
	for _, v := range seeds {
		if int(v) >= n {
			return nil, fmt.Errorf("pipeline: seed %d out of range (%d sets)", v, n)
		}
		s.cands = append(s.cands, s.q.Candidates(int(v))...)
	}
	return expand.NewQuery(s.cands, seeds)
}

// Pusher returns the session's push work arrays, creating them on first use; nil when the engine
// has no graph.
func (s *Session) Pusher() *expand.Pusher {
	if s.pusher == nil && s.e.Graph != nil {
		s.pusher = expand.NewPusher(s.e.Graph)
	}
	return s.pusher
}

// Rank ranks q's candidates with method under sim (ignored by push), at most limit additions.
// m, when not nil, is a precomputed matrix of q under the same similarity (the PPR methods build
// one otherwise).
func (s *Session) Rank(ctx context.Context, q *expand.Query, method expand.Method, sim expand.Similarity, m *expand.Matrix, limit int) (expand.Ranking, error) {
	in := expand.Input{Query: q, Sim: sim, Matrix: m}
	if method.UsesGraph() {
		if s.e.Graph == nil {
			return nil, fmt.Errorf("pipeline: %s needs a graph; the data set is plain sets", method)
		}
		in.Pusher = s.Pusher()
	}
	return expand.Rank(ctx, method, in, limit)
}

// Grow returns the community grown from seeds by ranking: the seeds followed by the ranked
// additions in order, without repeats (a ranked seed, as ppr-paper returns them, is skipped), at
// most size members (no bound when size <= 0).
func Grow(seeds []uint32, ranking expand.Ranking, size int) []uint32 {
	out := make([]uint32, 0, len(seeds)+len(ranking))
	seen := make(map[uint32]bool, len(seeds)+len(ranking))
	add := func(v uint32) {
		if !seen[v] && (size <= 0 || len(out) < size) {
			seen[v] = true
			out = append(out, v)
		}
	}
	for _, v := range seeds {
		add(v)
	}
	for _, a := range ranking {
		add(a.ID)
	}
	return out
}

// Structure is the WALKTRAP structure of a set of members.
type Structure struct {
	// Members are the vertices structured, in the order given; Labels[i] is the sub-community of
	// Members[i], dense from 0 in the order of first member.
	Members []uint32 `json:"-"`
	Labels  []int    `json:"-"`
	// Communities is the number of sub-communities; Modularity the weighted modularity of the
	// partition; Edges the number of member pairs with J > 0.
	Communities int     `json:"communities"`
	Modularity  float64 `json:"modularity"`
	Edges       int     `json:"edges"`
}

// StructureOptions controls the structure step.
type StructureOptions struct {
	// Steps is WALKTRAP's walk length t; 0 means 4.
	Steps int
	// Neighbours, when positive, sparsifies the similarity graph to the union of every member's
	// Neighbours most similar members (ties to the earlier member); 0 keeps every pair with
	// similarity > 0.
	Neighbours int
}

// StructureOf runs WALKTRAP on the graph of members whose edge weights are sim (every pair with
// similarity > 0, or each member's opt.Neighbours strongest such pairs), and cuts the dendrogram
// at its highest modularity. n(n-1)/2 similarity calls, O(n^2) memory for n members, plus
// WALKTRAP's cost (O(n^2 t) for the walk vectors and the merges on this dense graph).
func StructureOf(ctx context.Context, members []uint32, sim expand.Similarity, opt StructureOptions) (Structure, error) {
	n := len(members)
	st := Structure{Members: members}
	if n == 0 {
		return st, nil
	}
	if opt.Neighbours < 0 {
		return st, fmt.Errorf("pipeline: structure: %d neighbours", opt.Neighbours)
	}
	w := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			v := sim.Sim(members[i], members[j])
			w[i*n+j], w[j*n+i] = v, v
		}
	}
	keep := func(i, j int) bool { return w[i*n+j] > 0 }
	if m := opt.Neighbours; m > 0 && m < n-1 {
		kept := make([]bool, n*n)
		order := make([]int, 0, n)
		for i := 0; i < n; i++ {
			order = order[:0]
			for j := 0; j < n; j++ {
				if j != i && w[i*n+j] > 0 {
					order = append(order, j)
				}
			}
			slices.SortStableFunc(order, func(a, b int) int {
				switch x, y := w[i*n+a], w[i*n+b]; {
				case x > y:
					return -1
				case x < y:
					return 1
				}
				return 0
			})
			for _, j := range order[:min(m, len(order))] {
				kept[i*n+j], kept[j*n+i] = true, true
			}
		}
		keep = func(i, j int) bool { return kept[i*n+j] }
	}
	var edges []community.Edge
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if keep(i, j) {
				edges = append(edges, community.Edge{U: uint32(i), V: uint32(j), W: w[i*n+j]})
			}
		}
	}
	g, err := community.NewWeighted(n, edges)
	if err != nil {
		return st, fmt.Errorf("pipeline: structure graph: %w", err)
	}
	d, err := community.Walktrap(ctx, g, community.WalktrapOptions{Steps: opt.Steps, Workers: 1})
	if err != nil {
		return st, fmt.Errorf("pipeline: walktrap: %w", err)
	}
	labels, _, q := d.Best()
	st.Labels, st.Modularity, st.Edges = labels, q, g.NumEdges()
	for _, l := range labels {
		st.Communities = max(st.Communities, l+1)
	}
	return st, nil
}

// Request is one interactive query.
type Request struct {
	Seeds []uint32
	// Size is the size of the community to grow, seeds included; 0 means 100.
	Size int
	// Method ranks the candidates; "" means minrank.
	Method expand.Method
	// Similarity drives the ranking and the structure; "" means Estimated.
	Similarity SimKind
	// Structure configures the structure step.
	Structure StructureOptions
	// SkipStructure leaves the structure step out.
	SkipStructure bool
}

// Result is the outcome of one query.
type Result struct {
	Query     *expand.Query
	Ranking   expand.Ranking
	Community []uint32
	Structure Structure
	Times     Times
}

// Run answers one request: candidates, ranking to Size members, structure.
func (s *Session) Run(ctx context.Context, req Request) (Result, error) {
	var res Result
	if req.Size == 0 {
		req.Size = 100
	}
	if req.Method == "" {
		req.Method = expand.MethodMinRank
	}
	sim, err := s.Similarity(req.Similarity)
	if err != nil {
		return res, err
	}
	seeds := slices.Clone(req.Seeds)
	slices.Sort(seeds)
	seeds = slices.Compact(seeds)
	if req.Size < len(seeds) {
		return res, fmt.Errorf("pipeline: size %d is smaller than the %d seeds", req.Size, len(seeds))
	}
	t0 := time.Now()
	q, err := s.Query(seeds)
	if err != nil {
		return res, err
	}
	t1 := time.Now()
	rk, err := s.Rank(ctx, q, req.Method, sim, nil, req.Size-len(seeds))
	if err != nil {
		return res, err
	}
	t2 := time.Now()
	res.Query, res.Ranking = q, rk
	res.Community = Grow(seeds, rk, req.Size)
	res.Times.Candidates, res.Times.Ranking = t1.Sub(t0), t2.Sub(t1)
	if !req.SkipStructure {
		if res.Structure, err = StructureOf(ctx, res.Community, sim, req.Structure); err != nil {
			return res, err
		}
		res.Times.Structure = time.Since(t2)
	}
	return res, nil
}
