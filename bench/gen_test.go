package bench

import (
	"context"
	"fmt"
	"testing"
	"time"

	"lshbench/datasets"
)

// reportRate reports count per wall second and per CPU second (CPU time measured since cpu0).
func reportRate(b *testing.B, count float64, unit string, cpu0 time.Duration) {
	b.ReportMetric(count/b.Elapsed().Seconds(), unit+"/s")
	if cpu := (cpuTime() - cpu0).Seconds(); cpu > 0 {
		b.ReportMetric(count/cpu, unit+"/cpu-s")
	}
}

// countingWriter discards its input and counts the bytes.
type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

// BenchmarkGenPowerLawStream measures the streaming Chung-Lu generator writing SNAP text to a
// discarding writer: edges/s and output MB/s, for one worker and for all cores.
func BenchmarkGenPowerLawStream(b *testing.B) {
	for _, c := range []struct {
		n       int
		deg     float64
		workers int
	}{{1_000_000, 20, 1}, {1_000_000, 20, 0}} {
		name := fmt.Sprintf("n=%d/deg=%g/workers=%d", c.n, c.deg, c.workers)
		b.Run(name, func(b *testing.B) {
			p := datasets.PowerLawParams{N: c.n, MeanDegree: c.deg, Gamma: 2.5, Seed: 1, Workers: c.workers}
			var edges, bytes int64
			cpu0 := cpuTime()
			for b.Loop() {
				w := &countingWriter{}
				st, err := datasets.StreamPowerLaw(context.Background(), w, p)
				if err != nil {
					b.Fatal(err)
				}
				edges += st.Edges
				bytes += w.n
			}
			b.ReportMetric(float64(bytes)/b.Elapsed().Seconds()/1e6, "MB/s")
			reportRate(b, float64(edges), "edges", cpu0)
		})
	}
}

// BenchmarkGenPowerLawInMemory measures the in-memory variant (generation plus CSR build).
func BenchmarkGenPowerLawInMemory(b *testing.B) {
	p := datasets.PowerLawParams{N: 1_000_000, MeanDegree: 10, Gamma: 2.5, Seed: 1}
	var edges int64
	cpu0 := cpuTime()
	for b.Loop() {
		_, st, err := datasets.PowerLaw(context.Background(), p)
		if err != nil {
			b.Fatal(err)
		}
		edges += st.Edges
	}
	reportRate(b, float64(edges), "edges", cpu0)
}

// BenchmarkGenStars measures the follower-graph generator at the paper's shape: 10^6 users,
// 10^4 stars in 100 interests, 20 follows per user on average (about 2*10^7 edges), including
// the CSR build.
func BenchmarkGenStars(b *testing.B) {
	p := datasets.StarsParams{Users: 1_000_000, Stars: 10_000, Interests: 100, MeanFollows: 20, Zipf: 1, Mu: 0.1, MaxInterests: 2, Seed: 1}
	var edges int64
	var st *datasets.StarsStats
	cpu0 := cpuTime()
	for b.Loop() {
		var err error
		_, st, err = datasets.Stars(context.Background(), p)
		if err != nil {
			b.Fatal(err)
		}
		edges += st.Edges
	}
	reportRate(b, float64(edges), "edges", cpu0)
	b.ReportMetric(float64(st.FollowersMax), "max-followers")
	b.ReportMetric(float64(st.FollowersMedian), "median-followers")
}

// BenchmarkGenLFR measures the LFR generator at n = 10^5 (mean degree 20).
func BenchmarkGenLFR(b *testing.B) {
	p := datasets.LFRParams{N: 100_000, MeanDegree: 20, MaxDegree: 200, Tau1: 2.5, Tau2: 1.5, MinCommunity: 50, MaxCommunity: 500, Mu: 0.3, Seed: 1}
	var edges int64
	cpu0 := cpuTime()
	for b.Loop() {
		_, st, err := datasets.LFR(context.Background(), p)
		if err != nil {
			b.Fatal(err)
		}
		edges += st.Edges
	}
	reportRate(b, float64(edges), "edges", cpu0)
}

// BenchmarkGenSBM measures the block model at n = 10^6, mean degree 10 (geometric skipping).
func BenchmarkGenSBM(b *testing.B) {
	p := datasets.SBMParams{N: 1_000_000, K: 1000, MeanDegree: 10, Mu: 0.2, Seed: 1}
	var edges int64
	cpu0 := cpuTime()
	for b.Loop() {
		_, st, err := datasets.SBM(context.Background(), p)
		if err != nil {
			b.Fatal(err)
		}
		edges += st.Edges
	}
	reportRate(b, float64(edges), "edges", cpu0)
}

// BenchmarkGenPlantedSets measures the set generator: 10^6 sets of 10-100 elements.
func BenchmarkGenPlantedSets(b *testing.B) {
	p := datasets.PlantedSetsParams{Sets: 1_000_000, Universe: 1_000_000, MinSize: 10, MaxSize: 100, Clusters: 10_000, ClusterSize: 5, Jaccard: 0.5, Seed: 1}
	var elems int64
	cpu0 := cpuTime()
	for b.Loop() {
		_, st, err := datasets.PlantedSets(context.Background(), p)
		if err != nil {
			b.Fatal(err)
		}
		elems += int64(st.Elements)
	}
	reportRate(b, float64(elems), "elements", cpu0)
}
