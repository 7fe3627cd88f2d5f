package exact

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"lshbench/datasets"
)

// Neighbor is one set of an answer: its id (set index in the collection), the size of its
// intersection with the query and of their union. The similarity is exactly Inter/Union;
// Jaccard holds it as a float64 for convenience.
type Neighbor struct {
	ID      uint32
	Inter   uint32
	Union   uint32
	Jaccard float64
}

// Compare orders neighbours as answers list them: by descending similarity (compared exactly),
// then ascending id. It returns a negative number when n comes first.
func (n Neighbor) Compare(m Neighbor) int {
	if c := CompareRatio(m.Inter, m.Union, n.Inter, n.Union); c != 0 {
		return c
	}
	return cmp.Compare(n.ID, m.ID)
}

// Index is an inverted index over a collection: for each element, the sets holding it, ordered
// by ascending set size then id. It answers top-k and threshold queries by counting overlaps
// along the postings of the query's elements, never by scanning all sets.
//
// An Index is immutable after NewIndex and safe for concurrent use; each goroutine needs its own
// Scratch.
type Index struct {
	sets  *datasets.Sets
	off   []int    // postings of element e: post[off[e]:off[e+1]]
	post  []uint32 // set ids
	sizes []uint32 // size of each set
}

// NewIndex builds the inverted index of s in O(Len + NumElems) time and memory. s must satisfy
// Validate (answers are unspecified otherwise, though an element beyond Universe is tolerated)
// and must not change while the index is in use.
func NewIndex(s *datasets.Sets) *Index {
	n := s.Len()
	ix := &Index{sets: s, sizes: make([]uint32, n)}
	maxSize := 0
	for i := 0; i < n; i++ {
		sz := s.Size(i)
		ix.sizes[i] = uint32(sz)
		maxSize = max(maxSize, sz)
	}
	order := orderBySize(ix.sizes, maxSize)
	universe := universeOf(s)
	ix.off = make([]int, universe+1)
	for _, e := range s.Elems {
		ix.off[e+1]++
	}
	for e := 0; e < universe; e++ {
		ix.off[e+1] += ix.off[e]
	}
	ix.post = make([]uint32, len(s.Elems))
	pos := slices.Clone(ix.off[:universe])
	for _, i := range order {
		for _, e := range s.Set(int(i)) {
			ix.post[pos[e]] = i
			pos[e]++
		}
	}
	return ix
}

// universeOf returns an exclusive bound on the elements of s: Universe, or more if an element
// exceeds it, so that a collection that breaks its contract cannot make the engines panic.
func universeOf(s *datasets.Sets) int {
	u := s.Universe
	for _, e := range s.Elems {
		if int(e) >= u {
			u = int(e) + 1
		}
	}
	return u
}

// orderBySize returns the ids of the sets sorted by ascending size, then id (counting sort).
func orderBySize(sizes []uint32, maxSize int) []uint32 {
	start := make([]int, maxSize+2)
	for _, sz := range sizes {
		start[sz+1]++
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	order := make([]uint32, len(sizes))
	for i, sz := range sizes {
		order[start[sz]] = uint32(i)
		start[sz]++
	}
	return order
}

// Sets returns the indexed collection.
func (ix *Index) Sets() *datasets.Sets { return ix.sets }

// Bytes returns the memory held by the index (not counting the collection itself).
func (ix *Index) Bytes() int64 {
	return int64(cap(ix.off))*8 + int64(cap(ix.post))*4 + int64(cap(ix.sizes))*4
}

// Scratch holds the per-goroutine working memory of queries: a word per set holding its size
// (high half) beside its overlap counter (low half), so that counting and scoring touch one
// cache line per set, and the list of sets touched. Reusing one across queries avoids all
// allocation but that of the answers.
type Scratch struct {
	ix      *Index
	cnt     []uint64
	touched []uint32
	heap    []Neighbor
	ties    []Neighbor
	buf     []uint32
}

const (
	counterMask = 1<<32 - 1
	// Marks of ThresholdQuery in the counter half.
	candidateMark = 1
	prunedMark    = 2
)

// NewScratch returns working memory for queries on ix.
func (ix *Index) NewScratch() *Scratch {
	cnt := make([]uint64, len(ix.sizes))
	for i, sz := range ix.sizes {
		cnt[i] = uint64(sz) << 32
	}
	return &Scratch{ix: ix, cnt: cnt}
}

func (ix *Index) scratch(sc *Scratch) *Scratch {
	if sc == nil || sc.ix != ix {
		return ix.NewScratch()
	}
	return sc
}

// TopK returns the sets most similar to query: every set whose similarity is at least the k-th
// largest among the sets sharing an element with the query, ordered by descending similarity
// then ascending id. With ties the answer can exceed k sets; when fewer than k sets share an
// element it has fewer. query must be sorted ascending without duplicates; elements outside the
// universe count towards its size but match nothing. self is the query's own set index, which is
// excluded from the answer, or -1 for a set from elsewhere. An empty query, or k <= 0, returns
// nil. sc may be nil (then TopK allocates).
//
// It counts overlaps along the postings of the query's elements in a dense counter array, then
// selects in one pass with a k-heap; O(sum of those postings + touched log k + answer log
// answer). When the postings are long (over 1024 entries in all) it first bounds the k-th
// similarity from below by L, from exact similarities of up to 2k sets of the rarest element,
// and skips in long posting lists the sets whose size lies outside [L|q|, |q|/L].
func (ix *Index) TopK(query []uint32, self int, k int, sc *Scratch) []Neighbor {
	if len(query) == 0 || k <= 0 {
		return nil
	}
	sc = ix.scratch(sc)
	ix.count(query, self, k, sc)
	out := ix.selectTopK(uint32(len(query)), k, sc, nil)
	return out
}

// pruneMinPostings is the number of postings of a top-k query above which TopK first bounds the
// k-th similarity from below and skips the sets whose size cannot reach it.
const pruneMinPostings = 1024

// count adds, for every set sharing an element with query (other than self), its overlap to
// sc.cnt and lists it in sc.touched. With k > 0 and long postings it first computes a lower
// bound L on the k-th similarity (seedBound) and may skip, in long posting lists, the sets whose
// size lies outside [ceil(L|q|), floor(|q|/L)]: their similarity is below L, so they cannot be
// in the answer, and skipping them changes nothing but the work. Sets may still be counted
// outside that window (short lists are counted whole).
func (ix *Index) count(query []uint32, self int, k int, sc *Scratch) {
	cnt, touched := sc.cnt, sc.touched[:0]
	universe := uint32(len(ix.off) - 1)
	lo, hi := uint32(0), ^uint32(0)
	if k > 0 {
		total, rare, rareLen := 0, uint32(0), -1
		for _, e := range query {
			if e < universe {
				l := ix.off[e+1] - ix.off[e]
				total += l
				if l > 0 && (rareLen < 0 || l < rareLen) {
					rare, rareLen = e, l
				}
			}
		}
		if total > pruneMinPostings {
			if n, d := ix.seedBound(query, self, k, rare, sc); n > 0 {
				a := uint64(len(query))
				lo = uint32((uint64(n)*a + uint64(d) - 1) / uint64(d))
				hi = uint32(min(a*uint64(d)/uint64(n), uint64(^uint32(0))))
			}
		}
	}
	for _, e := range query {
		if e >= universe {
			continue
		}
		list := ix.post[ix.off[e]:ix.off[e+1]]
		if len(list) > 32 && (lo > 0 || hi != ^uint32(0)) {
			list = ix.sizeWindow(list, lo, hi)
		}
		for _, b := range list {
			v := cnt[b]
			if v&counterMask == 0 {
				touched = append(touched, b)
			}
			cnt[b] = v + 1
		}
	}
	if self >= 0 && self < len(cnt) && cnt[self]&counterMask != 0 {
		cnt[self] &^= counterMask
		for i, b := range touched {
			if int(b) == int(self) {
				touched[i] = touched[len(touched)-1]
				touched = touched[:len(touched)-1]
				break
			}
		}
	}
	sc.touched = touched
}

// sizeWindow returns the part of a size-ordered posting list whose sets have sizes in [lo, hi].
func (ix *Index) sizeWindow(list []uint32, lo, hi uint32) []uint32 {
	i, j := 0, len(list)
	for i < j {
		m := int(uint(i+j) >> 1)
		if ix.sizes[list[m]] < lo {
			i = m + 1
		} else {
			j = m
		}
	}
	list = list[i:]
	i, j = 0, len(list)
	for i < j {
		m := int(uint(i+j) >> 1)
		if ix.sizes[list[m]] <= hi {
			i = m + 1
		} else {
			j = m
		}
	}
	return list[:i]
}

// seedBound returns a lower bound n/d on the k-th largest similarity of query to the sets other
// than self: the k-th largest exact similarity among up to 2k sets of the posting list of the
// element rare, those closest in size to the query. It returns 0/1 when fewer than k such sets
// exist.
func (ix *Index) seedBound(query []uint32, self int, k int, rare uint32, sc *Scratch) (uint32, uint32) {
	list := ix.post[ix.off[rare]:ix.off[rare+1]]
	if len(list) <= k {
		return 0, 1
	}
	a := uint32(len(query))
	// Sets of size about |q| first: they can have the highest similarities.
	p := len(ix.sizeWindow(list, 0, a-1))
	from := max(0, min(p-k, len(list)-2*k))
	to := min(len(list), from+2*k)
	h := sc.heap[:0]
	for _, b := range list[from:to] {
		if int(b) == self {
			continue
		}
		set := ix.sets.Set(int(b))
		c := uint32(Intersect(query, set))
		u := a + uint32(len(set)) - c
		switch {
		case len(h) < k:
			h = append(h, Neighbor{Inter: c, Union: u})
			siftUp(h, len(h)-1)
		case CompareRatio(c, u, h[0].Inter, h[0].Union) > 0:
			h[0] = Neighbor{Inter: c, Union: u}
			siftDown(h, 0)
		}
	}
	sc.heap = h
	if len(h) < k {
		return 0, 1
	}
	return h[0].Inter, h[0].Union
}

// selectTopK turns the counts of the touched sets into the tie-aware top-k answer, appended to
// dst, and clears the counters. It makes one pass over the touched sets with a min-heap of the k
// best (its root is the k-th similarity) and a list of the sets that tied with or were evicted
// at the root; at the end those equal to the final k-th similarity join the answer.
func (ix *Index) selectTopK(a uint32, k int, sc *Scratch, dst []Neighbor) []Neighbor {
	cnt, touched := sc.cnt, sc.touched
	h, ties := sc.heap[:0], sc.ties[:0]
	for _, b := range touched {
		v := cnt[b]
		cnt[b] = v &^ counterMask
		c := uint32(v)
		u := a + uint32(v>>32) - c
		switch {
		case len(h) < k:
			h = append(h, Neighbor{ID: b, Inter: c, Union: u})
			siftUp(h, len(h)-1)
		default:
			switch CompareRatio(c, u, h[0].Inter, h[0].Union) {
			case 1:
				ties = append(ties, h[0])
				h[0] = Neighbor{ID: b, Inter: c, Union: u}
				siftDown(h, 0)
			case 0:
				ties = append(ties, Neighbor{ID: b, Inter: c, Union: u})
			}
		}
	}
	start := len(dst)
	dst = append(dst, h...)
	if len(h) > 0 {
		kn, kd := h[0].Inter, h[0].Union
		for _, n := range ties {
			if CompareRatio(n.Inter, n.Union, kn, kd) == 0 {
				dst = append(dst, n)
			}
		}
	}
	for i := start; i < len(dst); i++ {
		dst[i].Jaccard = ratio(dst[i].Inter, dst[i].Union)
	}
	sc.heap, sc.ties = h, ties
	sortNeighbors(dst[start:])
	return dst
}

func siftUp(h []Neighbor, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if CompareRatio(h[i].Inter, h[i].Union, h[p].Inter, h[p].Union) >= 0 {
			return
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

func siftDown(h []Neighbor, i int) {
	n := len(h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && CompareRatio(h[r].Inter, h[r].Union, h[l].Inter, h[l].Union) < 0 {
			m = r
		}
		if CompareRatio(h[m].Inter, h[m].Union, h[i].Inter, h[i].Union) >= 0 {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}

// sortNeighbors orders an answer by descending similarity, then ascending id: insertion sort
// for short answers (the common case), pdqsort otherwise; both compare by cross-multiplication.
func sortNeighbors(ns []Neighbor) {
	if len(ns) > 24 {
		slices.SortFunc(ns, Neighbor.Compare)
		return
	}
	for i := 1; i < len(ns); i++ {
		x := ns[i]
		j := i
		for ; j > 0; j-- {
			y := &ns[j-1]
			l, r := uint64(x.Inter)*uint64(y.Union), uint64(y.Inter)*uint64(x.Union)
			if l < r || (l == r && x.ID > y.ID) {
				break
			}
			ns[j] = *y
		}
		ns[j] = x
	}
}

// ThresholdQuery returns every set whose similarity to query is at least t, ordered by
// descending similarity then ascending id. The conventions on query, self and sc are those of
// TopK. Candidates come from a size filter (sizes in [ceil(t|q|), floor(|q|/t)], found by binary
// search in the size-ordered postings), a prefix filter (only the |q|-ceil(t|q|)+1 rarest
// elements of the query are probed) and a one-sided positional filter (a set first met at the
// query's i-th rarest element shares at most |q|-i elements with it); each candidate is verified
// by an exact intersection. When t|q| <= 1 the prefix is the whole query, and the overlaps are
// counted along the postings instead, without verification.
// An invalid t returns nil.
func (ix *Index) ThresholdQuery(query []uint32, self int, t Threshold, sc *Scratch) []Neighbor {
	return ix.thresholdQuery(query, self, t, ix.scratch(sc), nil)
}

func (ix *Index) thresholdQuery(query []uint32, self int, t Threshold, sc *Scratch, dst []Neighbor) []Neighbor {
	a := len(query)
	if a == 0 || !t.Valid() {
		return dst
	}
	lo, hi := t.MinSize(a), t.MaxSize(a)
	universe := uint32(len(ix.off) - 1)
	hi32 := uint32(min(hi, int(^uint32(0))))
	if t.probePrefix(a) >= a {
		// Every element is probed (t|q| <= 1): count the overlaps exactly, no verification.
		return ix.countAccepted(query, self, t, uint32(lo), hi32, sc, dst)
	}
	// Order the query's elements by ascending frequency (posting length), then id.
	pre := append(sc.buf[:0], query...)
	slices.SortFunc(pre, func(x, y uint32) int {
		return cmp.Or(cmp.Compare(ix.freq(x, universe), ix.freq(y, universe)), cmp.Compare(x, y))
	})
	sc.buf = pre
	pre = pre[:t.probePrefix(a)]
	// Verifying a candidate merges two sets, O(|q| + |b|); counting every posting of the query
	// costs the suffix's postings instead. When the whole query's postings are within a small
	// factor of the prefix's (large sets with similar frequencies, e.g. the followers of popular
	// accounts), counting everything is cheaper than the merges and just as exact.
	prefixPost, totalPost := 0, 0
	for i, e := range sc.buf {
		f := ix.freq(e, universe)
		totalPost += f
		if i < len(pre) {
			prefixPost += f
		}
	}
	if totalPost <= fullCountFactor*(prefixPost+a) {
		return ix.countAccepted(query, self, t, uint32(lo), hi32, sc, dst)
	}
	cnt, touched := sc.cnt, sc.touched[:0]
	for pos, e := range pre {
		if e >= universe {
			continue
		}
		for _, b := range ix.sizeWindow(ix.post[ix.off[e]:ix.off[e+1]], uint32(lo), hi32) {
			v := cnt[b]
			if v&counterMask != 0 || int(b) == self {
				continue
			}
			// b holds none of the pos rarer query elements probed before (it would have been
			// met), so the overlap is at most a-pos: the positional bound.
			if a-pos >= t.MinOverlap(a, int(v>>32)) {
				cnt[b] = v | candidateMark
			} else {
				cnt[b] = v | prunedMark
			}
			touched = append(touched, b)
		}
	}
	start := len(dst)
	for _, b := range touched {
		v := cnt[b]
		cnt[b] = v &^ counterMask
		if v&counterMask != candidateMark {
			continue
		}
		set := ix.sets.Set(int(b))
		c := Intersect(query, set)
		u := a + len(set) - c
		if t.Accepts(c, u) {
			dst = append(dst, Neighbor{ID: b, Inter: uint32(c), Union: uint32(u), Jaccard: ratio(uint32(c), uint32(u))})
		}
	}
	sc.touched = touched[:0]
	sortNeighbors(dst[start:])
	return dst
}

func (ix *Index) freq(e, universe uint32) int {
	if e >= universe {
		return 0
	}
	return ix.off[e+1] - ix.off[e]
}

// QueryOptions controls the parallel query methods.
type QueryOptions struct {
	// Workers is the number of goroutines; 0 or less means runtime.GOMAXPROCS(0). The results do
	// not depend on it.
	Workers int
	// Progress, if not nil, receives the number of queries answered.
	Progress datasets.Progress
}

// TopKAll answers TopK for each set index in queries (each excluding itself), in parallel. The
// answer for queries[i] is out[i]; an empty set's answer is nil. It stops with ctx's error when
// ctx is cancelled. A query index out of range is an error.
func (ix *Index) TopKAll(ctx context.Context, queries []uint32, k int, opts QueryOptions) ([][]Neighbor, error) {
	return ix.runAll(ctx, queries, opts, func(q uint32, sc *Scratch, dst []Neighbor) []Neighbor {
		set := ix.sets.Set(int(q))
		if len(set) == 0 || k <= 0 {
			return dst
		}
		ix.count(set, int(q), k, sc)
		return ix.selectTopK(uint32(len(set)), k, sc, dst)
	})
}

// ThresholdAll answers ThresholdQuery with threshold t for each set index in queries (each
// excluding itself), in parallel, like TopKAll.
func (ix *Index) ThresholdAll(ctx context.Context, queries []uint32, t Threshold, opts QueryOptions) ([][]Neighbor, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	return ix.runAll(ctx, queries, opts, func(q uint32, sc *Scratch, dst []Neighbor) []Neighbor {
		return ix.thresholdQuery(ix.sets.Set(int(q)), int(q), t, sc, dst)
	})
}

// queryChunk is the number of queries a worker takes at a time.
const queryChunk = 256

// runAll runs answer for every query on a pool of workers. Answers are stored in arenas shared
// by the queries of a chunk, so that a million short answers cost a few hundred allocations.
func (ix *Index) runAll(ctx context.Context, queries []uint32, opts QueryOptions,
	answer func(q uint32, sc *Scratch, dst []Neighbor) []Neighbor) ([][]Neighbor, error) {
	n := uint32(ix.sets.Len())
	for i, q := range queries {
		if q >= n {
			return nil, fmt.Errorf("exact: query %d is set %d, collection has %d sets", i, q, n)
		}
	}
	out := make([][]Neighbor, len(queries))
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	chunks := (len(queries) + queryChunk - 1) / queryChunk
	workers = max(1, min(workers, chunks))
	var next, done atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			sc := ix.NewScratch()
			var arena []Neighbor
			var ends [queryChunk]int
			for {
				if ctx.Err() != nil {
					return
				}
				c := int(next.Add(1) - 1)
				if c >= chunks {
					return
				}
				lo, hi := c*queryChunk, min((c+1)*queryChunk, len(queries))
				arena = arena[:0]
				for i := lo; i < hi; i++ {
					arena = answer(queries[i], sc, arena)
					ends[i-lo] = len(arena)
				}
				// Copy the chunk's answers into one exactly sized block.
				block := slices.Clone(arena)
				prev := 0
				for i := lo; i < hi; i++ {
					if e := ends[i-lo]; e > prev {
						out[i] = block[prev:e:e]
						prev = e
					}
				}
				d := done.Add(int64(hi - lo))
				if opts.Progress != nil {
					mu.Lock()
					opts.Progress.Report(d, int64(len(queries)))
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// fullCountFactor bounds the query's total postings, relative to the prefix's postings plus its
// size, under which a threshold query counts every overlap instead of verifying candidates.
const fullCountFactor = 8

// countAccepted answers a threshold query by counting the overlap of every set sharing an element
// with query (within the size window [lo, hi]) and keeping those that t accepts. It needs no
// verification: the counts are exact. It costs the query's postings.
func (ix *Index) countAccepted(query []uint32, self int, t Threshold, lo, hi32 uint32, sc *Scratch, dst []Neighbor) []Neighbor {
	a := len(query)
	universe := uint32(len(ix.off) - 1)
	cnt, touched := sc.cnt, sc.touched[:0]
	for _, e := range query {
		if e >= universe {
			continue
		}
		for _, b := range ix.sizeWindow(ix.post[ix.off[e]:ix.off[e+1]], lo, hi32) {
			v := cnt[b]
			if v&counterMask == 0 {
				if int(b) == self {
					continue
				}
				touched = append(touched, b)
			}
			cnt[b] = v + 1
		}
	}
	start := len(dst)
	for _, b := range touched {
		v := cnt[b]
		cnt[b] = v &^ counterMask
		c, u := uint32(v), uint32(a)+uint32(v>>32)-uint32(v)
		if t.Accepts(int(c), int(u)) {
			dst = append(dst, Neighbor{ID: b, Inter: c, Union: u, Jaccard: ratio(c, u)})
		}
	}
	sc.touched = touched[:0]
	sortNeighbors(dst[start:])
	return dst
}
