package datasets

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// sameGraph reports whether two graphs have identical CSR content.
func sameGraph(a, b *Graph) bool {
	if a.N() != b.N() || a.Directed() != b.Directed() {
		return false
	}
	return a.Neighbourhoods(Mode{Dir: Out}).Fingerprint() == b.Neighbourhoods(Mode{Dir: Out}).Fingerprint()
}

func sameTruth(a, b *GroundTruth) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.N() == b.N() && a.Members().Fingerprint() == b.Members().Fingerprint()
}

func TestAliasTableFrequencies(t *testing.T) {
	w := []float64{1, 2, 3, 4, 0, 10}
	tab, err := newGenAliasTable(w)
	if err != nil {
		t.Fatal(err)
	}
	r := genRand(7, 1)
	const draws = 200000
	counts := make([]int, len(w))
	for range draws {
		counts[tab.sample(r)]++
	}
	sum := 20.0
	for i, x := range w {
		p := x / sum
		mean, sd := draws*p, math.Sqrt(draws*p*(1-p))
		if math.Abs(float64(counts[i])-mean) > 5*sd+1e-9 {
			t.Errorf("index %d drawn %d times, want %.0f ± %.0f", i, counts[i], mean, 5*sd)
		}
	}
	for _, bad := range [][]float64{nil, {0, 0}, {1, -1}, {math.NaN()}, {math.Inf(1)}} {
		if _, err := newGenAliasTable(bad); err == nil {
			t.Errorf("newAliasTable(%v) accepted", bad)
		}
	}
}

func TestGeometricSkipMean(t *testing.T) {
	r := genRand(3, 3)
	for _, p := range []float64{0.5, 0.1, 0.01} {
		const draws = 100000
		lq := math.Log1p(-p)
		var s, s2 float64
		for range draws {
			x := float64(genGeometricSkip(r, lq))
			s += x
			s2 += x * x
		}
		mean := (1 - p) / p
		sd := math.Sqrt((1 - p) / (p * p) / draws)
		if got := s / draws; math.Abs(got-mean) > 5*sd {
			t.Errorf("p=%v: mean gap %.4f, want %.4f ± %.4f", p, got, mean, 5*sd)
		}
	}
	if got := genGeometricSkip(r, math.Inf(-1)); got != 0 {
		t.Errorf("p=1 gap %d, want 0", got)
	}
}

func TestPairSetMatchesMap(t *testing.T) {
	r := genRand(5, 5)
	s := newGenPairSet(4)
	want := map[uint64]bool{}
	for range 20000 {
		k := genPairKey(uint32(r.IntN(300)), uint32(r.IntN(300)))
		if got := s.add(k); got == want[k] {
			t.Fatalf("add(%x) = %v with presence %v", k, got, want[k])
		}
		want[k] = true
	}
	for u := uint32(0); u < 300; u++ {
		for v := u; v < 300; v++ {
			k := genPairKey(u, v)
			if s.has(k) != want[k] {
				t.Fatalf("has(%d,%d) = %v", u, v, s.has(k))
			}
		}
	}
}

func TestFenwickFind(t *testing.T) {
	counts := []int{3, 0, 2, 0, 0, 5, 1}
	f := newGenFenwick(counts)
	var want []int
	for i, c := range counts {
		for range c {
			want = append(want, i)
		}
	}
	for r, w := range want {
		if got := f.find(r); got != w {
			t.Errorf("find(%d) = %d, want %d", r, got, w)
		}
	}
	f.add(5, -5)
	if got := f.find(5); got != 6 || f.prefix(7) != 6 {
		t.Errorf("after removal find(5) = %d, total %d", got, f.prefix(7))
	}
}

// genSpecs are small specs of every kind used by several tests.
var genSpecs = []string{
	"gen:sbm?n=600&k=6&deg=8&mu=0.2&seed=3",
	"gen:sbm?sizes=50,100,150&pin=0.1&pout=0.01&directed=true&seed=3",
	"gen:lfr?n=600&deg=10&maxdeg=40&minc=20&maxc=80&mu=0.3&seed=3",
	"gen:powerlaw?n=3000&deg=6&gamma=2.2&seed=3",
	"gen:powerlaw?n=3000&deg=6&gamma=2.5&directed=1&seed=3",
	"gen:stars?users=3000&stars=200&interests=8&follows=10&seed=3",
	"sets?n=500&universe=5000&clusters=20&clustersize=4&j=0.4&seed=3",
}

func TestGenerateDeterministicAndSeeded(t *testing.T) {
	ctx := context.Background()
	for _, spec := range genSpecs {
		a, err := Generate(ctx, spec)
		if err != nil {
			t.Fatalf("%s: %v", spec, err)
		}
		b, err := Generate(ctx, spec)
		if err != nil {
			t.Fatal(err)
		}
		other := strings.Replace(spec, "seed=3", "seed=4", 1)
		c, err := Generate(ctx, other)
		if err != nil {
			t.Fatal(err)
		}
		if a.Name != b.Name || !strings.HasPrefix(a.Name, GenPrefix) {
			t.Errorf("%s: names %q and %q", spec, a.Name, b.Name)
		}
		if a.IsGraph() {
			if !sameGraph(a.Graph, b.Graph) || !sameTruth(a.Truth, b.Truth) {
				t.Errorf("%s: same seed gave different output", spec)
			}
			if sameGraph(a.Graph, c.Graph) {
				t.Errorf("%s: seeds 3 and 4 gave the same graph", spec)
			}
			continue
		}
		if a.Collection.Fingerprint() != b.Collection.Fingerprint() || !sameTruth(a.Truth, b.Truth) {
			t.Errorf("%s: same seed gave different sets", spec)
		}
		if a.Collection.Fingerprint() == c.Collection.Fingerprint() {
			t.Errorf("%s: seeds 3 and 4 gave the same sets", spec)
		}
		if err := a.Collection.Validate(); err != nil {
			t.Errorf("%s: %v", spec, err)
		}
	}
}

// TestCommunitiesAreNotContiguous checks the random relabelling: with ids carrying no community
// information, two members of the truth adjacent in id order share a community about as often as
// two random members do (sum of s(s-1) over N(N-1)), not almost always as with contiguous ids.
func TestCommunitiesAreNotContiguous(t *testing.T) {
	for _, spec := range genSpecs {
		d, err := Generate(context.Background(), spec)
		if err != nil {
			t.Fatal(err)
		}
		if d.Truth == nil {
			continue
		}
		var covered []uint32
		for v := 0; v < d.Truth.N(); v++ {
			if len(d.Truth.Of(uint32(v))) > 0 {
				covered = append(covered, uint32(v))
			}
		}
		same := 0
		for i := 1; i < len(covered); i++ {
			if d.Truth.Of(covered[i])[0] == d.Truth.Of(covered[i-1])[0] {
				same++
			}
		}
		nc := float64(len(covered))
		chance := 0.0
		for c := 0; c < d.Truth.Len(); c++ {
			s := float64(len(d.Truth.Community(c)))
			chance += s * (s - 1) / (nc * (nc - 1))
		}
		frac := float64(same) / (nc - 1)
		if frac > chance+0.1 {
			t.Errorf("%s: %.3f of id-adjacent members share a community, chance %.3f", spec, frac, chance)
		}
	}
}

func TestParseGenSpecCanonicalRoundTrip(t *testing.T) {
	for _, kind := range GenKinds {
		if _, ok := genKeys[kind]; !ok {
			t.Errorf("kind %s has no keys", kind)
		}
	}
	if len(genKeys) != len(GenKinds) {
		t.Errorf("%d key tables for %d kinds", len(genKeys), len(GenKinds))
	}
	for _, spec := range append(slices.Clone(genSpecs), "gen:lfr", "gen:sbm?pin=0.5", "gen:sets?sizeexp=2&j=3e-1", "gen:stars?truthusers=yes") {
		s, err := ParseGenSpec(spec)
		if err != nil {
			t.Fatalf("%s: %v", spec, err)
		}
		s2, err := ParseGenSpec(s.String())
		if err != nil {
			t.Fatalf("canonical %s: %v", s.String(), err)
		}
		if s2.String() != s.String() {
			t.Errorf("round trip %q -> %q", s.String(), s2.String())
		}
	}
	s, _ := ParseGenSpec("gen:sbm?n=1e3&k=4&pin=0.2&pout=0.01")
	if s.SBM.N != 1000 || s.SBM.MeanDegree != 0 || s.SBM.PIn != 0.2 {
		t.Errorf("parsed %+v", s.SBM)
	}
	if !strings.Contains(GenHelp(), "maxinterests") {
		t.Errorf("GenHelp misses keys")
	}
}

func TestGenerateRejectsBadSpecs(t *testing.T) {
	cases := []struct{ spec, want string }{
		{"gen:nope", "unknown kind"},
		{"gen:sbm?n=0", "n = 0"},
		{"gen:sbm?n=-5", "n = -5"},
		{"gen:sbm?k=0", "k = 0"},
		{"gen:sbm?n=10&k=11", "k = 11"},
		{"gen:sbm?pin=1.5", "pin"},
		{"gen:sbm?pin=0.1&pout=-0.1", "pout"},
		{"gen:sbm?mu=1.2", "mu"},
		{"gen:sbm?deg=10&pin=0.1", "not both"},
		{"gen:sbm?sizes=10,0", "sizes[1]"},
		{"gen:sbm?sizes=10,20&n=30", "not both"},
		{"gen:sbm?n=100&k=50&deg=5&mu=0.1", "p_in"},
		{"gen:sbm?n=2000000000&pin=1", "memory"},
		{"gen:sbm?n=abc", "want an integer"},
		{"gen:sbm?n=1.5", "want an integer"},
		{"gen:sbm?directed=maybe", "directed"},
		{"gen:sbm?seed=-1", "seed"},
		{"gen:sbm?bogus=1", `unknown parameter "bogus"`},
		{"gen:sbm?n=10&n=20", "twice"},
		{"gen:sbm?n", "no value"},
		{"gen:lfr?mu=1.5", "mu"},
		{"gen:lfr?mu=-0.1", "mu"},
		{"gen:lfr?minc=50&maxc=40", "minc = 50 > maxc = 40"},
		{"gen:lfr?n=50", "maxdeg"},
		{"gen:lfr?n=100&maxdeg=50&maxc=200", "maxc = 200 > n"},
		{"gen:lfr?maxc=30&mu=0.1", "maxc = 30 too small"},
		{"gen:lfr?deg=0.5", "deg"},
		{"gen:lfr?deg=60", "deg"},
		{"gen:lfr?deg=1.5&tau1=0", "deg = 1.5 is below"},
		{"gen:lfr?tau1=nan", "tau1"},
		{"gen:lfr?tau2=-1", "tau2"},
		{"gen:lfr?n=1000&minc=0", "minc"},
		{"gen:powerlaw?gamma=1", "gamma"},
		{"gen:powerlaw?n=1", "n = 1"},
		{"gen:powerlaw?deg=0", "deg"},
		{"gen:powerlaw?deg=10&maxdeg=5", "maxdeg"},
		{"gen:powerlaw?workers=-1", "workers"},
		{"gen:powerlaw?n=1000000000000", "n = "},
		{"gen:stars?users=0", "users"},
		{"gen:stars?interests=0", "interests"},
		{"gen:stars?stars=10&interests=20", "interests = 20"},
		{"gen:stars?maxinterests=30", "maxinterests"},
		{"gen:stars?follows=0.5", "follows"},
		{"gen:stars?mu=2", "mu"},
		{"gen:stars?zipf=-1", "zipf"},
		{"gen:sets?j=1.1", "j = 1.1"},
		{"gen:sets?minsize=0", "minsize"},
		{"gen:sets?minsize=50&maxsize=10", "minsize = 50 > maxsize = 10"},
		{"gen:sets?universe=50", "maxsize = 100 > universe = 50"},
		{"gen:sets?n=10&clusters=5&clustersize=3", "exceeds n"},
		{"gen:sets?clustersize=1", "clustersize"},
		{"gen:sets?sizeexp=-2", "sizeexp"},
	}
	for _, c := range cases {
		_, err := Generate(context.Background(), c.spec)
		if err == nil {
			t.Errorf("%s: no error", c.spec)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q does not mention %q", c.spec, err, c.want)
		}
	}
	// A universe too small for the planted clusters is found while generating.
	if _, err := Generate(context.Background(), "gen:sets?n=10&universe=12&minsize=5&maxsize=6&clusters=1&clustersize=10&j=0.1"); err == nil || !strings.Contains(err.Error(), "universe") {
		t.Errorf("tiny universe: %v", err)
	}
}

func TestGeneratorsHonourCancelledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, spec := range []string{"gen:lfr", "gen:powerlaw", "gen:stars?users=10000", "gen:sets?n=10000"} {
		if _, err := Generate(ctx, spec); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: %v", spec, err)
		}
	}
}

// parseEdgeLines reads "u\tv" lines, skipping "# " comments; it fails on anything else.
func parseEdgeLines(t *testing.T, text []byte) (header []string, edges [][2]int64) {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "# ") {
			header = append(header, line)
			continue
		}
		a, b, ok := strings.Cut(line, "\t")
		u, err1 := strconv.ParseInt(a, 10, 64)
		v, err2 := strconv.ParseInt(b, 10, 64)
		if !ok || err1 != nil || err2 != nil {
			t.Fatalf("bad edge line %q", line)
		}
		edges = append(edges, [2]int64{u, v})
	}
	return header, edges
}

func TestWriteEdgeListAndCommunitiesRoundTrip(t *testing.T) {
	for _, spec := range genSpecs[:3] {
		d, err := Generate(context.Background(), spec)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := WriteEdgeList(&buf, d.Graph, "generated by test\n"+d.Name); err != nil {
			t.Fatal(err)
		}
		header, edges := parseEdgeLines(t, buf.Bytes())
		if len(header) != 2 || header[1] != "# "+d.Name {
			t.Errorf("header %q", header)
		}
		if int64(len(edges)) != d.Graph.NumEdges() {
			t.Fatalf("%s: %d lines for %d edges", spec, len(edges), d.Graph.NumEdges())
		}
		b := NewGraphBuilder(d.Graph.Directed(), DropSelfLoops)
		for v := 0; v < d.Graph.N(); v++ {
			b.AddNodeInt(int64(v))
		}
		for _, e := range edges {
			b.AddInt(e[0], e[1])
		}
		g2, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		if !sameGraph(d.Graph, g2) || g2.Report().Duplicates != 0 {
			t.Errorf("%s: edge list does not rebuild the graph", spec)
		}

		buf.Reset()
		if err := WriteCommunities(&buf, d.Truth, d.Graph.IDs()); err != nil {
			t.Fatal(err)
		}
		var comms [][]uint32
		for _, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
			var m []uint32
			for _, f := range strings.Split(line, "\t") {
				x, err := strconv.ParseUint(f, 10, 32)
				if err != nil {
					t.Fatalf("bad community line %q", line)
				}
				m = append(m, uint32(x))
			}
			comms = append(comms, m)
		}
		t2, err := NewGroundTruth(d.Graph.N(), comms, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !sameTruth(d.Truth, t2) {
			t.Errorf("%s: community file does not rebuild the ground truth", spec)
		}
	}
	// String ids are written as they are.
	b := NewGraphBuilder(false, DropSelfLoops)
	b.AddTokens([]byte("alice"), []byte("bob"))
	g, _ := b.Build()
	var buf bytes.Buffer
	if err := WriteEdgeList(&buf, g, ""); err != nil || buf.String() != "alice\tbob\n" {
		t.Errorf("string ids: %q, %v", buf.String(), err)
	}
}

func TestWriteSetsRoundTrip(t *testing.T) {
	d, err := Generate(context.Background(), genSpecs[len(genSpecs)-1])
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteSets(&buf, d.Collection); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	sets := make([][]uint32, len(lines))
	for i, line := range lines {
		for _, f := range strings.Fields(line) {
			x, err := strconv.ParseUint(f, 10, 32)
			if err != nil {
				t.Fatalf("bad set line %q", line)
			}
			sets[i] = append(sets[i], uint32(x))
		}
	}
	got := SetsFromSlices(sets)
	got.Universe = d.Collection.Universe
	if got.Fingerprint() != d.Collection.Fingerprint() {
		t.Errorf("set file does not rebuild the collection")
	}
	// Ground truth written with SetIDs names 1-based line numbers.
	buf.Reset()
	if err := WriteCommunities(&buf, d.Truth, d.SetIDs); err != nil {
		t.Fatal(err)
	}
	first := strings.Split(strings.SplitN(buf.String(), "\n", 2)[0], "\t")
	line, _ := strconv.Atoi(first[0])
	if line < 1 || line > len(lines) || d.Truth.Community(0)[0] != uint32(line-1) {
		t.Errorf("first cluster starts at line %q, want set %d + 1", first[0], d.Truth.Community(0)[0])
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, fmt.Errorf("disk full") }

func TestWritersReportErrors(t *testing.T) {
	d, err := Generate(context.Background(), genSpecs[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteEdgeList(failWriter{}, d.Graph, "x"); err == nil {
		t.Error("WriteEdgeList ignored a write error")
	}
	if err := WriteCommunities(failWriter{}, d.Truth, IDs{}); err == nil {
		t.Error("WriteCommunities ignored a write error")
	}
	if _, err := StreamPowerLaw(context.Background(), failWriter{}, PowerLawParams{N: 100, MeanDegree: 3, Gamma: 2.5}); err == nil {
		t.Error("StreamPowerLaw ignored a write error")
	}
}

func FuzzParseGenSpec(f *testing.F) {
	for _, s := range genSpecs {
		f.Add(s)
	}
	for _, s := range []string{"gen:", "gen:sbm?", "gen:sbm?&&", "gen:lfr?n=1e400", "gen:sets?j=0x1p-2", "sbm?sizes=,,", "gen:stars?users=9e18"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		s, err := ParseGenSpec(spec)
		if err != nil {
			return
		}
		s2, err := ParseGenSpec(s.String())
		if err != nil {
			t.Fatalf("canonical form %q of %q does not parse: %v", s.String(), spec, err)
		}
		if s2.String() != s.String() {
			t.Fatalf("canonical form not stable: %q -> %q", s.String(), s2.String())
		}
	})
}

// TestGenerateTinyParameters runs every generator at the edge of its valid range.
func TestGenerateTinyParameters(t *testing.T) {
	for _, spec := range []string{
		"gen:sbm?n=1&k=1&pin=1",
		"gen:sbm?n=2&k=2&pin=0&pout=1&directed=1",
		"gen:sbm?sizes=1,1,1&deg=2&mu=1",
		"gen:lfr?n=2&deg=1&maxdeg=1&minc=1&maxc=2&mu=0",
		"gen:lfr?n=30&deg=20&maxdeg=29&tau1=0&tau2=0&minc=1&maxc=30&mu=1",
		"gen:powerlaw?n=2&deg=1",
		"gen:powerlaw?n=50&deg=49&maxdeg=49&gamma=1.01",
		"gen:stars?users=1&stars=1&interests=1&maxinterests=1&follows=1",
		"gen:stars?users=50&stars=3&interests=3&maxinterests=3&follows=3&mu=1",
		"gen:sets?n=1&universe=1&minsize=1&maxsize=1&clusters=0",
		"gen:sets?n=2&universe=2&minsize=1&maxsize=1&clusters=1&clustersize=2&j=0",
		"gen:sets?n=4&universe=3&minsize=1&maxsize=3&clusters=1&clustersize=4&j=1",
	} {
		s, err := ParseGenSpec(spec)
		if err != nil {
			t.Errorf("%s: %v", spec, err)
			continue
		}
		d, st, err := s.Run(context.Background(), nil)
		if err != nil {
			t.Errorf("%s: %v", spec, err)
			continue
		}
		if d.IsGraph() {
			if err := d.Graph.Neighbourhoods(Mode{Dir: Out}).Validate(); err != nil {
				t.Errorf("%s: %v", spec, err)
			}
		} else if err := d.Collection.Validate(); err != nil {
			t.Errorf("%s: %v", spec, err)
		}
		if _, err := json.Marshal(st); err != nil {
			t.Errorf("%s: stats do not marshal: %v", spec, err)
		}
	}
}

// FuzzGenerateSmall runs the generators on fuzzed parameters kept small, checking that they
// either reject the parameters or produce valid output, never panic.
func FuzzGenerateSmall(f *testing.F) {
	f.Add(uint8(0), 10, 3, 5, 20, 0.3, 2.0, uint64(1))
	f.Add(uint8(1), 100, 8, 20, 50, 0.5, 2.5, uint64(2))
	f.Add(uint8(2), 300, 4, 0, 0, 0.0, 2.2, uint64(3))
	f.Add(uint8(3), 50, 20, 3, 2, 0.1, 1.0, uint64(4))
	f.Add(uint8(4), 40, 100, 5, 3, 0.37, 0.0, uint64(5))
	f.Fuzz(func(t *testing.T, kind uint8, a, b, c, d int, x, y float64, seed uint64) {
		small := func(v, m int) int { return ((v % m) + m) % m }
		a, b, c, d = small(a, 400), small(b, 60), small(c, 60), small(d, 120)
		var spec string
		switch kind % 5 {
		case 0:
			spec = fmt.Sprintf("gen:sbm?n=%d&k=%d&deg=%d&mu=%v&directed=%v&seed=%d", a, b, c, x, d%2 == 0, seed)
		case 1:
			spec = fmt.Sprintf("gen:lfr?n=%d&deg=%d&maxdeg=%d&minc=%d&maxc=%d&mu=%v&tau1=%v&seed=%d", a, b, c, d/4, d, x, y, seed)
		case 2:
			spec = fmt.Sprintf("gen:powerlaw?n=%d&deg=%d&maxdeg=%d&gamma=%v&directed=%v&seed=%d", a, b, c, y, d%2 == 0, seed)
		case 3:
			spec = fmt.Sprintf("gen:stars?users=%d&stars=%d&interests=%d&maxinterests=%d&follows=%d&mu=%v&zipf=%v&seed=%d", a, b, c, d, d/2, x, y, seed)
		case 4:
			spec = fmt.Sprintf("gen:sets?n=%d&universe=%d&minsize=%d&maxsize=%d&clusters=%d&clustersize=%d&j=%v&sizeexp=%v&seed=%d", a, b+a, c/4, c, d/10, d%7, x, y, seed)
		}
		ds, err := Generate(context.Background(), spec)
		if err != nil {
			return
		}
		if ds.IsGraph() {
			if err := ds.Graph.Neighbourhoods(Mode{Dir: In}).Validate(); err != nil {
				t.Fatalf("%s: %v", spec, err)
			}
		} else if err := ds.Collection.Validate(); err != nil {
			t.Fatalf("%s: %v", spec, err)
		}
	})
}

// TestGeneratedFilesLoadWithOpen writes generated data with the writers and reads it back with
// the package's own loader (Open): same edges in original ids, same communities, same sets.
func TestGeneratedFilesLoadWithOpen(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	for i, spec := range []string{genSpecs[0], genSpecs[1], genSpecs[2], genSpecs[5]} {
		d, err := Generate(ctx, spec)
		if err != nil {
			t.Fatal(err)
		}
		edges := filepath.Join(dir, fmt.Sprintf("g%d.txt", i))
		cmty := filepath.Join(dir, fmt.Sprintf("g%d.cmty.txt", i))
		var eb, cb bytes.Buffer
		if err := WriteEdgeList(&eb, d.Graph, d.Name); err != nil {
			t.Fatal(err)
		}
		if err := WriteCommunities(&cb, d.Truth, d.Graph.IDs()); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(edges, eb.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(cmty, cb.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		directed := d.Graph.Directed()
		got, err := Open(ctx, edges, OpenOptions{Directed: &directed, Communities: cmty, CommunitiesFormat: FormatCommunities})
		if err != nil {
			t.Fatalf("%s: %v", spec, err)
		}
		// The loader sees only vertices with edges; compare edges and communities by original id.
		g := got.Graph
		if g.NumEdges() != d.Graph.NumEdges() {
			t.Fatalf("%s: reloaded %d edges, wrote %d", spec, g.NumEdges(), d.Graph.NumEdges())
		}
		for u := uint32(0); int(u) < g.N(); u++ {
			ou := uint32(g.IDs().Int(u))
			for _, v := range g.Out(u) {
				ov := uint32(g.IDs().Int(v))
				if _, ok := slices.BinarySearch(d.Graph.Out(ou), ov); !ok {
					t.Fatalf("%s: reloaded edge %d-%d not generated", spec, ou, ov)
				}
			}
		}
		if got.Truth == nil || got.Truth.Len() != d.Truth.Len() {
			t.Fatalf("%s: reloaded truth %v", spec, got.Truth)
		}
		for c := 0; c < d.Truth.Len(); c++ {
			var orig []uint32
			for _, v := range got.Truth.Community(c) {
				orig = append(orig, uint32(g.IDs().Int(v)))
			}
			slices.Sort(orig)
			// Vertices without edges are absent from the reloaded graph, so a reloaded community
			// is the generated one minus its isolated members.
			var want []uint32
			for _, v := range d.Truth.Community(c) {
				if d.Graph.OutDegree(v)+d.Graph.InDegree(v) > 0 {
					want = append(want, v)
				}
			}
			if !slices.Equal(orig, want) {
				t.Fatalf("%s: community %d reloaded as %v, want %v", spec, c, orig, want)
			}
		}
	}
	// Sets: one per line, read back as transactions.
	d, err := Generate(ctx, genSpecs[len(genSpecs)-1])
	if err != nil {
		t.Fatal(err)
	}
	var sb bytes.Buffer
	if err := WriteSets(&sb, d.Collection); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "sets.dat")
	if err := os.WriteFile(path, sb.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := Open(ctx, path, OpenOptions{Format: FormatTransactions})
	if err != nil {
		t.Fatal(err)
	}
	if got.Collection == nil || got.Collection.Len() != d.Collection.Len() {
		t.Fatalf("reloaded %v sets", got.Collection)
	}
	for i := 0; i < d.Collection.Len(); i++ {
		a, b := d.Collection.Set(i), got.Collection.Set(i)
		if len(a) != len(b) {
			t.Fatalf("set %d: %d elements reloaded, %d written", i, len(b), len(a))
		}
	}
	if got.SetIDs.Len() != d.SetIDs.Len() || got.SetIDs.String(0) != d.SetIDs.String(0) {
		t.Errorf("set ids differ: %s vs %s", got.SetIDs.String(0), d.SetIDs.String(0))
	}
}
