package datasets

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestBuilderDirected(t *testing.T) {
	b := NewGraphBuilder(true, DropSelfLoops)
	for _, e := range [][2]int64{{10, 20}, {20, 10}, {10, 30}, {10, 20}, {30, 30}, {30, 30}, {40, 10}} {
		b.AddInt(e[0], e[1])
	}
	b.AddNodeInt(99)
	g, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if g.N() != 5 || g.NumEdges() != 4 {
		t.Fatalf("N=%d M=%d, want 5 and 4", g.N(), g.NumEdges())
	}
	rep := g.Report()
	if rep.EdgesRead != 7 || rep.SelfLoops != 1 || rep.Duplicates != 2 {
		t.Fatalf("report %+v", rep)
	}
	v10, _ := g.IDs().LookupInt(10)
	v20, _ := g.IDs().LookupInt(20)
	if !slices.Equal(g.In(v10), []uint32{1, 3}) || !slices.Equal(g.Out(v10), []uint32{1, 2}) || v20 != 1 {
		t.Fatalf("in(10)=%v out(10)=%v", g.In(v10), g.Out(v10))
	}
	if g.IDs().String(4) != "99" || g.OutDegree(4) != 0 {
		t.Fatalf("isolated vertex lost")
	}
}

func TestBuilderUndirectedSortedAndSymmetric(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, loops := range []SelfLoopPolicy{DropSelfLoops, KeepSelfLoops} {
		b := NewGraphBuilder(false, loops)
		want := map[[2]int64]bool{}
		for i := 0; i < 5000; i++ {
			u, v := rng.Int64N(300)*7, rng.Int64N(300)*7
			b.AddInt(u, v)
			if u == v && loops == DropSelfLoops {
				continue
			}
			want[[2]int64{min(u, v), max(u, v)}] = true
		}
		g, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		if g.NumEdges() != int64(len(want)) {
			t.Fatalf("edges %d, want %d", g.NumEdges(), len(want))
		}
		for v := uint32(0); int(v) < g.N(); v++ {
			adj := g.Out(v)
			if !slices.IsSorted(adj) || len(slices.Compact(slices.Clone(adj))) != len(adj) {
				t.Fatalf("adjacency of %d not sorted/unique: %v", v, adj)
			}
			for _, u := range adj {
				if !want[[2]int64{min(g.IDs().Int(u), g.IDs().Int(v)), max(g.IDs().Int(u), g.IDs().Int(v))}] {
					t.Fatalf("unexpected edge %d-%d", v, u)
				}
			}
		}
		if _, err := NewGraphCSR(false, g.outOff, g.outAdj, g.IDs()); err != nil {
			t.Fatalf("built graph fails validation: %v", err)
		}
	}
}

func TestBuilderStringSwitch(t *testing.T) {
	b := NewGraphBuilder(true, DropSelfLoops)
	b.AddTokens([]byte("1"), []byte("2"))
	b.AddTokens([]byte("b"), []byte("1"))
	g, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if g.IDs().IsInt() || g.N() != 3 {
		t.Fatalf("want 3 string ids, got %d int=%v", g.N(), g.IDs().IsInt())
	}
	one, ok := g.IDs().Lookup("1")
	if !ok || g.InDegree(one) != 1 || g.OutDegree(one) != 1 {
		t.Fatalf("vertex 1 wrong")
	}
}

func TestNeighbourhoodModes(t *testing.T) {
	// 0->1, 0->2, 2->0, 3->2 ; vertex 4 isolated.
	g, err := NewGraphCSR(true, []int{0, 2, 2, 3, 4, 4}, []uint32{1, 2, 0, 2}, IDs{})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		mode Mode
		want [][]uint32
	}{
		{Mode{Dir: In}, [][]uint32{{2}, {0}, {0, 3}, {}, {}}},
		{Mode{Dir: Out}, [][]uint32{{1, 2}, {}, {0}, {2}, {}}},
		{Mode{Dir: Both}, [][]uint32{{1, 2}, {0}, {0, 3}, {2}, {}}},
		{Mode{Dir: In, Closed: true}, [][]uint32{{0, 2}, {0, 1}, {0, 2, 3}, {3}, {4}}},
		{Mode{Dir: Both, Closed: true}, [][]uint32{{0, 1, 2}, {0, 1}, {0, 2, 3}, {2, 3}, {4}}},
	}
	for _, c := range cases {
		s := g.Neighbourhoods(c.mode)
		if err := s.Validate(); err != nil {
			t.Fatalf("%v: %v", c.mode, err)
		}
		for v, w := range c.want {
			if !slices.Equal(s.Set(v), w) {
				t.Errorf("%v: set %d = %v, want %v", c.mode, v, s.Set(v), w)
			}
		}
	}
}

func TestParseMode(t *testing.T) {
	for _, m := range []Mode{{In, false}, {Out, true}, {Both, false}, {Both, true}} {
		got, err := ParseMode(m.String())
		if err != nil || got != m {
			t.Fatalf("round trip %v: %v %v", m, got, err)
		}
	}
	if _, err := ParseMode("sideways"); err == nil {
		t.Fatal("bad mode accepted")
	}
}

func TestGroundTruthLookups(t *testing.T) {
	gt, err := NewGroundTruth(5, [][]uint32{{3, 1, 1}, {1, 4}, {}}, []string{"a", "b", "c"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(gt.Community(0), []uint32{1, 3}) || !slices.Equal(gt.Of(1), []uint32{0, 1}) {
		t.Fatalf("lookups wrong")
	}
	st := gt.Stats()
	if st.Covered != 3 || st.Overlapping != 1 || st.MaxSize != 2 || st.MinSize != 0 {
		t.Fatalf("stats %+v", st)
	}
	if _, err := NewGroundTruth(2, [][]uint32{{2}}, nil); err == nil {
		t.Fatal("out of range member accepted")
	}
}

func TestRadixSort(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 10, 1000, 100000} {
		a := make([]uint64, n)
		for i := range a {
			a[i] = rng.Uint64() >> 10
		}
		want := slices.Clone(a)
		slices.Sort(want)
		radixSort(a, 54)
		if !slices.Equal(a, want) {
			t.Fatalf("n=%d not sorted", n)
		}
	}
}

func TestSetsFingerprintAndValidate(t *testing.T) {
	a := SetsFromSlices([][]uint32{{3, 1}, {}, {2}})
	b := SetsFromSlices([][]uint32{{1, 3}, {}, {2}})
	c := SetsFromSlices([][]uint32{{1, 3}, {2}, {}})
	if a.Fingerprint() != b.Fingerprint() || a.Fingerprint() == c.Fingerprint() {
		t.Fatal("fingerprint does not follow content")
	}
	bad := &Sets{Offsets: []int{0, 2}, Elems: []uint32{2, 1}, Universe: 3}
	if bad.Validate() == nil {
		t.Fatal("unsorted set accepted")
	}
}
