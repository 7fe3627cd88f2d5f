package datasets

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"
)

func TestPowerLawWeights(t *testing.T) {
	for _, c := range []struct {
		n           int
		mean, ratio float64
		gamma       float64
		ratioTolRel float64
	}{{1000, 10, 10, 2.5, 1e-9}, {100000, 20, 200, 2.2, 1e-3}, {50000, 5, 1, 3, 1e-12}, {200000, 8, 50, 1.5, 1e-3}} {
		cl := newChungLu(PowerLawParams{N: c.n, MeanDegree: c.mean, MaxDegree: c.mean * c.ratio, Gamma: c.gamma})
		sum := 0.0
		for i := 0; i < c.n; i++ {
			x := cl.weight(i)
			if i > 0 && x > cl.weight(i-1) {
				t.Fatalf("%+v: weights increase at %d", c, i)
			}
			if x != cl.weightAt(i) {
				t.Fatalf("%+v: cached weight %d differs", c, i)
			}
			sum += x
		}
		if got := sum / float64(c.n); math.Abs(got-c.mean) > 1e-9*c.mean || sum != cl.sum {
			t.Errorf("%+v: mean weight %v (sum %v, recorded %v)", c, got, sum, cl.sum)
		}
		if got := cl.weight(0) / c.mean; math.Abs(got-c.ratio) > c.ratioTolRel*c.ratio {
			t.Errorf("%+v: max/mean %v, want %v", c, got, c.ratio)
		}
	}
}

func TestFeistelIsPermutation(t *testing.T) {
	for _, n := range []int{1, 2, 3, 17, 1000, 65536, 100003} {
		f := newGenFeistel(n, 9, 1)
		seen := make([]bool, n)
		fixed := 0
		for x := 0; x < n; x++ {
			y := f.apply(uint64(x))
			if y >= uint64(n) || seen[y] {
				t.Fatalf("n=%d: %d -> %d is not a permutation", n, x, y)
			}
			seen[y] = true
			if y == uint64(x) {
				fixed++
			}
		}
		// A random permutation has one fixed point on average; Poisson(1) exceeds 8 with
		// probability about 1e-6.
		if n > 100 && fixed > 8 {
			t.Errorf("n=%d: %d fixed points", n, fixed)
		}
	}
}

// TestChungLuExpectedDegrees compares realised degrees with the exact Chung-Lu expectation
// sum_v min(1, w_u w_v / S) for the heaviest vertices (whose degrees have variance at most their
// mean), and the edge count with its expectation.
func TestChungLuExpectedDegrees(t *testing.T) {
	for _, directed := range []bool{false, true} {
		p := PowerLawParams{N: 20000, MeanDegree: 8, Gamma: 2.3, MaxDegree: 600, Directed: directed, Seed: 9}
		d, st, err := PowerLaw(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		t.Log(st.Summary())
		cl := newChungLu(p)
		g := d.Graph
		var got, want float64
		for u := 0; u < 20; u++ { // the 20 heaviest in-weights
			for v := 0; v < p.N; v++ {
				if v == u {
					continue
				}
				wv := cl.weight(v)
				if directed {
					wv = cl.weight(int(cl.outOf.apply(uint64(v))))
				}
				want += min(1, cl.weight(u)*wv/cl.sum)
			}
			got += float64(g.InDegree(uint32(cl.pub.apply(uint64(u)))))
		}
		if math.Abs(got-want) > 5*math.Sqrt(want) {
			t.Errorf("directed=%v: top-20 degree sum %v, expected %.1f", directed, got, want)
		}
		if math.Abs(st.MeanDegree-p.MeanDegree) > 0.05*p.MeanDegree {
			t.Errorf("directed=%v: mean degree %.3f, target %v", directed, st.MeanDegree, p.MeanDegree)
		}
		if float64(st.MaxDegree) < 20*st.MeanDegree {
			t.Errorf("directed=%v: max degree %d not heavy-tailed", directed, st.MaxDegree)
		}
		if rep := g.Report(); rep.SelfLoops != 0 || rep.Duplicates != 0 {
			t.Errorf("directed=%v: loops or duplicates %+v", directed, rep)
		}
	}
}

// TestStreamPowerLawMatchesInMemory checks that the stream is the in-memory graph, that the
// output does not depend on the number of workers, and the header.
func TestStreamPowerLawMatchesInMemory(t *testing.T) {
	for _, directed := range []bool{false, true} {
		p := PowerLawParams{N: 30000, MeanDegree: 6, Gamma: 2.5, Directed: directed, Seed: 5, Workers: 1}
		var one, three bytes.Buffer
		st1, err := StreamPowerLaw(context.Background(), &one, p)
		if err != nil {
			t.Fatal(err)
		}
		p.Workers = 3
		if _, err := StreamPowerLaw(context.Background(), &three, p); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(one.Bytes(), three.Bytes()) {
			t.Fatalf("directed=%v: output depends on the number of workers", directed)
		}
		header, edges := parseEdgeLines(t, one.Bytes())
		if len(header) == 0 || !strings.Contains(strings.Join(header, "\n"), "seed=5") || !strings.Contains(header[0], "Chung-Lu") {
			t.Errorf("header %q", header)
		}
		d, st2, err := PowerLaw(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		if int64(len(edges)) != d.Graph.NumEdges() || st1.Edges != st2.Edges || st1.MaxDegree != st2.MaxDegree || st1.Isolated != st2.Isolated {
			t.Fatalf("directed=%v: stream has %d edges (stats %+v), graph %d (stats %+v)", directed, len(edges), st1.GraphStats, d.Graph.NumEdges(), st2.GraphStats)
		}
		b := NewGraphBuilder(directed, DropSelfLoops)
		for v := 0; v < p.N; v++ {
			b.AddNodeInt(int64(v))
		}
		for _, e := range edges {
			b.AddInt(e[0], e[1])
		}
		g, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		if !sameGraph(g, d.Graph) {
			t.Errorf("directed=%v: streamed edges differ from the in-memory graph", directed)
		}
	}
}
