// Package lsh indexes minhash signatures for fast candidate retrieval: banded LSH, multi-probe
// banding and the LSH Forest, with the S-curve theory and the (b, r) tuners that go with them.
//
// # Signatures
//
// Indexes read a signature matrix through the Rows interface (Len rows of K uint32 positions and
// an empty-set flag per row). SentinelRows wraps a flat slice whose empty rows start with a
// sentinel value, which is how package minhash stores them:
//
//	rows, err := lsh.NewSentinelRows(sig.Data, sig.K, minhash.Empty) // sig.RowWords == sig.K
//
// (b-bit signatures must first be unpacked into full values.) Rows of empty sets are never
// inserted and never returned, and querying one returns nothing (datasets.EmptyRule), so isolated
// vertices do not all collide. Indexes keep a reference to the rows and never copy them.
//
// # Banded index
//
// Build splits the first b*r positions of every signature into b bands of r rows (k - b*r
// positions are left unused and reported by Unused). Each band is one hash table keyed by a 64-bit
// band key: XXH64 (github.com/cespare/xxhash/v2, seed 0) of the band's r values as little-endian
// bytes followed by the band number, so equal values in different bands give unrelated keys.
// Two different bands share a key with probability 2^-64 per pair, which is ignored.
//
// Tables are flat: the sorted distinct keys, the members of each key in compressed sparse rows
// (ascending row numbers), and a radix directory on the keys' top floor(log2(keys)) bits, so a
// lookup reads one directory pair and compares one or two keys. There is no map and no per-bucket
// allocation. Builds run one table per goroutine: keys of all rows, a stable counting sort on the
// keys' top bits, then a sort of each short slot. The result does not depend on the number of
// workers.
//
// By default only buckets with two or more members are stored, as in the paper's code: a row
// alone in its bucket is nobody's candidate when queries are rows of the collection (Candidates),
// and dropping those buckets typically halves the memory. Queries with the signature of a set
// from outside the collection (CandidatesOf) need every bucket: build with Options.Singletons.
//
// A Querier holds the per-goroutine scratch: a visited array stamped with a query counter, so
// de-duplicating candidates costs one compare per bucket member and nothing to reset (short
// answers are de-duplicated by a scan of the answer itself, which stays in cache). Lookups of
// the b tables are done in phases (all keys, all filter bits and directory slots, all key scans,
// all buckets) so their cache misses overlap; a per-table bit filter on the keys' top bits (8 to
// 16 bits per key, derived from the keys) rejects most absent keys before the directory is read.
// The answer is the candidate list; Threshold and TopK verify or
// re-rank it with a Scorer called once per candidate (estimated J from signatures with
// SignatureScorer, exact J from package exact through ScoreFunc).
//
// The probability that two sets of Jaccard similarity s share a bucket is
// P(s) = 1 - (1 - s^r)^b (Collision), whose steepest rise is near (1/b)^(1/r) (Params.Threshold).
// The tests check the empirical collision rate of pairs with exactly known similarity against
// this curve within binomial (Wilson) confidence intervals.
//
// # Multi-probe banding
//
// The MultiProbe variant also finds pairs whose band agrees in r-1 of its r positions: for each
// band it keeps r tables, the j-th keyed by the band with position j left out (a band agreeing in
// all r positions matches all of them, so no table of full bands is needed). For minhash, where
// each position agrees independently with probability s,
// P(s) = 1 - (1 - (s^r + r s^(r-1) (1-s)))^b (MultiProbeCollision). It costs r times the tables;
// its candidates are a superset of plain banding's on the same signatures.
//
// # LSH Forest
//
// Forest (Bawa, Condie and Ganesan, WWW 2005) answers top-k queries without a threshold: b trees
// over r-value labels stored as label-sorted arrays; a query descends from the longest shared
// prefix to the shortest across all trees until it holds the requested number of candidates,
// which TopK then re-ranks.
//
// # Tuning
//
// TuneWeighted is the method of datasketch and ekzhu/minhash-lsh (minimise the weighted
// false-positive and false-negative areas over every b*r <= k); it reproduces datasketch's
// choices exactly, with integrals that are exact up to rounding (Gauss-Legendre on polynomials).
// TuneRecall reaches P(t) >= R with the fewest expected candidates, from a similarity Histogram
// of the data when one is given.
//
// # Persistence
//
// Index.Save and Forest.Save write a versioned binary file (see persist.go for the layout) through
// internal/atomicfile, conventionally beside the signature file (IndexPath); Load and LoadForest
// read it sequentially, verify the header and body checksums, the fingerprint of the signatures
// it must be used with, and every structural invariant, and never rebuild.
package lsh
