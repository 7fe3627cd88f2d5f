package datasets

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// GML (Graph Modelling Language) support. A file is a list of `key value` pairs where a value is
// a number, a double-quoted string or a bracketed list of pairs. lshbench reads the list under
// the key `graph`: `directed` (0 or 1), every `node` (its integer `id`, and the community
// attribute named by LoadOptions.Attribute, "value" by default, whose distinct values become
// the communities) and every `edge` (`source` and `target` node ids). Other keys are skipped.
// Lines starting with '#' are comments.

const defaultGMLAttribute = "value"

// maxGMLDepth bounds list nesting, so hostile input cannot exhaust the stack.
const maxGMLDepth = 256

type gmlTokKind uint8

const (
	gmlEOF gmlTokKind = iota
	gmlKey
	gmlNumber
	gmlString
	gmlOpen
	gmlClose
)

func (k gmlTokKind) String() string {
	return [...]string{"end of file", "key", "number", "string", "'['", "']'"}[k]
}

// gmlLexer splits GML into tokens, tracking line numbers.
type gmlLexer struct {
	in   *input
	r    *bufio.Reader
	line int
	tok  []byte // text of the last key, number or string
	last int    // line of the last token, reported for errors at the end of the file
	err  error
	n    int // tokens read, for periodic context checks
}

func (lx *gmlLexer) fail(format string, args ...any) gmlTokKind {
	if lx.err == nil {
		lx.err = lx.in.errorf(lx.line, format, args...)
	}
	return gmlEOF
}

func (lx *gmlLexer) readByte() (byte, bool) {
	c, err := lx.r.ReadByte()
	if err != nil {
		if err != io.EOF {
			lx.err = lx.in.readErr(lx.line, err)
		}
		return 0, false
	}
	return c, true
}

// next returns the next token; gmlEOF at the end or on error (see lx.err).
func (lx *gmlLexer) next() gmlTokKind {
	if lx.err != nil {
		return gmlEOF
	}
	lx.n++
	if lx.n%checkEvery == 0 {
		if err := lx.in.tick(); err != nil {
			lx.err = err
			return gmlEOF
		}
	}
	atLineStart := lx.line == 0
	if lx.line == 0 {
		lx.line = 1
	}
	for {
		c, ok := lx.readByte()
		if !ok {
			if lx.err == nil {
				lx.line = max(lx.last, 1)
			}
			return gmlEOF
		}
		if !isSpace(c) && c != '\n' {
			lx.last = lx.line
		}
		switch {
		case c == '\n':
			lx.line++
			atLineStart = true
			continue
		case isSpace(c):
			continue
		case c == '#' && atLineStart:
			for {
				c, ok := lx.readByte()
				if !ok {
					return gmlEOF
				}
				if c == '\n' {
					lx.line++
					break
				}
			}
			continue
		case c == '[':
			return gmlOpen
		case c == ']':
			return gmlClose
		case c == '"':
			lx.tok = lx.tok[:0]
			start := lx.line
			for {
				c, ok := lx.readByte()
				if !ok {
					if lx.err != nil {
						return gmlEOF
					}
					lx.line = start
					return lx.fail("unterminated string")
				}
				if c == '"' {
					return gmlString
				}
				if c == '\n' {
					lx.line++
				}
				if len(lx.tok) >= 1<<20 {
					return lx.fail("string longer than 1 MiB")
				}
				lx.tok = append(lx.tok, c)
			}
		case isGMLKeyStart(c):
			lx.tok = append(lx.tok[:0], c)
			for {
				c, err := lx.r.ReadByte()
				if err != nil {
					if err != io.EOF {
						lx.err = lx.in.readErr(lx.line, err)
						return gmlEOF
					}
					return gmlKey
				}
				if !isGMLKeyStart(c) && (c < '0' || c > '9') {
					lx.r.UnreadByte()
					return gmlKey
				}
				if len(lx.tok) >= 256 {
					return lx.fail("key longer than 256 bytes")
				}
				lx.tok = append(lx.tok, c)
			}
		case c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'):
			lx.tok = append(lx.tok[:0], c)
			for {
				c, err := lx.r.ReadByte()
				if err != nil {
					if err != io.EOF {
						lx.err = lx.in.readErr(lx.line, err)
						return gmlEOF
					}
					break
				}
				if !(c >= '0' && c <= '9') && c != '.' && c != 'e' && c != 'E' && c != '-' && c != '+' {
					lx.r.UnreadByte()
					break
				}
				if len(lx.tok) >= 64 {
					return lx.fail("number longer than 64 bytes")
				}
				lx.tok = append(lx.tok, c)
			}
			if !validGMLNumber(lx.tok) {
				return lx.fail("bad number %q", lx.tok)
			}
			return gmlNumber
		default:
			return lx.fail("unexpected character %q", c)
		}
	}
}

func isGMLKeyStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

// validGMLNumber accepts a sign, digits, an optional fraction and an optional exponent.
func validGMLNumber(b []byte) bool {
	i := 0
	if i < len(b) && (b[i] == '-' || b[i] == '+') {
		i++
	}
	digits := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
		digits++
	}
	if i < len(b) && b[i] == '.' {
		i++
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '-' || b[i] == '+') {
			i++
		}
		exp := 0
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(b)
}

// gmlParser reads the graph of a GML file.
type gmlParser struct {
	lx   gmlLexer
	attr string

	directed    int // -1 unset
	nodes       []int64
	nodeLines   []int
	labels      []string // per node; "" when the node has no community attribute
	hasLabel    []bool
	src, dst    []int64
	edgeLines   []int
	sawGraph    bool
	graphLine   int
	nodeIndex   map[int64]int
	labelsFound int
}

// readGML parses a GML input and returns the filled builder and the communities of the node
// attribute (nil when no node has it).
func readGML(in *input, opt LoadOptions) (*GraphBuilder, *rawTruth, error) {
	p := &gmlParser{lx: gmlLexer{in: in, r: in.r}, attr: opt.Attribute, directed: -1}
	if p.attr == "" {
		p.attr = defaultGMLAttribute
	}
	if err := p.parseTop(); err != nil {
		return nil, nil, err
	}
	in.progress.Report(in.raw.n, in.size)
	if !p.sawGraph {
		return nil, nil, in.errorf(max(p.lx.line, 1), "no `graph [ ... ]` list")
	}
	if len(p.src) == 0 {
		return nil, nil, &ParseError{File: in.name, Line: p.graphLine, Err: ErrNoEdges}
	}
	p.nodeIndex = make(map[int64]int, len(p.nodes))
	for i, id := range p.nodes {
		if _, dup := p.nodeIndex[id]; dup {
			return nil, nil, in.errorf(p.nodeLines[i], "duplicate node id %d", id)
		}
		p.nodeIndex[id] = i
	}
	b := NewGraphBuilder(opt.directed(p.directed == 1), opt.SelfLoops)
	for _, id := range p.nodes {
		b.AddNodeInt(id)
	}
	for i := range p.src {
		for _, e := range [2]int64{p.src[i], p.dst[i]} {
			if _, ok := p.nodeIndex[e]; !ok {
				return nil, nil, in.errorf(p.edgeLines[i], "edge end %d is not a declared node", e)
			}
		}
		b.AddInt(p.src[i], p.dst[i])
	}
	if p.labelsFound == 0 {
		return b, nil, nil
	}
	t := &rawTruth{vertices: true}
	file := t.addFile(in.name)
	byLabel := make(map[string]int32)
	for i, id := range p.nodes {
		if !p.hasLabel[i] {
			continue
		}
		c, ok := byLabel[p.labels[i]]
		if !ok {
			c = t.community(p.labels[i], file)
			byLabel[p.labels[i]] = c
		}
		t.cid = append(t.cid, c)
		t.ints = append(t.ints, id)
		t.pos = append(t.pos, int64(p.nodeLines[i]))
	}
	return b, t, nil
}

func (p *gmlParser) err() error {
	if p.lx.err != nil {
		return p.lx.err
	}
	return nil
}

// parseTop reads the top-level pairs.
func (p *gmlParser) parseTop() error {
	for {
		k := p.lx.next()
		switch k {
		case gmlEOF:
			return p.err()
		case gmlKey:
		default:
			p.lx.fail("want a key, got %v", k)
			return p.err()
		}
		if string(p.lx.tok) == "graph" {
			line := p.lx.line
			if k := p.lx.next(); k != gmlOpen {
				p.lx.fail("want '[' after graph, got %v", k)
				return p.err()
			}
			if p.sawGraph {
				p.lx.fail("second graph list")
				return p.err()
			}
			p.sawGraph, p.graphLine = true, line
			if err := p.parseGraph(); err != nil {
				return err
			}
			continue
		}
		if err := p.skipValue(0); err != nil {
			return err
		}
	}
}

// skipValue reads and discards one value (a list is skipped with its contents).
func (p *gmlParser) skipValue(depth int) error {
	k := p.lx.next()
	switch k {
	case gmlNumber, gmlString:
		return nil
	case gmlOpen:
		return p.skipList(depth + 1)
	case gmlEOF:
		if p.err() == nil {
			p.lx.fail("missing value at end of file")
		}
		return p.err()
	}
	p.lx.fail("want a value, got %v", k)
	return p.err()
}

// skipList discards the pairs of a list whose '[' was read, up to its ']'.
func (p *gmlParser) skipList(depth int) error {
	if depth > maxGMLDepth {
		p.lx.fail("lists nested deeper than %d", maxGMLDepth)
		return p.err()
	}
	for {
		k := p.lx.next()
		switch k {
		case gmlClose:
			return nil
		case gmlKey:
			if err := p.skipValue(depth); err != nil {
				return err
			}
		case gmlEOF:
			if p.err() == nil {
				p.lx.fail("unclosed list at end of file")
			}
			return p.err()
		default:
			p.lx.fail("want a key or ']', got %v", k)
			return p.err()
		}
	}
}

// parseGraph reads the pairs of the graph list.
func (p *gmlParser) parseGraph() error {
	for {
		k := p.lx.next()
		switch k {
		case gmlClose:
			return nil
		case gmlEOF:
			if p.err() == nil {
				p.lx.fail("unclosed graph list at end of file")
			}
			return p.err()
		case gmlKey:
		default:
			p.lx.fail("want a key or ']', got %v", k)
			return p.err()
		}
		switch string(p.lx.tok) {
		case "directed":
			if k := p.lx.next(); k != gmlNumber {
				if p.err() == nil {
					p.lx.fail("directed: want 0 or 1, got %v", k)
				}
				return p.err()
			}
			switch string(p.lx.tok) {
			case "0":
				p.directed = 0
			case "1":
				p.directed = 1
			default:
				p.lx.fail("directed: want 0 or 1, got %s", p.lx.tok)
				return p.err()
			}
		case "node":
			if err := p.parseNode(); err != nil {
				return err
			}
		case "edge":
			if err := p.parseEdge(); err != nil {
				return err
			}
		default:
			if err := p.skipValue(1); err != nil {
				return err
			}
		}
	}
}

// openList expects the '[' of a node or edge.
func (p *gmlParser) openList(what string) error {
	if k := p.lx.next(); k != gmlOpen {
		if p.err() == nil {
			p.lx.fail("%s: want '[', got %v", what, k)
		}
		return p.err()
	}
	return nil
}

// intValue reads an integer id value.
func (p *gmlParser) intValue(key string) (int64, error) {
	k := p.lx.next()
	if k != gmlNumber {
		if p.err() == nil {
			p.lx.fail("%s: want an integer, got %v", key, k)
		}
		return 0, p.err()
	}
	x, kind := parseID(p.lx.tok)
	if kind != idInt {
		return 0, p.lx.in.errAt(p.lx.line, fmt.Errorf("%s: %w", key, badID(p.lx.tok)))
	}
	return x, nil
}

func (p *gmlParser) parseNode() error {
	line := p.lx.line
	if err := p.openList("node"); err != nil {
		return err
	}
	var id int64
	hasID, hasLabel := false, false
	label := ""
	for {
		k := p.lx.next()
		switch k {
		case gmlClose:
			if !hasID {
				return p.lx.in.errorf(line, "node without id")
			}
			p.nodes = append(p.nodes, id)
			p.nodeLines = append(p.nodeLines, line)
			p.labels = append(p.labels, label)
			p.hasLabel = append(p.hasLabel, hasLabel)
			if hasLabel {
				p.labelsFound++
			}
			return nil
		case gmlKey:
		case gmlEOF:
			if p.err() == nil {
				p.lx.fail("unclosed node at end of file")
			}
			return p.err()
		default:
			p.lx.fail("node: want a key or ']', got %v", k)
			return p.err()
		}
		key := string(p.lx.tok)
		switch {
		case key == "id":
			if hasID {
				p.lx.fail("node with two ids")
				return p.err()
			}
			x, err := p.intValue("id")
			if err != nil {
				return err
			}
			id, hasID = x, true
		case key == p.attr:
			k := p.lx.next()
			if k != gmlNumber && k != gmlString {
				if p.err() == nil {
					p.lx.fail("node %s: want a number or a string, got %v", key, k)
				}
				return p.err()
			}
			if hasLabel {
				p.lx.fail("node with two %s attributes", key)
				return p.err()
			}
			label, hasLabel = string(p.lx.tok), true
		default:
			if err := p.skipValue(2); err != nil {
				return err
			}
		}
	}
}

func (p *gmlParser) parseEdge() error {
	line := p.lx.line
	if err := p.openList("edge"); err != nil {
		return err
	}
	var src, dst int64
	hasSrc, hasDst := false, false
	for {
		k := p.lx.next()
		switch k {
		case gmlClose:
			if !hasSrc || !hasDst {
				return p.lx.in.errAt(line, errors.New("edge without source or target"))
			}
			p.src = append(p.src, src)
			p.dst = append(p.dst, dst)
			p.edgeLines = append(p.edgeLines, line)
			return nil
		case gmlKey:
		case gmlEOF:
			if p.err() == nil {
				p.lx.fail("unclosed edge at end of file")
			}
			return p.err()
		default:
			p.lx.fail("edge: want a key or ']', got %v", k)
			return p.err()
		}
		switch key := string(p.lx.tok); key {
		case "source", "target":
			x, err := p.intValue(key)
			if err != nil {
				return err
			}
			if key == "source" {
				if hasSrc {
					p.lx.fail("edge with two sources")
					return p.err()
				}
				src, hasSrc = x, true
			} else {
				if hasDst {
					p.lx.fail("edge with two targets")
					return p.err()
				}
				dst, hasDst = x, true
			}
		default:
			if err := p.skipValue(2); err != nil {
				return err
			}
		}
	}
}
