package main

import (
	"github.com/spf13/cobra"
)

// newRootCmd returns the lshbench command tree. Every subcommand lives in its own file.
func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "lshbench",
		Short: "Exact neighbourhood Jaccard versus minhash sketches and LSH indexes",
		Long: `lshbench compares exact neighbourhood Jaccard similarity in graphs (and plain set
collections) with minhash signatures and LSH indexes: recall, precision, candidates, latency,
build time and memory, across signature lengths and band configurations. It reproduces the
pipeline of Chamberlain et al., "Real-time community detection in full social networks on a
laptop" (PLOS ONE 2018).

Data sets are named from the registry (lshbench data list), given as file paths, or generated.
Set LSHBENCH_MIRROR to a directory laid out as <mirror>/<folder>/<file> (see data list) to use a local copy of
the public data sets, and LSHBENCH_CACHE to move the download cache.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newSketchCmd())
	root.AddCommand(newEstimateCmd())
	root.AddCommand(newDataCmd())
	root.AddCommand(newExactCmd())
	root.AddCommand(newRunCmd())
	root.AddCommand(newTuneCmd())
	root.AddCommand(newQueryCmd())
	root.AddCommand(newPlotCmd())
	return root
}
