package minhash

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"unsafe"

	"github.com/cespare/xxhash/v2"

	"lshbench/internal/atomicfile"
)

// Signature file format (little-endian throughout):
//
//	offset size field
//	0      8    magic "LSHBSIG\x00"
//	8      4    format version (FileVersion)
//	12     4    header length H in bytes (a multiple of 8, at least 64)
//	16     4    K
//	20     4    B (bits per value for b-bit variants, 0 otherwise)
//	24     4    RowWords
//	28     4    length of the variant name V
//	32     8    seed
//	40     8    number of rows
//	48     8    checksum: xxhash64 of the header with this field zeroed, then of the body
//	56     V    variant name, then zero padding up to H
//	H      4*rows*RowWords body: the rows, uint32 words
//
// The body starts at a multiple of 8 bytes, so a memory mapping of the file can be used in place
// as []uint32 on little-endian machines.
const (
	fileMagic   = "LSHBSIG\x00"
	FileVersion = 2 // 2: kminhash two positions per product, b-bit re-mix
	fixedHeader = 56
)

// ErrFormat is wrapped by every error about the content of a signature file.
var ErrFormat = errors.New("bad signature file")

func headerLen(variant string) int { return (fixedHeader + len(variant) + 7) &^ 7 }

func (s *Signatures) header() []byte {
	h := make([]byte, headerLen(s.Variant))
	copy(h, fileMagic)
	le := binary.LittleEndian
	le.PutUint32(h[8:], FileVersion)
	le.PutUint32(h[12:], uint32(len(h)))
	le.PutUint32(h[16:], uint32(s.K))
	le.PutUint32(h[20:], uint32(s.B))
	le.PutUint32(h[24:], uint32(s.RowWords))
	le.PutUint32(h[28:], uint32(len(s.Variant)))
	le.PutUint64(h[32:], s.Seed)
	le.PutUint64(h[40:], uint64(s.Len()))
	copy(h[fixedHeader:], s.Variant)
	return h
}

// bodyBytes returns the rows as little-endian bytes: the memory itself on little-endian machines,
// a converted copy otherwise.
func bodyBytes(data []uint32) []byte {
	if len(data) == 0 {
		return nil
	}
	if littleEndian {
		return unsafe.Slice((*byte)(unsafe.Pointer(&data[0])), 4*len(data))
	}
	out := make([]byte, 4*len(data))
	for i, v := range data {
		binary.LittleEndian.PutUint32(out[4*i:], v)
	}
	return out
}

var littleEndian = func() bool {
	x := uint16(1)
	return *(*byte)(unsafe.Pointer(&x)) == 1
}()

// WriteTo writes the signatures in the file format to w.
func (s *Signatures) WriteTo(w io.Writer) (int64, error) {
	h := s.header()
	body := bodyBytes(s.Data)
	d := xxhash.New()
	d.Write(h)
	d.Write(body)
	binary.LittleEndian.PutUint64(h[48:], d.Sum64())
	n, err := w.Write(h)
	if err != nil {
		return int64(n), err
	}
	m, err := w.Write(body)
	return int64(n + m), err
}

// WriteFile writes the signatures to path atomically (temporary file and rename).
func (s *Signatures) WriteFile(path string) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		_, err := s.WriteTo(w)
		return err
	})
}

// parsed is a validated header.
type parsed struct {
	variant        string
	k, b, rowWords int
	seed           uint64
	rows           int
	sum            uint64
	hlen           int
}

// parseHeader validates the header of a signature file of total size bytes.
func parseHeader(buf []byte, size int64) (parsed, error) {
	var p parsed
	if len(buf) < fixedHeader {
		return p, fmt.Errorf("%w: truncated header (%d bytes)", ErrFormat, len(buf))
	}
	if string(buf[:8]) != fileMagic {
		return p, fmt.Errorf("%w: not a signature file (bad magic)", ErrFormat)
	}
	le := binary.LittleEndian
	if v := le.Uint32(buf[8:]); v != FileVersion {
		return p, fmt.Errorf("%w: format version %d, this build reads version %d", ErrFormat, v, FileVersion)
	}
	p.hlen = int(le.Uint32(buf[12:]))
	p.k = int(le.Uint32(buf[16:]))
	p.b = int(le.Uint32(buf[20:]))
	p.rowWords = int(le.Uint32(buf[24:]))
	vlen := int(le.Uint32(buf[28:]))
	p.seed = le.Uint64(buf[32:])
	rows := le.Uint64(buf[40:])
	p.sum = le.Uint64(buf[48:])
	if vlen > 64 || p.hlen != headerLen(string(make([]byte, vlen))) {
		return p, fmt.Errorf("%w: header length %d inconsistent with variant name length %d", ErrFormat, p.hlen, vlen)
	}
	if len(buf) < p.hlen {
		return p, fmt.Errorf("%w: truncated header (%d of %d bytes)", ErrFormat, len(buf), p.hlen)
	}
	p.variant = string(buf[fixedHeader : fixedHeader+vlen])
	if p.k <= 0 || p.k > MaxK || p.rowWords <= 0 || p.rowWords > 2*MaxK {
		return p, fmt.Errorf("%w: k = %d, row words = %d out of range", ErrFormat, p.k, p.rowWords)
	}
	body := size - int64(p.hlen)
	if rows > uint64(body) || uint64(body) != rows*uint64(p.rowWords)*4 {
		return p, fmt.Errorf("%w: truncated or oversized body: %d bytes for %d rows of %d words", ErrFormat, body, rows, p.rowWords)
	}
	p.rows = int(rows)
	return p, nil
}

// checkSketcher recreates the sketcher named by a header and checks it agrees with it.
func (p parsed) sketcher() (Sketcher, error) {
	sk, err := New(p.variant, p.k, p.seed)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if sk.RowWords() != p.rowWords {
		return nil, fmt.Errorf("%w: %d words per row, variant %s k=%d has %d", ErrFormat, p.rowWords, p.variant, p.k, sk.RowWords())
	}
	b := 0
	if bb, ok := sk.(*BBit); ok {
		b = bb.B()
	}
	if b != p.b {
		return nil, fmt.Errorf("%w: b = %d, variant %s has b = %d", ErrFormat, p.b, p.variant, b)
	}
	return sk, nil
}

// Decode reads signatures from a complete file image (copied into memory), verifying the
// checksum.
func Decode(buf []byte) (*Signatures, error) {
	p, err := parseHeader(buf, int64(len(buf)))
	if err != nil {
		return nil, err
	}
	sk, err := p.sketcher()
	if err != nil {
		return nil, err
	}
	if err := verify(buf, p); err != nil {
		return nil, err
	}
	data := make([]uint32, p.rows*p.rowWords)
	body := buf[p.hlen:]
	for i := range data {
		data[i] = binary.LittleEndian.Uint32(body[4*i:])
	}
	return &Signatures{Variant: p.variant, K: p.k, B: p.b, Seed: p.seed, RowWords: p.rowWords, Data: data, sk: sk}, nil
}

func verify(buf []byte, p parsed) error {
	d := xxhash.New()
	var h [fixedHeader]byte
	copy(h[:], buf[:fixedHeader])
	clear(h[48:56])
	d.Write(h[:])
	d.Write(buf[fixedHeader:])
	if got := d.Sum64(); got != p.sum {
		return fmt.Errorf("%w: checksum mismatch (stored %016x, computed %016x): the file is corrupt", ErrFormat, p.sum, got)
	}
	return nil
}

// ReadFile opens a signature file. Where memory mapping is available (linux, darwin) and the
// machine is little-endian, the rows are used in place from a read-only mapping, without copying;
// otherwise the file is read into memory. The checksum is always verified (one sequential pass).
// Call Close on the result to release the mapping.
func ReadFile(path string) (*Signatures, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read signatures: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read signatures %s: %w", path, err)
	}
	size := st.Size()
	if littleEndian && size >= fixedHeader {
		if buf, unmap, err := mmapFile(f, size); err == nil {
			s, err := fromMapping(buf, unmap)
			if err != nil {
				unmap()
				return nil, fmt.Errorf("read signatures %s: %w", path, err)
			}
			return s, nil
		}
	}
	buf, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("read signatures %s: %w", path, err)
	}
	s, err := Decode(buf)
	if err != nil {
		return nil, fmt.Errorf("read signatures %s: %w", path, err)
	}
	return s, nil
}

func fromMapping(buf []byte, unmap func() error) (*Signatures, error) {
	p, err := parseHeader(buf, int64(len(buf)))
	if err != nil {
		return nil, err
	}
	sk, err := p.sketcher()
	if err != nil {
		return nil, err
	}
	if err := verify(buf, p); err != nil {
		return nil, err
	}
	var data []uint32
	if n := p.rows * p.rowWords; n > 0 {
		data = unsafe.Slice((*uint32)(unsafe.Pointer(&buf[p.hlen])), n)
	}
	return &Signatures{Variant: p.variant, K: p.k, B: p.b, Seed: p.seed, RowWords: p.rowWords,
		Data: data, sk: sk, close: unmap}, nil
}
