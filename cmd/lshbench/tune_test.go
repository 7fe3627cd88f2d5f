package main

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTuneCLI(t *testing.T) {
	// The weighted method reproduces datasketch's choices.
	for _, c := range []struct {
		k, b, r int
		t       string
	}{{128, 5, 25, "0.9"}, {128, 9, 13, "0.8"}, {100, 20, 5, "0.5"}} {
		out, err := runCLI(t, "tune", "--k", fmt.Sprint(c.k), "--threshold", c.t, "--format", "json")
		if err != nil {
			t.Fatalf("tune: %v", err)
		}
		var rep tuneReport
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("json %q: %v", out, err)
		}
		if rep.B != c.b || rep.R != c.r || rep.Method != "weighted" || len(rep.Alternatives) != 5 {
			t.Errorf("k=%d t=%s: got %dx%d (%s, %d alternatives), want %dx%d", c.k, c.t, rep.B, rep.R, rep.Method, len(rep.Alternatives), c.b, c.r)
		}
		if want := math.Pow(1/float64(c.b), 1/float64(c.r)); math.Abs(rep.Threshold-want) > 1e-12 {
			t.Errorf("threshold %v want %v", rep.Threshold, want)
		}
		var raw map[string]any
		json.Unmarshal([]byte(out), &raw)
		for _, key := range []string{"b", "r", "threshold", "alternatives", "curve"} {
			if _, ok := raw[key]; !ok {
				t.Errorf("JSON lacks top-level %q", key)
			}
		}
	}

	// The recall method meets the recall; the table names the choice.
	out, err := runCLI(t, "tune", "--k", "128", "--threshold", "0.9", "--recall", "0.95", "--alternatives", "2")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "choice: b = 10 bands x r = 12 rows") {
		t.Errorf("recall table:\n%s", out)
	}

	for _, args := range [][]string{
		{"tune", "--k", "128"},
		{"tune", "--k", "128", "--threshold", "1.5"},
		{"tune", "--k", "128", "--threshold", "0.5", "--recall", "0.9", "--weights", "1,1"},
		{"tune", "--k", "128", "--threshold", "0.5", "--weights", "1"},
		{"tune", "--k", "4", "--threshold", "0.1", "--recall", "0.99"},
		{"tune", "--k", "128", "--threshold", "0.5", "--format", "yaml"},
	} {
		if _, err := runCLI(t, args...); err == nil {
			t.Errorf("%v: want an error", args)
		}
	}
}

func TestTuneCLIDataset(t *testing.T) {
	// A graph of 150 vertices in 10 groups; vertices of a group follow mostly the same hubs, so
	// in-neighbourhood similarities spread over (0, 1).
	rng := rand.New(rand.NewPCG(1, 2))
	var sb strings.Builder
	for v := 0; v < 150; v++ {
		g := v % 10
		for h := 0; h < 12; h++ {
			if rng.Float64() < 0.8 {
				fmt.Fprintf(&sb, "%d %d\n", 1000+g*20+h, v)
			}
		}
		fmt.Fprintf(&sb, "%d %d\n", 2000+rng.IntN(500), v)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "groups.txt")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	outFile := filepath.Join(dir, "tune.json")
	if _, err := runCLI(t, "tune", "--k", "64", "--threshold", "0.5", "--recall", "0.9", path, "--mode", "in",
		"--queries", "40", "--format", "json", "-o", outFile); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatal(err)
	}
	var rep tuneReport
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Dataset == nil || rep.Dataset.Queries != 40 || rep.Empirical == nil || rep.Expected == nil {
		t.Fatalf("report lacks the data set measurements: %s", data)
	}
	if rep.Dataset.Pairs <= 0 {
		t.Fatalf("no pairs above the threshold in the test graph: %s", data)
	}
	if rep.PAtTarget < 0.9 || rep.Empirical.Recall < 0.7 || rep.Empirical.Recall > 1 || rep.Expected.Recall < 0.9 {
		t.Errorf("choice %dx%d: P(t) %v, measured recall %v, expected recall %v", rep.B, rep.R, rep.PAtTarget,
			rep.Empirical.Recall, rep.Expected.Recall)
	}
	for _, a := range rep.Alternatives {
		if a.Expected.CandidatesPerQuery < rep.Expected.CandidatesPerQuery-1e-12 {
			t.Errorf("alternative %dx%d expects fewer candidates than the choice", a.B, a.R)
		}
	}
	out, err := runCLI(t, "tune", "--k", "64", "--threshold", "0.5", path, "--queries", "20")
	if err != nil || !strings.Contains(out, "recall") || !strings.Contains(out, "groups.txt") {
		t.Errorf("table with data: %v\n%s", err, out)
	}
}
