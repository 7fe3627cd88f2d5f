package experiments

import (
	"fmt"
	"slices"

	"lshbench/datasets"
)

// Index kinds a spec may name.
const (
	KindBanding    = "banding"
	KindMultiProbe = "multiprobe"
	KindForest     = "forest"
	// KindSketch is the cell of a sketch variant whose rows cannot be banded (minhash.Aligned is
	// false): it records the estimation figures only.
	KindSketch = "sketch"
)

// validate checks the whole spec before any work, so a run never fails half-way on a typo.
func (s *Spec) validate() error {
	if s.Name == "" {
		return s.errAt("name", "required")
	}
	if !nameRE.MatchString(s.Name) {
		return s.errAt("name", "%q: use letters, digits, '.', '_' and '-'", s.Name)
	}
	if len(s.Datasets) == 0 {
		return s.errAt("datasets", "at least one data set is required")
	}
	labels := map[string]bool{}
	for i := range s.Datasets {
		d := &s.Datasets[i]
		f := fmt.Sprintf("datasets[%d]", i)
		if d.Source == "" {
			return s.errAt(f+".source", "required: a registry name, a file path or a generator spec")
		}
		if d.Label == "" {
			d.Label = d.Source
		}
		if labels[d.Label] {
			return s.errAt(f+".label", "duplicate label %q", d.Label)
		}
		labels[d.Label] = true
		if d.Mode == "" {
			d.Mode = "in"
		}
		if _, err := datasets.ParseMode(d.Mode); err != nil {
			return s.errAt(f+".mode", "%v", err)
		}
	}
	q := &s.Queries
	if q.Sample < 0 {
		return s.errAt("queries.sample", "%d: want a positive sample size", q.Sample)
	}
	if q.All && q.Sample > 0 {
		return s.errAt("queries.all", "give either all: true or sample: N, not both")
	}
	if !q.All && q.Sample == 0 {
		q.Sample = 1000
	}
	if q.MinSize < 0 || q.MaxSize < 0 || (q.MaxSize > 0 && q.MaxSize < q.MinSize) {
		return s.errAt("queries", "bad size range [%d, %d]", q.MinSize, q.MaxSize)
	}
	t := &s.Truth
	if t.TopK < 0 {
		return s.errAt("truth.topk", "%d: want a positive k", t.TopK)
	}
	if t.TopK == 0 && len(t.Thresholds) == 0 && s.Community == nil {
		return s.errAt("truth", "give topk and/or thresholds")
	}
	for i, th := range t.Thresholds {
		if !(th > 0 && th <= 1) {
			return s.errAt(fmt.Sprintf("truth.thresholds[%d]", i), "%v: want a threshold in (0, 1]", th)
		}
	}
	if len(s.Sketches.Variants) == 0 {
		return s.errAt("sketches.variants", "at least one sketch variant is required")
	}
	if len(s.Sketches.K) == 0 {
		return s.errAt("sketches.k", "at least one signature length is required")
	}
	for i, k := range s.Sketches.K {
		if k <= 0 || k > 1<<16 {
			return s.errAt(fmt.Sprintf("sketches.k[%d]", i), "%d: want 1..65536", k)
		}
	}
	for i, v := range s.Sketches.Variants {
		for _, k := range s.Sketches.K {
			if err := checkVariant(v, k); err != nil {
				return s.errAt(fmt.Sprintf("sketches.variants[%d]", i), "%v", err)
			}
		}
	}
	if len(s.Indexes) == 0 && s.Community == nil {
		return s.errAt("indexes", "at least one index family is required")
	}
	for i := range s.Indexes {
		if err := s.validateIndex(i); err != nil {
			return err
		}
	}
	if len(s.Repeats) == 0 {
		s.Repeats = []uint64{1}
	}
	seen := map[uint64]bool{}
	for i, r := range s.Repeats {
		if seen[r] {
			return s.errAt(fmt.Sprintf("repeats[%d]", i), "duplicate seed %d", r)
		}
		seen[r] = true
	}
	tm := &s.Timing
	if tm.Warmup < 0 || tm.Repetitions < 0 || tm.Threads < 0 || tm.Queries < 0 || tm.MaxTimed < 0 {
		return s.errAt("timing", "warmup, repetitions, threads, queries and max_timed must not be negative")
	}
	if tm.Repetitions == 0 {
		tm.Repetitions = 1
	}
	if tm.Threads == 0 {
		tm.Threads = 1
	}
	if s.Community != nil {
		if err := s.validateCommunity(); err != nil {
			return err
		}
	}
	return nil
}

func (s *Spec) validateIndex(i int) error {
	ix := &s.Indexes[i]
	f := fmt.Sprintf("indexes[%d]", i)
	switch ix.Kind {
	case KindBanding, KindMultiProbe, KindForest:
	case "":
		return s.errAt(f+".kind", "required: banding, multiprobe or forest")
	default:
		return s.errAt(f+".kind", "unknown index kind %q: want banding, multiprobe or forest", ix.Kind)
	}
	for j, v := range ix.Variants {
		if !slices.Contains(s.Sketches.Variants, v) {
			return s.errAt(fmt.Sprintf("%s.variants[%d]", f, j), "%q is not one of sketches.variants", v)
		}
	}
	set := 0
	if len(ix.Bands) > 0 {
		set++
	}
	if ix.All != nil {
		set++
	}
	if ix.Tuned != nil {
		set++
	}
	if set != 1 {
		return s.errAt(f, "give exactly one of bands, all and tuned")
	}
	for j, br := range ix.Bands {
		b, r := br[0], br[1]
		if b <= 0 || r <= 0 {
			return s.errAt(fmt.Sprintf("%s.bands[%d]", f, j), "(%d, %d): b and r must be positive", b, r)
		}
		for _, k := range s.Sketches.K {
			if b*r > k {
				return s.errAt(fmt.Sprintf("%s.bands[%d]", f, j), "b*r = %d*%d = %d exceeds k = %d", b, r, b*r, k)
			}
		}
	}
	if a := ix.All; a != nil {
		if a.RMin < 0 || a.RMax < 0 || a.BMin < 0 || a.BMax < 0 {
			return s.errAt(f+".all", "bounds must not be negative")
		}
		if (a.RMax > 0 && a.RMax < a.RMin) || (a.BMax > 0 && a.BMax < a.BMin) {
			return s.errAt(f+".all", "empty range: r in [%d, %d], b in [%d, %d]", a.RMin, a.RMax, a.BMin, a.BMax)
		}
		for _, k := range s.Sketches.K {
			if len(bandGrid(k, a)) == 0 {
				return s.errAt(f+".all", "no (b, r) with b*r <= %d inside the bounds", k)
			}
		}
	}
	if t := ix.Tuned; t != nil {
		if !(t.Threshold > 0 && t.Threshold < 1) {
			return s.errAt(f+".tuned.threshold", "%v: want a threshold in (0, 1)", t.Threshold)
		}
		if t.Recall != 0 && len(t.Weights) != 0 {
			return s.errAt(f+".tuned", "give recall or weights, not both")
		}
		if t.Recall != 0 && !(t.Recall > 0 && t.Recall < 1) {
			return s.errAt(f+".tuned.recall", "%v: want a recall in (0, 1)", t.Recall)
		}
		if len(t.Weights) != 0 {
			if len(t.Weights) != 2 || t.Weights[0] < 0 || t.Weights[1] < 0 || t.Weights[0]+t.Weights[1] == 0 {
				return s.errAt(f+".tuned.weights", "want [fp, fn], non-negative, not both zero")
			}
		}
	}
	return nil
}

// bandGrid lists every (b, r) with b*r <= k inside the bounds of a, ordered by r then b.
func bandGrid(k int, a *RangeSpec) [][2]int {
	rMin, rMax := max(a.RMin, 1), a.RMax
	if rMax == 0 || rMax > k {
		rMax = k
	}
	var out [][2]int
	for r := rMin; r <= rMax; r++ {
		bMax := k / r
		if a.BMax > 0 {
			bMax = min(bMax, a.BMax)
		}
		bMin := max(a.BMin, 1)
		if a.MaxOnly {
			bMin = max(bMin, bMax)
		}
		for b := bMin; b <= bMax; b++ {
			out = append(out, [2]int{b, r})
		}
	}
	return out
}

func (s *Spec) validateCommunity() error {
	c := s.Community
	if len(c.Methods) == 0 {
		return s.errAt("community.methods", "at least one method is required")
	}
	known := []string{"minrank", "average", "ppr-paper", "ppr", "push"}
	for i, m := range c.Methods {
		if !slices.Contains(known, m) {
			return s.errAt(fmt.Sprintf("community.methods[%d]", i), "unknown method %q: want one of %v", m, known)
		}
	}
	if c.Seeds <= 0 {
		return s.errAt("community.seeds", "%d: want a positive number of seeds", c.Seeds)
	}
	if c.Interval <= 0 {
		return s.errAt("community.interval", "%d: want a positive interval", c.Interval)
	}
	if len(c.Restarts) == 0 {
		return s.errAt("community.restarts", "at least one restart seed is required")
	}
	if c.MinSize < 0 || c.MaxSize < 0 || (c.MaxSize > 0 && c.MaxSize < c.MinSize) {
		return s.errAt("community", "bad community size range [%d, %d]", c.MinSize, c.MaxSize)
	}
	if c.MinSize <= c.Seeds {
		c.MinSize = c.Seeds + 1
	}
	switch c.Similarity {
	case "":
		c.Similarity = "estimated"
	case "estimated", "exact":
	default:
		return s.errAt("community.similarity", "%q: want estimated or exact", c.Similarity)
	}
	if len(c.Similarities) == 0 {
		c.Similarities = []string{c.Similarity}
	}
	for i, v := range c.Similarities {
		if v != "estimated" && v != "exact" {
			return s.errAt(fmt.Sprintf("community.similarities[%d]", i), "%q: want estimated or exact", v)
		}
		if slices.Contains(c.Similarities[:i], v) {
			return s.errAt(fmt.Sprintf("community.similarities[%d]", i), "duplicate %q", v)
		}
	}
	if c.Steps < 0 {
		return s.errAt("community.steps", "%d: want a positive walk length", c.Steps)
	}
	if c.PlotMin < 0 || c.Sample < 0 {
		return s.errAt("community", "plot_min_size and sample must not be negative")
	}
	for i, r := range c.Restarts {
		if slices.Contains(c.Restarts[:i], r) {
			return s.errAt(fmt.Sprintf("community.restarts[%d]", i), "duplicate restart seed %d", r)
		}
	}
	return nil
}
