// Package experiments runs declared comparisons of exact neighbourhood Jaccard against minhash
// sketches and LSH indexes: a YAML spec names data sets, queries, the truth, sketch variants and
// lengths, index configurations, repeats and timing; the runner expands it into a grid of cells,
// measures each cell and writes one record per cell to results/<experiment>/ (records.csv,
// records.jsonl, summary.md, meta.json). Runs are resumable and reproducible: a completed cell is
// never recomputed, and the same spec and seeds give byte-identical non-timing columns.
package experiments

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Spec is one experiment as declared in YAML. Field names are the YAML keys.
type Spec struct {
	// Name names the results folder results/<name>; letters, digits, '-', '_' and '.'.
	Name        string         `yaml:"name"`
	Description string         `yaml:"description"`
	Datasets    []DataSpec     `yaml:"datasets"`
	Queries     QuerySpec      `yaml:"queries"`
	Truth       TruthSpec      `yaml:"truth"`
	Sketches    SketchSpec     `yaml:"sketches"`
	Indexes     []IndexSpec    `yaml:"indexes"`
	Repeats     []uint64       `yaml:"repeats"`
	Timing      TimingSpec     `yaml:"timing"`
	Community   *CommunitySpec `yaml:"community"`

	// hash is the SHA-256 of the spec file's bytes; path is where it was read from.
	hash, path string
	lines      map[string]int
}

// DataSpec is one data set of an experiment.
type DataSpec struct {
	// Label names the data set in results; it defaults to Source.
	Label string `yaml:"label"`
	// Source is a registry name, a file path (relative to the spec file's directory or the working
	// directory), or a generator spec (see lshbench data gen).
	Source string `yaml:"source"`
	// Mode is the neighbourhood mode: in, out, both, with optional -closed. Ignored for set data.
	Mode string `yaml:"mode"`
	// Directed overrides the directedness of a file path.
	Directed *bool `yaml:"directed"`
	// Communities is an optional ground-truth file for a path source.
	Communities string `yaml:"communities"`
}

// QuerySpec says which sets are queried.
type QuerySpec struct {
	// Sample is the number of non-empty sets sampled as queries; 0 with All false means 1000.
	Sample int `yaml:"sample"`
	// All queries every non-empty set.
	All bool `yaml:"all"`
	// Seed drives the sample.
	Seed uint64 `yaml:"seed"`
	// MinSize and MaxSize restrict queries to sets of these sizes (0: no bound).
	MinSize int `yaml:"min_size"`
	MaxSize int `yaml:"max_size"`
}

// TruthSpec says what "correct" means: the exact top-k and/or the exact threshold answers.
type TruthSpec struct {
	TopK       int       `yaml:"topk"`
	Thresholds []float64 `yaml:"thresholds"`
}

// SketchSpec is the grid of sketch variants and signature lengths.
type SketchSpec struct {
	Variants []string `yaml:"variants"`
	K        []int    `yaml:"k"`
}

// IndexSpec is one family of index configurations. Exactly one of Bands, All and Tuned is set for
// the banding kinds; forest takes Bands as (trees, prefix) pairs or All.
type IndexSpec struct {
	// Kind is banding, multiprobe or forest.
	Kind string `yaml:"kind"`
	// Variants, when set, restricts the family to these sketch variants (e.g. larger r for
	// b-bit sketches, whose short values collide by chance).
	Variants []string   `yaml:"variants"`
	Bands    [][2]int   `yaml:"bands"`
	All      *RangeSpec `yaml:"all"`
	Tuned    *TuneSpec  `yaml:"tuned"`
}

// RangeSpec selects every (b, r) with b*r <= k inside the bounds (0: unbounded).
type RangeSpec struct {
	RMin int `yaml:"r_min"`
	RMax int `yaml:"r_max"`
	BMin int `yaml:"b_min"`
	BMax int `yaml:"b_max"`
	// MaxOnly keeps, for each r, only the largest b with b*r <= k.
	MaxOnly bool `yaml:"max_only"`
}

// TuneSpec asks the tuner for (b, r) at a threshold: with Recall set, the cheapest (b, r) whose
// candidate probability at Threshold is at least Recall; otherwise the weighted false-positive
// and false-negative integral (Weights [fp, fn], default [0.5, 0.5]).
type TuneSpec struct {
	Threshold float64   `yaml:"threshold"`
	Recall    float64   `yaml:"recall"`
	Weights   []float64 `yaml:"weights"`
}

// TimingSpec controls latency measurement.
type TimingSpec struct {
	// Warmup queries run before timing starts.
	Warmup int `yaml:"warmup"`
	// Repetitions of the timed query pass; the latency of a query is its median over repetitions.
	Repetitions int `yaml:"repetitions"`
	// Threads issuing queries; 1 (the default) measures single-query latency.
	Threads int `yaml:"threads"`
	// Queries is the number of queries timed (the first ones of the sample); 0 times all.
	Queries int `yaml:"queries"`
	// MaxTimed bounds the band counts timed per cell: a cell with more b values than this is timed
	// on a geometric ladder of them (1, 2, 3, 4, 6, 8, 12, ..., and the largest); the others have
	// empty latency columns. 0 times every b.
	MaxTimed int `yaml:"max_timed"`
}

// CommunitySpec declares the seeded community detection protocol (the paper's evaluation).
//
// Sketches: every variant x k of sketches, seeded by the first repeat, banded by the first
// (b, r) pair of the first banding index (r = 2, b = k/2 without one). A cell is one data set x
// one sketch x one ground-truth community; see runCommunity for the records.
type CommunitySpec struct {
	// Methods: minrank, average, ppr-paper, ppr, push (expand.ParseMethod).
	Methods []string `yaml:"methods"`
	// Seeds drawn per run; Interval: additions between recall readings.
	Seeds    int `yaml:"seeds"`
	Interval int `yaml:"interval"`
	// Restarts are the seeds of the seed draws, one run per restart.
	Restarts []uint64 `yaml:"restarts"`
	// MinSize and MaxSize bound the communities run, inclusive (max 0: no bound); a community
	// is plotted when it has more than PlotMin members.
	MinSize int `yaml:"min_size"`
	MaxSize int `yaml:"max_size"`
	PlotMin int `yaml:"plot_min_size"`
	// Sample, when positive, runs a uniform sample of that many of the eligible communities,
	// drawn with SampleSeed.
	Sample     int    `yaml:"sample"`
	SampleSeed uint64 `yaml:"sample_seed"`
	// Similarity is estimated (default) or exact; Similarities lists several passes (e.g.
	// [estimated, exact]) and, when given, replaces Similarity.
	Similarity   string   `yaml:"similarity"`
	Similarities []string `yaml:"similarities"`
	// Steps is WALKTRAP's walk length in the structure step (0: 4).
	Steps int `yaml:"steps"`
}

// Hash returns the hex SHA-256 of the spec file's content.
func (s *Spec) Hash() string { return s.hash }

// Path returns the file the spec was read from.
func (s *Spec) Path() string { return s.path }

var nameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// LoadSpec reads and validates a spec file. Every error names the file, and the line of the
// offending field where the YAML has one.
func LoadSpec(path string) (*Spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	return ParseSpec(path, data)
}

// ParseSpec parses and validates spec content; path is used in messages and to resolve relative
// data paths.
func ParseSpec(path string, data []byte) (*Spec, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("spec %s: %w", path, err)
	}
	if len(root.Content) == 0 {
		return nil, fmt.Errorf("spec %s: empty file", path)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var s Spec
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("spec %s: %w", path, err)
	}
	sum := sha256.Sum256(data)
	s.hash = hex.EncodeToString(sum[:])
	s.path = path
	s.lines = map[string]int{}
	collectLines(root.Content[0], "", s.lines)
	if err := s.validate(); err != nil {
		return nil, err
	}
	return &s, nil
}

// collectLines records the line of every key path, e.g. "indexes[1].bands" -> 17.
func collectLines(n *yaml.Node, prefix string, lines map[string]int) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i].Value
			p := key
			if prefix != "" {
				p = prefix + "." + key
			}
			lines[p] = n.Content[i].Line
			collectLines(n.Content[i+1], p, lines)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			p := fmt.Sprintf("%s[%d]", prefix, i)
			lines[p] = c.Line
			collectLines(c, p, lines)
		}
	}
}

// errAt returns an error naming the spec file, the field and its line.
func (s *Spec) errAt(field, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if line, ok := s.lines[field]; ok {
		return fmt.Errorf("spec %s line %d: %s: %s", s.path, line, field, msg)
	}
	// Fall back to the nearest enclosing field that has a line.
	for f := field; f != ""; {
		i := strings.LastIndexAny(f, ".[")
		if i < 0 {
			break
		}
		f = f[:i]
		if line, ok := s.lines[f]; ok {
			return fmt.Errorf("spec %s line %d: %s: %s", s.path, line, field, msg)
		}
	}
	return fmt.Errorf("spec %s: %s: %s", s.path, field, msg)
}
