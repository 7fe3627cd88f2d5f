package expand

import (
	"context"
	"fmt"
	"strings"

	"lshbench/datasets"
)

// Method names a ranking method. The names are stable: they appear in experiment specs and
// result records.
type Method string

const (
	// MethodMinRank is the paper's greedy expansion with streaming mean updates (MinRank).
	MethodMinRank Method = "minrank"
	// MethodAverage ranks once by mean similarity to the seeds (Average).
	MethodAverage Method = "average"
	// MethodPPRPaper is personalised PageRank on the candidate matrix with the seeds kept in the
	// ranking, as the authors ran it (PPRPaper).
	MethodPPRPaper Method = "ppr-paper"
	// MethodPPR is the same with the seeds removed from the ranking (PPR).
	MethodPPR Method = "ppr"
	// MethodPush is Andersen-Chung-Lang push on the original graph (Pusher).
	MethodPush Method = "push"
)

// Methods returns every method in a fixed order.
func Methods() []Method {
	return []Method{MethodMinRank, MethodAverage, MethodPPRPaper, MethodPPR, MethodPush}
}

// ParseMethod reads a method name (case-insensitive; "initial-averages" and "pagerank" are
// accepted as aliases of average and ppr-paper).
func ParseMethod(s string) (Method, error) {
	switch m := Method(strings.ToLower(strings.TrimSpace(s))); m {
	case MethodMinRank, MethodAverage, MethodPPRPaper, MethodPPR, MethodPush:
		return m, nil
	case "initial-averages", "initial_avgs", "averages":
		return MethodAverage, nil
	case "pagerank", "page_rank":
		return MethodPPRPaper, nil
	}
	return "", fmt.Errorf("expand: unknown method %q (want minrank, average, ppr-paper, ppr or push)", s)
}

// UsesGraph reports whether the method works on the original graph rather than on similarities.
func (m Method) UsesGraph() bool { return m == MethodPush }

// NeedsMatrix reports whether the method needs the dense candidate matrix.
func (m Method) NeedsMatrix() bool { return m == MethodPPRPaper || m == MethodPPR }

// Input carries what the methods may need; each method reads only its part.
type Input struct {
	// Query holds the candidates and the seeds (push reads only the seeds).
	Query *Query
	// Sim drives minrank and average, and builds the matrix when Matrix is nil.
	Sim Similarity
	// Matrix, when set, is used by every similarity method instead of Sim.
	Matrix *Matrix
	// Pusher (or, when nil, Graph) runs push.
	Pusher *Pusher
	Graph  *datasets.Graph
	PPR    PPROptions
	Push   PushOptions
}

// Rank runs one method and returns at most limit items (all when limit <= 0). For push only the
// ranking is returned; use a Pusher directly for the sweep set.
func Rank(ctx context.Context, method Method, in Input, limit int) (Ranking, error) {
	if in.Query == nil {
		return nil, fmt.Errorf("expand: %s: no query", method)
	}
	switch method {
	case MethodPush:
		w := in.Pusher
		if w == nil {
			if in.Graph == nil {
				return nil, fmt.Errorf("expand: push needs a graph")
			}
			w = NewPusher(in.Graph)
		}
		res, err := w.Run(in.Query.Seeds(), in.Push, limit)
		return res.Ranking, err
	case MethodMinRank, MethodAverage, MethodPPRPaper, MethodPPR:
	default:
		return nil, fmt.Errorf("expand: unknown method %q", method)
	}
	m := in.Matrix
	if m != nil && m.q != in.Query {
		return nil, fmt.Errorf("expand: %s: matrix built for another query", method)
	}
	if m == nil && in.Sim == nil {
		return nil, fmt.Errorf("expand: %s needs a similarity or a matrix", method)
	}
	if m == nil && method.NeedsMatrix() {
		var err error
		if m, err = NewMatrix(ctx, in.Query, in.Sim); err != nil {
			return nil, err
		}
	}
	switch method {
	case MethodMinRank:
		if m != nil {
			return MinRankMatrix(ctx, m, limit)
		}
		return MinRank(ctx, in.Query, in.Sim, limit)
	case MethodAverage:
		if m != nil {
			return AverageMatrix(ctx, m, limit)
		}
		return Average(ctx, in.Query, in.Sim, limit)
	case MethodPPRPaper:
		return PPRPaper(ctx, m, in.PPR, limit)
	default:
		return PPR(ctx, m, in.PPR, limit)
	}
}
