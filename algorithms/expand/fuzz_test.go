package expand

import (
	"context"
	"slices"
	"testing"
)

// FuzzMethods drives every similarity method and the protocol helpers with arbitrary candidates,
// seeds, similarities and limits: no panic, and the rankings keep their contract (distinct ids
// from the query, seeds only in ppr-paper, at most limit items, minrank and average rank every
// candidate when unlimited).
func FuzzMethods(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6}, []byte{1}, []byte{0, 64, 128, 255}, 3, 2)
	f.Add([]byte{}, []byte{7, 7}, []byte{}, 0, 1)
	f.Add([]byte{9, 9, 9}, []byte{}, []byte{1}, -1, 0)
	f.Fuzz(func(t *testing.T, cb, sb, vb []byte, limit, interval int) {
		ctx := context.Background()
		cands := make([]uint32, 0, len(cb))
		for _, b := range cb {
			cands = append(cands, uint32(b%40))
		}
		seeds := make([]uint32, 0, len(sb))
		for _, b := range sb {
			seeds = append(seeds, uint32(b%40))
		}
		sim := SimFunc(func(a, b uint32) float64 {
			if len(vb) == 0 {
				return 0
			}
			if a > b {
				a, b = b, a
			}
			return float64(vb[(int(a)*41+int(b))%len(vb)]) / 255
		})
		q, err := NewQuery(cands, seeds)
		if err != nil {
			if len(seeds) != 0 {
				t.Fatalf("NewQuery: %v", err)
			}
			return
		}
		m, err := NewMatrix(ctx, q, sim)
		if err != nil {
			t.Fatal(err)
		}
		limit %= 50
		for _, meth := range []Method{MethodMinRank, MethodAverage, MethodPPRPaper, MethodPPR} {
			for _, in := range []Input{{Query: q, Sim: sim}, {Query: q, Matrix: m}} {
				r, err := Rank(ctx, meth, in, limit)
				if err != nil {
					t.Fatalf("%s: %v", meth, err)
				}
				n := q.Candidates()
				if meth == MethodPPRPaper {
					n = q.Len()
				}
				if want := limitOf(limit, n); len(r) != want {
					t.Fatalf("%s: %d items, want %d", meth, len(r), want)
				}
				ids := r.IDs()
				for _, id := range ids {
					if _, ok := q.Index(id); !ok {
						t.Fatalf("%s: %d is not an item", meth, id)
					}
					if meth != MethodPPRPaper && slices.Contains(q.Seeds(), id) {
						t.Fatalf("%s: seed %d ranked", meth, id)
					}
				}
				slices.Sort(ids)
				if len(slices.Compact(ids)) != len(r) {
					t.Fatalf("%s: repeated id in %v", meth, r)
				}
				if ev, err := Evaluate(r.IDs(), cands, seeds, interval%20, limit); err == nil {
					if ev.AUC < 0 || ev.AUC > 1 || ev.F1 < 0 || ev.F1 > 1 {
						t.Fatalf("%s: evaluation out of range: %+v", meth, ev)
					}
				}
			}
		}
	})
}
