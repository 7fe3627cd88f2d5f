package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"lshbench/plots"
)

func newPlotCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "plot RESULTS_DIR...",
		Short: "Draw the figures of experiment results and write their README.md page",
		Long: `plot reads RESULTS_DIR/records.jsonl (written by lshbench run) and draws every figure the
records support into RESULTS_DIR/figures/ as PNG and SVG: S-curves, estimation error and sketch
throughput against k, Pareto fronts of recall against throughput, memory and build time,
candidates against recall, the exact-versus-LSH crossover across data sets, and the seeded
community detection recall curves and AUC. It then writes RESULTS_DIR/README.md showing every
figure with the summary tables of summary.md, and lists the figures the records cannot support
and why. It never runs an experiment; the same records give identical files.`,
		Example: "  lshbench plot results/quick\n  lshbench plot results/*",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, dir := range args {
				t0 := time.Now()
				res, err := plots.Draw(dir)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s: %d figures, %d skipped, README.md (%.1fs)\n",
					dir, len(res.Figures), len(res.Skipped), time.Since(t0).Seconds())
				for _, s := range res.Skipped {
					fmt.Fprintf(cmd.OutOrStdout(), "  skipped %s: %s\n", s.Figure, s.Reason)
				}
			}
			return nil
		},
	}
}
