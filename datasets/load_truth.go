package datasets

import (
	"archive/tar"
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// TruthReport states what loading a ground-truth file did.
type TruthReport struct {
	// Members counts the memberships read (member ids over all communities, repeats included).
	Members int64 `json:"members"`
	// Unknown counts memberships dropped because the id is not a vertex (LoadOptions.AllowUnknown).
	Unknown int64 `json:"unknown_dropped"`
}

// rawTruth collects communities by original id before the graph's dense ids are known. Members
// are stored flat: member i belongs to community cid[i] and is ints[i] (or strs[i] once a
// non-integer id was seen); pos[i] locates it for error messages: a line number, or a byte
// offset into the file when byOffset is set (converted to a line only when an error is reported).
type rawTruth struct {
	files    []string // source of each community (index in comms.file)
	names    []string // community names
	cfile    []int32  // community -> index in files
	cid      []int32
	ints     []int64
	strs     []string
	isStr    bool
	pos      []int64
	byOffset bool
	// vertices says the members are vertices in their own right (label files, GML): when the
	// truth is loaded together with its graph they are added to it, as isolated vertices if need be.
	vertices bool
}

// community starts a new community and returns its index.
func (t *rawTruth) community(name string, file int32) int32 {
	t.names = append(t.names, name)
	t.cfile = append(t.cfile, file)
	return int32(len(t.names) - 1)
}

// addFile registers a source name and returns its index.
func (t *rawTruth) addFile(name string) int32 {
	t.files = append(t.files, name)
	return int32(len(t.files) - 1)
}

// add appends a member given as a token; the error (nil when tok is valid) describes a bad id.
func (t *rawTruth) add(c int32, tok []byte, pos int64) error {
	x, k := parseID(tok)
	switch k {
	case idBad:
		return badID(tok)
	case idString:
		t.toStrings()
		t.strs = append(t.strs, string(tok))
	default:
		if t.isStr {
			t.strs = append(t.strs, strconv.FormatInt(x, 10))
		} else {
			t.ints = append(t.ints, x)
		}
	}
	t.cid = append(t.cid, c)
	t.pos = append(t.pos, pos)
	return nil
}

func (t *rawTruth) toStrings() {
	if t.isStr {
		return
	}
	t.isStr = true
	t.strs = make([]string, len(t.ints), cap(t.ints))
	for i, x := range t.ints {
		t.strs[i] = strconv.FormatInt(x, 10)
	}
	t.ints = nil
}

func (t *rawTruth) len() int { return len(t.cid) }

// addVertices adds every member to b as a vertex.
func (t *rawTruth) addVertices(b *GraphBuilder) {
	if t.isStr {
		for _, s := range t.strs {
			b.AddNodeToken([]byte(s))
		}
		return
	}
	for _, x := range t.ints {
		b.AddNodeInt(x)
	}
}

// lookup returns the dense id of member i.
func (t *rawTruth) lookup(ids IDs, i int) (uint32, bool) {
	if t.isStr {
		return ids.Lookup(t.strs[i])
	}
	return ids.LookupInt(t.ints[i])
}

func (t *rawTruth) member(i int) string {
	if t.isStr {
		return t.strs[i]
	}
	return strconv.FormatInt(t.ints[i], 10)
}

// resolve maps the members through ids and returns the ground truth over ids.Len() vertices.
func (t *rawTruth) resolve(ids IDs, allowUnknown bool) (*GroundTruth, TruthReport, error) {
	rep := TruthReport{Members: int64(t.len())}
	sizes := make([]int, len(t.names)+1)
	dense := make([]uint32, t.len())
	known := make([]bool, t.len())
	for i := range t.cid {
		v, ok := t.lookup(ids, i)
		if !ok {
			if !allowUnknown {
				return nil, rep, t.errAt(i, fmt.Errorf("community member %s is not a vertex of the graph", t.member(i)))
			}
			rep.Unknown++
			continue
		}
		dense[i], known[i] = v, true
		sizes[t.cid[i]+1]++
	}
	for c := range t.names {
		sizes[c+1] += sizes[c]
	}
	flat := make([]uint32, sizes[len(t.names)])
	pos := sizes[:len(t.names)]
	comms := make([][]uint32, len(t.names))
	start := append([]int(nil), pos...)
	for i, c := range t.cid {
		if known[i] {
			flat[pos[c]] = dense[i]
			pos[c]++
		}
	}
	for c := range comms {
		comms[c] = flat[start[c]:pos[c]]
	}
	gt, err := NewGroundTruth(ids.Len(), comms, t.names)
	return gt, rep, err
}

// errAt returns a ParseError locating member i.
func (t *rawTruth) errAt(i int, err error) error {
	file := t.files[t.cfile[t.cid[i]]]
	line := int(t.pos[i])
	if t.byOffset {
		line = lineAtOffset(file, t.pos[i])
	}
	return &ParseError{File: file, Line: line, Err: err}
}

// lineAtOffset returns the 1-based line holding byte offset off of the decompressed content of
// path (0 if the file cannot be read).
func lineAtOffset(path string, off int64) int {
	in, err := openInput(context.Background(), path, nil)
	if err != nil {
		return 0
	}
	defer in.Close()
	line := 1
	buf := make([]byte, 64<<10)
	for off > 0 {
		n, err := in.r.Read(buf[:min(int64(len(buf)), off)])
		line += bytes.Count(buf[:n], []byte{'\n'})
		off -= int64(n)
		if err != nil {
			break
		}
	}
	return line
}

// LoadGroundTruth reads a ground-truth file against a graph already built: every member must be
// a vertex of g (unless opt.AllowUnknown). opt.Format forces the format (FormatAuto:
// DetectTruthFormat); opt.Attribute names the GML attribute or CSV label column. The formats:
//
//   - FormatNodeLabel: `node label` per line (whitespace-separated; extra fields ignored), or a
//     CSV table whose first line is a header when its first field is not an integer id; the id is
//     the first column and the label the column named opt.Attribute (default: the last). Each
//     distinct label is one community named by the label, in order of first appearance.
//   - FormatCommunities: one community per line, member ids separated by tabs or spaces;
//     communities are unnamed.
//   - FormatCDLibJSON: {"communities": [[ids...], ...]}, ids numbers or strings.
//   - FormatSNAPCircles: a tar (optionally gzip) archive whose `*.circles` members hold lines
//     `circle<TAB>id<TAB>id...`; the community of circle c of ego e is named "e/c".
//   - FormatGML: the node attribute of a GML file.
func LoadGroundTruth(ctx context.Context, path string, g *Graph, opt LoadOptions) (*GroundTruth, TruthReport, error) {
	raw, err := readTruthFile(ctx, path, opt)
	if err != nil {
		return nil, TruthReport{}, err
	}
	return raw.resolve(g.IDs(), opt.AllowUnknown)
}

// readTruthFile reads a ground-truth file into communities by original id.
func readTruthFile(ctx context.Context, path string, opt LoadOptions) (*rawTruth, error) {
	format := opt.Format
	if format == FormatAuto {
		f, err := DetectTruthFormat(path)
		if err != nil {
			return nil, err
		}
		format = f
	}
	in, err := openInput(ctx, path, opt.Progress)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	return readTruth(in, format, opt)
}

func readTruth(in *input, format Format, opt LoadOptions) (*rawTruth, error) {
	var t *rawTruth
	var err error
	switch format {
	case FormatNodeLabel, FormatCSV:
		// A CSV file given as ground truth is a label table with a header.
		t, err = readLabels(in, opt.Attribute)
	case FormatCommunities:
		t, err = readCommunities(in)
	case FormatCDLibJSON:
		t, err = readCDLibJSON(in)
	case FormatSNAPCircles:
		t, err = readCircles(in)
	case FormatGML:
		_, t, err = readGML(in, opt)
		if err == nil && t == nil {
			attr := opt.Attribute
			if attr == "" {
				attr = defaultGMLAttribute
			}
			err = &ParseError{File: in.name, Err: fmt.Errorf("no node has the community attribute %q", attr)}
		}
	default:
		err = &ParseError{File: in.name, Err: fmt.Errorf("format %q does not hold ground truth", format)}
	}
	if err != nil {
		return nil, err
	}
	in.progress.Report(in.raw.n, in.size)
	return t, nil
}

// readLabels reads a `node label` file (whitespace or CSV).
func readLabels(in *input, column string) (*rawTruth, error) {
	t := &rawTruth{vertices: true}
	file := t.addFile(in.name)
	byLabel := make(map[string]int32)
	lr := newLineReader(in)
	first := true
	csvMode := false
	idCol, labelCol := 0, -1 // -1: last column
	var fields [][]byte
	var scratch []byte
	for {
		line, ok := lr.next()
		if !ok {
			break
		}
		if isComment(line) {
			continue
		}
		if first {
			csvMode = bytes.IndexByte(line, ',') >= 0
		}
		var id, label []byte
		if csvMode {
			var err error
			fields, scratch, err = splitCSV(line, fields[:0], scratch[:0])
			if err != nil {
				return nil, in.errAt(lr.line, err)
			}
			if first {
				first = false
				if _, k := parseID(fields[0]); k != idInt {
					// Header: find the label column.
					if column != "" {
						labelCol = -2
						for i, f := range fields {
							if string(f) == column {
								labelCol = i
							}
						}
						if labelCol == -2 {
							return nil, in.errorf(lr.line, "no column %q in the header", column)
						}
					}
					continue
				}
				if column != "" {
					return nil, in.errorf(lr.line, "no header line to find column %q", column)
				}
			}
			col := labelCol
			if col < 0 {
				col = len(fields) - 1
			}
			if len(fields) < 2 || col >= len(fields) || col == idCol {
				return nil, in.errorf(lr.line, "want an id and a label column, got %d fields", len(fields))
			}
			id, label = fields[idCol], fields[col]
		} else {
			first = false
			var i int
			id, i = nextField(line, 0)
			label, _ = nextField(line, i)
			if len(label) == 0 {
				return nil, in.errorf(lr.line, "want 2 fields `node label`, got 1")
			}
		}
		c, ok := byLabel[string(label)]
		if !ok {
			c = t.community(string(label), file)
			byLabel[string(label)] = c
		}
		if err := t.add(c, id, int64(lr.line)); err != nil {
			return nil, in.errAt(lr.line, err)
		}
	}
	if err := lr.Err(); err != nil {
		return nil, err
	}
	if t.len() == 0 {
		return nil, &ParseError{File: in.name, Line: lr.line, Err: errors.New("no labelled node")}
	}
	return t, nil
}

// splitCSV splits one CSV record (RFC 4180 quoting with "" escapes, no line breaks inside
// quotes). Unquoted fields are trimmed of spaces. Fields point into line or scratch.
func splitCSV(line []byte, fields [][]byte, scratch []byte) ([][]byte, []byte, error) {
	// Unescaped quoted fields are appended to scratch; make sure it never reallocates while
	// fields point into it.
	if cap(scratch) < len(line) {
		scratch = make([]byte, 0, len(line))
	}
	i := 0
	for {
		i = skipSpace(line, i)
		if i < len(line) && line[i] == '"' {
			start := len(scratch)
			i++
			closed := false
			for i < len(line) {
				c := line[i]
				if c == '"' {
					if i+1 < len(line) && line[i+1] == '"' {
						scratch = append(scratch, '"')
						i += 2
						continue
					}
					i++
					closed = true
					break
				}
				scratch = append(scratch, c)
				i++
			}
			if !closed {
				return fields, scratch, errors.New("unterminated quoted field")
			}
			fields = append(fields, scratch[start:len(scratch):len(scratch)])
			i = skipSpace(line, i)
			if i < len(line) && line[i] != ',' {
				return fields, scratch, errors.New("text after a quoted field")
			}
		} else {
			j := i
			for j < len(line) && line[j] != ',' {
				j++
			}
			fields = append(fields, bytes.TrimSpace(line[i:j]))
			i = j
		}
		if i >= len(line) {
			return fields, scratch, nil
		}
		i++ // the comma
	}
}

// readCommunities reads one community per line.
func readCommunities(in *input) (*rawTruth, error) {
	t := &rawTruth{}
	file := t.addFile(in.name)
	lr := newLineReader(in)
	for {
		line, ok := lr.next()
		if !ok {
			break
		}
		if isComment(line) {
			continue
		}
		c := t.community("", file)
		for i := 0; ; {
			var f []byte
			f, i = nextField(line, i)
			if len(f) == 0 {
				break
			}
			if err := t.add(c, f, int64(lr.line)); err != nil {
				return nil, in.errAt(lr.line, err)
			}
		}
	}
	if err := lr.Err(); err != nil {
		return nil, err
	}
	if len(t.names) == 0 {
		return nil, &ParseError{File: in.name, Line: lr.line, Err: errors.New("no community")}
	}
	return t, nil
}

// readCDLibJSON stream-decodes {"communities": [[ids...], ...]}.
func readCDLibJSON(in *input) (*rawTruth, error) {
	t := &rawTruth{byOffset: true}
	file := t.addFile(in.name)
	dec := json.NewDecoder(in.r)
	dec.UseNumber()
	fail := func(err error) error {
		var off int64 = dec.InputOffset()
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = se.Offset
		}
		if errors.Is(err, io.EOF) {
			err = fmt.Errorf("unexpected end of JSON input: %w", io.ErrUnexpectedEOF)
		}
		line := lineAtOffset(in.name, off)
		if e := in.readErrIfAny(line, err); e != nil {
			return e
		}
		return &ParseError{File: in.name, Line: line, Err: err}
	}
	expect := func(want json.Delim) error {
		tok, err := dec.Token()
		if err != nil {
			return fail(err)
		}
		if d, ok := tok.(json.Delim); !ok || d != want {
			return fail(fmt.Errorf("want %q, got %v", want, tok))
		}
		return nil
	}
	if err := expect('{'); err != nil {
		return nil, err
	}
	found := false
	var scratch []byte
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fail(err)
		}
		key, _ := tok.(string)
		if key != "communities" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, fail(err)
			}
			continue
		}
		if found {
			return nil, fail(errors.New(`two "communities" keys`))
		}
		found = true
		if err := expect('['); err != nil {
			return nil, err
		}
		for n := 0; dec.More(); n++ {
			if n%1024 == 0 {
				if err := in.tick(); err != nil {
					return nil, err
				}
			}
			if err := expect('['); err != nil {
				return nil, err
			}
			c := t.community("", file)
			for dec.More() {
				off := dec.InputOffset()
				tok, err := dec.Token()
				if err != nil {
					return nil, fail(err)
				}
				switch v := tok.(type) {
				case json.Number:
					scratch = append(scratch[:0], v...)
				case string:
					scratch = append(scratch[:0], v...)
				default:
					return nil, fail(fmt.Errorf("community member: want a number or a string, got %v", tok))
				}
				if err := t.add(c, scratch, off); err != nil {
					return nil, fail(err)
				}
			}
			if err := expect(']'); err != nil {
				return nil, err
			}
		}
		if err := expect(']'); err != nil {
			return nil, err
		}
	}
	if err := expect('}'); err != nil {
		return nil, err
	}
	if !found {
		return nil, &ParseError{File: in.name, Line: 1, Err: errors.New(`no "communities" key`)}
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("data after the JSON object")
		}
		return nil, fail(err)
	}
	return t, nil
}

// readCircles reads the `*.circles` members of a (gzip) tar archive.
func readCircles(in *input) (*rawTruth, error) {
	t := &rawTruth{}
	tr := tar.NewReader(in.r)
	found := false
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if e := in.readErrIfAny(0, err); e != nil {
				return nil, e
			}
			return nil, &ParseError{File: in.name, Err: fmt.Errorf("tar: %w", err)}
		}
		if hdr.Typeflag != tar.TypeReg || !strings.HasSuffix(hdr.Name, ".circles") {
			continue
		}
		found = true
		ego := strings.TrimSuffix(path.Base(hdr.Name), ".circles")
		name := in.name + ":" + hdr.Name
		file := t.addFile(name)
		sub := &input{name: name, size: hdr.Size, raw: &countingReader{r: tr}, ctx: in.ctx}
		sub.r = bufio.NewReaderSize(sub.raw, 64<<10)
		sub.gz = in.gz // so decompression errors are named as such
		lr := newLineReader(sub)
		for {
			line, ok := lr.next()
			if !ok {
				break
			}
			if isComment(line) {
				continue
			}
			circle, i := nextField(line, 0)
			c := t.community(ego+"/"+string(circle), file)
			for {
				var f []byte
				f, i = nextField(line, i)
				if len(f) == 0 {
					break
				}
				if err := t.add(c, f, int64(lr.line)); err != nil {
					return nil, sub.errAt(lr.line, err)
				}
			}
		}
		if err := lr.Err(); err != nil {
			return nil, err
		}
		if err := in.tick(); err != nil {
			return nil, err
		}
	}
	if !found {
		return nil, &ParseError{File: in.name, Err: errors.New("no *.circles member in the archive")}
	}
	return t, nil
}
