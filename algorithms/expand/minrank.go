package expand

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
)

// MinRank grows the community from q's seeds by the paper's minrank (see the package
// documentation): at most limit additions (all candidates when limit <= 0), in order, each with
// its mean similarity to the community at the moment it was chosen. To grow the community to a
// target size S, pass limit = S - len(q.Seeds()). It stops early when the candidates run out.
//
// Cost: (s + m) * c similarity calls for s seeds, m additions and c items, no allocation per
// step besides the result. ctx is checked every 64 additions.
func MinRank(ctx context.Context, q *Query, sim Similarity, limit int) (Ranking, error) {
	if q == nil || sim == nil {
		return nil, errNil("minrank")
	}
	return minRank(ctx, q, newSimSource(q, sim), limit)
}

// MinRankMatrix is MinRank reading the similarities from a precomputed matrix: (s + m) * c
// float32 reads. With a Similarity that returns the matrix's values it gives the same ranking.
func MinRankMatrix(ctx context.Context, m *Matrix, limit int) (Ranking, error) {
	if m == nil {
		return nil, errNil("minrank")
	}
	return minRank(ctx, m.q, matSource{m}, limit)
}

// Average ranks q's candidates (seeds excluded) once by their mean similarity to the seeds, best
// first, ties to the lower id: the paper's "initial averages". At most limit items (all when
// limit <= 0). Cost: s * c similarity calls and a sort.
func Average(ctx context.Context, q *Query, sim Similarity, limit int) (Ranking, error) {
	if q == nil || sim == nil {
		return nil, errNil("average")
	}
	return average(ctx, q, newSimSource(q, sim), limit)
}

// AverageMatrix is Average reading the similarities from a precomputed matrix.
func AverageMatrix(ctx context.Context, m *Matrix, limit int) (Ranking, error) {
	if m == nil {
		return nil, errNil("average")
	}
	return average(ctx, m.q, matSource{m}, limit)
}

// rowSource adds the similarities of item p to the running sums of every live item (those whose
// sum is not -Inf) and returns the live position with the largest new sum, the lowest position
// among ties, or -1 when none is live. One call per community member: the per-pair work happens
// inside, on flat slices.
type rowSource interface {
	add(p int, sums []float64) int
}

var negInf = math.Inf(-1)

type matSource struct{ m *Matrix }

func (s matSource) add(p int, sums []float64) int {
	row := s.m.Row(p)
	row = row[:len(sums)]
	best, bv := -1, negInf
	for j, v := range row {
		x := sums[j] + float64(v) // -Inf stays -Inf: dead items never win
		sums[j] = x
		if x > bv {
			bv, best = x, j
		}
	}
	return best
}

type simSource struct {
	items []uint32
	sim   Similarity
	rs    RowSimilarity // nil unless sim implements it
	ids   []uint32      // scratch for SimRow
	pos   []int
	buf   []float64
}

func newSimSource(q *Query, sim Similarity) *simSource {
	s := &simSource{items: q.items, sim: sim}
	if rs, ok := sim.(RowSimilarity); ok {
		n := len(q.items)
		s.rs, s.ids, s.pos, s.buf = rs, make([]uint32, 0, n), make([]int, 0, n), make([]float64, n)
	}
	return s
}

func (s *simSource) add(p int, sums []float64) int {
	a := s.items[p]
	items := s.items[:len(sums)]
	best, bv := -1, negInf
	if s.rs != nil {
		s.ids, s.pos = s.ids[:0], s.pos[:0]
		for j, x := range sums {
			if x != negInf {
				s.ids = append(s.ids, items[j])
				s.pos = append(s.pos, j)
			}
		}
		buf := s.buf[:len(s.ids)]
		s.rs.SimRow(a, s.ids, buf)
		for k, j := range s.pos {
			x := sums[j] + buf[k]
			sums[j] = x
			if x > bv {
				bv, best = x, j
			}
		}
		return best
	}
	for j, x := range sums {
		if x == negInf {
			continue
		}
		x += s.sim.Sim(a, items[j])
		sums[j] = x
		if x > bv {
			bv, best = x, j
		}
	}
	return best
}

// seedSums returns the sums of similarities of every non-seed item to the seeds (-Inf for the
// seeds) and the best position after them.
func seedSums(q *Query, src rowSource) ([]float64, int) {
	sums := make([]float64, q.Len())
	for _, p := range q.seedAt {
		sums[p] = negInf
	}
	best := -1
	for _, p := range q.seedAt {
		best = src.add(p, sums)
	}
	return sums, best
}

func minRank(ctx context.Context, q *Query, src rowSource, limit int) (Ranking, error) {
	lim := limitOf(limit, q.Candidates())
	sums, best := seedSums(q, src)
	size := len(q.seeds)
	out := make(Ranking, 0, lim)
	for len(out) < lim && best >= 0 {
		if len(out)%64 == 0 {
			if err := ctx.Err(); err != nil {
				return out, fmt.Errorf("expand: minrank after %d additions: %w", len(out), err)
			}
		}
		out = append(out, Addition{ID: q.items[best], Score: sums[best] / float64(size)})
		sums[best] = negInf
		size++
		if len(out) == lim {
			break
		}
		best = src.add(best, sums)
	}
	return out, nil
}

func average(ctx context.Context, q *Query, src rowSource, limit int) (Ranking, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("expand: average: %w", err)
	}
	sums, _ := seedSums(q, src)
	s := float64(len(q.seeds))
	out := make(Ranking, 0, q.Candidates())
	for p, x := range sums {
		if !q.isSeed[p] {
			out = append(out, Addition{ID: q.items[p], Score: x / s})
		}
	}
	sortRanking(out)
	return out[:limitOf(limit, len(out))], nil
}

// sortRanking orders by score descending, NaN last, ties by id ascending.
func sortRanking(r Ranking) {
	slices.SortFunc(r, func(a, b Addition) int {
		an, bn := math.IsNaN(a.Score), math.IsNaN(b.Score)
		switch {
		case an && !bn:
			return 1
		case bn && !an:
			return -1
		case !an && a.Score != b.Score:
			return -cmp.Compare(a.Score, b.Score)
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

func errNil(method string) error {
	return fmt.Errorf("expand: %s: nil query, similarity or matrix", method)
}
