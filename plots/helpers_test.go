package plots

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestWilson(t *testing.T) {
	for _, c := range []struct {
		hits, n, lo, hi float64
	}{
		// Reference values of the 95% Wilson score interval.
		{5, 10, 0.2366, 0.7634},
		{0, 10, 0, 0.2775},
		{10, 10, 0.7225, 1},
		{81, 263, 0.2553, 0.3662},
	} {
		lo, hi := wilson(c.hits, c.n)
		if math.Abs(lo-c.lo) > 5e-4 || math.Abs(hi-c.hi) > 5e-4 {
			t.Errorf("wilson(%g, %g) = [%.4f, %.4f], want [%.4f, %.4f]", c.hits, c.n, lo, hi, c.lo, c.hi)
		}
	}
	if lo, hi := wilson(0, 0); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("wilson(0, 0) = %g, %g, want NaN", lo, hi)
	}
}

// TestParetoFront compares with the definition on random points: a point is on the front iff no
// other point is at least as good on both axes and better on one.
func TestParetoFront(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		n := 1 + rng.IntN(30)
		pts := make([]point, n)
		for i := range pts {
			// Few distinct values, so ties occur.
			pts[i] = point{x: float64(1 + rng.IntN(8)), y: float64(rng.IntN(6)) / 5}
		}
		if rng.IntN(5) == 0 {
			pts = append(pts, point{x: math.NaN(), y: 1})
		}
		for _, maxX := range []bool{false, true} {
			better := func(a, b float64) bool { return (a > b) == maxX && a != b }
			var want []point
			for i, p := range pts {
				if math.IsNaN(p.x) {
					continue
				}
				dominated := false
				for j, q := range pts {
					if i == j || math.IsNaN(q.x) {
						continue
					}
					geX := q.x == p.x || better(q.x, p.x)
					if geX && q.y >= p.y && (better(q.x, p.x) || q.y > p.y) {
						dominated = true
					}
					// Of identical points only the first is kept.
					if q.x == p.x && q.y == p.y && j < i {
						dominated = true
					}
				}
				if !dominated {
					want = append(want, p)
				}
			}
			got := paretoFront(pts, maxX)
			key := func(p point) [2]float64 { return [2]float64{p.x, p.y} }
			var gk, wk [][2]float64
			for _, p := range got {
				gk = append(gk, key(p))
			}
			for _, p := range want {
				wk = append(wk, key(p))
			}
			cmp := func(a, b [2]float64) int {
				if a[0] != b[0] {
					return int(math.Copysign(1, a[0]-b[0]))
				}
				return int(math.Copysign(1, a[1]-b[1]))
			}
			slices.SortFunc(wk, cmp)
			if !slices.Equal(gk, wk) {
				t.Fatalf("maximise x %v, points %v: front %v, want %v", maxX, pts, gk, wk)
			}
		}
	}
}

func TestThinFront(t *testing.T) {
	var front []point
	for i := 0; i < 200; i++ {
		front = append(front, point{x: math.Pow(10, float64(i)/50), y: float64(i) / 200})
	}
	got := thinFront(front, front[0].x, front[len(front)-1].x)
	if got[0] != front[0] || got[len(got)-1] != front[len(front)-1] {
		t.Error("thinned front lost an end point")
	}
	if len(got) < 5 || len(got) > 40 {
		t.Errorf("thinned to %d points, want a handful", len(got))
	}
	for i := 1; i < len(got)-1; i++ {
		dx := (math.Log(got[i].x) - math.Log(got[i-1].x)) / math.Log(front[len(front)-1].x/front[0].x)
		if math.Hypot(dx, got[i].y-got[i-1].y) < frontSpacing-1e-12 {
			t.Errorf("points %d and %d closer than the spacing", i-1, i)
		}
	}
}

func TestLogTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi float64
		labels []string
	}{
		{1, 1000, []string{"1", "10", "100", "1k"}},
		{0.003, 0.4, []string{"0.01", "0.1"}},
		{2e5, 3e7, []string{"1M", "10M"}},
		{1.5, 9, []string{"2", "5"}},
	} {
		var got []string
		for _, tk := range (logTicker{}).Ticks(c.lo, c.hi) {
			if tk.Value < c.lo || tk.Value > c.hi {
				t.Errorf("[%g, %g]: tick %g out of range", c.lo, c.hi, tk.Value)
			}
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
		}
		if !slices.Equal(got, c.labels) {
			t.Errorf("[%g, %g]: labels %v, want %v", c.lo, c.hi, got, c.labels)
		}
	}
	if ts := (logTicker{}).Ticks(1e-300, 1e300); len(ts) == 0 || len(ts) > 200 {
		t.Errorf("600 decades: %d ticks", len(ts))
	}
	for _, c := range []struct {
		x      float64
		up     bool
		want   float64
		floorE int
	}{{1.3, false, 1, 0}, {1.3, true, 2, 0}, {26520, true, 50000, 4}, {7692, false, 5000, 3}, {0.85, false, 0.5, -1}, {100, true, 100, 2}} {
		if got := mark125(c.x, c.up); math.Abs(got-c.want) > 1e-9*c.want {
			t.Errorf("mark125(%g, %v) = %g, want %g", c.x, c.up, got, c.want)
		}
		if got := floorLog10(c.x); got != c.floorE {
			t.Errorf("floorLog10(%g) = %d, want %d", c.x, got, c.floorE)
		}
	}
}

func TestColours(t *testing.T) {
	known := []string{"kminhash", "paper", "oph-optimal", "oph-fast", "oph-rotation", "bottomk", "superminhash", "cminhash", "exact"}
	seen := map[[3]uint8]string{}
	for _, v := range known {
		c := VariantColour(v)
		k := [3]uint8{c.R, c.G, c.B}
		if o, ok := seen[k]; ok {
			t.Errorf("%s and %s share a colour", v, o)
		}
		seen[k] = v
	}
	if VariantColour("") != VariantColour("exact") {
		t.Error("the exact baseline's empty variant is not coloured as exact")
	}
	if VariantColour("bbit4-kminhash") != VariantColour("bbit4-paper") || VariantColour("bbit4-kminhash") == VariantColour("bbit8-kminhash") {
		t.Error("b-bit variants are not coloured by their bit count")
	}
	// Unknown names take a palette colour chosen by a hash of the name (stable across runs).
	if got, want := VariantColour("some-new-variant"), rgb(fallbackColours[hashPick("some-new-variant", len(fallbackColours))]); got != want {
		t.Errorf("unknown variant colour %v, want %v", got, want)
	}
	// FNV-1a("x") = 0xfd0c5087 is fixed by the algorithm: the pick never depends on the run.
	if got := hashPick("x", 8); got != 0xfd0c5087%8 {
		t.Errorf("hashPick(x, 8) = %d, want %d", got, 0xfd0c5087%8)
	}
	if VariantColour("kminhash") != rgb(0x1f77b4) || MethodColour("minrank") != rgb(0xd62728) {
		t.Error("fixed colours changed")
	}
}

func TestSplitSummary(t *testing.T) {
	intro, rest := splitSummary("# name\n\nIntro line.\n\nMore.\n\n## Table\n\n| a |\n|---|\n\n```\n# not a heading\n```\n### Sub\n")
	if intro != "Intro line.\n\nMore." {
		t.Errorf("intro %q", intro)
	}
	for _, s := range []string{"### Table\n", "# not a heading\n", "#### Sub\n"} {
		if !strings.Contains(rest, s) {
			t.Errorf("rest lacks %q:\n%s", s, rest)
		}
	}
	readme := string(Readme("exp", nil, []Skipped{{"crossover", "one data set"}}, ""))
	for _, s := range []string{"# exp\n", "- crossover: one data set", "No summary.md"} {
		if !strings.Contains(readme, s) {
			t.Errorf("readme lacks %q:\n%s", s, readme)
		}
	}
}

func TestInterpolate(t *testing.T) {
	x := []float64{0, 0.5, 1}
	y := []float64{0, 0.2, 0.6}
	for _, c := range [][2]float64{{0, 0}, {0.25, 0.1}, {0.5, 0.2}, {0.75, 0.4}, {1, 0.6}, {2, 0.6}, {-1, 0}} {
		if got := interpolate(x, y, c[0]); math.Abs(got-c[1]) > 1e-12 {
			t.Errorf("interpolate(%g) = %g, want %g", c[0], got, c[1])
		}
	}
}
