package lsh

import (
	"context"
	"fmt"
	"slices"
	"unsafe"

	"lshbench/datasets"
)

// Forest is the LSH Forest of Bawa, Condie and Ganesan (2005) for top-k queries over minhash
// signatures: B trees, tree t labelling each row with the R values sig[t*R:(t+1)*R] (its band).
// Each tree is a prefix tree stored flat, as the indexed rows sorted lexicographically by their
// label (ties by row number) plus the first label value of each (for a cache-friendly first
// search step). A query finds, in every tree, the range of rows sharing a label prefix of length p
// with it, for p = R down to 1, and collects rows from the longest prefixes first (synchronous
// descent over all trees) until it holds the number of candidates asked for.
//
// Rows with longer shared prefixes are more similar in expectation (a prefix of length p is shared
// with probability s^p), so the first candidates are the likely nearest neighbours; re-rank them
// with TopK. Memory: 8 bytes per indexed row per tree. Immutable and safe for concurrent use;
// query through one ForestQuerier per goroutine.
type Forest struct {
	params  Params
	k, n    int
	indexed int
	rows    Rows
	trees   []tree
}

// tree is one prefix tree: ids sorted by label, heads[j] the first label value of ids[j].
type tree struct {
	ids   []uint32
	heads []uint32
}

// BuildForest builds a forest of p.B trees of depth p.R over the non-empty rows (p.B*p.R <= K).
// Trees are built in parallel on workers goroutines (<= 0: GOMAXPROCS); the result does not
// depend on workers. Each tree is a stable radix sort of the rows by their first label value, then
// a comparison sort of runs sharing it. It reports trees done through progress.
func BuildForest(ctx context.Context, rows Rows, p Params, workers int, progress datasets.Progress) (*Forest, error) {
	k, n := rows.K(), rows.Len()
	if err := p.Validate(k); err != nil {
		return nil, err
	}
	if uint64(n) >= 1<<32-1 {
		return nil, fmt.Errorf("lsh: %d rows exceed the uint32 row numbers", n)
	}
	f := &Forest{params: p, k: k, n: n, rows: rows, trees: make([]tree, p.B)}
	live := make([]uint32, 0, n)
	for i := 0; i < n; i++ {
		if !rows.IsEmpty(i) {
			live = append(live, uint32(i))
		}
	}
	f.indexed = len(live)
	err := parallelTables(ctx, p.B, workers, progress, func(tb *tableBuilder, _ *keyHasher, t int) {
		f.trees[t] = f.buildTree(tb, live, t)
	}, p.R)
	if err != nil {
		return nil, err
	}
	return f, nil
}

func (f *Forest) buildTree(tb *tableBuilder, live []uint32, t int) tree {
	m := len(live)
	r := f.params.R
	off := t * r
	// (head << 32 | row) sorted by a two-pass LSD radix sort on the head's 16-bit halves; the sort
	// is stable and rows start ascending, so equal heads keep rows ascending.
	a := growU64(&tb.keys, 2*m)
	src, dst := a[:m], a[m:]
	for i, row := range live {
		src[i] = uint64(f.rows.Row(int(row))[off])<<32 | uint64(row)
	}
	if cap(tb.count) < 1<<16 {
		tb.count = make([]uint32, 1<<16)
	}
	count := tb.count[:1<<16]
	for _, shift := range []uint{32, 48} {
		clear(count)
		for _, v := range src {
			count[(v>>shift)&0xffff]++
		}
		sum := uint32(0)
		for d := range count {
			c := count[d]
			count[d] = sum
			sum += c
		}
		for _, v := range src {
			d := (v >> shift) & 0xffff
			dst[count[d]] = v
			count[d]++
		}
		src, dst = dst, src
	}
	tr := tree{ids: make([]uint32, m), heads: make([]uint32, m)}
	for i, v := range src {
		tr.heads[i] = uint32(v >> 32)
		tr.ids[i] = uint32(v)
	}
	if r > 1 {
		for i := 0; i < m; {
			j := i + 1
			for j < m && tr.heads[j] == tr.heads[i] {
				j++
			}
			if j-i > 1 {
				slices.SortFunc(tr.ids[i:j], func(x, y uint32) int {
					lx := f.rows.Row(int(x))[off+1 : off+r]
					ly := f.rows.Row(int(y))[off+1 : off+r]
					if c := slices.Compare(lx, ly); c != 0 {
						return c
					}
					return int(x) - int(y)
				})
			}
			i = j
		}
	}
	return tr
}

// Params returns the number of trees (B) and their depth (R).
func (f *Forest) Params() Params { return f.params }

// K returns the signature length.
func (f *Forest) K() int { return f.k }

// Len returns the number of rows of the signature matrix.
func (f *Forest) Len() int { return f.n }

// Indexed returns the number of non-empty rows in the trees.
func (f *Forest) Indexed() int { return f.indexed }

// Rows returns the signature matrix the forest reads.
func (f *Forest) Rows() Rows { return f.rows }

// Bytes returns the memory of the trees (8 bytes per indexed row per tree) and headers; it
// excludes the signatures and the queriers.
func (f *Forest) Bytes() int64 {
	b := int64(unsafe.Sizeof(*f)) + int64(cap(f.trees))*int64(unsafe.Sizeof(tree{}))
	for i := range f.trees {
		b += 4 * int64(cap(f.trees[i].ids)+cap(f.trees[i].heads))
	}
	return b
}

// ForestQuerier answers top-k queries against a forest with reusable scratch (a stamped visited
// array and the per-tree prefix ranges). Not safe for concurrent use.
type ForestQuerier struct {
	f      *Forest
	seen   visited
	ranges []int32 // (lo, hi) for tree t and prefix length p at 2*(t*(R+1)+p)
	cands  []uint32
}

// NewQuerier returns a querier for f.
func (f *Forest) NewQuerier() *ForestQuerier {
	return &ForestQuerier{f: f, seen: newVisited(f.n), ranges: make([]int32, 2*f.params.B*(f.params.R+1))}
}

// Bytes returns the querier's scratch memory.
func (q *ForestQuerier) Bytes() int64 {
	return int64(unsafe.Sizeof(*q)) + 4*int64(cap(q.seen.stamp)+cap(q.ranges)+cap(q.cands))
}

// Candidates returns at least want candidates for row i when the trees hold that many rows sharing
// a first label value with it (fewer otherwise), excluding i, most similar prefixes first: all rows
// sharing the full label in some tree, then those sharing R-1 values, and so on, stopping as soon
// as want are collected. Each answer is a prefix of the answer to a larger want. An empty row has
// no candidates. The slice is reused by the next query. Cost: O(B R log n) for the prefix ranges
// plus O(1) per row visited.
func (q *ForestQuerier) Candidates(i int, want int) []uint32 {
	if i < 0 || i >= q.f.n || q.f.rows.IsEmpty(i) {
		return q.cands[:0]
	}
	return q.query(q.f.rows.Row(i), uint32(i), true, want)
}

// CandidatesOf is Candidates for a signature (at least B*R values) of a set that need not be in
// the collection; it must not be the signature of an empty set.
func (q *ForestQuerier) CandidatesOf(sig []uint32, want int) []uint32 {
	if len(sig) < q.f.params.B*q.f.params.R {
		return q.cands[:0]
	}
	return q.query(sig, 0, false, want)
}

func (q *ForestQuerier) query(sig []uint32, self uint32, skipSelf bool, want int) []uint32 {
	f := q.f
	r := f.params.R
	out := q.cands[:0]
	if want <= 0 {
		q.cands = out
		return out
	}
	q.seen.next()
	if skipSelf {
		q.seen.mark(self)
	}
	// Prefix ranges, narrowing from p = 1 to R within each tree.
	for t := range f.trees {
		tr := &f.trees[t]
		off := t * r
		base := 2 * t * (r + 1)
		h := sig[off]
		lo := lowerBoundHeads(tr.heads, h)
		hi := lo
		for hi < len(tr.heads) && tr.heads[hi] == h && hi-lo < 8 {
			hi++
		}
		if hi-lo == 8 {
			n, _ := slices.BinarySearch(tr.heads[lo:], h+1)
			if h == ^uint32(0) {
				n = len(tr.heads) - lo
			}
			hi = lo + n
		}
		q.ranges[base], q.ranges[base+1] = 0, int32(len(tr.ids))
		q.ranges[base+2], q.ranges[base+3] = int32(lo), int32(hi)
		for p := 2; p <= r; p++ {
			pos := off + p - 1
			v := sig[pos]
			ids := tr.ids[lo:hi]
			a, _ := slices.BinarySearchFunc(ids, v, func(id uint32, v uint32) int {
				return cmpU32(f.rows.Row(int(id))[pos], v)
			})
			b, _ := slices.BinarySearchFunc(ids[a:], v, func(id uint32, v uint32) int {
				if f.rows.Row(int(id))[pos] <= v {
					return -1
				}
				return 1
			})
			lo, hi = lo+a, lo+a+b
			q.ranges[base+2*p], q.ranges[base+2*p+1] = int32(lo), int32(hi)
		}
	}
	for p := r; p >= 1; p-- {
		for t := range f.trees {
			base := 2 * (t*(r+1) + p)
			for _, c := range f.trees[t].ids[q.ranges[base]:q.ranges[base+1]] {
				if q.seen.mark(c) {
					out = append(out, c)
					if len(out) >= want {
						q.cands = out
						return out
					}
				}
			}
		}
	}
	q.cands = out
	return out
}

func cmpU32(a, b uint32) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// lowerBoundHeads returns the first index i with heads[i] >= h (len(heads) if none). Minhash
// values are close to uniform, so it starts at the interpolated position h*len/2^32 and widens
// an exponential search from there: O(log d) probes, all near each other, for a guess d entries
// off, and O(log n) whatever the distribution.
func lowerBoundHeads(heads []uint32, h uint32) int {
	m := len(heads)
	if m == 0 {
		return 0
	}
	g := int(uint64(h) * uint64(m) >> 32) // in [0, m)
	var lo, hi int                        // the answer lies in [lo, hi]
	if heads[g] >= h {
		hi = g
		step := 1
		lo = g - step
		for lo > 0 && heads[lo] >= h {
			hi = lo
			step *= 2
			lo = g - step
		}
		lo = max(lo, 0)
	} else {
		lo = g + 1
		step := 1
		hi = g + step
		for hi < m && heads[hi] < h {
			lo = hi + 1
			step *= 2
			hi = g + step
		}
		hi = min(hi, m)
	}
	n, _ := slices.BinarySearch(heads[lo:hi], h)
	return lo + n
}
