package expand

import (
	"context"
	"fmt"
)

// Similarity gives the (estimated or exact) Jaccard similarity of two items by id. It is called
// once per pair, must be symmetric, and should return values in [0, 1] (a NaN never wins a
// comparison). Which engine stands behind it is the caller's choice: minhash signatures for the
// estimated J of the paper, the exact engine to measure the method without sketch error.
type Similarity interface {
	Sim(a, b uint32) float64
}

// SimFunc adapts a function to Similarity.
type SimFunc func(a, b uint32) float64

// Sim calls f(a, b).
func (f SimFunc) Sim(a, b uint32) float64 { return f(a, b) }

// RowSimilarity is an optional extension of Similarity: one call fills dst[i] with the
// similarity of a and bs[i] for every i (len(dst) == len(bs)). The methods use it, when a
// Similarity implements it, instead of one Sim call per pair.
type RowSimilarity interface {
	Similarity
	SimRow(a uint32, bs []uint32, dst []float64)
}

// Matrix is the dense similarity matrix over the items of a Query, row-major in float32 (half
// the memory and bandwidth of float64; estimated Jaccard values k'/k are exact in it, exact
// Jaccard values are rounded to about 6e-8 relative). It is symmetric and its diagonal is 1,
// the self-similarity of a non-empty set and the value of the authors' matrix (1 - Jaccard
// distance); only the PageRank methods read the diagonal.
//
// A Matrix is read-only after construction and safe for concurrent use.
type Matrix struct {
	q    *Query
	n    int
	vals []float32
}

// NewMatrix computes the matrix of q's items with n(n-1)/2 calls of sim (or n-1 SimRow calls
// when sim is a RowSimilarity). It checks ctx once per row. Memory: 4*n*n bytes (100 MB for
// 5,000 items).
func NewMatrix(ctx context.Context, q *Query, sim Similarity) (*Matrix, error) {
	if q == nil || sim == nil {
		return nil, fmt.Errorf("expand: similarity matrix: nil query or similarity")
	}
	n := q.Len()
	m := &Matrix{q: q, n: n, vals: make([]float32, n*n)}
	rs, batch := sim.(RowSimilarity)
	var buf []float64
	if batch {
		buf = make([]float64, n)
	}
	for i := 0; i < n; i++ {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("expand: similarity matrix row %d of %d: %w", i, n, err)
		}
		m.vals[i*n+i] = 1
		a := q.items[i]
		rest := q.items[i+1:]
		if batch {
			rs.SimRow(a, rest, buf[:len(rest)])
			for k, v := range buf[:len(rest)] {
				j := i + 1 + k
				m.vals[i*n+j], m.vals[j*n+i] = float32(v), float32(v)
			}
			continue
		}
		for k, b := range rest {
			v := float32(sim.Sim(a, b))
			j := i + 1 + k
			m.vals[i*n+j], m.vals[j*n+i] = v, v
		}
	}
	return m, nil
}

// NewMatrixValues wraps precomputed row-major values (len q.Len()^2) over q's items, for
// example from an engine that computes the block at once. The slice is used, not copied. The
// caller is responsible for symmetry and the diagonal convention.
func NewMatrixValues(q *Query, vals []float32) (*Matrix, error) {
	if q == nil {
		return nil, fmt.Errorf("expand: matrix values: nil query")
	}
	n := q.Len()
	if len(vals) != n*n {
		return nil, fmt.Errorf("expand: matrix values: got %d, want %d x %d", len(vals), n, n)
	}
	return &Matrix{q: q, n: n, vals: vals}, nil
}

// Query returns the query whose items index the matrix.
func (m *Matrix) Query() *Query { return m.q }

// Len returns the number of rows (the query's items).
func (m *Matrix) Len() int { return m.n }

// At returns the similarity of the items at positions i and j.
func (m *Matrix) At(i, j int) float64 { return float64(m.vals[i*m.n+j]) }

// Row returns row i; the caller must not modify it.
func (m *Matrix) Row(i int) []float32 { return m.vals[i*m.n : (i+1)*m.n] }

// Bytes returns the memory held by the values.
func (m *Matrix) Bytes() int64 { return int64(cap(m.vals)) * 4 }
