package plots

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lshbench/experiments"
)

var update = flag.Bool("update", false, "regenerate plots/testdata/records.jsonl")

// syntheticRecords builds a small hand-made experiment (NOT measured data): two data sets with an
// exact baseline each, two sketch variants at two k and two seeds, banding configurations with
// S-curve counts drawn from the theory, and a community protocol part with four communities.
// Every value comes from a formula and a fixed PCG seed.
func syntheticRecords() []experiments.Record {
	rng := rand.New(rand.NewPCG(2018, 7))
	noise := func(scale float64) float64 { return 1 + scale*(rng.Float64()-0.5) }
	type dset struct {
		name        string
		sets        int
		size        float64
		exactLat    float64
		exactBytes  int64
		bucketPairs float64
	}
	dsets := []dset{
		{"small-sets", 2000, 25, 2, 400_000, 400},
		{"big-sets", 8000, 900, 60, 9_000_000, 150},
	}
	var recs []experiments.Record
	for _, d := range dsets {
		var e experiments.Record
		e.Add("dataset", d.name)
		e.Add("source", "gen:test")
		e.Add("mode", "in")
		e.Add("variant", "")
		e.Add("k", 0)
		e.Add("seed", int64(0))
		e.Add("index", "exact")
		e.Add("r", 0)
		e.Add("tuned", "")
		e.Add("sets", d.sets)
		e.Add("queries", 100)
		e.Add("query_size_mean", d.size)
		e.Add("index_bytes", d.exactBytes)
		e.AddTiming("index_build_s", 0.01*float64(d.sets)/1000)
		e.AddTiming("verify_latency_p50_us", d.exactLat)
		e.AddTiming("verify_qps", 1e6/d.exactLat)
		e.Add("topk", 10)
		e.Add("recall_at_k", 1.0)
		recs = append(recs, e)
		for vi, variant := range []string{"kminhash", "oph-optimal"} {
			for _, k := range []int{32, 64} {
				for _, seed := range []int64{1, 2} {
					kf := float64(k)
					rmse := math.Sqrt(0.1/kf) * noise(0.1)
					bias := 0.002 * (rng.Float64() - 0.5)
					elemsPerS := 2e8 / kf * float64(vi+1) * noise(0.2)
					sigBytes := int64(d.sets * k * 4)
					type cfg struct {
						index string
						b, r  int
					}
					var cfgs []cfg
					for _, r := range []int{1, 2, 4} {
						for _, b := range []int{k / (4 * r), k / (2 * r), k / r} {
							if b >= 1 {
								cfgs = append(cfgs, cfg{"banding", b, r})
							}
						}
					}
					if variant == "kminhash" && seed == 1 {
						// A few LSH Forest configurations: a second index kind.
						cfgs = append(cfgs, cfg{"forest", k / 8, 8}, cfg{"forest", k / 4, 4})
					}
					for _, cf := range cfgs {
						{
							b, r := cf.b, cf.r
							var x experiments.Record
							x.Add("dataset", d.name)
							x.Add("source", "gen:test")
							x.Add("mode", "in")
							x.Add("variant", variant)
							x.Add("k", k)
							x.Add("seed", seed)
							x.Add("index", cf.index)
							x.Add("r", r)
							x.Add("tuned", "")
							x.Add("sets", d.sets)
							x.Add("queries", 100)
							x.Add("query_size_mean", d.size)
							x.Add("signature_bytes", sigBytes)
							x.AddTiming("sketch_build_s", float64(d.sets)*d.size/elemsPerS)
							x.AddTiming("sketch_elems_per_s", elemsPerS)
							x.Add("est_rmse", rmse)
							x.Add("est_bias", bias)
							x.Add("b", b)
							thr := math.Pow(1/float64(b), 1/float64(r))
							x.Add("threshold_theory", thr)
							cand := float64(d.sets) * math.Pow(0.02, float64(r)) * float64(b) * noise(0.1)
							x.Add("cand_mean", cand)
							x.Add("topk", 10)
							recall := 1 - math.Pow(1-math.Pow(0.5, float64(r)), float64(b))
							x.Add("recall_at_k", recall*0.97)
							x.Add("recall_at_k_candidates", recall)
							x.Add("recall_raw_t0.5", recall)
							for i := range experiments.NumBuckets {
								s := (float64(i) + 0.5) / experiments.NumBuckets
								pairs := int64(d.bucketPairs * math.Exp(-4*s))
								p := 1 - math.Pow(1-math.Pow(s, float64(r)), float64(b))
								hits := int64(0)
								for range pairs {
									if rng.Float64() < p {
										hits++
									}
								}
								x.Add(fmt.Sprintf("pairs_j%02d", i), pairs)
								x.Add(fmt.Sprintf("hits_j%02d", i), hits)
							}
							lat := 1 + cand*0.05*noise(0.2)
							x.AddTiming("verify_latency_p50_us", lat)
							x.AddTiming("verify_qps", 1e6/lat)
							ib := int64(d.sets * b * 12)
							x.Add("index_bytes", ib)
							x.AddTiming("index_build_s", float64(b)*float64(d.sets)*2e-8)
							recs = append(recs, x)
						}
					}
				}
			}
		}
	}
	// Community protocol records.
	comms := []struct {
		name    string
		size    int
		plotted bool
		quality float64
	}{{"alpha", 40, true, 0.8}, {"beta", 30, true, 0.5}, {"gamma", 26, true, 0.3}, {"delta", 12, false, 0.6}}
	for ci, c := range comms {
		dataset := "toy-communities"
		if ci == len(comms)-1 {
			// A second, harder data set: one community, for the across-data-sets figure.
			dataset, c.quality = "toy-communities-2", 0.2
		}
		for _, restart := range []int64{451235, 2315} {
			for mi, m := range []string{"minrank", "average", "ppr"} {
				for _, sim := range []string{"estimated", "exact"} {
					budget := c.size - 5
					var xs, ys []string
					prev := 0.0
					auc, x0 := 0.0, 0.0
					for a := 5; ; a += 5 {
						if a > budget {
							a = budget
						}
						x := float64(a) / float64(budget)
						y := math.Min(1, prev+(c.quality-0.1*float64(mi))*0.25*noise(0.6))
						y = math.Max(y, prev)
						auc += (x - x0) * (y + prev) / 2
						xs = append(xs, fmt.Sprintf("%g", x))
						ys = append(ys, fmt.Sprintf("%g", y))
						prev, x0 = y, x
						if a == budget {
							break
						}
					}
					var r experiments.Record
					r.Add("dataset", dataset)
					r.Add("variant", "kminhash")
					r.Add("k", 64)
					r.Add("sketch_seed", int64(1))
					r.Add("b", 32)
					r.Add("r", 2)
					r.Add("kind", "protocol")
					r.Add("community", c.name)
					r.Add("community_size", c.size)
					r.Add("plotted", c.plotted)
					r.Add("restart", restart)
					r.Add("method", m)
					r.Add("similarity", sim)
					r.Add("auc", auc)
					r.Add("curve_x", strings.Join(xs, " "))
					r.Add("curve_recall", strings.Join(ys, " "))
					r.AddTiming("ranking_ms", 1.5*noise(0.5))
					recs = append(recs, r)
				}
			}
		}
		var q experiments.Record
		q.Add("dataset", dataset)
		q.Add("kind", "quality")
		q.Add("community", c.name)
		q.Add("density", c.quality)
		recs = append(recs, q)
	}
	return recs
}

const testdataRecords = "testdata/records.jsonl"

// TestTestdataUpToDate regenerates testdata/records.jsonl with -update and otherwise checks that
// the committed file is what the generator produces.
func TestTestdataUpToDate(t *testing.T) {
	var b bytes.Buffer
	if err := experiments.WriteJSONL(&b, syntheticRecords()); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(testdataRecords, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(testdataRecords)
	if err != nil {
		t.Fatalf("%v (run go test ./plots -run TestTestdataUpToDate -update)", err)
	}
	if !bytes.Equal(got, b.Bytes()) {
		t.Errorf("%s differs from the generator; run with -update", testdataRecords)
	}
}

// testdataDir copies the committed records and a summary into a fresh results folder.
func testdataDir(t *testing.T, name string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(testdataRecords)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "records.jsonl"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	summary := "# synthetic\n\nA hand-made experiment for the tests.\n\n## Cheapest configuration\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
	if err := os.WriteFile(filepath.Join(dir, "summary.md"), []byte(summary), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}
