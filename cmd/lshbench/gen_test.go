package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runGenCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := newDataGenCmd()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(context.Background())
	return out.String(), err
}

func TestDataGenWritesGraphAndCommunities(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "lfr.txt")
	out, err := runGenCmd(t, "lfr", "-p", "n=500", "-p", "mu=0.2", "-p", "maxc=80", "-o", file, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var st map[string]any
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("stats %q: %v", out, err)
	}
	if st["vertices"].(float64) != 500 || st["communities_file"] != filepath.Join(dir, "lfr.cmty.txt") {
		t.Errorf("stats %v", st)
	}
	edges, _ := os.ReadFile(file)
	if !strings.HasPrefix(string(edges), "# lshbench data gen: gen:lfr?n=500&") {
		t.Errorf("edge file starts %q", string(edges[:60]))
	}
	lines := strings.Count(string(edges), "\n") - strings.Count(string(edges), "# ")
	if float64(lines) != st["edges"].(float64) {
		t.Errorf("%d edge lines, stats say %v", lines, st["edges"])
	}
	cmty, _ := os.ReadFile(filepath.Join(dir, "lfr.cmty.txt"))
	if got := strings.Count(string(cmty), "\n"); float64(got) != st["communities"].(float64) {
		t.Errorf("%d community lines, stats say %v", got, st["communities"])
	}
}

func TestDataGenStreamsPowerLawAndRejectsBadParams(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "pl.txt")
	out, err := runGenCmd(t, "gen:powerlaw?n=2000&deg=4", "-o", file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "mean_degree") {
		t.Errorf("table %q", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "pl.cmty.txt")); err == nil {
		t.Error("powerlaw wrote a community file")
	}
	data, _ := os.ReadFile(file)
	if !strings.Contains(string(data), "Chung-Lu") {
		t.Errorf("no header in %q", string(data[:80]))
	}
	if _, err := runGenCmd(t, "sbm", "-p", "pin=2"); err == nil || !strings.Contains(err.Error(), "pin") {
		t.Errorf("pin=2: %v", err)
	}
	if _, err := runGenCmd(t, "sbm", "-p", "pin"); err == nil {
		t.Error("-p without = accepted")
	}
	if out, err := runGenCmd(t, "sets", "-p", "n=300", "-p", "clusters=3", "-o", "-"); err != nil || strings.Count(out, "\n") != 300 {
		t.Errorf("sets to stdout: %d lines, %v", strings.Count(out, "\n"), err)
	}
}
