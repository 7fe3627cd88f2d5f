// Package plots draws the figures of an experiment from its records (results/<name>/records.jsonl)
// and writes the experiment's README.md page: every figure as PNG and SVG with the summary tables.
// It only reads records; it never runs an experiment.
//
// Figures (file names under figures/, each .png and .svg):
//
//   - scurve: theoretical banding S-curves 1 - (1 - s^r)^b of a few (b, r) of one variant and k,
//     with the measured candidate rate per exact-J bin and 95% Wilson intervals.
//   - estimation-error: RMSE and bias of the estimated Jaccard against k per variant (bands over
//     seeds when there are several).
//   - sketch-throughput: elements hashed per second against k per variant.
//   - pareto: per variant, the non-dominated configurations of recall against verified queries
//     per second, signature + index memory and build time, labelled b×r, with the exact baseline.
//   - candidates-recall: per variant, the non-dominated configurations of candidates per query
//     against the candidates' recall.
//   - crossover: exact search against the fastest LSH configuration reaching recall 0.9, latency
//     against set size and memory against collection size, across data sets.
//   - community-recall-<dataset>, community-auc-<dataset>: seeded community detection recall
//     curves per plotted community (mean over restarts, standard-error bars, one line per method)
//     and the AUC per method.
//
// Colours are fixed per sketch variant and per expansion method (VariantColour, MethodColour),
// so a variant has the same colour in every figure. Figures the records cannot support are
// skipped with a reason. Output depends only on the records: the same records give byte-identical
// files.
package plots

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"lshbench/experiments"
	"lshbench/internal/atomicfile"
)

// Skipped is a figure the records cannot support, with the reason.
type Skipped struct {
	Figure string
	Reason string
}

// Figures builds every figure the records support, in a fixed order, and lists the figures it
// skipped with the reason. It does no I/O. Its cost is linear in the size of the records plus
// the drawing of the selected configurations (Pareto fronts, a few S-curves), so large sweeps
// plot in seconds.
func Figures(recs []experiments.Record) ([]*Figure, []Skipped) {
	rs := rows(recs)
	var figs []*Figure
	var skips []Skipped
	builders := []struct {
		name  string
		build func([]row) (*Figure, string)
	}{
		{"S-curves", sCurve},
		{"estimation error against k", estimationError},
		{"Pareto fronts", pareto},
		{"candidates per query against recall", candidates},
		{"sketch throughput against k", throughput},
		{"exact against LSH crossover", crossover},
	}
	lsh := len(lshRows(rs)) > 0
	exact := len(filter(rs, func(r row) bool { return r.s("index") == "exact" })) > 0
	for _, b := range builders {
		if !lsh && (!exact || b.name != "exact against LSH crossover") {
			continue
		}
		f, reason := safeBuild(b.build, rs)
		if f == nil {
			skips = append(skips, Skipped{Figure: b.name, Reason: reason})
			continue
		}
		figs = append(figs, f)
	}
	switch community := len(protocolRows(rs)) > 0; {
	case !lsh && !exact && !community:
		skips = append(skips, Skipped{Figure: "all figures", Reason: "no LSH index, exact baseline or community protocol records"})
	case !lsh && exact:
		skips = append(skips, Skipped{Figure: "LSH figures", Reason: "no LSH index records"})
	}
	if len(protocolRows(rs)) > 0 {
		cf, cs := safeCommunity(rs)
		figs = append(figs, cf...)
		skips = append(skips, cs...)
	}
	return figs, skips
}

// safeBuild runs one figure builder, turning a panic of the plotting library into a skip.
func safeBuild(build func([]row) (*Figure, string), rs []row) (f *Figure, reason string) {
	defer func() {
		if r := recover(); r != nil {
			f, reason = nil, fmt.Sprintf("internal error: %v", r)
		}
	}()
	return build(rs)
}

func safeCommunity(rs []row) (figs []*Figure, skips []Skipped) {
	defer func() {
		if r := recover(); r != nil {
			figs, skips = nil, []Skipped{{Figure: "community figures", Reason: fmt.Sprintf("internal error: %v", r)}}
		}
	}()
	return communityFigures(rs)
}

// Result lists what Draw wrote.
type Result struct {
	Figures []*Figure
	Skipped []Skipped
	// Files are the paths written, relative to the results folder, in order.
	Files []string
}

// FiguresDir is the folder of a results folder that holds the figures.
const FiguresDir = "figures"

// Draw reads dir/records.jsonl (ReadRecords), draws every supported figure into dir/figures/ as PNG and SVG,
// removes figure files of earlier runs that were not redrawn, and writes dir/README.md showing
// the figures with the summary tables of dir/summary.md. Every file is written atomically.
func Draw(dir string) (*Result, error) {
	recs, err := experiments.ReadRecords(dir)
	if err != nil {
		return nil, fmt.Errorf("plot %s: %w", dir, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("plot %s: records.jsonl holds no records", dir)
	}
	figs, skips := Figures(recs)
	res := &Result{Skipped: skips}
	fdir := filepath.Join(dir, FiguresDir)
	if err := os.MkdirAll(fdir, 0o755); err != nil {
		return nil, fmt.Errorf("plot %s: %w", dir, err)
	}
	keep := map[string]bool{}
	for _, f := range figs {
		var png, svg bytes.Buffer
		if err := f.WritePNG(&png); err != nil {
			res.Skipped = append(res.Skipped, Skipped{Figure: f.Title, Reason: err.Error()})
			continue
		}
		if err := f.WriteSVG(&svg); err != nil {
			res.Skipped = append(res.Skipped, Skipped{Figure: f.Title, Reason: err.Error()})
			continue
		}
		for _, out := range []struct {
			ext  string
			data []byte
		}{{".png", png.Bytes()}, {".svg", svg.Bytes()}} {
			name := f.Name + out.ext
			if err := atomicfile.WriteBytes(filepath.Join(fdir, name), out.data); err != nil {
				return nil, fmt.Errorf("plot %s: %w", dir, err)
			}
			keep[name] = true
			res.Files = append(res.Files, filepath.Join(FiguresDir, name))
		}
		res.Figures = append(res.Figures, f)
	}
	// Remove stale figures of an earlier run so the folder matches the README.
	entries, err := os.ReadDir(fdir)
	if err != nil {
		return nil, fmt.Errorf("plot %s: %w", dir, err)
	}
	for _, e := range entries {
		n := e.Name()
		if !e.IsDir() && (strings.HasSuffix(n, ".png") || strings.HasSuffix(n, ".svg")) && !keep[n] {
			os.Remove(filepath.Join(fdir, n))
		}
	}
	summary, err := os.ReadFile(filepath.Join(dir, "summary.md"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("plot %s: %w", dir, err)
	}
	name := filepath.Base(filepath.Clean(dir))
	readme := Readme(name, res.Figures, res.Skipped, string(summary))
	if err := atomicfile.WriteBytes(filepath.Join(dir, "README.md"), readme); err != nil {
		return nil, fmt.Errorf("plot %s: %w", dir, err)
	}
	res.Files = append(res.Files, "README.md")
	return res, nil
}

// Readme renders the experiment's page: the summary's title and introduction, every figure
// (PNG, linked to its SVG) with its caption and notes, the figures not drawn and why, then the
// summary tables with their headings moved one level down.
func Readme(name string, figs []*Figure, skipped []Skipped, summary string) []byte {
	var b strings.Builder
	title := name
	intro, rest := splitSummary(summary)
	if t, ok := strings.CutPrefix(firstLine(summary), "# "); ok {
		title = strings.TrimSpace(t)
	}
	fmt.Fprintf(&b, "# %s\n\n", title)
	b.WriteString("Generated by `lshbench plot` from records.jsonl (figures in figures/, PNG and SVG); do not edit by hand.\n\n")
	if intro != "" {
		b.WriteString(intro)
		b.WriteString("\n\n")
	}
	if len(figs) > 0 {
		b.WriteString("## Figures\n\n")
		for _, f := range figs {
			fmt.Fprintf(&b, "### %s\n\n", f.Title)
			fmt.Fprintf(&b, "[![%s](%s/%s.png)](%s/%s.svg)\n\n", f.Title, FiguresDir, f.Name, FiguresDir, f.Name)
			if f.Caption != "" {
				b.WriteString(f.Caption)
				b.WriteString("\n\n")
			}
			for _, n := range f.Notes {
				fmt.Fprintf(&b, "- %s\n", n)
			}
			if len(f.Notes) > 0 {
				b.WriteString("\n")
			}
		}
	}
	if len(skipped) > 0 {
		b.WriteString("### Figures not drawn\n\n")
		for _, s := range skipped {
			fmt.Fprintf(&b, "- %s: %s\n", s.Figure, s.Reason)
		}
		b.WriteString("\n")
	}
	if rest != "" {
		b.WriteString("## Summary tables\n\n")
		b.WriteString(rest)
		if !strings.HasSuffix(rest, "\n") {
			b.WriteString("\n")
		}
	} else if summary == "" {
		b.WriteString("No summary.md in this folder.\n")
	}
	return []byte(b.String())
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(line)
}

// splitSummary separates summary.md into its introduction (the text between the title and the
// first section heading) and its sections, whose headings it moves one level down.
func splitSummary(s string) (intro, rest string) {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	if len(lines) > 0 && strings.HasPrefix(lines[0], "# ") {
		lines = lines[1:]
	}
	i := 0
	for i < len(lines) && !strings.HasPrefix(lines[i], "#") {
		i++
	}
	intro = strings.TrimSpace(strings.Join(lines[:i], "\n"))
	body := lines[i:]
	inFence := false
	for j, l := range body {
		if strings.HasPrefix(l, "```") {
			inFence = !inFence
		}
		if !inFence && strings.HasPrefix(l, "#") {
			body[j] = "#" + l
		}
	}
	rest = strings.TrimSpace(strings.Join(body, "\n"))
	if rest != "" {
		rest += "\n"
	}
	return intro, rest
}
