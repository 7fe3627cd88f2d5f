// Package community structures a set of vertices into communities and measures them: a weighted
// undirected graph type (Weighted) for candidate graphs of a few thousand vertices as well as
// sparse graphs, the WALKTRAP agglomerative algorithm with its full dendrogram, gonum's Louvain as
// the alternative, partition comparisons (modularity, NMI, F1, average best-match F1) and the
// quality measures of a single vertex set used by the paper. It depends on no sketch or index.
//
// # Self-loops
//
// Weighted keeps self-loops apart from the adjacency (Weighted.Loop). No measure of this package
// counts them: modularity, strengths and the set measures ignore them, so a similarity graph whose
// diagonal holds each member's self-similarity gives the same results as one without a diagonal.
// (The authors' code counted each member's self-similarity in c_s; that is not reproduced.)
// WALKTRAP adds its own loops to the walk, chosen by WalktrapOptions.Loops.
//
// # WALKTRAP (Pons and Latapy 2005)
//
// The walk runs on g plus one loop per vertex: by default (MeanLoops) of weight the mean weight of
// the vertex's edges, as in the authors' reference implementation (which igraph uses); on an
// unweighted graph that is a loop of weight 1. With d(k) the strength of k including that loop and
// P = D^-1 A the transition matrix, each vertex i has the vector P^t_i. for walks of length t
// (4 by default). Distances are
//
//	r_ij = sqrt( sum_k (P^t_ik - P^t_jk)^2 / d(k) ),
//
// a community C has the vector P_C = (1/|C|) sum_{i in C} P^t_i. and r_{C1 C2} is the same
// distance between community vectors. Starting from singletons, the algorithm repeatedly merges
// the pair of adjacent communities (joined by at least one edge) with the smallest
//
//	Delta sigma(C1, C2) = (1/n) * |C1||C2| / (|C1| + |C2|) * r^2_{C1 C2},
//
// which is Ward's criterion on the vectors P^t_i. D^-1/2. After a merge into C3, Delta sigma to a
// community adjacent to both C1 and C2 follows Theorem 4 of the paper,
// ((|C1|+|C|) ds(C1,C) + (|C2|+|C|) ds(C2,C) - |C| ds(C1,C2)) / (|C1|+|C2|+|C|), which is exact;
// to a community adjacent to one of them it is computed from P_C3, lazily: a lower bound from the
// triangle inequality stands in until the pair reaches the top of the heap, so the merge order is
// that of the exact algorithm. (The reference implementation, also in igraph, stores an
// approximation there that is not a bound, so its merge order can differ from the exact one.) The
// 1/n factor changes no decision; it is kept so that Delta sigma matches the paper. Ties (Delta
// sigma equal after rounding to 40 significant bits, about 12 decimal digits) go to the pair with
// the smaller ids (smaller id first, then larger id). Communities never joined by an edge are never merged, so a disconnected graph
// stops with one community per component.
//
// # Modularity
//
// Weighted modularity at resolution gamma (1 unless stated):
// Q = sum_c [ W_c / W - gamma (S_c / 2W)^2 ], W the total edge weight, W_c the weight inside c
// (each edge once), S_c the sum of the strengths of c's vertices; loops ignored. This is
// Newman's weighted modularity and equals gonum's community.Q on the same graph without loops.
//
// # Comparing partitions and communities
//
// NMI uses the arithmetic-mean normalisation, I(X;Y) / ((H(X)+H(Y))/2), natural logarithms; it is
// scikit-learn's default and identical to the form of Danon et al. (2005). F1 of a found community
// against a true one is 2|A ∩ B| / (|A| + |B|). AverageF1 is the average best-match F1 of Yang and
// Leskovec (2013): the mean of (1/|A|) sum_a max_b F1(a, b) and (1/|B|) sum_b max_a F1(b, a); it
// accepts overlapping communities.
//
// # Quality of a vertex set S (SetQuality)
//
// With m_s the weight of the edges inside S (each unordered pair once) and c_s the weight of the
// edges with exactly one end in S (the boundary), self-loops excluded from both:
//
//   - density = m_s / (|S|(|S|-1)/2), 0 when |S| < 2;
//   - separability = m_s / c_s, +Inf when c_s = 0 < m_s, 0 when both are 0;
//   - conductance = c_s / (2 m_s + c_s), 1 when S has no incident weight at all;
//   - cohesiveness = the lowest conductance of a sub-community of S, found as in the authors'
//     code: on the subgraph induced by S, Restarts (10) times pick a member r uniformly at random
//     (PCG seeded by QualityOptions.Seed), run Iterations (2) steps of personalised PageRank
//     R <- Beta A D^-1 R with Beta = 0.85 the continuation probability, starting from R = 1 on
//     every member and re-injecting the lost mass at r; order the members by R_i / d_i (degrees
//     within S; ties by position in sorted S, members with no internal edge last) and sweep the
//     prefixes T: the conductance of T inside S is cut(T, S\T) / vol(T), volumes within S, over
//     the prefixes with vol(T) <= vol(S)/2 (the sweep stops at the first prefix above half).
//     The result is the minimum over all restarts and prefixes, 1 when none is lower;
//   - clustering = the mean, over members with at least one edge inside S, of the weighted
//     clustering coefficient of Holme et al. (2007) on the subgraph induced by S,
//     C_i = sum_{j,k} w_ij w_jk w_ki / (w_max sum_{j != k} w_ij w_ik), with w_max the largest
//     weight inside S unless QualityOptions.MaxWeight is set (the paper's code uses 1, the
//     largest possible Jaccard). On an unweighted graph C_i is the usual local clustering
//     coefficient. (The paper's code uses this definition but includes j = k in the denominator.)
package community
