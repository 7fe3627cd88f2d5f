package lsh

import (
	"math/bits"
	"slices"
)

// table is one hash table of an index in flat form: the bucket keys sorted ascending, a radix
// directory on their top bits, and the members of every bucket in compressed sparse rows.
//
// Bucket j has key keys[j] and members ids[offs[j]:offs[j+1]] (ascending row numbers). Keys whose
// top dbits bits equal p are keys[dir[p]:dir[p+1]]; dbits is about log2(len(keys)), so a lookup
// reads one directory pair and scans one or two keys on average.
type table struct {
	keys  []uint64
	offs  []uint32
	ids   []uint32
	dir   []uint32
	dbits uint32
}

// lookup returns the members of the bucket with key, or nil. It does not allocate.
func (t *table) lookup(key uint64) []uint32 {
	if len(t.keys) == 0 {
		return nil
	}
	p := key >> (64 - t.dbits) // a shift by 64 yields 0 in Go
	lo, hi := t.dir[p], t.dir[p+1]
	for j := lo; j < hi; j++ {
		if k := t.keys[j]; k >= key {
			if k == key {
				return t.ids[t.offs[j]:t.offs[j+1]]
			}
			return nil
		}
	}
	return nil
}

// bytes returns the memory of the table's arrays.
func (t *table) bytes() int64 {
	return 8*int64(cap(t.keys)) + 4*int64(cap(t.offs)+cap(t.ids)+cap(t.dir))
}

// dirBits returns the directory width for nkeys keys: floor(log2(nkeys)), so the directory has
// at most one entry per key (at most 4 bytes per key) and about one to two keys per slot.
func dirBits(nkeys int) uint32 {
	if nkeys < 2 {
		return 0
	}
	return uint32(min(bits.Len(uint(nkeys))-1, 30))
}

// buildDir fills the directory of sorted keys.
func buildDir(keys []uint64, dbits uint32) []uint32 {
	slots := 1 << dbits
	dir := make([]uint32, slots+1)
	j := 0
	for p := 0; p < slots; p++ {
		dir[p] = uint32(j)
		for j < len(keys) && int(keys[j]>>(64-dbits)) == p {
			j++
		}
	}
	dir[slots] = uint32(j)
	return dir
}

// pair is a (band key, row) pair during a build.
type pair struct {
	key uint64
	row uint32
}

// tableBuilder holds the scratch of one build goroutine; it is reused across tables.
type tableBuilder struct {
	keys   []uint64 // key of every indexed row, in row order (forest: radix sort buffers)
	gkeys  []uint64 // keys of a group of tables, table-major
	sorted []pair
	count  []uint32
}

// build turns keys (one per entry of rows, the indexed row numbers in ascending order) into a
// table. Buckets with fewer than minSize members are dropped. The result does not depend on
// anything but the keys and rows: the counting sort on the top bits is stable and the slots are
// sorted by (key, row). It runs in O(m) expected for m keys (slot sorting is O(m log m) worst).
func (tb *tableBuilder) build(keys []uint64, rows []uint32, minSize int) table {
	m := len(keys)
	if m == 0 {
		return table{}
	}
	sbits := uint32(bits.Len(uint(m)))
	sbits = min(max(sbits, 1), 28)
	shift := 64 - sbits
	slots := 1 << sbits
	if cap(tb.count) < slots+1 {
		tb.count = make([]uint32, slots+1)
	}
	count := tb.count[:slots+1]
	clear(count)
	for _, k := range keys {
		count[(k>>shift)+1]++
	}
	for p := 1; p <= slots; p++ {
		count[p] += count[p-1]
	}
	if cap(tb.sorted) < m {
		tb.sorted = make([]pair, m)
	}
	sorted := tb.sorted[:m]
	for i, k := range keys {
		p := k >> shift
		sorted[count[p]] = pair{key: k, row: rows[i]}
		count[p]++
	}
	// count[p] is now the end of slot p; slot p starts at count[p-1] (0 for p = 0).
	start := 0
	for p := 0; p < slots; p++ {
		end := int(count[p])
		if end-start > 1 {
			sortPairs(sorted[start:end])
		}
		start = end
	}
	// Count the buckets kept and their members.
	nb, nm := 0, 0
	for i := 0; i < m; {
		j := i + 1
		for j < m && sorted[j].key == sorted[i].key {
			j++
		}
		if j-i >= minSize {
			nb++
			nm += j - i
		}
		i = j
	}
	t := table{keys: make([]uint64, nb), offs: make([]uint32, nb+1), ids: make([]uint32, nm)}
	b, o := 0, 0
	for i := 0; i < m; {
		j := i + 1
		for j < m && sorted[j].key == sorted[i].key {
			j++
		}
		if j-i >= minSize {
			t.keys[b] = sorted[i].key
			for _, pr := range sorted[i:j] {
				t.ids[o] = pr.row
				o++
			}
			b++
			t.offs[b] = uint32(o)
		}
		i = j
	}
	t.dbits = dirBits(nb)
	t.dir = buildDir(t.keys, t.dbits)
	return t
}

// sortPairs sorts by key, then row: insertion sort for the usual short slots.
func sortPairs(s []pair) {
	if len(s) > 24 {
		slices.SortFunc(s, func(a, b pair) int {
			switch {
			case a.key < b.key:
				return -1
			case a.key > b.key:
				return 1
			case a.row < b.row:
				return -1
			case a.row > b.row:
				return 1
			}
			return 0
		})
		return
	}
	for i := 1; i < len(s); i++ {
		x := s[i]
		j := i
		for j > 0 && (s[j-1].key > x.key || (s[j-1].key == x.key && s[j-1].row > x.row)) {
			s[j] = s[j-1]
			j--
		}
		s[j] = x
	}
}
