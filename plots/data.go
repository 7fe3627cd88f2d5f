package plots

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"lshbench/experiments"
)

// row gives fast access by name to the fields of one record. Records of the same shape (the same
// field names in the same order) share one name index.
type row struct {
	rec *experiments.Record
	idx map[string]int
}

// rows indexes recs. Its cost is linear in the total number of fields.
func rows(recs []experiments.Record) []row {
	shapes := map[string]map[string]int{}
	out := make([]row, len(recs))
	var key strings.Builder
	for i := range recs {
		key.Reset()
		for _, f := range recs[i].Fields {
			key.WriteString(f.Name)
			key.WriteByte(0)
		}
		idx, ok := shapes[key.String()]
		if !ok {
			idx = make(map[string]int, len(recs[i].Fields))
			for j, f := range recs[i].Fields {
				if _, dup := idx[f.Name]; !dup {
					idx[f.Name] = j
				}
			}
			shapes[key.String()] = idx
		}
		out[i] = row{rec: &recs[i], idx: idx}
	}
	return out
}

func (r row) get(name string) (any, bool) {
	j, ok := r.idx[name]
	if !ok {
		return nil, false
	}
	return r.rec.Fields[j].Value, true
}

func (r row) has(name string) bool { _, ok := r.idx[name]; return ok }

// f returns a numeric field, NaN when absent or not a number.
func (r row) f(name string) float64 {
	v, ok := r.get(name)
	if !ok {
		return math.NaN()
	}
	return experiments.Number(v)
}

// i returns an integer field (0 when absent).
func (r row) i(name string) int {
	v := r.f(name)
	if math.IsNaN(v) {
		return 0
	}
	return int(v)
}

// s returns a field as text ("" when absent).
func (r row) s(name string) string {
	v, ok := r.get(name)
	if !ok {
		return ""
	}
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	}
	f := r.f(name)
	if math.IsNaN(f) {
		return ""
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// b returns a boolean field (false when absent; "true" strings count).
func (r row) b(name string) bool {
	v, ok := r.get(name)
	if !ok {
		return false
	}
	switch x := v.(type) {
	case bool:
		return x
	case string:
		return x == "true"
	}
	return r.f(name) != 0 && !math.IsNaN(r.f(name))
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// distinct returns the distinct values of key over rs in order of first appearance.
func distinct(rs []row, key func(row) string) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range rs {
		k := key(r)
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// groupBy splits rs by key, groups in order of first appearance.
func groupBy(rs []row, key func(row) string) (keys []string, groups map[string][]row) {
	groups = map[string][]row{}
	for _, r := range rs {
		k := key(r)
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], r)
	}
	return keys, groups
}

func filter(rs []row, keep func(row) bool) []row {
	var out []row
	for _, r := range rs {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}

// meanSD returns the mean and sample standard deviation of the finite values (SD 0 for one
// value; NaN mean for none) and how many there were.
func meanSD(xs []float64) (mean, sd float64, n int) {
	var s float64
	for _, x := range xs {
		if finite(x) {
			s += x
			n++
		}
	}
	if n == 0 {
		return math.NaN(), math.NaN(), 0
	}
	mean = s / float64(n)
	if n == 1 {
		return mean, 0, 1
	}
	var ss float64
	for _, x := range xs {
		if finite(x) {
			ss += (x - mean) * (x - mean)
		}
	}
	return mean, math.Sqrt(ss / float64(n-1)), n
}

// wilson returns the 95% Wilson score interval of a binomial proportion with hits successes in n
// trials.
func wilson(hits, n float64) (lo, hi float64) {
	if n <= 0 {
		return math.NaN(), math.NaN()
	}
	const z = 1.959963984540054
	p := hits / n
	d := 1 + z*z/n
	centre := (p + z*z/(2*n)) / d
	half := z / d * math.Sqrt(p*(1-p)/n+z*z/(4*n*n))
	return max(0, centre-half), min(1, centre+half)
}

// point is one configuration on a trade-off plot.
type point struct {
	x, y  float64
	label string
}

// paretoFront returns the points not dominated in (y larger, x better), where x is better when
// larger (maximise) or smaller; the result is sorted by x ascending. Equal points keep the first.
func paretoFront(pts []point, maximiseX bool) []point {
	var ok []point
	for _, p := range pts {
		if finite(p.x) && finite(p.y) {
			ok = append(ok, p)
		}
	}
	// Sort best x first; among equal x, best y first.
	slices.SortStableFunc(ok, func(a, b point) int {
		if a.x != b.x {
			if (a.x > b.x) == maximiseX {
				return -1
			}
			return 1
		}
		if a.y != b.y {
			if a.y > b.y {
				return -1
			}
			return 1
		}
		return 0
	})
	var front []point
	best := math.Inf(-1)
	for _, p := range ok {
		if p.y > best {
			front = append(front, p)
			best = p.y
		}
	}
	slices.SortStableFunc(front, func(a, b point) int {
		switch {
		case a.x < b.x:
			return -1
		case a.x > b.x:
			return 1
		}
		return 0
	})
	return front
}

// recallMetric returns the accuracy column the trade-off figures use, with a short axis label
// and a description: the top-k recall after estimated re-ranking when the records have it,
// otherwise the raw recall of the candidates at the lowest threshold.
func recallMetric(rs []row) (col, label, desc string) {
	for _, r := range rs {
		if r.s("index") != "exact" && finite(r.f("recall_at_k")) {
			return "recall_at_k", "top-" + r.s("topk") + " recall",
				"the top-" + r.s("topk") + " recall after re-ranking the candidates by estimated J (tie-aware)"
		}
	}
	best := math.Inf(1)
	for _, r := range rs {
		for _, f := range r.rec.Fields {
			if t, ok := strings.CutPrefix(f.Name, "recall_raw_t"); ok {
				if v, err := strconv.ParseFloat(t, 64); err == nil && v < best {
					best, col = v, f.Name
				}
			}
		}
		if col != "" {
			break
		}
	}
	if col == "" {
		return "", "", ""
	}
	t := strings.TrimPrefix(col, "recall_raw_t")
	return col, "recall at J >= " + t, "the recall of the raw candidates for the pairs with exact J >= " + t
}

// lshRows returns the records of LSH index cells (those with a variant and b).
func lshRows(rs []row) []row {
	return filter(rs, func(r row) bool {
		ix := r.s("index")
		return ix != "" && ix != "exact" && r.s("variant") != "" && r.has("b")
	})
}

// datasetsOf lists the data sets in record order.
func datasetsOf(rs []row) []string { return distinct(rs, func(r row) string { return r.s("dataset") }) }

// configKey identifies an LSH configuration up to the seed and the tuning label (a tuned cell
// repeats a configuration of the grid).
func configKey(r row) string {
	return strings.Join([]string{r.s("dataset"), r.s("variant"), r.s("k"), r.s("index"), r.s("r"), r.s("b")}, "\x00")
}

// seriesKey is the line a configuration belongs to on a per-variant plot.
type seriesKey struct{ variant, index string }

func (s seriesKey) name(multiIndex bool) string {
	if multiIndex {
		return s.variant + " (" + s.index + ")"
	}
	return s.variant
}

// multipleIndexes reports whether rs hold more than one LSH index kind.
func multipleIndexes(rs []row) bool {
	return len(distinct(rs, func(r row) string { return r.s("index") })) > 1
}

// config is one LSH configuration with its metrics averaged over seeds (and over repeated
// tuned cells).
type config struct {
	variant, index string
	k, b, r        int
	seeds          int
	first          row
	vals           map[string]float64
}

// configs averages the named columns per configuration of rs, in order of first appearance.
func configs(rs []row, cols ...string) []*config {
	keys, groups := groupBy(rs, configKey)
	out := make([]*config, 0, len(keys))
	for _, k := range keys {
		g := groups[k]
		c := &config{variant: g[0].s("variant"), index: g[0].s("index"), k: g[0].i("k"), b: g[0].i("b"),
			r: g[0].i("r"), first: g[0], vals: map[string]float64{}}
		c.seeds = len(distinct(g, func(r row) string { return r.s("seed") }))
		for _, col := range cols {
			xs := make([]float64, len(g))
			for i, r := range g {
				xs[i] = r.f(col)
			}
			c.vals[col], _, _ = meanSD(xs)
		}
		out = append(out, c)
	}
	return out
}

// sortedInts returns the distinct values sorted.
func sortedFloats(xs []float64) []float64 {
	out := slices.Clone(xs)
	slices.Sort(out)
	return slices.Compact(out)
}
