// Package pipeline wires the stages of the paper's real-time query (Chamberlain et al., PLOS ONE
// 2018) into one engine:
//
//	seeds -> LSH candidates (union over seeds and bands, plus the seeds)
//	      -> ranking (package expand: minrank, average, ppr-paper, ppr, push)
//	      -> local community (the seeds plus the first Size - |seeds| additions)
//	      -> structure (WALKTRAP, package community, on the similarity graph of the community)
//
// It sits above the algorithm packages (minhash, lsh, expand, community, exact) and below the
// experiment runner and the CLI, which both drive it. An Engine holds the read-only data (sets,
// graph, signatures, index) and is shared; a Session holds the per-goroutine scratch (LSH
// querier, push work arrays) and runs queries. Every similarity-based method can be driven by the
// estimated Jaccard of the signatures or by the exact Jaccard of the sets, over the same LSH
// candidates, so that sketch error and method error can be told apart.
//
// # Structure step
//
// The community found is structured by WALKTRAP (walks of length t = 4 unless stated, mean-weight
// loops) on the weighted graph whose vertices are the community's members and whose edges are the
// member pairs with similarity J > 0 (estimated or exact, as chosen for the ranking), weighted by
// J. By default that is the only sparsification; StructureOptions.Neighbours keeps instead the
// union of every member's strongest pairs (a k-nearest-neighbour graph), which bounds WALKTRAP's
// work on communities whose members are all similar to each other (follower sets). The partition
// reported is the dendrogram level of highest weighted modularity.
package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"lshbench/algorithms/lsh"
	"lshbench/algorithms/minhash"
	"lshbench/datasets"
)

// Sketch is the sketch and index configuration of an engine: the minhash variant, its length k
// and seed, and the banding (b bands of r rows, b*r <= k).
type Sketch struct {
	Variant string     `json:"variant"`
	K       int        `json:"k"`
	Seed    uint64     `json:"seed"`
	Bands   lsh.Params `json:"bands"`
}

// DefaultSketch is the paper's configuration for the e-mail data: k = 100 hash functions in 50
// bands of 2 rows (candidate threshold about 0.14), over the kminhash family (the paper's own
// affine family is the variant "paper").
func DefaultSketch() Sketch {
	return Sketch{Variant: "kminhash", K: 100, Seed: 1, Bands: lsh.Params{B: 50, R: 2}}
}

// String returns a short description, e.g. "kminhash k=100 seed=1 50x2".
func (s Sketch) String() string {
	return fmt.Sprintf("%s k=%d seed=%d %dx%d", s.Variant, s.K, s.Seed, s.Bands.B, s.Bands.R)
}

// Validate checks the configuration without building anything.
func (s Sketch) Validate() error {
	if _, err := minhash.New(s.Variant, max(s.K, 1), s.Seed); err != nil {
		return err
	}
	if s.K < 1 {
		return fmt.Errorf("pipeline: k = %d < 1", s.K)
	}
	return s.Bands.Validate(s.K)
}

// Engine is the shared, read-only state of the pipeline over one collection of sets.
type Engine struct {
	// Sets are the neighbourhoods (or plain sets) the signatures were computed from.
	Sets *datasets.Sets
	// Graph is the original graph; nil for set data (then push is unavailable).
	Graph *datasets.Graph
	// Sketch is the configuration of Sig and Index.
	Sketch Sketch
	Sig    *minhash.Signatures
	Index  *lsh.Index
	rows   lsh.Rows
}

// Build sketches every set and builds the banded index, with workers goroutines (<= 0: all
// cores). progress receives sets sketched out of the total. graph may be nil.
func Build(ctx context.Context, sets *datasets.Sets, graph *datasets.Graph, sk Sketch, workers int, progress datasets.Progress) (*Engine, error) {
	if sets == nil {
		return nil, fmt.Errorf("pipeline: build: nil sets")
	}
	if err := sk.Validate(); err != nil {
		return nil, fmt.Errorf("pipeline: build: %w", err)
	}
	sketcher, err := minhash.New(sk.Variant, sk.K, sk.Seed)
	if err != nil {
		return nil, err
	}
	sig, err := minhash.Build(ctx, sets, sketcher, workers, progress)
	if err != nil {
		return nil, fmt.Errorf("pipeline: sketch %s: %w", sk, err)
	}
	rows, err := rowsOf(sig)
	if err != nil {
		return nil, err
	}
	ix, err := lsh.Build(ctx, rows, lsh.Options{Params: sk.Bands, Workers: workers}, nil)
	if err != nil {
		return nil, fmt.Errorf("pipeline: index %s: %w", sk, err)
	}
	return &Engine{Sets: sets, Graph: graph, Sketch: sk, Sig: sig, Index: ix, rows: rows}, nil
}

// rowsOf returns the view the index reads: the rows themselves when a row is k full hash values,
// the unpacked values for b-bit variants.
func rowsOf(sig *minhash.Signatures) (lsh.Rows, error) {
	if sig.RowWords == sig.K {
		return lsh.NewSentinelRows(sig.Data, sig.K, minhash.Empty)
	}
	n := sig.Len()
	vals := make([]uint32, 0, n*sig.K)
	empty := make([]bool, n)
	var buf []uint32
	for i := 0; i < n; i++ {
		buf = sig.Values(i, buf)
		vals = append(vals, buf...)
		empty[i] = sig.IsEmpty(i)
	}
	return lsh.NewFlatRows(vals, sig.K, empty)
}

// CacheInfo says where a cached engine lives and whether it was loaded or built.
type CacheInfo struct {
	Dir, SigPath, IndexPath string
	// Loaded is true when both files were read from the cache, false when they were built (and
	// written).
	Loaded bool
}

// CachePaths returns the files of the engine of sets (fingerprint fp, neighbourhood mode mode)
// under the cache directory root: root/sketches/<fp[:16]>-<mode>/<variant>-k<k>-s<seed>.sig for
// the signatures and, beside it, the index file named by lsh.IndexPath (<sig>.banding-<b>x<r>.lshidx).
// The key covers everything the files depend on: the data (fingerprint), mode, variant, k, seed,
// b and r.
func CachePaths(root, fp, mode string, sk Sketch) CacheInfo {
	if len(fp) > 16 {
		fp = fp[:16]
	}
	dir := filepath.Join(root, "sketches", fp+"-"+mode)
	sig := filepath.Join(dir, fmt.Sprintf("%s-k%d-s%d.sig", sk.Variant, sk.K, sk.Seed))
	return CacheInfo{Dir: dir, SigPath: sig, IndexPath: lsh.IndexPath(sig, lsh.Banding, sk.Bands)}
}

// OpenCached returns the engine of sets for sk, reading the signatures and the index from the
// cache under root when both are there and match (a file that does not read back or does not fit
// the sets is rebuilt), and otherwise building them and writing them there atomically. mode names
// the neighbourhood mode in the key (any string for set data). fp is sets.Fingerprint(), passed
// in because callers often have it already; "" computes it.
func OpenCached(ctx context.Context, root string, sets *datasets.Sets, graph *datasets.Graph, mode, fp string, sk Sketch, workers int, progress datasets.Progress) (*Engine, CacheInfo, error) {
	if err := sk.Validate(); err != nil {
		return nil, CacheInfo{}, fmt.Errorf("pipeline: %w", err)
	}
	if fp == "" {
		fp = sets.Fingerprint()
	}
	ci := CachePaths(root, fp, mode, sk)
	if e, err := loadCached(ci, sets, graph, sk); err == nil {
		ci.Loaded = true
		return e, ci, nil
	}
	e, err := Build(ctx, sets, graph, sk, workers, progress)
	if err != nil {
		return nil, ci, err
	}
	if err := os.MkdirAll(ci.Dir, 0o755); err != nil {
		return nil, ci, fmt.Errorf("pipeline: cache: %w", err)
	}
	if err := e.Sig.WriteFile(ci.SigPath); err != nil {
		return nil, ci, fmt.Errorf("pipeline: cache signatures: %w", err)
	}
	if err := e.Index.Save(ci.IndexPath); err != nil {
		return nil, ci, fmt.Errorf("pipeline: cache index: %w", err)
	}
	return e, ci, nil
}

func loadCached(ci CacheInfo, sets *datasets.Sets, graph *datasets.Graph, sk Sketch) (*Engine, error) {
	sig, err := minhash.ReadFile(ci.SigPath)
	if err != nil {
		return nil, err
	}
	if sig.Len() != sets.Len() || sig.Variant != sk.Variant || sig.K != sk.K || sig.Seed != sk.Seed {
		sig.Close()
		return nil, fmt.Errorf("pipeline: cached signatures %s do not fit", ci.SigPath)
	}
	rows, err := rowsOf(sig)
	if err != nil {
		sig.Close()
		return nil, err
	}
	ix, err := lsh.Load(ci.IndexPath, rows)
	if err != nil {
		sig.Close()
		return nil, err
	}
	if ix.Params() != sk.Bands || ix.Variant() != lsh.Banding {
		sig.Close()
		return nil, fmt.Errorf("pipeline: cached index %s does not fit", ci.IndexPath)
	}
	return &Engine{Sets: sets, Graph: graph, Sketch: sk, Sig: sig, Index: ix, rows: rows}, nil
}

// Close releases the signatures' memory mapping, if any.
func (e *Engine) Close() error { return e.Sig.Close() }

// Times are the durations of the stages of one query.
type Times struct {
	Candidates time.Duration `json:"candidates"`
	Ranking    time.Duration `json:"ranking"`
	Structure  time.Duration `json:"structure"`
}
