package datasets

import (
	"fmt"
	"slices"
)

// GroundTruth is a set of communities over the vertices 0..N()-1 of a graph, possibly
// overlapping, with lookups both ways. Members of each community are sorted and unique.
// A GroundTruth is immutable after construction and safe for concurrent use.
type GroundTruth struct {
	n       int
	members *Sets    // community -> vertices
	of      *Sets    // vertex -> communities
	names   []string // optional community names (labels); empty strings when unnamed
}

// NewGroundTruth builds the ground truth of n vertices from member lists (copied, sorted and
// de-duplicated) and optional names (nil, or one per community). Empty communities are kept;
// a member outside [0, n) is an error.
func NewGroundTruth(n int, communities [][]uint32, names []string) (*GroundTruth, error) {
	if names != nil && len(names) != len(communities) {
		return nil, fmt.Errorf("ground truth: %d names for %d communities", len(names), len(communities))
	}
	for c, m := range communities {
		for _, v := range m {
			if int(v) >= n {
				return nil, fmt.Errorf("ground truth: community %d member %d out of range (n = %d)", c, v, n)
			}
		}
	}
	members := SetsFromSlices(communities)
	members.Universe = n
	if names == nil {
		names = make([]string, len(communities))
	}
	t := &GroundTruth{n: n, members: members, names: slices.Clone(names)}
	t.of = invert(members, n)
	return t, nil
}

// invert returns, for each of n elements, the sorted indices of the sets holding it.
func invert(s *Sets, n int) *Sets {
	off := make([]int, n+1)
	for _, v := range s.Elems {
		off[v+1]++
	}
	for v := 0; v < n; v++ {
		off[v+1] += off[v]
	}
	elems := make([]uint32, len(s.Elems))
	pos := slices.Clone(off[:n])
	for c := 0; c < s.Len(); c++ {
		for _, v := range s.Set(c) {
			elems[pos[v]] = uint32(c)
			pos[v]++
		}
	}
	return &Sets{Offsets: off, Elems: elems, Universe: s.Len()}
}

// N returns the number of vertices the communities range over.
func (t *GroundTruth) N() int { return t.n }

// Len returns the number of communities.
func (t *GroundTruth) Len() int { return t.members.Len() }

// Community returns the sorted members of community c; the caller must not modify it.
func (t *GroundTruth) Community(c int) []uint32 { return t.members.Set(c) }

// Name returns the community's name (its label in a label file), or "" when unnamed.
func (t *GroundTruth) Name(c int) string { return t.names[c] }

// Of returns the sorted indices of the communities vertex v belongs to.
func (t *GroundTruth) Of(v uint32) []uint32 { return t.of.Set(int(v)) }

// Members returns the communities as a Sets collection (set c = community c).
func (t *GroundTruth) Members() *Sets { return t.members }

// Stats summarises community sizes and overlap.
type TruthStats struct {
	Communities int `json:"communities"`
	MinSize     int `json:"min_size"`
	MedianSize  int `json:"median_size"`
	MaxSize     int `json:"max_size"`
	// Covered counts vertices in at least one community; Overlapping those in two or more.
	Covered     int `json:"covered_vertices"`
	Overlapping int `json:"overlapping_vertices"`
	// MaxMemberships is the largest number of communities one vertex belongs to.
	MaxMemberships int `json:"max_memberships"`
}

// Stats returns the summary of the communities.
func (t *GroundTruth) Stats() TruthStats {
	sz := t.members.Sizes()
	st := TruthStats{Communities: t.Len(), MinSize: sz.Min, MedianSize: sz.Median, MaxSize: sz.Max}
	for v := 0; v < t.n; v++ {
		k := t.of.Size(v)
		if k > 0 {
			st.Covered++
		}
		if k > 1 {
			st.Overlapping++
		}
		st.MaxMemberships = max(st.MaxMemberships, k)
	}
	return st
}
