package experiments

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// commGroup is the set of protocol records of one (data set, sketch, similarity).
type commGroup struct {
	dataset, sketch, similarity string
	recs                        []Record
}

func sketchLabel(r *Record) string {
	return fmt.Sprintf("%s k=%s %sx%s", r.String("variant"), r.String("k"), r.String("b"), r.String("r"))
}

// groupProtocol splits the protocol records by (data set, sketch, similarity), in order of first
// appearance.
func groupProtocol(recs []Record) []*commGroup {
	var out []*commGroup
	idx := map[string]*commGroup{}
	for _, r := range recs {
		if r.String("kind") != KindProtocol {
			continue
		}
		key := r.String("dataset") + "\x00" + sketchLabel(&r) + "\x00" + r.String("similarity")
		g := idx[key]
		if g == nil {
			g = &commGroup{dataset: r.String("dataset"), sketch: sketchLabel(&r), similarity: r.String("similarity")}
			idx[key] = g
			out = append(out, g)
		}
		g.recs = append(g.recs, r)
	}
	return out
}

// methodsOf returns the methods of the records in order of first appearance.
func methodsOf(recs []Record) []string {
	var out []string
	for _, r := range recs {
		if m := r.String("method"); m != "" && !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out
}

type meanSE struct {
	sum, sum2 float64
	n         int
}

func (m *meanSE) add(x float64) {
	if math.IsNaN(x) {
		return
	}
	m.sum += x
	m.sum2 += x * x
	m.n++
}

func (m meanSE) mean() float64 {
	if m.n == 0 {
		return math.NaN()
	}
	return m.sum / float64(m.n)
}

// se is the standard error of the mean (0 for one value).
func (m meanSE) se() float64 {
	if m.n < 2 {
		return 0
	}
	mu := m.mean()
	v := (m.sum2 - float64(m.n)*mu*mu) / float64(m.n-1)
	return math.Sqrt(max(v, 0) / float64(m.n))
}

// communityMeans returns, for one group, each community's mean of metric per method over the
// restarts: communities in order of first appearance, values[c][method].
func communityMeans(g *commGroup, metric string) (comms []string, sizes map[string]string, values map[string]map[string]float64) {
	acc := map[string]map[string]*meanSE{}
	sizes = map[string]string{}
	for _, r := range g.recs {
		c := r.String("community")
		if acc[c] == nil {
			acc[c] = map[string]*meanSE{}
			comms = append(comms, c)
			sizes[c] = r.String("community_size")
		}
		m := r.String("method")
		if acc[c][m] == nil {
			acc[c][m] = &meanSE{}
		}
		acc[c][m].add(r.Float(metric))
	}
	values = map[string]map[string]float64{}
	for c, ms := range acc {
		values[c] = map[string]float64{}
		for m, a := range ms {
			values[c][m] = a.mean()
		}
	}
	return comms, sizes, values
}

// methodStats is the mean over communities (each community weighted once: the mean over its
// restarts first) and its standard error.
func methodStats(g *commGroup, metric string) map[string]meanSE {
	comms, _, values := communityMeans(g, metric)
	out := map[string]meanSE{}
	for _, c := range comms {
		for m, v := range values[c] {
			a := out[m]
			a.add(v)
			out[m] = a
		}
	}
	return out
}

// CommunitySummary renders summary.md for a community spec: what was reproduced and how the
// methods compare (computed from the records), the headline table of mean AUC per method, the
// AUC per community, the runtimes per stage and the ground-truth quality table.
func CommunitySummary(s *Spec, recs []Record) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", s.Name)
	if s.Description != "" {
		fmt.Fprintf(&b, "%s\n\n", strings.TrimSpace(s.Description))
	}
	groups := groupProtocol(recs)
	c := s.Community
	nComm := map[string]bool{}
	nPlot := map[string]bool{}
	minSize, maxSize := math.MaxInt, 0
	runs := 0
	for _, r := range recs {
		if r.String("kind") != KindProtocol {
			continue
		}
		key := r.String("dataset") + "/" + r.String("community")
		nComm[key] = true
		if v, _ := r.Get("plotted"); v == true {
			nPlot[key] = true
		}
		sz := int(r.Float("community_size"))
		minSize, maxSize = min(minSize, sz), max(maxSize, sz)
		runs++
	}
	if len(groups) == 0 {
		b.WriteString("No protocol records.\n")
		return b.String()
	}

	b.WriteString("## What was reproduced\n\n")
	var dsNames []string
	for _, g := range groups {
		if !slices.Contains(dsNames, g.dataset) {
			dsNames = append(dsNames, g.dataset)
		}
	}
	fmt.Fprintf(&b, "The seeded community detection protocol of Chamberlain et al. (PLOS ONE 2018) on %s: "+
		"%d ground-truth communities of %d to %d members (%d of them with more than %d members, the plotted ones), "+
		"%d restarts each (seeds %s), %d seeds drawn per restart, LSH candidates of the seeds ranked by each method "+
		"until the community has its true size |C|, recall of the non-seed members read every %d additions. "+
		"AUC is the trapezoid area under recall against additions/(|C| - seeds) from the origin (a perfect ranking scores 0.5, "+
		"chance about 0.5*|C|/candidates); auc_from_first is the authors' area from the first reading. "+
		"Every mean below is over communities, each community first averaged over its restarts. %d protocol runs in all.\n\n",
		strings.Join(dsNames, ", "), len(nComm), minSize, maxSize, len(nPlot), c.PlotMin, len(c.Restarts),
		joinUints(c.Restarts), c.Seeds, c.Interval, runs)

	for _, g := range groups {
		st := methodStats(g, "auc")
		ms := methodsOf(g.recs)
		slices.SortStableFunc(ms, func(x, y string) int {
			return -cmpFloat(st[x].mean(), st[y].mean())
		})
		var parts []string
		for _, m := range ms {
			parts = append(parts, fmt.Sprintf("%s %.3f", m, st[m].mean()))
		}
		fmt.Fprintf(&b, "- %s, %s, %s J: methods by mean AUC: %s.", g.dataset, g.sketch, g.similarity, strings.Join(parts, " > "))
		if wins, total, ok := headToHead(g, "minrank", "average"); ok {
			fmt.Fprintf(&b, " minrank beats initial averages on %d of %d communities.", wins, total)
		}
		if a, ok1 := st["ppr"]; ok1 {
			if p, ok2 := st["ppr-paper"]; ok2 {
				fmt.Fprintf(&b, " Removing the seeds from the PageRank ranking changes its AUC by %+.3f.", a.mean()-p.mean())
			}
		}
		b.WriteString("\n")
	}
	// The real-time claim: the full query with the paper's method on estimated J.
	for _, g := range groups {
		if g.similarity != "estimated" {
			continue
		}
		var tot []float64
		for _, r := range g.recs {
			if r.String("method") == "minrank" {
				tot = append(tot, r.Float("candidates_ms")+r.Float("ranking_ms")+r.Float("structure_ms"))
			}
		}
		if len(tot) == 0 {
			continue
		}
		slices.Sort(tot)
		fmt.Fprintf(&b, "- Real time on %s (%s): the full query (LSH candidates, minrank to |C|, WALKTRAP) took %.2f ms on average, "+
			"p99 %.2f ms, max %.2f ms over %d runs, against the paper's bound of 250 ms (one thread; timings vary between runs).\n",
			g.dataset, g.sketch, meanOf(tot), Quantile(tot, 0.99), tot[len(tot)-1], len(tot))
	}
	// Sketch error versus method error: the same candidates ranked with exact J.
	for _, ge := range groups {
		if ge.similarity != "estimated" {
			continue
		}
		for _, gx := range groups {
			if gx.similarity != "exact" || gx.dataset != ge.dataset || gx.sketch != ge.sketch {
				continue
			}
			se, sx := methodStats(ge, "auc"), methodStats(gx, "auc")
			var parts []string
			for _, m := range methodsOf(ge.recs) {
				if m == "push" {
					continue
				}
				parts = append(parts, fmt.Sprintf("%s %+.3f", m, sx[m].mean()-se[m].mean()))
			}
			fmt.Fprintf(&b, "- Sketch error on %s (%s): exact J instead of estimated J over the same candidates changes the mean AUC by %s.\n",
				ge.dataset, ge.sketch, strings.Join(parts, ", "))
		}
	}
	b.WriteString("\n")

	b.WriteString("## Mean AUC per method\n\n")
	allMethods := methodsOf(recs)
	header := []string{"dataset", "sketch", "similarity", "communities"}
	header = append(header, allMethods...)
	var rows [][]string
	for _, g := range groups {
		st := methodStats(g, "auc")
		comms, _, _ := communityMeans(g, "auc")
		row := []string{g.dataset, g.sketch, g.similarity, strconv.Itoa(len(comms))}
		for _, m := range allMethods {
			if a, ok := st[m]; ok {
				row = append(row, fmt.Sprintf("%.3f ± %.3f", a.mean(), a.se()))
			} else {
				row = append(row, "")
			}
		}
		rows = append(rows, row)
	}
	b.WriteString(mdTable(header, rows))
	b.WriteString("\n(± one standard error over communities.)\n\n")

	b.WriteString("## Other metrics per method\n\n")
	header = []string{"dataset", "sketch", "similarity", "method", "AUC", "AUC from first", "F1 at size C", "final recall", "candidates", "WALKTRAP communities"}
	rows = nil
	for _, g := range groups {
		stats := map[string]map[string]meanSE{}
		for _, metric := range []string{"auc", "auc_from_first", "f1", "recall_final", "candidates", "structure_communities"} {
			stats[metric] = methodStats(g, metric)
		}
		for _, m := range methodsOf(g.recs) {
			rows = append(rows, []string{g.dataset, g.sketch, g.similarity, m,
				fmtF(stats["auc"][m].mean(), 3), fmtF(stats["auc_from_first"][m].mean(), 3),
				fmtF(stats["f1"][m].mean(), 3), fmtF(stats["recall_final"][m].mean(), 3),
				fmtF(stats["candidates"][m].mean(), 1), fmtF(stats["structure_communities"][m].mean(), 1)})
		}
	}
	b.WriteString(mdTable(header, rows))
	b.WriteString("\n")

	b.WriteString("## AUC per community\n\n")
	for _, g := range groups {
		fmt.Fprintf(&b, "### %s, %s, %s J\n\n", g.dataset, g.sketch, g.similarity)
		comms, sizes, values := communityMeans(g, "auc")
		ms := methodsOf(g.recs)
		header := append([]string{"community", "size"}, ms...)
		var rows [][]string
		for _, cm := range comms {
			row := []string{cm, sizes[cm]}
			for _, m := range ms {
				row = append(row, fmtF(values[cm][m], 3))
			}
			rows = append(rows, row)
		}
		st := methodStats(g, "auc")
		row := []string{"mean", ""}
		for _, m := range ms {
			row = append(row, fmtF(st[m].mean(), 3))
		}
		rows = append(rows, row)
		b.WriteString(mdTable(header, rows))
		b.WriteString("\n")
	}

	b.WriteString("## Runtimes per stage (ms, single thread)\n\n")
	b.WriteString("candidates: LSH lookup of the seeds; ranking: the method (the PPR methods include the dense candidate matrix); " +
		"structure: WALKTRAP (t = 4) on the grown community's similarity graph. Timing columns vary between runs.\n\n")
	header = []string{"dataset", "sketch", "similarity", "method", "runs", "candidates mean", "candidates p99", "ranking mean", "ranking p99", "structure mean", "structure p99", "total mean", "total p99"}
	rows = nil
	for _, g := range groups {
		for _, m := range methodsOf(g.recs) {
			var cand, rank, strc, tot []float64
			for _, r := range g.recs {
				if r.String("method") != m {
					continue
				}
				cm, rk, sc := r.Float("candidates_ms"), r.Float("ranking_ms"), r.Float("structure_ms")
				cand, rank, strc, tot = append(cand, cm), append(rank, rk), append(strc, sc), append(tot, cm+rk+sc)
			}
			row := []string{g.dataset, g.sketch, g.similarity, m, strconv.Itoa(len(tot))}
			for _, xs := range [][]float64{cand, rank, strc, tot} {
				slices.Sort(xs)
				row = append(row, fmtF(meanOf(xs), 3), fmtF(Quantile(xs, 0.99), 3))
			}
			rows = append(rows, row)
		}
	}
	b.WriteString(mdTable(header, rows))
	b.WriteString("\n")

	b.WriteString("## Ground-truth quality on the estimated-Jaccard graph\n\n")
	b.WriteString("Edges: every pair with a member end and estimated J > 0 (graph \"all\": every vertex of the collection; " +
		"\"lsh\": the members' LSH candidates). Conductance c_s/(2m_s+c_s); separability m_s/c_s; cohesiveness: the lowest " +
		"conductance of a sub-community found by a PageRank sweep inside C; clustering: weighted (Holme et al.) with w_max = 1.\n\n")
	header = []string{"dataset", "sketch", "community", "size", "graph", "density", "separability", "conductance", "cohesiveness", "clustering"}
	rows = nil
	type qacc struct{ d, s, c, h, cl meanSE }
	var qkeys []string
	qmeans := map[string]*qacc{}
	for _, r := range recs {
		if r.String("kind") != KindQuality {
			continue
		}
		ds, sk := r.String("dataset"), sketchLabel(&r)
		rows = append(rows, []string{ds, sk, r.String("community"), r.String("community_size"), r.String("quality_graph"),
			fmtF(r.Float("density"), 4), fmtF(r.Float("separability"), 4), fmtF(r.Float("conductance"), 4),
			fmtF(r.Float("cohesiveness"), 4), fmtF(r.Float("clustering"), 4)})
		key := ds + "\x00" + sk
		a := qmeans[key]
		if a == nil {
			a = &qacc{}
			qmeans[key] = a
			qkeys = append(qkeys, key)
		}
		a.d.add(r.Float("density"))
		if x := r.Float("separability"); !math.IsInf(x, 0) {
			a.s.add(x)
		}
		a.c.add(r.Float("conductance"))
		a.h.add(r.Float("cohesiveness"))
		a.cl.add(r.Float("clustering"))
	}
	for _, key := range qkeys {
		a := qmeans[key]
		ds, sk, _ := strings.Cut(key, "\x00")
		rows = append(rows, []string{ds, sk, "mean", "", "", fmtF(a.d.mean(), 4), fmtF(a.s.mean(), 4), fmtF(a.c.mean(), 4), fmtF(a.h.mean(), 4), fmtF(a.cl.mean(), 4)})
	}
	b.WriteString(mdTable(header, rows))
	return b.String()
}

func meanOf(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// headToHead counts the communities on which method a's mean AUC is higher than b's.
func headToHead(g *commGroup, a, b string) (wins, total int, ok bool) {
	comms, _, values := communityMeans(g, "auc")
	for _, c := range comms {
		va, oka := values[c][a]
		vb, okb := values[c][b]
		if !oka || !okb {
			continue
		}
		total++
		if va > vb {
			wins++
		}
	}
	return wins, total, total > 0
}

func joinUints(xs []uint64) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.FormatUint(x, 10)
	}
	return strings.Join(s, ", ")
}

// mdTable renders a plain Markdown table, headers as given (cells must not contain '|').
func mdTable(header []string, rows [][]string) string {
	var b strings.Builder
	line := func(cells []string) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" ")
			b.WriteString(strings.ReplaceAll(c, "|", "/"))
			b.WriteString(" |")
		}
		b.WriteString("\n")
	}
	line(header)
	sep := make([]string, len(header))
	for i := range sep {
		sep[i] = "---"
	}
	line(sep)
	for _, r := range rows {
		line(r)
	}
	return b.String()
}
