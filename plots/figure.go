package plots

import (
	"fmt"
	"image/color"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Figure is one figure: a grid of panels, an optional legend shared by all panels (drawn to the
// right of the grid) and a title. It is drawn as PNG and SVG with the same layout.
type Figure struct {
	// Name is the file name without extension, e.g. "pareto"; it is unique within a results folder.
	Name string
	// Title heads the figure (in the image and in the README).
	Title string
	// Caption says what the figure shows and how configurations were selected (README only).
	Caption string
	// Notes list limitations of the data behind the figure, e.g. "one seed: no bands" (README).
	Notes []string

	// Panels are the plots in row-major order, Cols per row.
	Panels []*plot.Plot
	Cols   int
	// PanelWidth and PanelHeight size one panel (defaults 4.4 x 3.3 inches).
	PanelWidth, PanelHeight vg.Length

	legend      plot.Legend
	legendNames []string
}

// DPI is the resolution of the PNG files.
const DPI = 110

func newFigure(name, title string, cols int) *Figure {
	l := plot.NewLegend()
	l.Top, l.Left = true, true
	l.TextStyle.Font.Size = fontSize
	l.ThumbnailWidth = vg.Points(22)
	l.Padding = vg.Points(3)
	return &Figure{Name: name, Title: title, Cols: cols, legend: l}
}

// addLegend adds an entry of the shared legend (once per name).
func (f *Figure) addLegend(name string, thumbs ...plot.Thumbnailer) {
	for _, n := range f.legendNames {
		if n == name {
			return
		}
	}
	f.legendNames = append(f.legendNames, name)
	f.legend.Add(name, thumbs...)
}

// LegendNames returns the entries of the shared legend in order.
func (f *Figure) LegendNames() []string { return append([]string(nil), f.legendNames...) }

func (f *Figure) grid() (rows, cols int) {
	cols = max(1, min(f.Cols, len(f.Panels)))
	rows = (len(f.Panels) + cols - 1) / cols
	return rows, cols
}

const titleHeight = vg.Length(26)

func (f *Figure) legendWidth() vg.Length {
	if len(f.legendNames) == 0 {
		return 0
	}
	var w vg.Length
	for _, n := range f.legendNames {
		w = max(w, f.legend.TextStyle.Width(n))
	}
	return w + f.legend.ThumbnailWidth + vg.Points(28)
}

// Size returns the width and height of the drawn figure.
func (f *Figure) Size() (w, h vg.Length) {
	pw, ph := f.PanelWidth, f.PanelHeight
	if pw == 0 {
		pw = 4.4 * vg.Inch
	}
	if ph == 0 {
		ph = 3.3 * vg.Inch
	}
	rows, cols := f.grid()
	w = vg.Length(cols)*pw + f.legendWidth()
	h = vg.Length(rows)*ph + titleHeight
	// A tall legend beside a short grid needs room too.
	if lh := vg.Length(len(f.legendNames)+1) * f.legend.TextStyle.FontExtents().Height * 1.35; lh+titleHeight > h {
		h = lh + titleHeight
	}
	return w, h
}

// draw renders the figure on c. Panics of the plotting library (which it raises on some inputs)
// are returned as errors.
func (f *Figure) draw(c vg.CanvasSizer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("figure %s: %v", f.Name, r)
		}
	}()
	if len(f.Panels) == 0 {
		return fmt.Errorf("figure %s: no panels", f.Name)
	}
	dc := draw.New(c)
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	if f.Title != "" {
		sty := text.Style{Color: color.Black, Font: font.From(plot.DefaultFont, 13), XAlign: draw.XCenter,
			YAlign: draw.YCenter, Handler: plot.DefaultTextHandler}
		dc.FillText(sty, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y - titleHeight/2}, f.Title)
	}
	body := draw.Crop(dc, 0, -f.legendWidth(), 0, -titleHeight)
	rows, cols := f.grid()
	grid := make([][]*plot.Plot, rows)
	for r := range grid {
		grid[r] = make([]*plot.Plot, cols)
		for cI := range grid[r] {
			if i := r*cols + cI; i < len(f.Panels) {
				grid[r][cI] = f.Panels[i]
			}
		}
	}
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(14), PadY: vg.Points(14),
		PadLeft: vg.Points(6), PadRight: vg.Points(10), PadBottom: vg.Points(6), PadTop: vg.Points(4)}
	canvases := plot.Align(grid, tiles, body)
	for r := range grid {
		for cI, p := range grid[r] {
			if p != nil {
				p.Draw(canvases[r][cI])
			}
		}
	}
	if lw := f.legendWidth(); lw > 0 {
		lc := draw.Crop(dc, dc.Max.X-dc.Min.X-lw, 0, 0, -titleHeight-vg.Points(4))
		f.legend.Draw(lc)
	}
	return nil
}

// WritePNG draws the figure as a PNG image at DPI dots per inch.
func (f *Figure) WritePNG(w io.Writer) error {
	wd, ht := f.Size()
	c := vgimg.NewWith(vgimg.UseWH(wd, ht), vgimg.UseDPI(DPI))
	if err := f.draw(c); err != nil {
		return err
	}
	_, err := vgimg.PngCanvas{Canvas: c}.WriteTo(w)
	return err
}

// WriteSVG draws the figure as an SVG document (text kept as text, fonts referenced by name).
func (f *Figure) WriteSVG(w io.Writer) error {
	wd, ht := f.Size()
	c := vgsvg.New(wd, ht)
	if err := f.draw(c); err != nil {
		return err
	}
	_, err := c.WriteTo(w)
	return err
}

// pointLabels is a plotter that writes short labels beside points, placing each label at the
// first of eight positions around its point that overlaps neither an earlier label nor a labelled
// point, and dropping it when none is free. Labels are placed in the order given, so the
// placement is deterministic.
type pointLabels struct {
	items []pointLabel
	style text.Style
}

type pointLabel struct {
	x, y float64
	text string
	col  color.Color
}

func newPointLabels() *pointLabels {
	return &pointLabels{style: text.Style{Font: labelStyle(), Handler: plot.DefaultTextHandler}}
}

func (pl *pointLabels) add(x, y float64, s string, c color.Color) {
	pl.items = append(pl.items, pointLabel{x, y, s, c})
}

// Plot implements plot.Plotter.
func (pl *pointLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	var taken []vg.Rectangle
	const gr = vg.Length(3)
	for _, it := range pl.items {
		pt := vg.Point{X: trX(it.x), Y: trY(it.y)}
		taken = append(taken, vg.Rectangle{Min: vg.Point{X: pt.X - gr, Y: pt.Y - gr}, Max: vg.Point{X: pt.X + gr, Y: pt.Y + gr}})
	}
	gap := vg.Points(2.5)
	for _, it := range pl.items {
		pt := vg.Point{X: trX(it.x), Y: trY(it.y)}
		if !c.Contains(pt) {
			continue
		}
		w, h := pl.style.Width(it.text), pl.style.Height(it.text)
		cands := []vg.Point{
			{X: pt.X + gap, Y: pt.Y + gap}, {X: pt.X + gap, Y: pt.Y - gap - h},
			{X: pt.X - gap - w, Y: pt.Y + gap}, {X: pt.X - gap - w, Y: pt.Y - gap - h},
			{X: pt.X + gap + 1, Y: pt.Y - h/2}, {X: pt.X - gap - 1 - w, Y: pt.Y - h/2},
			{X: pt.X - w/2, Y: pt.Y + gap + 1}, {X: pt.X - w/2, Y: pt.Y - gap - 1 - h},
		}
		for _, ll := range cands {
			r := vg.Rectangle{Min: ll, Max: vg.Point{X: ll.X + w, Y: ll.Y + h}}
			if r.Min.X < c.Min.X || r.Max.X > c.Max.X || r.Min.Y < c.Min.Y || r.Max.Y > c.Max.Y {
				continue
			}
			free := true
			for _, t := range taken {
				if overlaps(r, t) {
					free = false
					break
				}
			}
			if !free {
				continue
			}
			taken = append(taken, r)
			sty := pl.style
			sty.Color = it.col
			c.FillText(sty, ll, it.text)
			break
		}
	}
}

func overlaps(a, b vg.Rectangle) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}
