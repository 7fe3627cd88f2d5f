package lsh

import "math/bits"

// The band keys are XXH64 (seed 0) of the little-endian bytes of a few uint32 words. xxh64Words
// computes exactly xxhash.Sum64 of those bytes straight from the words, without assembling a byte
// buffer; a test checks it against github.com/cespare/xxhash/v2 for every length up to 40 words.

const (
	xxP1 uint64 = 0x9E3779B185EBCA87
	xxP2 uint64 = 0xC2B2AE3D27D4EB4F
	xxP3 uint64 = 0x165667B19E3779F9
	xxP4 uint64 = 0x85EBCA77C2B2AE63
	xxP5 uint64 = 0x27D4EB2F165667C5
)

func xxRound(acc, input uint64) uint64 {
	acc += input * xxP2
	acc = bits.RotateLeft64(acc, 31)
	return acc * xxP1
}

func xxMerge(acc, val uint64) uint64 {
	acc ^= xxRound(0, val)
	return acc*xxP1 + xxP4
}

// xxh64Words returns XXH64 with seed 0 of the 4*len(w) little-endian bytes of w.
func xxh64Words(w []uint32) uint64 {
	if len(w) == 0 {
		return xxh64Tagged(nil, 0, true)
	}
	return xxh64Tagged(w[:len(w)-1], w[len(w)-1], false)
}

// word returns word i of the sequence vals followed by tag.
func word(vals []uint32, tag uint32, i int) uint64 {
	if i < len(vals) {
		return uint64(vals[i])
	}
	return uint64(tag)
}

// lane returns the 64-bit little-endian lane of words i and i+1 of vals followed by tag.
func lane(vals []uint32, tag uint32, i int) uint64 {
	return word(vals, tag, i) | word(vals, tag, i+1)<<32
}

// xxh64Tagged returns XXH64 with seed 0 of the little-endian bytes of vals followed by tag (or of
// vals alone when noTag), without copying them.
func xxh64Tagged(vals []uint32, tag uint32, noTag bool) uint64 {
	n := len(vals) + 1
	if noTag {
		n--
	}
	w := vals
	var h uint64
	i := 0
	if n >= 8 {
		p1, p2 := xxP1, xxP2 // variables: the sums wrap around, as the algorithm intends
		v1 := p1 + p2
		v2 := p2
		v3 := uint64(0)
		v4 := -p1
		for ; i+8 <= n; i += 8 {
			v1 = xxRound(v1, lane(w, tag, i))
			v2 = xxRound(v2, lane(w, tag, i+2))
			v3 = xxRound(v3, lane(w, tag, i+4))
			v4 = xxRound(v4, lane(w, tag, i+6))
		}
		h = bits.RotateLeft64(v1, 1) + bits.RotateLeft64(v2, 7) + bits.RotateLeft64(v3, 12) + bits.RotateLeft64(v4, 18)
		h = xxMerge(h, v1)
		h = xxMerge(h, v2)
		h = xxMerge(h, v3)
		h = xxMerge(h, v4)
	} else {
		h = xxP5
	}
	h += uint64(4 * n)
	for ; i+2 <= n; i += 2 {
		h ^= xxRound(0, lane(w, tag, i))
		h = bits.RotateLeft64(h, 27)*xxP1 + xxP4
	}
	if i < n {
		h ^= word(w, tag, i) * xxP1
		h = bits.RotateLeft64(h, 23)*xxP2 + xxP3
	}
	h ^= h >> 33
	h *= xxP2
	h ^= h >> 29
	h *= xxP3
	h ^= h >> 32
	return h
}
