package datasets

import (
	"context"
	"fmt"
	"os"
	"strings"
)

// Open loads the data set named by ref:
//
//   - an existing file path: loaded by its format (opt.Format, else DetectFormat). A graph file may
//     come with a ground-truth file (opt.Communities); set files (FormatTransactions) give a
//     Dataset with Collection set. Edge lists are directed unless opt.Directed says otherwise;
//   - a "gen:" generator spec, generated in memory by Generate (see GenHelp);
//   - a registered data set name (LookupEntry): its files are resolved by Entry.Resolve (mirror,
//     cache, download when opt.Download) and loaded with the registry's formats and
//     directedness; opt.Directed and opt.Communities override them, opt.Format is ignored.
//
// Anything else is an error saying that ref is neither. Open honours ctx cancellation and reports
// the bytes read through opt.Progress.
func Open(ctx context.Context, ref string, opt OpenOptions) (*Dataset, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if st, err := os.Stat(ref); err == nil && !st.IsDir() {
		return openPath(ctx, ref, opt)
	}
	if strings.HasPrefix(ref, "gen:") {
		return openGenerator(ctx, ref)
	}
	if ds, ok, err := openRegistered(ctx, ref, opt); ok {
		return ds, err
	}
	return nil, fmt.Errorf("open %q: neither an existing file nor a registered data set name (nor a gen: spec)", ref)
}

// loadOptions converts the options of Open for a file given by path.
func (o OpenOptions) loadOptions() LoadOptions {
	return LoadOptions{Format: o.Format, Directed: o.Directed, SelfLoops: o.SelfLoops, Progress: o.Progress}
}

// openPath loads a data set from a file path.
func openPath(ctx context.Context, path string, opt OpenOptions) (*Dataset, error) {
	lo := opt.loadOptions()
	var truth *TruthFile
	if opt.Communities != "" {
		truth = &TruthFile{Path: opt.Communities, Format: opt.CommunitiesFormat}
	}
	return LoadDataset(ctx, path, truth, lo)
}

// TruthFile names a ground-truth file and how to read it.
type TruthFile struct {
	Path string
	// Format is the file's format; FormatAuto detects it (DetectTruthFormat).
	Format Format
	// Attribute is the GML attribute or CSV label column holding the community (see LoadOptions).
	Attribute string
	// AllowUnknown drops members that are not vertices of the graph instead of failing.
	AllowUnknown bool
}

// LoadDataset loads the file at path, a graph or a set collection (by opt.Format or detection),
// and, for a graph, the optional ground truth. Members of node-label ground truth (label files,
// GML attributes) that have no edge are added to the graph as isolated vertices, so every labelled
// node is a vertex; members of community files (one community per line, cdlib JSON, circles) must
// be vertices of the graph unless truth.AllowUnknown is set.
//
// The Dataset's Name is path.
func LoadDataset(ctx context.Context, path string, truth *TruthFile, opt LoadOptions) (*Dataset, error) {
	format := opt.Format
	if format == FormatAuto {
		f, err := DetectFormat(path)
		if err != nil {
			return nil, err
		}
		format = f
	}
	switch format {
	case FormatTransactions:
		if truth != nil {
			return nil, fmt.Errorf("open %s: set data has no ground truth (got %s)", path, truth.Path)
		}
		sets, ids, err := LoadSets(ctx, path, opt)
		if err != nil {
			return nil, err
		}
		return &Dataset{Name: path, Collection: sets, SetIDs: ids}, nil
	case FormatNodeLabel, FormatCommunities, FormatCDLibJSON, FormatSNAPCircles:
		return nil, fmt.Errorf("open %s: a %s file holds ground truth, not a graph: pass it as the communities file of a graph", path, format)
	case FormatEdgeList, FormatCSV, FormatGML:
	default:
		return nil, fmt.Errorf("open %s: unknown format %q", path, format)
	}
	gopt := opt
	gopt.Format = format
	if truth != nil && truth.Attribute != "" && format == FormatGML {
		gopt.Attribute = truth.Attribute
	}
	b, raw, err := readGraphFile(ctx, path, gopt)
	if err != nil {
		return nil, err
	}
	allowUnknown := opt.AllowUnknown
	if truth != nil {
		topt := opt
		topt.Format = truth.Format
		topt.Attribute = truth.Attribute
		topt.Progress = nil
		t, err := readTruthFile(ctx, truth.Path, topt)
		if err != nil {
			return nil, err
		}
		raw = t
		allowUnknown = allowUnknown || truth.AllowUnknown
	}
	if raw != nil && raw.vertices {
		raw.addVertices(b)
	}
	g, err := b.Build()
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	ds := &Dataset{Name: path, Graph: g}
	if raw != nil {
		gt, _, err := raw.resolve(g.IDs(), allowUnknown)
		if err != nil {
			return nil, err
		}
		ds.Truth = gt
	}
	return ds, nil
}

// openGenerator generates the data set of a "gen:" spec in memory (see Generate and GenHelp).
func openGenerator(ctx context.Context, spec string) (*Dataset, error) {
	ds, err := Generate(ctx, spec)
	if err != nil {
		return nil, fmt.Errorf("open %q: %w", spec, err)
	}
	return ds, nil
}

// openRegistered opens a registered data set; ok is false when name is not registered. The
// entry's files are resolved (mirror, cache, or download when opt.Download) and loaded with the
// entry's formats and directedness; opt.Directed and opt.Communities override the registry.
func openRegistered(ctx context.Context, name string, opt OpenOptions) (*Dataset, bool, error) {
	e, ok := LookupEntry(name)
	if !ok {
		return nil, false, nil
	}
	files, err := e.Resolve(ctx, opt)
	if err != nil {
		return nil, true, fmt.Errorf("open %s: %w", e.Name, err)
	}
	directed := e.Directed
	if opt.Directed != nil {
		directed = *opt.Directed
	}
	lo := LoadOptions{Directed: &directed, SelfLoops: opt.SelfLoops, Progress: opt.Progress}
	main := ""
	var truth *TruthFile
	for _, f := range files {
		switch f.Role {
		case RoleEdges, RoleSets:
			if main == "" {
				main = f.Path
				lo.Format = f.Format
				if f.Format == FormatGML {
					lo.Attribute = f.Attr
				}
			}
		case RoleCommunities:
			if truth == nil {
				format := f.Format
				if format == FormatCSV {
					format = FormatNodeLabel // a label table with a header
				}
				truth = &TruthFile{Path: f.Path, Format: format, Attribute: f.Attr}
			}
		}
	}
	if main == "" {
		return nil, true, fmt.Errorf("open %s: the registry entry has no edges or sets file", e.Name)
	}
	if opt.Communities != "" {
		truth = &TruthFile{Path: opt.Communities, Format: opt.CommunitiesFormat}
	}
	ds, err := LoadDataset(ctx, main, truth, lo)
	if err != nil {
		return nil, true, fmt.Errorf("open %s: %w", e.Name, err)
	}
	ds.Name = e.Name
	return ds, true, nil
}
