package lsh

import (
	"slices"
)

// Scorer scores a candidate against the current query, typically its estimated Jaccard
// similarity from signatures or its exact Jaccard similarity. It is called once per candidate.
type Scorer interface {
	Score(cand uint32) float64
}

// ScoreFunc adapts a function to Scorer.
type ScoreFunc func(cand uint32) float64

// Score calls f.
func (f ScoreFunc) Score(cand uint32) float64 { return f(cand) }

// Scored is a candidate with its score.
type Scored struct {
	ID    uint32  `json:"id"`
	Score float64 `json:"score"`
}

// Threshold appends to dst[:0] the candidates whose score is at least t, in candidate order, and
// returns it: the threshold answer of a query verified by s.
func Threshold(cands []uint32, t float64, s Scorer, dst []Scored) []Scored {
	dst = dst[:0]
	for _, c := range cands {
		if v := s.Score(c); v >= t {
			dst = append(dst, Scored{ID: c, Score: v})
		}
	}
	return dst
}

// TopK appends to dst[:0] the k best-scored candidates, by descending score then ascending id,
// and returns it: the top-k answer re-ranked by s. It runs in O(c log c) for c candidates.
func TopK(cands []uint32, k int, s Scorer, dst []Scored) []Scored {
	dst = dst[:0]
	for _, c := range cands {
		dst = append(dst, Scored{ID: c, Score: s.Score(c)})
	}
	slices.SortFunc(dst, func(a, b Scored) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
	if k >= 0 && len(dst) > k {
		dst = dst[:k]
	}
	return dst
}

// SignatureScorer scores candidates by the fraction of equal positions between their rows and a
// query signature: the standard minhash estimate of Jaccard similarity for signatures whose
// positions are full hash values. Candidates that are empty rows score 0 (datasets.EmptyRule).
// Packages with their own estimator (b-bit, bottom-k) should pass theirs through ScoreFunc.
type SignatureScorer struct {
	Rows  Rows
	Query []uint32
}

// Score implements Scorer in O(K).
func (s SignatureScorer) Score(cand uint32) float64 {
	if s.Rows.IsEmpty(int(cand)) {
		return 0
	}
	row := s.Rows.Row(int(cand))
	q := s.Query[:len(row)]
	eq := 0
	for i, v := range row {
		if v == q[i] {
			eq++
		}
	}
	return float64(eq) / float64(len(row))
}
