package plots

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// CrossoverRecall is the recall an LSH configuration must reach to enter the crossover figure.
const CrossoverRecall = 0.9

// crossover compares, across data sets, the exact inverted-index search with the fastest LSH
// configuration (verified p50 latency) of each variant reaching CrossoverRecall: latency against
// the mean query set size, and memory against the number of sets.
func crossover(all []row) (*Figure, string) {
	exact := filter(all, func(r row) bool { return r.s("index") == "exact" })
	exactSets := distinct(exact, func(r row) string { return r.s("dataset") })
	if len(exactSets) < 2 {
		return nil, fmt.Sprintf("exact baseline on %d data set(s): a crossover needs at least two (e.g. the stars experiment)", len(exactSets))
	}
	rs := lshRows(all)
	ycol, _, _ := recallMetric(rs)
	if ycol == "" {
		return nil, "no recall column in the LSH records"
	}
	type dpoint struct {
		dataset          string
		size, sets       float64
		exactLat, exactB float64
	}
	var ds []dpoint
	for _, d := range exactSets {
		e := filter(exact, func(r row) bool { return r.s("dataset") == d })[0]
		ds = append(ds, dpoint{d, e.f("query_size_mean"), e.f("sets"), e.f("verify_latency_p50_us"), e.f("index_bytes")})
	}
	slices.SortStableFunc(ds, func(a, b dpoint) int {
		switch {
		case a.size < b.size:
			return -1
		case a.size > b.size:
			return 1
		}
		return 0
	})

	lat := newPanel("query latency against set size", "mean query set size (elements)", "verified latency p50 (µs)")
	mem := newPanel("memory against collection size", "sets in the collection", "memory (MiB)")
	f := newFigure("crossover", "Exact search against LSH across data sets", 2)
	f.Caption = fmt.Sprintf("Per data set, the exact inverted index (black) against, per sketch variant, the LSH "+
		"configuration with the lowest verified p50 latency among those reaching %s >= %g (where none does, the "+
		"most accurate one), its recall written beside it. Left: latency "+
		"against the mean size of the query sets; right: exact index bytes against signature + index "+
		"bytes of the same LSH configurations, against the number of sets. Both axes logarithmic; "+
		"latency is machine-dependent.", ycol, CrossoverRecall)
	latX, latY, memX, memY := bounds{}, bounds{}, bounds{}, bounds{}
	labels := newPointLabels()
	var ep, em plotter.XYs
	for _, d := range ds {
		if d.size > 0 && d.exactLat > 0 {
			ep = append(ep, plotter.XY{X: d.size, Y: d.exactLat})
			latX.add(d.size)
			latY.add(d.exactLat)
			labels.add(d.size, d.exactLat, d.dataset, VariantColour("exact"))
		}
		if d.sets > 0 && d.exactB > 0 {
			em = append(em, plotter.XY{X: d.sets, Y: d.exactB / (1 << 20)})
			memX.add(d.sets)
			memY.add(d.exactB / (1 << 20))
		}
	}
	addSeries(f, lat, ep, "exact (inverted index)", "exact")
	addSeries(f, mem, em, "exact (inverted index)", "exact")
	var missing []string
	for _, v := range distinct(rs, func(r row) string { return r.s("variant") }) {
		var lp, mp plotter.XYs
		for _, d := range ds {
			cfgs := configs(filter(rs, func(r row) bool { return r.s("dataset") == d.dataset && r.s("variant") == v }),
				ycol, "verify_latency_p50_us", "signature_bytes", "index_bytes")
			var best, mostAccurate *config
			for _, c := range cfgs {
				lat, rec := c.vals["verify_latency_p50_us"], c.vals[ycol]
				if !(lat > 0) || !finite(rec) {
					continue
				}
				if mostAccurate == nil || rec > mostAccurate.vals[ycol] ||
					(rec == mostAccurate.vals[ycol] && lat < mostAccurate.vals["verify_latency_p50_us"]) {
					mostAccurate = c
				}
				if rec >= CrossoverRecall && (best == nil || lat < best.vals["verify_latency_p50_us"]) {
					best = c
				}
			}
			if best == nil {
				if mostAccurate == nil {
					continue
				}
				best = mostAccurate
				missing = append(missing, fmt.Sprintf("%s on %s (best %.2f)", v, d.dataset, best.vals[ycol]))
			}
			l := best.vals["verify_latency_p50_us"]
			if d.size > 0 {
				lp = append(lp, plotter.XY{X: d.size, Y: l})
				latX.add(d.size)
				latY.add(l)
				labels.add(d.size, l, fmt.Sprintf("%.2f", best.vals[ycol]), VariantColour(v))
			}
			if m := (best.vals["signature_bytes"] + best.vals["index_bytes"]) / (1 << 20); d.sets > 0 && m > 0 {
				mp = append(mp, plotter.XY{X: d.sets, Y: m})
				memX.add(d.sets)
				memY.add(m)
			}
		}
		addSeries(f, lat, lp, v, v)
		addSeries(f, mem, mp, v, v)
	}
	if latX.n == 0 || memX.n == 0 {
		return nil, "no data set with both an exact latency and set sizes"
	}
	setLogAxis(&lat.X, latX.lo, latX.hi)
	setLogAxis(&lat.Y, latY.lo, latY.hi)
	setLogAxis(&mem.X, memX.lo, memX.hi)
	setLogAxis(&mem.Y, memY.lo, memY.hi)
	lat.Add(labels)
	f.Panels = append(f.Panels, lat, mem)
	if len(missing) > 0 {
		f.Notes = append(f.Notes, fmt.Sprintf("No configuration reaches %s >= %g for: %s; the most accurate one is shown instead.",
			ycol, CrossoverRecall, joinList(missing)))
	}
	return f, ""
}

type bounds struct {
	lo, hi float64
	n      int
}

func (b *bounds) add(x float64) {
	if !(x > 0) || math.IsInf(x, 0) {
		return
	}
	if b.n == 0 {
		b.lo, b.hi = x, x
	} else {
		b.lo, b.hi = min(b.lo, x), max(b.hi, x)
	}
	b.n++
}

// addSeries draws a line with points in the colour of name (a variant or "exact").
func addSeries(f *Figure, p *plot.Plot, pts plotter.XYs, legend, colourOf string) {
	if len(pts) == 0 {
		return
	}
	col := VariantColour(colourOf)
	line, sc, err := plotter.NewLinePoints(pts)
	if err != nil {
		return
	}
	line.LineStyle = lineStyle(col, nil)
	sc.GlyphStyle = glyphStyle(col, glyphFor(colourOf))
	p.Add(line, sc)
	f.addLegend(legend, line, sc)
}

func joinList(xs []string) string {
	s := ""
	for i, x := range xs {
		if i > 0 {
			s += ", "
		}
		s += x
	}
	return s
}
