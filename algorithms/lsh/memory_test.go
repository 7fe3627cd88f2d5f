package lsh

import (
	"context"
	"math/rand/v2"
	"runtime"
	"testing"
)

// heapDelta returns the live heap growth caused by build, measured with a GC on both sides, and
// what build returned (kept alive until measured).
func heapDelta(build func() any) (int64, any) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	v := build()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(v)
	return int64(after.HeapAlloc) - int64(before.HeapAlloc), v
}

func TestBytesMatchesHeap(t *testing.T) {
	// Values from an alphabet of 20: a band of 4 is shared by about n/20^4 rows, so the tables
	// hold a realistic mix of bucket sizes.
	rows := randomRows(rand.New(rand.NewPCG(21, 22)), 200000, 64, 20, 50)
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		build func() (any, int64)
	}{
		{"banding 16x4", func() (any, int64) {
			ix, err := Build(ctx, rows, Options{Params: Params{16, 4}}, nil)
			if err != nil {
				t.Fatal(err)
			}
			return ix, ix.Bytes()
		}},
		{"banding 16x4 singletons", func() (any, int64) {
			ix, err := Build(ctx, rows, Options{Params: Params{16, 4}, Singletons: true}, nil)
			if err != nil {
				t.Fatal(err)
			}
			return ix, ix.Bytes()
		}},
		{"multiprobe 8x4", func() (any, int64) {
			ix, err := Build(ctx, rows, Options{Params: Params{8, 4}, Variant: MultiProbe}, nil)
			if err != nil {
				t.Fatal(err)
			}
			return ix, ix.Bytes()
		}},
		{"forest 8x8", func() (any, int64) {
			f, err := BuildForest(ctx, rows, Params{8, 8}, 0, nil)
			if err != nil {
				t.Fatal(err)
			}
			return f, f.Bytes()
		}},
	} {
		var analytic int64
		measured, _ := heapDelta(func() any {
			v, b := c.build()
			analytic = b
			return v
		})
		ratio := float64(measured) / float64(analytic)
		t.Logf("%s: analytic %d bytes, measured heap %d bytes (ratio %.4f)", c.name, analytic, measured, ratio)
		if ratio < 0.9 || ratio > 1.1 {
			t.Errorf("%s: measured heap %d is not within 10%% of Bytes() = %d", c.name, measured, analytic)
		}
	}
}
