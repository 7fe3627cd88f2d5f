package plots

import (
	"fmt"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// sketchRow is one sketch (data set, variant, k, seed): the sketch columns repeat on every
// record of its cells, so the first record stands for it.
func sketchRows(all []row, col string) []row {
	seen := map[string]bool{}
	var out []row
	for _, r := range lshRows(all) {
		if !finite(r.f(col)) {
			continue
		}
		key := strings.Join([]string{r.s("dataset"), r.s("variant"), r.s("k"), r.s("seed")}, "\x00")
		if !seen[key] {
			seen[key] = true
			out = append(out, r)
		}
	}
	return out
}

// seriesVsK is one variant's metric against k: the mean over seeds and its spread.
type seriesVsK struct {
	variant  string
	k        []float64
	mean, sd []float64
	seeds    int
}

// byVariantVsK collects col against k per variant for one data set.
func byVariantVsK(rs []row, col string) []seriesVsK {
	var out []seriesVsK
	keys, groups := groupBy(rs, func(r row) string { return r.s("variant") })
	for _, v := range keys {
		g := groups[v]
		s := seriesVsK{variant: v}
		var ks []float64
		for _, r := range g {
			ks = append(ks, float64(r.i("k")))
		}
		for _, k := range sortedFloats(ks) {
			var xs []float64
			for _, r := range g {
				if float64(r.i("k")) == k {
					xs = append(xs, r.f(col))
				}
			}
			m, sd, n := meanSD(xs)
			if n == 0 {
				continue
			}
			s.k = append(s.k, k)
			s.mean = append(s.mean, m)
			s.sd = append(s.sd, sd)
			s.seeds = max(s.seeds, n)
		}
		if len(s.k) > 0 {
			out = append(out, s)
		}
	}
	return out
}

// addVsK draws the series on p: a band of mean +- one standard deviation over seeds (when there
// are several), the mean line and its points.
func addVsK(f *Figure, p *plot.Plot, series []seriesVsK, scale float64, logY bool) {
	// Bands first, so that no band covers another variant's line.
	for _, s := range series {
		col := VariantColour(s.variant)
		if s.seeds > 1 && len(s.k) > 1 {
			var poly plotter.XYs
			for i := range s.k {
				poly = append(poly, plotter.XY{X: s.k[i], Y: (s.mean[i] + s.sd[i]) * scale})
			}
			for i := len(s.k) - 1; i >= 0; i-- {
				lo := (s.mean[i] - s.sd[i]) * scale
				if logY {
					lo = max(lo, s.mean[i]*scale/20)
				}
				poly = append(poly, plotter.XY{X: s.k[i], Y: lo})
			}
			if band, err := plotter.NewPolygon(poly); err == nil {
				band.Color = withAlpha(col, 50)
				band.LineStyle.Width = 0
				p.Add(band)
			}
		}
	}
	for _, s := range series {
		col := VariantColour(s.variant)
		var pts plotter.XYs
		for i := range s.k {
			pts = append(pts, plotter.XY{X: s.k[i], Y: s.mean[i] * scale})
		}
		line, sc, err := plotter.NewLinePoints(pts)
		if err != nil {
			continue
		}
		line.LineStyle = lineStyle(col, nil)
		sc.GlyphStyle = glyphStyle(col, glyphFor(s.variant))
		p.Add(line, sc)
		f.addLegend(s.variant, line, sc)
	}
}

func allK(series []seriesVsK) []float64 {
	var ks []float64
	for _, s := range series {
		ks = append(ks, s.k...)
	}
	return sortedFloats(ks)
}

func maxSeeds(series []seriesVsK) int {
	n := 0
	for _, s := range series {
		n = max(n, s.seeds)
	}
	return n
}

// estimationError draws the RMSE and the bias of the estimated Jaccard over all overlapping query
// pairs against k, per variant and data set.
func estimationError(all []row) (*Figure, string) {
	rs := sketchRows(all, "est_rmse")
	if len(rs) == 0 {
		return nil, "no sketch records with est_rmse"
	}
	ks := sortedFloats(func() []float64 {
		var ks []float64
		for _, r := range rs {
			ks = append(ks, float64(r.i("k")))
		}
		return ks
	}())
	if len(ks) < 2 {
		return nil, fmt.Sprintf("only one signature length (k = %g): no trend in k", ks[0])
	}
	f := newFigure("estimation-error", "Estimation error of the Jaccard similarity against k", 2)
	f.Caption = "Root mean squared error (left) and mean signed error (bias, right) of the estimated " +
		"Jaccard similarity over every pair of a query and a set overlapping it, against the signature " +
		"length k (log scale), one line per sketch variant."
	seeds := 0
	for _, d := range datasetsOf(rs) {
		dr := filter(rs, func(r row) bool { return r.s("dataset") == d })
		rm := byVariantVsK(dr, "est_rmse")
		bi := byVariantVsK(dr, "est_bias")
		seeds = max(seeds, maxSeeds(rm))
		p1 := newPanel(d+": RMSE", "signature length k (hash values)", "RMSE of estimated J")
		addVsK(f, p1, rm, 1, false)
		setLog2Axis(&p1.X, allK(rm))
		p1.Y.Min = 0
		p2 := newPanel(d+": bias", "signature length k (hash values)", "bias (estimate - exact J)")
		zero := plotter.NewFunction(func(float64) float64 { return 0 })
		zero.LineStyle = lineStyle(VariantColour("exact"), nil)
		zero.LineStyle.Width = 0.5
		p2.Add(zero)
		addVsK(f, p2, bi, 1, false)
		setLog2Axis(&p2.X, allK(bi))
		f.Panels = append(f.Panels, p1, p2)
	}
	if seeds > 1 {
		f.Caption += fmt.Sprintf(" Lines are means over %d seeds, bands one standard deviation.", seeds)
	} else {
		f.Notes = append(f.Notes, "One seed per configuration: no bands over seeds.")
	}
	return f, ""
}

// throughput draws sketching throughput (set elements hashed per second) against k per variant.
func throughput(all []row) (*Figure, string) {
	rs := sketchRows(all, "sketch_elems_per_s")
	if len(rs) == 0 {
		return nil, "no sketch records with sketch_elems_per_s"
	}
	var ks []float64
	for _, r := range rs {
		ks = append(ks, float64(r.i("k")))
	}
	if len(sortedFloats(ks)) < 2 {
		return nil, fmt.Sprintf("only one signature length (k = %g): no trend in k", ks[0])
	}
	f := newFigure("sketch-throughput", "Sketching throughput against k", 3)
	f.Caption = "Elements of the sets hashed per second while building all signatures of a data set " +
		"(single build, wall time), against the signature length k; both axes logarithmic. " +
		"Machine-dependent."
	seeds := 0
	for _, d := range datasetsOf(rs) {
		dr := filter(rs, func(r row) bool { return r.s("dataset") == d })
		s := byVariantVsK(dr, "sketch_elems_per_s")
		seeds = max(seeds, maxSeeds(s))
		p := newPanel(d, "signature length k (hash values)", "throughput (M elements/s)")
		addVsK(f, p, s, 1e-6, true)
		setLog2Axis(&p.X, allK(s))
		lo, hi := 0.0, 0.0
		for _, x := range s {
			for i, m := range x.mean {
				if m <= 0 {
					continue
				}
				l, h := m, m
				if x.seeds > 1 && len(x.k) > 1 {
					l, h = max(m-x.sd[i], m/20), m+x.sd[i]
				}
				if lo == 0 || l*1e-6 < lo {
					lo = l * 1e-6
				}
				hi = max(hi, h*1e-6)
			}
		}
		setLogAxis(&p.Y, lo, hi)
		f.Panels = append(f.Panels, p)
	}
	if seeds > 1 {
		f.Caption += fmt.Sprintf(" Lines are means over %d seeds, bands one standard deviation.", seeds)
	} else {
		f.Notes = append(f.Notes, "One seed per configuration: no bands over seeds.")
	}
	return f, ""
}
