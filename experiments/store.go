package experiments

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"lshbench/internal/atomicfile"
)

// Store is the results folder of one experiment: results/<name>/ with records.csv,
// records.jsonl, summary.md and meta.json, plus .cells/ holding one file per completed cell so an
// interrupted run resumes where it stopped. Every file is written atomically.
type Store struct {
	dir      string
	specHash string
}

// OpenStore opens (creating it if needed) the results folder of spec under root. With fresh,
// every completed cell of an earlier run is discarded.
func OpenStore(root string, spec *Spec, fresh bool) (*Store, error) {
	dir := filepath.Join(root, spec.Name)
	if fresh {
		if err := os.RemoveAll(filepath.Join(dir, ".cells")); err != nil {
			return nil, fmt.Errorf("results %s: %w", dir, err)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, ".cells"), 0o755); err != nil {
		return nil, fmt.Errorf("results %s: %w", dir, err)
	}
	return &Store{dir: dir, specHash: spec.Hash()}, nil
}

// Dir returns the results folder.
func (st *Store) Dir() string { return st.dir }

// CellKey returns the key of a cell: a hash of the spec's content and the cell's parameters, so a
// changed spec never reuses a stale cell.
func CellKey(specHash string, params []Field) string {
	h := sha256.New()
	io.WriteString(h, specHash)
	for _, f := range params {
		fmt.Fprintf(h, "\x00%s=%s", f.Name, formatValue(f.Value))
	}
	return hex.EncodeToString(h.Sum(nil))[:20]
}

func (st *Store) cellPath(key string) string { return filepath.Join(st.dir, ".cells", key+".json") }

// cellFile is the content of a completed cell's file.
type cellFile struct {
	Spec    string   `json:"spec_sha256"`
	Key     string   `json:"key"`
	Records []Record `json:"records"`
}

// Done returns the records of a completed cell, or false when the cell has not completed (or its
// file is unreadable or belongs to another spec, in which case it is recomputed).
func (st *Store) Done(key string) ([]Record, bool) {
	data, err := os.ReadFile(st.cellPath(key))
	if err != nil {
		return nil, false
	}
	var cf cellFile
	if err := json.Unmarshal(data, &cf); err != nil || cf.Spec != st.specHash || cf.Key != key {
		return nil, false
	}
	return cf.Records, true
}

// Save records a completed cell atomically.
func (st *Store) Save(key string, recs []Record) error {
	data, err := json.Marshal(cellFile{Spec: st.specHash, Key: key, Records: recs})
	if err != nil {
		return fmt.Errorf("save cell %s: %w", key, err)
	}
	return atomicfile.WriteBytes(st.cellPath(key), data)
}

// Prune removes the files of cells whose keys are not in keep (cells of earlier spec versions).
func (st *Store) Prune(keep map[string]bool) error {
	entries, err := os.ReadDir(filepath.Join(st.dir, ".cells"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for _, e := range entries {
		key := strings.TrimSuffix(e.Name(), ".json")
		if !keep[key] {
			os.Remove(filepath.Join(st.dir, ".cells", e.Name()))
		}
	}
	return nil
}

// WriteRecords writes records.csv and records.jsonl.
func (st *Store) WriteRecords(recs []Record) error {
	if err := atomicfile.Write(filepath.Join(st.dir, "records.csv"), func(w io.Writer) error {
		return WriteCSV(w, recs)
	}); err != nil {
		return err
	}
	return atomicfile.Write(filepath.Join(st.dir, "records.jsonl"), func(w io.Writer) error {
		return WriteJSONL(w, recs)
	})
}

// WriteFile writes a named file of the results folder atomically.
func (st *Store) WriteFile(name string, data []byte) error {
	return atomicfile.WriteBytes(filepath.Join(st.dir, name), data)
}

// ReadRecords reads records.jsonl from a results folder.
func ReadRecords(dir string) ([]Record, error) {
	path := filepath.Join(dir, "records.jsonl")
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseRecords(path, data)
}

// Meta describes the run that produced a results folder.
type Meta struct {
	Experiment string    `json:"experiment"`
	SpecPath   string    `json:"spec_path"`
	SpecSHA256 string    `json:"spec_sha256"`
	GitCommit  string    `json:"git_commit"`
	GoVersion  string    `json:"go_version"`
	CPU        string    `json:"cpu_model"`
	Cores      int       `json:"cores"`
	OS         string    `json:"os"`
	Start      time.Time `json:"start"`
	End        time.Time `json:"end"`
	Seeds      []uint64  `json:"seeds"`
	QuerySeed  uint64    `json:"query_seed"`
	Cells      int       `json:"cells"`
	Resumed    int       `json:"cells_resumed"`
}

// NewMeta fills the machine and build facts.
func NewMeta(spec *Spec, start time.Time) Meta {
	return Meta{
		Experiment: spec.Name,
		SpecPath:   spec.Path(),
		SpecSHA256: spec.Hash(),
		GitCommit:  gitCommit(),
		GoVersion:  runtime.Version(),
		CPU:        cpuModel(),
		Cores:      runtime.NumCPU(),
		OS:         runtime.GOOS + "/" + runtime.GOARCH,
		Start:      start.UTC(),
		Seeds:      spec.Repeats,
		QuerySeed:  spec.Queries.Seed,
	}
}

func gitCommit() string {
	out, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	c := strings.TrimSpace(string(out))
	if st, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(st) > 0 {
		c += "-dirty"
	}
	return c
}

func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

// WriteMeta writes meta.json.
func (st *Store) WriteMeta(m Meta) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return st.WriteFile("meta.json", append(data, '\n'))
}
