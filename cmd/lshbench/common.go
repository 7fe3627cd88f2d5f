package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"lshbench/datasets"
	"lshbench/internal/atomicfile"
)

// dataFlags are the flags every command that reads a data set shares.
type dataFlags struct {
	mode        string
	closed      bool
	inputFormat string
	communities string
	commFormat  string
	directed    string
	mirror      string
	cache       string
	download    bool
	keepLoops   bool
}

func addDataFlags(cmd *cobra.Command, f *dataFlags) {
	fl := cmd.Flags()
	fl.StringVar(&f.mode, "mode", "in", "neighbourhood: in, out or both (union)")
	fl.BoolVar(&f.closed, "closed", false, "closed neighbourhoods: each vertex belongs to its own set")
	fl.StringVar(&f.inputFormat, "input-format", "", "format of a file path: edgelist, csv, gml, transactions (default: detect)")
	fl.StringVar(&f.communities, "communities", "", "ground-truth file to load with a graph given by path")
	fl.StringVar(&f.commFormat, "communities-format", "", "format of --communities: labels, communities, cdlib-json (default: detect)")
	fl.StringVar(&f.directed, "directed", "", "true or false: directedness of a graph given by path (default: directed)")
	fl.StringVar(&f.mirror, "mirror", "", "directory or base URL laid out as <mirror>/<folder>/<file> (default $LSHBENCH_MIRROR)")
	fl.StringVar(&f.cache, "cache", "", "download cache directory (default $LSHBENCH_CACHE or the user cache dir)")
	fl.BoolVar(&f.download, "download", false, "download a registered data set that is neither mirrored nor cached")
	fl.BoolVar(&f.keepLoops, "keep-self-loops", false, "keep self-loops (default: drop and count them)")
}

// options turns the flags into datasets.OpenOptions.
func (f *dataFlags) options() (datasets.OpenOptions, error) {
	opt := datasets.OpenOptions{
		Cache:             f.cache,
		Mirror:            f.mirror,
		Download:          f.download,
		Format:            datasets.Format(f.inputFormat),
		Communities:       f.communities,
		CommunitiesFormat: datasets.Format(f.commFormat),
	}
	if f.keepLoops {
		opt.SelfLoops = datasets.KeepSelfLoops
	}
	if f.directed != "" {
		d, err := strconv.ParseBool(f.directed)
		if err != nil {
			return opt, fmt.Errorf("--directed %q: want true or false", f.directed)
		}
		opt.Directed = &d
	}
	return opt, nil
}

// neighbourhoodMode returns the mode selected by --mode and --closed.
func (f *dataFlags) neighbourhoodMode() (datasets.Mode, error) {
	m, err := datasets.ParseMode(f.mode)
	if err != nil {
		return m, fmt.Errorf("--mode: %w", err)
	}
	m.Closed = m.Closed || f.closed
	return m, nil
}

// open loads the data set named by ref (a registry name, a path or a generator spec), drawing a
// progress bar on a terminal.
func (f *dataFlags) open(cmd *cobra.Command, ref string) (*datasets.Dataset, error) {
	opt, err := f.options()
	if err != nil {
		return nil, err
	}
	b := newBar(cmd, "load "+ref)
	opt.Progress = b.progress()
	ds, err := datasets.Open(cmd.Context(), ref, opt)
	b.done()
	return ds, err
}

// sets opens ref and derives the sets the engines work on under --mode and --closed.
func (f *dataFlags) sets(cmd *cobra.Command, ref string) (*datasets.Dataset, *datasets.Sets, datasets.Mode, error) {
	mode, err := f.neighbourhoodMode()
	if err != nil {
		return nil, nil, mode, err
	}
	ds, err := f.open(cmd, ref)
	if err != nil {
		return nil, nil, mode, err
	}
	s, err := ds.Sets(mode)
	return ds, s, mode, err
}

// outputFlags select the output format and destination.
type outputFlags struct {
	Format string
	Out    string
}

func addOutputFlags(cmd *cobra.Command, o *outputFlags) {
	cmd.Flags().StringVar(&o.Format, "format", "table", "output format: table or json")
	cmd.Flags().StringVarP(&o.Out, "output", "o", "", "write the output to FILE (atomically) instead of standard output")
}

// json reports whether JSON output was requested. It is only meaningful after validate.
func (o *outputFlags) json() bool { return o.Format == "json" }

func (o *outputFlags) validate() error {
	if o.Format != "table" && o.Format != "json" {
		return fmt.Errorf("--format %q: want table or json", o.Format)
	}
	return nil
}

// create returns the writer for the command's output and a function that completes it: for a
// file, the content becomes visible under its name only when finish succeeds.
func (o *outputFlags) create(cmd *cobra.Command) (io.Writer, func(err error) error, error) {
	if err := o.validate(); err != nil {
		return nil, nil, err
	}
	if o.Out == "" || o.Out == "-" {
		return cmd.OutOrStdout(), func(err error) error { return err }, nil
	}
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- atomicfile.Write(o.Out, func(w io.Writer) error {
			_, err := io.Copy(w, pr)
			return err
		})
	}()
	finish := func(err error) error {
		if err != nil {
			pw.CloseWithError(err)
			<-done
			return err
		}
		pw.Close()
		return <-done
	}
	return pw, finish, nil
}

// bar draws a progress bar on standard error when it is a terminal and does nothing otherwise.
type bar struct {
	pb    *progressbar.ProgressBar
	total int64
}

func newBar(cmd *cobra.Command, desc string) *bar {
	f, ok := cmd.ErrOrStderr().(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return &bar{}
	}
	pb := progressbar.NewOptions64(-1,
		progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionShowElapsedTimeOnFinish(),
	)
	return &bar{pb: pb}
}

// progress returns the callback that advances the bar.
func (b *bar) progress() datasets.Progress {
	if b.pb == nil {
		return nil
	}
	return func(done, total int64) {
		if total > 0 && total != b.total {
			b.total = total
			b.pb.ChangeMax64(total)
		}
		b.pb.Set64(done)
	}
}

// done removes the bar.
func (b *bar) done() {
	if b.pb != nil {
		b.pb.Finish()
	}
}

// writeTable renders rows under header as a text table.
func writeTable(w io.Writer, header []string, rows [][]string) error {
	t := tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off))
	hdr := make([]any, len(header))
	for i, h := range header {
		hdr[i] = h
	}
	t.Header(hdr...)
	for _, r := range rows {
		if err := t.Append(r); err != nil {
			return err
		}
	}
	return t.Render()
}

// writeJSONLine writes v as one line of JSON.
func writeJSONLine(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}
