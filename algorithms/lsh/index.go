package lsh

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"

	"lshbench/datasets"
)

// Variant names an index structure.
type Variant uint32

const (
	// Banding is plain banded LSH: b tables, a pair collides when one band of r positions agrees
	// entirely. P(s) = 1 - (1 - s^r)^b.
	Banding Variant = 1
	// MultiProbe also finds pairs whose band agrees in r-1 of its r positions: per band it keeps r
	// tables, the j-th keyed by the band with position j left out (a band agreeing everywhere
	// matches all r of them). P(s) = 1 - (1 - (s^r + r s^(r-1) (1-s)))^b. It needs r >= 2 and
	// holds r times the tables of Banding.
	MultiProbe Variant = 2
	// ForestVariant is the LSH Forest of Bawa et al. (2005); see Forest.
	ForestVariant Variant = 3
)

// String returns "banding", "multiprobe" or "forest".
func (v Variant) String() string {
	switch v {
	case Banding:
		return "banding"
	case MultiProbe:
		return "multiprobe"
	case ForestVariant:
		return "forest"
	}
	return fmt.Sprintf("Variant(%d)", uint32(v))
}

// ParseVariant reads the name String returns.
func ParseVariant(s string) (Variant, error) {
	switch s {
	case "banding", "bands":
		return Banding, nil
	case "multiprobe", "multi-probe":
		return MultiProbe, nil
	case "forest":
		return ForestVariant, nil
	}
	return 0, fmt.Errorf("lsh: unknown index variant %q (want banding, multiprobe or forest)", s)
}

// Options configures Build.
type Options struct {
	Params
	// Variant is Banding (the default when zero) or MultiProbe.
	Variant Variant
	// Singletons keeps buckets with a single member. Queries by row never need them (a row alone
	// in its bucket has no partner there), so by default only buckets of two or more members are
	// stored, as in the paper's code; this typically halves the memory or better. Queries by
	// signature of a set outside the collection (CandidatesOf) find the members of single-member
	// buckets only when Singletons is set.
	Singletons bool
	// Workers bounds the build goroutines; <= 0 means GOMAXPROCS. The index does not depend on it.
	Workers int
}

// Index is a banded LSH index (Banding or MultiProbe) over a signature matrix. It stores bucket
// keys and row numbers only; queries by row read the signatures from the Rows it was built on.
// An Index is immutable after Build or Load and safe for concurrent use; each goroutine queries
// through its own Querier.
type Index struct {
	variant    Variant
	params     Params
	k, n       int
	indexed    int
	singletons bool
	rows       Rows
	tables     []table
}

// Build indexes the non-empty rows of rows. The band keys of all rows are computed in one
// parallel pass over the signatures; then tables are built in parallel (one per goroutine at a
// time): two stable radix passes and an insertion pass sort the (key, row) pairs, then the flat
// arrays are filled. It checks ctx between blocks of rows and between tables and reports tables
// done out of tables total through progress. Time O(T * n * r) for T tables; memory: see Bytes, plus
// 32 bytes per row per worker plus 8 bytes per row per table (at most 256 MB) of scratch
// during the build.
func Build(ctx context.Context, rows Rows, opt Options, progress datasets.Progress) (*Index, error) {
	if opt.Variant == 0 {
		opt.Variant = Banding
	}
	k, n := rows.K(), rows.Len()
	if err := opt.Params.Validate(k); err != nil {
		return nil, err
	}
	if opt.Variant != Banding && opt.Variant != MultiProbe {
		return nil, fmt.Errorf("lsh: Build: variant %v is not a banded index (use BuildForest for the forest)", opt.Variant)
	}
	if opt.Variant == MultiProbe && opt.R < 2 {
		return nil, fmt.Errorf("lsh: multi-probe needs r >= 2 rows per band, got %d", opt.R)
	}
	if uint64(n) >= 1<<32-1 {
		return nil, fmt.Errorf("lsh: %d rows exceed the uint32 row numbers", n)
	}
	ix := &Index{variant: opt.Variant, params: opt.Params, k: k, n: n, singletons: opt.Singletons, rows: rows}
	live := make([]uint32, 0, n)
	for i := 0; i < n; i++ {
		if !rows.IsEmpty(i) {
			live = append(live, uint32(i))
		}
	}
	ix.indexed = len(live)
	ix.tables = make([]table, ix.numTables())
	minSize := 2
	if opt.Singletons {
		minSize = 1
	}
	// Keys are computed in one pass over the signatures (rows split among the workers, every
	// row read once, sequentially), for as many tables at a time as fit in keyBudget bytes; then
	// the tables are built in parallel from their key columns.
	nt := len(ix.tables)
	per := ix.tablesPerBand()
	m := len(live)
	chunk := nt
	if m > 0 {
		chunk = max(per, min(nt, keyBudget/(8*m))/per*per)
	}
	keys := make([]uint64, min(chunk, nt)*m)
	flat, isFlat := rows.(FlatRower)
	var err error
	for c0 := 0; c0 < nt && err == nil; c0 += chunk {
		c1 := min(c0+chunk, nt)
		blocks := (m + keyBlock - 1) / keyBlock
		err = parallelTables(ctx, blocks, opt.Workers, nil, func(_ *tableBuilder, kh *keyHasher, blk int) {
			lo, hi := blk*keyBlock, min((blk+1)*keyBlock, m)
			for i := lo; i < hi; i++ {
				var sig []uint32
				if isFlat {
					vals, k := flat.Flat()
					o := int(live[i]) * k
					sig = vals[o : o+k : o+k]
				} else {
					sig = rows.Row(int(live[i]))
				}
				for t := c0; t < c1; t++ {
					keys[(t-c0)*m+i] = ix.tableKey(kh, sig, t)
				}
			}
		}, opt.R)
		if err != nil {
			break
		}
		base := c0
		err = parallelTables(ctx, c1-c0, opt.Workers, func(done, _ int64) { progress.Report(int64(base)+done, int64(nt)) },
			func(tb *tableBuilder, _ *keyHasher, j int) {
				ix.tables[base+j] = tb.build(keys[j*m:(j+1)*m], live, minSize)
			}, opt.R)
	}
	if err != nil {
		return nil, err
	}
	return ix, nil
}

const (
	// smallAnswer is the answer length up to which candidates are de-duplicated by a scan.
	smallAnswer = 16
	// keyBudget bounds the scratch holding the band keys of the tables built together.
	keyBudget = 256 << 20
	// keyBlock is the number of rows a worker hashes at a time.
	keyBlock = 4096
)

// parallelTables runs fn for units 0..nt-1 (tables, groups of tables or trees) on workers
// goroutines, each with its own scratch, and reports units done through progress.
func parallelTables(ctx context.Context, nt, workers int, progress datasets.Progress, fn func(*tableBuilder, *keyHasher, int), r int) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, nt))
	var next, done atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	progress.Report(0, int64(nt))
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var tb tableBuilder
			kh := newKeyHasher(r)
			for {
				if ctx.Err() != nil {
					return
				}
				t := int(next.Add(1) - 1)
				if t >= nt {
					return
				}
				fn(&tb, &kh, t)
				d := done.Add(1)
				mu.Lock()
				progress.Report(d, int64(nt))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("lsh: build: %w", err)
	}
	return nil
}

func growU64(s *[]uint64, n int) []uint64 {
	if cap(*s) < n {
		*s = make([]uint64, n)
	}
	return (*s)[:n]
}

// numTables returns b for Banding and b*r for MultiProbe.
func (ix *Index) numTables() int {
	if ix.variant == MultiProbe {
		return ix.params.B * ix.params.R
	}
	return ix.params.B
}

// tableKey returns the key of signature sig in table t.
func (ix *Index) tableKey(kh *keyHasher, sig []uint32, t int) uint64 {
	r := ix.params.R
	if ix.variant == MultiProbe {
		band, j := t/r, t%r
		return kh.maskedKey(sig[band*r:(band+1)*r], j, uint32(t))
	}
	return kh.key(sig[t*r:(t+1)*r], uint32(t))
}

// Variant returns Banding or MultiProbe.
func (ix *Index) Variant() Variant { return ix.variant }

// Params returns the band configuration.
func (ix *Index) Params() Params { return ix.params }

// K returns the signature length the index was built for; Unused positions are ignored.
func (ix *Index) K() int { return ix.k }

// Unused returns the signature positions outside the bands, k - b*r.
func (ix *Index) Unused() int { return ix.params.Unused(ix.k) }

// Len returns the number of rows of the signature matrix (indexed or not).
func (ix *Index) Len() int { return ix.n }

// Indexed returns the number of rows inserted: the non-empty ones.
func (ix *Index) Indexed() int { return ix.indexed }

// Singletons reports whether single-member buckets are stored (see Options.Singletons).
func (ix *Index) Singletons() bool { return ix.singletons }

// Rows returns the signature matrix the index reads.
func (ix *Index) Rows() Rows { return ix.rows }

// Curve returns the index's theoretical collision probability as a function of similarity.
func (ix *Index) Curve() Curve {
	if ix.variant == MultiProbe {
		return MultiProbeCurve(ix.params)
	}
	return BandingCurve(ix.params)
}

// Bytes returns the memory held by the index, computed from its arrays (bucket keys 8 bytes,
// offsets, members and directory 4 bytes per entry, and the table headers); it excludes the
// signatures and the queriers (see Querier.Bytes).
func (ix *Index) Bytes() int64 {
	return ix.PrefixBytes(ix.params.B)
}

// Stats describes the buckets of an index.
type Stats struct {
	Tables  int `json:"tables"`
	Buckets int `json:"buckets"`
	Members int `json:"members"`
	// Largest is the largest bucket.
	Largest int `json:"largest_bucket"`
}

// Stats counts the stored buckets and members over all tables.
func (ix *Index) Stats() Stats {
	s := Stats{Tables: len(ix.tables)}
	for i := range ix.tables {
		t := &ix.tables[i]
		s.Buckets += len(t.keys)
		s.Members += len(t.ids)
		for j := range t.keys {
			s.Largest = max(s.Largest, int(t.offs[j+1]-t.offs[j]))
		}
	}
	return s
}

// Querier answers queries against one index with reusable scratch: a stamped visited array of
// one uint32 per row de-duplicates candidates without clearing (answers of up to 16 candidates,
// the common case, are de-duplicated by scanning them instead, which avoids a cache miss per
// candidate). A Querier is not safe for concurrent use; create one per goroutine (NewQuerier
// costs O(n) once).
type Querier struct {
	ix    *Index
	kh    keyHasher
	seen  visited
	cands []uint32
	keys  []uint64 // per-table key of the current query
	pos   []uint32 // per-table scratch: directory range, then bucket index
}

// visited de-duplicates row numbers across one query: row i is marked when stamp[i] == epoch.
type visited struct {
	stamp []uint32
	epoch uint32
}

func newVisited(n int) visited { return visited{stamp: make([]uint32, n)} }

// next starts a new query.
func (v *visited) next() {
	v.epoch++
	if v.epoch == 0 { // wrapped after 2^32 queries: clear once
		clear(v.stamp)
		v.epoch = 1
	}
}

// mark marks i and reports whether it was unmarked.
func (v *visited) mark(i uint32) bool {
	if v.stamp[i] == v.epoch {
		return false
	}
	v.stamp[i] = v.epoch
	return true
}

// NewQuerier returns a querier for ix.
func (ix *Index) NewQuerier() *Querier {
	return &Querier{ix: ix, kh: newKeyHasher(ix.params.R), seen: newVisited(ix.n)}
}

// Bytes returns the querier's scratch memory.
func (q *Querier) Bytes() int64 {
	return int64(unsafe.Sizeof(*q)) + 4*int64(cap(q.seen.stamp)+cap(q.cands)+cap(q.pos)) + 8*int64(cap(q.keys)) + int64(cap(q.kh.buf))
}

// Candidates returns the indexed rows sharing at least one bucket with row i, excluding i itself,
// in the order found (tables in order, members ascending within a bucket), without duplicates.
// An empty or out-of-range row has no candidates. The slice is reused by the next query.
// It costs one key and one lookup per table plus O(1) per bucket member visited.
func (q *Querier) Candidates(i int) []uint32 {
	if i < 0 || i >= q.ix.n || q.ix.rows.IsEmpty(i) {
		return q.cands[:0]
	}
	return q.query(q.ix.rows.Row(i), uint32(i), true, len(q.ix.tables), nil)
}

// CandidatesOf returns the indexed rows sharing at least one bucket with signature sig (at least
// b*r values, aligned with the index's rows), de-duplicated, in the order found. sig must not be
// the signature of an empty set (by the empty rule it has no candidates: callers check first).
// Without Options.Singletons, rows alone in their bucket are not found. The slice is reused by
// the next query.
func (q *Querier) CandidatesOf(sig []uint32) []uint32 {
	if len(sig) < q.ix.params.B*q.ix.params.R {
		return q.cands[:0]
	}
	return q.query(sig, 0, false, len(q.ix.tables), nil)
}

// query collects the candidates of sig over tables [0, nt), recording for each the band of its
// first discovery in *first when first is not nil.
func (q *Querier) query(sig []uint32, self uint32, skipSelf bool, nt int, first *[]uint32) []uint32 {
	tables := q.ix.tables[:nt]
	per := q.ix.tablesPerBand()
	if cap(q.pos) < 2*nt {
		q.pos = make([]uint32, 2*nt)
		q.keys = make([]uint64, nt)
	}
	keys, pos := q.keys[:nt], q.pos[:2*nt]
	// The lookups of different tables are independent: doing them in phases (all keys, then all
	// filter bits and directory slots, then all key scans, then all buckets) lets the processor
	// overlap their cache misses instead of serialising four misses per table.
	for t := range tables {
		keys[t] = q.ix.tableKey(&q.kh, sig, t)
	}
	for t := range tables {
		tb := &tables[t]
		if len(tb.keys) == 0 || !tb.mayHold(keys[t]) {
			pos[2*t], pos[2*t+1] = 0, 0
			continue
		}
		p := keys[t] >> (64 - tb.dbits)
		pos[2*t], pos[2*t+1] = tb.dir[p], tb.dir[p+1]
	}
	for t := range tables {
		tb := &tables[t]
		found := uint32(1<<32 - 1)
		for j := pos[2*t]; j < pos[2*t+1]; j++ {
			if k := tb.keys[j]; k >= keys[t] {
				if k == keys[t] {
					found = j
				}
				break
			}
		}
		pos[2*t] = found
	}
	// De-duplication: while the answer is short, a scan of it (in the first-level cache) is
	// cheaper than the visited array (a likely cache miss per candidate); past smallAnswer
	// candidates the answer so far is stamped and the visited array takes over.
	out := q.cands[:0]
	stamped := false
	for t := range tables {
		j := pos[2*t]
		if j == 1<<32-1 {
			continue
		}
		tb := &tables[t]
		for _, c := range tb.ids[tb.offs[j]:tb.offs[j+1]] {
			if !stamped {
				if (skipSelf && c == self) || slices.Contains(out, c) {
					continue
				}
				if len(out) == smallAnswer {
					q.seen.next()
					if skipSelf {
						q.seen.mark(self)
					}
					for _, x := range out {
						q.seen.mark(x)
					}
					stamped = true
					q.seen.mark(c)
				}
			} else if !q.seen.mark(c) {
				continue
			}
			out = append(out, c)
			if first != nil {
				*first = append(*first, uint32(t/per))
			}
		}
	}
	q.cands = out
	return out
}
