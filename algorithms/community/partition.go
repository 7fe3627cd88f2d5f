package community

import (
	"fmt"
	"math"
	"slices"
)

// Relabel returns labels renumbered densely 0..k-1 in the order of first appearance, so that two
// labelings of the same partition become identical. O(n log n).
func Relabel(labels []int) []int {
	out := make([]int, len(labels))
	denseLabels(labels, out)
	return out
}

// denseLabels writes into out the labels renumbered 0..k-1 by first appearance and returns k.
// It sorts (label, position) pairs instead of using a map.
func denseLabels(labels []int, out []int) int {
	n := len(labels)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case labels[a] < labels[b]:
			return -1
		case labels[a] > labels[b]:
			return 1
		}
		return 0
	})
	// first[i] = the smallest position holding the label of position i.
	first := make([]int, n)
	for s := 0; s < n; {
		e := s
		for e < n && labels[idx[e]] == labels[idx[s]] {
			first[idx[e]] = idx[s]
			e++
		}
		s = e
	}
	k := 0
	for i := 0; i < n; i++ {
		if first[i] == i {
			out[i] = k
			k++
		} else {
			out[i] = out[first[i]]
		}
	}
	return k
}

// Groups returns the communities of a partition: group c holds, in ascending order, the
// vertices whose dense label (see Relabel) is c.
func Groups(labels []int) [][]uint32 {
	dense := make([]int, len(labels))
	k := denseLabels(labels, dense)
	out := make([][]uint32, k)
	for v, c := range dense {
		out[c] = append(out[c], uint32(v))
	}
	return out
}

// Modularity returns the weighted modularity of the partition given by labels (one per vertex of
// g), at resolution 1:
//
//	Q = sum_c [ W_c / W - (S_c / 2W)^2 ]
//
// where W is the total edge weight of g, W_c the weight of the edges with both ends in c (each
// edge once) and S_c the sum of the strengths of c's vertices. Self-loops are ignored (they are in
// neither W, W_c nor the strengths). Q is 0 for a graph without edges. O(n + m).
func Modularity(g *Weighted, labels []int) (float64, error) {
	return ModularityResolution(g, labels, 1)
}

// ModularityResolution is Modularity with the resolution gamma of Reichardt and Bornholdt:
// Q = sum_c [ W_c / W - gamma (S_c / 2W)^2 ].
func ModularityResolution(g *Weighted, labels []int, gamma float64) (float64, error) {
	n := g.N()
	if len(labels) != n {
		return 0, fmt.Errorf("modularity: %d labels for %d vertices", len(labels), n)
	}
	total := g.TotalWeight()
	if total == 0 {
		return 0, nil
	}
	dense := make([]int, n)
	k := denseLabels(labels, dense)
	in := make([]float64, k)
	str := make([]float64, k)
	for v := 0; v < n; v++ {
		c := dense[v]
		str[c] += g.Strength(uint32(v))
		adj, w := g.Neighbors(uint32(v))
		for i, u := range adj {
			if dense[u] == c && int(u) > v {
				in[c] += w[i]
			}
		}
	}
	q := 0.0
	for c := range in {
		s := str[c] / (2 * total)
		q += in[c]/total - gamma*s*s
	}
	return q, nil
}

// NMI returns the normalised mutual information between two partitions of the same n elements,
// with the arithmetic-mean normalisation
//
//	NMI(X, Y) = I(X; Y) / ((H(X) + H(Y)) / 2),
//
// which is scikit-learn's default and equals the form of Danon et al. (2005),
// -2 sum_ij N_ij log(N_ij N / (N_i N_j)) / (sum_i N_i log(N_i/N) + sum_j N_j log(N_j/N)).
// When both partitions have a single community (both entropies 0) NMI is 1; when only one has,
// it is 0. The labels are arbitrary integers. O(n log n).
func NMI(x, y []int) (float64, error) {
	if len(x) != len(y) {
		return 0, fmt.Errorf("nmi: partitions of %d and %d elements", len(x), len(y))
	}
	n := len(x)
	if n == 0 {
		return 1, nil
	}
	dx := make([]int, n)
	dy := make([]int, n)
	kx := denseLabels(x, dx)
	ky := denseLabels(y, dy)
	if kx == 1 && ky == 1 {
		return 1, nil
	}
	cx := make([]float64, kx)
	cy := make([]float64, ky)
	cells := make([]uint64, n)
	for i := range dx {
		cx[dx[i]]++
		cy[dy[i]]++
		cells[i] = uint64(dx[i])<<32 | uint64(dy[i])
	}
	slices.Sort(cells)
	N := float64(n)
	mi := 0.0
	for s := 0; s < n; {
		e := s
		for e < n && cells[e] == cells[s] {
			e++
		}
		nij := float64(e - s)
		ni, nj := cx[cells[s]>>32], cy[cells[s]&0xffffffff]
		mi += nij / N * math.Log(nij*N/(ni*nj))
		s = e
	}
	entropy := func(c []float64) float64 {
		h := 0.0
		for _, x := range c {
			p := x / N
			h -= p * math.Log(p)
		}
		return h
	}
	hx, hy := entropy(cx), entropy(cy)
	if hx+hy == 0 {
		return 1, nil
	}
	// Clamp the rounding of I slightly above or below its bounds.
	return min(1, max(0, 2*mi/(hx+hy))), nil
}

// F1 returns the F1 score of a found community against a true one: the harmonic mean of
// precision |found ∩ truth| / |found| and recall |found ∩ truth| / |truth|, 0 when they share
// nothing (including when either is empty). The inputs need not be sorted; duplicates count once.
func F1(found, truth []uint32) float64 {
	a := sortedUnique(found)
	b := sortedUnique(truth)
	inter := intersectCount(a, b)
	if inter == 0 {
		return 0
	}
	return 2 * float64(inter) / float64(len(a)+len(b))
}

func sortedUnique(s []uint32) []uint32 {
	if slices.IsSorted(s) {
		// Fast path: check uniqueness too.
		ok := true
		for i := 1; i < len(s); i++ {
			if s[i] == s[i-1] {
				ok = false
				break
			}
		}
		if ok {
			return s
		}
	}
	c := slices.Clone(s)
	slices.Sort(c)
	return slices.Compact(c)
}

func intersectCount(a, b []uint32) int {
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			k++
			i++
			j++
		}
	}
	return k
}

// AverageF1 returns the average best-match F1 between two sets of communities, which may
// overlap and need not cover the same elements (Yang and Leskovec 2013):
//
//	(1/2) [ (1/|A|) sum_{a in A} max_{b in B} F1(a, b) + (1/|B|) sum_{b in B} max_{a in A} F1(b, a) ]
//
// It is symmetric, 1 exactly when the two sets hold the same communities, and 0 when either set
// is empty. Only pairs of communities sharing an element are compared, through an element index:
// O(sum of sizes + number of overlapping pairs).
func AverageF1(a, b [][]uint32) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	as := make([][]uint32, len(a))
	bs := make([][]uint32, len(b))
	for i, c := range a {
		as[i] = sortedUnique(c)
	}
	for i, c := range b {
		bs[i] = sortedUnique(c)
	}
	bestA, bestB := bestMatches(as, bs)
	sa, sb := 0.0, 0.0
	for _, x := range bestA {
		sa += x
	}
	for _, x := range bestB {
		sb += x
	}
	return (sa/float64(len(a)) + sb/float64(len(b))) / 2
}

// bestMatches returns, for each community of a, its best F1 against b, and the same for b.
func bestMatches(a, b [][]uint32) (bestA, bestB []float64) {
	// Index b by element: element -> communities of b holding it, as CSR over the elements present.
	var maxE uint32
	for _, c := range b {
		if len(c) > 0 {
			maxE = max(maxE, c[len(c)-1])
		}
	}
	off := make([]int, int(maxE)+2)
	for _, c := range b {
		for _, e := range c {
			off[e+1]++
		}
	}
	for e := 0; e+1 < len(off); e++ {
		off[e+1] += off[e]
	}
	of := make([]int32, off[len(off)-1])
	pos := slices.Clone(off)
	for j, c := range b {
		for _, e := range c {
			of[pos[e]] = int32(j)
			pos[e]++
		}
	}
	bestA = make([]float64, len(a))
	bestB = make([]float64, len(b))
	count := make([]int, len(b))
	var touched []int32
	for i, c := range a {
		touched = touched[:0]
		for _, e := range c {
			if int(e)+1 >= len(off) {
				continue
			}
			for _, j := range of[off[e]:off[e+1]] {
				if count[j] == 0 {
					touched = append(touched, j)
				}
				count[j]++
			}
		}
		for _, j := range touched {
			f := 2 * float64(count[j]) / float64(len(c)+len(b[j]))
			bestA[i] = max(bestA[i], f)
			bestB[j] = max(bestB[j], f)
			count[j] = 0
		}
	}
	return bestA, bestB
}
