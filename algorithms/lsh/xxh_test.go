package lsh

import (
	"encoding/binary"
	"math/rand/v2"
	"testing"

	"github.com/cespare/xxhash/v2"
)

func TestXXH64Words(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n <= 40; n++ {
		for rep := 0; rep < 20; rep++ {
			w := make([]uint32, n)
			var b []byte
			for i := range w {
				w[i] = rng.Uint32()
				b = binary.LittleEndian.AppendUint32(b, w[i])
			}
			if got, want := xxh64Words(w), xxhash.Sum64(b); got != want {
				t.Fatalf("%d words: %016x, xxhash %016x", n, got, want)
			}
		}
	}
}
