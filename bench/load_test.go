package bench

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"lshbench/datasets"
)

// heapPeak samples the live heap (HeapAlloc) every millisecond while it runs and keeps the
// maximum, so the peak of a load is measured rather than its end state.
type heapPeak struct {
	max  atomic.Uint64
	stop chan struct{}
	wg   sync.WaitGroup
}

func startHeapPeak() *heapPeak {
	h := &heapPeak{stop: make(chan struct{})}
	h.sample()
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-h.stop:
				return
			case <-t.C:
				h.sample()
			}
		}
	}()
	return h
}

func (h *heapPeak) sample() {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	for {
		old := h.max.Load()
		if m.HeapAlloc <= old || h.max.CompareAndSwap(old, m.HeapAlloc) {
			return
		}
	}
}

// Stop ends sampling and returns the peak in MB (10^6 bytes).
func (h *heapPeak) Stop() float64 {
	close(h.stop)
	h.wg.Wait()
	h.sample()
	return float64(h.max.Load()) / 1e6
}

// BenchmarkLoadComDBLP loads com-dblp (gzip SNAP edge list, 1,049,866 undirected edges) into a
// Graph and derives its in-neighbourhood Sets, the path every experiment on com-dblp starts
// with. Targets: under 2 s and under 200 MB peak heap. peak-heap-MB is the largest sampled
// HeapAlloc during one load, after a GC before it (so it counts the load's own allocations,
// plus the little the test binary holds).
func BenchmarkLoadComDBLP(b *testing.B) {
	path := mirrorFile(b, "com-dblp", "com-dblp/com-dblp.ungraph.txt.gz")
	undirected := false
	ctx := context.Background()
	peak := 0.0
	for b.Loop() {
		b.StopTimer()
		runtime.GC()
		h := startHeapPeak()
		b.StartTimer()
		ds, err := datasets.Open(ctx, path, datasets.OpenOptions{Directed: &undirected})
		if err != nil {
			b.Fatal(err)
		}
		s, err := ds.Sets(datasets.Mode{Dir: datasets.In})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		peak = max(peak, h.Stop())
		if s.Len() != 317080 || ds.Graph.NumEdges() != 1049866 {
			b.Fatalf("com-dblp: %d sets, %d edges", s.Len(), ds.Graph.NumEdges())
		}
		b.StartTimer()
	}
	b.ReportMetric(peak, "peak-heap-MB")
}

// BenchmarkLoadComDBLPTruth adds the top-5000 ground-truth communities to the load.
func BenchmarkLoadComDBLPTruth(b *testing.B) {
	path := mirrorFile(b, "com-dblp", "com-dblp/com-dblp.ungraph.txt.gz")
	truth := mirrorFile(b, "com-dblp", "com-dblp/com-dblp.top5000.cmty.txt.gz")
	undirected := false
	ctx := context.Background()
	for b.Loop() {
		ds, err := datasets.Open(ctx, path, datasets.OpenOptions{Directed: &undirected, Communities: truth})
		if err != nil {
			b.Fatal(err)
		}
		if ds.Truth.Len() != 5000 {
			b.Fatalf("%d communities", ds.Truth.Len())
		}
	}
}
