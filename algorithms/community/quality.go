package community

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// QualityOptions controls SetQuality. The zero value is the configuration of the paper's code.
type QualityOptions struct {
	// Restarts is the number of personalised PageRank runs of the cohesiveness sweep (10 when 0).
	Restarts int
	// Beta is the continuation probability of the personalised PageRank: each iteration keeps
	// Beta of the mass on the walk and re-injects the rest at the restart vertex (0.85 when 0).
	Beta float64
	// Iterations is the number of PageRank iterations (2 when 0).
	Iterations int
	// Seed chooses the restart vertices (uniformly, with replacement, from a PCG source).
	Seed uint64
	// MaxWeight is w_max of the Holme et al. clustering coefficient; 0 means the largest weight of
	// an edge inside the set. For Jaccard-weighted graphs the paper's code uses 1.
	MaxWeight float64
}

// Quality holds the structural measures of a vertex set S on a weighted graph; the package
// documentation defines each one.
type Quality struct {
	// Size is |S| (duplicates in the input counted once).
	Size int `json:"size"`
	// Internal is m_s, the weight of the edges with both ends in S, each edge once.
	Internal float64 `json:"internal_weight"`
	// Boundary is c_s, the weight of the edges with exactly one end in S.
	Boundary     float64 `json:"boundary_weight"`
	Density      float64 `json:"density"`
	Separability float64 `json:"separability"`
	Conductance  float64 `json:"conductance"`
	Cohesiveness float64 `json:"cohesiveness"`
	Clustering   float64 `json:"clustering"`
}

// SetQuality returns the quality measures of the vertex set S in g. Self-loops are excluded from
// every measure (a member's similarity to itself is neither internal nor boundary weight). S may
// be in any order; duplicates count once; a vertex outside g is an error. Time
// O(sum of member degrees * log |S| + Restarts * Iterations * internal edges + sum over members of
// internal degree squared); memory O(|S| + internal edges).
func SetQuality(g *Weighted, set []uint32, opt QualityOptions) (Quality, error) {
	if opt.Restarts == 0 {
		opt.Restarts = 10
	}
	if opt.Beta == 0 {
		opt.Beta = 0.85
	}
	if opt.Iterations == 0 {
		opt.Iterations = 2
	}
	if opt.Restarts < 0 || opt.Iterations < 0 || !(opt.Beta > 0 && opt.Beta <= 1) || opt.MaxWeight < 0 {
		return Quality{}, fmt.Errorf("set quality: invalid options %+v", opt)
	}
	s := sortedUnique(set)
	for _, v := range s {
		if int(v) >= g.N() {
			return Quality{}, fmt.Errorf("set quality: vertex %d outside [0, %d)", v, g.N())
		}
	}
	k := len(s)
	q := Quality{Size: k}
	// Induced subgraph in local ids (positions in s), CSR.
	sub := &localGraph{off: make([]int, k+1), deg: make([]float64, k)}
	for i, v := range s {
		adj, w := g.Neighbors(v)
		for e, u := range adj {
			j, in := slices.BinarySearch(s, u)
			if !in {
				q.Boundary += w[e]
				continue
			}
			if u > v {
				q.Internal += w[e]
			}
			sub.adj = append(sub.adj, int32(j))
			sub.w = append(sub.w, w[e])
			sub.deg[i] += w[e]
		}
		sub.off[i+1] = len(sub.adj)
	}
	m, c := q.Internal, q.Boundary
	if k >= 2 {
		q.Density = m / (float64(k) * float64(k-1) / 2)
	}
	switch {
	case c > 0:
		q.Separability = m / c
	case m > 0:
		q.Separability = math.Inf(1)
	}
	q.Conductance = conductance(m, c)
	q.Cohesiveness = sub.cohesiveness(2*m, opt)
	q.Clustering = sub.holmeClustering(opt.MaxWeight)
	return q, nil
}

// conductance returns c / (2m + c), and 1 for a set without any incident weight.
func conductance(m, c float64) float64 {
	if 2*m+c == 0 {
		return 1
	}
	return c / (2*m + c)
}

// localGraph is the subgraph induced by a set, in local ids.
type localGraph struct {
	off []int
	adj []int32
	w   []float64
	deg []float64
}

func (s *localGraph) n() int { return len(s.off) - 1 }

// cohesiveness returns the lowest conductance found by sweeps over personalised PageRank vectors
// started from random members; vol is the volume of the whole set (2 m_s). 1 when nothing lower
// is found.
func (s *localGraph) cohesiveness(vol float64, opt QualityOptions) float64 {
	k := s.n()
	best := 1.0
	if k < 2 || vol == 0 {
		return best
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x636f686573697665)) // "cohesive"
	r := make([]float64, k)
	next := make([]float64, k)
	order := make([]int, k)
	score := make([]float64, k)
	inPrefix := make([]bool, k)
	for range opt.Restarts {
		seed := rng.IntN(k)
		// Uniform start with total mass k; each iteration spreads Beta of the mass along the
		// column-normalised adjacency and puts the mass lost back on the seed.
		for i := range r {
			r[i] = 1
		}
		total := float64(k)
		for range opt.Iterations {
			clear(next)
			for j := 0; j < k; j++ {
				if s.deg[j] == 0 {
					continue
				}
				f := opt.Beta * r[j] / s.deg[j]
				for e := s.off[j]; e < s.off[j+1]; e++ {
					next[s.adj[e]] += f * s.w[e]
				}
			}
			sum := 0.0
			for _, x := range next {
				sum += x
			}
			next[seed] += total - sum
			r, next = next, r
		}
		for i := range order {
			order[i] = i
			if s.deg[i] > 0 {
				score[i] = r[i] / s.deg[i]
			} else {
				score[i] = math.Inf(-1)
			}
		}
		slices.SortStableFunc(order, func(a, b int) int {
			switch {
			case score[a] > score[b]:
				return -1
			case score[a] < score[b]:
				return 1
			}
			return 0
		})
		best = min(best, s.sweep(order, vol, inPrefix))
	}
	return best
}

// sweep returns the minimum conductance cut(T, S\T) / vol(T) over the proper non-empty prefixes
// T of order whose volume is at most half of vol (where vol(T) is the smaller side), stopping at
// the first prefix above half as the authors' code does; 1 when there is none.
func (s *localGraph) sweep(order []int, vol float64, inPrefix []bool) float64 {
	clear(inPrefix)
	best := 1.0
	pv, cut := 0.0, 0.0
	for _, x := range order[:len(order)-1] {
		toPrefix := 0.0
		for e := s.off[x]; e < s.off[x+1]; e++ {
			if inPrefix[s.adj[e]] {
				toPrefix += s.w[e]
			}
		}
		inPrefix[x] = true
		pv += s.deg[x]
		cut += s.deg[x] - 2*toPrefix
		if 2*pv > vol {
			break
		}
		if pv > 0 {
			best = min(best, max(cut, 0)/pv)
		}
	}
	return best
}

// holmeClustering returns the mean over members with at least one internal edge of the weighted
// clustering coefficient of Holme et al. (2007),
// C_i = sum_{j,k} w_ij w_jk w_ki / (w_max sum_{j != k} w_ij w_ik), 0 when the denominator is 0.
func (s *localGraph) holmeClustering(wmax float64) float64 {
	k := s.n()
	if wmax == 0 {
		for _, x := range s.w {
			wmax = max(wmax, x)
		}
	}
	if wmax == 0 {
		return 0
	}
	wi := make([]float64, k)
	sum, count := 0.0, 0
	for i := 0; i < k; i++ {
		lo, hi := s.off[i], s.off[i+1]
		if lo == hi {
			continue
		}
		count++
		sq := 0.0
		for e := lo; e < hi; e++ {
			wi[s.adj[e]] = s.w[e]
			sq += s.w[e] * s.w[e]
		}
		num := 0.0
		for e := lo; e < hi; e++ {
			j := s.adj[e]
			for f := s.off[j]; f < s.off[j+1]; f++ {
				if x := wi[s.adj[f]]; x != 0 {
					num += s.w[e] * s.w[f] * x
				}
			}
		}
		den := wmax * (s.deg[i]*s.deg[i] - sq)
		if den > 0 {
			sum += num / den
		}
		for e := lo; e < hi; e++ {
			wi[s.adj[e]] = 0
		}
	}
	if count == 0 {
		return 0
	}
	return sum / float64(count)
}
