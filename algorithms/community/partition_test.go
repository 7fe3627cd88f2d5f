package community

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph"
	gcommunity "gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"
)

func TestRelabelAndGroups(t *testing.T) {
	labels := []int{7, -3, 7, 100, -3, 5}
	if got := Relabel(labels); !slices.Equal(got, []int{0, 1, 0, 2, 1, 3}) {
		t.Errorf("Relabel = %v", got)
	}
	g := Groups(labels)
	want := [][]uint32{{0, 2}, {1, 4}, {3}, {5}}
	if len(g) != len(want) {
		t.Fatalf("Groups = %v", g)
	}
	for i := range g {
		if !slices.Equal(g[i], want[i]) {
			t.Errorf("Groups = %v, want %v", g, want)
		}
	}
	if len(Relabel(nil)) != 0 || len(Groups(nil)) != 0 {
		t.Error("empty input")
	}
}

func TestModularityByHandAndAgainstGonum(t *testing.T) {
	g := twoTriangles(t)
	// W = 7; each triangle holds 3 edges and strength 7: Q = 2 (3/7 - (7/14)^2) = 5/14.
	q, err := Modularity(g, []int{0, 0, 0, 1, 1, 1})
	if err != nil || math.Abs(q-5.0/14) > 1e-15 {
		t.Errorf("Q = %v, %v; want 5/14", q, err)
	}
	// One community: Q = 1 - 1 = 0; singletons: -sum (s/14)^2 = -(4*4 + 2*9)/196.
	if q, _ := Modularity(g, make([]int, 6)); math.Abs(q) > 1e-15 {
		t.Errorf("single community Q = %v", q)
	}
	if q, _ := Modularity(g, []int{0, 1, 2, 3, 4, 5}); math.Abs(q+34.0/196) > 1e-15 {
		t.Errorf("singletons Q = %v, want %v", q, -34.0/196)
	}
	if _, err := Modularity(g, []int{0}); err == nil {
		t.Error("wrong label count: no error")
	}
	// Resolution: gamma = 0 leaves the coverage W_c / W = 6/7.
	if q, _ := ModularityResolution(g, []int{0, 0, 0, 1, 1, 1}, 0); math.Abs(q-6.0/7) > 1e-15 {
		t.Errorf("gamma 0: Q = %v", q)
	}
	// Random weighted graphs and partitions against gonum's Q (an independent implementation).
	rng := rand.New(rand.NewPCG(9, 10))
	for trial := 0; trial < 20; trial++ {
		n := 5 + rng.IntN(50)
		g := randomGraph(t, rng, n, 3*n)
		labels := make([]int, n)
		k := 1 + rng.IntN(6)
		for i := range labels {
			labels[i] = rng.IntN(k)
		}
		for _, gamma := range []float64{1, 0.5, 2} {
			q, err := ModularityResolution(g, labels, gamma)
			if err != nil {
				t.Fatal(err)
			}
			groups := Groups(labels)
			comms := make([][]graph.Node, len(groups))
			for c, m := range groups {
				for _, v := range m {
					comms[c] = append(comms[c], simple.Node(v))
				}
			}
			want := gcommunity.Q(gonumView{g}, comms, gamma)
			if math.Abs(q-want) > 1e-12 {
				t.Fatalf("trial %d gamma %v: Q = %v, gonum %v", trial, gamma, q, want)
			}
		}
	}
}

func TestNMI(t *testing.T) {
	// x = [0 0 1 1], y = [0 0 0 1]: N_ij = 2, 1, 1 in cells (0,0), (1,0), (1,1).
	// I = 1/2 ln(4/3) + 1/4 ln(2/3) + 1/4 ln 2; H(x) = ln 2; H(y) = -(3/4 ln 3/4 + 1/4 ln 1/4).
	x := []int{0, 0, 1, 1}
	y := []int{0, 0, 0, 1}
	I := 0.5*math.Log(4.0/3) + 0.25*math.Log(2.0/3) + 0.25*math.Log(2)
	hx := math.Log(2)
	hy := -(0.75*math.Log(0.75) + 0.25*math.Log(0.25))
	want := 2 * I / (hx + hy)
	if got, err := NMI(x, y); err != nil || math.Abs(got-want) > 1e-15 {
		t.Errorf("NMI = %v, %v; want %v", got, err, want)
	}
	if got, _ := NMI(y, x); math.Abs(got-want) > 1e-15 {
		t.Errorf("NMI not symmetric: %v", got)
	}
	cases := []struct {
		name string
		x, y []int
		want float64
	}{
		{"identical", []int{0, 1, 2, 0, 1}, []int{0, 1, 2, 0, 1}, 1},
		{"relabelled", []int{0, 1, 2, 0, 1}, []int{9, -4, 3, 9, -4}, 1},
		{"both single", []int{1, 1, 1}, []int{5, 5, 5}, 1},
		{"one single", []int{1, 1, 1, 1}, []int{0, 1, 0, 1}, 0},
		{"independent", []int{0, 0, 1, 1}, []int{0, 1, 0, 1}, 0},
		{"empty", nil, nil, 1},
	}
	for _, c := range cases {
		got, err := NMI(c.x, c.y)
		if err != nil || math.Abs(got-c.want) > 1e-12 {
			t.Errorf("%s: NMI = %v, %v; want %v", c.name, got, err, c.want)
		}
	}
	if _, err := NMI([]int{1}, []int{1, 2}); err == nil {
		t.Error("length mismatch: no error")
	}
	// Independent uniform partitions of n elements into k and k' groups: E[I] is about
	// (k-1)(k'-1)/(2n) nats = 81/40000, so NMI is about 0.001; 0.005 is far in the tail.
	rng := rand.New(rand.NewPCG(11, 12))
	n := 20000
	a, b := make([]int, n), make([]int, n)
	for i := range a {
		a[i], b[i] = rng.IntN(10), rng.IntN(10)
	}
	if got, _ := NMI(a, b); got > 0.005 || got < 0 {
		t.Errorf("independent partitions: NMI = %v, want about 0.001", got)
	}
	// A partition and a refinement of it lie strictly between 0 and 1.
	fine := make([]int, n)
	for i := range fine {
		fine[i] = 2*a[i] + rng.IntN(2)
	}
	if got, _ := NMI(a, fine); got <= 0.5 || got >= 1 {
		t.Errorf("refinement: NMI = %v", got)
	}
}

func TestF1AndAverageF1(t *testing.T) {
	if got := F1([]uint32{2, 0, 1, 1}, []uint32{0, 1}); math.Abs(got-0.8) > 1e-15 {
		t.Errorf("F1 = %v, want 0.8 (precision 2/3, recall 1)", got)
	}
	if F1(nil, []uint32{1}) != 0 || F1([]uint32{1}, []uint32{2}) != 0 || F1([]uint32{3, 4}, []uint32{4, 3}) != 1 {
		t.Error("F1 edge cases")
	}
	a := [][]uint32{{0, 1, 2}, {3, 4}}
	b := [][]uint32{{0, 1}, {2, 3, 4}, {7}}
	// F1({0,1,2},{0,1}) = 4/5, F1({0,1,2},{2,3,4}) = 1/3, F1({3,4},{2,3,4}) = 4/5, {7} matches
	// nothing. Best matches: A -> (4/5 + 4/5)/2 = 0.8; B -> (4/5 + 4/5 + 0)/3 = 8/15.
	want := (0.8 + 8.0/15) / 2
	if got := AverageF1(a, b); math.Abs(got-want) > 1e-15 {
		t.Errorf("AverageF1 = %v, want %v", got, want)
	}
	if got := AverageF1(b, a); math.Abs(got-want) > 1e-15 {
		t.Errorf("AverageF1 not symmetric: %v", got)
	}
	if AverageF1(a, a) != 1 || AverageF1(nil, a) != 0 || AverageF1(a, nil) != 0 {
		t.Error("AverageF1 edge cases")
	}
	// Overlapping communities, unsorted input, and the brute-force definition.
	rng := rand.New(rand.NewPCG(13, 14))
	for trial := 0; trial < 50; trial++ {
		gen := func() [][]uint32 {
			k := 1 + rng.IntN(6)
			out := make([][]uint32, k)
			for i := range out {
				for range rng.IntN(8) {
					out[i] = append(out[i], uint32(rng.IntN(20)))
				}
			}
			return out
		}
		x, y := gen(), gen()
		brute := func(p, q [][]uint32) float64 {
			s := 0.0
			for _, c := range p {
				best := 0.0
				for _, d := range q {
					best = max(best, F1(c, d))
				}
				s += best
			}
			return s / float64(len(p))
		}
		want := (brute(x, y) + brute(y, x)) / 2
		if got := AverageF1(x, y); math.Abs(got-want) > 1e-12 {
			t.Fatalf("trial %d: AverageF1 = %v, brute force %v", trial, got, want)
		}
	}
}
