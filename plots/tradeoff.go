package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// axisSpec is one cost axis of a trade-off panel.
type axisSpec struct {
	title, label string
	cols         []string // summed
	scale        float64
	maximise     bool
	exactCols    []string // the exact baseline's columns, nil: not shown
}

var paretoAxes = []axisSpec{
	{title: "recall vs throughput", label: "verified queries per second (1 thread)", cols: []string{"verify_qps"}, scale: 1, maximise: true, exactCols: []string{"verify_qps"}},
	{title: "recall vs memory", label: "signature + index memory (MiB)", cols: []string{"signature_bytes", "index_bytes"}, scale: 1.0 / (1 << 20), exactCols: []string{"index_bytes"}},
	{title: "recall vs build time", label: "sketch + index build time (s)", cols: []string{"sketch_build_s", "index_build_s"}, scale: 1, exactCols: []string{"index_build_s"}},
}

// frontPanel draws, per (variant, index) series of cfgs, the Pareto front of recall against one
// cost, points labelled b x r (with k when the panel mixes several k), plus the exact baseline.
func frontPanel(f *Figure, p *plot.Plot, cfgs []*config, ycol string, ax axisSpec, exact []row, multiIndex bool) int {
	ks := map[int]bool{}
	for _, c := range cfgs {
		ks[c.k] = true
	}
	manyK := len(ks) > 1
	labels := newPointLabels()
	var keys []seriesKey
	groups := map[seriesKey][]point{}
	for _, c := range cfgs {
		x := 0.0
		for _, col := range ax.cols {
			x += c.vals[col]
		}
		x *= ax.scale
		if !(x > 0) || !finite(x) {
			continue
		}
		lab := fmt.Sprintf("%d×%d", c.b, c.r)
		if manyK {
			lab += fmt.Sprintf(" k%d", c.k)
		}
		key := seriesKey{c.variant, c.index}
		if _, ok := groups[key]; !ok {
			keys = append(keys, key)
		}
		groups[key] = append(groups[key], point{x: x, y: c.vals[ycol], label: lab})
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	fronts := make([][]point, len(keys))
	for i, key := range keys {
		fronts[i] = paretoFront(groups[key], ax.maximise)
		for _, q := range fronts[i] {
			lo, hi = min(lo, q.x), max(hi, q.x)
		}
	}
	drawn := 0
	for i, key := range keys {
		front := fronts[i]
		if len(front) == 0 {
			continue
		}
		col := VariantColour(key.variant)
		var pts plotter.XYs
		for _, q := range front {
			pts = append(pts, plotter.XY{X: q.x, Y: q.y})
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			continue
		}
		line.LineStyle = lineStyle(col, indexDashes(key.index))
		// Marks and labels on a thinned subset, so dense fronts stay readable.
		shown := thinFront(front, lo, hi)
		var marks plotter.XYs
		for _, q := range shown {
			marks = append(marks, plotter.XY{X: q.x, Y: q.y})
			labels.add(q.x, q.y, q.label, col)
		}
		sc, err := plotter.NewScatter(marks)
		if err != nil {
			continue
		}
		sc.GlyphStyle = glyphStyle(col, glyphFor(key.variant))
		p.Add(line, sc)
		f.addLegend(key.name(multiIndex), line, sc)
		drawn++
	}
	if ax.exactCols != nil {
		for _, e := range exact {
			x := 0.0
			for _, col := range ax.exactCols {
				x += e.f(col)
			}
			x *= ax.scale
			y := e.f(ycol)
			if math.IsNaN(y) {
				y = 1 // exact search answers exactly; its records need not say so
			}
			if !(x > 0) || !finite(x) || !finite(y) {
				continue
			}
			sc, _ := plotter.NewScatter(plotter.XYs{{X: x, Y: y}})
			sc.GlyphStyle = draw.GlyphStyle{Color: VariantColour("exact"), Radius: vg.Points(4), Shape: draw.BoxGlyph{}}
			p.Add(sc)
			f.addLegend("exact (inverted index)", sc)
			labels.add(x, y, "exact", VariantColour("exact"))
			lo, hi = min(lo, x), max(hi, x)
		}
	}
	if drawn > 0 {
		setLogAxis(&p.X, lo, hi)
		p.Add(labels)
	}
	return drawn
}

// pareto draws recall against throughput, memory and build time per data set: the
// non-dominated configurations of every variant.
func pareto(all []row) (*Figure, string) {
	rs := lshRows(all)
	ycol, ylabel, ydesc := recallMetric(rs)
	if ycol == "" {
		return nil, "no recall column (recall_at_k or recall_raw_t*) in the LSH records"
	}
	var cols []string
	for _, a := range paretoAxes {
		cols = append(cols, a.cols...)
	}
	cols = append(cols, ycol)
	multi := multipleIndexes(rs)
	f := newFigure("pareto", "Pareto fronts: recall against speed, memory and build time", 3)
	f.Caption = fmt.Sprintf("Per sketch variant, the configurations not beaten on both axes: y is %s, x the "+
		"single-thread throughput of verified queries (retrieval, estimating every candidate, top-k "+
		"selection), the memory of signatures plus index, and the time to build both; log x. Points "+
		"are labelled b×r (bands × rows). The black square is the exact inverted index (recall 1). "+
		"Throughput and build time are machine-dependent.", ydesc)
	exactAll := filter(all, func(r row) bool { return r.s("index") == "exact" })
	for _, d := range datasetsOf(rs) {
		cfgs := configs(filter(rs, func(r row) bool { return r.s("dataset") == d }), cols...)
		exact := filter(exactAll, func(r row) bool { return r.s("dataset") == d })
		for _, ax := range paretoAxes {
			p := newPanel(d+": "+ax.title, ax.label, ylabel)
			setUnitAxis(&p.Y)
			if frontPanel(f, p, cfgs, ycol, ax, exact, multi) > 0 {
				f.Panels = append(f.Panels, p)
			}
		}
	}
	if len(f.Panels) == 0 {
		return nil, "no configuration has both recall and cost figures"
	}
	if multi {
		f.Caption += " Line dashes tell the index kinds apart (solid banding, dashed multi-probe, dotted forest)."
	}
	return f, ""
}

// candidates draws recall of the raw candidates (exact re-ranking) against candidates per query.
func candidates(all []row) (*Figure, string) {
	rs := lshRows(all)
	ycol, ylabel, ydesc := "recall_at_k_candidates", "", ""
	for _, r := range rs {
		if finite(r.f(ycol)) {
			ylabel = "top-" + r.s("topk") + " recall of candidates"
			ydesc = "the top-" + r.s("topk") + " recall of the candidates themselves (exact re-ranking, tie-aware)"
			break
		}
	}
	if ylabel == "" {
		ycol, ylabel, ydesc = recallMetric(rs)
	}
	if ycol == "" {
		return nil, "no recall column in the LSH records"
	}
	multi := multipleIndexes(rs)
	f := newFigure("candidates-recall", "Candidates per query against recall", 3)
	f.Caption = fmt.Sprintf("Per sketch variant, the configurations not beaten on both axes: y is %s, x the mean "+
		"number of candidates an index returns per query (log). Points are labelled b×r.", ydesc)
	ax := axisSpec{cols: []string{"cand_mean"}, scale: 1}
	for _, d := range datasetsOf(rs) {
		cfgs := configs(filter(rs, func(r row) bool { return r.s("dataset") == d }), "cand_mean", ycol)
		p := newPanel(d, "candidates per query (mean)", ylabel)
		setUnitAxis(&p.Y)
		if frontPanel(f, p, cfgs, ycol, ax, nil, multi) > 0 {
			f.Panels = append(f.Panels, p)
		}
	}
	if len(f.Panels) == 0 {
		return nil, "no configuration has both candidates and recall"
	}
	return f, ""
}

// frontSpacing is the smallest distance, in axis fractions, between two marked points of a front.
const frontSpacing = 0.07

// thinFront returns the points of a front (sorted by x) to mark and label: the first and the
// last, and in between every point at least frontSpacing away from the previous marked one, with x
// measured on the log axis spanning [lo, hi] and y in [0, 1].
func thinFront(front []point, lo, hi float64) []point {
	if len(front) <= 2 {
		return front
	}
	span := math.Log(hi) - math.Log(lo)
	if !(span > 0) {
		span = 1
	}
	nx := func(x float64) float64 { return (math.Log(x) - math.Log(lo)) / span }
	out := []point{front[0]}
	last := front[0]
	for _, q := range front[1 : len(front)-1] {
		if math.Hypot(nx(q.x)-nx(last.x), q.y-last.y) >= frontSpacing {
			out = append(out, q)
			last = q
		}
	}
	end := front[len(front)-1]
	if math.Hypot(nx(end.x)-nx(last.x), end.y-last.y) < frontSpacing && len(out) > 1 {
		out = out[:len(out)-1]
	}
	return append(out, end)
}
