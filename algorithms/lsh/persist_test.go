package lsh

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/cespare/xxhash/v2"
)

func saveTestFiles(t *testing.T, dir string, rows *FlatRows) map[string]string {
	t.Helper()
	ctx := context.Background()
	paths := map[string]string{}
	for _, c := range []struct {
		name string
		opt  Options
	}{
		{"banding", Options{Params: Params{5, 3}}},
		{"singletons", Options{Params: Params{5, 3}, Singletons: true}},
		{"multiprobe", Options{Params: Params{4, 4}, Variant: MultiProbe}},
	} {
		ix, err := Build(ctx, rows, c.opt, nil)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, c.name+".lshidx")
		if err := ix.Save(p); err != nil {
			t.Fatal(err)
		}
		back, err := Load(p, rows)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !reflect.DeepEqual(ix.tables, back.tables) || ix.params != back.params || ix.variant != back.variant ||
			ix.indexed != back.indexed || ix.singletons != back.singletons {
			t.Fatalf("%s: loaded index differs", c.name)
		}
		q1, q2 := ix.NewQuerier(), back.NewQuerier()
		for i := 0; i < rows.Len(); i++ {
			if !slices.Equal(q1.Candidates(i), q2.Candidates(i)) {
				t.Fatalf("%s: row %d answers differ", c.name, i)
			}
		}
		if ix.Bytes() != back.Bytes() {
			t.Errorf("%s: bytes %d vs %d", c.name, ix.Bytes(), back.Bytes())
		}
		paths[c.name] = p
	}
	fo, err := BuildForest(ctx, rows, Params{4, 4}, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "forest.lshidx")
	if err := fo.Save(p); err != nil {
		t.Fatal(err)
	}
	back, err := LoadForest(p, rows)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fo.trees, back.trees) {
		t.Fatal("loaded forest differs")
	}
	q1, q2 := fo.NewQuerier(), back.NewQuerier()
	for i := 0; i < rows.Len(); i++ {
		if !slices.Equal(q1.Candidates(i, 20), q2.Candidates(i, 20)) {
			t.Fatalf("forest: row %d answers differ", i)
		}
	}
	paths["forest"] = p
	return paths
}

func TestSaveLoadRoundTrip(t *testing.T) {
	rows := randomRows(rand.New(rand.NewPCG(5, 6)), 2000, 16, 4, 13)
	dir := t.TempDir()
	paths := saveTestFiles(t, dir, rows)

	h, err := ReadHeader(paths["multiprobe"])
	if err != nil || h.Variant != MultiProbe || h.Params != (Params{4, 4}) || h.N != 2000 || h.Tables != 16 {
		t.Fatalf("header %+v, %v", h, err)
	}
	if got := IndexPath("/x/sigs.bin", Banding, Params{32, 4}); got != "/x/sigs.bin.banding-32x4.lshidx" {
		t.Errorf("IndexPath: %s", got)
	}

	// Mismatches: other signatures, other kind.
	other := randomRows(rand.New(rand.NewPCG(5, 7)), 2000, 16, 4, 13)
	if _, err := Load(paths["banding"], other); !errors.Is(err, ErrMismatch) {
		t.Errorf("other signatures: %v", err)
	}
	short := &FlatRows{Values: rows.Values[:16*1999], Width: 16, Empty: rows.Empty[:1999]}
	if _, err := Load(paths["banding"], short); !errors.Is(err, ErrMismatch) {
		t.Errorf("other shape: %v", err)
	}
	if _, err := Load(paths["forest"], rows); !errors.Is(err, ErrMismatch) {
		t.Errorf("forest as banded: %v", err)
	}
	if _, err := LoadForest(paths["banding"], rows); !errors.Is(err, ErrMismatch) {
		t.Errorf("banded as forest: %v", err)
	}

	// Corruption: a flipped byte anywhere, truncation, trailing bytes.
	for name, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		load := func(b []byte) error {
			if name == "forest" {
				_, err := ReadForest(bytes.NewReader(b), rows)
				return err
			}
			_, err := ReadIndex(bytes.NewReader(b), rows)
			return err
		}
		for _, pos := range []int{0, 9, 20, 50, 85, headerSize + 3, len(data) / 2, len(data) - 1} {
			b := slices.Clone(data)
			b[pos] ^= 0x40
			if err := load(b); err == nil {
				t.Errorf("%s: byte %d flipped: loaded without error", name, pos)
			}
		}
		if err := load(data[:len(data)-5]); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s truncated: %v", name, err)
		}
		if err := load(append(slices.Clone(data), 0)); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s trailing byte: %v", name, err)
		}
		if err := load(nil); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s empty: %v", name, err)
		}
	}
}

// fixChecksums rewrites both checksums of an index file so that a mutated body reaches the
// structural checks.
func fixChecksums(b []byte) {
	if len(b) < headerSize {
		return
	}
	le := binary.LittleEndian
	le.PutUint64(b[64:], uint64(len(b)-headerSize))
	le.PutUint64(b[72:], xxhash.Sum64(b[headerSize:]))
	le.PutUint64(b[80:], xxhash.Sum64(b[:80]))
}

func FuzzReadIndex(f *testing.F) {
	rows := randomRows(rand.New(rand.NewPCG(5, 6)), 60, 16, 3, 7)
	dir := f.TempDir()
	ctx := context.Background()
	for i, o := range []Options{{Params: Params{4, 4}}, {Params: Params{5, 3}, Singletons: true}, {Params: Params{2, 4}, Variant: MultiProbe}} {
		ix, err := Build(ctx, rows, o, nil)
		if err != nil {
			f.Fatal(err)
		}
		p := filepath.Join(dir, string(rune('a'+i)))
		if err := ix.Save(p); err != nil {
			f.Fatal(err)
		}
		data, _ := os.ReadFile(p)
		f.Add(data, false)
		f.Add(data, true)
	}
	fo, _ := BuildForest(ctx, rows, Params{3, 5}, 1, nil)
	p := filepath.Join(dir, "forest")
	if err := fo.Save(p); err != nil {
		f.Fatal(err)
	}
	data, _ := os.ReadFile(p)
	f.Add(data, true)
	f.Fuzz(func(t *testing.T, data []byte, fix bool) {
		if fix {
			data = slices.Clone(data)
			fixChecksums(data)
		}
		if ix, err := ReadIndex(bytes.NewReader(data), rows); err == nil {
			q := ix.NewQuerier()
			for i := 0; i < rows.Len(); i++ {
				for _, c := range q.Candidates(i) {
					if int(c) >= rows.Len() || rows.IsEmpty(int(c)) {
						t.Fatalf("candidate %d invalid", c)
					}
				}
			}
		}
		if fo, err := ReadForest(bytes.NewReader(data), rows); err == nil {
			q := fo.NewQuerier()
			for i := 0; i < rows.Len(); i++ {
				q.Candidates(i, 10)
			}
		}
	})
}
