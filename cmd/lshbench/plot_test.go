package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlotCLI(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "plots", "testdata", "records.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "synthetic")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "records.jsonl"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs([]string{"plot", dir})
	if err := root.Execute(); err != nil {
		t.Fatalf("plot: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), dir+": 10 figures, 1 skipped") {
		t.Errorf("output %q", out.String())
	}
	for _, f := range []string{"README.md", "figures/pareto.png", "figures/pareto.svg", "figures/scurve.png", "figures/community-auc-toy-communities.svg"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	readme, _ := os.ReadFile(filepath.Join(dir, "README.md"))
	if !strings.Contains(string(readme), "No summary.md in this folder.") {
		t.Errorf("README without summary.md does not say so")
	}

	// A folder without records is an error naming it.
	root = newRootCmd()
	root.SetOut(&out)
	root.SetErr(&out)
	empty := t.TempDir()
	root.SetArgs([]string{"plot", empty})
	if err := root.Execute(); err == nil || !strings.Contains(err.Error(), empty) {
		t.Errorf("plot of an empty folder: %v", err)
	}
	root = newRootCmd()
	root.SetArgs([]string{"plot"})
	root.SetOut(&out)
	root.SetErr(&out)
	if err := root.Execute(); err == nil {
		t.Error("plot without a folder: no error")
	}
}
