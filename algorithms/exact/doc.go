// Package exact computes exact Jaccard similarities between the sets of a datasets.Sets
// collection: the ground truth every sketch and LSH index of lshbench is judged against.
//
// It offers
//   - pairwise similarity of two sorted sets (Intersect, Jaccard), by merging or, when the sizes
//     differ a lot, by galloping search;
//   - top-k and threshold queries of one set against the whole collection through an inverted
//     index (Index.TopK, Index.ThresholdQuery, and their parallel forms TopKAll, ThresholdAll);
//   - the threshold self-join of a collection (Join), AllPairs/PPJoin style with size, prefix
//     and positional filters and exact verification;
//   - brute-force references (BruteTopK, BruteThreshold, BruteJoin) for tests;
//   - an on-disk cache of these results keyed by the collection's content (Cache).
//
// # Exactness
//
// Similarities are compared as rationals Inter/Union by cross-multiplication in 64-bit integers,
// never as floats, so ties are exact and orderings deterministic. Thresholds are rationals
// (Threshold, parsed exactly from "0.07" or "1/3"), so bounds such as ceil(t*|x|) are computed in
// integers: 0.07*100 is 7, not 8. The float64 Jaccard fields are for display and downstream
// arithmetic only.
//
// # Empty sets and the query itself
//
// The similarity of an empty set to any set, including another empty set, is 0
// (datasets.EmptyRule). Empty sets are never queries (a query with no elements returns no
// neighbours) and never appear in an answer. Answers only hold sets with a positive similarity:
// a top-k answer can have fewer than k entries when fewer sets share an element with the query.
// When a query is set i of the indexed collection (self = i), set i itself is excluded from its
// answer; other sets equal to it are kept (with similarity 1).
//
// # Ties
//
// A top-k answer holds every set whose similarity is at least the k-th largest, so it may hold
// more than k sets; recall can then be computed tie-aware. Answers are ordered by descending
// similarity, then ascending set id, independently of the number of workers.
package exact
