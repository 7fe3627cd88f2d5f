package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lshbench/algorithms/minhash"
)

func TestSketchAndEstimate(t *testing.T) {
	dir := t.TempDir()
	// A tiny directed graph with original ids that are not dense; vertices 10, 30, 40 and 60 have no in-neighbours.
	edges := "# tiny\n10 20\n30 20\n40 20\n10 50\n30 50\n60 50\n20 70\n"
	graph := filepath.Join(dir, "tiny.txt")
	if err := os.WriteFile(graph, []byte(edges), 0o644); err != nil {
		t.Fatal(err)
	}
	pairs := filepath.Join(dir, "pairs.txt")
	// in(20) = {10,30,40}, in(50) = {10,30,60}: J = 2/4; in(10) is empty: J = 0.
	os.WriteFile(pairs, []byte("20 50\n# comment\n20 20\n10 20\n"), 0o644)

	out, err := runCLI(t, "sketch", "--list")
	if err != nil || !strings.Contains(out, "oph-optimal") || !strings.Contains(out, "superminhash") {
		t.Fatalf("sketch --list: %v\n%s", err, out)
	}

	sigPath := filepath.Join(dir, "tiny.sig")
	out, err = runCLI(t, "sketch", graph, "--mode", "in", "--variant", "kminhash", "--k", "256", "--seed", "3", "-o", sigPath, "--format", "json")
	if err != nil {
		t.Fatalf("sketch: %v", err)
	}
	var sum sketchSummary
	if err := json.Unmarshal([]byte(out), &sum); err != nil || sum.Rows != 7 || sum.K != 256 || sum.EmptyRows != 4 {
		t.Fatalf("sketch summary %q (%v)", out, err)
	}
	sig, err := minhash.ReadFile(sigPath)
	if err != nil || sig.Len() != 7 || sig.Variant != "kminhash" || sig.Seed != 3 {
		t.Fatalf("signature file: %v %+v", err, sig)
	}
	sig.Close()

	for _, extra := range [][]string{nil, {"--signatures", sigPath}} {
		args := append([]string{"estimate", graph, "--mode", "in", "--variant", "kminhash", "--k", "256", "--seed", "3",
			"--pairs", pairs, "--format", "json"}, extra...)
		out, err = runCLI(t, args...)
		if err != nil {
			t.Fatalf("estimate: %v", err)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 4 {
			t.Fatalf("estimate printed %d lines:\n%s", len(lines), out)
		}
		wantExact := []float64{0.5, 1, 0}
		var sumSq float64
		for i, want := range wantExact {
			var l struct {
				A, B            int64
				Exact, Estimate float64
			}
			if err := json.Unmarshal([]byte(lines[i]), &l); err != nil {
				t.Fatal(err)
			}
			if l.Exact != want {
				t.Errorf("pair %d: exact %v want %v", i, l.Exact, want)
			}
			if math.Abs(l.Estimate-want) > 0.25 {
				t.Errorf("pair %d: estimate %v far from %v", i, l.Estimate, want)
			}
			sumSq += (l.Estimate - l.Exact) * (l.Estimate - l.Exact)
		}
		var s estimateSummary
		if err := json.Unmarshal([]byte(lines[3]), &s); err != nil || s.Pairs != 3 || math.Abs(s.RMSE-math.Sqrt(sumSq/3)) > 1e-12 {
			t.Fatalf("summary %q (%v)", lines[3], err)
		}
	}
	// Table output and errors.
	out, err = runCLI(t, "estimate", graph, "--pairs", pairs, "--k", "64")
	if err != nil || !strings.Contains(out, "rmse") {
		t.Fatalf("estimate table: %v\n%s", err, out)
	}
	if _, err := runCLI(t, "sketch", graph, "--variant", "bbit3-kminhash", "-o", sigPath); err == nil || !strings.Contains(err.Error(), "must be one of") {
		t.Errorf("bad variant: %v", err)
	}
	if _, err := runCLI(t, "sketch", graph); err == nil || !strings.Contains(err.Error(), "-o") {
		t.Errorf("missing -o: %v", err)
	}
	os.WriteFile(pairs, []byte("20 999\n"), 0o644)
	if _, err := runCLI(t, "estimate", graph, "--pairs", pairs); err == nil || !strings.Contains(err.Error(), "unknown id") {
		t.Errorf("unknown id: %v", err)
	}
	if _, err := runCLI(t, "estimate", graph, "--pairs", pairs, "--signatures", sigPath, "--k", "64"); err == nil {
		t.Errorf("mismatched signature file accepted")
	}
}
