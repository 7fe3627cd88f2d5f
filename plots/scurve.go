package plots

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"lshbench/experiments"
)

// sCurveTargets are the theoretical thresholds the S-curve figure picks configurations near.
var sCurveTargets = []float64{0.2, 0.4, 0.6, 0.8}

// preferredVariant returns kminhash when present, else the first variant in record order.
func preferredVariant(rs []row) string {
	vs := distinct(rs, func(r row) string { return r.s("variant") })
	if slices.Contains(vs, "kminhash") {
		return "kminhash"
	}
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

// preferredK returns 128 when present, else the largest k.
func preferredK(rs []row) int {
	best := 0
	for _, r := range rs {
		k := r.i("k")
		if k == 128 {
			return k
		}
		best = max(best, k)
	}
	return best
}

func bandThreshold(b, r int) float64 { return math.Pow(1/float64(b), 1/float64(r)) }

// sCurve draws, per data set, the theoretical candidate probability 1 - (1 - s^r)^b of a few
// banding configurations of one variant and k, with the measured candidate rate per exact-J bin
// and its 95% Wilson interval.
func sCurve(all []row) (*Figure, string) {
	rs := filter(lshRows(all), func(r row) bool { return r.s("index") == "banding" && r.has("pairs_j00") })
	if len(rs) == 0 {
		return nil, "no banding records with S-curve counts (pairs_jNN, hits_jNN)"
	}
	variant := preferredVariant(rs)
	rs = filter(rs, func(r row) bool { return r.s("variant") == variant })
	k := preferredK(rs)
	rs = filter(rs, func(r row) bool { return r.i("k") == k })

	// Pick the configurations nearest the target thresholds (ties: more rows used, then fewer
	// bands), from the configurations every data set has.
	type br struct{ b, r int }
	dsets := datasetsOf(rs)
	count := map[br]int{}
	var all_ []br
	for _, d := range dsets {
		for _, s := range distinct(filter(rs, func(r row) bool { return r.s("dataset") == d }), func(r row) string {
			return fmt.Sprintf("%d %d", r.i("b"), r.i("r"))
		}) {
			var c br
			fmt.Sscanf(s, "%d %d", &c.b, &c.r)
			if count[c] == 0 && d == dsets[0] {
				all_ = append(all_, c)
			}
			count[c]++
		}
	}
	var picked []br
	for _, t := range sCurveTargets {
		var best br
		bestD := math.Inf(1)
		for _, c := range all_ {
			if count[c] != len(dsets) || c.b < 1 || c.r < 1 {
				continue
			}
			d := math.Abs(bandThreshold(c.b, c.r) - t)
			if d < bestD-1e-12 || (math.Abs(d-bestD) <= 1e-12 && (c.b*c.r > best.b*best.r || (c.b*c.r == best.b*best.r && c.b < best.b))) {
				best, bestD = c, d
			}
		}
		if bestD < math.Inf(1) && !slices.Contains(picked, best) {
			picked = append(picked, best)
		}
	}
	if len(picked) == 0 {
		return nil, "no banding configuration present in every data set"
	}
	slices.SortFunc(picked, func(a, b br) int {
		ta, tb := bandThreshold(a.b, a.r), bandThreshold(b.b, b.r)
		switch {
		case ta < tb:
			return -1
		case ta > tb:
			return 1
		}
		return 0
	})

	f := newFigure("scurve", fmt.Sprintf("S-curves: %s, k = %d", variant, k), 3)
	f.Caption = fmt.Sprintf("Probability that a pair becomes a candidate against its exact Jaccard similarity: "+
		"lines are the theory 1 - (1 - s^r)^b, points the measured candidate rate of the pairs in each "+
		"exact-J bin of width 0.05 (bin centre), with 95%% Wilson intervals. Sketch %s with k = %d; the banding "+
		"configurations (b bands x r rows) are those whose threshold (1/b)^(1/r) is nearest 0.2, 0.4, 0.6 and 0.8.", variant, k)
	seeds := len(distinct(rs, func(r row) string { return r.s("seed") }))
	if seeds > 1 {
		f.Notes = append(f.Notes, fmt.Sprintf("Counts pooled over %d seeds.", seeds))
	}
	for _, d := range dsets {
		p := newPanel(d, "exact Jaccard similarity s", "candidate probability")
		setUnitAxis(&p.X)
		setUnitAxis(&p.Y)
		drew := false
		for ci, c := range picked {
			col := rgb(configColours[ci%len(configColours)])
			name := fmt.Sprintf("b=%d, r=%d (t=%.2f)", c.b, c.r, bandThreshold(c.b, c.r))
			theory := plotter.NewFunction(func(s float64) float64 {
				return 1 - math.Pow(1-math.Pow(s, float64(c.r)), float64(c.b))
			})
			theory.Samples = 201
			theory.LineStyle = lineStyle(col, nil)
			p.Add(theory)
			// Pool the counts over seeds; a tuned cell repeating the configuration is skipped.
			var pairs, hits, jsum [experiments.NumBuckets]float64
			seen := map[string]bool{}
			for _, r := range rs {
				if r.s("dataset") != d || r.i("b") != c.b || r.i("r") != c.r || seen[r.s("seed")] {
					continue
				}
				seen[r.s("seed")] = true
				for i := range experiments.NumBuckets {
					if n := r.f(fmt.Sprintf("pairs_j%02d", i)); finite(n) {
						pairs[i] += n
						hits[i] += r.f(fmt.Sprintf("hits_j%02d", i))
						// The mean exact J of the bin places the point (bin centre when absent).
						m := r.f(fmt.Sprintf("jmean_j%02d", i))
						if !finite(m) {
							m = (float64(i) + 0.5) / experiments.NumBuckets
						}
						jsum[i] += m * n
					}
				}
			}
			var pts plotter.XYs
			var errs plotter.YErrors
			for i := range experiments.NumBuckets {
				if pairs[i] == 0 {
					continue
				}
				rate := hits[i] / pairs[i]
				lo, hi := wilson(hits[i], pairs[i])
				x := jsum[i] / pairs[i]
				pts = append(pts, plotter.XY{X: x, Y: rate})
				errs = append(errs, struct{ Low, High float64 }{rate - lo, hi - rate})
			}
			sc, _ := plotter.NewScatter(plotter.XYs{{X: 0, Y: 0}})
			sc.GlyphStyle = glyphStyle(col, glyphShapes[ci%len(glyphShapes)])
			if len(pts) > 0 {
				drew = true
				sc.XYs = pts
				eb, err := plotter.NewYErrorBars(errBars{pts, errs})
				if err == nil {
					eb.LineStyle = lineStyle(col, nil)
					eb.LineStyle.Width = vg.Points(0.8)
					eb.CapWidth = vg.Points(3)
					p.Add(eb)
				}
				p.Add(sc)
			}
			f.addLegend(name, theory, sc)
		}
		if !drew {
			f.Notes = append(f.Notes, fmt.Sprintf("%s: no overlapping query pairs, theory only.", d))
		}
		f.Panels = append(f.Panels, p)
	}
	return f, ""
}

// errBars pairs points with their error bars for plotter.NewYErrorBars.
type errBars struct {
	plotter.XYs
	plotter.YErrors
}
