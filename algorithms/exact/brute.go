package exact

import (
	"lshbench/datasets"
)

// BruteTopK is the reference for Index.TopK: it compares query with every set of s by merging.
// It runs in O(Len + NumElems) per query and exists for tests.
func BruteTopK(s *datasets.Sets, query []uint32, self int, k int) []Neighbor {
	if len(query) == 0 || k <= 0 {
		return nil
	}
	var all []Neighbor
	for i := 0; i < s.Len(); i++ {
		if i == self {
			continue
		}
		set := s.Set(i)
		c := Intersect(query, set)
		if c == 0 {
			continue
		}
		u := len(query) + len(set) - c
		all = append(all, Neighbor{ID: uint32(i), Inter: uint32(c), Union: uint32(u), Jaccard: ratio(uint32(c), uint32(u))})
	}
	sortNeighbors(all)
	if len(all) <= k {
		return all
	}
	kth := all[k-1]
	end := k
	for end < len(all) && CompareRatio(all[end].Inter, all[end].Union, kth.Inter, kth.Union) == 0 {
		end++
	}
	return all[:end]
}

// BruteThreshold is the reference for Index.ThresholdQuery: every set of s (other than self)
// whose similarity to query is at least t, by merging with each set. It exists for tests.
func BruteThreshold(s *datasets.Sets, query []uint32, self int, t Threshold) []Neighbor {
	var out []Neighbor
	for i := 0; i < s.Len(); i++ {
		if i == self {
			continue
		}
		set := s.Set(i)
		c := Intersect(query, set)
		u := len(query) + len(set) - c
		if t.Accepts(c, u) {
			out = append(out, Neighbor{ID: uint32(i), Inter: uint32(c), Union: uint32(u), Jaccard: ratio(uint32(c), uint32(u))})
		}
	}
	sortNeighbors(out)
	return out
}

// BruteJoin is the reference for Join: every pair of sets of s with similarity at least t,
// found by merging all Len*(Len-1)/2 pairs. It exists for tests.
func BruteJoin(s *datasets.Sets, t Threshold) []Pair {
	var out []Pair
	for i := 0; i < s.Len(); i++ {
		a := s.Set(i)
		if len(a) == 0 {
			continue
		}
		for j := i + 1; j < s.Len(); j++ {
			b := s.Set(j)
			c := Intersect(a, b)
			u := len(a) + len(b) - c
			if t.Accepts(c, u) {
				out = append(out, newPair(uint32(i), uint32(j), c, u))
			}
		}
	}
	return out
}
