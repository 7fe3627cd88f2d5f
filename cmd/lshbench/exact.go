package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/spf13/cobra"

	"lshbench/algorithms/exact"
	"lshbench/datasets"
)

// exactTableLimit caps the rows of the table format; JSON has no cap.
const exactTableLimit = 5000

func newExactCmd() *cobra.Command {
	var (
		data      dataFlags
		out       outputFlags
		topk      int
		threshold string
		queries   int
		seed      uint64
		all       bool
		cacheDir  string
		workers   int
	)
	cmd := &cobra.Command{
		Use:   "exact DATASET|PATH (--topk K | --threshold T) [--queries N --seed S | --all]",
		Short: "Exact neighbourhood Jaccard: top-k lists, threshold queries or the threshold join",
		Long: `exact computes the ground truth: exact Jaccard similarities between vertex neighbourhoods
(or sets, for set data), through an inverted index.

  --topk K                  the K most similar sets to each query (ties at the K-th kept, so a
                            list can be longer than K)
  --threshold T             with --queries or --all: every set with J >= T for each query;
                            alone: the join, every unordered pair with J >= T once
T is exact: a decimal (0.07) or a fraction (1/3). Queries are sampled from the non-empty sets
with --seed (deterministic), or --all takes every non-empty set; a query never lists itself.
Empty sets have similarity 0 to everything and are never queries or neighbours.

JSON output has one line per query:
  {"query": id, "size": n, "neighbors": [{"id": id, "jaccard": x, "intersection": c}, ...]}
or, for the join, one line per pair: {"a": id, "b": id, "jaccard": x, "intersection": c}
with the data set's original ids. --cache-dir keeps results keyed by the data's content, the
mode, K or T and the queries, and reuses them when valid.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := out.validate(); err != nil {
				return err
			}
			if (topk > 0) == (threshold != "") {
				return fmt.Errorf("give exactly one of --topk K (K > 0) or --threshold T")
			}
			var t exact.Threshold
			if threshold != "" {
				var err error
				if t, err = exact.ParseThreshold(threshold); err != nil {
					return fmt.Errorf("--threshold: %w", err)
				}
			}
			if all && cmd.Flags().Changed("queries") {
				return fmt.Errorf("give --queries N or --all, not both")
			}
			if queries < 0 {
				return fmt.Errorf("--queries %d: want a positive number", queries)
			}
			join := threshold != "" && !all && !cmd.Flags().Changed("queries")
			if topk > 0 && !all && !cmd.Flags().Changed("queries") {
				queries = 10
			}
			ds, sets, mode, err := data.sets(cmd, args[0])
			if err != nil {
				return err
			}
			modeName := mode.String()
			if !ds.IsGraph() {
				modeName = "sets"
			}
			ids := ds.IDs()
			idJSON := func(i uint32) json.RawMessage {
				if int(i) < ids.Len() {
					return ids.JSON(i)
				}
				return strconv.AppendUint(nil, uint64(i), 10)
			}
			idText := func(i uint32) string {
				if int(i) < ids.Len() {
					return ids.String(i)
				}
				return strconv.FormatUint(uint64(i), 10)
			}
			bar := newBar(cmd, "exact")
			cache := exact.Cache{Dir: cacheDir, Workers: workers, Progress: bar.progress()}
			ctx := cmd.Context()

			w, finish, err := out.create(cmd)
			if err != nil {
				bar.done()
				return err
			}
			bw := bufio.NewWriterSize(w, 1<<16)
			if join {
				pairs, _, err := cache.Join(ctx, sets, modeName, t)
				bar.done()
				if err == nil {
					err = writeExactPairs(bw, out.json(), pairs, idJSON, idText)
				}
				if err == nil {
					err = bw.Flush()
				}
				return finish(err)
			}
			qs := sampleQueries(sets, queries, seed, all)
			var lists [][]exact.Neighbor
			if topk > 0 {
				lists, _, err = cache.TopK(ctx, sets, modeName, qs, topk)
			} else {
				lists, _, err = cache.Threshold(ctx, sets, modeName, qs, t)
			}
			bar.done()
			if err == nil {
				err = writeExactLists(bw, out.json(), sets, qs, lists, idJSON, idText)
			}
			if err == nil {
				err = bw.Flush()
			}
			return finish(err)
		},
	}
	addDataFlags(cmd, &data)
	addOutputFlags(cmd, &out)
	fl := cmd.Flags()
	fl.IntVar(&topk, "topk", 0, "K: list the K most similar sets of each query (ties kept)")
	fl.StringVar(&threshold, "threshold", "", "T: similarity threshold, exact decimal or fraction (0.5, 1/3)")
	fl.IntVar(&queries, "queries", 10, "number of query sets sampled from the non-empty sets")
	fl.Uint64Var(&seed, "seed", 1, "seed of the query sample")
	fl.BoolVar(&all, "all", false, "query every non-empty set")
	fl.StringVar(&cacheDir, "cache-dir", "", "directory of cached exact results (default: no cache)")
	fl.IntVar(&workers, "workers", 0, "worker goroutines (default: all cores)")
	return cmd
}

// sampleQueries returns n distinct non-empty sets drawn with seed (all of them with all, or when
// n is at least their number), in ascending order.
func sampleQueries(s *datasets.Sets, n int, seed uint64, all bool) []uint32 {
	ne := s.NonEmpty()
	if all || n >= len(ne) {
		return ne
	}
	rng := rand.New(rand.NewPCG(seed, 0xe4ac7))
	for i := 0; i < n; i++ {
		j := i + rng.IntN(len(ne)-i)
		ne[i], ne[j] = ne[j], ne[i]
	}
	out := ne[:n]
	slices.Sort(out)
	return out
}

type exactNeighborJSON struct {
	ID           json.RawMessage `json:"id"`
	Jaccard      float64         `json:"jaccard"`
	Intersection uint32          `json:"intersection"`
}

type exactQueryJSON struct {
	Query     json.RawMessage     `json:"query"`
	Size      int                 `json:"size"`
	Neighbors []exactNeighborJSON `json:"neighbors"`
}

type exactPairJSON struct {
	A            json.RawMessage `json:"a"`
	B            json.RawMessage `json:"b"`
	Jaccard      float64         `json:"jaccard"`
	Intersection uint32          `json:"intersection"`
}

func writeExactLists(w io.Writer, asJSON bool, s *datasets.Sets, qs []uint32, lists [][]exact.Neighbor,
	idJSON func(uint32) json.RawMessage, idText func(uint32) string) error {
	if asJSON {
		for i, q := range qs {
			line := exactQueryJSON{Query: idJSON(q), Size: s.Size(int(q)), Neighbors: make([]exactNeighborJSON, len(lists[i]))}
			for j, n := range lists[i] {
				line.Neighbors[j] = exactNeighborJSON{ID: idJSON(n.ID), Jaccard: n.Jaccard, Intersection: n.Inter}
			}
			if err := writeJSONLine(w, line); err != nil {
				return err
			}
		}
		return nil
	}
	var rows [][]string
	total := 0
	for i, q := range qs {
		for j, n := range lists[i] {
			total++
			if len(rows) < exactTableLimit {
				rows = append(rows, []string{idText(q), strconv.Itoa(s.Size(int(q))), strconv.Itoa(j + 1), idText(n.ID),
					strconv.FormatFloat(n.Jaccard, 'f', 4, 64), strconv.Itoa(int(n.Inter)), strconv.Itoa(int(n.Union))})
			}
		}
		if len(lists[i]) == 0 && len(rows) < exactTableLimit {
			rows = append(rows, []string{idText(q), strconv.Itoa(s.Size(int(q))), "-", "-", "-", "-", "-"})
		}
	}
	if err := writeTable(w, []string{"query", "size", "rank", "neighbor", "jaccard", "intersection", "union"}, rows); err != nil {
		return err
	}
	return exactTableNote(w, total)
}

func writeExactPairs(w io.Writer, asJSON bool, pairs []exact.Pair, idJSON func(uint32) json.RawMessage, idText func(uint32) string) error {
	if asJSON {
		for _, p := range pairs {
			if err := writeJSONLine(w, exactPairJSON{A: idJSON(p.A), B: idJSON(p.B), Jaccard: p.Jaccard, Intersection: p.Inter}); err != nil {
				return err
			}
		}
		return nil
	}
	rows := make([][]string, 0, min(len(pairs), exactTableLimit))
	for _, p := range pairs[:min(len(pairs), exactTableLimit)] {
		rows = append(rows, []string{idText(p.A), idText(p.B), strconv.FormatFloat(p.Jaccard, 'f', 4, 64), strconv.Itoa(int(p.Inter)), strconv.Itoa(int(p.Union))})
	}
	if err := writeTable(w, []string{"a", "b", "jaccard", "intersection", "union"}, rows); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d pairs\n", len(pairs))
	if err != nil {
		return err
	}
	return exactTableNote(w, len(pairs))
}

func exactTableNote(w io.Writer, total int) error {
	if total <= exactTableLimit {
		return nil
	}
	_, err := fmt.Fprintf(w, "(%d rows shown of %d; use --format json for all)\n", exactTableLimit, total)
	return err
}
