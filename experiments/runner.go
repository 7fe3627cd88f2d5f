package experiments

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"lshbench/datasets"
)

// Options controls Run.
type Options struct {
	// Root is the results root; the experiment writes Root/<name>. Default "results".
	Root string
	// Fresh discards completed cells of earlier runs.
	Fresh bool
	// DryRun lists the cells to Out without running them.
	DryRun bool
	// Only restricts the run to the cells whose name matches (see Expand).
	Only string
	// Workers bounds the goroutines of builds and truth; <= 0 means GOMAXPROCS.
	Workers int
	// TruthCache is the directory of the exact engine's on-disk truth cache ("" computes the
	// truth every run). Cached truth is keyed by the sets' content, the mode and the queries.
	TruthCache string
	// Open and Opener load data sets (Opener defaults to datasets.Open).
	Open   datasets.OpenOptions
	Opener datasets.Opener
	// Out receives the dry-run listing.
	Out io.Writer
	// Log receives one plain line per event (nil: silent).
	Log func(line string)
	// OnCell is called before each cell with the cells done so far, the total and the cell's name,
	// and once at the end with done == total.
	OnCell func(done, total int, name string)
}

// Report is what a run did.
type Report struct {
	Dir      string
	Cells    int
	Resumed  int
	Computed int
	Records  []Record
}

func (o *Options) logf(format string, args ...any) {
	if o.Log != nil {
		o.Log(fmt.Sprintf(format, args...))
	}
}

// Run executes the spec's cells, skipping those completed by an earlier run, and writes the
// results folder. Cancelling ctx stops after the cell in progress is abandoned (completed cells
// are already saved); the outputs are then written for the completed cells and ctx's error is
// returned.
func Run(ctx context.Context, s *Spec, opt Options) (*Report, error) {
	if s.Community != nil {
		return runCommunity(ctx, s, opt)
	}
	if opt.Root == "" {
		opt.Root = "results"
	}
	cells, err := Expand(s, opt.Only)
	if err != nil {
		return nil, err
	}
	if opt.DryRun {
		w := opt.Out
		if w == nil {
			w = io.Discard
		}
		for _, c := range cells {
			fmt.Fprintf(w, "%s\tb=%v\n", c.Name(s), c.Bands)
		}
		fmt.Fprintf(w, "%d cells\n", len(cells))
		return &Report{Cells: len(cells)}, nil
	}
	st, err := OpenStore(opt.Root, s, opt.Fresh)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	rep := &Report{Dir: st.Dir(), Cells: len(cells)}
	keys := make([]string, len(cells))
	pending := make([]bool, len(cells))
	for i, c := range cells {
		keys[i] = CellKey(s.Hash(), c.Params(s))
		if _, ok := st.Done(keys[i]); ok {
			rep.Resumed++
		} else {
			pending[i] = true
		}
	}
	opt.logf("%s: %d cells, %d done earlier", s.Name, len(cells), rep.Resumed)
	runErr := runPending(ctx, s, opt, st, cells, keys, pending, rep)

	// Gather every completed cell, in grid order, and write the outputs, even after an error.
	for i, c := range cells {
		recs, ok := st.Done(keys[i])
		if !ok {
			continue
		}
		for _, r := range recs {
			rep.Records = append(rep.Records, withParams(c, s, r))
		}
	}
	return rep, finish(st, keys, opt, runErr, func() error { return writeOutputs(st, s, rep, start) })
}

// finish ends a run: after a complete run of the whole grid it removes the files of cells that
// are no longer in it, then writes the outputs (also after an error, for the cells completed) and
// reports completion. It returns runErr joined with any error of its own.
func finish(st *Store, keys []string, opt Options, runErr error, write func() error) error {
	if runErr == nil && opt.Only == "" {
		keep := make(map[string]bool, len(keys))
		for _, k := range keys {
			keep[k] = true
		}
		if err := st.Prune(keep); err != nil {
			return err
		}
	}
	if err := write(); err != nil {
		return errors.Join(runErr, err)
	}
	if opt.OnCell != nil {
		opt.OnCell(len(keys), len(keys), "")
	}
	return runErr
}

// withParams returns the record prefixed with the cell's parameters (b is part of the record).
func withParams(c Cell, s *Spec, r Record) Record {
	var out Record
	for _, f := range c.Params(s) {
		if f.Name == "bands" {
			continue
		}
		out.Fields = append(out.Fields, f)
	}
	out.Fields = append(out.Fields, r.Fields...)
	return out
}

// runPending computes the pending cells data set by data set and sketch by sketch, so that a
// data set is loaded and its truth computed once, and signatures are built once per sketch.
func runPending(ctx context.Context, s *Spec, opt Options, st *Store, cells []Cell, keys []string, pending []bool, rep *Report) error {
	done := rep.Resumed
	var p *prepared
	var sk *sketched
	var ev *evaluator
	var skKey string
	for i, c := range cells {
		if !pending[i] {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		name := c.Name(s)
		if opt.OnCell != nil {
			opt.OnCell(done, len(cells), name)
		}
		t0 := time.Now()
		if p == nil || p.label != s.Datasets[c.Data].Label {
			p, sk, ev = nil, nil, nil
			var err error
			opt.logf("load %s (%s)", s.Datasets[c.Data].Label, s.Datasets[c.Data].Source)
			if p, err = prepare(ctx, s, c.Data, opt); err != nil {
				return err
			}
			src := "computed"
			if p.truthCached {
				src = "cached"
			}
			opt.logf("  %d sets, %d queries (mean size %.1f), truth %s in %.2fs", p.sets.Len(), len(p.queries), p.sizeMean, src, p.truthTime.Seconds())
		}
		var recs []Record
		var err error
		if c.Kind == "exact" {
			recs, err = exactCell(ctx, s, p)
		} else {
			key := fmt.Sprintf("%s/%d/%d", c.Variant, c.K, c.Seed)
			if sk == nil || skKey != key {
				if sk, err = sketch(ctx, p, c.Variant, c.K, c.Seed, opt.Workers); err != nil {
					return fmt.Errorf("cell %s: %w", name, err)
				}
				if ev, err = newEvaluator(s, p, sk); err != nil {
					return err
				}
				skKey = key
			}
			base := append(p.dataFields(), ev.sketchFields()...)
			switch c.Kind {
			case KindSketch:
				recs = []Record{{}}
			case KindForest:
				recs, err = ev.forestCell(ctx, c, opt.Workers)
			default:
				recs, err = ev.bandingCell(ctx, c, opt.Workers)
			}
			for j := range recs {
				recs[j].Fields = append(append([]Field(nil), base...), recs[j].Fields...)
			}
		}
		if err != nil {
			return fmt.Errorf("cell %s: %w", name, err)
		}
		if c.Kind == "exact" {
			for j := range recs {
				recs[j].Fields = append(p.dataFields(), recs[j].Fields...)
			}
		}
		rss := peakRSS()
		for j := range recs {
			recs[j].AddTiming("peak_rss_bytes", rss)
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

// writeOutputs writes records.csv, records.jsonl, summary.md and meta.json.
func writeOutputs(st *Store, s *Spec, rep *Report, start time.Time) error {
	if err := st.WriteRecords(rep.Records); err != nil {
		return err
	}
	if err := st.WriteFile("summary.md", []byte(Summary(s, rep.Records))); err != nil {
		return err
	}
	m := NewMeta(s, start)
	m.End = time.Now().UTC()
	m.Cells, m.Resumed = rep.Cells, rep.Resumed
	return st.WriteMeta(m)
}
