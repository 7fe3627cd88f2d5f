package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"lshbench/algorithms/exact"
	"lshbench/algorithms/lsh"
	"lshbench/algorithms/minhash"
	"lshbench/datasets"
)

// tuneFlags are the flags of `lshbench tune`.
type tuneFlags struct {
	k            int
	threshold    string
	recall       float64
	weights      string
	alternatives int
	queries      int
	seed         uint64
	data         dataFlags
	out          outputFlags
}

func newTuneCmd() *cobra.Command {
	f := &tuneFlags{}
	cmd := &cobra.Command{
		Use:   "tune [DATASET|PATH]",
		Short: "Choose bands b x r for a signature length and a similarity threshold",
		Long: `tune chooses the banding (b bands of r rows, b*r <= k) of an LSH index for signatures of
length k and a target Jaccard threshold t, and prints the choice and the near-best configurations:
their S-curve threshold (1/b)^(1/r), the collision probability P(s) = 1-(1-s^r)^b at several
similarities, and the false-positive area (integral of P below t) and false-negative area
(integral of 1-P above t).

Two methods:
  --weights FP,FN  (default 0.5,0.5) minimise FP*fp_area + FN*fn_area over every b*r <= k: the
                   method of datasketch and ekzhu/minhash-lsh; it picks the same (b, r) as
                   datasketch's MinHashLSH for the same k, threshold and weights. With equal
                   weights it may find only a third of the pairs at exactly J = t.
  --recall R       among the (b, r) with P(t) >= R, the one with the fewest expected
                   candidates: with a data set, expected colliding pairs under the measured
                   similarity histogram; without, the false-positive area.

With a data set (a registry name or a path), tune also sketches it (kminhash, k, seed 1), samples
--queries non-empty sets, computes their exact similarities to every set, and reports for each
configuration the expected and the measured candidate rate and recall at t on that sample.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) (err error) {
			w, finish, err := f.out.create(cmd)
			if err != nil {
				return err
			}
			defer func() { err = finish(err) }()
			ref := ""
			if len(args) == 1 {
				ref = args[0]
			}
			rep, err := runTune(cmd, f, ref)
			if err != nil {
				return err
			}
			if f.out.json() {
				return writeJSONLine(w, rep)
			}
			return rep.writeTable(w)
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&f.k, "k", 128, "signature length (number of minhash values)")
	fl.StringVar(&f.threshold, "threshold", "", "target Jaccard similarity t, 0 < t < 1 (required)")
	fl.Float64Var(&f.recall, "recall", 0, "choose the fewest expected candidates with P(t) >= recall")
	fl.StringVar(&f.weights, "weights", "", "false-positive and false-negative weights FP,FN (default 0.5,0.5)")
	fl.IntVar(&f.alternatives, "alternatives", 5, "number of near-best configurations to show")
	fl.IntVar(&f.queries, "queries", 500, "with a data set: number of sampled query sets")
	fl.Uint64Var(&f.seed, "seed", 1, "with a data set: seed of the query sample")
	addDataFlags(cmd, &f.data)
	addOutputFlags(cmd, &f.out)
	return cmd
}

// tunePoint is P at one similarity.
type tunePoint struct {
	S float64 `json:"s"`
	P float64 `json:"p"`
}

// tuneEmpirical is what an index with one configuration did on the query sample.
type tuneEmpirical struct {
	// CandidatesPerQuery is the mean number of candidates per query.
	CandidatesPerQuery float64 `json:"candidates_per_query"`
	// CandidateRate is the mean fraction of the other non-empty sets returned as candidates.
	CandidateRate float64 `json:"candidate_rate"`
	// Recall is the fraction of the (query, set) pairs with J >= t found as candidates.
	Recall float64 `json:"recall"`
	// IndexBytes is the memory of the index.
	IndexBytes int64 `json:"index_bytes"`
}

// tuneConfig is one configuration in the report.
type tuneConfig struct {
	B             int                `json:"b"`
	R             int                `json:"r"`
	Unused        int                `json:"unused"`
	Threshold     float64            `json:"threshold"`
	PAtTarget     float64            `json:"p_at_target"`
	Curve         []tunePoint        `json:"curve"`
	FalsePositive float64            `json:"false_positive_area"`
	FalseNegative float64            `json:"false_negative_area"`
	Error         *float64           `json:"error,omitempty"`
	Expected      *tuneExpectedQuery `json:"expected,omitempty"`
	Empirical     *tuneEmpirical     `json:"empirical,omitempty"`
}

// tuneExpectedQuery is the theoretical expectation per query on the data set's histogram.
type tuneExpectedQuery struct {
	CandidatesPerQuery     float64 `json:"candidates_per_query"`
	FalsePositivesPerQuery float64 `json:"false_positives_per_query"`
	FalseNegativesPerQuery float64 `json:"false_negatives_per_query"`
	Recall                 float64 `json:"recall"`
}

// tuneDataset describes the data set a tuning was measured on.
type tuneDataset struct {
	Name     string  `json:"name"`
	Mode     string  `json:"mode"`
	Sets     int     `json:"sets"`
	NonEmpty int     `json:"non_empty"`
	Queries  int     `json:"queries"`
	Sketch   string  `json:"sketch"`
	Pairs    float64 `json:"pairs_at_or_above_target_per_query"`
}

// tuneReport is the JSON document: top-level b, r and threshold are the choice.
type tuneReport struct {
	tuneConfig
	K            int          `json:"k"`
	Target       float64      `json:"target"`
	Method       string       `json:"method"`
	Weights      []float64    `json:"weights,omitempty"`
	Recall       float64      `json:"recall,omitempty"`
	Dataset      *tuneDataset `json:"dataset,omitempty"`
	Alternatives []tuneConfig `json:"alternatives"`
}

func parseWeights(s string) (float64, float64, error) {
	a, b, ok := strings.Cut(s, ",")
	if !ok {
		return 0, 0, fmt.Errorf("--weights %q: want FP,FN such as 0.5,0.5", s)
	}
	fp, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	fn, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	if err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("--weights %q: want two numbers FP,FN", s)
	}
	return fp, fn, nil
}

// tuneData is the measured side of a tuning: the query sample, its exact answers and the
// signatures.
type tuneData struct {
	sets    *datasets.Sets
	rows    *lsh.SentinelRows
	queries []uint32
	// truth[q] lists the sets with J >= t for query q, ascending.
	truth [][]uint32
	hist  *lsh.Histogram
	live  int
}

func runTune(cmd *cobra.Command, f *tuneFlags, ref string) (*tuneReport, error) {
	if f.threshold == "" {
		return nil, fmt.Errorf("--threshold is required")
	}
	t, err := strconv.ParseFloat(f.threshold, 64)
	if err != nil || !(t > 0 && t < 1) {
		return nil, fmt.Errorf("--threshold %q: want a number strictly between 0 and 1", f.threshold)
	}
	if cmd.Flags().Changed("recall") && f.weights != "" {
		return nil, fmt.Errorf("--recall and --weights choose different methods: give one")
	}
	if f.alternatives < 0 {
		return nil, fmt.Errorf("--alternatives %d: must be >= 0", f.alternatives)
	}
	rep := &tuneReport{K: f.k, Target: t}
	var data *tuneData
	if ref != "" {
		data, rep.Dataset, err = loadTuneData(cmd, f, ref)
		if err != nil {
			return nil, err
		}
	}
	var tuning lsh.Tuning
	if cmd.Flags().Changed("recall") {
		rep.Method, rep.Recall = "recall", f.recall
		var h *lsh.Histogram
		if data != nil {
			h = data.hist
		}
		tuning, err = lsh.TuneRecall(f.k, t, f.recall, h, f.alternatives)
	} else {
		wfp, wfn := 0.5, 0.5
		if f.weights != "" {
			if wfp, wfn, err = parseWeights(f.weights); err != nil {
				return nil, err
			}
		}
		rep.Method, rep.Weights = "weighted", []float64{wfp, wfn}
		tuning, err = lsh.TuneWeighted(f.k, t, wfp, wfn, f.alternatives)
	}
	if err != nil {
		return nil, err
	}
	all := append([]lsh.Candidate{tuning.Best}, tuning.Alternatives...)
	for i, c := range all {
		tc, err := describeTuning(cmd, c, f.k, t, rep.Method == "weighted", data)
		if err != nil {
			return nil, err
		}
		if i == 0 {
			rep.tuneConfig = tc
		} else {
			rep.Alternatives = append(rep.Alternatives, tc)
		}
	}
	if rep.Alternatives == nil {
		rep.Alternatives = []tuneConfig{}
	}
	return rep, nil
}

var tuneSims = []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}

func describeTuning(cmd *cobra.Command, c lsh.Candidate, k int, t float64, weighted bool, data *tuneData) (tuneConfig, error) {
	tc := tuneConfig{B: c.B, R: c.R, Unused: c.Unused(k), Threshold: c.Threshold, PAtTarget: c.PAtT,
		FalsePositive: c.FalsePositive, FalseNegative: c.FalseNegative}
	if weighted {
		e := c.Error
		tc.Error = &e
	}
	for _, s := range tuneSims {
		tc.Curve = append(tc.Curve, tunePoint{S: s, P: c.P(s)})
	}
	if data == nil {
		return tc, nil
	}
	q := float64(len(data.queries))
	e := data.hist.Expect(lsh.BandingCurve(c.Params), k, t)
	tc.Expected = &tuneExpectedQuery{CandidatesPerQuery: e.Candidates / q, FalsePositivesPerQuery: e.FalsePositives / q,
		FalseNegativesPerQuery: e.FalseNegatives / q, Recall: e.Recall()}
	ix, err := lsh.Build(cmd.Context(), data.rows, lsh.Options{Params: c.Params}, nil)
	if err != nil {
		return tc, err
	}
	qr := ix.NewQuerier()
	var emp tuneEmpirical
	found, positives := 0, 0
	for qi, id := range data.queries {
		cands := qr.Candidates(int(id))
		emp.CandidatesPerQuery += float64(len(cands))
		if data.live > 1 {
			emp.CandidateRate += float64(len(cands)) / float64(data.live-1)
		}
		sorted := slices.Sorted(slices.Values(cands))
		for _, x := range data.truth[qi] {
			if _, ok := slices.BinarySearch(sorted, x); ok {
				found++
			}
		}
		positives += len(data.truth[qi])
	}
	emp.CandidatesPerQuery /= q
	emp.CandidateRate /= q
	emp.Recall = 1
	if positives > 0 {
		emp.Recall = float64(found) / float64(positives)
	}
	emp.IndexBytes = ix.Bytes()
	tc.Empirical = &emp
	return tc, nil
}

// loadTuneData opens the data set, sketches it, samples the queries and computes their exact
// similarities to every set (through the inverted index of package exact).
func loadTuneData(cmd *cobra.Command, f *tuneFlags, ref string) (*tuneData, *tuneDataset, error) {
	if f.queries < 1 {
		return nil, nil, fmt.Errorf("--queries %d: must be >= 1", f.queries)
	}
	th, err := exact.ParseThreshold(f.threshold)
	if err != nil {
		return nil, nil, fmt.Errorf("--threshold: %w", err)
	}
	ds, sets, mode, err := f.data.sets(cmd, ref)
	if err != nil {
		return nil, nil, err
	}
	sk, err := minhash.New("kminhash", f.k, 1)
	if err != nil {
		return nil, nil, err
	}
	bar := newBar(cmd, "sketch")
	sig, err := minhash.Build(cmd.Context(), sets, sk, 0, bar.progress())
	bar.done()
	if err != nil {
		return nil, nil, err
	}
	rows, err := lsh.NewSentinelRows(sig.Data, sig.K, minhash.Empty)
	if err != nil {
		return nil, nil, err
	}
	live := sets.NonEmpty()
	if len(live) < 2 {
		return nil, nil, fmt.Errorf("%s: %d non-empty sets, need at least 2 to tune on", ref, len(live))
	}
	rng := rand.New(rand.NewPCG(f.seed, 0x70e))
	rng.Shuffle(len(live), func(i, j int) { live[i], live[j] = live[j], live[i] })
	queries := slices.Clone(live[:min(f.queries, len(live))])
	slices.Sort(queries)
	d := &tuneData{sets: sets, rows: rows, queries: queries, truth: make([][]uint32, len(queries)),
		hist: lsh.NewHistogram(1000), live: sets.Len() - sets.Sizes().Empty}
	xi := exact.NewIndex(sets)
	sc := xi.NewScratch()
	bar = newBar(cmd, "exact")
	prog := bar.progress()
	pos := 0
	for qi, id := range queries {
		if err := cmd.Context().Err(); err != nil {
			bar.done()
			return nil, nil, err
		}
		nb := xi.TopK(sets.Set(int(id)), int(id), sets.Len(), sc)
		for _, n := range nb {
			d.hist.Add(n.Jaccard)
			if th.Accepts(int(n.Inter), int(n.Union)) {
				d.truth[qi] = append(d.truth[qi], n.ID)
			}
		}
		// Every other non-empty set shares nothing with the query: similarity 0.
		d.hist.Counts[0] += float64(d.live - 1 - len(nb))
		slices.Sort(d.truth[qi])
		pos += len(d.truth[qi])
		if prog != nil {
			prog(int64(qi+1), int64(len(queries)))
		}
	}
	bar.done()
	info := &tuneDataset{Name: ds.Name, Mode: mode.String(), Sets: sets.Len(), NonEmpty: d.live,
		Queries: len(queries), Sketch: "kminhash seed 1", Pairs: float64(pos) / float64(len(queries))}
	return d, info, nil
}

func (rep *tuneReport) writeTable(w io.Writer) error {
	method := fmt.Sprintf("fewest expected candidates with P(t) >= %g", rep.Recall)
	if rep.Method == "weighted" {
		method = fmt.Sprintf("weighted, FP,FN = %g,%g (datasketch)", rep.Weights[0], rep.Weights[1])
	}
	fmt.Fprintf(w, "k = %d, target threshold t = %g, method: %s\n", rep.K, rep.Target, method)
	if d := rep.Dataset; d != nil {
		fmt.Fprintf(w, "data: %s (%s), %d sets (%d non-empty), %d queries, %s; %.2f sets with J >= t per query\n",
			d.Name, d.Mode, d.Sets, d.NonEmpty, d.Queries, d.Sketch, d.Pairs)
	}
	fmt.Fprintf(w, "choice: b = %d bands x r = %d rows (%d positions unused), S-curve threshold %.4f, P(t) = %.4f\n",
		rep.B, rep.R, rep.Unused, rep.Threshold, rep.PAtTarget)
	fmt.Fprintf(w, "Pt: collision probability at J = t; P20..P80: at J = 0.2..0.8; areas: integral of P below t, of 1-P above t\n")
	header := []string{"", "b x r", "unused", "threshold", "Pt"}
	for _, s := range []int{20, 40, 60, 80} {
		header = append(header, fmt.Sprintf("P%d", s))
	}
	header = append(header, "fp area", "fn area")
	if rep.Method == "weighted" {
		header = append(header, "error")
	}
	if rep.Dataset != nil {
		fmt.Fprintf(w, "exp: expected per query from the similarity histogram; cand, rate, recall: measured with the index on the sample\n")
		header = append(header, "exp cand", "exp FP", "exp FN", "exp recall", "cand", "rate", "recall", "index MB")
	}
	var rows [][]string
	for i, c := range append([]tuneConfig{rep.tuneConfig}, rep.Alternatives...) {
		mark := ""
		if i == 0 {
			mark = "*"
		}
		row := []string{mark, fmt.Sprintf("%d x %d", c.B, c.R), strconv.Itoa(c.Unused), fmt.Sprintf("%.4f", c.Threshold),
			fmt.Sprintf("%.4f", c.PAtTarget)}
		for _, p := range c.Curve {
			if p.S == 0.2 || p.S == 0.4 || p.S == 0.6 || p.S == 0.8 {
				row = append(row, fmt.Sprintf("%.4f", p.P))
			}
		}
		row = append(row, fmt.Sprintf("%.5f", c.FalsePositive), fmt.Sprintf("%.5f", c.FalseNegative))
		if c.Error != nil {
			row = append(row, fmt.Sprintf("%.6f", *c.Error))
		}
		if e := c.Expected; e != nil {
			row = append(row, fmt.Sprintf("%.3f", e.CandidatesPerQuery), fmt.Sprintf("%.3f", e.FalsePositivesPerQuery),
				fmt.Sprintf("%.3f", e.FalseNegativesPerQuery), fmt.Sprintf("%.4f", e.Recall))
		}
		if e := c.Empirical; e != nil {
			row = append(row, fmt.Sprintf("%.3f", e.CandidatesPerQuery), fmt.Sprintf("%.2e", e.CandidateRate),
				fmt.Sprintf("%.4f", e.Recall), fmt.Sprintf("%.2f", float64(e.IndexBytes)/1e6))
		}
		rows = append(rows, row)
	}
	return writeTable(w, header, rows)
}
