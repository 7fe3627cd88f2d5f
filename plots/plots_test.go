package plots

import (
	"bytes"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"lshbench/experiments"
)

// wantFigures lists, per figure of the test data, strings its SVG must hold: series names and
// axis labels.
var wantFigures = map[string][]string{
	"scurve":            {"exact Jaccard similarity s", "candidate probability", "small-sets", "big-sets", "b=8, r=4 (t=0.59)", "b=32, r=2 (t=0.18)"},
	"estimation-error":  {"signature length k (hash values)", "RMSE of estimated J", "bias (estimate - exact J)", "kminhash", "oph-optimal"},
	"pareto":            {"verified queries per second (1 thread)", "signature + index memory (MiB)", "sketch + index build time (s)", "top-10 recall", "kminhash (banding)", "kminhash (forest)", "oph-optimal (banding)", "exact (inverted index)"},
	"candidates-recall": {"candidates per query (mean)", "top-10 recall of candidates", "kminhash (banding)", "kminhash (forest)", "oph-optimal (banding)"},
	"sketch-throughput": {"throughput (M elements/s)", "signature length k (hash values)", "kminhash", "oph-optimal"},
	"crossover":         {"mean query set size (elements)", "verified latency p50 (µs)", "sets in the collection", "memory (MiB)", "exact (inverted index)", "kminhash"},
	"community-recall-toy-communities": {"additions / budget", "recall", "alpha (|C|=40)", "gamma (|C|=26)",
		"minrank (estimated J)", "average (exact J)", "ppr (estimated J)"},
	"community-auc-toy-communities":   {"AUC of the recall curve", "all communities", "per community", "alpha (40)", "minrank (exact J)"},
	"community-auc-toy-communities-2": {"all communities", "per community", "delta (12)"},
	"community-auc-datasets":          {"data set", "toy-communities", "toy-communities-2", "average (estimated J)"},
}

func TestDrawTestdata(t *testing.T) {
	dir := testdataDir(t, "synthetic")
	res, err := Draw(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range res.Figures {
		names = append(names, f.Name)
	}
	var want []string
	for n := range wantFigures {
		want = append(want, n)
	}
	slices.Sort(want)
	got := slices.Clone(names)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("figures %v, want %v (skipped: %v)", names, want, res.Skipped)
	}
	// The second community data set has no community flagged plotted.
	if len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].Figure, "toy-communities-2") ||
		!strings.Contains(res.Skipped[0].Reason, "plotted") {
		t.Errorf("skipped %v, want the recall grid of toy-communities-2", res.Skipped)
	}
	for name, strs := range wantFigures {
		pngData, err := os.ReadFile(filepath.Join(dir, FiguresDir, name+".png"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(pngData))
		if err != nil {
			t.Fatalf("%s.png: %v", name, err)
		}
		if b := img.Bounds(); b.Dx() < 300 || b.Dy() < 200 {
			t.Errorf("%s.png is %v, too small", name, b)
		}
		svg, err := os.ReadFile(filepath.Join(dir, FiguresDir, name+".svg"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(svg, []byte("<?xml")) || !bytes.Contains(svg, []byte("</svg>")) {
			t.Errorf("%s.svg is not a complete SVG document", name)
		}
		for _, s := range strs {
			if !bytes.Contains(svg, []byte(">"+xmlEscape(s)+"<")) {
				t.Errorf("%s.svg lacks the text %q", name, s)
			}
		}
	}
	readme, err := os.ReadFile(filepath.Join(dir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if !bytes.Contains(readme, []byte("(figures/"+n+".png)")) || !bytes.Contains(readme, []byte("(figures/"+n+".svg)")) {
			t.Errorf("README.md does not show %s", n)
		}
	}
	for _, s := range []string{"# synthetic\n", "A hand-made experiment for the tests.", "## Summary tables", "### Cheapest configuration", "| 1 | 2 |"} {
		if !bytes.Contains(readme, []byte(s)) {
			t.Errorf("README.md lacks %q:\n%s", s, readme)
		}
	}
}

func xmlEscape(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	return r.Replace(s)
}

// TestDrawDeterministic draws the same records twice and requires byte-identical files.
func TestDrawDeterministic(t *testing.T) {
	a, b := testdataDir(t, "a"), testdataDir(t, "b")
	ra, err := Draw(a)
	if err != nil {
		t.Fatal(err)
	}
	rb, err := Draw(b)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ra.Files, rb.Files) {
		t.Fatalf("files differ: %v vs %v", ra.Files, rb.Files)
	}
	for _, f := range ra.Files {
		x, err1 := os.ReadFile(filepath.Join(a, f))
		y, err2 := os.ReadFile(filepath.Join(b, f))
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if len(x) == 0 {
			t.Errorf("%s is empty", f)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two draws of the same records", f)
		}
	}
}

// TestDrawRemovesStale checks that figure files of an earlier run that are not redrawn go.
func TestDrawRemovesStale(t *testing.T) {
	dir := testdataDir(t, "stale")
	if err := os.MkdirAll(filepath.Join(dir, FiguresDir), 0o755); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, FiguresDir, "old-figure.png")
	keep := filepath.Join(dir, FiguresDir, "notes.txt")
	for _, p := range []string{stale, keep} {
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Draw(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale figure kept: %v", err)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Errorf("non-figure file removed: %v", err)
	}
}

func TestDrawErrors(t *testing.T) {
	if _, err := Draw(t.TempDir()); err == nil {
		t.Error("no records.jsonl: no error")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "records.jsonl"), []byte("{\"a\":1}\n{broken\n"), 0o644)
	if _, err := Draw(dir); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("broken line: %v, want an error naming line 2", err)
	}
	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, "records.jsonl"), nil, 0o644)
	if _, err := Draw(empty); err == nil {
		t.Error("empty records: no error")
	}
}

// TestSkips checks that figures the records cannot support are skipped with a reason, and that
// notes state missing seeds.
func TestSkips(t *testing.T) {
	all, err := experiments.ReadRecords("testdata")
	if err != nil {
		t.Fatal(err)
	}
	keep := func(f func(r row) bool) []experiments.Record {
		var out []experiments.Record
		for _, r := range rows(all) {
			if f(r) {
				out = append(out, *r.rec)
			}
		}
		return out
	}
	for _, c := range []struct {
		name     string
		recs     []experiments.Record
		skipped  []string // substrings of skipped figure names
		drawn    []string
		noteHas  map[string]string
		notDrawn []string
	}{
		{
			name: "one k, one seed, one data set",
			recs: keep(func(r row) bool {
				return r.s("dataset") == "small-sets" && (r.s("index") == "exact" || (r.i("k") == 64 && r.s("seed") == "1"))
			}),
			skipped:  []string{"estimation error", "sketch throughput", "crossover"},
			drawn:    []string{"scurve", "pareto", "candidates-recall"},
			notDrawn: []string{"community-recall-toy-communities"},
		},
		{
			name:    "one seed",
			recs:    keep(func(r row) bool { return r.s("seed") != "2" }),
			drawn:   []string{"estimation-error", "sketch-throughput", "crossover"},
			noteHas: map[string]string{"estimation-error": "One seed", "sketch-throughput": "One seed"},
		},
		{
			name:     "community only",
			recs:     keep(func(r row) bool { return strings.HasPrefix(r.s("dataset"), "toy-communities") }),
			drawn:    []string{"community-recall-toy-communities", "community-auc-toy-communities", "community-auc-datasets"},
			notDrawn: []string{"scurve", "pareto", "crossover"},
		},
		{
			name:    "nothing known",
			recs:    []experiments.Record{{Fields: []experiments.Field{{Name: "x", Value: 1.0}}}},
			skipped: []string{"all figures"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			figs, skips := Figures(c.recs)
			byName := map[string]*Figure{}
			for _, f := range figs {
				byName[f.Name] = f
			}
			for _, s := range c.skipped {
				found := false
				for _, sk := range skips {
					if strings.Contains(sk.Figure, s) && sk.Reason != "" {
						found = true
					}
				}
				if !found {
					t.Errorf("%q not skipped (skips %v)", s, skips)
				}
			}
			for _, d := range c.drawn {
				if byName[d] == nil {
					t.Errorf("%s not drawn (skips %v)", d, skips)
				}
			}
			for _, d := range c.notDrawn {
				if byName[d] != nil {
					t.Errorf("%s drawn", d)
				}
			}
			for fig, note := range c.noteHas {
				f := byName[fig]
				if f == nil || !strings.Contains(strings.Join(f.Notes, " "), note) {
					t.Errorf("%s: notes lack %q", fig, note)
				}
			}
			for _, f := range figs {
				var buf bytes.Buffer
				if err := f.WriteSVG(&buf); err != nil {
					t.Errorf("%s: %v", f.Name, err)
				}
			}
		})
	}
}

func FuzzParseRecords(f *testing.F) {
	f.Add([]byte(`{"a":1,"b":"x","c":null,"_timing":["a"]}`))
	f.Add([]byte(`{"s":"\u00e9\"","f":-1.5e10,"t":true}` + "\n" + `{}`))
	f.Add([]byte(`{"a":[1]}`))
	f.Add([]byte(`{"a":1}}`))
	f.Add([]byte(`{"a":"unterminated`))
	f.Add([]byte(`{"a":1e999,"b":-}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := experiments.ParseRecords("fuzz", data)
		if err != nil {
			return
		}
		// Whatever parses must plot without panicking.
		Figures(recs)
	})
}

// TestHostileValues replaces numeric fields by zeros, negatives, NaN and infinities: figures
// must still build and draw, and no figure may fail by a panic of the plotting library.
func TestHostileValues(t *testing.T) {
	base, err := experiments.ReadRecords("testdata")
	if err != nil {
		t.Fatal(err)
	}
	bad := []any{0.0, -1.0, math.NaN(), math.Inf(1), math.Inf(-1), int64(0), int64(-5), 1e300}
	for seed := uint64(1); seed <= 4; seed++ {
		rng := rand.New(rand.NewPCG(seed, 99))
		recs := make([]experiments.Record, len(base))
		for i, r := range base {
			recs[i].Fields = slices.Clone(r.Fields)
			for j, f := range recs[i].Fields {
				switch f.Value.(type) {
				case float64, int64:
					if rng.IntN(4) == 0 {
						recs[i].Fields[j].Value = bad[rng.IntN(len(bad))]
					}
				case string:
					if f.Name == "curve_recall" && rng.IntN(3) == 0 {
						recs[i].Fields[j].Value = "0.1 x NaN"
					}
				}
			}
		}
		figs, skips := Figures(recs)
		for _, s := range skips {
			if strings.Contains(s.Reason, "internal error") {
				t.Errorf("seed %d: %s: %s", seed, s.Figure, s.Reason)
			}
		}
		for _, f := range figs {
			var buf bytes.Buffer
			if err := f.WriteSVG(&buf); err != nil {
				t.Errorf("seed %d: %s: %v", seed, f.Name, err)
			}
			if err := f.WritePNG(&buf); err != nil {
				t.Errorf("seed %d: %s png: %v", seed, f.Name, err)
			}
		}
	}
}
