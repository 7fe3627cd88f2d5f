package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lshbench/datasets"
)

func TestQueryCommand(t *testing.T) {
	cache := t.TempDir()
	// 6 planted blocks of 50 vertices (ids 0..299), mean degree 20, 10% of edges between blocks.
	src := "gen:sbm?n=300&k=6&deg=20&mu=0.1&seed=5"
	ds, err := datasets.Open(context.Background(), src, datasets.OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	block := ds.Truth.Community(0)
	inBlock := map[string]bool{}
	for _, v := range block {
		inBlock[ds.IDs().String(v)] = true
	}
	seeds := ds.IDs().String(block[0]) + "," + ds.IDs().String(block[1]) + "," + ds.IDs().String(block[2])
	args := []string{"query", src, "--mode", "both", "--seeds", seeds, "--size", "30", "--k", "64", "--bands", "32",
		"--sketch-cache", cache, "--format", "json"}
	var first queryOutput
	for run := 0; run < 2; run++ {
		out, err := runCLI(t, args...)
		if err != nil {
			t.Fatal(err)
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal([]byte(out), &raw); err != nil {
			t.Fatalf("bad JSON %q: %v", out, err)
		}
		var tm map[string]float64
		if err := json.Unmarshal(raw["timings_ms"], &tm); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"load", "candidates", "ranking", "structure", "total"} {
			if v, ok := tm[k]; !ok || v < 0 {
				t.Errorf("timings_ms.%s = %v, %v", k, v, ok)
			}
		}
		if tm["total"] < tm["candidates"]+tm["ranking"]+tm["structure"] {
			t.Errorf("total %v below the sum of the stages %v", tm["total"], tm)
		}
		var o queryOutput
		if err := json.Unmarshal([]byte(out), &o); err != nil {
			t.Fatal(err)
		}
		if o.CacheHit != (run == 1) {
			t.Errorf("run %d: cache_hit = %v", run, o.CacheHit)
		}
		if len(o.Community) != 30 || len(o.Seeds) != 3 || o.Sketch.Bands.R != 2 || o.Method != "minrank" {
			t.Fatalf("run %d: %d members, %d seeds, sketch %+v, method %s", run, len(o.Community), len(o.Seeds), o.Sketch, o.Method)
		}
		// The seeds' planted block is found (30 of its 50 members asked for).
		hits := 0
		for _, m := range o.Community {
			if inBlock[string(m.ID)] {
				hits++
			}
		}
		if hits < 27 {
			t.Errorf("run %d: %d of 30 members in the seeds' planted block", run, hits)
		}
		// The WALKTRAP groups cover the community.
		n := 0
		for _, g := range o.Structure.Groups {
			n += len(g)
		}
		if n != len(o.Community) || o.Structure.Communities != len(o.Structure.Groups) || o.Structure.Communities < 1 {
			t.Errorf("groups cover %d of %d members (%d communities)", n, len(o.Community), o.Structure.Communities)
		}
		for i, m := range o.Community[:3] {
			if !m.Seed || m.Rank != 0 {
				t.Errorf("member %d: %+v, want a seed", i, m)
			}
		}
		for i, m := range o.Community[3:] {
			if m.Seed || m.Rank != i+1 || m.SeedSimilarity < 0 || m.SeedSimilarity > 1 {
				t.Errorf("member %d: %+v", i+3, m)
			}
		}
		if run == 0 {
			first = o
		} else {
			for i := range o.Community {
				if string(o.Community[i].ID) != string(first.Community[i].ID) {
					t.Fatalf("cached run differs at member %d", i)
				}
			}
		}
	}
	sigs, _ := filepath.Glob(filepath.Join(first.CacheDir, "*.sig"))
	idx, _ := filepath.Glob(filepath.Join(first.CacheDir, "*.lshidx"))
	if len(sigs) != 1 || len(idx) != 1 {
		t.Errorf("cache holds %v and %v", sigs, idx)
	}
	if !strings.HasPrefix(first.CacheDir, cache) {
		t.Errorf("cache dir %s outside %s", first.CacheDir, cache)
	}

	// Table output and errors.
	out, err := runCLI(t, "query", src, "--mode", "both", "--seeds", seeds, "--size", "10", "--k", "64", "--bands", "32", "--sketch-cache", cache)
	if err != nil || !strings.Contains(out, "WALKTRAP") || !strings.Contains(out, "candidates") {
		t.Errorf("table output %q, %v", out, err)
	}
	if _, err := runCLI(t, "query", src, "--seeds", "99999", "--sketch-cache", cache); err == nil {
		t.Error("unknown seed accepted")
	}
	if _, err := runCLI(t, "query", src, "--seeds", "1", "--method", "nope", "--sketch-cache", cache); err == nil {
		t.Error("unknown method accepted")
	}
	if _, err := os.Stat(cache); err != nil {
		t.Fatal(err)
	}
}
