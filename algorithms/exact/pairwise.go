package exact

// gallopRatio is the size ratio above which Intersect switches from a linear merge to galloping
// search of the larger set.
const gallopRatio = 16

// Intersect returns |a ∩ b| for two sets sorted ascending without duplicates. It merges in
// O(|a| + |b|), or, when one set is more than 16 times larger than the other, gallops through
// the larger one in O(|small| log(|large|/|small|)).
func Intersect(a, b []uint32) int {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) == 0 {
		return 0
	}
	if len(b) > gallopRatio*len(a) {
		return intersectGallop(a, b)
	}
	return intersectMerge(a, b)
}

// intersectMerge counts common elements by a linear merge.
func intersectMerge(a, b []uint32) int {
	c, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		x, y := a[i], b[j]
		if x == y {
			c++
			i++
			j++
		} else if x < y {
			i++
		} else {
			j++
		}
	}
	return c
}

// intersectGallop counts common elements, searching each element of the small set a in the
// large set b by exponential then binary search from the previous match position.
func intersectGallop(a, b []uint32) int {
	c, lo := 0, 0
	for _, x := range a {
		// Exponential search for the first index >= lo with b[index] >= x.
		step := 1
		hi := lo
		for hi < len(b) && b[hi] < x {
			lo = hi + 1
			hi += step
			step <<= 1
		}
		if hi > len(b) {
			hi = len(b)
		}
		// Binary search in b[lo:hi+1) (hi is the first probe known >= x, or len(b)).
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if b[m] < x {
				lo = m + 1
			} else {
				hi = m
			}
		}
		if lo == len(b) {
			break
		}
		if b[lo] == x {
			c++
			lo++
		}
	}
	return c
}

// Jaccard returns |a ∩ b| / |a ∪ b| for two sets sorted ascending without duplicates; it is 0
// when either set is empty (datasets.EmptyRule).
func Jaccard(a, b []uint32) float64 {
	c := Intersect(a, b)
	if c == 0 {
		return 0
	}
	return float64(c) / float64(len(a)+len(b)-c)
}

// CompareRatio compares the similarities n1/d1 and n2/d2 exactly by cross-multiplication and
// returns -1, 0 or +1. A zero denominator stands for similarity 0 (two empty sets).
func CompareRatio(n1, d1, n2, d2 uint32) int {
	if d1 == 0 {
		n1, d1 = 0, 1
	}
	if d2 == 0 {
		n2, d2 = 0, 1
	}
	l, r := uint64(n1)*uint64(d2), uint64(n2)*uint64(d1)
	switch {
	case l < r:
		return -1
	case l > r:
		return 1
	}
	return 0
}

// ratio returns n/d as a float64, 0 when d is 0.
func ratio(n, d uint32) float64 {
	if d == 0 {
		return 0
	}
	return float64(n) / float64(d)
}
