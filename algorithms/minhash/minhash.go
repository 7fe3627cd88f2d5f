package minhash

import (
	"fmt"
	"strconv"
	"strings"
)

// Empty is the sentinel value of a signature position that holds no hash. A row whose first word
// is Empty is the row of an empty set (see IsEmptyRow); no hash function of this package produces
// Empty (hash values are capped at Empty-1), so the sentinel never counts as a match.
const Empty uint32 = 1<<32 - 1

// MaxK is the largest signature length New accepts.
const MaxK = 1 << 16

// Sketcher computes and compares the signatures of one variant with fixed parameters (k, seed).
//
// Rows are caller-provided []uint32 of length RowWords(). Sketch writes the row of one set; it does
// not allocate. A Sketcher may hold scratch space: it must not be used by two goroutines at once;
// use Clone to get an independent copy for each goroutine (Clone is cheap: parameters are shared,
// scratch is not).
type Sketcher interface {
	// Name returns the variant's stable name, e.g. "kminhash" or "bbit4-oph-optimal".
	Name() string
	// Seed returns the seed the parameters were drawn from.
	Seed() uint64
	// K returns the number of signature positions (hash values) per row.
	K() int
	// RowWords returns the number of uint32 words of a row (K for every variant except b-bit,
	// whose rows are one flag word plus ceil(K*b/32) packed words).
	RowWords() int
	// Sketch writes the signature of set (sorted ascending, no duplicates) into row
	// (len(row) == RowWords()). The row of an empty set is all Empty. It runs in O(len(set)*K) for
	// kminhash, paper and cminhash, O(len(set) + K) expected for oph-*, O(len(set) log K) worst for
	// bottomk, O(len(set) + K log^2 K) expected for superminhash.
	Sketch(set []uint32, row []uint32)
	// Estimate returns the estimated Jaccard similarity of the sets whose rows are a and b; it is 0
	// when either row is the row of an empty set (datasets.EmptyRule). It runs in O(RowWords).
	Estimate(a, b []uint32) float64
	// BytesPerRow returns the storage of one row in bytes (4 * RowWords).
	BytesPerRow() int
	// Clone returns a sketcher with the same parameters and its own scratch space.
	Clone() Sketcher
}

// Merger is implemented by sketchers whose rows combine: Merge writes into dst the row of A u B
// given the rows of A and B, so that Merge(sketch(A), sketch(B)) == sketch(A u B) exactly. dst may
// alias a or b. kminhash, paper, cminhash and superminhash merge by element-wise minimum, bottomk
// by the k smallest values of the union. The oph-* variants merge their bins before densification
// (OPH.SketchBins, OPH.MergeBins, OPH.Densify); b-bit rows cannot be merged (the truncation to b
// bits loses the order of the values).
type Merger interface {
	Merge(dst, a, b []uint32)
}

// IsEmptyRow reports whether row is the row of an empty set. It holds for every variant.
func IsEmptyRow(row []uint32) bool { return len(row) > 0 && row[0] == Empty }

// VariantInfo names a variant and says in one line what it is.
type VariantInfo struct {
	Name        string
	Description string
}

// Variants returns the variants New accepts, with one-line descriptions. b-bit variants are listed
// once as the pattern "bbit<b>-<base>".
func Variants() []VariantInfo {
	return []VariantInfo{
		{"kminhash", "classic k-hash minhash: k multiply-shift hashes a_i*m over one strong 64-bit mix m of each element"},
		{"paper", "the paper's family ((a*x+b) mod 2^64 mod 3000000019) mod 3000000000 on raw ids (biased on consecutive ids)"},
		{"oph-optimal", "one-permutation hashing, k bins, optimal densification (Shrivastava 2017)"},
		{"oph-fast", "one-permutation hashing, k bins, fast densification (Mai et al. 2019)"},
		{"oph-rotation", "one-permutation hashing, k bins, densification by rotation (Shrivastava and Li 2014)"},
		{"bbit<b>-<base>", "b-bit minhash (Li and Konig 2010), b in {1,2,4,8,16}, over a base variant (not bottomk), e.g. bbit4-kminhash"},
		{"bottomk", "bottom-k sketch: the k smallest values of one hash function, exact when |A u B| <= k"},
		{"superminhash", "SuperMinHash (Ertl 2017): k positions from one random permutation per element, lower variance on small sets"},
		{"cminhash", "C-MinHash (Li and Li 2021): initial permutation sigma then circulant shifts of one permutation pi"},
	}
}

// New returns the sketcher of variant with k positions, its parameters drawn from seed. It fails
// on an unknown variant, k outside [1, MaxK], or a b-bit width outside {1, 2, 4, 8, 16}.
func New(variant string, k int, seed uint64) (Sketcher, error) {
	if k <= 0 || k > MaxK {
		return nil, fmt.Errorf("minhash: k = %d out of range [1, %d]", k, MaxK)
	}
	switch variant {
	case "kminhash":
		return newKMinHash(k, seed), nil
	case "paper":
		return newPaper(k, seed), nil
	case "oph-optimal":
		return newOPH(densifyOptimal, k, seed), nil
	case "oph-fast":
		return newOPH(densifyFast, k, seed), nil
	case "oph-rotation":
		return newOPH(densifyRotation, k, seed), nil
	case "bottomk":
		return newBottomK(k, seed), nil
	case "superminhash":
		return newSuperMinHash(k, seed), nil
	case "cminhash":
		return newCMinHash(k, seed), nil
	}
	if rest, ok := strings.CutPrefix(variant, "bbit"); ok {
		bs, base, ok := strings.Cut(rest, "-")
		if !ok {
			return nil, fmt.Errorf("minhash: variant %q: want bbit<b>-<base>, e.g. bbit4-kminhash", variant)
		}
		b, err := strconv.Atoi(bs)
		if err != nil || (b != 1 && b != 2 && b != 4 && b != 8 && b != 16) {
			return nil, fmt.Errorf("minhash: variant %q: b-bit width b = %q must be one of 1, 2, 4, 8, 16", variant, bs)
		}
		if base == "bottomk" || strings.HasPrefix(base, "bbit") {
			return nil, fmt.Errorf("minhash: variant %q: base %q cannot be truncated to b bits (its positions are not aligned hash functions)", variant, base)
		}
		inner, err := New(base, k, seed)
		if err != nil {
			return nil, fmt.Errorf("minhash: variant %q: base: %w", variant, err)
		}
		return newBBit(b, inner), nil
	}
	return nil, fmt.Errorf("minhash: unknown variant %q (see Variants: kminhash, paper, oph-optimal, oph-fast, oph-rotation, bbit<b>-<base>, bottomk, superminhash, cminhash)", variant)
}

// fill sets every word of row to v.
func fill(row []uint32, v uint32) {
	for i := range row {
		row[i] = v
	}
}

// capRow replaces every Empty position of a non-empty set's row by Empty-1, for hash families whose
// range includes the sentinel. It runs in O(len(row)).
func capRow(row []uint32) {
	for i, v := range row {
		if v == Empty {
			row[i] = Empty - 1
		}
	}
}

// matchFraction is the estimator of every variant whose positions are aligned hash functions: the
// fraction of equal positions; 0 if either row is an empty set's.
func matchFraction(a, b []uint32) float64 {
	if len(a) == 0 || a[0] == Empty || b[0] == Empty {
		return 0
	}
	b = b[:len(a)]
	n := 0
	for i, v := range a {
		if v == b[i] {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

// minMerge writes the element-wise minimum of a and b into dst.
func minMerge(dst, a, b []uint32) {
	a = a[:len(dst)]
	b = b[:len(dst)]
	for i := range dst {
		dst[i] = min(a[i], b[i])
	}
}

// Aligned reports whether the variant's rows are aligned: position i of every row holds the value
// of the same hash function (or bin), so two rows agree at i with probability J and rows can be
// banded for LSH. Every variant is aligned except bottomk, whose positions are the ranks of the k
// smallest values of one hash function. b-bit variants are aligned on their unpacked values.
func Aligned(variant string) bool { return variant != "bottomk" }
