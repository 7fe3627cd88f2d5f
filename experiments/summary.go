package experiments

import (
	"bytes"
	"fmt"
	"math"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"
)

// RecallTargets are the recall levels of the summary's cheapest-configuration tables.
var RecallTargets = [...]float64{0.5, 0.9, 0.99}

// MarkdownTable renders rows under header as a Markdown table.
func MarkdownTable(header []string, rows [][]string) string {
	var b bytes.Buffer
	t := tablewriter.NewTable(&b, tablewriter.WithRenderer(renderer.NewMarkdown()), tablewriter.WithHeaderAutoFormat(tw.Off))
	hdr := make([]any, len(header))
	for i, h := range header {
		hdr[i] = h
	}
	t.Header(hdr...)
	for _, r := range rows {
		t.Append(r)
	}
	t.Render()
	return b.String()
}

// recallMetrics lists the recall columns the summary reports on, with a description.
func recallMetrics(s *Spec) [][2]string {
	var out [][2]string
	if s.Truth.TopK > 0 {
		out = append(out, [2]string{"recall_at_k", fmt.Sprintf("top-%d recall after re-ranking the candidates by estimated similarity (tie-aware)", s.Truth.TopK)})
	}
	for _, t := range s.Truth.Thresholds {
		out = append(out, [2]string{fmt.Sprintf("recall_raw_t%g", t), fmt.Sprintf("recall of the raw candidates for the pairs with J >= %g", t)})
	}
	return out
}

// Summary renders summary.md: per data set, variant, k and index kind, the cheapest (b, r) (fewest
// candidates per query) reaching each recall target, with its latency and memory; then the exact
// baseline against the best LSH configuration per data set (the regime in which each wins).
func Summary(s *Spec, recs []Record) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", s.Name)
	if s.Description != "" {
		fmt.Fprintf(&b, "%s\n\n", strings.TrimSpace(s.Description))
	}
	fmt.Fprintf(&b, "%d records. Latencies are single-thread per-query medians over the repetitions (timing columns vary between runs; all other columns are deterministic); when a grid times only some band counts (timing.max_timed), the cheapest configuration is chosen among the timed ones.\n\n", len(recs))
	for _, m := range recallMetrics(s) {
		fmt.Fprintf(&b, "## Cheapest configuration per recall target: %s\n\n", m[1])
		header := []string{"dataset", "variant", "k", "index", "target", "b x r", "recall", "candidates/query", "verified p50 us", "verified p99 us", "signature+index MiB"}
		var rows [][]string
		for _, g := range groupLSH(recs) {
			for _, target := range RecallTargets {
				best := cheapest(g.recs, m[0], target)
				row := []string{g.dataset, g.variant, g.k, g.index, fmt.Sprintf("%g", target)}
				if best == nil {
					row = append(row, "not reached", fmtF(maxOf(g.recs, m[0]), 3), "", "", "", "")
				} else {
					mem := (best.Float("signature_bytes") + best.Float("index_bytes")) / (1 << 20)
					row = append(row, best.String("b")+" x "+best.String("r"), fmtF(best.Float(m[0]), 3),
						fmtF(best.Float("cand_mean"), 1), fmtF(best.Float("verify_latency_p50_us"), 1),
						fmtF(best.Float("verify_latency_p99_us"), 1), fmtF(mem, 1))
				}
				rows = append(rows, row)
			}
		}
		b.WriteString(MarkdownTable(header, rows))
		b.WriteString("\n")
	}
	b.WriteString(regimes(s, recs))
	return b.String()
}

type lshGroup struct {
	dataset, variant, k, index string
	recs                       []Record
}

// groupLSH groups the LSH records by data set, variant, k and index kind, in record order.
func groupLSH(recs []Record) []lshGroup {
	var groups []lshGroup
	pos := map[string]int{}
	for _, r := range recs {
		if ix := r.String("index"); ix == "exact" || ix == KindSketch {
			continue
		}
		key := strings.Join([]string{r.String("dataset"), r.String("variant"), r.String("k"), r.String("index")}, "\x00")
		i, ok := pos[key]
		if !ok {
			i = len(groups)
			pos[key] = i
			groups = append(groups, lshGroup{dataset: r.String("dataset"), variant: r.String("variant"), k: r.String("k"), index: r.String("index")})
		}
		groups[i].recs = append(groups[i].recs, r)
	}
	return groups
}

// cheapest returns the record with the fewest mean candidates among those whose metric reaches
// target (ties: smaller index, then record order), or nil. When some records were timed, only
// timed ones are considered, so the latency of the answer is always a measurement.
func cheapest(recs []Record, metric string, target float64) *Record {
	anyTimed := false
	for i := range recs {
		if timed(&recs[i]) {
			anyTimed = true
			break
		}
	}
	var best *Record
	for i := range recs {
		r := &recs[i]
		v := r.Float(metric)
		if math.IsNaN(v) || v < target || (anyTimed && !timed(r)) {
			continue
		}
		if best == nil || r.Float("cand_mean") < best.Float("cand_mean") ||
			(r.Float("cand_mean") == best.Float("cand_mean") && r.Float("index_bytes") < best.Float("index_bytes")) {
			best = r
		}
	}
	return best
}

// timed reports whether the record's verified latency was measured.
func timed(r *Record) bool { return !math.IsNaN(r.Float("verify_latency_p50_us")) }

func maxOf(recs []Record, metric string) float64 {
	m := math.NaN()
	for _, r := range recs {
		if v := r.Float(metric); !math.IsNaN(v) && (math.IsNaN(m) || v > m) {
			m = v
		}
	}
	return m
}

func fmtF(x float64, prec int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "-"
	}
	return fmt.Sprintf("%.*f", prec, x)
}

// regimes compares, per data set, the exact inverted-index search with the fastest LSH
// configuration (verified latency) that reaches recall 0.9, and states where each wins: once for
// top-k (exact top-k latency) and once for the first threshold (exact threshold-query latency).
func regimes(s *Spec, recs []Record) string {
	var b strings.Builder
	if s.Truth.TopK > 0 {
		b.WriteString(regime(s, recs, "recall_at_k", fmt.Sprintf("top-%d queries", s.Truth.TopK), "verify_latency_p50_us", "verify_latency_p99_us"))
	}
	if len(s.Truth.Thresholds) > 0 {
		t := s.Truth.Thresholds[0]
		exact := "threshold_latency_p50_us"
		exact99 := "threshold_latency_p99_us"
		if s.Truth.TopK == 0 {
			exact, exact99 = "verify_latency_p50_us", "verify_latency_p99_us"
		}
		b.WriteString(regime(s, recs, fmt.Sprintf("recall_raw_t%g", t), fmt.Sprintf("threshold queries at J >= %g (LSH candidates verified by estimated J)", t), exact, exact99))
	}
	return b.String()
}

// regime writes one exact-versus-LSH table for one recall metric; exact50 and exact99 name the
// exact baseline's latency columns for the same kind of query.
func regime(s *Spec, recs []Record, metric, what, exact50, exact99 string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Exact search against LSH: %s, LSH recall >= 0.9 (%s)\n\n", what, metric)
	header := []string{"dataset", "sets", "mean query size", "exact p50 us", "exact p99 us", "best LSH", "LSH verified p50 us", "LSH verified p99 us", "LSH recall", "winner (p50)"}
	var rows [][]string
	var lshWins, exactWins []string
	for _, d := range s.Datasets {
		var ex *Record
		var best *Record
		for i := range recs {
			r := &recs[i]
			if r.String("dataset") != d.Label {
				continue
			}
			if r.String("index") == "exact" {
				ex = r
				continue
			}
			if r.String("index") == KindSketch {
				continue
			}
			if v := r.Float(metric); math.IsNaN(v) || v < 0.9 || !timed(r) {
				continue
			}
			if best == nil || r.Float("verify_latency_p50_us") < best.Float("verify_latency_p50_us") {
				best = r
			}
		}
		if ex == nil || math.IsNaN(ex.Float(exact50)) {
			continue
		}
		row := []string{d.Label, ex.String("sets"), fmtF(ex.Float("query_size_mean"), 1), fmtF(ex.Float(exact50), 1), fmtF(ex.Float(exact99), 1)}
		if best == nil {
			row = append(row, "none reaches 0.9 (best "+fmtF(bestRecall(recs, d.Label, metric), 3)+")", "", "", "", "exact")
			exactWins = append(exactWins, d.Label)
		} else {
			winner := "exact"
			if best.Float("verify_latency_p50_us") < ex.Float(exact50) {
				winner = "LSH"
				lshWins = append(lshWins, d.Label)
			} else {
				exactWins = append(exactWins, d.Label)
			}
			row = append(row, fmt.Sprintf("%s k=%s %s x %s", best.String("variant"), best.String("k"), best.String("b"), best.String("r")),
				fmtF(best.Float("verify_latency_p50_us"), 1), fmtF(best.Float("verify_latency_p99_us"), 1), fmtF(best.Float(metric), 3), winner)
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return ""
	}
	b.WriteString(MarkdownTable(header, rows))
	b.WriteString("\n")
	switch {
	case len(lshWins) == 0:
		fmt.Fprintf(&b, "Exact search is faster on every data set here (%s).\n\n", strings.Join(exactWins, ", "))
	case len(exactWins) == 0:
		fmt.Fprintf(&b, "LSH with verification is faster on every data set here (%s).\n\n", strings.Join(lshWins, ", "))
	default:
		fmt.Fprintf(&b, "LSH with verification is faster on %s; exact search is faster on %s.\n\n", strings.Join(lshWins, ", "), strings.Join(exactWins, ", "))
	}
	return b.String()
}

// bestRecall returns the highest value of metric among the data set's LSH records.
func bestRecall(recs []Record, label, metric string) float64 {
	var sub []Record
	for _, r := range recs {
		if r.String("dataset") == label && r.String("index") != "exact" {
			sub = append(sub, r)
		}
	}
	return maxOf(sub, metric)
}
