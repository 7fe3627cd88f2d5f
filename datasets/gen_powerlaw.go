package datasets

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"runtime"
	"strconv"
	"strings"
)

// PowerLawParams are the parameters of a Chung-Lu random graph with power-law expected degrees
// (Chung and Lu 2002): vertex i has the weight w_i = A (i + i0)^(-1/(Gamma-1)), and u, v are
// joined independently with probability min(1, w_u w_v / sum(w)), so that w_i is about the
// expected degree of i and the degrees follow P(k) ∝ k^-Gamma between the smallest weight and
// MaxDegree.
type PowerLawParams struct {
	N int
	// MeanDegree is the target mean of the weights (about the mean degree; for undirected graphs
	// the probability cap and the missing self-loops make it slightly lower: see the stats).
	MeanDegree float64
	// MaxDegree is the weight of the heaviest vertex; 0 means sqrt(N*MeanDegree), the largest
	// weight for which no probability is capped.
	MaxDegree float64
	// Gamma is the degree exponent, > 1 (typically 2 to 3).
	Gamma float64
	// Directed draws arcs u -> v with probability min(1, wout_u win_v / sum(w)); in- and
	// out-weights follow the same law, shuffled independently.
	Directed bool
	Seed     uint64
	// Workers is the number of goroutines (0 means GOMAXPROCS). The output does not depend on it.
	Workers int
	// Progress receives the number of source vertices done out of N.
	Progress Progress
}

// PowerLawStats are the realised properties of a Chung-Lu graph.
type PowerLawStats struct {
	GraphStats
	TargetMeanDegree float64 `json:"target_mean_degree"`
	// MaxWeight is the largest expected degree used.
	MaxWeight float64 `json:"max_weight"`
	Gamma     float64 `json:"gamma"`
}

// Summary returns a one-line description of the realised properties.
func (s *PowerLawStats) Summary() string {
	return fmt.Sprintf("powerlaw: %d vertices, %d edges, mean degree %.3f (target %.3f), max degree %d (max weight %.1f), %d isolated",
		s.Vertices, s.Edges, s.MeanDegree, s.TargetMeanDegree, s.MaxDegree, s.MaxWeight, s.Isolated)
}

func (p PowerLawParams) validate() error {
	switch {
	case p.N < 2 || p.N >= 1<<32-1:
		return fmt.Errorf("powerlaw: n = %d, want 2 <= n < 2^32-1", p.N)
	case !(p.MeanDegree > 0) || p.MeanDegree > float64(p.N-1):
		return fmt.Errorf("powerlaw: deg = %v, want 0 < deg <= n-1 = %d", p.MeanDegree, p.N-1)
	case !(p.Gamma > 1) || math.IsInf(p.Gamma, 0):
		return fmt.Errorf("powerlaw: gamma = %v, want a finite exponent > 1", p.Gamma)
	case p.MaxDegree != 0 && (!(p.MaxDegree >= p.MeanDegree) || p.MaxDegree > float64(p.N-1)):
		return fmt.Errorf("powerlaw: maxdeg = %v, want deg = %v <= maxdeg <= n-1 = %d (or 0 for sqrt(n*deg))", p.MaxDegree, p.MeanDegree, p.N-1)
	case p.Workers < 0:
		return fmt.Errorf("powerlaw: workers = %d, want >= 0", p.Workers)
	}
	// The streaming form needs the degree counts.
	return genCheckMemory("powerlaw", 8*float64(p.N))
}

// String returns the parameters in generator-spec form.
func (p PowerLawParams) String() string {
	return fmt.Sprintf("gen:powerlaw?n=%d&deg=%s&maxdeg=%s&gamma=%s&directed=%t&seed=%d",
		p.N, genFmtFloat(p.MeanDegree), genFmtFloat(p.MaxDegree), genFmtFloat(p.Gamma), p.Directed, p.Seed)
}

func genFmtFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// chungLu describes one Chung-Lu graph. Weights are computed, not stored: internal vertex i has
// the weight exp(logA - alpha*log(i+i0)), non-increasing in i; the first chungLuHead of them are
// cached (they receive most landings), the rest are recomputed, which is cheaper than a cache
// miss on a large array. Published ids come from a keyed Feistel permutation, again computed,
// so the generator's memory does not grow with the edges and barely with the vertices.
type chungLu struct {
	n               int
	directed        bool
	seed            uint64
	logA, alpha, i0 float64
	head            []float64 // weight(i) for i < len(head)
	sum             float64   // sum of all weights
	maxW            float64
	pub             genFeistel // internal -> published id
	outOf           genFeistel // directed: vertex u has the out-weight weight(outOf(u))
	units           []int      // first source of each work unit, then n
}

// chungLuHead is the number of leading weights cached (512 KiB).
const chungLuHead = 1 << 16

// weight returns the weight of internal vertex i.
func (cl *chungLu) weight(i int) float64 {
	if i < len(cl.head) {
		return cl.head[i]
	}
	return cl.weightAt(i)
}

func (cl *chungLu) weightAt(i int) float64 {
	return math.Exp(cl.logA - cl.alpha*math.Log(float64(i)+cl.i0))
}

// genFeistel is a keyed pseudo-random permutation of [0, n): a balanced Feistel network on the
// smallest even number of bits covering n, with cycle walking (re-encrypting until the value
// falls below n, fewer than 4 rounds of the network on average).
type genFeistel struct {
	n    uint64
	half uint
	keys [4]uint64
}

func newGenFeistel(n int, seed, stream uint64) genFeistel {
	f := genFeistel{n: uint64(n)}
	bits := uint(1)
	for uint64(1)<<(2*bits) < f.n {
		bits++
	}
	f.half = bits
	r := genRand(seed, stream)
	for i := range f.keys {
		f.keys[i] = r.Uint64()
	}
	return f
}

// genMix64 is the splitmix64 finaliser.
func genMix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// apply returns the image of x < n.
func (f genFeistel) apply(x uint64) uint64 {
	mask := uint64(1)<<f.half - 1
	for {
		l, r := x>>f.half, x&mask
		for _, k := range f.keys {
			l, r = r, l^(genMix64(r^k)&mask)
		}
		x = l<<f.half | r
		if x < f.n {
			return x
		}
	}
}

// powerLawShape returns (alpha, i0) of the n non-increasing weights A (i + i0)^-alpha,
// alpha = 1/(gamma-1), whose ratio of the largest to the mean is ratio (up to the accuracy of
// the Euler-Maclaurin estimate used while solving i0); the caller chooses A.
func powerLawShape(n int, ratio, gamma float64) (alpha, i0 float64) {
	alpha = 1 / (gamma - 1)
	if ratio <= 1+1e-12 {
		return 0, 1
	}
	// sumF estimates sum_{i=0}^{n-1} (i+i0)^-alpha: the first terms exactly, the tail by
	// Euler-Maclaurin with the first derivative correction.
	sumF := func(i0 float64) float64 {
		k := min(n, 4096)
		s := 0.0
		for i := 0; i < k; i++ {
			s += math.Pow(float64(i)+i0, -alpha)
		}
		if k == n {
			return s
		}
		a, b := float64(k)+i0, float64(n-1)+i0
		var integral float64
		if math.Abs(alpha-1) < 1e-12 {
			integral = math.Log(b / a)
		} else {
			integral = (math.Pow(b, 1-alpha) - math.Pow(a, 1-alpha)) / (1 - alpha)
		}
		fa, fb := math.Pow(a, -alpha), math.Pow(b, -alpha)
		da, db := -alpha*fa/a, -alpha*fb/b
		return s + integral + (fa+fb)/2 + (db-da)/12
	}
	// ratio(i0) = i0^-alpha / (sumF/n) decreases from +inf to 1 as i0 grows: bisect on log i0.
	lo, hi := -40.0, 80.0
	for it := 0; it < 120; it++ {
		mid := (lo + hi) / 2
		i0 := math.Exp(mid)
		if math.Pow(i0, -alpha)*float64(n)/sumF(i0) > ratio {
			lo = mid
		} else {
			hi = mid
		}
	}
	return alpha, math.Exp((lo + hi) / 2)
}

func newChungLu(p PowerLawParams) *chungLu {
	maxDeg := p.MaxDegree
	if maxDeg == 0 {
		maxDeg = min(math.Sqrt(float64(p.N)*p.MeanDegree), float64(p.N-1))
		maxDeg = max(maxDeg, p.MeanDegree)
	}
	cl := &chungLu{n: p.N, directed: p.Directed, seed: p.Seed}
	cl.alpha, cl.i0 = powerLawShape(p.N, maxDeg/p.MeanDegree, p.Gamma)
	// Scale A so that the weights, as weightAt computes them, have exactly the target mean.
	total := 0.0
	for i := 0; i < p.N; i++ {
		total += cl.weightAt(i)
	}
	cl.logA = math.Log(p.MeanDegree * float64(p.N) / total)
	cl.head = make([]float64, min(p.N, chungLuHead))
	for i := range cl.head {
		cl.head[i] = cl.weightAt(i)
	}
	for i := 0; i < p.N; i++ {
		cl.sum += cl.weight(i)
	}
	cl.maxW = cl.head[0]
	cl.pub = newGenFeistel(p.N, p.Seed, streamRelabel)
	if p.Directed {
		cl.outOf = newGenFeistel(p.N, p.Seed, streamPowerLaw^0xff)
	}
	cl.splitUnits()
	return cl
}

// Work units: contiguous ranges of sources whose expected edges (their weights) add up to at
// most chungLuUnitEdges, and at most chungLuUnitSources sources. Each unit has its own random
// stream, so the output depends only on the parameters, not on the number of workers, and no
// unit's edges take much memory even though the heaviest sources produce most edges.
const (
	chungLuUnitEdges   = 1 << 17
	chungLuUnitSources = 1 << 14
)

// sourceWeight returns the expected number of edges generated from source u: its out-weight
// when directed, an upper bound (its weight) otherwise.
func (cl *chungLu) sourceWeight(u int) float64 {
	if cl.directed {
		return cl.weight(int(cl.outOf.apply(uint64(u))))
	}
	return cl.weight(u)
}

// splitUnits fills cl.units with the first source of every unit, then n.
func (cl *chungLu) splitUnits() {
	cl.units = append(cl.units[:0], 0)
	acc := 0.0
	for u := 0; u < cl.n; u++ {
		w := cl.sourceWeight(u)
		if start := cl.units[len(cl.units)-1]; u > start && (acc+w > chungLuUnitEdges || u-start >= chungLuUnitSources) {
			cl.units = append(cl.units, u)
			acc = 0
		}
		acc += w
	}
	cl.units = append(cl.units, cl.n)
}

func (cl *chungLu) blocks() int { return len(cl.units) - 1 }

// block appends the edges (internal ids, u<<32|v) whose sources lie in unit b, using the edge
// skipping of Miller and Hagberg (2011): for source u the candidate targets are visited in order
// of non-increasing weight, so a geometric gap drawn with the current probability p is an upper
// bound on the true gaps, and each landing is kept with probability q/p. Expected time
// O(sources + edges) of the unit.
func (cl *chungLu) block(b int, src *rand.PCG, dst []uint64) []uint64 {
	src.Seed(cl.seed, streamPowerLaw^(uint64(b)+1)*0x9E3779B97F4A7C15)
	r := rand.New(src)
	lo, hi := cl.units[b], cl.units[b+1]
	n, inv, head := cl.n, 1/cl.sum, cl.head
	for u := lo; u < hi; u++ {
		var wu float64
		v := 0
		if cl.directed {
			wu = cl.weight(int(cl.outOf.apply(uint64(u)))) * inv
		} else {
			wu = cl.weight(u) * inv
			v = u + 1
		}
		if v >= n {
			continue
		}
		p := min(1, wu*cl.weight(v))
		for v < n && p > 0 {
			if p < 1 {
				// Geometric gap: floor(E / -log(1-p)) with E exponential (= -log U), drawn
				// by the ziggurat method instead of a logarithm.
				gap := r.ExpFloat64() / -log1mp(p)
				if gap >= float64(n-v) {
					break
				}
				v += int(gap)
			}
			var wv float64
			if v < len(head) {
				wv = head[v]
			} else {
				wv = cl.weightAt(v)
			}
			q := min(1, wu*wv)
			if float64(src.Uint64()>>11)*0x1p-53*p < q && v != u {
				dst = append(dst, uint64(u)<<32|uint64(v))
			}
			p = q
			v++
		}
	}
	return dst
}

// log1mp returns log(1-p) for 0 < p < 1: a series for small p (where 1-p loses digits), else
// math.Log, which is faster than math.Log1p.
func log1mp(p float64) float64 {
	if p < 1e-4 {
		return -p * (1 + p*(0.5+p*(1.0/3+p*0.25)))
	}
	return math.Log(1 - p)
}

// clChunk is one block's output.
type clChunk struct {
	edges []uint64 // internal ids
	text  []byte   // SNAP lines with published ids, when formatting
}

// run generates every block on workers goroutines and hands the chunks to handle in block order
// on the calling goroutine. A chunk is only valid during its handle call.
func (cl *chungLu) run(ctx context.Context, workers int, format bool, progress Progress, handle func(*clChunk) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	nb := cl.blocks()
	type job struct {
		b   int
		out chan *clChunk
	}
	jobs := make(chan job, 2*workers)
	pool := make(chan *clChunk, 4*workers)
	done := make(chan struct{})
	for range workers {
		go func() {
			defer func() { done <- struct{}{} }()
			src := rand.NewPCG(0, 0)
			for j := range jobs {
				var c *clChunk
				select {
				case c = <-pool:
				default:
					c = &clChunk{}
				}
				c.edges = cl.block(j.b, src, c.edges[:0])
				c.text = c.text[:0]
				if format {
					for _, e := range c.edges {
						c.text = strconv.AppendUint(c.text, cl.pub.apply(e>>32), 10)
						c.text = append(c.text, '\t')
						c.text = strconv.AppendUint(c.text, cl.pub.apply(uint64(uint32(e))), 10)
						c.text = append(c.text, '\n')
					}
				}
				j.out <- c
			}
		}()
	}
	// Feed jobs in order and consume results in the same order, with a bounded window.
	var queue []chan *clChunk
	var err error
	next := 0
	for (next < nb || len(queue) > 0) && err == nil {
		if next < nb && len(queue) < 3*workers {
			out := make(chan *clChunk, 1)
			jobs <- job{next, out}
			queue = append(queue, out)
			next++
			continue
		}
		c := <-queue[0]
		queue = queue[1:]
		err = handle(c)
		select {
		case pool <- c:
		default:
		}
		progress.Report(int64(cl.units[next-len(queue)]), int64(cl.n))
		if err == nil {
			err = ctx.Err()
		}
	}
	close(jobs)
	for _, out := range queue { // drain blocks in flight after an error
		<-out
	}
	for range workers {
		<-done
	}
	return err
}

// genDegreeCounter accumulates degrees for the stats of a streamed graph.
type genDegreeCounter struct {
	directed bool
	out, in  []uint32
	edges    int64
}

func (d *genDegreeCounter) add(edges []uint64) {
	for _, e := range edges {
		u, v := e>>32, uint32(e)
		d.out[u]++
		if d.directed {
			d.in[v]++
		} else {
			d.out[v]++
		}
	}
	d.edges += int64(len(edges))
}

func (d *genDegreeCounter) stats() GraphStats {
	n := len(d.out)
	st := GraphStats{Vertices: n, Edges: d.edges, Directed: d.directed}
	st.MeanDegree = float64(d.edges) / float64(n)
	if !d.directed {
		st.MeanDegree *= 2
	}
	for v := range d.out {
		deg := int(d.out[v])
		if d.directed {
			st.MaxOutDegree = max(st.MaxOutDegree, deg)
			st.MaxInDegree = max(st.MaxInDegree, int(d.in[v]))
			deg += int(d.in[v])
		}
		st.MaxDegree = max(st.MaxDegree, deg)
		if deg == 0 {
			st.Isolated++
		}
	}
	return st
}

// StreamPowerLaw writes a Chung-Lu power-law graph to w in SNAP form without holding its edges:
// comment lines starting with "# " (generator, parameters, seed), then one "u\tv\n" line per edge
// (each undirected edge once). Published ids are a keyed pseudo-random permutation of 0..N-1
// (a Feistel network seeded by Seed), so weight order is not visible in the ids; vertices without
// edges do not appear. Memory is O(N) only for the degree statistics (4 bytes per vertex, 8 when
// directed) plus small per-worker buffers; time O(N + M), spread over p.Workers goroutines. The
// output is identical to the edges of PowerLaw with the same parameters, for any Workers.
func StreamPowerLaw(ctx context.Context, w io.Writer, p PowerLawParams) (*PowerLawStats, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	cl := newChungLu(p)
	bw := bufio.NewWriterSize(w, 1<<20)
	kind := "undirected"
	if p.Directed {
		kind = "directed"
	}
	header := fmt.Sprintf("# lshbench powerlaw generator: Chung-Lu %s graph with power-law expected degrees (Miller-Hagberg edge skipping)\n"+
		"# n=%d deg=%s maxdeg=%s (max weight %.6g) gamma=%s directed=%t seed=%d\n# spec: %s\n# columns: source\ttarget\n",
		kind, p.N, genFmtFloat(p.MeanDegree), genFmtFloat(p.MaxDegree), cl.maxW, genFmtFloat(p.Gamma), p.Directed, p.Seed, p.String())
	if _, err := bw.WriteString(header); err != nil {
		return nil, fmt.Errorf("powerlaw: write: %w", err)
	}
	dc := &genDegreeCounter{directed: p.Directed, out: make([]uint32, p.N)}
	if p.Directed {
		dc.in = make([]uint32, p.N)
	}
	err := cl.run(ctx, p.Workers, true, p.Progress, func(c *clChunk) error {
		dc.add(c.edges)
		_, err := bw.Write(c.text)
		return err
	})
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return nil, fmt.Errorf("powerlaw: %w", err)
	}
	return &PowerLawStats{GraphStats: dc.stats(), TargetMeanDegree: p.MeanDegree, MaxWeight: cl.maxW, Gamma: p.Gamma}, nil
}

// PowerLaw generates the Chung-Lu power-law graph of StreamPowerLaw in memory (about 24 bytes
// per edge while building). It has no ground truth.
func PowerLaw(ctx context.Context, p PowerLawParams) (*Dataset, *PowerLawStats, error) {
	if err := p.validate(); err != nil {
		return nil, nil, err
	}
	cl := newChungLu(p)
	expM := float64(p.N) * p.MeanDegree
	if !p.Directed {
		expM /= 2
	}
	if err := genCheckMemory("powerlaw in memory (use StreamPowerLaw)", 40*expM+40*float64(p.N)); err != nil {
		return nil, nil, err
	}
	pairs := make([]uint64, 0, int(expM*1.02)+16)
	err := cl.run(ctx, p.Workers, false, p.Progress, func(c *clChunk) error {
		for _, e := range c.edges {
			pairs = append(pairs, cl.pub.apply(e>>32)<<32|cl.pub.apply(uint64(uint32(e))))
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("powerlaw: %w", err)
	}
	g := genGraphFromPairs(p.Directed, p.N, pairs)
	return &Dataset{Graph: g}, &PowerLawStats{GraphStats: genGraphStats(g), TargetMeanDegree: p.MeanDegree, MaxWeight: cl.maxW, Gamma: p.Gamma}, nil
}

// genHeaderLines turns free text into "# " comment lines.
func genHeaderLines(text string) string {
	if text == "" {
		return ""
	}
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		b.WriteString("# ")
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}
