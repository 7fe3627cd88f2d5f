package datasets

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
)

// ParseError reports malformed input: the file, the 1-based line (0 when the error concerns the
// whole file, such as an empty one) and the cause.
type ParseError struct {
	File string
	Line int
	Err  error
}

// Error returns "file:line: cause" (or "file: cause" when Line is 0).
func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

// Unwrap returns the cause.
func (e *ParseError) Unwrap() error { return e.Err }

// ErrNoEdges is the cause reported for a graph file that holds no edge.
var ErrNoEdges = errors.New("no edges")

// LoadOptions controls the file loaders (LoadGraph, LoadGroundTruth, LoadSets). Open derives
// them from OpenOptions and the registry.
type LoadOptions struct {
	// Format forces the file's format; FormatAuto detects it (see DetectFormat).
	Format Format
	// Directed overrides the directedness of the graph. nil means: what a GML file says
	// (`directed 1`), directed for every other graph format.
	Directed *bool
	// SelfLoops is the self-loop policy of the graph builder.
	SelfLoops SelfLoopPolicy
	// Attribute names the field holding the community: the GML node attribute (default
	// "value") or the column of a CSV label file with a header (default: the last column).
	Attribute string
	// AllowUnknown drops ground-truth members that are not vertices of the graph (counted in
	// TruthReport.Unknown) instead of failing.
	AllowUnknown bool
	// Progress receives the bytes of the file read so far (compressed bytes for gzip) out of the
	// file's size.
	Progress Progress
}

func (o LoadOptions) directed(def bool) bool {
	if o.Directed != nil {
		return *o.Directed
	}
	return def
}

const (
	// readBufSize is the size of the buffer over the (decompressed) input.
	readBufSize = 1 << 20
	// checkEvery is the number of lines between context checks and progress reports.
	checkEvery = 1 << 16
	// maxLineLen bounds one input line, so a file without newlines cannot exhaust memory.
	maxLineLen = 256 << 20
)

var gzipMagic = []byte{0x1f, 0x8b}

// countingReader counts the bytes read from the underlying file.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// input is an open data file: gzip is recognised by its magic bytes and decompressed
// transparently; reads are counted for progress reports.
type input struct {
	name     string
	f        *os.File
	size     int64
	raw      *countingReader
	gz       *gzip.Reader
	r        *bufio.Reader // over the decompressed content
	progress Progress
	ctx      context.Context
}

// openInput opens path for reading.
func openInput(ctx context.Context, path string, progress Progress) (*input, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if st.IsDir() {
		f.Close()
		return nil, &ParseError{File: path, Err: errors.New("is a directory")}
	}
	in := &input{name: path, f: f, size: st.Size(), raw: &countingReader{r: f}, progress: progress, ctx: ctx}
	if err := in.init(); err != nil {
		f.Close()
		return nil, err
	}
	return in, nil
}

func (in *input) init() error {
	// Plain files are read through one buffer, no larger than the file needs; gzip streams
	// through a small buffer over the file and a large one over the decompressed bytes.
	size := readBufSize
	if in.size >= 0 && in.size+16 < readBufSize {
		size = max(int(in.size)+16, 4096)
	}
	br := bufio.NewReaderSize(in.raw, size)
	head, _ := br.Peek(2)
	if bytes.Equal(head, gzipMagic) {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return &ParseError{File: in.name, Line: 1, Err: fmt.Errorf("gzip header: %w", err)}
		}
		in.gz = gz
		in.r = bufio.NewReaderSize(gz, readBufSize)
		return nil
	}
	in.r = br
	return nil
}

// Close releases the file.
func (in *input) Close() error {
	if in.gz != nil {
		in.gz.Close()
	}
	if in.f != nil {
		return in.f.Close()
	}
	return nil
}

// tick checks the context and reports progress.
func (in *input) tick() error {
	in.progress.Report(in.raw.n, in.size)
	if in.ctx != nil {
		return in.ctx.Err()
	}
	return nil
}

// errAt wraps err as a ParseError at line.
func (in *input) errAt(line int, err error) error {
	return &ParseError{File: in.name, Line: line, Err: err}
}

// errorf returns a ParseError at line.
func (in *input) errorf(line int, format string, args ...any) error {
	return &ParseError{File: in.name, Line: line, Err: fmt.Errorf(format, args...)}
}

// readErr turns an I/O or decompression error into a ParseError, naming truncated gzip streams.
func (in *input) readErr(line int, err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) && in.gz != nil {
		return in.errorf(line, "truncated gzip stream: %w", err)
	}
	if in.gz != nil {
		return in.errorf(line, "gzip: %w", err)
	}
	return in.errAt(line, err)
}

// lineReader yields the lines of an input without the line terminator (LF or CRLF). Lines are
// slices into an internal buffer valid until the next call.
type lineReader struct {
	in   *input
	line int    // number of the last line returned
	long []byte // holds lines longer than the bufio buffer
	err  error
}

func newLineReader(in *input) *lineReader { return &lineReader{in: in} }

// next returns the next line, or ok=false at the end of the input or on error (see Err).
func (lr *lineReader) next() (line []byte, ok bool) {
	if lr.err != nil {
		return nil, false
	}
	b, err := lr.in.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		lr.long = append(lr.long[:0], b...)
		for err == bufio.ErrBufferFull {
			if len(lr.long) > maxLineLen {
				lr.err = lr.in.errorf(lr.line+1, "line longer than %d bytes", maxLineLen)
				return nil, false
			}
			b, err = lr.in.r.ReadSlice('\n')
			lr.long = append(lr.long, b...)
		}
		b = lr.long
	}
	if err != nil && err != io.EOF {
		lr.err = lr.in.readErr(lr.line+1, err)
		return nil, false
	}
	if len(b) == 0 && err == io.EOF {
		return nil, false
	}
	lr.line++
	if lr.line%checkEvery == 0 {
		if e := lr.in.tick(); e != nil {
			lr.err = e
			return nil, false
		}
	}
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b, true
}

// Err returns the error that stopped next, if any.
func (lr *lineReader) Err() error { return lr.err }

// isComment reports whether a line is blank or a `#` / `%` comment.
func isComment(line []byte) bool {
	i := skipSpace(line, 0)
	return i == len(line) || line[i] == '#' || line[i] == '%'
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// nextField returns the next whitespace-separated field of b starting at i and the index after it.
func nextField(b []byte, i int) (field []byte, j int) {
	i = skipSpace(b, i)
	j = i
	for j < len(b) && !isSpace(b[j]) {
		j++
	}
	return b[i:j], j
}

// idKind classifies an identifier token.
type idKind uint8

const (
	idInt    idKind = iota // a non-negative decimal integer that fits int64
	idString               // a name: does not start with a digit or sign
	idBad                  // starts like a number but is not a valid non-negative int64
)

// parseID classifies tok and returns its value when it is an integer. A token that starts with a
// digit, '+' or '-' must be a non-negative decimal integer no larger than MaxInt64; any other
// token of printable characters is a string identifier.
func parseID(tok []byte) (int64, idKind) {
	if len(tok) == 0 {
		return 0, idBad
	}
	c := tok[0]
	if c != '+' && c != '-' && (c < '0' || c > '9') {
		for _, c := range tok {
			if c < 0x20 || c == 0x7f {
				return 0, idBad
			}
		}
		return 0, idString
	}
	i := 0
	if c == '+' {
		i = 1
	}
	if c == '-' || i == len(tok) {
		return 0, idBad
	}
	var x uint64
	for ; i < len(tok); i++ {
		d := tok[i] - '0'
		if d > 9 {
			return 0, idBad
		}
		x = x*10 + uint64(d)
		if x > 1<<63-1 {
			return 0, idBad
		}
	}
	return int64(x), idInt
}

// badID describes why tok is not a valid identifier.
func badID(tok []byte) error {
	const show = 40
	t := tok
	if len(t) > show {
		t = t[:show]
	}
	switch {
	case len(tok) == 0:
		return errors.New("empty id")
	case tok[0] == '-' && len(tok) > 1 && allDigits(tok[1:]):
		return fmt.Errorf("negative id %q", t)
	case allDigits(bytes.TrimPrefix(tok, []byte("+"))):
		return fmt.Errorf("id %q out of range (max %d)", t, int64(1<<63-1))
	}
	return fmt.Errorf("bad id %q", t)
}

func allDigits(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// readErrIfAny returns a ParseError when err comes from reading or decompressing the file
// (truncated or corrupt gzip, I/O failure), nil when it is a plain format error.
func (in *input) readErrIfAny(line int, err error) error {
	var pe *ParseError
	if errors.As(err, &pe) {
		return err
	}
	if in.gz != nil && (errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader)) {
		return in.readErr(line, err)
	}
	var pathErr *os.PathError
	if errors.As(err, &pathErr) {
		return in.readErr(line, err)
	}
	return nil
}
