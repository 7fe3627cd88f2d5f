package exact

import (
	"context"
	"encoding/binary"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/cespare/xxhash/v2"
)

func TestCacheTopKAndThreshold(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(5, 5))
	s := randomSets(rng, 300, 50)
	queries := s.NonEmpty()[:100]
	c := Cache{Dir: t.TempDir(), Workers: 2}
	ix := NewIndex(s)
	want, _ := ix.TopKAll(ctx, queries, 5, QueryOptions{})

	check := func(what string, got [][]Neighbor, info CacheInfo, err error, hit bool, rejected string) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if info.Hit != hit || !strings.Contains(info.Rejected, rejected) || (rejected == "" && info.Rejected != "") {
			t.Fatalf("%s: info %+v, want hit %v rejected %q", what, info, hit, rejected)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d lists, want %d", what, len(got), len(want))
		}
		for i := range got {
			if !slices.Equal(got[i], want[i]) {
				t.Fatalf("%s: list %d = %v, want %v", what, i, got[i], want[i])
			}
		}
	}
	got, info, err := c.TopK(ctx, s, "in", queries, 5)
	check("first", got, info, err, false, "")
	path := info.Path
	got, info, err = c.TopK(ctx, s, "in", queries, 5)
	check("second", got, info, err, true, "")

	data, _ := os.ReadFile(path)
	corrupt := slices.Clone(data)
	corrupt[len(corrupt)/2] ^= 0x40
	os.WriteFile(path, corrupt, 0o644)
	got, info, err = c.TopK(ctx, s, "in", queries, 5)
	check("corrupt byte", got, info, err, false, "checksum")
	got, info, err = c.TopK(ctx, s, "in", queries, 5)
	check("rewritten after corruption", got, info, err, true, "")

	os.WriteFile(path, data[:len(data)-3], 0o644)
	got, info, err = c.TopK(ctx, s, "in", queries, 5)
	check("truncated", got, info, err, false, "checksum")
	os.WriteFile(path, data[:5], 0o644)
	got, info, err = c.TopK(ctx, s, "in", queries, 5)
	check("truncated to 5 bytes", got, info, err, false, "truncated")

	// A valid file under another key's name is stale: change k, mode, queries, data.
	want, _ = ix.TopKAll(ctx, queries, 3, QueryOptions{})
	_, info3, _ := c.TopK(ctx, s, "in", queries, 3)
	os.WriteFile(info3.Path, data, 0o644)
	got, info, err = c.TopK(ctx, s, "in", queries, 3)
	check("k changed", got, info, err, false, "stale")

	want, _ = ix.TopKAll(ctx, queries, 5, QueryOptions{})
	_, infoOut, _ := c.TopK(ctx, s, "out", queries, 5)
	if infoOut.Path == path {
		t.Fatal("modes share a cache file name")
	}
	os.WriteFile(infoOut.Path, data, 0o644)
	got, info, err = c.TopK(ctx, s, "out", queries, 5)
	check("mode changed", got, info, err, false, "stale")

	q2 := queries[:50]
	want, _ = ix.TopKAll(ctx, q2, 5, QueryOptions{})
	_, infoQ, _ := c.TopK(ctx, s, "in", q2, 5)
	os.WriteFile(infoQ.Path, data, 0o644)
	got, info, err = c.TopK(ctx, s, "in", q2, 5)
	check("queries changed", got, info, err, false, "stale")

	s2 := randomSets(rand.New(rand.NewPCG(6, 6)), 300, 50)
	ix2 := NewIndex(s2)
	want, _ = ix2.TopKAll(ctx, queries, 5, QueryOptions{})
	_, infoS, _ := c.TopK(ctx, s2, "in", queries, 5)
	os.WriteFile(infoS.Path, data, 0o644)
	got, info, err = c.TopK(ctx, s2, "in", queries, 5)
	check("data changed", got, info, err, false, "stale")

	// Threshold answers.
	th := MustThreshold("1/3")
	want, _ = ix.ThresholdAll(ctx, queries, th, QueryOptions{})
	got, info, err = c.Threshold(ctx, s, "in", queries, th)
	check("threshold first", got, info, err, false, "")
	got, info, err = c.Threshold(ctx, s, "in", queries, th)
	check("threshold second", got, info, err, true, "")

	// No directory: computed, no file.
	want, _ = ix.TopKAll(ctx, queries, 5, QueryOptions{})
	got, info, err = Cache{}.TopK(ctx, s, "in", queries, 5)
	check("no cache", got, info, err, false, "")
	if info.Path != "" {
		t.Fatalf("no cache dir but path %q", info.Path)
	}
}

func TestCacheJoin(t *testing.T) {
	ctx := context.Background()
	s := randomSets(rand.New(rand.NewPCG(8, 8)), 400, 40)
	th := MustThreshold("0.07")
	want := BruteJoin(s, th)
	c := Cache{Dir: t.TempDir()}
	check := func(what string, got []Pair, info CacheInfo, err error, hit bool, rejected string) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if info.Hit != hit || !strings.Contains(info.Rejected, rejected) || (rejected == "" && info.Rejected != "") {
			t.Fatalf("%s: info %+v, want hit %v rejected %q", what, info, hit, rejected)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%s: %d pairs differ from brute force (%d)", what, len(got), len(want))
		}
	}
	got, info, err := c.Join(ctx, s, "both", th)
	check("first", got, info, err, false, "")
	got, info, err = c.Join(ctx, s, "both", th)
	check("second", got, info, err, true, "")
	data, _ := os.ReadFile(info.Path)
	for _, pos := range []int{3, 20, len(data) - 20, len(data) - 1} {
		corrupt := slices.Clone(data)
		corrupt[pos]++
		os.WriteFile(info.Path, corrupt, 0o644)
		got, info, err = c.Join(ctx, s, "both", th)
		check("corrupt", got, info, err, false, "checksum")
	}
	os.WriteFile(info.Path, data[:len(data)/2], 0o644)
	got, info, err = c.Join(ctx, s, "both", th)
	check("truncated", got, info, err, false, "checksum")

	th2 := MustThreshold("1/3")
	want = BruteJoin(s, th2)
	_, info2, _ := c.Join(ctx, s, "both", th2)
	os.WriteFile(info2.Path, data, 0o644)
	got, info, err = c.Join(ctx, s, "both", th2)
	check("t changed", got, info, err, false, "stale")
}

// FuzzDecodeCache feeds arbitrary bytes to the cache decoders, both as a whole file and with a
// valid checksum appended (so the fuzzer reaches the header and payload checks). They must
// return an error or a result, never panic or allocate without bound.
func FuzzDecodeCache(f *testing.F) {
	ctx := context.Background()
	s := randomSets(rand.New(rand.NewPCG(1, 1)), 40, 10)
	queries := s.NonEmpty()[:5]
	dir := f.TempDir()
	c := Cache{Dir: dir}
	_, infoL, err := c.TopK(ctx, s, "in", queries, 2)
	if err != nil {
		f.Fatal(err)
	}
	_, infoP, err := c.Join(ctx, s, "in", MustThreshold("1/3"))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range []string{infoL.Path, infoP.Path} {
		data, _ := os.ReadFile(p)
		f.Add(data)
		f.Add(data[:len(data)-8])
	}
	f.Add([]byte(cacheMagic))
	wantL := cacheHeader{kind: kindTopK, fingerprint: s.Fingerprint(), mode: "in", k: 2, queries: hashQueries(queries),
		sets: uint64(s.Len()), lists: uint64(len(queries))}
	wantP := cacheHeader{kind: kindJoin, fingerprint: s.Fingerprint(), mode: "in", t: MustThreshold("1/3"), sets: uint64(s.Len())}
	f.Fuzz(func(t *testing.T, data []byte) {
		sealed := binary.LittleEndian.AppendUint64(slices.Clone(data), xxhash.Sum64(data))
		for _, d := range [][]byte{data, sealed} {
			if lists, err := decodeLists(d, wantL); err == nil {
				for _, l := range lists {
					for _, n := range l {
						if int(n.ID) >= s.Len() || n.Inter == 0 || n.Inter > n.Union {
							t.Fatalf("decoded invalid neighbour %+v", n)
						}
					}
				}
			}
			if pairs, err := decodePairs(d, wantP); err == nil {
				for _, p := range pairs {
					if p.A >= p.B || int(p.B) >= s.Len() {
						t.Fatalf("decoded invalid pair %+v", p)
					}
				}
			}
		}
	})
}
