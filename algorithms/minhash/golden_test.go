package minhash

import (
	"encoding/binary"
	"testing"

	"github.com/cespare/xxhash/v2"
)

// goldenRows pins the hash functions: signature files store only (variant, k, seed), so a change
// to any variant's hashing must be deliberate (bump FileVersion) and update these digests.
var goldenRows = map[string]uint64{
	"kminhash":           0x51c20aba8929d7ca,
	"paper":              0xa3f6305ee6762ea9,
	"oph-optimal":        0x9383030d36a66dd7,
	"oph-fast":           0xafd83a67afc698bd,
	"oph-rotation":       0xc479a777c73a3d8c,
	"bottomk":            0x3f082d4391428c42,
	"superminhash":       0x3be479e158fd0fac,
	"cminhash":           0x333302733ac53478,
	"bbit1-kminhash":     0x4d80b505bd9a777d,
	"bbit2-paper":        0xb966f8747d97f31d,
	"bbit4-oph-optimal":  0x3fa92f034537c12b,
	"bbit8-superminhash": 0xc8c0138c02d93547,
	"bbit16-cminhash":    0x9a2f25082e219acb,
	"bbit1-oph-fast":     0x81fc71954dc5d7e5,
	"bbit2-oph-rotation": 0x2e4cdf1f6001324,
}

func rowDigest(sk Sketcher, sets [][]uint32) uint64 {
	d := xxhash.New()
	row := make([]uint32, sk.RowWords())
	var b [4]byte
	for _, s := range sets {
		sk.Sketch(s, row)
		for _, v := range row {
			binary.LittleEndian.PutUint32(b[:], v)
			d.Write(b[:])
		}
	}
	return d.Sum64()
}

func goldenSets() [][]uint32 {
	var consecutive, sparse []uint32
	for i := uint32(0); i < 100; i++ {
		consecutive = append(consecutive, i)
		sparse = append(sparse, i*7919+13)
	}
	return [][]uint32{nil, {0}, {5, 6}, consecutive, sparse}
}

func TestGoldenSignatures(t *testing.T) {
	for _, v := range allVariants {
		sk, err := New(v, 24, 42)
		if err != nil {
			t.Fatal(err)
		}
		got := rowDigest(sk, goldenSets())
		want, ok := goldenRows[v]
		if !ok {
			t.Errorf("no golden digest for %s: %#x", v, got)
			continue
		}
		if got != want {
			t.Errorf("%s: signature digest %#x, golden %#x: the hash functions changed", v, got, want)
		}
	}
}
