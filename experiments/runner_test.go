package experiments

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const testSpec = `
name: unit
description: small generated collection
datasets:
  - label: sets
    source: "gen:sets?n=600&universe=3000&minsize=10&maxsize=30&clusters=60&clustersize=4&j=0.5&seed=3"
queries:
  sample: 120
  seed: 5
truth:
  topk: 5
  thresholds: [0.3, 0.07]
sketches:
  variants: [kminhash, oph-optimal]
  k: [32]
indexes:
  - kind: banding
    bands: [[32, 1], [1, 32], [8, 4], [16, 2]]
  - kind: forest
    bands: [[4, 4]]
repeats: [1, 2]
timing:
  warmup: 2
  repetitions: 1
`

func parseTestSpec(t *testing.T, text string) *Spec {
	t.Helper()
	s, err := ParseSpec("unit.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func runSpec(t *testing.T, s *Spec, root string, opt Options) *Report {
	t.Helper()
	opt.Root = root
	rep, err := Run(context.Background(), s, opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// sameRecords compares records field by field as they are written (NaN equals NaN).
func sameRecords(a, b []Record) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i].Fields) != len(b[i].Fields) {
			return false
		}
		for j, f := range a[i].Fields {
			g := b[i].Fields[j]
			if f.Name != g.Name || formatValue(f.Value) != formatValue(g.Value) {
				return false
			}
		}
	}
	return true
}

// stable returns the records without their timing fields.
func stable(recs []Record) []Record {
	out := make([]Record, len(recs))
	for i, r := range recs {
		for _, f := range r.Fields {
			if !f.Timing {
				out[i].Fields = append(out[i].Fields, f)
			}
		}
	}
	return out
}

func TestRunMetricsHold(t *testing.T) {
	s := parseTestSpec(t, testSpec)
	rep := runSpec(t, s, t.TempDir(), Options{})
	if rep.Computed != rep.Cells || rep.Cells == 0 {
		t.Fatalf("computed %d of %d cells", rep.Computed, rep.Cells)
	}
	var sawExactVerified bool
	byBR := map[[3]string]Record{}
	for _, r := range rep.Records {
		if r.String("index") == "exact" {
			if got := r.Float("recall_at_k"); got != 1 {
				t.Errorf("exact top-k path disagrees with the truth: recall %v", got)
			}
			continue
		}
		for _, tn := range []string{"t0.3", "t0.07"} {
			// Exact verification recomputes J by merging: it never accepts a false pair.
			if p := r.Float("precision_exact_" + tn); !math.IsNaN(p) {
				sawExactVerified = true
				if p != 1 {
					t.Errorf("%s b=%s r=%s: precision after exact verification %v, want 1", r.String("variant"), r.String("b"), r.String("r"), p)
				}
			}
			// Exact verification keeps every true pair among the candidates.
			if r.Float("recall_exact_"+tn) != r.Float("recall_raw_"+tn) {
				t.Errorf("exact verification lost true pairs: %v vs %v", r.Float("recall_exact_"+tn), r.Float("recall_raw_"+tn))
			}
		}
		if r.String("index") == "banding" {
			byBR[[3]string{r.String("variant") + r.String("seed"), r.String("b"), r.String("r")}] = r
		}
	}
	if !sawExactVerified {
		t.Fatal("no record had exactly verified answers")
	}
	for key, wide := range byBR {
		if key[1] != "32" || key[2] != "1" {
			continue
		}
		narrow, ok := byBR[[3]string{key[0], "1", "32"}]
		if !ok {
			t.Fatalf("missing b=1 r=32 record for %s", key[0])
		}
		// b = k, r = 1 collides whenever one position agrees; b = 1, r = k needs all k: on the same
		// signatures the first's candidates are a superset of the second's.
		for _, m := range []string{"recall_at_k_candidates", "recall_raw_t0.3", "cand_mean"} {
			if wide.Float(m) < narrow.Float(m) {
				t.Errorf("%s %s: b=k,r=1 gives %v < b=1,r=k %v", key[0], m, wide.Float(m), narrow.Float(m))
			}
		}
		if wide.Float("recall_raw_t0.3") < 0.9 {
			t.Errorf("%s: 32 bands of 1 row found only %v of the pairs with J >= 0.3", key[0], wide.Float("recall_raw_t0.3"))
		}
	}
}

func TestRunDeterministicAndResumable(t *testing.T) {
	s := parseTestSpec(t, testSpec)
	a := runSpec(t, s, t.TempDir(), Options{})
	b := runSpec(t, s, t.TempDir(), Options{})
	if !sameRecords(stable(a.Records), stable(b.Records)) {
		t.Fatal("two runs of the same spec differ in non-timing columns")
	}

	// Interrupt after a few cells, then resume.
	root := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	seen := 0
	_, err := Run(ctx, s, Options{Root: root, OnCell: func(done, total int, name string) {
		seen++
		if seen == 4 {
			cancel()
		}
	}})
	if err == nil {
		t.Fatal("cancelled run returned no error")
	}
	partial, err := ReadRecords(filepath.Join(root, s.Name))
	if err != nil {
		t.Fatalf("interrupted run left no readable records: %v", err)
	}
	if len(partial) == 0 || len(partial) >= len(a.Records) {
		t.Fatalf("interrupted run wrote %d records of %d", len(partial), len(a.Records))
	}
	rep := runSpec(t, s, root, Options{})
	if rep.Resumed == 0 || rep.Computed == 0 || rep.Resumed+rep.Computed != rep.Cells {
		t.Fatalf("resume: %d resumed + %d computed of %d", rep.Resumed, rep.Computed, rep.Cells)
	}
	if !sameRecords(stable(rep.Records), stable(a.Records)) {
		t.Fatal("resumed run differs from an uninterrupted one")
	}
	// The files on disk say the same.
	onDisk, err := ReadRecords(filepath.Join(root, s.Name))
	if err != nil {
		t.Fatal(err)
	}
	if !sameRecords(stable(onDisk), stable(a.Records)) {
		t.Fatal("records.jsonl differs from the run's records")
	}
	for _, f := range []string{"records.csv", "summary.md", "meta.json"} {
		if st, err := os.Stat(filepath.Join(root, s.Name, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s missing or empty", f)
		}
	}
	// A fresh run recomputes everything.
	rep = runSpec(t, s, root, Options{Fresh: true})
	if rep.Resumed != 0 {
		t.Fatalf("--fresh resumed %d cells", rep.Resumed)
	}
}

func TestSpecErrorsNameFieldAndLine(t *testing.T) {
	base := strings.TrimSpace(testSpec)
	cases := []struct {
		name, from, to, want string
	}{
		{"unknown variant", "variants: [kminhash, oph-optimal]", "variants: [kminhash, nosuch]", "line 13: sketches.variants[1]"},
		{"b*r > k", "bands: [[32, 1], [1, 32], [8, 4], [16, 2]]", "bands: [[32, 2]]", "exceeds k = 32"},
		{"unknown field", "repeats: [1, 2]", "repeat: [1, 2]", "field repeat not found"},
		{"bad kind", "kind: forest", "kind: tree", "line 18: indexes[1].kind"},
		{"bad threshold", "thresholds: [0.3, 0.07]", "thresholds: [0.3, 1.5]", "truth.thresholds[1]"},
		{"bad mode", "source: \"gen:sets", "mode: sideways\n    source: \"gen:sets", "datasets[0].mode"},
		{"empty range", "bands: [[32, 1], [1, 32], [8, 4], [16, 2]]", "all: {r_min: 5, r_max: 2}", "empty range"},
		{"duplicate seed", "repeats: [1, 2]", "repeats: [1, 1]", "duplicate seed"},
		{"bad name", "name: unit", "name: \"../x\"", "name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := strings.Replace(base, c.from, c.to, 1)
			if text == base {
				t.Fatalf("case does not change the spec")
			}
			_, err := ParseSpec("bad.yaml", []byte(text))
			if err == nil {
				t.Fatal("invalid spec accepted")
			}
			if !strings.Contains(err.Error(), "bad.yaml") || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q does not name the file and %q", err, c.want)
			}
		})
	}
	// An unreadable data source fails when the run starts, before any cell is written.
	bad := strings.Replace(base, `source: "gen:sets?n=600`, `source: "gen:sets?n=-5`, 1)
	s := parseTestSpec(t, bad)
	root := t.TempDir()
	if _, err := Run(context.Background(), s, Options{Root: root}); err == nil {
		t.Fatal("run with an impossible generator succeeded")
	}
}

func TestTopKRecallTieAware(t *testing.T) {
	cases := []struct {
		returned []float64
		kth      float64
		want     int
		recall   float64
	}{
		{[]float64{0.9, 0.5, 0.5}, 0.5, 3, 1},
		{[]float64{0.9, 0.5, 0.4995}, 0.5, 3, 1},    // within the tie epsilon
		{[]float64{0.9, 0.5, 0.3}, 0.5, 3, 2.0 / 3}, // a worse item
		{[]float64{0.9, 0, 0}, 0.5, 3, 1.0 / 3},     // disjoint sets never count
		{[]float64{0.9, 0.8, 0.7, 0.6}, 0.7, 3, 1},  // only the first want items count
		{nil, 0.5, 2, 0},
	}
	for _, c := range cases {
		if got := TopKRecall(c.returned, c.kth, c.want); math.Abs(got-c.recall) > 1e-12 {
			t.Errorf("TopKRecall(%v, %v, %d) = %v, want %v", c.returned, c.kth, c.want, got, c.recall)
		}
	}
	if !math.IsNaN(TopKRecall(nil, 0, 0)) {
		t.Error("recall of a query without neighbours should be NaN")
	}
}

func TestRecordJSONRoundTrip(t *testing.T) {
	var r Record
	r.Add("s", "a,b")
	r.Add("i", 3)
	r.Add("f", 0.25)
	r.Add("nan", math.NaN())
	r.AddTiming("lat_us", 1.5)
	data, err := r.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var back Record
	if err := back.UnmarshalJSON(data); err != nil {
		t.Fatal(err)
	}
	if len(back.Fields) != 5 || back.String("s") != "a,b" || back.Float("i") != 3 || back.Float("f") != 0.25 ||
		!math.IsNaN(back.Float("nan")) || !back.Fields[4].Timing {
		t.Fatalf("round trip lost data: %s -> %+v", data, back)
	}
	var sb strings.Builder
	if err := WriteCSV(&sb, []Record{r}); err != nil {
		t.Fatal(err)
	}
	if want := "s,i,f,nan,lat_us\n\"a,b\",3,0.25,,1.5\n"; sb.String() != want {
		t.Fatalf("csv %q, want %q", sb.String(), want)
	}
}

func TestQuantileNearestRank(t *testing.T) {
	v := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	for q, want := range map[float64]float64{0: 1, 0.5: 5, 0.9: 9, 0.99: 10, 1: 10} {
		if got := Quantile(v, q); got != want {
			t.Errorf("Quantile(%v) = %v, want %v", q, got, want)
		}
	}
}

func TestBandGrid(t *testing.T) {
	g := bandGrid(8, &RangeSpec{RMax: 3})
	want := [][2]int{{1, 1}, {2, 1}, {3, 1}, {4, 1}, {5, 1}, {6, 1}, {7, 1}, {8, 1}, {1, 2}, {2, 2}, {3, 2}, {4, 2}, {1, 3}, {2, 3}}
	if !reflect.DeepEqual(g, want) {
		t.Fatalf("grid %v", g)
	}
	if g := bandGrid(8, &RangeSpec{RMin: 2, RMax: 3, MaxOnly: true}); !reflect.DeepEqual(g, [][2]int{{4, 2}, {2, 3}}) {
		t.Fatalf("max-only grid %v", g)
	}
}

func TestParseRecordsValues(t *testing.T) {
	line := []byte(`{"s":"a\"b\\u00e9","i":-12,"f":1.5e-3,"big":12345678901234567890,"n":null,"t":true,"u":false,"e":"","_timing":["f","i"]}` + "\n\n")
	recs, err := ParseRecords("x", line)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 {
		t.Fatalf("%d records", len(recs))
	}
	r := recs[0]
	want := []Field{
		{"s", "a\"b\\u00e9", false}, {"i", int64(-12), true}, {"f", 1.5e-3, true},
		{"big", 12345678901234567890.0, false}, {"n", math.NaN(), false}, {"t", true, false},
		{"u", false, false}, {"e", "", false},
	}
	if len(r.Fields) != len(want) {
		t.Fatalf("fields %+v", r.Fields)
	}
	for i, w := range want {
		g := r.Fields[i]
		if g.Name != w.Name || g.Timing != w.Timing || formatValue(g.Value) != formatValue(w.Value) {
			t.Errorf("field %d = %+v, want %+v", i, g, w)
		}
	}
	for _, bad := range []string{`{"a":1}}`, `{"a":"unterminated`, `{"a":[1]}`, `{"a":-}`} {
		if _, err := ParseRecords("bad.jsonl", []byte(bad)); err == nil || !strings.Contains(err.Error(), "bad.jsonl line 1") {
			t.Errorf("%s: error %v", bad, err)
		}
	}
}

func TestUnalignedSketchIsNotBanded(t *testing.T) {
	text := strings.Replace(strings.TrimSpace(testSpec), "variants: [kminhash, oph-optimal]", "variants: [bottomk]", 1)
	s := parseTestSpec(t, text)
	rep := runSpec(t, s, t.TempDir(), Options{})
	var sketches int
	for _, r := range rep.Records {
		switch r.String("index") {
		case "exact":
		case KindSketch:
			sketches++
			if math.IsNaN(r.Float("est_rmse")) || r.Float("est_pairs") == 0 {
				t.Errorf("sketch record without estimation figures: %+v", r.Fields)
			}
		default:
			t.Errorf("bottomk rows were banded: index %s", r.String("index"))
		}
	}
	if sketches != len(s.Repeats) {
		t.Fatalf("%d sketch records, want one per seed (%d)", sketches, len(s.Repeats))
	}
}
