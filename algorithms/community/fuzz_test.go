package community

import (
	"context"
	"math"
	"testing"
)

// FuzzWalktrap decodes a small weighted graph from bytes (n, walk length, then (u, v, w) triples)
// and checks WALKTRAP against the naive implementation and its own invariants.
func FuzzWalktrap(f *testing.F) {
	f.Add([]byte{6, 1, 0, 1, 255, 0, 2, 255, 1, 2, 255, 2, 3, 255, 3, 4, 255, 3, 5, 255, 4, 5, 255})
	f.Add([]byte{5, 4, 0, 0, 9, 1, 2, 3})
	f.Add([]byte{1, 0})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		n := int(data[0]%24) + 1
		steps := int(data[1] % 6) // 0 means the default
		var edges []Edge
		for i := 2; i+2 < len(data); i += 3 {
			edges = append(edges, Edge{uint32(int(data[i]) % n), uint32(int(data[i+1]) % n), float64(data[i+2]) / 64})
		}
		g, err := NewWeighted(n, edges)
		if err != nil {
			t.Fatal(err)
		}
		d, err := Walktrap(context.Background(), g, WalktrapOptions{Steps: steps})
		if err != nil {
			t.Fatal(err)
		}
		if steps == 0 {
			steps = DefaultSteps
		}
		want := naiveWalktrap(g, steps)
		sameUpToTies(t, d, want)
		for i, m := range d.Merges {
			if m.Into != n+i || m.A >= m.B || m.B >= m.Into || !(m.DeltaSigma >= 0) {
				t.Fatalf("merge %d = %+v", i, m)
			}
		}
		labels, k, q := d.Best()
		if qr, _ := Modularity(g, labels); math.Abs(qr-q) > 1e-9 || k > len(d.Merges) {
			t.Fatalf("best level %d: Q %v, recomputed %v", k, q, qr)
		}
	})
}
