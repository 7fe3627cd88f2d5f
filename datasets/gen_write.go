package datasets

import (
	"fmt"
	"io"
	"strconv"
)

// genLineWriter accumulates output in a buffer flushed to w in large writes.
type genLineWriter struct {
	w   io.Writer
	buf []byte
	err error
}

func (lw *genLineWriter) flushIfFull() {
	if len(lw.buf) >= 1<<16 && lw.err == nil {
		_, lw.err = lw.w.Write(lw.buf)
		lw.buf = lw.buf[:0]
	}
}

func (lw *genLineWriter) close() error {
	if lw.err == nil && len(lw.buf) > 0 {
		_, lw.err = lw.w.Write(lw.buf)
		lw.buf = lw.buf[:0]
	}
	return lw.err
}

// genAppendID appends the original id of dense id v.
func genAppendID(dst []byte, ids IDs, v uint32) []byte {
	if ids.Len() == 0 {
		return strconv.AppendUint(dst, uint64(v), 10)
	}
	if ids.IsInt() {
		return strconv.AppendInt(dst, ids.Int(v), 10)
	}
	return append(dst, ids.String(v)...)
}

// WriteEdgeList writes g in SNAP edge-list form: header (if not empty) as comment lines each
// starting with "# ", then one "u\tv\n" line per edge in original ids, sources in dense-id
// order. An undirected edge is written once (from its smaller dense id); vertices without edges
// do not appear. It runs in O(N + M) with O(1) extra memory.
func WriteEdgeList(w io.Writer, g *Graph, header string) error {
	lw := &genLineWriter{w: w, buf: make([]byte, 0, 1<<16+256)}
	lw.buf = append(lw.buf, genHeaderLines(header)...)
	ids := g.IDs()
	for u := uint32(0); int(u) < g.N() && lw.err == nil; u++ {
		for _, v := range g.Out(u) {
			if !g.Directed() && v < u {
				continue
			}
			lw.buf = genAppendID(lw.buf, ids, u)
			lw.buf = append(lw.buf, '\t')
			lw.buf = genAppendID(lw.buf, ids, v)
			lw.buf = append(lw.buf, '\n')
			lw.flushIfFull()
		}
	}
	if err := lw.close(); err != nil {
		return fmt.Errorf("write edge list: %w", err)
	}
	return nil
}

// WriteCommunities writes the ground truth one community per line, its members' original ids
// (from ids; dense ids when ids is the zero IDs) separated by tabs, in ascending dense-id order.
// An empty community is an empty line.
func WriteCommunities(w io.Writer, t *GroundTruth, ids IDs) error {
	if ids.Len() != 0 && ids.Len() < t.N() {
		return fmt.Errorf("write communities: %d ids for %d vertices", ids.Len(), t.N())
	}
	lw := &genLineWriter{w: w, buf: make([]byte, 0, 1<<16+256)}
	for c := 0; c < t.Len() && lw.err == nil; c++ {
		for i, v := range t.Community(c) {
			if i > 0 {
				lw.buf = append(lw.buf, '\t')
			}
			lw.buf = genAppendID(lw.buf, ids, v)
			lw.flushIfFull()
		}
		lw.buf = append(lw.buf, '\n')
	}
	if err := lw.close(); err != nil {
		return fmt.Errorf("write communities: %w", err)
	}
	return nil
}

// WriteSets writes the collection one set per line (FIMI transactions form), elements in
// ascending order separated by single spaces; set i is line i+1 and an empty set is an empty
// line.
func WriteSets(w io.Writer, s *Sets) error {
	lw := &genLineWriter{w: w, buf: make([]byte, 0, 1<<16+256)}
	for i := 0; i < s.Len() && lw.err == nil; i++ {
		for j, e := range s.Set(i) {
			if j > 0 {
				lw.buf = append(lw.buf, ' ')
			}
			lw.buf = strconv.AppendUint(lw.buf, uint64(e), 10)
			lw.flushIfFull()
		}
		lw.buf = append(lw.buf, '\n')
	}
	if err := lw.close(); err != nil {
		return fmt.Errorf("write sets: %w", err)
	}
	return nil
}
