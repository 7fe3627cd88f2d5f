package minhash

import (
	"math/bits"
	"math/rand/v2"
)

// mix64 is the splitmix64 finalizer (Stafford's variant 13): a bijection on 64-bit words with full
// avalanche. Every variant except `paper` passes element ids through it (with a seed-derived key)
// before anything else, so consecutive ids behave like random keys.
func mix64(z uint64) uint64 {
	z ^= z >> 30
	z *= 0xbf58476d1ce4e5b9
	z ^= z >> 27
	z *= 0x94d049bb133111eb
	z ^= z >> 31
	return z
}

// perm32 is a keyed bijection on 32-bit words (the "lowbias32" xor-shift-multiply rounds with key
// words mixed in between). A keyed bijection of [0, 2^32) is a pseudo-random permutation of the
// 32-bit universe; C-MinHash uses two of them.
func perm32(x, k1, k2 uint32) uint32 {
	x ^= k1
	x ^= x >> 16
	x *= 0x21f0aaad
	x ^= x >> 15
	x += k2
	x *= 0x735a2d97
	x ^= x >> 15
	return x
}

// fastRange maps a uniform 32-bit value to [0, n) by multiplication (Lemire); the bias is at most
// n / 2^32.
func fastRange(x uint32, n int) int {
	return int((uint64(x) * uint64(n)) >> 32)
}

// cap32 maps a hash value onto [0, Empty-1] so that no hash equals the Empty sentinel. It changes
// one value in 2^32.
func cap32(h uint32) uint32 {
	if h == Empty {
		return Empty - 1
	}
	return h
}

// newRand returns the generator of a sketcher's parameters: PCG seeded by the user's seed and a
// per-variant stream constant, so that two variants with the same seed draw unrelated parameters.
func newRand(seed uint64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, mix64(stream)))
}

// bitLen returns the number of bits needed for values in [0, n).
func bitLen(n int) uint {
	if n <= 1 {
		return 0
	}
	return uint(bits.Len(uint(n - 1)))
}
