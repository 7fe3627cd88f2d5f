package lsh

import (
	"math/bits"
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
	// filter has one bit per value of the keys' top dbits+filterExtra bits, set when a key has
	// that prefix: about 8 to 16 bits per key, small enough to stay in cache, it answers most
	// lookups of absent keys without touching the directory or the keys (false positive rate
	// below 22%). It is derived from keys (not saved).
	filter []uint64
}

// filterExtra is the number of key bits the filter resolves beyond the directory.
const filterExtra = 3

// filterBit returns the filter position of key.
func (t *table) filterBit(key uint64) uint64 { return key >> (64 - t.dbits - filterExtra) }

// mayHold reports whether key can be in the table (false: certainly absent).
func (t *table) mayHold(key uint64) bool {
	b := t.filterBit(key)
	return t.filter[b>>6]&(1<<(b&63)) != 0
}

// buildFilter fills the filter of the table's keys.
func (t *table) buildFilter() {
	bitsN := uint64(1) << (t.dbits + filterExtra)
	t.filter = make([]uint64, max(1, bitsN/64))
	for _, k := range t.keys {
		b := t.filterBit(k)
		t.filter[b>>6] |= 1 << (b & 63)
	}
}

// bytes returns the memory of the table's arrays.
func (t *table) bytes() int64 {
	return 8*int64(cap(t.keys)+cap(t.filter)) + 4*int64(cap(t.offs)+cap(t.ids)+cap(t.dir))
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
	keys  []uint64 // key of every indexed row, in row order (forest: radix sort buffers)
	a, b  []pair   // radix sort buffers
	count []uint32
}

// radixBits is the digit width of the table sort: two stable passes order the pairs by the top
// 2*radixBits bits of their keys with counting arrays that stay in the first-level cache.
const radixBits = 11

// build turns keys (one per entry of rows, the indexed row numbers in ascending order) into a
// table. Buckets with fewer than minSize members are dropped. The pairs are sorted by two stable
// LSD radix passes on the keys' top 22 bits and a final insertion pass that orders keys sharing
// those bits (about m/2^22 per group, so O(m) in expectation); stability keeps the rows of a
// bucket ascending. The result depends only on keys and rows.
func (tb *tableBuilder) build(keys []uint64, rows []uint32, minSize int) table {
	m := len(keys)
	if m == 0 {
		return table{}
	}
	if cap(tb.a) < m {
		tb.a, tb.b = make([]pair, m), make([]pair, m)
	}
	if cap(tb.count) < 2<<radixBits {
		tb.count = make([]uint32, 2<<radixBits)
	}
	a, b := tb.a[:m], tb.b[:m]
	const mask = 1<<radixBits - 1
	const lo = 64 - 2*radixBits
	// Both digit histograms in one read of the keys.
	c1, c2 := tb.count[:1<<radixBits], tb.count[1<<radixBits:2<<radixBits]
	clear(c1)
	clear(c2)
	for _, k := range keys {
		c1[(k>>lo)&mask]++
		c2[k>>(64-radixBits)]++
	}
	prefixSums(c1)
	prefixSums(c2)
	// Pass 1: bits [lo, lo+11), from keys and rows into a.
	for i, k := range keys {
		d := (k >> lo) & mask
		a[c1[d]] = pair{key: k, row: rows[i]}
		c1[d]++
	}
	// Pass 2: the top 11 bits, from a into b.
	for i := range a {
		d := a[i].key >> (64 - radixBits)
		b[c2[d]] = a[i]
		c2[d]++
	}
	// Insertion pass: order keys that share their top 22 bits (stable).
	for i := 1; i < m; i++ {
		if b[i].key >= b[i-1].key {
			continue
		}
		x := b[i]
		j := i
		for j > 0 && b[j-1].key > x.key {
			b[j] = b[j-1]
			j--
		}
		b[j] = x
	}
	sorted := b
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
	bk, o := 0, 0
	for i := 0; i < m; {
		j := i + 1
		for j < m && sorted[j].key == sorted[i].key {
			j++
		}
		if j-i >= minSize {
			t.keys[bk] = sorted[i].key
			for _, pr := range sorted[i:j] {
				t.ids[o] = pr.row
				o++
			}
			bk++
			t.offs[bk] = uint32(o)
		}
		i = j
	}
	t.dbits = dirBits(nb)
	t.dir = buildDir(t.keys, t.dbits)
	t.buildFilter()
	return t
}

// prefixSums turns counts into exclusive prefix sums (start offsets).
func prefixSums(count []uint32) {
	sum := uint32(0)
	for d, c := range count {
		count[d] = sum
		sum += c
	}
}
