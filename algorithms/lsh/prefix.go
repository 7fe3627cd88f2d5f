package lsh

import "unsafe"

// Band prefixes: an index of b bands answers, for every b' <= b, the query of the index made of
// its first b' bands, because a banded index with fewer bands is exactly a prefix of its tables.
// The experiment runner uses this to evaluate every b of a (b, r) grid from one build.

// tablesPerBand returns how many tables make one band: 1 for Banding, r for MultiProbe.
func (ix *Index) tablesPerBand() int {
	if ix.variant == MultiProbe {
		return ix.params.R
	}
	return 1
}

// CandidatesPrefix returns the candidates of row i in the index made of the first bands bands
// only (all bands when bands >= B), as Candidates does. The slice is reused by the next query.
func (q *Querier) CandidatesPrefix(i int, bands int) []uint32 {
	if i < 0 || i >= q.ix.n || q.ix.rows.IsEmpty(i) {
		return q.cands[:0]
	}
	nt := min(len(q.ix.tables), max(bands, 0)*q.ix.tablesPerBand())
	return q.query(q.ix.rows.Row(i), uint32(i), true, nt, nil)
}

// CandidatesByBand returns the candidates of row i over all bands together with, for each, the
// first band (0-based) in which it shares a bucket with i: candidate cands[j] is a candidate of
// the index made of the first b bands exactly when first[j] < b. first is reused from the
// argument (grown as needed); both slices are reused by the next query.
func (q *Querier) CandidatesByBand(i int, first []uint32) ([]uint32, []uint32) {
	first = first[:0]
	if i < 0 || i >= q.ix.n || q.ix.rows.IsEmpty(i) {
		return q.cands[:0], first
	}
	out := q.query(q.ix.rows.Row(i), uint32(i), true, len(q.ix.tables), &first)
	return out, first
}

// PrefixBytes returns the memory an index of only the first bands bands would hold: the index
// header plus those bands' tables, computed from their arrays like Bytes. PrefixBytes(B) equals
// Bytes.
func (ix *Index) PrefixBytes(bands int) int64 {
	nt := min(len(ix.tables), max(bands, 0)*ix.tablesPerBand())
	b := int64(unsafe.Sizeof(*ix)) + int64(nt)*int64(unsafe.Sizeof(table{}))
	for i := range ix.tables[:nt] {
		b += ix.tables[i].bytes()
	}
	return b
}
