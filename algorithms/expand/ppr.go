package expand

import (
	"context"
	"fmt"
)

// PPROptions configures the personalised PageRank on the candidate matrix. The zero value is the
// authors' setting.
type PPROptions struct {
	// Iterations is the number of steps R <- Beta*A*R; 0 means 3 (the authors' value).
	Iterations int
	// Beta is the continuation probability (1 - teleport probability); 0 means 0.9.
	Beta float64
	// ZeroDiagonal drops each candidate's similarity to itself from A. The authors kept it (their
	// matrix, 1 - Jaccard distance, has 1 on the diagonal), which is the default: every candidate
	// keeps part of its mass at each step. With ZeroDiagonal a candidate similar to nobody has a
	// zero column; its mass is lost and re-injected on the seeds like the teleport mass.
	ZeroDiagonal bool
}

func (o PPROptions) resolved() (PPROptions, error) {
	if o.Iterations == 0 {
		o.Iterations = 3
	}
	if o.Beta == 0 {
		o.Beta = 0.9
	}
	if o.Iterations < 0 {
		return o, fmt.Errorf("expand: ppr: %d iterations", o.Iterations)
	}
	if !(o.Beta > 0 && o.Beta <= 1) {
		return o, fmt.Errorf("expand: ppr: beta %v outside (0, 1]", o.Beta)
	}
	return o, nil
}

// PPRVector returns the personalised PageRank of every item of m's query, by position: A is the
// matrix (diagonal 1, or 0 with ZeroDiagonal) with each column divided by its sum (a zero column
// stays zero), R starts at 1/n on every item, and each iteration sets R <- Beta*A*R and then adds
// 1 - sum(R) to the seeds in equal shares, so that R sums to 1 again.
// Cost: Iterations * n^2 multiply-adds and O(n) memory besides the matrix.
func PPRVector(ctx context.Context, m *Matrix, opt PPROptions) ([]float64, error) {
	if m == nil {
		return nil, errNil("ppr")
	}
	opt, err := opt.resolved()
	if err != nil {
		return nil, err
	}
	n := m.n
	if n == 0 {
		return nil, nil
	}
	diag := 1.0
	if opt.ZeroDiagonal {
		diag = 0
	}
	// Column sums, without assuming symmetry.
	inv := make([]float64, n)
	for i := 0; i < n; i++ {
		row := m.Row(i)
		for j, v := range row {
			if j != i {
				inv[j] += float64(v)
			}
		}
	}
	for j := range inv {
		if s := inv[j] + diag; s > 0 {
			inv[j] = 1 / s
		} else {
			inv[j] = 0
		}
	}
	r := make([]float64, n)
	w := make([]float64, n)
	for i := range r {
		r[i] = 1 / float64(n)
	}
	seeds := m.q.seedAt
	share := 1 / float64(len(seeds))
	for it := 0; it < opt.Iterations; it++ {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("expand: ppr iteration %d: %w", it+1, err)
		}
		for j := range w {
			w[j] = r[j] * inv[j]
		}
		total := 0.0
		for i := 0; i < n; i++ {
			row := m.Row(i)[:len(w)]
			acc := dot(row, w)
			acc += (diag - float64(row[i])) * w[i] // the diagonal convention, whatever is stored
			r[i] = opt.Beta * acc
			total += r[i]
		}
		lost := (1 - total) * share
		for _, p := range seeds {
			r[p] += lost
		}
	}
	return r, nil
}

// PPRPaper ranks every item of m's query, seeds included, by PPRVector descending (ties to the
// lower id), as the authors' code did: the seeds take evaluation slots. At most limit items (all
// when limit <= 0).
func PPRPaper(ctx context.Context, m *Matrix, opt PPROptions, limit int) (Ranking, error) {
	return pprRanking(ctx, m, opt, limit, true)
}

// PPR is PPRPaper with the seeds removed from the ranking (the corrected variant).
func PPR(ctx context.Context, m *Matrix, opt PPROptions, limit int) (Ranking, error) {
	return pprRanking(ctx, m, opt, limit, false)
}

func pprRanking(ctx context.Context, m *Matrix, opt PPROptions, limit int, keepSeeds bool) (Ranking, error) {
	r, err := PPRVector(ctx, m, opt)
	if err != nil {
		return nil, err
	}
	q := m.q
	out := make(Ranking, 0, len(r))
	for p, x := range r {
		if keepSeeds || !q.isSeed[p] {
			out = append(out, Addition{ID: q.items[p], Score: x})
		}
	}
	sortRanking(out)
	return out[:limitOf(limit, len(out))], nil
}

// dot returns sum_j a[j]*b[j] with four independent accumulators (the single-accumulator loop
// is bound by the latency of the floating-point add). len(b) must be len(a).
func dot(a []float32, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	j := 0
	for ; j+4 <= len(a); j += 4 {
		s0 += float64(a[j]) * b[j]
		s1 += float64(a[j+1]) * b[j+1]
		s2 += float64(a[j+2]) * b[j+2]
		s3 += float64(a[j+3]) * b[j+3]
	}
	for ; j < len(a); j++ {
		s0 += float64(a[j]) * b[j]
	}
	return (s0 + s1) + (s2 + s3)
}
