package expand

import (
	"fmt"
	"slices"
)

// Query is one seeded expansion problem: the candidate items and the seeds. Items are sorted
// ascending and unique, and always contain every seed: the pipeline's candidate set is the union
// of the LSH candidates and the seeds, so a seed missing from the candidates given to NewQuery is
// added. Positions into Items (0..Len()-1) are what a Matrix is indexed by; because Items are
// sorted, "lower position" and "lower id" are the same tie-break.
//
// A Query is immutable after construction and safe for concurrent use.
type Query struct {
	items  []uint32
	seeds  []uint32
	seedAt []int  // positions of the seeds in items, ascending
	isSeed []bool // by position
}

// NewQuery builds the problem from candidate ids (any order, duplicates allowed) and seed ids.
// The inputs are copied. It fails when there are no seeds. It runs in O((c+s) log(c+s)).
func NewQuery(candidates, seeds []uint32) (*Query, error) {
	if len(seeds) == 0 {
		return nil, fmt.Errorf("expand: query needs at least one seed")
	}
	s := slices.Clone(seeds)
	slices.Sort(s)
	s = slices.Compact(s)
	items := make([]uint32, 0, len(candidates)+len(s))
	items = append(items, candidates...)
	items = append(items, s...)
	slices.Sort(items)
	items = slices.Compact(items)
	q := &Query{items: items, seeds: s, seedAt: make([]int, len(s)), isSeed: make([]bool, len(items))}
	for i, id := range s {
		p, _ := slices.BinarySearch(items, id)
		q.seedAt[i] = p
		q.isSeed[p] = true
	}
	return q, nil
}

// Len returns the number of items (candidates and seeds).
func (q *Query) Len() int { return len(q.items) }

// Items returns the sorted candidate ids, seeds included; the caller must not modify it.
func (q *Query) Items() []uint32 { return q.items }

// Seeds returns the sorted unique seeds; the caller must not modify it.
func (q *Query) Seeds() []uint32 { return q.seeds }

// Candidates returns the number of items that are not seeds.
func (q *Query) Candidates() int { return len(q.items) - len(q.seeds) }

// Index returns the position of id among the items.
func (q *Query) Index(id uint32) (int, bool) { return slices.BinarySearch(q.items, id) }

// IsSeed reports whether the item at position p is a seed.
func (q *Query) IsSeed(p int) bool { return q.isSeed[p] }

// Addition is one ranked item: its id and the score that ranked it (a mean similarity for
// minrank and average, a PageRank value for the PPR methods, p(v)/d(v) for push).
type Addition struct {
	ID    uint32  `json:"id"`
	Score float64 `json:"score"`
}

// Ranking is an ordered list of additions, best first.
type Ranking []Addition

// IDs returns the ids of the ranking in order.
func (r Ranking) IDs() []uint32 {
	out := make([]uint32, len(r))
	for i, a := range r {
		out[i] = a.ID
	}
	return out
}

// limitOf returns the number of items to return for a requested limit: all n when limit <= 0.
func limitOf(limit, n int) int {
	if limit <= 0 || limit > n {
		return n
	}
	return limit
}
