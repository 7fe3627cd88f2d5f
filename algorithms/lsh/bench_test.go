package lsh

import (
	"context"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the process's user plus system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchRows returns n rows of k values where half of the rows copy each position of a random
// earlier row with probability 0.7 (planted near-duplicates).
func benchRows(n, k int) *SentinelRows {
	rng := rand.New(rand.NewPCG(1, 1))
	vals := make([]uint32, n*k)
	for i := 0; i < n; i++ {
		row := vals[i*k : (i+1)*k]
		var parent []uint32
		if i > 0 && rng.IntN(2) == 0 {
			p := rng.IntN(i)
			parent = vals[p*k : (p+1)*k]
		}
		for j := range row {
			if parent != nil && rng.IntN(10) < 7 {
				row[j] = parent[j]
			} else {
				row[j] = rng.Uint32() >> 1
			}
		}
	}
	r, _ := NewSentinelRows(vals, k, 1<<32-1)
	return r
}

func BenchmarkBuild(b *testing.B) {
	rows := benchRows(300_000, 128)
	for _, p := range []Params{{32, 4}, {25, 5}} {
		b.Run(p.String(), func(b *testing.B) {
			start := cpuTime()
			for b.Loop() {
				if _, err := Build(context.Background(), rows, Options{Params: p}, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cpuTime()-start).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}

func BenchmarkCandidates(b *testing.B) {
	rows := benchRows(300_000, 128)
	ix, err := Build(context.Background(), rows, Options{Params: Params{32, 4}}, nil)
	if err != nil {
		b.Fatal(err)
	}
	q := ix.NewQuerier()
	i := 0
	for b.Loop() {
		q.Candidates(i)
		i = (i + 7919) % rows.Len()
	}
}
