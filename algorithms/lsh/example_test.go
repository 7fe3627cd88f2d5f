package lsh_test

import (
	"context"
	"fmt"
	"math"

	"lshbench/algorithms/lsh"
	"lshbench/algorithms/minhash"
)

func Example() {
	sets := [][]uint32{
		{1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
		{1, 2, 3, 4, 5, 6, 7, 8, 9, 11}, // J = 9/11 with set 0
		{20, 21, 22, 23, 24, 25, 26, 27},
		{}, // empty: never indexed, never a candidate
	}
	const k = 128
	sk, _ := minhash.New("kminhash", k, 1)
	vals := make([]uint32, len(sets)*k)
	for i, s := range sets {
		sk.Sketch(s, vals[i*k:(i+1)*k])
	}
	rows, _ := lsh.NewSentinelRows(vals, k, minhash.Empty)

	// Choose the bands as datasketch would for a threshold of 0.5.
	tu, _ := lsh.TuneWeighted(k, 0.5, 0.5, 0.5, 0)
	ix, err := lsh.Build(context.Background(), rows, lsh.Options{Params: tu.Best.Params}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	q := ix.NewQuerier()
	cands := q.Candidates(0)
	top := lsh.TopK(cands, 5, lsh.SignatureScorer{Rows: rows, Query: rows.Row(0)}, nil)
	fmt.Printf("%v bands, %d positions unused\n", ix.Params(), ix.Unused())
	for _, s := range top {
		fmt.Printf("set %d, estimated J within 0.1 of 9/11: %v\n", s.ID, math.Abs(s.Score-9.0/11) < 0.1)
	}
	fmt.Println("candidates of the empty set:", len(q.Candidates(3)))
	// Output:
	// 25x5 bands, 3 positions unused
	// set 1, estimated J within 0.1 of 9/11: true
	// candidates of the empty set: 0
}
