package minhash

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"lshbench/datasets"
)

// allVariants lists one concrete name per variant family, with every b-bit width and base.
var allVariants = []string{"kminhash", "paper", "oph-optimal", "oph-fast", "oph-rotation",
	"bottomk", "superminhash", "cminhash",
	"bbit1-kminhash", "bbit2-paper", "bbit4-oph-optimal", "bbit8-superminhash", "bbit16-cminhash",
	"bbit1-oph-fast", "bbit2-oph-rotation"}

func TestNewErrors(t *testing.T) {
	cases := []struct {
		variant string
		k       int
		want    string
	}{
		{"nope", 8, "unknown variant"},
		{"kminhash", 0, "k = 0"},
		{"kminhash", -3, "k = -3"},
		{"kminhash", MaxK + 1, "out of range"},
		{"bbit3-kminhash", 8, "b = \"3\""},
		{"bbit32-kminhash", 8, "must be one of"},
		{"bbit4", 8, "bbit<b>-<base>"},
		{"bbit4-bottomk", 8, "cannot be truncated"},
		{"bbit4-bbit2-kminhash", 8, "cannot be truncated"},
		{"bbit4-nope", 8, "unknown variant"},
	}
	for _, c := range cases {
		_, err := New(c.variant, c.k, 1)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("New(%q, %d): error %v, want it to mention %q", c.variant, c.k, err, c.want)
		}
	}
	for _, v := range allVariants {
		sk, err := New(v, 100, 1)
		if err != nil {
			t.Fatalf("New(%q): %v", v, err)
		}
		if sk.Name() != v || sk.K() != 100 || sk.Seed() != 1 || sk.BytesPerRow() != 4*sk.RowWords() {
			t.Errorf("%s: Name %q K %d Seed %d BytesPerRow %d RowWords %d", v, sk.Name(), sk.K(), sk.Seed(), sk.BytesPerRow(), sk.RowWords())
		}
	}
	if len(Variants()) != 9 {
		t.Errorf("Variants() lists %d variants, want 9", len(Variants()))
	}
}

// TestEmptySets checks the empty-set rule: an empty set's row is all Empty, IsEmptyRow holds only
// for it, and it estimates 0 against every row including another empty row.
func TestEmptySets(t *testing.T) {
	for _, v := range allVariants {
		for _, k := range []int{1, 7, 64} {
			sk, _ := New(v, k, 3)
			e1, e2 := make([]uint32, sk.RowWords()), make([]uint32, sk.RowWords())
			sk.Sketch(nil, e1)
			sk.Sketch([]uint32{}, e2)
			for i, w := range e1 {
				if w != Empty {
					t.Fatalf("%s k=%d: empty row word %d = %x", v, k, i, w)
				}
			}
			for _, set := range [][]uint32{{0}, {5}, {1, 2, 3}, {Empty - 1}} {
				r := make([]uint32, sk.RowWords())
				sk.Sketch(set, r)
				if IsEmptyRow(r) {
					t.Errorf("%s k=%d: row of %v marked empty", v, k, set)
				}
				if got := sk.Estimate(e1, r); got != 0 {
					t.Errorf("%s k=%d: J(empty, %v) = %v, want 0", v, k, set, got)
				}
				if got := sk.Estimate(r, e1); got != 0 {
					t.Errorf("%s k=%d: J(%v, empty) = %v, want 0", v, k, set, got)
				}
				if got := sk.Estimate(r, r); got != 1 {
					t.Errorf("%s k=%d: J(%v, itself) = %v, want 1", v, k, set, got)
				}
			}
			if !IsEmptyRow(e1) || sk.Estimate(e1, e2) != 0 {
				t.Errorf("%s k=%d: two empty rows: IsEmptyRow %v, estimate %v", v, k, IsEmptyRow(e1), sk.Estimate(e1, e2))
			}
			// Distinct singletons must not collide. (b-bit rows are excluded: two different
			// minima agree on b bits with probability 2^-b, and over OPH a singleton's one value
			// fills every bin, so its b-bit estimate is +-1; that variance is inherent.)
			a, b := make([]uint32, sk.RowWords()), make([]uint32, sk.RowWords())
			sk.Sketch([]uint32{10}, a)
			sk.Sketch([]uint32{11}, b)
			if !strings.HasPrefix(v, "bbit") && sk.Estimate(a, b) != 0 {
				t.Errorf("%s k=%d: distinct singletons estimate %v", v, k, sk.Estimate(a, b))
			}
		}
	}
}

func randomSets(r *rand.Rand, n, maxSize, universe int) [][]uint32 {
	out := make([][]uint32, n)
	for i := range out {
		size := r.IntN(maxSize + 1)
		for j := 0; j < size; j++ {
			out[i] = append(out[i], r.Uint32N(uint32(universe)))
		}
		slices.Sort(out[i])
		out[i] = slices.Compact(out[i])
	}
	return out
}

func union(a, b []uint32) []uint32 {
	u := append(append([]uint32{}, a...), b...)
	slices.Sort(u)
	return slices.Compact(u)
}

// TestMerge checks merge(sketch(A), sketch(B)) == sketch(A u B) for every mergeable variant, and
// for OPH on the bins before densification.
func TestMerge(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	sets := randomSets(r, 60, 300, 2000)
	for _, v := range []string{"kminhash", "paper", "bottomk", "superminhash", "cminhash"} {
		for _, k := range []int{1, 5, 64, 300} {
			sk, _ := New(v, k, 9)
			m, ok := sk.(Merger)
			if !ok {
				t.Fatalf("%s does not implement Merger", v)
			}
			ra, rb, ru, rm := make([]uint32, k), make([]uint32, k), make([]uint32, k), make([]uint32, k)
			for i := 0; i+1 < len(sets); i += 2 {
				a, b := sets[i], sets[i+1]
				sk.Sketch(a, ra)
				sk.Sketch(b, rb)
				sk.Sketch(union(a, b), ru)
				m.Merge(rm, ra, rb)
				if !slices.Equal(rm, ru) {
					t.Fatalf("%s k=%d: merge(sketch(A), sketch(B)) != sketch(A u B) for |A|=%d |B|=%d", v, k, len(a), len(b))
				}
				m.Merge(ra, ra, rb) // aliasing
				if !slices.Equal(ra, ru) {
					t.Fatalf("%s k=%d: merge into an input differs", v, k)
				}
			}
		}
	}
	for _, v := range []string{"oph-optimal", "oph-fast", "oph-rotation"} {
		for _, k := range []int{1, 5, 64, 300} {
			sk, _ := New(v, k, 9)
			o := sk.(*OPH)
			ra, rb, ru, rm := make([]uint32, k), make([]uint32, k), make([]uint32, k), make([]uint32, k)
			for i := 0; i+1 < len(sets); i += 2 {
				a, b := sets[i], sets[i+1]
				o.SketchBins(a, ra)
				o.SketchBins(b, rb)
				o.MergeBins(rm, ra, rb)
				o.SketchBins(union(a, b), ru)
				if !slices.Equal(rm, ru) {
					t.Fatalf("%s k=%d: merged bins differ from the bins of A u B", v, k)
				}
				o.Densify(rm)
				sk.Sketch(union(a, b), ru)
				if !slices.Equal(rm, ru) {
					t.Fatalf("%s k=%d: densified merged bins differ from sketch(A u B)", v, k)
				}
			}
		}
	}
}

// TestOPHOptimalPaths checks that the three ways of finding the first non-empty bin in a bin's
// order (least rank, walking the order) give identical rows, and that the hashed probing used for
// large k fills every bin from an originally non-empty one.
func TestOPHOptimalPaths(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, k := range []int{16, 128, 1000} {
		sk := newOPH(densifyOptimal, k, 5)
		bins := make([]uint32, k)
		for trial := 0; trial < 50; trial++ {
			set := randomSets(r, 1, 3*k, 1<<20)[0]
			if len(set) == 0 {
				continue
			}
			sk.SketchBins(set, bins)
			orig := slices.Clone(bins)
			var src []uint32
			for i, v := range orig {
				if v != Empty {
					src = append(src, uint32(i))
				}
			}
			// Reference: walk each empty bin's order.
			want := slices.Clone(orig)
			for j := range want {
				if orig[j] != Empty {
					continue
				}
				for _, tt := range sk.p.perm[j*k : (j+1)*k] {
					if orig[tt] != Empty {
						want[j] = orig[tt]
						break
					}
				}
			}
			got := slices.Clone(orig)
			sk.densifyOptimal(got, src, emptyBins(orig))
			if !slices.Equal(got, want) {
				t.Fatalf("k=%d |S|=%d: densified row differs from the reference walk", k, len(set))
			}
		}
	}
	// Hashed probing (k above the table limit): every bin filled with a value of an original bin.
	sk := newOPH(densifyOptimal, ophTableMax+1, 5)
	if sk.p.useTable {
		t.Fatal("tables built above ophTableMax")
	}
	row := make([]uint32, sk.K())
	set := []uint32{1, 2, 3, 4, 5}
	sk.SketchBins(set, row)
	vals := map[uint32]bool{}
	for _, v := range row {
		if v != Empty {
			vals[v] = true
		}
	}
	sk.Densify(row)
	for i, v := range row {
		if !vals[v] {
			t.Fatalf("bin %d holds %x, not a value of an original bin", i, v)
		}
	}
}

// TestBBitPacking checks the layout of b-bit rows, including values that sit in the second and
// later words and partially filled last words, against a bit-by-bit reference.
func TestBBitPacking(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, b := range []int{1, 2, 4, 8, 16} {
		for _, k := range []int{1, 3, 17, 31, 32, 33, 63, 65, 100} {
			sk, _ := New(fmt.Sprintf("bbit%d-kminhash", b), k, 1)
			bb := sk.(*BBit)
			if want := 1 + (k*b+31)/32; bb.RowWords() != want {
				t.Fatalf("b=%d k=%d: RowWords %d want %d", b, k, bb.RowWords(), want)
			}
			base := make([]uint32, k)
			for i := range base {
				base[i] = r.Uint32() &^ 1 // never Empty
			}
			row := make([]uint32, bb.RowWords())
			bb.Pack(base, row)
			if row[0] != 0 {
				t.Fatalf("flag word %x", row[0])
			}
			for i := range base {
				var want uint32
				for bit := 0; bit < b; bit++ {
					pos := i*b + bit
					got := row[1+pos/32] >> (pos % 32) & 1
					want |= got << bit
				}
				if ref := fmix32(base[i]) & (1<<b - 1); want != ref || bb.Value(row, i) != want {
					t.Fatalf("b=%d k=%d pos %d: packed %x Value %x want %x", b, k, i, want, bb.Value(row, i), ref)
				}
			}
			// Unused high bits of the last word are zero.
			if used := (k * b) % 32; used != 0 && row[len(row)-1]>>used != 0 {
				t.Fatalf("b=%d k=%d: padding bits set", b, k)
			}
			// Matches against a row with some positions changed.
			other := slices.Clone(base)
			changed := 0
			for i := range other {
				if r.IntN(3) == 0 {
					other[i] = r.Uint32() &^ 1
				}
				if fmix32(other[i])&(1<<b-1) != fmix32(base[i])&(1<<b-1) {
					changed++
				}
			}
			row2 := make([]uint32, bb.RowWords())
			bb.Pack(other, row2)
			if got := bb.Matches(row, row2); got != k-changed {
				t.Fatalf("b=%d k=%d: Matches %d want %d", b, k, got, k-changed)
			}
		}
	}
}

func testSets(n int) *datasets.Sets {
	r := rand.New(rand.NewPCG(7, 8))
	sl := randomSets(r, n, 40, 5000)
	sl[3] = nil // an empty set
	return datasets.SetsFromSlices(sl)
}

// TestBuildDeterministic checks that a fixed seed gives identical signatures across runs and
// worker counts, equal to sketching each set alone.
func TestBuildDeterministic(t *testing.T) {
	sets := testSets(1500)
	for _, v := range allVariants {
		sk, _ := New(v, 32, 11)
		var first *Signatures
		for _, w := range []int{1, 2, 7} {
			sig, err := Build(context.Background(), sets, sk, w, nil)
			if err != nil {
				t.Fatal(err)
			}
			if first == nil {
				first = sig
				row := make([]uint32, sk.RowWords())
				for i := 0; i < sets.Len(); i++ {
					sk.Sketch(sets.Set(i), row)
					if !slices.Equal(row, sig.Row(i)) {
						t.Fatalf("%s: row %d differs from a direct sketch", v, i)
					}
				}
				if !sig.IsEmpty(3) || sig.IsEmpty(0) && sets.Size(0) > 0 {
					t.Fatalf("%s: IsEmpty wrong", v)
				}
				continue
			}
			if !slices.Equal(first.Data, sig.Data) {
				t.Fatalf("%s: workers=%d differs from workers=1", v, w)
			}
		}
		sk2, _ := New(v, 32, 11)
		again, _ := Build(context.Background(), sets, sk2, 2, nil)
		if !slices.Equal(first.Data, again.Data) {
			t.Fatalf("%s: a second sketcher with the same seed differs", v)
		}
		sk3, _ := New(v, 32, 12)
		other, _ := Build(context.Background(), sets, sk3, 2, nil)
		if slices.Equal(first.Data, other.Data) {
			t.Fatalf("%s: seeds 11 and 12 give identical signatures", v)
		}
	}
}

func TestBuildProgressAndCancel(t *testing.T) {
	sets := testSets(3000)
	sk, _ := New("kminhash", 16, 1)
	var last, total int64
	_, err := Build(context.Background(), sets, sk, 2, func(d, tot int64) { last, total = d, tot })
	if err != nil || last != 3000 || total != 3000 {
		t.Fatalf("progress ended at %d/%d, err %v", last, total, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Build(ctx, sets, sk, 2, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled build: err %v", err)
	}
	if _, err := Build(context.Background(), nil, sk, 2, nil); err == nil {
		t.Fatal("nil sets accepted")
	}
}

func TestSignaturesValues(t *testing.T) {
	sets := testSets(50)
	for _, v := range []string{"kminhash", "bbit4-kminhash"} {
		sk, _ := New(v, 20, 1)
		sig, _ := Build(context.Background(), sets, sk, 1, nil)
		base, _ := New("kminhash", 20, 1)
		row := make([]uint32, 20)
		base.Sketch(sets.Set(0), row)
		got := sig.Values(0, nil)
		for i := range row {
			want := row[i]
			if sig.B > 0 {
				want = fmix32(want) & (1<<sig.B - 1)
			}
			if got[i] != want {
				t.Fatalf("%s: Values[%d] = %x want %x", v, i, got[i], want)
			}
		}
		if sig.Estimate(0, 0) != 1 || sig.Estimate(0, 3) != 0 || sig.Len() != 50 || sig.Bytes() != int64(50*sk.BytesPerRow()) {
			t.Fatalf("%s: Estimate/Len/Bytes wrong", v)
		}
	}
}

func TestFileRoundTrip(t *testing.T) {
	dir := t.TempDir()
	sets := testSets(300)
	for _, v := range []string{"kminhash", "bbit2-oph-fast", "bottomk"} {
		sk, _ := New(v, 24, 77)
		sig, _ := Build(context.Background(), sets, sk, 2, nil)
		path := filepath.Join(dir, v+".sig")
		if err := sig.WriteFile(path); err != nil {
			t.Fatal(err)
		}
		got, err := ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if got.Variant != v || got.K != 24 || got.Seed != 77 || got.B != sig.B || got.RowWords != sig.RowWords || !slices.Equal(got.Data, sig.Data) {
			t.Fatalf("%s: round trip differs", v)
		}
		if (runtime.GOOS == "linux" || runtime.GOOS == "darwin") && got.close == nil {
			t.Errorf("%s: ReadFile did not memory-map the file", v)
		}
		if got.Estimate(0, 1) != sig.Estimate(0, 1) {
			t.Fatalf("%s: estimates differ after reading", v)
		}
		if err := got.Close(); err != nil {
			t.Fatal(err)
		}
		raw, _ := os.ReadFile(path)
		dec, err := Decode(raw)
		if err != nil || !slices.Equal(dec.Data, sig.Data) {
			t.Fatalf("%s: Decode: %v", v, err)
		}
	}
	// Corruptions give clear errors.
	sk, _ := New("kminhash", 8, 1)
	sig, _ := Build(context.Background(), sets, sk, 1, nil)
	var buf bytes.Buffer
	sig.WriteTo(&buf)
	good := buf.Bytes()
	corrupt := func(f func(b []byte) []byte) []byte { return f(slices.Clone(good)) }
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"truncated body", good[:len(good)-4], "truncated"},
		{"truncated header", good[:20], "truncated header"},
		{"bad magic", corrupt(func(b []byte) []byte { b[0] = 'X'; return b }), "bad magic"},
		{"version", corrupt(func(b []byte) []byte { b[8] = 9; return b }), "format version 9"},
		{"checksum", corrupt(func(b []byte) []byte { b[len(b)-1] ^= 1; return b }), "checksum mismatch"},
		{"variant", corrupt(func(b []byte) []byte { b[fixedHeader] = 'X'; return b }), "unknown variant"},
		{"empty", nil, "truncated header"},
	}
	for _, c := range cases {
		path := filepath.Join(dir, "bad.sig")
		os.WriteFile(path, c.data, 0o644)
		_, err := ReadFile(path)
		if err == nil || !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: ReadFile error %v, want %q", c.name, err, c.want)
		}
		if _, err := Decode(c.data); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Decode error %v, want %q", c.name, err, c.want)
		}
	}
	if _, err := ReadFile(filepath.Join(dir, "missing.sig")); err == nil {
		t.Error("missing file accepted")
	}
}

func FuzzDecode(f *testing.F) {
	sets := datasets.SetsFromSlices([][]uint32{{1, 2, 3}, {}, {2, 9}})
	for _, v := range []string{"kminhash", "bbit1-kminhash", "bottomk"} {
		sk, _ := New(v, 5, 1)
		sig, _ := Build(context.Background(), sets, sk, 1, nil)
		var buf bytes.Buffer
		sig.WriteTo(&buf)
		f.Add(buf.Bytes())
	}
	f.Add([]byte(fileMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		sig, err := Decode(data)
		if err != nil {
			return
		}
		for i := 0; i < sig.Len(); i++ {
			sig.IsEmpty(i)
			sig.Estimate(i, 0)
		}
	})
}

func emptyBins(row []uint32) []uint32 {
	var out []uint32
	for i, v := range row {
		if v == Empty {
			out = append(out, uint32(i))
		}
	}
	return out
}

// TestSketchDoesNotAllocate checks the hot-path contract: no allocation per Sketch or Estimate.
func TestSketchDoesNotAllocate(t *testing.T) {
	small, large := randomSet(7, 1), randomSet(3000, 2)
	for _, v := range allVariants {
		for _, k := range []int{16, 300} {
			sk, _ := New(v, k, 1)
			a, b := make([]uint32, sk.RowWords()), make([]uint32, sk.RowWords())
			allocs := testing.AllocsPerRun(20, func() {
				sk.Sketch(small, a)
				sk.Sketch(large, b)
				sk.Estimate(a, b)
			})
			if allocs != 0 {
				t.Errorf("%s k=%d: %v allocations per Sketch+Sketch+Estimate", v, k, allocs)
			}
		}
	}
}
