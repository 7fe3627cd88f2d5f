package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"lshbench/datasets"
	"lshbench/internal/atomicfile"
)

// newDataGenCmd returns `lshbench data gen`: generate a synthetic data set, write it in SNAP
// form (or one set per line) with its ground truth, and report the realised properties.
func newDataGenCmd() *cobra.Command {
	var (
		params      []string
		output      string
		communities string
		format      string
	)
	cmd := &cobra.Command{
		Use:   "gen KIND|SPEC [-p key=value ...] [-o FILE]",
		Short: "Generate a synthetic graph or set collection with planted communities",
		Long: `Generate a synthetic data set and report its realised properties (mean degree, mixing mu,
community sizes, exact planted Jaccard, follower counts).

KIND is sbm, lfr, powerlaw, stars or sets; SPEC is a full generator spec such as
"gen:lfr?n=2000&mu=0.3&seed=7". Parameters given with -p key=value are added to it. The same
spec can be given to every command that reads a data set.

With -o FILE a graph is written as a SNAP edge list ("u<TAB>v" lines after "# " comments naming
the generator, its parameters and seed) and its ground truth, one community per line with
tab-separated ids, to --communities (default: FILE with its extension replaced by .cmty.txt).
A set collection is written one set per line (elements separated by spaces) and its clusters
to --communities, as 1-based line numbers. powerlaw streams its edges to FILE without holding
them in memory (10^7 vertices and 10^8 edges fit easily). Files are written atomically.

` + datasets.GenHelp(),
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "table" && format != "json" {
				return fmt.Errorf("--format %q: want table or json", format)
			}
			spec, err := buildGenSpec(args[0], params)
			if err != nil {
				return err
			}
			s, err := datasets.ParseGenSpec(spec)
			if err != nil {
				return err
			}
			if communities == "" && output != "" && output != "-" {
				communities = strings.TrimSuffix(output, filepath.Ext(output)) + ".cmty.txt"
			}
			st, truthFile, err := runDataGen(cmd, s, output, communities)
			if err != nil {
				return err
			}
			return reportGenStats(cmd.OutOrStdout(), s, st, format, output, truthFile)
		},
	}
	cmd.Flags().StringArrayVarP(&params, "param", "p", nil, "generator parameter key=value (repeatable)")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write the edge list (or sets) to FILE; without it only the realised properties are printed")
	cmd.Flags().StringVar(&communities, "communities", "", "write the ground truth to FILE (default: derived from --output)")
	cmd.Flags().StringVar(&format, "format", "table", "format of the realised properties on standard output: table or json")
	return cmd
}

// buildGenSpec joins a kind or spec with extra key=value parameters.
func buildGenSpec(ref string, params []string) (string, error) {
	spec := ref
	if !strings.HasPrefix(spec, datasets.GenPrefix) {
		spec = datasets.GenPrefix + spec
	}
	for _, p := range params {
		if !strings.Contains(p, "=") {
			return "", fmt.Errorf("-p %q: want key=value", p)
		}
		if strings.Contains(spec, "?") {
			spec += "&" + p
		} else {
			spec += "?" + p
		}
	}
	return spec, nil
}

// runDataGen generates the data set and writes the requested files; it returns the realised
// properties and the ground-truth file written ("" when none).
func runDataGen(cmd *cobra.Command, s datasets.GenSpec, output, communities string) (datasets.GenStats, string, error) {
	ctx := cmd.Context()
	b := newBar(cmd, "generate "+s.Kind)
	defer b.done()
	if s.Kind == "powerlaw" && output != "" {
		// Stream: the edges never sit in memory. The power-law graph has no ground truth.
		p := s.PowerLaw
		p.Progress = b.progress()
		var st *datasets.PowerLawStats
		write := func(w io.Writer) error {
			var err error
			st, err = datasets.StreamPowerLaw(ctx, w, p)
			return err
		}
		var err error
		if output == "-" {
			err = write(cmd.OutOrStdout())
		} else {
			err = atomicfile.Write(output, write)
		}
		return st, "", err
	}
	ds, st, err := s.Run(ctx, b.progress())
	if err != nil {
		return nil, "", err
	}
	if output == "" {
		return st, "", nil
	}
	header := fmt.Sprintf("lshbench data gen: %s\n%s", s.String(), st.Summary())
	if ds.IsGraph() {
		if ds.Graph.Directed() {
			header += "\ndirected graph: each line is an arc source -> target"
		} else {
			header += "\nundirected graph: each edge once; read it back with --directed=false"
		}
	}
	write := func(w io.Writer) error {
		if ds.IsGraph() {
			return datasets.WriteEdgeList(w, ds.Graph, header)
		}
		return datasets.WriteSets(w, ds.Collection)
	}
	if output == "-" {
		err = write(cmd.OutOrStdout())
	} else {
		err = atomicfile.Write(output, write)
	}
	if err != nil {
		return nil, "", err
	}
	if ds.Truth == nil || ds.Truth.Len() == 0 || communities == "" {
		return st, "", nil
	}
	if err := atomicfile.Write(communities, func(w io.Writer) error {
		return datasets.WriteCommunities(w, ds.Truth, ds.IDs())
	}); err != nil {
		return nil, "", err
	}
	return st, communities, nil
}

// reportGenStats prints the realised properties.
func reportGenStats(w io.Writer, s datasets.GenSpec, st datasets.GenStats, format, output, truthFile string) error {
	if output == "-" {
		return nil // standard output holds the data
	}
	raw, err := json.Marshal(st)
	if err != nil {
		return err
	}
	var fields map[string]any
	if err := json.Unmarshal(raw, &fields); err != nil {
		return err
	}
	fields["spec"] = s.String()
	if output != "" {
		fields["output"] = output
	}
	if truthFile != "" {
		fields["communities_file"] = truthFile
	}
	if format == "json" {
		return writeJSONLine(w, fields)
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	rows := make([][]string, 0, len(keys))
	for _, k := range keys {
		v := fmt.Sprint(fields[k])
		if x, ok := fields[k].(float64); ok {
			v = strconv.FormatFloat(x, 'g', 8, 64)
			if x == math.Trunc(x) && math.Abs(x) < 1e15 {
				v = strconv.FormatFloat(x, 'f', 0, 64)
			}
		}
		rows = append(rows, []string{k, v})
	}
	return writeTable(w, []string{"property", "value"}, rows)
}
