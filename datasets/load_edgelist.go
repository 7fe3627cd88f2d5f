package datasets

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
)

// LoadGraph reads a graph file (edge list, CSV edge list or GML; plain or gzip) and builds the
// graph. Ground truth held in a GML file is ignored: use LoadGraphTruth to keep it. Vertex ids
// are the file's identifiers (see GraphBuilder for their order). A file without any edge is an
// error. Directedness follows opt.Directed, else the format's default (GML: the file's `directed`
// key; edge lists: directed).
//
// Time O(bytes + M log M) at worst (O(bytes + M) for dense integer ids); the memory peak is about
// 40 bytes per edge line plus the graph.
func LoadGraph(ctx context.Context, path string, opt LoadOptions) (*Graph, error) {
	b, _, err := readGraphFile(ctx, path, opt)
	if err != nil {
		return nil, err
	}
	return b.Build()
}

// readGraphFile fills a builder from a graph file. For GML files it also returns the ground truth
// found in the node attribute (nil when no node has it).
func readGraphFile(ctx context.Context, path string, opt LoadOptions) (*GraphBuilder, *rawTruth, error) {
	format := opt.Format
	if format == FormatAuto {
		f, err := DetectFormat(path)
		if err != nil {
			return nil, nil, err
		}
		format = f
	}
	in, err := openInput(ctx, path, opt.Progress)
	if err != nil {
		return nil, nil, err
	}
	defer in.Close()
	return readGraph(in, format, opt)
}

// readGraph fills a builder from an open input of the given format.
func readGraph(in *input, format Format, opt LoadOptions) (*GraphBuilder, *rawTruth, error) {
	switch format {
	case FormatEdgeList, FormatCSV:
		b := NewGraphBuilder(opt.directed(true), opt.SelfLoops)
		if err := readEdges(in, b, format == FormatCSV); err != nil {
			return nil, nil, err
		}
		return b, nil, nil
	case FormatGML:
		return readGML(in, opt)
	}
	return nil, nil, &ParseError{File: in.name, Err: fmt.Errorf("format %q does not hold a graph", format)}
}

// readEdges streams an edge list into b: whitespace-separated `u v [ignored...]` lines, or, when
// csv is set, comma-separated lines whose first line may be a header (it is skipped when its
// first two fields are not both integer ids). A whitespace list may also start with an
// uncommented header: a first line of two names followed by a line of two integer ids is
// skipped; otherwise names are vertex ids like any other.
func readEdges(in *input, b *GraphBuilder, csv bool) error {
	lr := newLineReader(in)
	first := true
	var ubuf, vbuf []byte
	// The first line of a whitespace list, when both its fields are names, is held back: it is
	// a header if the next line holds two integer ids, an edge otherwise.
	pending := false
	var pu, pv []byte
	for {
		line, ok := lr.next()
		if !ok {
			break
		}
		if isComment(line) {
			continue
		}
		var u, v []byte
		if csv {
			var n int
			u, v, n = csvPair(line)
			if n < 2 {
				return in.errorf(lr.line, "want at least 2 comma-separated fields, got %d", n)
			}
		} else {
			var i int
			u, i = nextField(line, 0)
			v, _ = nextField(line, i)
			if len(v) == 0 {
				return in.errorf(lr.line, "want at least 2 fields `u v`, got %d", min(len(u), 1))
			}
		}
		x, kx := parseID(u)
		y, ky := parseID(v)
		if first {
			first = false
			if csv && (kx != idInt || ky != idInt) {
				continue // header line
			}
			if !csv && kx == idString && ky == idString {
				// Maybe an uncommented header (`source target`): decided by the next line.
				pending = true
				pu, pv = append(pu[:0], u...), append(pv[:0], v...)
				continue
			}
		}
		if pending {
			pending = false
			if kx != idInt || ky != idInt {
				b.AddTokens(pu, pv)
			}
		}
		switch {
		case kx == idBad:
			return in.errAt(lr.line, badID(u))
		case ky == idBad:
			return in.errAt(lr.line, badID(v))
		case kx == idInt && ky == idInt:
			b.AddInt(x, y)
		default:
			// Canonical decimal form for integers so "+7" and "7" name the same vertex.
			if kx == idInt {
				ubuf = strconv.AppendInt(ubuf[:0], x, 10)
				u = ubuf
			}
			if ky == idInt {
				vbuf = strconv.AppendInt(vbuf[:0], y, 10)
				v = vbuf
			}
			b.AddTokens(u, v)
		}
	}
	if err := lr.Err(); err != nil {
		return err
	}
	if pending {
		b.AddTokens(pu, pv)
	}
	in.progress.Report(in.raw.n, in.size)
	if b.Edges() == 0 {
		return &ParseError{File: in.name, Line: lr.line, Err: ErrNoEdges}
	}
	return nil
}

// csvPair returns the first two comma-separated fields of line (trimmed of spaces and of
// enclosing double quotes) and the number of fields seen (capped at 2).
func csvPair(line []byte) (u, v []byte, n int) {
	i := bytes.IndexByte(line, ',')
	if i < 0 {
		if len(bytes.TrimSpace(line)) == 0 {
			return nil, nil, 0
		}
		return nil, nil, 1
	}
	u = csvField(line[:i])
	rest := line[i+1:]
	if j := bytes.IndexByte(rest, ','); j >= 0 {
		rest = rest[:j]
	}
	v = csvField(rest)
	return u, v, 2
}

func csvField(f []byte) []byte {
	f = bytes.TrimSpace(f)
	if len(f) >= 2 && f[0] == '"' && f[len(f)-1] == '"' {
		f = f[1 : len(f)-1]
	}
	return f
}
