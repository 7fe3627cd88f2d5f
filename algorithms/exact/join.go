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

// Pair is one pair of sets of a join: A < B are set ids, Inter and Union the sizes of their
// intersection and union; the similarity is exactly Inter/Union, also held in Jaccard.
type Pair struct {
	A, B    uint32
	Inter   uint32
	Union   uint32
	Jaccard float64
}

func newPair(a, b uint32, inter, union int) Pair {
	if a > b {
		a, b = b, a
	}
	return Pair{A: a, B: b, Inter: uint32(inter), Union: uint32(union), Jaccard: ratio(uint32(inter), uint32(union))}
}

// Filters selects the candidate filters of Join. Every choice gives the same pairs; the weaker
// ones exist to measure what each filter buys.
type Filters uint8

const (
	// AllFilters uses the size, prefix and positional filters (PPJoin). It is the default.
	AllFilters Filters = iota
	// SizePrefixFilters uses the size and prefix filters (AllPairs), without the positional one.
	SizePrefixFilters
	// SizeFilter verifies every pair whose sizes allow similarity t.
	SizeFilter
	// NoFilters verifies every pair (brute force, quadratic).
	NoFilters
)

// String names the filters.
func (f Filters) String() string {
	switch f {
	case AllFilters:
		return "size+prefix+positional"
	case SizePrefixFilters:
		return "size+prefix"
	case SizeFilter:
		return "size"
	case NoFilters:
		return "none"
	}
	return fmt.Sprintf("Filters(%d)", f)
}

// JoinOptions controls Join.
type JoinOptions struct {
	// Workers is the number of goroutines; 0 or less means runtime.GOMAXPROCS(0). The result
	// does not depend on it.
	Workers int
	// Progress, if not nil, receives the number of probing sets processed out of the number of
	// non-empty sets.
	Progress datasets.Progress
	// Filters selects the candidate filters; the zero value uses them all.
	Filters Filters
}

// Join returns every pair of sets of s whose similarity is at least t, each unordered pair once
// with A < B, sorted by (A, B). Empty sets are in no pair.
//
// It follows AllPairs/PPJoin: elements are renumbered by ascending global frequency (then id)
// and each set sorted in that order; sets are processed by ascending size (then id); each set's
// PPJoin indexing prefix (|y| - ceil(2t/(1+t)|y|) + 1 rarest elements) goes into an inverted
// index of (set, position); each set probes the index with its |x| - ceil(t|x|) + 1 rarest
// elements, meeting only earlier (not larger) sets whose size is at least ceil(t|x|), and drops
// a candidate as soon as the positional bound (overlap so far plus the smaller remainder) falls
// below the required overlap ceil(t/(1+t)(|x|+|y|)). A survivor's overlap is the count so far
// plus that of the two suffixes after the last common element counted, found by merging. All
// bounds are integer arithmetic on t's numerator and denominator.
//
// Probing sets are handed out in chunks of ascending rank to workers, each with its own counters
// and forward cursors into the posting lists; the sorted output does not depend on their number.
// Memory: the renumbered collection, the prefix index and a counter array per worker, O(NumElems
// + workers*Len), plus the pairs.
func Join(ctx context.Context, s *datasets.Sets, t Threshold, opts JoinOptions) ([]Pair, error) {
	if err := t.check(); err != nil {
		return nil, err
	}
	if opts.Filters > NoFilters {
		return nil, fmt.Errorf("join: unknown filters %d", opts.Filters)
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	j := newJoiner(s, t, opts.Filters, workers)
	m := len(j.ids)
	const chunk = 512
	chunks := (m + chunk - 1) / chunk
	workers = max(1, min(workers, chunks))
	results := make([][]Pair, chunks)
	var next, done atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			w := j.newWorker()
			for {
				if ctx.Err() != nil {
					return
				}
				c := int(next.Add(1) - 1)
				if c >= chunks {
					return
				}
				lo, hi := c*chunk, min((c+1)*chunk, m)
				w.out = w.out[:0]
				for r := lo; r < hi; r++ {
					w.probe(uint32(r))
				}
				results[c] = slices.Clone(w.out)
				d := done.Add(int64(hi - lo))
				if opts.Progress != nil {
					mu.Lock()
					opts.Progress.Report(d, int64(m))
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return sortPairs(results, s.Len(), workers), nil
}

// parallelRanges calls fill on consecutive ranges [lo, hi) covering [0, n), one per worker,
// concurrently, and waits.
func parallelRanges(n, workers int, fill func(lo, hi int)) {
	workers = max(1, min(workers, n/4096))
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := n*w/workers, n*(w+1)/workers
		wg.Go(func() { fill(lo, hi) })
	}
	wg.Wait()
}

// sortPairs merges the chunks' pairs, sorted by (A, B): a counting sort on A, scattering from
// every chunk, then a sort of each run of equal A by B (in parallel), in O(pairs + n) plus the
// (short) runs' sorts. Set ids are below n.
func sortPairs(chunks [][]Pair, n, workers int) []Pair {
	start := make([]int, n+1)
	for _, ps := range chunks {
		for _, p := range ps {
			start[p.A+1]++
		}
	}
	for i := 1; i <= n; i++ {
		start[i] += start[i-1]
	}
	out := make([]Pair, start[n])
	pos := slices.Clone(start[:n])
	for c, ps := range chunks {
		for _, p := range ps {
			out[pos[p.A]] = p
			pos[p.A]++
		}
		chunks[c] = nil
	}
	parallelRanges(n, workers, func(lo, hi int) {
		for a := lo; a < hi; a++ {
			run := out[start[a]:start[a+1]]
			if len(run) < 16 {
				for i := 1; i < len(run); i++ {
					for j := i; j > 0 && run[j].B < run[j-1].B; j-- {
						run[j], run[j-1] = run[j-1], run[j]
					}
				}
				continue
			}
			slices.SortFunc(run, func(x, y Pair) int { return cmp.Compare(x.B, y.B) })
		}
	})
	return out
}

// posting is an entry of the join's inverted index: a set (by processing rank) and the position
// of the element in that set.
type posting struct {
	set, pos uint32
}

// joiner holds the renumbered collection and the prefix index shared by the join's workers.
type joiner struct {
	t       Threshold
	filters Filters
	ids     []uint32 // original set id of each processing rank (non-empty sets, by size then id)
	sizes   []uint32 // size of the set of each processing rank
	off     []int    // set r is elems[off[r]:off[r+1]], element ranks ascending
	elems   []uint32
	first   []uint32 // first[sz] = first rank whose set has size >= sz
	ioff    []int    // postings of element rank w: inv[ioff[w]:ioff[w+1]], by ascending set rank
	inv     []posting
}

func newJoiner(s *datasets.Sets, t Threshold, filters Filters, workers int) *joiner {
	n := s.Len()
	sizes := make([]uint32, n)
	maxSize := 0
	for i := range sizes {
		sizes[i] = uint32(s.Size(i))
		maxSize = max(maxSize, int(sizes[i]))
	}
	order := orderBySize(sizes, maxSize)
	empty := 0
	for empty < len(order) && sizes[order[empty]] == 0 {
		empty++
	}
	j := &joiner{t: t, filters: filters, ids: order[empty:]}
	m := len(j.ids)

	// Element ranks by ascending frequency, then id (counting sort on frequency).
	universe := universeOf(s)
	freq := make([]uint32, universe)
	maxFreq := 0
	for _, e := range s.Elems {
		freq[e]++
		maxFreq = max(maxFreq, int(freq[e]))
	}
	byFreq := orderBySize(freq, maxFreq)
	rank := freq // reuse: freq is no longer needed once byFreq exists
	for r, e := range byFreq {
		rank[e] = uint32(r)
	}

	j.off = make([]int, m+1)
	j.sizes = make([]uint32, m)
	for r, id := range j.ids {
		j.sizes[r] = sizes[id]
		j.off[r+1] = j.off[r] + int(sizes[id])
	}
	j.elems = make([]uint32, j.off[m])
	parallelRanges(m, workers, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			x := j.elems[j.off[r]:j.off[r+1]]
			for k, e := range s.Set(int(j.ids[r])) {
				x[k] = rank[e]
			}
			slices.Sort(x)
		}
	})
	j.first = make([]uint32, maxSize+2)
	r := 0
	for sz := range j.first {
		for r < m && j.size(uint32(r)) < sz {
			r++
		}
		j.first[sz] = uint32(r)
	}
	if filters == AllFilters || filters == SizePrefixFilters {
		j.buildIndex(universe)
	}
	return j
}

func (j *joiner) size(r uint32) int { return int(j.sizes[r]) }

func (j *joiner) set(r uint32) []uint32 { return j.elems[j.off[r]:j.off[r+1]] }

// buildIndex indexes each set's PPJoin indexing prefix.
func (j *joiner) buildIndex(universe int) {
	j.ioff = make([]int, universe+1)
	m := uint32(len(j.ids))
	for r := uint32(0); r < m; r++ {
		x := j.set(r)
		for _, w := range x[:j.t.indexPrefix(len(x))] {
			j.ioff[w+1]++
		}
	}
	for w := 0; w < universe; w++ {
		j.ioff[w+1] += j.ioff[w]
	}
	j.inv = make([]posting, j.ioff[universe])
	pos := slices.Clone(j.ioff[:universe])
	for r := uint32(0); r < m; r++ {
		x := j.set(r)
		for p, w := range x[:j.t.indexPrefix(len(x))] {
			j.inv[pos[w]] = posting{set: r, pos: uint32(p)}
			pos[w]++
		}
	}
}

// candidate is a worker's record of one set met by the current probe: the overlap counted in the
// prefixes (negative once pruned) and the positions in the probe and in the set of the last
// common element counted.
type candidate struct {
	cnt  int32
	i, j uint32
}

// joinWorker is one worker's state: a candidate record per set rank, the sets touched by the
// current probe, and the pairs found.
type joinWorker struct {
	j       *joiner
	acc     []candidate
	cursor  []int // per element rank: first posting not yet known to be too small
	touched []uint32
	need    []int32
	out     []Pair
}

const pruned = -1 << 30

func (j *joiner) newWorker() *joinWorker {
	w := &joinWorker{j: j, acc: make([]candidate, len(j.ids))}
	if j.ioff != nil {
		w.cursor = slices.Clone(j.ioff[:len(j.ioff)-1])
	}
	return w
}

// probe finds the pairs between set r and the sets before it.
func (w *joinWorker) probe(r uint32) {
	j := w.j
	t := j.t
	x := j.set(r)
	s := len(x)
	lb := j.first[t.MinSize(s)]
	switch j.filters {
	case NoFilters:
		lb = 0
		fallthrough
	case SizeFilter:
		for y := lb; y < r; y++ {
			w.verify(r, y, 0, x, j.set(y))
		}
		return
	}
	positional := j.filters == AllFilters
	// need[b-minSize] is the overlap required with a set of size b in [minSize, s].
	minSize := t.MinSize(s)
	need := w.need[:0]
	for b := minSize; b <= s; b++ {
		need = append(need, int32(t.MinOverlap(s, b)))
	}
	w.need = need
	acc, touched := w.acc, w.touched[:0]
	for i, e := range x[:t.probePrefix(s)] {
		// Skip the sets too small for x: the list is ordered by set rank, hence by size. A worker
		// probes with ascending ranks, so lb never decreases and the cursor only moves forward
		// (AllPairs' trick), in O(list length) per worker over the whole join.
		k, end := w.cursor[e], j.ioff[e+1]
		for k < end && j.inv[k].set < lb {
			k++
		}
		w.cursor[e] = k
		for _, p := range j.inv[k:end] {
			y := p.set
			if y >= r {
				break
			}
			a := acc[y].cnt
			if a < 0 {
				continue
			}
			if a == 0 {
				touched = append(touched, y)
			}
			if positional {
				b := int(j.sizes[y])
				rest := min(s-i, b-int(p.pos))
				if a+int32(rest) < need[b-minSize] {
					acc[y].cnt = pruned
					continue
				}
			}
			acc[y] = candidate{cnt: a + 1, i: uint32(i), j: p.pos}
		}
	}
	// Every common element before the last one counted lies in both prefixes, so it was counted:
	// the overlap is the count plus that of the two suffixes after the last common element.
	for _, y := range touched {
		if c := acc[y]; c.cnt > 0 {
			if int(c.i)+1 == s || c.j+1 == j.sizes[y] {
				w.accept(r, y, int(c.cnt)) // a suffix is empty: the count is the overlap
			} else {
				w.verify(r, y, int(c.cnt), x[c.i+1:], j.set(y)[c.j+1:])
			}
		}
		acc[y] = candidate{}
	}
	w.touched = touched[:0]
}

// verify completes the overlap of sets r and y, known to be c plus the overlap of the suffixes
// xs and ys, by merging, and records the pair if it reaches the threshold.
func (w *joinWorker) verify(r, y uint32, c int, xs, ys []uint32) {
	j := w.j
	sx, sy := j.size(r), j.size(y)
	need := j.t.MinOverlap(sx, sy)
	i, k := 0, 0
	for i < len(xs) && k < len(ys) {
		if c+min(len(xs)-i, len(ys)-k) < need {
			return
		}
		a, b := xs[i], ys[k]
		if a == b {
			c++
			i++
			k++
		} else if a < b {
			i++
		} else {
			k++
		}
	}
	if c >= need {
		w.out = append(w.out, newPair(j.ids[r], j.ids[y], c, sx+sy-c))
	}
}

// accept records the pair of sets r and y, whose overlap is c, if it reaches the threshold.
func (w *joinWorker) accept(r, y uint32, c int) {
	j := w.j
	sx, sy := j.size(r), j.size(y)
	if c >= j.t.MinOverlap(sx, sy) {
		w.out = append(w.out, newPair(j.ids[r], j.ids[y], c, sx+sy-c))
	}
}
