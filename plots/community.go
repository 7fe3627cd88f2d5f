package plots

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// MaxCommunityPanels bounds the recall-curve grid; beyond it the largest plotted communities
// are shown.
const MaxCommunityPanels = 24

// MaxAUCGroups is the largest number of communities the AUC chart shows one by one; with more,
// it shows the mean over all communities only.
const MaxAUCGroups = 15

// protocolRows returns the records of the seeded community detection protocol (one per data
// set, sketch, community, restart, similarity and method).
func protocolRows(all []row) []row {
	return filter(all, func(r row) bool {
		k := r.s("kind")
		return (k == "" || k == "protocol") && r.has("curve_recall") && r.has("method") && r.has("community")
	})
}

// sketchLabel names the sketch behind a community record ("" when the records carry none).
func sketchLabel(r row) string {
	if r.s("variant") == "" {
		return ""
	}
	s := fmt.Sprintf("%s k=%s", r.s("variant"), r.s("k"))
	if r.has("b") {
		s += fmt.Sprintf(", %s×%s", r.s("b"), r.s("r"))
	}
	return s
}

// methodSeries is a line of the community figures: a method under one similarity.
type methodSeries struct{ method, similarity string }

func (m methodSeries) name(multiSim bool) string {
	if multiSim && m.similarity != "" {
		return m.method + " (" + m.similarity + " J)"
	}
	return m.method
}

func (m methodSeries) dashes() []vg.Length {
	if m.similarity == "exact" {
		return []vg.Length{vg.Points(5), vg.Points(3)}
	}
	return nil
}

func parseFloats(s string) ([]float64, error) {
	fs := strings.Fields(s)
	out := make([]float64, len(fs))
	for i, f := range fs {
		v, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// curveOf returns a record's recall curve with the origin (0, 0) prepended (no addition, no
// recall), or false when the columns are malformed.
func curveOf(r row) (x, y []float64, ok bool) {
	x, err1 := parseFloats(r.s("curve_x"))
	y, err2 := parseFloats(r.s("curve_recall"))
	if err1 != nil || err2 != nil || len(x) != len(y) || len(x) == 0 {
		return nil, nil, false
	}
	if x[0] > 0 {
		x = append([]float64{0}, x...)
		y = append([]float64{0}, y...)
	}
	return x, y, true
}

// interpolate returns y(at) of the piecewise-linear curve (x ascending), clamped at the ends.
func interpolate(x, y []float64, at float64) float64 {
	i, _ := slices.BinarySearch(x, at)
	switch {
	case i < len(x) && x[i] == at:
		return y[i]
	case i == 0:
		return y[0]
	case i == len(x):
		return y[len(y)-1]
	}
	t := (at - x[i-1]) / (x[i] - x[i-1])
	return y[i-1] + t*(y[i]-y[i-1])
}

// fileSafe turns a label into a file-name component.
func fileSafe(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '.':
			b.WriteRune(c)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}

// communityFigures draws, per data set and sketch, the recall curves of the plotted communities
// (mean over restarts with standard-error bars, one line per method) and the AUC bar chart.
func communityFigures(all []row) ([]*Figure, []Skipped) {
	rs := protocolRows(all)
	if len(rs) == 0 {
		return nil, []Skipped{{Figure: "community recall curves and AUC", Reason: "no community protocol records (curve_recall, method, community)"}}
	}
	var figs []*Figure
	var skips []Skipped
	groupKey := func(r row) string { return r.s("dataset") + "\x00" + sketchLabel(r) }
	keys, groups := groupBy(rs, groupKey)
	sketches := distinct(rs, sketchLabel)
	sketchSuffix := func(r row) string {
		if len(sketches) < 2 || sketchLabel(r) == "" {
			return ""
		}
		s := "-" + fileSafe(r.s("variant")) + "-k" + r.s("k")
		if r.has("b") {
			s += "-" + r.s("b") + "x" + r.s("r")
		}
		return s
	}
	for _, key := range keys {
		g := groups[key]
		dataset, sketch := g[0].s("dataset"), sketchLabel(g[0])
		suffix := fileSafe(dataset) + sketchSuffix(g[0])
		title := dataset
		if sketch != "" {
			title += " (" + sketch + ")"
		}
		sims := distinct(g, func(r row) string { return r.s("similarity") })
		multiSim := len(sims) > 1
		series := distinctSeries(g)
		if f, reason := communityCurves(g, series, multiSim, suffix, title); f != nil {
			figs = append(figs, f)
		} else {
			skips = append(skips, Skipped{Figure: "community recall curves, " + title, Reason: reason})
		}
		if f := communityAUC(g, series, multiSim, suffix, title); f != nil {
			figs = append(figs, f)
		}
	}
	// Across data sets (e.g. LFR graphs of growing mixing): mean AUC per method and data set.
	skeys, sgroups := groupBy(rs, sketchLabel)
	for _, sk := range skeys {
		g := sgroups[sk]
		if len(datasetsOf(g)) < 2 {
			continue
		}
		if f := aucAcrossDatasets(g, sketchSuffix(g[0]), sk); f != nil {
			figs = append(figs, f)
		}
	}
	return figs, skips
}

// aucAcrossDatasets draws the mean AUC per method against the data sets (in record order), with
// standard-error bars over communities and restarts.
func aucAcrossDatasets(g []row, suffix, sketch string) *Figure {
	dsets := datasetsOf(g)
	sims := distinct(g, func(r row) string { return r.s("similarity") })
	multiSim := len(sims) > 1
	title := "Seeded community detection: AUC across data sets"
	if sketch != "" {
		title += " (" + sketch + ")"
	}
	f := newFigure("community-auc-datasets"+suffix, title, 1)
	f.Caption = "Mean area under the recall curve per method on each data set, over all its communities and " +
		"restarts, with standard-error bars."
	if multiSim {
		f.Caption += " Solid lines rank by estimated Jaccard, dashed lines by exact Jaccard."
	}
	f.PanelWidth = max(5*vg.Inch, vg.Length(len(dsets))*0.6*vg.Inch)
	p := newPanel("", "data set", "AUC of the recall curve")
	top := 0.0
	for _, m := range distinctSeries(g) {
		var pts plotter.XYs
		var errs plotter.YErrors
		for di, d := range dsets {
			var vals []float64
			for _, r := range g {
				if r.s("dataset") == d && r.s("method") == m.method && r.s("similarity") == m.similarity {
					vals = append(vals, r.f("auc"))
				}
			}
			mean, se, n := meanSE(vals)
			if n == 0 {
				continue
			}
			pts = append(pts, plotter.XY{X: float64(di), Y: mean})
			errs = append(errs, struct{ Low, High float64 }{se, se})
			top = max(top, mean+se)
		}
		if len(pts) == 0 {
			continue
		}
		col := MethodColour(m.method)
		line, sc, err := plotter.NewLinePoints(pts)
		if err != nil {
			continue
		}
		line.LineStyle = lineStyle(col, m.dashes())
		sc.GlyphStyle = glyphStyle(col, glyphFor(m.method))
		if eb, err := plotter.NewYErrorBars(errBars{pts, errs}); err == nil {
			eb.LineStyle = lineStyle(col, nil)
			eb.LineStyle.Width = vg.Points(0.7)
			eb.CapWidth = vg.Points(3)
			p.Add(eb)
		}
		p.Add(line, sc)
		f.addLegend(m.name(multiSim), line, sc)
	}
	if len(f.legendNames) == 0 {
		return nil
	}
	var ticks plot.ConstantTicks
	for di, d := range dsets {
		ticks = append(ticks, plot.Tick{Value: float64(di), Label: d})
	}
	p.X.Tick.Marker = ticks
	p.X.Min, p.X.Max = -0.3, float64(len(dsets))-0.7
	if len(dsets) > 6 {
		p.X.Tick.Label.Rotation = math.Pi / 2
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YCenter
	}
	aucAxis(&p.Y, top)
	f.Panels = append(f.Panels, p)
	return f
}

func distinctSeries(g []row) []methodSeries {
	var out []methodSeries
	for _, r := range g {
		m := methodSeries{r.s("method"), r.s("similarity")}
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	// Estimated before exact, then record order.
	slices.SortStableFunc(out, func(a, b methodSeries) int {
		ea, eb := a.similarity == "exact", b.similarity == "exact"
		switch {
		case ea == eb:
			return 0
		case eb:
			return -1
		}
		return 1
	})
	return out
}

type commInfo struct {
	name    string
	size    int
	plotted bool
}

// communitiesOf lists the communities of g in record order, in one pass.
func communitiesOf(g []row) []commInfo {
	var out []commInfo
	pos := map[string]int{}
	for _, r := range g {
		name := r.s("community")
		i, ok := pos[name]
		if !ok {
			i = len(out)
			pos[name] = i
			out = append(out, commInfo{name: name})
		}
		out[i].size = r.i("community_size")
		out[i].plotted = out[i].plotted || r.b("plotted")
	}
	return out
}

func communityCurves(g []row, series []methodSeries, multiSim bool, suffix, title string) (*Figure, string) {
	comms := communitiesOf(g)
	hasFlag := false
	for _, r := range g {
		if r.has("plotted") {
			hasFlag = true
			break
		}
	}
	var shown []commInfo
	for _, c := range comms {
		if c.plotted || !hasFlag {
			shown = append(shown, c)
		}
	}
	if len(shown) == 0 {
		return nil, "no community is flagged plotted"
	}
	slices.SortStableFunc(shown, func(a, b commInfo) int { return b.size - a.size })
	f := newFigure("community-recall-"+suffix, "Seeded community detection: recall curves, "+title, 3)
	f.PanelWidth, f.PanelHeight = 3.3*vg.Inch, 2.5*vg.Inch
	if len(shown) > MaxCommunityPanels {
		f.Notes = append(f.Notes, fmt.Sprintf("%d communities are flagged plotted; the %d largest are shown.", len(shown), MaxCommunityPanels))
		shown = shown[:MaxCommunityPanels]
	}
	restarts := len(distinct(g, func(r row) string { return r.s("restart") }))
	f.Caption = fmt.Sprintf("Per ground-truth community (|C| members), recall of the non-seed members against the "+
		"number of additions as a fraction of the budget |C| - seeds: mean over %d restarts (seed draws) with "+
		"standard-error bars, one line per method.", restarts)
	if multiSim {
		f.Caption += " Solid lines rank by estimated Jaccard, dashed lines by exact Jaccard."
	}
	_, byComm := groupBy(g, func(r row) string { return r.s("community") })
	for _, c := range shown {
		p := newPanel(fmt.Sprintf("%s (|C|=%d)", communityTitle(c.name), c.size), "additions / budget", "recall")
		setUnitAxis(&p.X)
		setUnitAxis(&p.Y)
		for _, m := range series {
			var curves [][2][]float64
			for _, r := range byComm[c.name] {
				if r.s("method") != m.method || r.s("similarity") != m.similarity {
					continue
				}
				if x, y, ok := curveOf(r); ok {
					curves = append(curves, [2][]float64{x, y})
				}
			}
			if len(curves) == 0 {
				continue
			}
			xs := curves[0][0]
			var pts plotter.XYs
			var errs plotter.YErrors
			for _, x := range xs {
				vals := make([]float64, len(curves))
				for i, cv := range curves {
					vals[i] = interpolate(cv[0], cv[1], x)
				}
				mean, sd, n := meanSD(vals)
				se := 0.0
				if n > 1 {
					se = sd / math.Sqrt(float64(n))
				}
				pts = append(pts, plotter.XY{X: x, Y: mean})
				errs = append(errs, struct{ Low, High float64 }{se, se})
			}
			col := MethodColour(m.method)
			line, sc, err := plotter.NewLinePoints(pts)
			if err != nil {
				continue
			}
			line.LineStyle = lineStyle(col, m.dashes())
			sc.GlyphStyle = glyphStyle(col, glyphFor(m.method))
			sc.GlyphStyle.Radius = vg.Points(1.6)
			ePts, eErrs := pts, errs
			if len(pts) > 15 {
				// Dense readings: marks and error bars on about ten of them, so lines stay visible.
				step := (len(pts) + 9) / 10
				ePts, eErrs = nil, nil
				for i := 0; i < len(pts); i += step {
					ePts = append(ePts, pts[i])
					eErrs = append(eErrs, errs[i])
				}
				sc.XYs = ePts
			}
			if len(curves) > 1 {
				if eb, err := plotter.NewYErrorBars(errBars{ePts, eErrs}); err == nil {
					eb.LineStyle = lineStyle(col, nil)
					eb.LineStyle.Width = vg.Points(0.7)
					eb.CapWidth = vg.Points(2.5)
					p.Add(eb)
				}
			}
			p.Add(line, sc)
			f.addLegend(m.name(multiSim), line, sc)
		}
		f.Panels = append(f.Panels, p)
	}
	if restarts < 2 {
		f.Notes = append(f.Notes, "One restart: no standard-error bars.")
	}
	return f, ""
}

// meanSE returns the mean of the finite values and its standard error (0 for one value).
func meanSE(vals []float64) (mean, se float64, n int) {
	mean, sd, n := meanSD(vals)
	if n > 1 {
		se = sd / math.Sqrt(float64(n))
	}
	return mean, se, n
}

// aucAxis fixes the AUC axis to [0, top rounded up to 0.1] (at least 0.5, at most 1), ticks every 0.1.
func aucAxis(ax *plot.Axis, top float64) {
	// AUC lies in [0, 1]: the axis never extends beyond, whatever the records hold.
	ax.Min, ax.Max = 0, min(1, max(0.5, math.Ceil(top*10)/10))
	var ticks plot.ConstantTicks
	for v := 0.0; v <= ax.Max+1e-9; v += 0.1 {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(math.Round(v*10)/10, 'g', -1, 64)})
	}
	ax.Tick.Marker = ticks
}

// communityAUC draws the area under the recall curve per method: bars of the mean over every
// community and restart, and, when at most MaxAUCGroups communities are plotted (or run), the
// mean per community as points, all with standard-error bars.
func communityAUC(g []row, series []methodSeries, multiSim bool, suffix, title string) *Figure {
	comms := communitiesOf(g)
	var per []commInfo
	for _, c := range comms {
		if c.plotted {
			per = append(per, c)
		}
	}
	if len(per) == 0 {
		per = comms
	}
	if len(per) > MaxAUCGroups {
		per = nil
	}
	slices.SortStableFunc(per, func(a, b commInfo) int { return b.size - a.size })
	f := newFigure("community-auc-"+suffix, "Seeded community detection: AUC per method, "+title, 1)
	f.Caption = fmt.Sprintf("Area under the recall curve (trapezoid on additions / budget from the origin; a perfect "+
		"ranking scores 0.5) per method. Top: mean over all %d communities and their restarts; ", len(comms))
	if per != nil {
		f.Caption += "bottom: mean over restarts per plotted community (|C| in brackets). "
	} else {
		f.Caption += "(too many communities to show one by one). "
	}
	f.Caption += "Standard-error bars."
	f.PanelHeight = 3 * vg.Inch
	f.PanelWidth = 5 * vg.Inch
	if per != nil {
		f.PanelWidth = max(5*vg.Inch, vg.Length(len(per))*0.5*vg.Inch)
	}
	aucOf := func(m methodSeries, rs []row) []float64 {
		var vals []float64
		for _, r := range rs {
			if r.s("method") == m.method && r.s("similarity") == m.similarity {
				vals = append(vals, r.f("auc"))
			}
		}
		return vals
	}
	_, byComm := groupBy(g, func(r row) string { return r.s("community") })
	nm := float64(len(series))
	width := 0.8 / nm

	bars := newPanel("all communities", "", "AUC of the recall curve")
	bars.HideX()
	bars.X.Min, bars.X.Max = -0.5, 0.5
	var centres plotter.XYs
	var errs plotter.YErrors
	top := 0.0
	for mi, m := range series {
		mean, se, n := meanSE(aucOf(m, g))
		if n == 0 {
			continue
		}
		col := MethodColour(m.method)
		x0 := -0.4 + float64(mi)*width
		bar, err := plotter.NewPolygon(plotter.XYs{{X: x0, Y: 0}, {X: x0 + width, Y: 0}, {X: x0 + width, Y: mean}, {X: x0, Y: mean}})
		if err != nil {
			continue
		}
		bar.Color = col
		if m.similarity == "exact" {
			bar.Color = withAlpha(col, 110)
		}
		bar.LineStyle = lineStyle(col, nil)
		bar.LineStyle.Width = vg.Points(0.5)
		bars.Add(bar)
		f.addLegend(m.name(multiSim), bar)
		centres = append(centres, plotter.XY{X: x0 + width/2, Y: mean})
		errs = append(errs, struct{ Low, High float64 }{se, se})
		top = max(top, mean+se)
	}
	if len(centres) == 0 {
		return nil
	}
	if eb, err := plotter.NewYErrorBars(errBars{centres, errs}); err == nil {
		eb.LineStyle = lineStyle(rgb(0x333333), nil)
		eb.LineStyle.Width = vg.Points(0.8)
		eb.CapWidth = vg.Points(3)
		bars.Add(eb)
	}
	f.Panels = append(f.Panels, bars)
	if per == nil {
		aucAxis(&bars.Y, top)
		return f
	}

	dots := newPanel("per community", "community (|C|)", "AUC of the recall curve")
	for mi, m := range series {
		col := MethodColour(m.method)
		var pts plotter.XYs
		var errs plotter.YErrors
		for ci, c := range per {
			mean, se, n := meanSE(aucOf(m, byComm[c.name]))
			if n == 0 {
				continue
			}
			pts = append(pts, plotter.XY{X: float64(ci) - 0.4 + (float64(mi)+0.5)*width, Y: mean})
			errs = append(errs, struct{ Low, High float64 }{se, se})
			top = max(top, mean+se)
		}
		if len(pts) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			continue
		}
		sc.GlyphStyle = glyphStyle(col, glyphFor(m.method))
		if m.similarity == "exact" {
			sc.GlyphStyle.Color = withAlpha(col, 140)
		}
		if eb, err := plotter.NewYErrorBars(errBars{pts, errs}); err == nil {
			eb.LineStyle = lineStyle(sc.GlyphStyle.Color, nil)
			eb.LineStyle.Width = vg.Points(0.8)
			eb.CapWidth = vg.Points(2)
			dots.Add(eb)
		}
		dots.Add(sc)
	}
	var ticks plot.ConstantTicks
	for ci, c := range per {
		ticks = append(ticks, plot.Tick{Value: float64(ci), Label: fmt.Sprintf("%s (%d)", c.name, c.size)})
	}
	dots.X.Tick.Marker = ticks
	dots.X.Min, dots.X.Max = -0.5, float64(len(per))-0.5
	if len(per) > 8 {
		dots.X.Tick.Label.Rotation = math.Pi / 2
		dots.X.Tick.Label.XAlign = draw.XRight
		dots.X.Tick.Label.YAlign = draw.YCenter
	}
	aucAxis(&bars.Y, top)
	aucAxis(&dots.Y, top)
	f.Panels = append(f.Panels, dots)
	return f
}

// communityTitle names a community in a panel: "community 17" for bare numbers (department or
// circle ids), the name itself otherwise.
func communityTitle(name string) string {
	if _, err := strconv.Atoi(name); err == nil {
		return "community " + name
	}
	return name
}
