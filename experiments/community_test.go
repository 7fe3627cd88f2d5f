package experiments

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// plantedSpec is a community protocol on a planted-partition graph: 8 blocks of 50 vertices,
// mean degree 20, 40% of the edges between blocks.
const plantedSpec = `
name: planted
datasets:
  - label: sbm
    source: "gen:sbm?n=400&k=8&deg=20&mu=0.4&seed=3"
    mode: both
sketches:
  variants: [kminhash]
  k: [64]
indexes:
  - kind: banding
    bands: [[64, 1]]
community:
  methods: [minrank, average, ppr, push]
  seeds: 3
  interval: 5
  restarts: [11, 12, 13]
  min_size: 10
  plot_min_size: 40
  similarities: [estimated, exact]
`

func parsePlanted(t *testing.T, extra string) *Spec {
	t.Helper()
	s, err := ParseSpec("planted.yaml", []byte(plantedSpec+extra))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// deterministic returns the records without their timing fields, rendered as JSON lines.
func deterministic(t *testing.T, recs []Record) []string {
	t.Helper()
	out := make([]string, len(recs))
	for i, r := range recs {
		var keep Record
		for _, f := range r.Fields {
			if !f.Timing {
				keep.Fields = append(keep.Fields, f)
			}
		}
		b, err := keep.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		out[i] = string(b)
	}
	return out
}

func TestCommunityProtocolPlanted(t *testing.T) {
	s := parsePlanted(t, "")
	root := t.TempDir()
	rep, err := Run(context.Background(), s, Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Cells != 8 || rep.Computed != 8 {
		t.Fatalf("cells %d computed %d, want 8 and 8", rep.Cells, rep.Computed)
	}
	// 8 communities x (3 restarts x 2 similarities x 4 methods + 1 quality).
	if len(rep.Records) != 8*25 {
		t.Fatalf("%d records, want %d", len(rep.Records), 8*25)
	}
	type acc struct {
		auc, chance float64
		n           int
	}
	means := map[string]*acc{}
	for _, r := range rep.Records {
		switch r.String("kind") {
		case KindQuality:
			// A random set of 50 of the 400 vertices keeps about 49/399 of its weight inside:
			// conductance about 0.88. A planted block is far below that.
			if c := r.Float("conductance"); !(c >= 0 && c < 0.75) {
				t.Errorf("community %s: conductance %v of a planted block on the estimated-J graph, want < 0.75", r.String("community"), c)
			}
			continue
		case KindProtocol:
		default:
			t.Fatalf("record kind %q", r.String("kind"))
		}
		for _, f := range []string{"dataset", "community", "community_size", "plotted", "restart", "method", "similarity",
			"seeds", "candidates", "auc", "auc_from_first", "f1", "recall_final", "curve_x", "curve_recall",
			"candidates_ms", "ranking_ms", "structure_ms"} {
			if _, ok := r.Get(f); !ok {
				t.Fatalf("record lacks %s: %v", f, r)
			}
		}
		xs, ys := strings.Fields(r.String("curve_x")), strings.Fields(r.String("curve_recall"))
		if len(xs) == 0 || len(xs) != len(ys) || xs[len(xs)-1] != "1" {
			t.Fatalf("curve %q / %q", r.String("curve_x"), r.String("curve_recall"))
		}
		key := r.String("method") + "/" + r.String("similarity")
		a := means[key]
		if a == nil {
			a = &acc{}
			means[key] = a
		}
		a.auc += r.Float("auc")
		// A ranking in random order finds members at the rate |C|/candidates: area about half that.
		a.chance += 0.5 * r.Float("community_size") / r.Float("candidates")
		a.n++
	}
	for key, a := range means {
		auc, chance := a.auc/float64(a.n), a.chance/float64(a.n)
		t.Logf("%-20s mean AUC %.3f (chance %.3f, perfect 0.5) over %d runs", key, auc, chance, a.n)
		if auc < 3*chance {
			t.Errorf("%s: mean AUC %.3f not well above chance %.3f", key, auc, chance)
		}
	}
	if a := means["minrank/exact"]; a == nil || a.auc/float64(a.n) < 0.4 {
		t.Errorf("minrank with exact J recovers planted blocks poorly: %+v", a)
	}
	sum, err := os.ReadFile(filepath.Join(rep.Dir, "summary.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## What was reproduced", "## Mean AUC per method", "## AUC per community", "## Runtimes per stage", "## Ground-truth quality"} {
		if !strings.Contains(string(sum), want) {
			t.Errorf("summary.md lacks %q", want)
		}
	}
	for _, f := range []string{"records.csv", "records.jsonl", "meta.json"} {
		if _, err := os.Stat(filepath.Join(rep.Dir, f)); err != nil {
			t.Error(err)
		}
	}
}

func TestCommunityDeterministicAndResumable(t *testing.T) {
	s := parsePlanted(t, "")
	a, err := Run(context.Background(), s, Options{Root: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(context.Background(), s, Options{Root: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	da, db := deterministic(t, a.Records), deterministic(t, b.Records)
	if strings.Join(da, "\n") != strings.Join(db, "\n") {
		t.Fatal("two runs of the same spec differ in non-timing fields")
	}

	// Cancel after three cells, then resume.
	root := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	opt := Options{Root: root, OnCell: func(done, total int, name string) {
		if done == 3 && name != "" {
			cancel()
		}
	}}
	rep, err := Run(ctx, s, opt)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run: error %v, want context.Canceled", err)
	}
	if rep.Computed != 3 {
		t.Fatalf("cancelled run computed %d cells, want 3", rep.Computed)
	}
	rep, err = Run(context.Background(), s, Options{Root: root})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Resumed != 3 || rep.Computed != 5 {
		t.Fatalf("resumed %d computed %d, want 3 and 5", rep.Resumed, rep.Computed)
	}
	if got := deterministic(t, rep.Records); strings.Join(got, "\n") != strings.Join(da, "\n") {
		t.Fatal("resumed run differs from an uninterrupted one in non-timing fields")
	}
}

func TestCommunitySpecValidation(t *testing.T) {
	for _, tc := range []struct{ extra, want string }{
		{"  steps: -1\n", "steps"},
	} {
		_, err := ParseSpec("planted.yaml", []byte(plantedSpec+tc.extra))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want one naming %s", tc.extra, err, tc.want)
		}
	}
	bad := strings.Replace(plantedSpec, "similarities: [estimated, exact]", "similarities: [estimated, sketchy]", 1)
	if _, err := ParseSpec("bad.yaml", []byte(bad)); err == nil || !strings.Contains(err.Error(), "similarities[1]") {
		t.Errorf("bad similarity: error %v", err)
	}
	dup := strings.Replace(plantedSpec, "restarts: [11, 12, 13]", "restarts: [11, 12, 11]", 1)
	if _, err := ParseSpec("dup.yaml", []byte(dup)); err == nil || !strings.Contains(err.Error(), "restarts[2]") {
		t.Errorf("duplicate restart: error %v", err)
	}
	// A spec without indexes bands at r = 2, b = k/2.
	noIx := strings.Replace(plantedSpec, "indexes:\n  - kind: banding\n    bands: [[64, 1]]\n", "", 1)
	s, err := ParseSpec("noix.yaml", []byte(noIx))
	if err != nil {
		t.Fatal(err)
	}
	sk, err := communitySketches(s)
	if err != nil || len(sk) != 1 || sk[0].Bands.B != 32 || sk[0].Bands.R != 2 {
		t.Fatalf("default bands: %v %v", sk, err)
	}
	var out strings.Builder
	if _, err := Run(context.Background(), s, Options{DryRun: true, Out: &out}); err != nil || !strings.Contains(out.String(), "sbm") {
		t.Fatalf("dry run: %v %q", err, out.String())
	}
}

func TestCommunitySampleAndOnly(t *testing.T) {
	s := parsePlanted(t, "  sample: 3\n  sample_seed: 5\n")
	a, err := Run(context.Background(), s, Options{Root: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(context.Background(), s, Options{Root: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if a.Cells != 3 || strings.Join(deterministic(t, a.Records), "\n") != strings.Join(deterministic(t, b.Records), "\n") {
		t.Fatalf("sample of 3: %d cells, or two draws differ", a.Cells)
	}
	root := t.TempDir()
	rep, err := Run(context.Background(), parsePlanted(t, ""), Options{Root: root, Only: "64x1/2"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Cells != 1 {
		t.Fatalf("only 64x1/2: %d cells", rep.Cells)
	}
	for _, r := range rep.Records {
		if r.String("community") != "2" {
			t.Fatalf("only 64x1/2 ran community %s", r.String("community"))
		}
	}
}
