package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"lshbench/algorithms/exact"
	"lshbench/algorithms/minhash"
	"lshbench/datasets"
)

// sketchFlags are the flags that choose a sketcher.
type sketchFlags struct {
	variant string
	k       int
	seed    uint64
	workers int
}

func addSketchFlags(cmd *cobra.Command, f *sketchFlags) {
	fl := cmd.Flags()
	fl.StringVar(&f.variant, "variant", "kminhash", "sketch variant (see `lshbench sketch --list`)")
	fl.IntVar(&f.k, "k", 128, "number of hash values per signature")
	fl.Uint64Var(&f.seed, "seed", 1, "seed of the hash functions")
	fl.IntVar(&f.workers, "workers", 0, "worker goroutines (default: all cores)")
}

func (f *sketchFlags) sketcher() (minhash.Sketcher, error) {
	sk, err := minhash.New(f.variant, f.k, f.seed)
	if err != nil {
		return nil, fmt.Errorf("--variant/--k: %w", err)
	}
	return sk, nil
}

// build sketches every set with a progress bar.
func (f *sketchFlags) build(cmd *cobra.Command, sets *datasets.Sets, sk minhash.Sketcher) (*minhash.Signatures, time.Duration, error) {
	b := newBar(cmd, "sketch "+sk.Name())
	start := time.Now()
	sig, err := minhash.Build(cmd.Context(), sets, sk, f.workers, b.progress())
	b.done()
	return sig, time.Since(start), err
}

func newSketchCmd() *cobra.Command {
	var data dataFlags
	var sf sketchFlags
	var list bool
	var out, format string
	cmd := &cobra.Command{
		Use:   "sketch DATASET|PATH -o FILE",
		Short: "Compute the minhash signatures of every neighbourhood (or set) and write them to a file",
		Long: `sketch computes one signature per vertex neighbourhood (or per set for set data) with the
chosen variant, k and seed, in parallel, and writes them to a binary signature file (header with
variant, k, b, seed, rows and a checksum, then the rows; readable in place by memory mapping).
A summary (rows, empty rows, bytes, time) goes to standard output.

sketch --list prints the variants with one-line descriptions.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if list {
				return cobra.NoArgs(cmd, args)
			}
			return cobra.ExactArgs(1)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "table" && format != "json" {
				return fmt.Errorf("--format %q: want table or json", format)
			}
			w := cmd.OutOrStdout()
			if list {
				return listVariants(w, format == "json")
			}
			if out == "" {
				return fmt.Errorf("missing -o FILE: where to write the signatures")
			}
			sk, err := sf.sketcher()
			if err != nil {
				return err
			}
			_, sets, mode, err := data.sets(cmd, args[0])
			if err != nil {
				return err
			}
			sig, elapsed, err := sf.build(cmd, sets, sk)
			if err != nil {
				return err
			}
			if err := sig.WriteFile(out); err != nil {
				return err
			}
			empty := 0
			for i := 0; i < sig.Len(); i++ {
				if sig.IsEmpty(i) {
					empty++
				}
			}
			sum := sketchSummary{Dataset: args[0], Mode: mode.String(), Variant: sig.Variant, K: sig.K, B: sig.B,
				Seed: sig.Seed, Rows: sig.Len(), EmptyRows: empty, Elements: sets.NumElems(), Bytes: sig.Bytes(),
				Seconds: elapsed.Seconds(), Workers: workersOrDefault(sf.workers), File: out}
			if sets.NumElems() > 0 {
				sum.NsPerElement = float64(elapsed.Nanoseconds()) / float64(sets.NumElems())
			}
			if format == "json" {
				return writeJSONLine(w, sum)
			}
			return writeTable(w, []string{"dataset", "mode", "variant", "k", "seed", "rows", "empty", "bytes", "seconds", "ns/elem", "file"},
				[][]string{{sum.Dataset, sum.Mode, sum.Variant, strconv.Itoa(sum.K), strconv.FormatUint(sum.Seed, 10),
					strconv.Itoa(sum.Rows), strconv.Itoa(sum.EmptyRows), strconv.FormatInt(sum.Bytes, 10),
					fmt.Sprintf("%.3f", sum.Seconds), fmt.Sprintf("%.1f", sum.NsPerElement), sum.File}})
		},
	}
	addDataFlags(cmd, &data)
	addSketchFlags(cmd, &sf)
	cmd.Flags().BoolVar(&list, "list", false, "list the variants and exit")
	cmd.Flags().StringVarP(&out, "output", "o", "", "signature file to write (atomically)")
	cmd.Flags().StringVar(&format, "format", "table", "summary format: table or json")
	return cmd
}

// sketchSummary is the output of `sketch --format json`.
type sketchSummary struct {
	Dataset      string  `json:"dataset"`
	Mode         string  `json:"mode"`
	Variant      string  `json:"variant"`
	K            int     `json:"k"`
	B            int     `json:"b"`
	Seed         uint64  `json:"seed"`
	Rows         int     `json:"rows"`
	EmptyRows    int     `json:"empty_rows"`
	Elements     int     `json:"elements"`
	Bytes        int64   `json:"bytes"`
	Seconds      float64 `json:"seconds"`
	NsPerElement float64 `json:"ns_per_element"`
	Workers      int     `json:"workers"`
	File         string  `json:"file"`
}

func workersOrDefault(w int) int {
	if w <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return w
}

func listVariants(w io.Writer, asJSON bool) error {
	var rows [][]string
	for _, v := range minhash.Variants() {
		if asJSON {
			if err := writeJSONLine(w, map[string]string{"name": v.Name, "description": v.Description}); err != nil {
				return err
			}
			continue
		}
		rows = append(rows, []string{v.Name, v.Description})
	}
	if asJSON {
		return nil
	}
	return writeTable(w, []string{"variant", "description"}, rows)
}

func newEstimateCmd() *cobra.Command {
	var data dataFlags
	var sf sketchFlags
	var out outputFlags
	var pairsPath, sigPath string
	cmd := &cobra.Command{
		Use:   "estimate DATASET|PATH --pairs FILE",
		Short: "Compare estimated and exact Jaccard similarity on given pairs of vertices (or sets)",
		Long: `estimate reads pairs "u v" of original ids (one pair per line, # comments allowed) and prints
for each the exact Jaccard similarity of their neighbourhoods and the estimate from the sketch,
then the bias (mean of estimate - exact) and the root mean square error. With --format json each
pair is a line {"a", "b", "exact", "estimate"} and the last line is {"pairs", "bias", "rmse"}.

The signatures are computed on the fly, or read from --signatures FILE (written by sketch; its
variant, k, seed and number of rows must match).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if pairsPath == "" {
				return fmt.Errorf("missing --pairs FILE")
			}
			if err := out.validate(); err != nil {
				return err
			}
			sk, err := sf.sketcher()
			if err != nil {
				return err
			}
			ds, sets, _, err := data.sets(cmd, args[0])
			if err != nil {
				return err
			}
			pairs, err := readPairs(pairsPath, ds.IDs())
			if err != nil {
				return err
			}
			var sig *minhash.Signatures
			if sigPath != "" {
				sig, err = minhash.ReadFile(sigPath)
				if err != nil {
					return err
				}
				defer sig.Close()
				if sig.Variant != sk.Name() || sig.K != sk.K() || sig.Seed != sk.Seed() || sig.Len() != sets.Len() {
					return fmt.Errorf("--signatures %s holds %s k=%d seed=%d for %d sets; want %s k=%d seed=%d for %d sets",
						sigPath, sig.Variant, sig.K, sig.Seed, sig.Len(), sk.Name(), sk.K(), sk.Seed(), sets.Len())
				}
			} else {
				sig, _, err = sf.build(cmd, sets, sk)
				if err != nil {
					return err
				}
			}
			w, finish, err := out.create(cmd)
			if err != nil {
				return err
			}
			return finish(writeEstimates(w, out.json(), pairs, ds.IDs(), sets, sig))
		},
	}
	addDataFlags(cmd, &data)
	addSketchFlags(cmd, &sf)
	addOutputFlags(cmd, &out)
	cmd.Flags().StringVar(&pairsPath, "pairs", "", "file of pairs `u v` of original ids")
	cmd.Flags().StringVar(&sigPath, "signatures", "", "signature file written by sketch (default: compute)")
	return cmd
}

// readPairs parses "u v" lines of original ids into dense ids.
func readPairs(path string, ids datasets.IDs) ([][2]uint32, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read pairs: %w", err)
	}
	defer f.Close()
	var pairs [][2]uint32
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		fields := bytes.Fields(sc.Bytes())
		if len(fields) == 0 || fields[0][0] == '#' {
			continue
		}
		if len(fields) < 2 {
			return nil, fmt.Errorf("read pairs %s line %d: want two ids, got %q", path, line, sc.Text())
		}
		var p [2]uint32
		for i := 0; i < 2; i++ {
			v, ok := ids.Lookup(string(fields[i]))
			if !ok {
				return nil, fmt.Errorf("read pairs %s line %d: unknown id %q", path, line, fields[i])
			}
			p[i] = v
		}
		pairs = append(pairs, p)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read pairs %s: %w", path, err)
	}
	return pairs, nil
}

type estimateLine struct {
	A        any     `json:"a"`
	B        any     `json:"b"`
	Exact    float64 `json:"exact"`
	Estimate float64 `json:"estimate"`
}

type estimateSummary struct {
	Pairs int     `json:"pairs"`
	Bias  float64 `json:"bias"`
	RMSE  float64 `json:"rmse"`
}

func writeEstimates(w io.Writer, asJSON bool, pairs [][2]uint32, ids datasets.IDs, sets *datasets.Sets, sig *minhash.Signatures) error {
	var sum, sumSq float64
	var rows [][]string
	for _, p := range pairs {
		ex := exact.Jaccard(sets.Set(int(p[0])), sets.Set(int(p[1])))
		est := sig.Estimate(int(p[0]), int(p[1]))
		d := est - ex
		sum += d
		sumSq += d * d
		if asJSON {
			if err := writeJSONLine(w, estimateLine{A: ids.JSON(p[0]), B: ids.JSON(p[1]), Exact: ex, Estimate: est}); err != nil {
				return err
			}
			continue
		}
		rows = append(rows, []string{ids.String(p[0]), ids.String(p[1]), fmt.Sprintf("%.4f", ex), fmt.Sprintf("%.4f", est)})
	}
	s := estimateSummary{Pairs: len(pairs)}
	if len(pairs) > 0 {
		s.Bias = sum / float64(len(pairs))
		s.RMSE = math.Sqrt(sumSq / float64(len(pairs)))
	}
	if asJSON {
		return writeJSONLine(w, s)
	}
	if err := writeTable(w, []string{"a", "b", "exact", "estimate"}, rows); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "pairs %d  bias %+.4f  rmse %.4f\n", s.Pairs, s.Bias, s.RMSE)
	return err
}
