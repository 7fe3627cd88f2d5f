package bench

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"lshbench/datasets"
)

// mirrorFile returns the path of a file of the offline mirror (LSHBENCH_MIRROR), or skips.
func mirrorFile(tb testing.TB, name, rel string) string {
	tb.Helper()
	mirror := os.Getenv("LSHBENCH_MIRROR")
	p := filepath.Join(mirror, rel)
	if _, err := os.Stat(p); mirror == "" || err != nil {
		tb.Skipf("LSHBENCH_MIRROR not set or absent: skipping test on real data %s", name)
	}
	return p
}

// dblpSets loads com-dblp's in-neighbourhoods once per test binary. The graph is undirected, so
// in-neighbourhoods are the neighbourhoods.
var dblpSets = sync.OnceValues(func() (*datasets.Sets, error) {
	path := filepath.Join(os.Getenv("LSHBENCH_MIRROR"), "com-dblp", "com-dblp.ungraph.txt.gz")
	undirected := false
	ds, err := datasets.Open(context.Background(), path, datasets.OpenOptions{Directed: &undirected})
	if err != nil {
		return nil, err
	}
	return ds.Sets(datasets.Mode{Dir: datasets.In})
})

// loadDBLP returns com-dblp's in-neighbourhoods, or skips when the mirror is absent.
func loadDBLP(tb testing.TB) *datasets.Sets {
	tb.Helper()
	mirrorFile(tb, "com-dblp", "com-dblp/com-dblp.ungraph.txt.gz")
	s, err := dblpSets()
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// cpuTime returns the user plus system CPU time of the process so far. Benchmarks report it
// beside the wall time: on a shared machine the wall-clock rate depends on the other load, the
// rate per CPU second much less.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
