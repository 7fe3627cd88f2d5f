// Package expand grows a local community around a few seed vertices: the ranking step of the
// pipeline seeds -> LSH candidates -> ranking -> local community -> WALKTRAP structure, as in
// Chamberlain et al., "Real-time community detection in full social networks on a laptop"
// (PLOS ONE 2018), together with the baselines and the per-run metric of that paper's evaluation
// protocol (Kloumann and Kleinberg 2014).
//
// # Boundary
//
// The package does not compute similarities itself. A caller passes a Similarity, one call per
// pair of item ids: estimated Jaccard from minhash signatures, or exact Jaccard. Driving the same
// method with both tells sketch error from method error. A Matrix precomputes the dense
// candidate-by-candidate similarities of a Query once; the PageRank methods need it, and the
// other methods accept it as an alternative to a Similarity.
//
// # Methods (stable names, see Method)
//
//   - "minrank": the paper's method. Every candidate starts with its mean similarity to the
//     seeds; seeds are never ranked. Repeatedly the candidate with the highest mean joins the
//     community (ties: lower id), and every remaining candidate's mean is updated with the
//     streaming mean mu <- (n*mu + J(new, c)) / (n+1), n being the community size before the
//     addition (seeds included). The implementation keeps the sums S = n*mu instead of the means,
//     which is the same quantity in exact arithmetic, needs no division in the inner loop and
//     accumulates no rounding; the score reported for an addition is its mean S/n at the moment
//     it was chosen. O(s*c + m*c) similarity evaluations for s seeds, c candidates, m additions.
//   - "average" (the paper's "initial averages"): one ranking by mean similarity to the seeds,
//     no update; seeds excluded. O(s*c) evaluations and a sort.
//   - "ppr-paper": personalised PageRank on the dense candidate matrix exactly as the authors
//     ran it: A = the similarity matrix over the candidates (seeds included) with 1 on the
//     diagonal (their matrix was 1 - Jaccard distance, whose diagonal is 0), each column divided
//     by its sum, R = 1/n on every candidate, then 3 times R <- 0.9*A*R followed by adding the
//     lost mass 1 - sum(R) uniformly to the seeds. Ranked by R descending; the seeds stay in
//     the ranking and take evaluation slots. (The authors started from R = 1 and re-injected
//     n - sum(R); every step is linear, so the ranking is the same.)
//   - "ppr": the same vector with the seeds removed from the ranking (the corrected variant).
//   - "push": Andersen-Chung-Lang (2006) approximate personalised PageRank by push on the
//     original graph (no sketches), alpha = teleport probability, followed by a conductance sweep
//     over p(v)/d(v). See Pusher.
//
// # Evaluation
//
// RecallCurve, Curve.AUC, F1 and Evaluate implement the per-run metric: recall of the true
// non-seed members after every batch of additions, its area under the curve, and F1 of the
// grown community. SampleSeeds draws seeds reproducibly. See those functions for the exact
// definitions (end points, partial batches).
//
// Nothing in this package keeps global state. Query and Matrix are read-only after construction
// and may be shared between goroutines; a Pusher holds work arrays and serves one goroutine at a
// time. Every method is deterministic: same inputs, same ranking.
package expand
