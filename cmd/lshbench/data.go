package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/spf13/cobra"

	"lshbench/datasets"
)

func newDataCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "data",
		Short: "List, describe, download and generate data sets",
	}
	cmd.AddCommand(newDataListCmd(), newDataInfoCmd(), newDataFetchCmd(), newDataGenCmd())
	return cmd
}

func newDataListCmd() *cobra.Command {
	var out outputFlags
	var cache, mirror string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the registered data sets: size, ground truth, download size, whether cached",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			w, finish, err := out.create(cmd)
			if err != nil {
				return err
			}
			return finish(listData(cmd.Context(), w, out.json(), cache, mirror))
		},
	}
	addOutputFlags(cmd, &out)
	cmd.Flags().StringVar(&cache, "cache", "", "download cache directory (default $LSHBENCH_CACHE or the user cache dir)")
	cmd.Flags().StringVar(&mirror, "mirror", "", "mirror directory (default $LSHBENCH_MIRROR)")
	return cmd
}

// dataListRow is one line of `data list --format json`.
type dataListRow struct {
	Name          string `json:"name"`
	Kind          string `json:"kind"`
	Nodes         int64  `json:"nodes"`
	Edges         int64  `json:"edges"`
	Communities   int    `json:"communities"`
	DownloadBytes int64  `json:"download_bytes"`
	Folder        string `json:"folder"`
	Local         string `json:"local"`
	Description   string `json:"description"`
}

func listData(ctx context.Context, w io.Writer, asJSON bool, cache, mirror string) error {
	var rows [][]string
	for _, e := range datasets.Registry() {
		r := dataListRow{Name: e.Name, Folder: e.Folder, Nodes: e.Nodes, Edges: e.Edges, Communities: e.Communities, Description: e.Description}
		switch {
		case e.Sets:
			r.Kind = "sets"
		case e.Directed:
			r.Kind = "directed"
		default:
			r.Kind = "undirected"
		}
		for _, f := range e.Files {
			r.DownloadBytes += f.Bytes
		}
		r.Local = localState(ctx, e, cache, mirror)
		if asJSON {
			if err := writeJSONLine(w, r); err != nil {
				return err
			}
			continue
		}
		gt := "-"
		if r.Communities > 0 {
			gt = strconv.Itoa(r.Communities)
		}
		edges := strconv.FormatInt(r.Edges, 10)
		if e.Sets {
			edges = "-"
		}
		rows = append(rows, []string{r.Name, r.Kind, strconv.FormatInt(r.Nodes, 10), edges, gt, humanBytes(r.DownloadBytes), r.Local})
	}
	if asJSON {
		return nil
	}
	return writeTable(w, []string{"name", "kind", "nodes/sets", "edges", "communities", "download", "local"}, rows)
}

// localState says where a registered data set can be read from without a download.
func localState(ctx context.Context, e datasets.Entry, cache, mirror string) string {
	if _, err := e.Resolve(ctx, datasets.OpenOptions{Cache: cache, Mirror: mirror}); err == nil {
		if e.Cached(cacheOrDefault(cache)) {
			return "cached"
		}
		return "mirror"
	}
	return "no"
}

func cacheOrDefault(c string) string {
	if c == "" {
		return datasets.DefaultCacheDir()
	}
	return c
}

func humanBytes(b int64) string {
	switch {
	case b <= 0:
		return "?"
	case b < 1<<10:
		return fmt.Sprintf("%d B", b)
	case b < 1<<20:
		return fmt.Sprintf("%.1f KiB", float64(b)/(1<<10))
	case b < 1<<30:
		return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
	}
	return fmt.Sprintf("%.2f GiB", float64(b)/(1<<30))
}

func newDataInfoCmd() *cobra.Command {
	var df dataFlags
	var out outputFlags
	cmd := &cobra.Command{
		Use:   "info NAME|PATH",
		Short: "Measure a data set: vertices, edges, dropped self-loops and duplicates, degrees, communities",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := out.validate(); err != nil {
				return err
			}
			ds, err := df.open(cmd, args[0])
			if err != nil {
				return err
			}
			info := describe(ds)
			w, finish, err := out.create(cmd)
			if err != nil {
				return err
			}
			if out.json() {
				return finish(writeJSONLine(w, info))
			}
			return finish(info.writeTable(w))
		},
	}
	addDataFlags(cmd, &df)
	addOutputFlags(cmd, &out)
	return cmd
}

// dataInfo holds the measured facts of `data info`.
type dataInfo struct {
	Name    string                `json:"name"`
	Kind    string                `json:"kind"`
	Nodes   int                   `json:"nodes,omitempty"`
	Edges   int64                 `json:"edges,omitempty"`
	Build   *datasets.BuildReport `json:"build,omitempty"`
	Degrees map[string]degreeInfo `json:"degrees,omitempty"`
	Empty   map[string]int        `json:"empty_neighbourhoods,omitempty"`
	Sets    *datasets.SizeStats   `json:"sets,omitempty"`
	Truth   *datasets.TruthStats  `json:"communities,omitempty"`
}

type degreeInfo struct {
	Min    int     `json:"min"`
	Median int     `json:"median"`
	Mean   float64 `json:"mean"`
	Max    int     `json:"max"`
}

func describe(ds *datasets.Dataset) dataInfo {
	info := dataInfo{Name: ds.Name}
	if g := ds.Graph; g != nil {
		info.Kind = "undirected graph"
		if g.Directed() {
			info.Kind = "directed graph"
		}
		info.Nodes, info.Edges = g.N(), g.NumEdges()
		rep := g.Report()
		info.Build = &rep
		info.Degrees = map[string]degreeInfo{}
		info.Empty = map[string]int{}
		dirs := []datasets.Direction{datasets.Out}
		if g.Directed() {
			dirs = []datasets.Direction{datasets.In, datasets.Out, datasets.Both}
		}
		for _, d := range dirs {
			st := g.Degrees(d)
			name := d.String()
			if !g.Directed() {
				name = "degree"
			}
			info.Degrees[name] = degreeInfo{Min: st.Min, Median: st.Median, Mean: st.Mean, Max: st.Max}
			info.Empty[name] = st.Zero
		}
	} else if ds.Collection != nil {
		info.Kind = "sets"
		st := ds.Collection.Sizes()
		info.Sets = &st
	}
	if ds.Truth != nil {
		st := ds.Truth.Stats()
		info.Truth = &st
	}
	return info
}

func (info dataInfo) writeTable(w io.Writer) error {
	var rows [][]string
	add := func(k, v string) { rows = append(rows, []string{k, v}) }
	add("name", info.Name)
	add("kind", info.Kind)
	if info.Build != nil {
		add("nodes", strconv.Itoa(info.Nodes))
		add("edges", strconv.FormatInt(info.Edges, 10))
		add("edge lines read", strconv.FormatInt(info.Build.EdgesRead, 10))
		loops := "dropped"
		if info.Build.SelfLoopsKept {
			loops = "kept"
		}
		add("self-loops", fmt.Sprintf("%d (%s)", info.Build.SelfLoops, loops))
		add("duplicate edges dropped", strconv.FormatInt(info.Build.Duplicates, 10))
		for _, name := range []string{"degree", "in", "out", "both"} {
			d, ok := info.Degrees[name]
			if !ok {
				continue
			}
			label := name + "-degree"
			if name == "degree" {
				label = "degree"
			}
			add(label+" min/median/mean/max", fmt.Sprintf("%d / %d / %.2f / %d", d.Min, d.Median, d.Mean, d.Max))
			add("empty "+name+"-neighbourhoods", strconv.Itoa(info.Empty[name]))
		}
	}
	if s := info.Sets; s != nil {
		add("sets", strconv.Itoa(s.Sets))
		add("elements (total)", strconv.Itoa(s.TotalElems))
		add("set size min/median/mean/max", fmt.Sprintf("%d / %d / %.2f / %d", s.Min, s.Median, s.Mean, s.Max))
		add("empty sets", strconv.Itoa(s.Empty))
	}
	if t := info.Truth; t != nil {
		add("communities", strconv.Itoa(t.Communities))
		add("community size min/median/max", fmt.Sprintf("%d / %d / %d", t.MinSize, t.MedianSize, t.MaxSize))
		add("vertices covered / in 2+ communities", fmt.Sprintf("%d / %d (max %d memberships)", t.Covered, t.Overlapping, t.MaxMemberships))
	} else {
		add("communities", "none")
	}
	return writeTable(w, []string{"fact", "value"}, rows)
}

func newDataFetchCmd() *cobra.Command {
	var cache, mirror string
	var all, mirrored bool
	var retries int
	var out outputFlags
	cmd := &cobra.Command{
		Use:   "fetch NAME...",
		Short: "Download registered data sets into the cache, verifying their sha256",
		Long: `fetch downloads each named data set into the cache directory ($LSHBENCH_CACHE, --cache, or
the user cache dir), verifies the sha256 of the content, and skips files already cached and valid.
A download is written to a temporary file and renamed only when complete and verified, so an
interrupted fetch can simply be run again. --mirror (or $LSHBENCH_MIRROR) replaces the upstream
addresses with a directory or base URL laid out as <mirror>/<folder>/<file> (the folder of each
data set is listed by data list --format json; it is the data set's name for most).`,
		RunE: func(cmd *cobra.Command, args []string) error {
			var entries []datasets.Entry
			switch {
			case all || mirrored:
				if len(args) > 0 {
					return fmt.Errorf("give data set names or --all/--mirrored, not both")
				}
				for _, e := range datasets.Registry() {
					if all || e.Mirrored {
						entries = append(entries, e)
					}
				}
			case len(args) == 0:
				return fmt.Errorf("name at least one data set (see lshbench data list), or --all/--mirrored")
			default:
				for _, name := range args {
					e, ok := datasets.LookupEntry(name)
					if !ok {
						return fmt.Errorf("unknown data set %q (see lshbench data list)", name)
					}
					entries = append(entries, e)
				}
			}
			if err := out.validate(); err != nil {
				return err
			}
			if retries < 0 {
				return fmt.Errorf("--retries %d: want 0 or more", retries)
			}
			for _, e := range entries {
				b := newBar(cmd, "fetch "+e.Name)
				p := b.progress()
				if mirror == "" {
					mirror = os.Getenv(datasets.EnvMirror)
				}
				opt := datasets.FetchOptions{Cache: cache, Mirror: mirror, Retries: retries, Verify: true,
					Log: func(line string) { fmt.Fprintln(cmd.ErrOrStderr(), line) }}
				if p != nil {
					opt.Progress = func(file string, done, total int64) { p(done, total) }
				}
				files, err := datasets.Fetch(cmd.Context(), e, opt)
				b.done()
				if err != nil {
					return err
				}
				for _, f := range files {
					if out.json() {
						if err := writeJSONLine(cmd.OutOrStdout(), map[string]string{"name": e.Name, "path": f.Path, "sha256": f.ContentSHA256}); err != nil {
							return err
						}
						continue
					}
					fmt.Fprintf(cmd.OutOrStdout(), "%s\t%s\n", e.Name, f.Path)
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&cache, "cache", "", "download cache directory (default $LSHBENCH_CACHE or the user cache dir)")
	cmd.Flags().StringVar(&mirror, "mirror", "", "directory or base URL replacing upstream (default $LSHBENCH_MIRROR)")
	cmd.Flags().BoolVar(&all, "all", false, "fetch every registered data set (the large SNAP graphs are tens of GB)")
	cmd.Flags().BoolVar(&mirrored, "mirrored", false, "fetch the data sets of the project's offline mirror list (about 35 MB)")
	cmd.Flags().IntVar(&retries, "retries", 3, "retries of a failed download")
	cmd.Flags().StringVar(&out.Format, "format", "table", "output format: table (name and path per line) or json (JSON lines)")
	return cmd
}
