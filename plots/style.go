package plots

import (
	"hash/fnv"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// rgb returns an opaque colour from a 0xRRGGBB value.
func rgb(v uint32) color.NRGBA {
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 255}
}

// withAlpha returns c with alpha a (0..255), for bands behind lines.
func withAlpha(c color.NRGBA, a uint8) color.NRGBA { c.A = a; return c }

// variantColours fixes the colour of every stable sketch variant name, so a variant looks the same
// in every figure of every experiment.
var variantColours = map[string]uint32{
	"kminhash":     0x1f77b4,
	"paper":        0xd62728,
	"oph-optimal":  0x2ca02c,
	"oph-fast":     0x17becf,
	"oph-rotation": 0xbcbd22,
	"bottomk":      0x9467bd,
	"superminhash": 0xff7f0e,
	"cminhash":     0x8c564b,
	"exact":        0x000000,
}

// bbitColours colours the b-bit variants by their bit count (a magenta family).
var bbitColours = map[string]uint32{
	"1": 0xf1a1c9, "2": 0xe377c2, "4": 0xc51b8a, "8": 0x8e0152, "16": 0x49006a,
}

// methodColours fixes the colour of every seed-expansion method.
var methodColours = map[string]uint32{
	"minrank":   0xd62728,
	"average":   0x1f77b4,
	"ppr-paper": 0x7f7f7f,
	"ppr":       0x2ca02c,
	"push":      0x9467bd,
}

// fallbackColours colour unknown names, chosen by a hash of the name (stable across runs).
var fallbackColours = []uint32{0x393b79, 0x637939, 0x8c6d31, 0x843c39, 0x7b4173, 0x3182bd, 0xe6550d, 0x31a354}

// configColours colour the (b, r) configurations of the S-curve figure; they are distinct from
// the variant colours because that figure shows a single variant.
var configColours = []uint32{0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xb8860b, 0xe31a1c}

func hashPick(name string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(name))
	return int(h.Sum32() % uint32(n))
}

// VariantColour returns the colour of a sketch variant ("" and "exact" are the exact baseline).
// Known names have fixed colours; b-bit variants ("bbit<b>-<base>") are coloured by b; other names
// get a colour chosen by a hash of the name.
func VariantColour(variant string) color.NRGBA {
	if variant == "" {
		variant = "exact"
	}
	if v, ok := variantColours[variant]; ok {
		return rgb(v)
	}
	if rest, ok := strings.CutPrefix(variant, "bbit"); ok {
		bits, _, _ := strings.Cut(rest, "-")
		if v, ok := bbitColours[bits]; ok {
			return rgb(v)
		}
	}
	return rgb(fallbackColours[hashPick(variant, len(fallbackColours))])
}

// MethodColour returns the colour of a seed-expansion method.
func MethodColour(method string) color.NRGBA {
	if v, ok := methodColours[method]; ok {
		return rgb(v)
	}
	return rgb(fallbackColours[hashPick(method, len(fallbackColours))])
}

// glyphShapes are the point shapes, assigned per name like the colours so that figures printed
// in grey stay readable.
var glyphShapes = []draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.PyramidGlyph{},
	draw.RingGlyph{}, draw.BoxGlyph{}, draw.CrossGlyph{}, draw.PlusGlyph{},
}

var variantGlyph = map[string]int{
	"kminhash": 0, "paper": 1, "oph-optimal": 2, "oph-fast": 3, "oph-rotation": 4,
	"bottomk": 5, "superminhash": 6, "cminhash": 7, "exact": 1,
	"minrank": 0, "average": 1, "ppr-paper": 2, "ppr": 3, "push": 4,
}

func glyphFor(name string) draw.GlyphDrawer {
	if i, ok := variantGlyph[name]; ok {
		return glyphShapes[i]
	}
	return glyphShapes[hashPick(name, len(glyphShapes))]
}

// indexDashes distinguishes the LSH index kinds drawn in the variant's colour.
func indexDashes(kind string) []vg.Length {
	switch kind {
	case "multiprobe":
		return []vg.Length{vg.Points(5), vg.Points(3)}
	case "forest":
		return []vg.Length{vg.Points(1.5), vg.Points(2.5)}
	}
	return nil
}

const (
	fontSize      = 10
	titleFontSize = 11
	labelFontSize = 7
)

// newPanel returns a plot with the project's fonts, a light grid and the given labels.
func newPanel(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = titleFontSize
	p.Title.Padding = vg.Points(4)
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font.Size = fontSize
		ax.Tick.Label.Font.Size = fontSize - 1
		ax.Padding = vg.Points(2)
	}
	p.Legend.TextStyle.Font.Size = fontSize - 1
	g := plotter.NewGrid()
	g.Vertical.Color = color.Gray{Y: 225}
	g.Horizontal.Color = color.Gray{Y: 225}
	p.Add(g)
	return p
}

// lineStyle returns a solid line of the given colour.
func lineStyle(c color.Color, dashes []vg.Length) draw.LineStyle {
	return draw.LineStyle{Color: c, Width: vg.Points(1.3), Dashes: dashes}
}

func glyphStyle(c color.Color, shape draw.GlyphDrawer) draw.GlyphStyle {
	return draw.GlyphStyle{Color: c, Radius: vg.Points(2.5), Shape: shape}
}

// setLogAxis makes ax logarithmic over [lo, hi] (both > 0) with a little padding, with decade
// ticks labelled compactly (1k, 10M, 0.01).
func setLogAxis(ax *plot.Axis, lo, hi float64) {
	if !(lo > 0) || !(hi > 0) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	ax.Scale = logScale{}
	ax.Min, ax.Max = lo/1.3, hi*1.3
	if ax.Max/ax.Min < 100 {
		// Short ranges end on labelled 1-2-5 marks, so at least two ticks carry labels.
		ax.Min, ax.Max = mark125(ax.Min, false), mark125(ax.Max, true)
	}
	ax.Tick.Marker = logTicker{}
}

// mark125 returns the nearest value of the form {1, 2, 5} x 10^e below x (or above, with up).
func mark125(x float64, up bool) float64 {
	d := pow10(floorLog10(x))
	marks := []float64{d, 2 * d, 5 * d, 10 * d}
	if up {
		for _, m := range marks {
			if m >= x*(1-1e-12) {
				return m
			}
		}
		return 10 * d
	}
	for i := len(marks) - 1; i >= 0; i-- {
		if marks[i] <= x*(1+1e-12) {
			return marks[i]
		}
	}
	return d
}

// logScale is a logarithmic axis scale that never panics (non-positive values map below the
// axis, where they are clipped) and that puts the arithmetic midpoint of the range at 0.5. The
// latter works around gonum/plot, which places the glyph box of an axis label at the normalised
// arithmetic midpoint while drawing the label at the centre: on a log axis that box sits near the
// end of the axis and shrinks the panel. Ticks at the exact midpoint are never generated
// (logTicker); a data value there is drawn at the centre, an error smaller than a glyph in
// practice.
type logScale struct{}

func (logScale) Normalize(min, max, x float64) float64 {
	if x == 0.5*(min+max) {
		return 0.5
	}
	if !(min > 0) || !(max > min) || !(x > 0) {
		return -1
	}
	lo := math.Log(min)
	return (math.Log(x) - lo) / (math.Log(max) - lo)
}

// logTicker marks decades with labels and 2..9 multiples as minor ticks; when the range spans
// less than two decades the 2 and 5 multiples are labelled too, and over more than six decades
// only some decades are labelled.
type logTicker struct{}

func (logTicker) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi > lo) || math.IsInf(hi, 0) {
		return nil
	}
	e0 := floorLog10(lo)
	e1 := floorLog10(hi) + 1
	dense := hi/lo < 100
	// Over more than six decades only every step-th decade is marked, so labels never crowd.
	step := (e1 - e0 + 5) / 6
	var ticks []plot.Tick
	for e := e0; e <= e1; e++ {
		if (e-e0)%step != 0 {
			continue
		}
		d := pow10(e)
		for m := 1; m <= 9; m++ {
			if step > 1 && m > 1 {
				break
			}
			v := d * float64(m)
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) || v == 0.5*(lo+hi) {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || (dense && (m == 2 || m == 5)) {
				t.Label = compactNumber(v)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// floorLog10 returns floor(log10(x)) for finite x > 0 (0 otherwise).
func floorLog10(x float64) int {
	if !(x > 0) || math.IsInf(x, 0) {
		return 0
	}
	e := int(math.Floor(math.Log10(x)))
	// Correct rounding at exact powers of ten.
	if pow10(e+1) <= x {
		e++
	} else if pow10(e) > x {
		e--
	}
	return e
}

func pow10(e int) float64 { return math.Pow(10, float64(e)) }

// compactNumber formats a tick value: 1, 20, 500, 1k, 2M, 0.05.
func compactNumber(v float64) string {
	switch {
	case v >= 1e9:
		return strconv.FormatFloat(v/1e9, 'g', 3, 64) + "G"
	case v >= 1e6:
		return strconv.FormatFloat(v/1e6, 'g', 3, 64) + "M"
	case v >= 1e3:
		return strconv.FormatFloat(v/1e3, 'g', 3, 64) + "k"
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// setLog2Axis makes ax logarithmic with one labelled tick per value (signature lengths k).
func setLog2Axis(ax *plot.Axis, values []float64) {
	if len(values) == 0 || !(values[0] > 0) {
		return
	}
	ax.Scale = logScale{}
	ax.Min, ax.Max = values[0]/1.25, values[len(values)-1]*1.25
	var ticks plot.ConstantTicks
	for _, v := range values {
		ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', -1, 64)})
	}
	ax.Tick.Marker = ticks
}

// setUnitAxis fixes ax to [0, 1] (recall, rates, similarity).
func setUnitAxis(ax *plot.Axis) {
	ax.Min, ax.Max = 0, 1
	ax.Tick.Marker = plot.ConstantTicks{
		{Value: 0, Label: "0"}, {Value: 0.2, Label: "0.2"}, {Value: 0.4, Label: "0.4"},
		{Value: 0.6, Label: "0.6"}, {Value: 0.8, Label: "0.8"}, {Value: 1, Label: "1"},
	}
}

// labelStyle is the text style of point labels.
func labelStyle() font.Font { return font.From(plot.DefaultFont, labelFontSize) }
