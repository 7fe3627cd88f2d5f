package lsh

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/cespare/xxhash/v2"

	"lshbench/internal/atomicfile"
)

// File format (version 1), all integers little-endian:
//
//	offset  size  field
//	0       8     magic "LSHBIDX\x00"
//	8       4     version (1)
//	12      4     variant (1 banding, 2 multi-probe, 3 forest)
//	16      4     b (bands or trees)
//	20      4     r (rows per band or tree depth)
//	24      4     k (signature length)
//	28      4     flags (bit 0: single-member buckets stored)
//	32      8     n, rows of the signature matrix
//	40      8     indexed (non-empty) rows
//	48      8     Fingerprint of the signature matrix
//	56      8     number of tables or trees
//	64      8     body length in bytes
//	72      8     xxhash64 of the body
//	80      8     xxhash64 of bytes 0..79
//	88      ...   body
//
// Body of a banded index, per table: nkeys, nids, dbits (8 bytes each), then keys (8 bytes each),
// nkeys+1 offsets, nids members and 2^dbits+1 directory entries (4 bytes each). Body of a forest,
// per tree: m (8 bytes), then m row ids and m head values (4 bytes each).
//
// Loading reads the file sequentially once, verifies both checksums, that the index belongs to the
// given signature matrix (shape and fingerprint), and the structure of every table, so that a
// loaded index answers exactly as the saved one and can never index out of range.

const (
	fileMagic   = "LSHBIDX\x00"
	fileVersion = 1
	headerSize  = 88
)

var (
	// ErrCorrupt is wrapped by load errors caused by a damaged or malformed file.
	ErrCorrupt = errors.New("corrupt index file")
	// ErrMismatch is wrapped by load errors caused by a file that belongs to other signatures or
	// another configuration.
	ErrMismatch = errors.New("index file does not match")
)

// Header is the fixed header of an index file.
type Header struct {
	Version     uint32
	Variant     Variant
	Params      Params
	K           int
	Singletons  bool
	N, Indexed  int
	Fingerprint uint64
	Tables      int
	BodyLen     uint64
	BodySum     uint64
}

func (h *Header) encode() []byte {
	b := make([]byte, headerSize)
	copy(b, fileMagic)
	le := binary.LittleEndian
	le.PutUint32(b[8:], h.Version)
	le.PutUint32(b[12:], uint32(h.Variant))
	le.PutUint32(b[16:], uint32(h.Params.B))
	le.PutUint32(b[20:], uint32(h.Params.R))
	le.PutUint32(b[24:], uint32(h.K))
	if h.Singletons {
		le.PutUint32(b[28:], 1)
	}
	le.PutUint64(b[32:], uint64(h.N))
	le.PutUint64(b[40:], uint64(h.Indexed))
	le.PutUint64(b[48:], h.Fingerprint)
	le.PutUint64(b[56:], uint64(h.Tables))
	le.PutUint64(b[64:], h.BodyLen)
	le.PutUint64(b[72:], h.BodySum)
	le.PutUint64(b[80:], xxhash.Sum64(b[:80]))
	return b
}

func decodeHeader(b []byte) (Header, error) {
	var h Header
	if len(b) < headerSize {
		return h, fmt.Errorf("%w: %d-byte header, want %d", ErrCorrupt, len(b), headerSize)
	}
	if string(b[:8]) != fileMagic {
		return h, fmt.Errorf("%w: bad magic %q (not an lshbench index)", ErrCorrupt, b[:8])
	}
	le := binary.LittleEndian
	h.Version = le.Uint32(b[8:])
	if h.Version != fileVersion {
		return h, fmt.Errorf("%w: format version %d, this build reads %d", ErrMismatch, h.Version, fileVersion)
	}
	if sum := xxhash.Sum64(b[:80]); sum != le.Uint64(b[80:]) {
		return h, fmt.Errorf("%w: header checksum %016x, stored %016x", ErrCorrupt, sum, le.Uint64(b[80:]))
	}
	h.Variant = Variant(le.Uint32(b[12:]))
	h.Params = Params{B: int(le.Uint32(b[16:])), R: int(le.Uint32(b[20:]))}
	h.K = int(le.Uint32(b[24:]))
	flags := le.Uint32(b[28:])
	if flags > 1 {
		return h, fmt.Errorf("%w: unknown flags %#x", ErrCorrupt, flags)
	}
	h.Singletons = flags&1 != 0
	n, ind, nt := le.Uint64(b[32:]), le.Uint64(b[40:]), le.Uint64(b[56:])
	if n >= 1<<32 || ind > n || nt > 1<<32 {
		return h, fmt.Errorf("%w: sizes n=%d indexed=%d tables=%d out of range", ErrCorrupt, n, ind, nt)
	}
	h.N, h.Indexed, h.Tables = int(n), int(ind), int(nt)
	h.Fingerprint = le.Uint64(b[48:])
	h.BodyLen = le.Uint64(b[64:])
	h.BodySum = le.Uint64(b[72:])
	return h, nil
}

// IndexPath returns the conventional path of an index file beside the signature file sigPath,
// e.g. "sigs.bin.banding-32x4.lshidx".
func IndexPath(sigPath string, v Variant, p Params) string {
	return fmt.Sprintf("%s.%s-%dx%d.lshidx", sigPath, v, p.B, p.R)
}

// ReadHeader reads and checks the header of the index file at path.
func ReadHeader(path string) (Header, error) {
	f, err := os.Open(path)
	if err != nil {
		return Header{}, fmt.Errorf("lsh: read index header %s: %w", path, err)
	}
	defer f.Close()
	b := make([]byte, headerSize)
	if _, err := io.ReadFull(f, b); err != nil {
		return Header{}, fmt.Errorf("lsh: read index header %s: %w: %v", path, ErrCorrupt, err)
	}
	h, err := decodeHeader(b)
	if err != nil {
		return h, fmt.Errorf("lsh: read index header %s: %w", path, err)
	}
	return h, nil
}

// bodyWriter serialises little-endian arrays through a buffer.
type bodyWriter struct {
	w   io.Writer
	buf []byte
	n   uint64
	err error
}

func (bw *bodyWriter) flush() {
	if bw.err == nil && len(bw.buf) > 0 {
		_, bw.err = bw.w.Write(bw.buf)
	}
	bw.n += uint64(len(bw.buf))
	bw.buf = bw.buf[:0]
}

func (bw *bodyWriter) room(n int) {
	if len(bw.buf)+n > cap(bw.buf) {
		bw.flush()
	}
}

func (bw *bodyWriter) u64(v uint64) {
	bw.room(8)
	bw.buf = binary.LittleEndian.AppendUint64(bw.buf, v)
}

func (bw *bodyWriter) u64s(vs []uint64) {
	for _, v := range vs {
		bw.u64(v)
	}
}

func (bw *bodyWriter) u32s(vs []uint32) {
	for _, v := range vs {
		bw.room(4)
		bw.buf = binary.LittleEndian.AppendUint32(bw.buf, v)
	}
}

// writeFile writes header and body: the body is serialised twice, first into the checksum, then
// into the file, so nothing is buffered in memory.
func writeFile(path string, h Header, body func(bw *bodyWriter)) error {
	d := xxhash.New()
	bw := &bodyWriter{w: d, buf: make([]byte, 0, 1<<16)}
	body(bw)
	bw.flush()
	h.BodyLen, h.BodySum = bw.n, d.Sum64()
	return atomicfile.Write(path, func(w io.Writer) error {
		if _, err := w.Write(h.encode()); err != nil {
			return err
		}
		fw := &bodyWriter{w: w, buf: bw.buf[:0]}
		body(fw)
		fw.flush()
		return fw.err
	})
}

// Save writes the index to path (atomically, through internal/atomicfile). It computes the
// fingerprint of the signature matrix, O(n*k).
func (ix *Index) Save(path string) error {
	h := Header{Version: fileVersion, Variant: ix.variant, Params: ix.params, K: ix.k, Singletons: ix.singletons,
		N: ix.n, Indexed: ix.indexed, Fingerprint: Fingerprint(ix.rows), Tables: len(ix.tables)}
	err := writeFile(path, h, func(bw *bodyWriter) {
		for i := range ix.tables {
			t := &ix.tables[i]
			bw.u64(uint64(len(t.keys)))
			bw.u64(uint64(len(t.ids)))
			bw.u64(uint64(t.dbits))
			bw.u64s(t.keys)
			bw.u32s(t.offs)
			bw.u32s(t.ids)
			bw.u32s(t.dir)
		}
	})
	if err != nil {
		return fmt.Errorf("lsh: save index: %w", err)
	}
	return nil
}

// Save writes the forest to path (atomically).
func (f *Forest) Save(path string) error {
	h := Header{Version: fileVersion, Variant: ForestVariant, Params: f.params, K: f.k,
		N: f.n, Indexed: f.indexed, Fingerprint: Fingerprint(f.rows), Tables: len(f.trees)}
	err := writeFile(path, h, func(bw *bodyWriter) {
		for i := range f.trees {
			bw.u64(uint64(len(f.trees[i].ids)))
			bw.u32s(f.trees[i].ids)
			bw.u32s(f.trees[i].heads)
		}
	})
	if err != nil {
		return fmt.Errorf("lsh: save forest: %w", err)
	}
	return nil
}

// bodyReader decodes little-endian arrays from a buffered reader while hashing every byte.
type bodyReader struct {
	r    *bufio.Reader
	d    *xxhash.Digest
	left uint64 // bytes the header says remain
	err  error
}

func (br *bodyReader) take(n uint64) []byte {
	if br.err != nil {
		return nil
	}
	if n > br.left {
		br.err = fmt.Errorf("%w: body longer than the %d bytes the header states", ErrCorrupt, br.left)
		return nil
	}
	b, err := br.r.Peek(int(n))
	if err != nil {
		br.err = fmt.Errorf("%w: truncated body: %v", ErrCorrupt, err)
		return nil
	}
	br.d.Write(b)
	br.r.Discard(int(n))
	br.left -= n
	return b
}

func (br *bodyReader) u64() uint64 {
	b := br.take(8)
	if b == nil {
		return 0
	}
	return binary.LittleEndian.Uint64(b)
}

// u64s reads n values; the caller has bounded n.
func (br *bodyReader) u64s(n int) []uint64 {
	if br.err != nil || uint64(n)*8 > br.left {
		br.fail()
		return nil
	}
	out := make([]uint64, n)
	for i := 0; i < n; {
		c := min(n-i, 4096)
		b := br.take(uint64(8 * c))
		if b == nil {
			return nil
		}
		for j := 0; j < c; j++ {
			out[i+j] = binary.LittleEndian.Uint64(b[8*j:])
		}
		i += c
	}
	return out
}

func (br *bodyReader) u32s(n int) []uint32 {
	if br.err != nil || uint64(n)*4 > br.left {
		br.fail()
		return nil
	}
	out := make([]uint32, n)
	for i := 0; i < n; {
		c := min(n-i, 8192)
		b := br.take(uint64(4 * c))
		if b == nil {
			return nil
		}
		for j := 0; j < c; j++ {
			out[i+j] = binary.LittleEndian.Uint32(b[4*j:])
		}
		i += c
	}
	return out
}

func (br *bodyReader) fail() {
	if br.err == nil {
		br.err = fmt.Errorf("%w: body shorter than its arrays", ErrCorrupt)
	}
}

// finish checks that the whole body was consumed and matches its checksum.
func (br *bodyReader) finish(h Header) error {
	if br.err != nil {
		return br.err
	}
	if br.left != 0 {
		return fmt.Errorf("%w: %d bytes of body left over", ErrCorrupt, br.left)
	}
	if _, err := br.r.Peek(1); err != io.EOF {
		return fmt.Errorf("%w: trailing data after the body", ErrCorrupt)
	}
	if sum := br.d.Sum64(); sum != h.BodySum {
		return fmt.Errorf("%w: body checksum %016x, stored %016x", ErrCorrupt, sum, h.BodySum)
	}
	return nil
}

// openIndexFile reads and checks the header against rows and the expected kind. It also returns
// the empty flags of the rows, read once in order, for the structural checks.
func openIndexFile(r io.Reader, rows Rows, forest bool) (Header, *bodyReader, []bool, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	hb := make([]byte, headerSize)
	if _, err := io.ReadFull(br, hb); err != nil {
		return Header{}, nil, nil, fmt.Errorf("%w: reading header: %v", ErrCorrupt, err)
	}
	h, err := decodeHeader(hb)
	if err != nil {
		return h, nil, nil, err
	}
	switch {
	case forest && h.Variant != ForestVariant:
		return h, nil, nil, fmt.Errorf("%w: file holds a %v index, not a forest", ErrMismatch, h.Variant)
	case !forest && h.Variant != Banding && h.Variant != MultiProbe:
		return h, nil, nil, fmt.Errorf("%w: file holds a %v index, not a banded one", ErrMismatch, h.Variant)
	}
	if err := h.Params.Validate(h.K); err != nil {
		return h, nil, nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	want := h.Params.B
	if h.Variant == MultiProbe {
		want = h.Params.B * h.Params.R
		if h.Params.R < 2 {
			return h, nil, nil, fmt.Errorf("%w: multi-probe with r = %d", ErrCorrupt, h.Params.R)
		}
	}
	if h.Tables != want {
		return h, nil, nil, fmt.Errorf("%w: %d tables for %v %v", ErrCorrupt, h.Tables, h.Variant, h.Params)
	}
	if h.N != rows.Len() || h.K != rows.K() {
		return h, nil, nil, fmt.Errorf("%w: index built on %d rows of k = %d, signatures have %d rows of k = %d",
			ErrMismatch, h.N, h.K, rows.Len(), rows.K())
	}
	live := 0
	empty := make([]bool, rows.Len())
	for i := range empty {
		empty[i] = rows.IsEmpty(i)
		if !empty[i] {
			live++
		}
	}
	if live != h.Indexed {
		return h, nil, nil, fmt.Errorf("%w: index holds %d non-empty rows, signatures have %d", ErrMismatch, h.Indexed, live)
	}
	if fp := Fingerprint(rows); fp != h.Fingerprint {
		return h, nil, nil, fmt.Errorf("%w: signature fingerprint %016x, index was built on %016x", ErrMismatch, fp, h.Fingerprint)
	}
	return h, &bodyReader{r: br, d: xxhash.New(), left: h.BodyLen}, empty, nil
}

// Load reads a banded index saved by Index.Save and attaches it to rows, which must be the
// signatures it was built on (same shape and Fingerprint). Reading is sequential; nothing is
// rebuilt. Errors wrap ErrCorrupt or ErrMismatch.
func Load(path string, rows Rows) (*Index, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("lsh: load index: %w", err)
	}
	defer f.Close()
	ix, err := ReadIndex(f, rows)
	if err != nil {
		return nil, fmt.Errorf("lsh: load index %s: %w", path, err)
	}
	return ix, nil
}

// ReadIndex is Load from a reader.
func ReadIndex(r io.Reader, rows Rows) (*Index, error) {
	h, br, empty, err := openIndexFile(r, rows, false)
	if err != nil {
		return nil, err
	}
	ix := &Index{variant: h.Variant, params: h.Params, k: h.K, n: h.N, indexed: h.Indexed,
		singletons: h.Singletons, rows: rows, tables: make([]table, h.Tables)}
	for i := range ix.tables {
		nkeys, nids, dbits := br.u64(), br.u64(), br.u64()
		if br.err != nil {
			return nil, br.err
		}
		if nkeys > uint64(h.Indexed) || nids > uint64(h.Indexed) || dbits != uint64(dirBits(int(nkeys))) {
			return nil, fmt.Errorf("%w: table %d: %d keys, %d members, %d directory bits", ErrCorrupt, i, nkeys, nids, dbits)
		}
		t := table{dbits: uint32(dbits)}
		t.keys = br.u64s(int(nkeys))
		t.offs = br.u32s(int(nkeys) + 1)
		t.ids = br.u32s(int(nids))
		t.dir = br.u32s(1<<dbits + 1)
		if br.err != nil {
			return nil, br.err
		}
		if err := ix.checkTable(&t, empty); err != nil {
			return nil, fmt.Errorf("%w: table %d: %v", ErrCorrupt, i, err)
		}
		t.buildFilter() // derived from the keys, not saved
		ix.tables[i] = t
	}
	if err := br.finish(h); err != nil {
		return nil, err
	}
	return ix, nil
}

// checkTable verifies the invariants lookups rely on.
func (ix *Index) checkTable(t *table, empty []bool) error {
	minSize := uint32(2)
	if ix.singletons {
		minSize = 1
	}
	if t.offs[0] != 0 || int(t.offs[len(t.keys)]) != len(t.ids) {
		return errors.New("offsets do not span the members")
	}
	for j := range t.keys {
		if j > 0 && t.keys[j] <= t.keys[j-1] {
			return errors.New("keys not strictly increasing")
		}
		lo, hi := t.offs[j], t.offs[j+1]
		if hi < lo+minSize || int(hi) > len(t.ids) {
			return fmt.Errorf("bucket %d has offsets [%d, %d)", j, lo, hi)
		}
		for m := lo; m < hi; m++ {
			id := t.ids[m]
			if int(id) >= ix.n || empty[id] || (m > lo && id <= t.ids[m-1]) {
				return fmt.Errorf("bucket %d member %d invalid", j, id)
			}
		}
	}
	if !slices.Equal(t.dir, buildDir(t.keys, t.dbits)) {
		return errors.New("directory inconsistent with the keys")
	}
	return nil
}

// LoadForest reads a forest saved by Forest.Save and attaches it to rows (see Load).
func LoadForest(path string, rows Rows) (*Forest, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("lsh: load forest: %w", err)
	}
	defer f.Close()
	fo, err := ReadForest(f, rows)
	if err != nil {
		return nil, fmt.Errorf("lsh: load forest %s: %w", path, err)
	}
	return fo, nil
}

// ReadForest is LoadForest from a reader.
func ReadForest(r io.Reader, rows Rows) (*Forest, error) {
	h, br, empty, err := openIndexFile(r, rows, true)
	if err != nil {
		return nil, err
	}
	f := &Forest{params: h.Params, k: h.K, n: h.N, indexed: h.Indexed, rows: rows, trees: make([]tree, h.Tables)}
	seen := make([]uint32, h.N)
	for t := range f.trees {
		m := br.u64()
		if br.err != nil {
			return nil, br.err
		}
		if m != uint64(h.Indexed) {
			return nil, fmt.Errorf("%w: tree %d holds %d rows, want %d", ErrCorrupt, t, m, h.Indexed)
		}
		tr := tree{ids: br.u32s(int(m)), heads: br.u32s(int(m))}
		if br.err != nil {
			return nil, br.err
		}
		if err := f.checkTree(&tr, t, seen, empty); err != nil {
			return nil, fmt.Errorf("%w: tree %d: %v", ErrCorrupt, t, err)
		}
		f.trees[t] = tr
	}
	if err := br.finish(h); err != nil {
		return nil, err
	}
	return f, nil
}

// checkTree verifies that tree t holds every non-empty row once, in label order, with its heads.
func (f *Forest) checkTree(tr *tree, t int, seen []uint32, empty []bool) error {
	r := f.params.R
	stamp := uint32(t + 1)
	for j, id := range tr.ids {
		if int(id) >= f.n || empty[id] || seen[id] == stamp {
			return fmt.Errorf("entry %d: row %d invalid or repeated", j, id)
		}
		seen[id] = stamp
		lab := f.rows.Row(int(id))[t*r : (t+1)*r]
		if tr.heads[j] != lab[0] {
			return fmt.Errorf("entry %d: head %d, row %d has %d", j, tr.heads[j], id, lab[0])
		}
		if j > 0 {
			prev := f.rows.Row(int(tr.ids[j-1]))[t*r : (t+1)*r]
			if c := slices.Compare(prev, lab); c > 0 || (c == 0 && tr.ids[j-1] > id) {
				return fmt.Errorf("entry %d out of order", j)
			}
		}
	}
	return nil
}
