package experiments

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"lshbench/algorithms/community"
	"lshbench/algorithms/expand"
	"lshbench/algorithms/lsh"
	"lshbench/datasets"
	"lshbench/pipeline"
)

// Record kinds of a community spec.
const (
	KindProtocol = "protocol"
	KindQuality  = "quality"
)

// qualityAllLimit is the largest collection on which a community's quality graph holds every
// vertex; above it the graph holds the members' LSH candidates (see communityQuality).
const qualityAllLimit = 5000

// communitySketches returns the sketches a community spec runs: every variant x every k of
// sketches, each with the spec's first repeat seed as the sketch seed, banded by the first
// (b, r) pair of the first banding index (the paper's r = 2 with b = k/2 when the spec has no
// index). Only explicit bands are accepted for community specs.
func communitySketches(s *Spec) ([]pipeline.Sketch, error) {
	var bands *lsh.Params
	for i, ix := range s.Indexes {
		if ix.Kind != KindBanding {
			continue
		}
		if len(ix.Bands) == 0 {
			return nil, s.errAt(fmt.Sprintf("indexes[%d]", i), "community specs need explicit bands: [[b, r]]")
		}
		bands = &lsh.Params{B: ix.Bands[0][0], R: ix.Bands[0][1]}
		break
	}
	seed := uint64(1)
	if len(s.Repeats) > 0 {
		seed = s.Repeats[0]
	}
	var out []pipeline.Sketch
	for _, v := range s.Sketches.Variants {
		for _, k := range s.Sketches.K {
			p := lsh.Params{B: max(k/2, 1), R: min(2, k)}
			if bands != nil {
				p = *bands
			}
			sk := pipeline.Sketch{Variant: v, K: k, Seed: seed, Bands: p}
			if err := sk.Validate(); err != nil {
				return nil, s.errAt("sketches", "%v", err)
			}
			out = append(out, sk)
		}
	}
	return out, nil
}

// commData is one loaded data set of a community spec with the communities it runs.
type commData struct {
	label string
	ds    *datasets.Dataset
	sets  *datasets.Sets
	ids   datasets.IDs
	comms []int // ground-truth community indices run, ascending
}

// loadCommunityData loads data set di and selects its communities: sizes within
// [min_size, max_size] (max 0: no bound), at least `seeds` members with a non-empty set, then a
// uniform sample of `sample` of them (PCG seeded by sample_seed) when sample is set and smaller.
func loadCommunityData(ctx context.Context, s *Spec, di int, opt Options) (*commData, error) {
	d := s.Datasets[di]
	ds, mode, err := openData(ctx, s, di, opt)
	if err != nil {
		return nil, err
	}
	if ds.Truth == nil || ds.Truth.Len() == 0 {
		return nil, fmt.Errorf("data set %s: the community protocol needs ground-truth communities", d.Label)
	}
	sets, err := ds.Sets(mode)
	if err != nil {
		return nil, fmt.Errorf("data set %s: %w", d.Label, err)
	}
	cd := &commData{label: d.Label, ds: ds, sets: sets, ids: ds.IDs()}
	c := s.Community
	for i := 0; i < ds.Truth.Len(); i++ {
		m := ds.Truth.Community(i)
		if len(m) < c.MinSize || (c.MaxSize > 0 && len(m) > c.MaxSize) {
			continue
		}
		if len(eligibleSeeds(sets, m)) < c.Seeds {
			continue
		}
		cd.comms = append(cd.comms, i)
	}
	if c.Sample > 0 && c.Sample < len(cd.comms) {
		rng := rand.New(rand.NewPCG(c.SampleSeed, 0x636f6d6d756e6974))
		pool := cd.comms
		for i := 0; i < c.Sample; i++ {
			j := i + rng.IntN(len(pool)-i)
			pool[i], pool[j] = pool[j], pool[i]
		}
		cd.comms = pool[:c.Sample]
		slices.Sort(cd.comms)
	}
	if len(cd.comms) == 0 {
		return nil, fmt.Errorf("data set %s: no ground-truth community of %d..%d members with %d seedable members", d.Label, c.MinSize, c.MaxSize, c.Seeds)
	}
	return cd, nil
}

// eligibleSeeds returns the members whose set is non-empty: by the empty-set rule the others can
// never be candidates of anything, so they are not drawn as seeds (they still count as members).
func eligibleSeeds(sets *datasets.Sets, members []uint32) []uint32 {
	var out []uint32
	for _, v := range members {
		if int(v) < sets.Len() && sets.Size(int(v)) > 0 {
			out = append(out, v)
		}
	}
	return out
}

// commName returns a community's name, or its index when unnamed.
func (cd *commData) commName(c int) string {
	if n := cd.ds.Truth.Name(c); n != "" {
		return n
	}
	return strconv.Itoa(c)
}

// commCell is one unit of work and of resumability: one data set x one sketch x one community.
type commCell struct {
	data, sketch, comm int
}

func (c commCell) params(s *Spec, sk pipeline.Sketch) []Field {
	return []Field{
		{Name: "dataset", Value: s.Datasets[c.data].Label},
		{Name: "variant", Value: sk.Variant}, {Name: "k", Value: sk.K}, {Name: "sketch_seed", Value: sk.Seed},
		{Name: "b", Value: sk.Bands.B}, {Name: "r", Value: sk.Bands.R},
		{Name: "community_index", Value: c.comm},
	}
}

func (c commCell) name(s *Spec, sk pipeline.Sketch, cd *commData) string {
	return fmt.Sprintf("%s/%s-k%d/%dx%d/%s", s.Datasets[c.data].Label, sk.Variant, sk.K, sk.Bands.B, sk.Bands.R, cd.commName(c.comm))
}

func matchOnly(only, name string) bool {
	if only == "" {
		return true
	}
	if ok, _ := path.Match(only, name); ok {
		return true
	}
	return strings.Contains(name, only)
}

// runCommunity runs the seeded community detection protocol of a spec with a community section
// (the evaluation of Chamberlain et al. 2018, after Kloumann and Kleinberg 2014):
//
//   - for every data set, every sketch (communitySketches) and every selected ground-truth
//     community C (loadCommunityData), and for every restart seed: draw `seeds` members
//     (expand.SampleSeeds over the members with a non-empty set), collect the LSH candidates of
//     the seeds, and for every similarity (estimated, exact) and method rank the candidates to
//     |C| - seeds additions; read the recall every `interval` additions (expand.Evaluate), its
//     AUC (trapezoid on the normalised x from the origin) and the authors' AUC from the first
//     reading, the F1 of the grown community, and structure the grown community with WALKTRAP
//     (pipeline.StructureOf). One record of kind "protocol" per (restart, similarity, method).
//   - one record of kind "quality" per community: its ground-truth quality on the estimated-J
//     graph (communityQuality).
//
// A cell is (data set, sketch, community); completed cells are kept in the Store, so an
// interrupted run loses at most the cell in progress. Cells run one at a time and every stage is
// single-threaded (builds use opt.Workers), so the timings are single-query latencies.
func runCommunity(ctx context.Context, s *Spec, opt Options) (*Report, error) {
	if opt.Root == "" {
		opt.Root = "results"
	}
	sketches, err := communitySketches(s)
	if err != nil {
		return nil, err
	}
	if opt.DryRun {
		w := opt.Out
		if w == nil {
			w = io.Discard
		}
		for _, d := range s.Datasets {
			for _, sk := range sketches {
				fmt.Fprintf(w, "%s\t%s\t(one cell per selected community; chosen after loading)\n", d.Label, sk)
			}
		}
		return &Report{}, nil
	}
	for _, m := range s.Community.Methods {
		if _, err := expand.ParseMethod(m); err != nil {
			return nil, err
		}
	}
	st, err := OpenStore(opt.Root, s, opt.Fresh)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	rep := &Report{Dir: st.Dir()}

	// Load every data set first, so that the number of cells is known before the first one runs.
	data := make([]*commData, len(s.Datasets))
	var runErr error
	for di := range s.Datasets {
		if runErr = ctx.Err(); runErr != nil {
			break
		}
		opt.logf("load %s (%s)", s.Datasets[di].Label, s.Datasets[di].Source)
		if data[di], runErr = loadCommunityData(ctx, s, di, opt); runErr != nil {
			break
		}
		opt.logf("  %d sets, %d communities selected", data[di].sets.Len(), len(data[di].comms))
	}
	var cells []commCell
	var keys []string
	if runErr == nil {
		for di, cd := range data {
			for si, sk := range sketches {
				for _, c := range cd.comms {
					cell := commCell{di, si, c}
					if !matchOnly(opt.Only, cell.name(s, sk, cd)) {
						continue
					}
					cells = append(cells, cell)
					keys = append(keys, CellKey(s.Hash(), cell.params(s, sk)))
				}
			}
		}
		rep.Cells = len(cells)
		for _, k := range keys {
			if _, ok := st.Done(k); ok {
				rep.Resumed++
			}
		}
		opt.logf("%s: %d cells, %d done earlier", s.Name, len(cells), rep.Resumed)
		runErr = runCommunityCells(ctx, s, opt, st, data, sketches, cells, keys, rep)
	}

	for _, k := range keys {
		if recs, ok := st.Done(k); ok {
			rep.Records = append(rep.Records, recs...)
		}
	}
	return rep, finish(st, keys, opt, runErr, func() error { return writeCommunityOutputs(st, s, rep, start) })
}

func runCommunityCells(ctx context.Context, s *Spec, opt Options, st *Store, data []*commData, sketches []pipeline.Sketch, cells []commCell, keys []string, rep *Report) error {
	done := rep.Resumed
	var eng *pipeline.Engine
	var sess *pipeline.Session
	engKey := [2]int{-1, -1}
	for i, cell := range cells {
		if _, ok := st.Done(keys[i]); ok {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		cd, sk := data[cell.data], sketches[cell.sketch]
		name := cell.name(s, sk, cd)
		if opt.OnCell != nil {
			opt.OnCell(done, len(cells), name)
		}
		if engKey != [2]int{cell.data, cell.sketch} {
			t0 := time.Now()
			var err error
			if eng, err = pipeline.Build(ctx, cd.sets, cd.ds.Graph, sk, opt.Workers, nil); err != nil {
				return fmt.Errorf("%s: %w", cd.label, err)
			}
			sess = eng.NewSession()
			engKey = [2]int{cell.data, cell.sketch}
			opt.logf("  %s: signatures and index %s in %.2fs", cd.label, sk, time.Since(t0).Seconds())
		}
		t0 := time.Now()
		recs, err := communityCell(ctx, s, cd, sess, cell)
		if err != nil {
			return fmt.Errorf("cell %s: %w", name, err)
		}
		base := cell.params(s, sk)
		for j := range recs {
			recs[j].Fields = append(slices.Clone(base[:6]), recs[j].Fields...)
		}
		if err := st.Save(keys[i], recs); err != nil {
			return err
		}
		done++
		rep.Computed++
		opt.logf("cell %d/%d %s: %d records in %.2fs", done, len(cells), name, len(recs), time.Since(t0).Seconds())
	}
	return nil
}

// joinFloats renders a list as space-separated values in C's %g form (6 significant digits), the
// format of the curve columns.
func joinFloats(xs []float64) string {
	var b strings.Builder
	for i, x := range xs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.FormatFloat(x, 'g', 6, 64))
	}
	return b.String()
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

// communityCell computes the records of one community on one engine.
func communityCell(ctx context.Context, s *Spec, cd *commData, sess *pipeline.Session, cell commCell) ([]Record, error) {
	c := s.Community
	members := cd.ds.Truth.Community(cell.comm)
	eligible := eligibleSeeds(cd.sets, members)
	head := func(kind string) Record {
		var r Record
		r.Add("kind", kind)
		r.Add("community", cd.commName(cell.comm))
		r.Add("community_size", len(members))
		r.Add("plotted", len(members) > c.PlotMin)
		return r
	}
	methods := make([]expand.Method, len(c.Methods))
	for i, m := range c.Methods {
		methods[i], _ = expand.ParseMethod(m)
	}
	var recs []Record
	for _, restart := range c.Restarts {
		seeds, err := expand.SampleSeeds(eligible, c.Seeds, restart)
		if err != nil {
			return nil, err
		}
		t0 := time.Now()
		q, err := sess.Query(seeds)
		if err != nil {
			return nil, err
		}
		candDur := time.Since(t0)
		seedIDs := make([]string, len(seeds))
		for i, v := range seeds {
			seedIDs[i] = cd.ids.String(v)
		}
		budget := len(members) - len(seeds)
		for _, simName := range c.Similarities {
			kind, err := pipeline.ParseSimKind(simName)
			if err != nil {
				return nil, err
			}
			sim, err := sess.Similarity(kind)
			if err != nil {
				return nil, err
			}
			// The PPR methods share one matrix per (restart, similarity); its build time is
			// charged to each of them.
			var mat *expand.Matrix
			var matDur time.Duration
			for _, m := range methods {
				rankDur := time.Duration(0)
				if m.NeedsMatrix() && mat == nil {
					t := time.Now()
					if mat, err = expand.NewMatrix(ctx, q, sim); err != nil {
						return nil, err
					}
					matDur = time.Since(t)
				}
				useMat := mat
				if !m.NeedsMatrix() {
					useMat = nil
				} else {
					rankDur = matDur
				}
				t := time.Now()
				rk, err := sess.Rank(ctx, q, m, sim, useMat, budget)
				if err != nil {
					return nil, fmt.Errorf("restart %d %s: %w", restart, m, err)
				}
				rankDur += time.Since(t)
				ev, err := expand.Evaluate(rk.IDs(), members, seeds, c.Interval, 0)
				if err != nil {
					return nil, fmt.Errorf("restart %d %s: %w", restart, m, err)
				}
				grown := pipeline.Grow(seeds, rk[:min(len(rk), ev.Curve.Budget)], 0)
				t = time.Now()
				stc, err := pipeline.StructureOf(ctx, grown, sim, pipeline.StructureOptions{Steps: c.Steps})
				if err != nil {
					return nil, err
				}
				structDur := time.Since(t)
				r := head(KindProtocol)
				r.Add("restart", restart)
				r.Add("method", string(m))
				r.Add("similarity", simName)
				r.Add("seeds", len(seeds))
				r.Add("seed_ids", strings.Join(seedIDs, " "))
				r.Add("candidates", q.Candidates())
				r.Add("budget", budget)
				r.Add("grown", ev.Grown)
				r.Add("auc", ev.AUC)
				r.Add("auc_from_first", ev.AUCFromFirst)
				r.Add("f1", ev.F1)
				r.Add("recall_final", ev.Recall)
				r.Add("structure_communities", stc.Communities)
				r.Add("structure_modularity", stc.Modularity)
				r.Add("curve_x", joinFloats(ev.Curve.X))
				r.Add("curve_recall", joinFloats(ev.Curve.Recall))
				r.AddTiming("candidates_ms", ms(candDur))
				r.AddTiming("ranking_ms", ms(rankDur))
				r.AddTiming("structure_ms", ms(structDur))
				recs = append(recs, r)
			}
		}
	}
	t0 := time.Now()
	qual, graphKind, err := communityQuality(sess, cd.sets, members, uint64(cell.comm))
	if err != nil {
		return nil, err
	}
	r := head(KindQuality)
	r.Add("quality_graph", graphKind)
	r.Add("density", qual.Density)
	r.Add("separability", qual.Separability)
	r.Add("conductance", qual.Conductance)
	r.Add("cohesiveness", qual.Cohesiveness)
	r.Add("clustering", qual.Clustering)
	r.Add("internal_weight", qual.Internal)
	r.Add("boundary_weight", qual.Boundary)
	r.AddTiming("quality_ms", ms(time.Since(t0)))
	recs = append(recs, r)
	return recs, nil
}

// communityQuality measures a ground-truth community on the estimated-Jaccard graph (the
// paper's ground-truth quality table). The graph's vertices are the members and the vertices
// they can reach; its edges are every pair with at least one member end and estimated J > 0,
// weighted by J (pairs of two non-members do not enter any measure). Reach: every vertex of the
// collection when it has at most qualityAllLimit sets (graph kind "all"), otherwise the union of
// the members' LSH candidates ("lsh"), a sparsification that drops pairs the index cannot see.
// Cohesiveness restarts are drawn with seed; the clustering coefficient uses w_max = 1, the
// largest Jaccard, as the paper's code does.
func communityQuality(sess *pipeline.Session, sets *datasets.Sets, members []uint32, seed uint64) (community.Quality, string, error) {
	sim, _ := sess.Similarity(pipeline.Estimated)
	local := slices.Clone(members) // local id -> vertex; members first
	isMember := make(map[uint32]bool, len(members))
	for _, v := range members {
		isMember[v] = true
	}
	kind := "all"
	if sets.Len() <= qualityAllLimit {
		for v := 0; v < sets.Len(); v++ {
			if !isMember[uint32(v)] && sets.Size(v) > 0 {
				local = append(local, uint32(v))
			}
		}
	} else {
		kind = "lsh"
		q, err := sess.Query(members)
		if err != nil {
			return community.Quality{}, kind, err
		}
		for _, v := range q.Items() {
			if !isMember[v] {
				local = append(local, v)
			}
		}
	}
	var edges []community.Edge
	for i := range members {
		for j := i + 1; j < len(local); j++ {
			if w := sim.Sim(local[i], local[j]); w > 0 {
				edges = append(edges, community.Edge{U: uint32(i), V: uint32(j), W: w})
			}
		}
	}
	g, err := community.NewWeighted(len(local), edges)
	if err != nil {
		return community.Quality{}, kind, err
	}
	set := make([]uint32, len(members))
	for i := range set {
		set[i] = uint32(i)
	}
	q, err := community.SetQuality(g, set, community.QualityOptions{Seed: seed, MaxWeight: 1})
	return q, kind, err
}

// writeCommunityOutputs writes records.csv, records.jsonl, summary.md and meta.json.
func writeCommunityOutputs(st *Store, s *Spec, rep *Report, start time.Time) error {
	if err := st.WriteRecords(rep.Records); err != nil {
		return err
	}
	if err := st.WriteFile("summary.md", []byte(CommunitySummary(s, rep.Records))); err != nil {
		return err
	}
	m := NewMeta(s, start)
	m.Seeds = s.Community.Restarts
	m.QuerySeed = s.Community.SampleSeed
	m.End = time.Now().UTC()
	m.Cells, m.Resumed = rep.Cells, rep.Resumed
	return st.WriteMeta(m)
}
