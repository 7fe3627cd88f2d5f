package datasets

import (
	"context"
	"fmt"
	"math"
	"testing"
)

func intersectCount(a, b []uint32) int {
	i, j, c := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			c++
			i++
			j++
		}
	}
	return c
}

// TestPlantedSetsExactJaccard computes the Jaccard similarity of every pair of members of every
// cluster by set intersection and checks it equals, as a fraction, the one in the cluster's name.
func TestPlantedSetsExactJaccard(t *testing.T) {
	for _, j := range []float64{0, 0.1, 0.3, 0.37, 0.5, 0.9, 1} {
		for _, sizeExp := range []float64{0, 2} {
			p := PlantedSetsParams{Sets: 2000, Universe: 20000, MinSize: 5, MaxSize: 200, SizeExponent: sizeExp,
				Clusters: 40, ClusterSize: 5, Jaccard: j, Seed: 8}
			d, st, err := PlantedSets(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			s := d.Collection
			if err := s.Validate(); err != nil {
				t.Fatal(err)
			}
			if s.Len() != p.Sets || s.Universe != p.Universe {
				t.Fatalf("len %d universe %d", s.Len(), s.Universe)
			}
			maxErr := 0.0
			for c := 0; c < d.Truth.Len(); c++ {
				m := d.Truth.Community(c)
				if len(m) != p.ClusterSize {
					t.Fatalf("cluster %d has %d members", c, len(m))
				}
				var num, den int
				if _, err := fmt.Sscanf(d.Truth.Name(c), "J=%d/%d", &num, &den); err != nil {
					t.Fatalf("cluster name %q: %v", d.Truth.Name(c), err)
				}
				for a := 0; a < len(m); a++ {
					for b := a + 1; b < len(m); b++ {
						x, y := s.Set(int(m[a])), s.Set(int(m[b]))
						inter := intersectCount(x, y)
						union := len(x) + len(y) - inter
						if inter != num || union != den {
							t.Fatalf("j=%v cluster %d: |A∩B|/|A∪B| = %d/%d, named %d/%d", j, c, inter, union, num, den)
						}
					}
				}
				size := s.Size(int(m[0]))
				if size < p.MinSize || size > p.MaxSize {
					t.Errorf("member size %d out of range", size)
				}
				maxErr = math.Max(maxErr, math.Abs(float64(num)/float64(den)-j))
			}
			if maxErr != st.MaxJaccardError || maxErr > jaccardTolerance {
				t.Errorf("j=%v: max error %v, stats say %v", j, maxErr, st.MaxJaccardError)
			}
			if j == 0.5 && maxErr != 0 {
				t.Errorf("j=0.5 should be exact, error %v", maxErr)
			}
		}
	}
}

func TestPlantedSetsBackgroundSizes(t *testing.T) {
	p := PlantedSetsParams{Sets: 20000, Universe: 1000, MinSize: 10, MaxSize: 20, Seed: 2}
	d, st, err := PlantedSets(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if d.Truth.Len() != 0 || st.MinSize != 10 || st.MaxSize != 20 {
		t.Errorf("stats %+v", st)
	}
	// Uniform sizes on 10..20: mean 15, sd of the mean sqrt(10/20000).
	if math.Abs(st.MeanSize-15) > 5*math.Sqrt(10.0/20000) {
		t.Errorf("mean size %v, want 15", st.MeanSize)
	}
	// Elements are uniform: each of the 1000 appears about 300 times.
	counts := make([]int, p.Universe)
	for _, e := range d.Collection.Elems {
		counts[e]++
	}
	mean := float64(len(d.Collection.Elems)) / float64(p.Universe)
	for e, c := range counts {
		if math.Abs(float64(c)-mean) > 6*math.Sqrt(mean) {
			t.Errorf("element %d appears %d times, want about %.0f", e, c, mean)
		}
	}
}
