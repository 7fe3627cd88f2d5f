package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

type exactLine struct {
	Query     int64 `json:"query"`
	Size      int   `json:"size"`
	Neighbors []struct {
		ID           int64   `json:"id"`
		Jaccard      float64 `json:"jaccard"`
		Intersection int     `json:"intersection"`
	} `json:"neighbors"`
}

type exactPairLine struct {
	A, B         int64
	Jaccard      float64
	Intersection int
}

func parseLines[T any](t *testing.T, out string) []T {
	t.Helper()
	var res []T
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if l == "" {
			continue
		}
		var v T
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatalf("bad JSON line %q: %v", l, err)
		}
		res = append(res, v)
	}
	return res
}

func TestExactCommand(t *testing.T) {
	dir := t.TempDir()
	// Undirected: N(10)={20,30,40}, N(20)={10,30,40}, N(30)=N(40)={10,20}, N(50)={60}, N(60)={50}.
	// J(10,20)=2/4, J(30,40)=1, J(10,30)=J(10,40)=J(20,30)=J(20,40)=1/4, J(50,60)=0.
	graph := filepath.Join(dir, "g.txt")
	os.WriteFile(graph, []byte("# test\n10 20\n10 30\n10 40\n20 30\n20 40\n50 60\n"), 0o644)
	base := []string{"exact", graph, "--directed", "false", "--mode", "in", "--format", "json"}

	out, err := runCLI(t, append(base, "--topk", "1", "--all")...)
	if err != nil {
		t.Fatal(err)
	}
	lines := parseLines[exactLine](t, out)
	want := map[int64][]int64{10: {20}, 20: {10}, 30: {40}, 40: {30}, 50: nil, 60: nil}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), out)
	}
	for _, l := range lines {
		var got []int64
		for _, n := range l.Neighbors {
			got = append(got, n.ID)
		}
		if !slices.Equal(got, want[l.Query]) {
			t.Errorf("query %d: neighbours %v, want %v", l.Query, got, want[l.Query])
		}
		if l.Query == 10 && (l.Size != 3 || l.Neighbors[0].Jaccard != 0.5 || l.Neighbors[0].Intersection != 2) {
			t.Errorf("query 10: %+v", l)
		}
	}

	// Top-2 keeps the ties at 1/4.
	out, err = runCLI(t, append(base, "--topk", "2", "--all")...)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range parseLines[exactLine](t, out) {
		if l.Query == 10 && len(l.Neighbors) != 3 {
			t.Errorf("top-2 of 10 with ties: %+v", l)
		}
	}

	// Join: every unordered pair once.
	for _, tc := range []struct {
		t     string
		pairs int
	}{{"0.5", 2}, {"1/4", 6}, {"0.26", 2}, {"1", 1}} {
		out, err = runCLI(t, append(base, "--threshold", tc.t)...)
		if err != nil {
			t.Fatal(err)
		}
		pairs := parseLines[exactPairLine](t, out)
		if len(pairs) != tc.pairs {
			t.Fatalf("join t=%s: %d pairs, want %d:\n%s", tc.t, len(pairs), tc.pairs, out)
		}
		for _, p := range pairs {
			if p.A >= p.B || p.Jaccard <= 0 || p.Intersection < 1 {
				t.Errorf("bad pair %+v", p)
			}
		}
	}

	// Threshold per query, sampled deterministically; cached results are identical.
	cache := filepath.Join(dir, "cache")
	args := append(base, "--threshold", "1/4", "--queries", "3", "--seed", "7", "--cache-dir", cache)
	out1, err := runCLI(t, args...)
	if err != nil {
		t.Fatal(err)
	}
	out2, err := runCLI(t, args...)
	if err != nil || out1 != out2 {
		t.Fatalf("second (cached) run differs: %v\n%s\n%s", err, out1, out2)
	}
	if files, _ := os.ReadDir(cache); len(files) != 1 {
		t.Fatalf("cache holds %d files, want 1", len(files))
	}
	ql := parseLines[exactLine](t, out1)
	if len(ql) != 3 {
		t.Fatalf("%d query lines, want 3", len(ql))
	}
	for _, l := range ql {
		if l.Query == 50 || l.Query == 60 {
			continue
		}
		if len(l.Neighbors) != 3 {
			t.Errorf("query %d: %d neighbours with J >= 1/4, want 3", l.Query, len(l.Neighbors))
		}
	}

	// Table output and an output file.
	outFile := filepath.Join(dir, "top.txt")
	if _, err := runCLI(t, "exact", graph, "--directed", "false", "--topk", "3", "--queries", "2", "-o", outFile); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(outFile); !strings.Contains(strings.ToLower(string(b)), "intersection") {
		t.Fatalf("table output:\n%s", b)
	}

	for _, bad := range [][]string{
		{"exact", graph},
		{"exact", graph, "--topk", "3", "--threshold", "0.5"},
		{"exact", graph, "--threshold", "0"},
		{"exact", graph, "--threshold", "1.5"},
		{"exact", graph, "--topk", "3", "--all", "--queries", "4"},
		{"exact", graph, "--topk", "3", "--format", "xml"},
	} {
		if _, err := runCLI(t, bad...); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}
