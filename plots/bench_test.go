package plots

import (
	"bytes"
	"fmt"
	"testing"

	"lshbench/experiments"
)

// largeRecords replicates the LSH records of the test data under many variant names and k to
// the size of a full sweep (about 15,000 records), plus the test data itself.
func largeRecords(b *testing.B) ([]experiments.Record, []byte) {
	b.Helper()
	base := syntheticRecords()
	recs := append([]experiments.Record(nil), base...)
	for rep := 0; len(recs) < 15000; rep++ {
		for _, r := range base {
			if v, _ := r.Get("index"); v != "banding" {
				continue
			}
			c := experiments.Record{Fields: append([]experiments.Field(nil), r.Fields...)}
			for i, f := range c.Fields {
				if f.Name == "variant" && f.Value != "" {
					c.Fields[i].Value = fmt.Sprintf("%s-%d", f.Value, rep%9)
				}
				if f.Name == "k" && f.Value != 0 {
					c.Fields[i].Value = r.Fields[i].Value.(int) << (rep / 9 % 5)
				}
			}
			recs = append(recs, c)
		}
	}
	var buf bytes.Buffer
	if err := experiments.WriteJSONL(&buf, recs); err != nil {
		b.Fatal(err)
	}
	return recs, buf.Bytes()
}

// BenchmarkReadRecords measures the records parser on a sweep-sized file.
func BenchmarkReadRecords(b *testing.B) {
	_, data := largeRecords(b)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := experiments.ParseRecords("bench", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFiguresLarge measures building and drawing (PNG and SVG) every figure of a
// sweep-sized experiment.
func BenchmarkFiguresLarge(b *testing.B) {
	recs, _ := largeRecords(b)
	b.ReportMetric(float64(len(recs)), "records")
	b.ResetTimer()
	for b.Loop() {
		figs, _ := Figures(recs)
		for _, f := range figs {
			var buf bytes.Buffer
			if err := f.WritePNG(&buf); err != nil {
				b.Fatal(err)
			}
			if err := f.WriteSVG(&buf); err != nil {
				b.Fatal(err)
			}
		}
	}
}
