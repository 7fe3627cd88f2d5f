package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"lshbench/algorithms/expand"
	"lshbench/algorithms/lsh"
	"lshbench/datasets"
	"lshbench/pipeline"
)

// queryMember is one member of the local community in the JSON output.
type queryMember struct {
	ID json.RawMessage `json:"id"`
	// Seed marks the seeds; Rank is the 1-based addition order of the others (0 for seeds).
	Seed bool `json:"seed"`
	Rank int  `json:"rank"`
	// Score is the value that ranked the member (minrank/average: its mean similarity to the
	// community when chosen; PageRank value; push p/d); SeedSimilarity is its mean similarity to
	// the seeds (estimated or exact, as the ranking).
	Score          float64 `json:"score"`
	SeedSimilarity float64 `json:"seed_similarity"`
	// Group is its WALKTRAP sub-community.
	Group int `json:"group"`
}

type queryOutput struct {
	Dataset    string            `json:"dataset"`
	Mode       string            `json:"mode"`
	Sketch     pipeline.Sketch   `json:"sketch"`
	CacheDir   string            `json:"cache_dir"`
	CacheHit   bool              `json:"cache_hit"`
	Method     string            `json:"method"`
	Similarity string            `json:"similarity"`
	Seeds      []json.RawMessage `json:"seeds"`
	Size       int               `json:"size"`
	Candidates int               `json:"candidates"`
	Community  []queryMember     `json:"community"`
	Structure  struct {
		Steps       int                 `json:"walk_length"`
		Neighbours  int                 `json:"neighbours"`
		Communities int                 `json:"communities"`
		Modularity  float64             `json:"modularity"`
		Edges       int                 `json:"edges"`
		Groups      [][]json.RawMessage `json:"groups"`
	} `json:"structure"`
	TimingsMS map[string]float64 `json:"timings_ms"`
}

func newQueryCmd() *cobra.Command {
	var df dataFlags
	var of outputFlags
	var seedsFlag, method, variant, simName, sketchCache string
	var size, k, bands, rows, steps, workers, neighbours int
	var seed uint64
	cmd := &cobra.Command{
		Use:   "query DATASET|PATH --seeds a,b,c",
		Short: "Grow and structure the local community of a few seed vertices in real time (LSH candidates, ranking, WALKTRAP)",
		Long: `query runs the paper's interactive pipeline: the LSH candidates of the seeds (union over seeds and
bands, plus the seeds), a ranking (minrank by default) grown to --size members, and WALKTRAP (walks
of length 4) on the community's similarity graph: the member pairs with similarity J > 0, weighted
by J (estimated from the signatures, or exact with --similarity exact), cut at the highest
modularity. Seeds and output use the data set's original ids.

Signatures and index are built on first use and cached, keyed by the data's fingerprint, mode,
variant, k, seed, b and r, under <cache>/sketches (--sketch-cache, else --cache, else
$LSHBENCH_CACHE or the user cache dir), so a repeated query only loads them. Defaults are the
paper's for e-mail: k = 100 in 50 bands of 2 rows, kminhash (--variant paper for the authors'
hash family), in-neighbourhoods. timings_ms reports load (data and sketches), candidates,
ranking, structure and total.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) (err error) {
			w, finish, err := of.create(cmd)
			if err != nil {
				return err
			}
			defer func() { err = finish(err) }()
			meth, err := expand.ParseMethod(method)
			if err != nil {
				return err
			}
			simKind, err := pipeline.ParseSimKind(simName)
			if err != nil {
				return err
			}
			if bands < 1 {
				return fmt.Errorf("--bands %d: want at least 1", bands)
			}
			if rows == 0 {
				rows = k / bands
			}
			sk := pipeline.Sketch{Variant: variant, K: k, Seed: seed, Bands: lsh.Params{B: bands, R: rows}}
			if err := sk.Validate(); err != nil {
				return err
			}
			if strings.TrimSpace(seedsFlag) == "" {
				return fmt.Errorf("--seeds: give one or more vertex ids, comma-separated")
			}
			ctx := cmd.Context()
			start := time.Now()
			ds, sets, mode, err := df.sets(cmd, args[0])
			if err != nil {
				return err
			}
			ids := ds.IDs()
			var seeds []uint32
			for _, f := range strings.Split(seedsFlag, ",") {
				f = strings.TrimSpace(f)
				if f == "" {
					continue
				}
				v, ok := ids.Lookup(f)
				if !ok {
					return fmt.Errorf("--seeds: %q is not a vertex id of %s", f, args[0])
				}
				seeds = append(seeds, v)
			}
			if len(seeds) == 0 {
				return fmt.Errorf("--seeds: no vertex id given")
			}
			root := sketchCache
			if root == "" {
				root = df.cache
			}
			if root == "" {
				root = datasets.DefaultCacheDir()
			}
			b := newBar(cmd, "sketch "+args[0])
			eng, ci, err := pipeline.OpenCached(ctx, root, sets, ds.Graph, mode.String(), "", sk, workers, b.progress())
			b.done()
			if err != nil {
				return err
			}
			defer eng.Close()
			load := time.Since(start)
			sess := eng.NewSession()
			res, err := sess.Run(ctx, pipeline.Request{Seeds: seeds, Size: size, Method: meth, Similarity: simKind,
				Structure: pipeline.StructureOptions{Steps: steps, Neighbours: neighbours}})
			if err != nil {
				return err
			}
			sim, _ := sess.Similarity(simKind)
			out := queryOutput{Dataset: args[0], Mode: mode.String(), Sketch: sk, CacheDir: ci.Dir, CacheHit: ci.Loaded,
				Method: string(meth), Similarity: string(simKind), Size: size, Candidates: res.Query.Candidates()}
			if steps == 0 {
				steps = 4
			}
			out.Structure.Steps, out.Structure.Neighbours = steps, neighbours
			for _, v := range res.Query.Seeds() {
				out.Seeds = append(out.Seeds, ids.JSON(v))
			}
			score := map[uint32]float64{}
			rank := map[uint32]int{}
			for i, a := range res.Ranking {
				if _, dup := rank[a.ID]; !dup {
					score[a.ID], rank[a.ID] = a.Score, i+1
				}
			}
			isSeed := map[uint32]bool{}
			for _, v := range res.Query.Seeds() {
				isSeed[v] = true
			}
			st := res.Structure
			out.Structure.Communities, out.Structure.Modularity, out.Structure.Edges = st.Communities, st.Modularity, st.Edges
			out.Structure.Groups = make([][]json.RawMessage, st.Communities)
			for i, v := range res.Community {
				m := queryMember{ID: ids.JSON(v), Seed: isSeed[v], Score: score[v]}
				if !m.Seed {
					m.Rank = rank[v]
				}
				// Mean similarity to the seeds (to the other seeds, for a seed).
				cnt := 0
				for _, s := range res.Query.Seeds() {
					if s != v {
						m.SeedSimilarity += sim.Sim(v, s)
						cnt++
					}
				}
				if cnt > 0 {
					m.SeedSimilarity /= float64(cnt)
				}
				if i < len(st.Labels) {
					m.Group = st.Labels[i]
					out.Structure.Groups[m.Group] = append(out.Structure.Groups[m.Group], m.ID)
				}
				out.Community = append(out.Community, m)
			}
			t := res.Times
			out.TimingsMS = map[string]float64{
				"load": msOf(load), "candidates": msOf(t.Candidates), "ranking": msOf(t.Ranking),
				"structure": msOf(t.Structure), "total": msOf(load + t.Candidates + t.Ranking + t.Structure),
			}
			if of.json() {
				return writeJSONLine(w, out)
			}
			return writeQueryTable(w, &out)
		},
	}
	addDataFlags(cmd, &df)
	addOutputFlags(cmd, &of)
	fl := cmd.Flags()
	fl.StringVar(&seedsFlag, "seeds", "", "seed vertices (original ids), comma-separated")
	fl.IntVar(&size, "size", 100, "size of the community to grow, seeds included")
	fl.StringVar(&method, "method", "minrank", "ranking: minrank, average, ppr-paper, ppr or push")
	fl.StringVar(&simName, "similarity", "estimated", "similarity for ranking and structure: estimated (signatures) or exact")
	fl.StringVar(&variant, "variant", "kminhash", "minhash variant (paper: the authors' hash family)")
	fl.IntVar(&k, "k", 100, "signature length")
	fl.IntVar(&bands, "bands", 50, "LSH bands b")
	fl.IntVar(&rows, "rows", 0, "rows per band r (0: k / bands)")
	fl.Uint64Var(&seed, "seed", 1, "sketch seed")
	fl.IntVar(&steps, "steps", 0, "WALKTRAP walk length (0: 4)")
	fl.IntVar(&neighbours, "structure-neighbours", 0, "sparsify the structure graph to each member's N most similar members (0: every pair with J > 0)")
	fl.IntVar(&workers, "workers", 0, "goroutines for a first build (0: all cores)")
	fl.StringVar(&sketchCache, "sketch-cache", "", "directory of the signature and index cache (default: --cache, $LSHBENCH_CACHE or the user cache dir)")
	return cmd
}

func msOf(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

func writeQueryTable(w io.Writer, o *queryOutput) error {
	hit := "built and cached"
	if o.CacheHit {
		hit = "loaded from cache"
	}
	fmt.Fprintf(w, "%s (%s-neighbourhoods), %s, signatures and index %s (%s)\n", o.Dataset, o.Mode, o.Sketch, hit, o.CacheDir)
	fmt.Fprintf(w, "%d seeds, %d candidates, %s on %s J, community of %d, %d WALKTRAP sub-communities (t = %d, modularity %.3f, %d edges with J > 0)\n",
		len(o.Seeds), o.Candidates, o.Method, o.Similarity, len(o.Community), o.Structure.Communities, o.Structure.Steps, o.Structure.Modularity, o.Structure.Edges)
	tm := o.TimingsMS
	fmt.Fprintf(w, "time (ms): load %.2f, candidates %.3f, ranking %.3f, structure %.3f, total %.2f\n",
		tm["load"], tm["candidates"], tm["ranking"], tm["structure"], tm["total"])
	rows := make([][]string, 0, len(o.Community))
	for _, m := range o.Community {
		r := "seed"
		if !m.Seed {
			r = strconv.Itoa(m.Rank)
		}
		rows = append(rows, []string{r, string(m.ID), strconv.FormatFloat(m.Score, 'f', 4, 64),
			strconv.FormatFloat(m.SeedSimilarity, 'f', 4, 64), strconv.Itoa(m.Group)})
	}
	return writeTable(w, []string{"rank", "id", "score", "J to seeds", "group"}, rows)
}
