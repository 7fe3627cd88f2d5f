package exact

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/cespare/xxhash/v2"

	"lshbench/datasets"
	"lshbench/internal/atomicfile"
)

// Cache keeps exact results on disk so that the ground truth of a data set is computed once.
// A result is keyed by the collection's content (Sets.Fingerprint), the neighbourhood mode (any
// string the caller uses to name how the sets were derived, such as "in" or "both-closed"), the
// kind of result, k or t, and for per-query results the list of queries.
//
// Each file describes itself: a header with a magic number, a format version, every part of the
// key, the counts of the payload, and a trailing xxhash64 checksum of all preceding bytes. A file
// is used only if all of them match; otherwise it is recomputed and rewritten (atomically,
// through internal/atomicfile), never trusted.
type Cache struct {
	// Dir is the cache directory; "" disables caching (results are always computed).
	Dir string
	// Workers and Progress are passed to the computation on a miss.
	Workers  int
	Progress datasets.Progress
}

// CacheInfo says what a Cache call did.
type CacheInfo struct {
	// Path is the cache file ("" when caching is disabled).
	Path string
	// Hit reports that the result was read from Path.
	Hit bool
	// Rejected is why an existing file at Path was not used (stale key, corrupt, truncated), or
	// "" when there was no file or it was used.
	Rejected string
}

const (
	cacheMagic   = "LSHBEXGT"
	cacheVersion = 1
)

type cacheKind uint8

const (
	kindTopK cacheKind = iota + 1
	kindThreshold
	kindJoin
)

func (k cacheKind) String() string {
	switch k {
	case kindTopK:
		return "topk"
	case kindThreshold:
		return "threshold"
	case kindJoin:
		return "join"
	}
	return "unknown"
}

// cacheHeader is the key and shape of a cache file.
type cacheHeader struct {
	kind        cacheKind
	fingerprint string
	mode        string
	k           int64
	t           Threshold
	queries     [32]byte // SHA-256 of the queries (zero for a join)
	sets        uint64   // number of sets of the collection
	lists       uint64   // number of answer lists (queries); 0 for a join
	entries     uint64   // number of neighbours or pairs
}

// TopK returns ix-style top-k answers (TopKAll) for queries on s, from the cache when a valid
// file exists.
func (c Cache) TopK(ctx context.Context, s *datasets.Sets, mode string, queries []uint32, k int) ([][]Neighbor, CacheInfo, error) {
	h := cacheHeader{kind: kindTopK, mode: mode, k: int64(k), queries: hashQueries(queries)}
	return c.lists(ctx, s, h, queries, func(ix *Index) ([][]Neighbor, error) {
		return ix.TopKAll(ctx, queries, k, QueryOptions{Workers: c.Workers, Progress: c.Progress})
	})
}

// Threshold returns the threshold answers (ThresholdAll) for queries on s, from the cache when a
// valid file exists.
func (c Cache) Threshold(ctx context.Context, s *datasets.Sets, mode string, queries []uint32, t Threshold) ([][]Neighbor, CacheInfo, error) {
	if err := t.check(); err != nil {
		return nil, CacheInfo{}, err
	}
	h := cacheHeader{kind: kindThreshold, mode: mode, t: t, queries: hashQueries(queries)}
	return c.lists(ctx, s, h, queries, func(ix *Index) ([][]Neighbor, error) {
		return ix.ThresholdAll(ctx, queries, t, QueryOptions{Workers: c.Workers, Progress: c.Progress})
	})
}

// Join returns the threshold join of s (Join), from the cache when a valid file exists.
func (c Cache) Join(ctx context.Context, s *datasets.Sets, mode string, t Threshold) ([]Pair, CacheInfo, error) {
	if err := t.check(); err != nil {
		return nil, CacheInfo{}, err
	}
	compute := func() ([]Pair, error) {
		return Join(ctx, s, t, JoinOptions{Workers: c.Workers, Progress: c.Progress})
	}
	if c.Dir == "" {
		pairs, err := compute()
		return pairs, CacheInfo{}, err
	}
	h := cacheHeader{kind: kindJoin, fingerprint: s.Fingerprint(), mode: mode, t: t, sets: uint64(s.Len())}
	info := CacheInfo{Path: c.path(h)}
	data, err := os.ReadFile(info.Path)
	switch {
	case err == nil:
		var pairs []Pair
		if pairs, err = decodePairs(data, h); err == nil {
			info.Hit = true
			return pairs, info, nil
		}
		info.Rejected = err.Error()
	case !errors.Is(err, fs.ErrNotExist):
		info.Rejected = err.Error()
	}
	pairs, err := compute()
	if err != nil {
		return nil, info, err
	}
	h.entries = uint64(len(pairs))
	err = atomicfile.Write(info.Path, func(w io.Writer) error {
		return writeChecked(w, func(w io.Writer) error {
			if err := writeHeader(w, h); err != nil {
				return err
			}
			buf := make([]byte, 0, 16*4096)
			for i, p := range pairs {
				buf = binary.LittleEndian.AppendUint32(buf, p.A)
				buf = binary.LittleEndian.AppendUint32(buf, p.B)
				buf = binary.LittleEndian.AppendUint32(buf, p.Inter)
				buf = binary.LittleEndian.AppendUint32(buf, p.Union)
				if len(buf) == cap(buf) || i == len(pairs)-1 {
					if _, err := w.Write(buf); err != nil {
						return err
					}
					buf = buf[:0]
				}
			}
			return nil
		})
	})
	if err != nil {
		return nil, info, fmt.Errorf("exact: write cache: %w", err)
	}
	return pairs, info, nil
}

// lists serves the per-query kinds.
func (c Cache) lists(ctx context.Context, s *datasets.Sets, h cacheHeader, queries []uint32,
	compute func(ix *Index) ([][]Neighbor, error)) ([][]Neighbor, CacheInfo, error) {
	if c.Dir == "" {
		res, err := compute(NewIndex(s))
		return res, CacheInfo{}, err
	}
	h.fingerprint = s.Fingerprint()
	h.sets = uint64(s.Len())
	h.lists = uint64(len(queries))
	info := CacheInfo{Path: c.path(h)}
	data, err := os.ReadFile(info.Path)
	switch {
	case err == nil:
		var res [][]Neighbor
		if res, err = decodeLists(data, h); err == nil {
			info.Hit = true
			return res, info, nil
		}
		info.Rejected = err.Error()
	case !errors.Is(err, fs.ErrNotExist):
		info.Rejected = err.Error()
	}
	res, err := compute(NewIndex(s))
	if err != nil {
		return nil, info, err
	}
	h.entries = 0
	for _, r := range res {
		h.entries += uint64(len(r))
	}
	err = atomicfile.Write(info.Path, func(w io.Writer) error {
		return writeChecked(w, func(w io.Writer) error {
			if err := writeHeader(w, h); err != nil {
				return err
			}
			buf := make([]byte, 0, 4*len(res))
			for _, r := range res {
				buf = binary.LittleEndian.AppendUint32(buf, uint32(len(r)))
			}
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = make([]byte, 0, 12*4096)
			for _, r := range res {
				for _, n := range r {
					buf = binary.LittleEndian.AppendUint32(buf, n.ID)
					buf = binary.LittleEndian.AppendUint32(buf, n.Inter)
					buf = binary.LittleEndian.AppendUint32(buf, n.Union)
					if len(buf) == cap(buf) {
						if _, err := w.Write(buf); err != nil {
							return err
						}
						buf = buf[:0]
					}
				}
			}
			_, err := w.Write(buf)
			return err
		})
	})
	if err != nil {
		return nil, info, fmt.Errorf("exact: write cache: %w", err)
	}
	return res, info, nil
}

// path names the cache file of a key. The name carries the key for humans and to keep distinct
// keys apart; the header inside is what is checked.
func (c Cache) path(h cacheHeader) string {
	param := "k" + fmt.Sprint(h.k)
	if h.kind != kindTopK {
		param = fmt.Sprintf("t%d_%d", h.t.Num, h.t.Den)
	}
	name := fmt.Sprintf("exact-%s-%s-%s-%s", h.kind, h.fingerprint[:min(16, len(h.fingerprint))], sanitize(h.mode), param)
	if h.kind != kindJoin {
		name += "-q" + hex.EncodeToString(h.queries[:6])
	}
	return filepath.Join(c.Dir, name+".bin")
}

func sanitize(s string) string {
	if s == "" {
		return "none"
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, s)
}

func hashQueries(queries []uint32) [32]byte {
	h := sha256.New()
	buf := make([]byte, 0, 4*4096)
	for i, q := range queries {
		buf = binary.LittleEndian.AppendUint32(buf, q)
		if len(buf) == cap(buf) || i == len(queries)-1 {
			h.Write(buf)
			buf = buf[:0]
		}
	}
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// writeChecked runs fill on w and appends the xxhash64 of everything fill wrote.
func writeChecked(w io.Writer, fill func(w io.Writer) error) error {
	d := xxhash.New()
	if err := fill(io.MultiWriter(w, d)); err != nil {
		return err
	}
	return binary.Write(w, binary.LittleEndian, d.Sum64())
}

func writeHeader(w io.Writer, h cacheHeader) error {
	var b bytes.Buffer
	b.WriteString(cacheMagic)
	b.Write(binary.LittleEndian.AppendUint32(nil, cacheVersion))
	b.WriteByte(byte(h.kind))
	for _, s := range []string{h.fingerprint, h.mode} {
		b.Write(binary.LittleEndian.AppendUint16(nil, uint16(len(s))))
		b.WriteString(s)
	}
	for _, v := range []uint64{uint64(h.k), uint64(h.t.Num), uint64(h.t.Den)} {
		b.Write(binary.LittleEndian.AppendUint64(nil, v))
	}
	b.Write(h.queries[:])
	for _, v := range []uint64{h.sets, h.lists, h.entries} {
		b.Write(binary.LittleEndian.AppendUint64(nil, v))
	}
	_, err := w.Write(b.Bytes())
	return err
}

// reader decodes a byte slice, remembering the first shortfall.
type reader struct {
	b   []byte
	bad bool
}

func (r *reader) take(n int) []byte {
	if r.bad || n < 0 || n > len(r.b) {
		r.bad = true
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) u8() byte {
	if b := r.take(1); b != nil {
		return b[0]
	}
	return 0
}

func (r *reader) u16() uint16 {
	if b := r.take(2); b != nil {
		return binary.LittleEndian.Uint16(b)
	}
	return 0
}

func (r *reader) u32() uint32 {
	if b := r.take(4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

func (r *reader) u64() uint64 {
	if b := r.take(8); b != nil {
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

func (r *reader) str() string { return string(r.take(int(r.u16()))) }

// checkFile verifies the checksum, the magic, the version and the key of a cache file against
// want, and returns the header read and a reader positioned at the payload.
func checkFile(data []byte, want cacheHeader) (cacheHeader, *reader, error) {
	if len(data) < len(cacheMagic)+8 {
		return cacheHeader{}, nil, fmt.Errorf("cache file truncated (%d bytes)", len(data))
	}
	body, sum := data[:len(data)-8], binary.LittleEndian.Uint64(data[len(data)-8:])
	if xxhash.Sum64(body) != sum {
		return cacheHeader{}, nil, fmt.Errorf("cache file checksum mismatch (corrupt or truncated)")
	}
	r := &reader{b: body}
	if string(r.take(len(cacheMagic))) != cacheMagic {
		return cacheHeader{}, nil, fmt.Errorf("not an exact-results cache file (bad magic)")
	}
	if v := r.u32(); v != cacheVersion {
		return cacheHeader{}, nil, fmt.Errorf("cache file version %d, want %d", v, cacheVersion)
	}
	var h cacheHeader
	h.kind = cacheKind(r.u8())
	h.fingerprint = r.str()
	h.mode = r.str()
	h.k = int64(r.u64())
	h.t = Threshold{Num: int64(r.u64()), Den: int64(r.u64())}
	copy(h.queries[:], r.take(32))
	h.sets, h.lists, h.entries = r.u64(), r.u64(), r.u64()
	if r.bad {
		return h, nil, fmt.Errorf("cache file header truncated")
	}
	got, exp := h, want
	got.entries, exp.entries = 0, 0
	if got != exp {
		return h, nil, fmt.Errorf("stale cache file: key %s/%s/%s k=%d t=%v sets=%d lists=%d, want %s/%s/%s k=%d t=%v sets=%d lists=%d",
			h.kind, h.fingerprint, h.mode, h.k, h.t, h.sets, h.lists,
			want.kind, want.fingerprint, want.mode, want.k, want.t, want.sets, want.lists)
	}
	return h, r, nil
}

func decodeLists(data []byte, want cacheHeader) ([][]Neighbor, error) {
	h, r, err := checkFile(data, want)
	if err != nil {
		return nil, err
	}
	if h.lists > uint64(len(r.b))/4 || h.entries > uint64(len(r.b))/12 || uint64(len(r.b)) != 4*h.lists+12*h.entries {
		return nil, fmt.Errorf("cache file payload is %d bytes, header says %d lists and %d entries", len(r.b), h.lists, h.entries)
	}
	lens := r.take(int(4 * h.lists))
	all := make([]Neighbor, h.entries)
	out := make([][]Neighbor, h.lists)
	pos := uint64(0)
	for i := range out {
		n := uint64(binary.LittleEndian.Uint32(lens[4*i:]))
		if pos+n > h.entries {
			return nil, fmt.Errorf("cache file list lengths exceed the entry count")
		}
		if n > 0 {
			out[i] = all[pos : pos+n : pos+n]
		}
		pos += n
	}
	if pos != h.entries {
		return nil, fmt.Errorf("cache file list lengths sum to %d, header says %d", pos, h.entries)
	}
	for i := range all {
		n := Neighbor{ID: r.u32(), Inter: r.u32(), Union: r.u32()}
		if uint64(n.ID) >= h.sets || n.Inter == 0 || n.Inter > n.Union {
			return nil, fmt.Errorf("cache file entry %d invalid: %+v", i, n)
		}
		n.Jaccard = ratio(n.Inter, n.Union)
		all[i] = n
	}
	return out, nil
}

func decodePairs(data []byte, want cacheHeader) ([]Pair, error) {
	h, r, err := checkFile(data, want)
	if err != nil {
		return nil, err
	}
	if h.entries > uint64(len(r.b))/16 || uint64(len(r.b)) != 16*h.entries {
		return nil, fmt.Errorf("cache file payload is %d bytes, header says %d pairs", len(r.b), h.entries)
	}
	out := make([]Pair, h.entries)
	for i := range out {
		p := Pair{A: r.u32(), B: r.u32(), Inter: r.u32(), Union: r.u32()}
		if p.A >= p.B || uint64(p.B) >= h.sets || p.Inter == 0 || p.Inter > p.Union {
			return nil, fmt.Errorf("cache file pair %d invalid: %+v", i, p)
		}
		p.Jaccard = ratio(p.Inter, p.Union)
		out[i] = p
	}
	return out, nil
}
