package experiments

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"lshbench/algorithms/lsh"
	"lshbench/algorithms/minhash"
)

// Cell is the unit of work and of resumption: one data set, one sketch (variant, k, seed) and one
// index kind with one row count r, measured for every band count b of the cell. The exact
// baseline of a data set is a cell of its own (Kind "exact"). Cells of one data set share the
// truth; cells of one sketch share the signatures.
type Cell struct {
	Data    int    // index into Spec.Datasets
	Variant string // "" for the exact baseline
	K       int
	Seed    uint64
	Kind    string // banding, multiprobe, forest, exact, sketch
	R       int
	Bands   []int  // the b values, ascending
	Tuned   string // the tuning that chose the single (b, r), if any
}

// Name returns a readable path naming the cell, matched by --only.
func (c Cell) Name(s *Spec) string {
	d := s.Datasets[c.Data].Label
	if c.Kind == "exact" {
		return d + "/exact"
	}
	if c.Kind == KindSketch {
		return fmt.Sprintf("%s/%s/k%d/s%d/sketch", d, c.Variant, c.K, c.Seed)
	}
	n := fmt.Sprintf("%s/%s/k%d/s%d/%s/r%d", d, c.Variant, c.K, c.Seed, c.Kind, c.R)
	if c.Tuned != "" {
		n += "/" + c.Tuned
	}
	return n
}

// Params returns the cell's identifying parameters as fields, in a fixed order.
func (c Cell) Params(s *Spec) []Field {
	d := s.Datasets[c.Data]
	bs := make([]string, len(c.Bands))
	for i, b := range c.Bands {
		bs[i] = fmt.Sprint(b)
	}
	return []Field{
		{Name: "dataset", Value: d.Label},
		{Name: "source", Value: d.Source},
		{Name: "mode", Value: d.Mode},
		{Name: "variant", Value: c.Variant},
		{Name: "k", Value: c.K},
		{Name: "seed", Value: int64(c.Seed)},
		{Name: "index", Value: c.Kind},
		{Name: "r", Value: c.R},
		{Name: "bands", Value: strings.Join(bs, " ")},
		{Name: "tuned", Value: c.Tuned},
	}
}

// Expand returns the cells of the spec in a fixed order: per data set, the exact baseline first,
// then per variant, k and seed, per index family, the cells by ascending r. only, when not empty,
// keeps the cells whose Name matches the path.Match pattern or contains it as a substring.
func Expand(s *Spec, only string) ([]Cell, error) {
	var cells []Cell
	keep := func(c Cell) bool {
		if only == "" {
			return true
		}
		name := c.Name(s)
		if ok, _ := path.Match(only, name); ok {
			return true
		}
		return strings.Contains(name, only)
	}
	for di := range s.Datasets {
		if len(s.Indexes) > 0 {
			if c := (Cell{Data: di, Kind: "exact"}); keep(c) {
				cells = append(cells, c)
			}
		}
		for _, v := range s.Sketches.Variants {
			for _, k := range s.Sketches.K {
				for _, seed := range s.Repeats {
					if !minhash.Aligned(v) {
						// Rows that cannot be banded are measured as sketches only.
						if c := (Cell{Data: di, Variant: v, K: k, Seed: seed, Kind: KindSketch}); keep(c) {
							cells = append(cells, c)
						}
						continue
					}
					for fi, ix := range s.Indexes {
						if len(ix.Variants) > 0 && !slices.Contains(ix.Variants, v) {
							continue
						}
						fam, err := familyCells(s, fi, ix, k)
						if err != nil {
							return nil, err
						}
						for _, c := range fam {
							c.Data, c.Variant, c.K, c.Seed = di, v, k, seed
							if keep(c) {
								cells = append(cells, c)
							}
						}
					}
				}
			}
		}
	}
	return cells, nil
}

// familyCells turns one index family into cells for signature length k: one cell per r, holding
// every b of the family with that r.
func familyCells(s *Spec, fi int, ix IndexSpec, k int) ([]Cell, error) {
	var pairs [][2]int
	tuned := ""
	switch {
	case len(ix.Bands) > 0:
		pairs = ix.Bands
	case ix.All != nil:
		pairs = bandGrid(k, ix.All)
	case ix.Tuned != nil:
		t := ix.Tuned
		var tu lsh.Tuning
		var err error
		if t.Recall > 0 {
			tu, err = lsh.TuneRecall(k, t.Threshold, t.Recall, nil, 0)
			tuned = fmt.Sprintf("recall%g@t%g", t.Recall, t.Threshold)
		} else {
			w := t.Weights
			if len(w) == 0 {
				w = []float64{0.5, 0.5}
			}
			tu, err = lsh.TuneWeighted(k, t.Threshold, w[0], w[1], 0)
			tuned = fmt.Sprintf("weights%g,%g@t%g", w[0], w[1], t.Threshold)
		}
		if err != nil {
			return nil, s.errAt(fmt.Sprintf("indexes[%d].tuned", fi), "%v", err)
		}
		pairs = [][2]int{{tu.Best.B, tu.Best.R}}
	}
	byR := map[int][]int{}
	var rs []int
	for _, p := range pairs {
		b, r := p[0], p[1]
		if _, ok := byR[r]; !ok {
			rs = append(rs, r)
		}
		byR[r] = append(byR[r], b)
	}
	slices.Sort(rs)
	cells := make([]Cell, 0, len(rs))
	for _, r := range rs {
		bs := byR[r]
		slices.Sort(bs)
		cells = append(cells, Cell{Kind: ix.Kind, R: r, Bands: slices.Compact(bs), Tuned: tuned})
	}
	return cells, nil
}

// checkVariant reports whether the sketch variant exists and accepts signature length k.
func checkVariant(v string, k int) error {
	_, err := minhash.New(v, k, 1)
	return err
}
