package main

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"lshbench/datasets"
	"lshbench/experiments"
)

func newRunCmd() *cobra.Command {
	var df dataFlags
	var root, only string
	var fresh, dryRun bool
	var workers int
	var truthCache string
	cmd := &cobra.Command{
		Use:   "run SPEC.yaml",
		Short: "Run an experiment spec: exact truth versus sketches and LSH indexes, to results/<name>/",
		Long: `run validates the spec completely, expands it into cells (data set x sketch variant x k x seed
x index kind x r, each measured for every band count b), and computes the cells not completed by
an earlier run. Results go to results/<name>/: records.csv and records.jsonl (one row per (cell, b)),
summary.md and meta.json. Completed cells are kept in results/<name>/.cells, so an interrupted run
(Ctrl-C) resumes where it stopped; --fresh starts over. Every file is written atomically.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			spec, err := experiments.LoadSpec(args[0])
			if err != nil {
				return err
			}
			oo, err := df.options()
			if err != nil {
				return err
			}
			opt := experiments.Options{Root: root, Fresh: fresh, DryRun: dryRun, Only: only, Workers: workers,
				Open: oo, Out: cmd.OutOrStdout(), TruthCache: truthCache}
			b := newBar(cmd, spec.Name)
			if b.pb != nil {
				opt.OnCell = func(done, total int, name string) {
					b.pb.ChangeMax(total)
					b.pb.Describe(fmt.Sprintf("%s %s", spec.Name, name))
					b.pb.Set(done)
				}
			} else {
				start := time.Now()
				opt.Log = func(line string) {
					fmt.Fprintf(cmd.ErrOrStderr(), "[%7.1fs] %s\n", time.Since(start).Seconds(), line)
				}
			}
			rep, err := experiments.Run(cmd.Context(), spec, opt)
			b.done()
			if rep != nil && !dryRun {
				fmt.Fprintf(cmd.OutOrStdout(), "%s: %d cells (%d computed, %d resumed), %d records in %s\n",
					spec.Name, rep.Cells, rep.Computed, rep.Resumed, len(rep.Records), rep.Dir)
			}
			return err
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&root, "results", "results", "results root directory")
	fl.StringVar(&only, "only", "", "run only the cells whose name matches this glob or substring (see --dry-run)")
	fl.BoolVar(&fresh, "fresh", false, "discard completed cells and start over")
	fl.BoolVar(&dryRun, "dry-run", false, "list the cells without running them")
	fl.IntVar(&workers, "workers", 0, "goroutines for builds and truth (0: all cores)")
	fl.StringVar(&truthCache, "truth-cache", filepath.Join(datasets.DefaultCacheDir(), "truth"), "directory of the cached exact truth (empty: recompute every run)")
	fl.StringVar(&df.mirror, "mirror", "", "directory or base URL of the data set mirror (default $LSHBENCH_MIRROR)")
	fl.StringVar(&df.cache, "cache", "", "download cache directory (default $LSHBENCH_CACHE or the user cache dir)")
	fl.BoolVar(&df.download, "download", false, "download registered data sets that are neither mirrored nor cached")
	return cmd
}
