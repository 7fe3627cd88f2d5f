package datasets

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// fuzzFile writes data to a fresh file named name.
func fuzzFile(t *testing.T, name string, data []byte) string {
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// checkFuzzErr asserts the error contract: a *ParseError naming file with a line within the
// input (line 0 only for an input without any line, or a gzip one).
func checkFuzzErr(t *testing.T, err error, file string, data []byte) {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *ParseError", err, err)
	}
	if !strings.Contains(err.Error(), file) {
		t.Fatalf("error %q does not name %s", err, file)
	}
	if bytes.HasPrefix(data, gzipMagic) {
		return // lines count decompressed content
	}
	lines := bytes.Count(data, []byte("\n")) + 1
	if pe.Line < 0 || pe.Line > lines {
		t.Fatalf("error %q: line %d outside 1..%d", err, pe.Line, lines)
	}
	if pe.Line == 0 && len(data) > 0 {
		t.Fatalf("error %q on %q has no line", err, data)
	}
}

// refEdgeLines counts the edge lines of a whitespace edge list the slow, obvious way, and
// reports whether every line is valid.
func refEdgeLines(data []byte) (int64, bool) {
	var n int64
	sep := func(r rune) bool { return r == ' ' || r == '\t' || r == '\r' || r == '\v' || r == '\f' }
	firstNames := false // the first edge line is two names
	seen := 0           // content lines
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.FieldsFunc(line, sep)
		if len(f) == 0 || f[0][0] == '#' || f[0][0] == '%' {
			continue
		}
		if len(f) < 2 {
			return n, false
		}
		ints := 0
		for _, tok := range f[:2] {
			if c := tok[0]; c == '-' || c == '+' || c >= '0' && c <= '9' {
				if x, err := strconv.ParseInt(tok, 10, 64); err != nil || x < 0 || tok[0] == '-' {
					return n, false
				}
				ints++
			} else if strings.ContainsFunc(tok, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
				return n, false
			}
		}
		n++
		seen++
		if seen == 1 && ints == 0 {
			firstNames = true
		}
		if seen == 2 && firstNames && ints == 2 {
			n-- // the first line was a header
		}
	}
	return n, n > 0
}

func FuzzEdgeList(f *testing.F) {
	for _, s := range []string{"1 2\n2 3\n", "# c\n% d\n\n1\t2\t{}\r\n", "a b\nb 7\n", "1 -2\n", "1\n", "", "+1 2 x\n3 3",
		"9223372036854775807 0\n", "99999999999999999999 1\n", "1 2\x003\n", string(gzipBytes("1 2\n"))} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := fuzzFile(t, "g.txt", data)
		g, err := LoadGraph(context.Background(), p, LoadOptions{Format: FormatEdgeList, Directed: boolp(len(data)%2 == 0)})
		if bytes.HasPrefix(data, gzipMagic) {
			if err != nil {
				checkFuzzErr(t, err, p, data)
			}
			return
		}
		want, valid := refEdgeLines(data)
		if err != nil {
			checkFuzzErr(t, err, p, data)
			if valid {
				t.Fatalf("valid input %q rejected: %v", data, err)
			}
			return
		}
		if !valid {
			t.Fatalf("invalid input %q accepted", data)
		}
		if g.Report().EdgesRead != want {
			t.Fatalf("read %d edges, reference %d", g.Report().EdgesRead, want)
		}
		if err := g.Neighbourhoods(Mode{Dir: Both}).Validate(); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzCSVEdgeList(f *testing.F) {
	for _, s := range []string{"id_1,id_2\n0,1\n1,2\n", "0,1\n1,2,9\n", "\"a\",\"b\"\r\n\"0\", 1\r\n", "a,b\n", "a,b\n1\n", "x,y\n-1,2\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := fuzzFile(t, "g.csv", data)
		g, err := LoadGraph(context.Background(), p, LoadOptions{Format: FormatCSV})
		if err != nil {
			checkFuzzErr(t, err, p, data)
			return
		}
		if g.Report().EdgesRead == 0 {
			t.Fatal("graph without edges accepted")
		}
		if err := g.Neighbourhoods(Mode{Dir: Both}).Validate(); err != nil {
			t.Fatal(err)
		}
	})
}

func FuzzGML(f *testing.F) {
	for _, s := range []string{
		"graph [ directed 1 node [ id 0 value 1 ] node [ id 1 value \"x\" ] edge [ source 1 target 0 ] ]",
		"Creator \"x\"\n# c\ngraph\n[\n node [ id 0 label \"a\nb\" ]\n edge [ source 0 target 0 w 1.5e-3 ]\n]\n",
		"graph [ x [ y [ z 1 ] ] ]", "graph [ node [ id -1 ] ]", "graph [ node [ id 1 ] edge [ source 1 target 2 ] ]",
		"graph [ directed 2 ]", "graph [ label \"abc", "graph [ 1 ]", "graph [ x 1.2.3 ]",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := fuzzFile(t, "g.gml", data)
		ds, err := LoadDataset(context.Background(), p, nil, LoadOptions{Format: FormatGML})
		if err != nil {
			checkFuzzErr(t, err, p, data)
			return
		}
		g := ds.Graph
		if err := g.Neighbourhoods(Mode{Dir: Both}).Validate(); err != nil {
			t.Fatal(err)
		}
		if ds.Truth != nil && ds.Truth.N() != g.N() {
			t.Fatalf("truth over %d vertices, graph %d", ds.Truth.N(), g.N())
		}
	})
}

// fuzzTruth loads data as ground truth of a small graph.
func fuzzTruth(t *testing.T, name string, format Format, data []byte) {
	dir := t.TempDir()
	gp := filepath.Join(dir, "g.txt")
	if err := os.WriteFile(gp, []byte("1 2\n2 3\n3 4\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ds, err := LoadDataset(context.Background(), gp, &TruthFile{Path: p, Format: format}, LoadOptions{})
	if err != nil {
		checkFuzzErr(t, err, p, data)
		return
	}
	if ds.Truth == nil || ds.Truth.N() != ds.Graph.N() {
		t.Fatal("truth missing or over the wrong vertices")
	}
	if err := ds.Truth.Members().Validate(); err != nil {
		t.Fatal(err)
	}
}

func FuzzLabels(f *testing.F) {
	for _, s := range []string{"1 a\n2 a\n3 b\n", "1\t0\r\n9 1\n", "id,name,type\n1,\"x, y\",tv\n2,z,gov\n", "1,\"a\n", "1\n", "# x\n", "a b\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzTruth(t, "x.labels", FormatNodeLabel, data) })
}

func FuzzCommunities(f *testing.F) {
	for _, s := range []string{"1\t2\t3\n3 4\n", "# c\n\n1\n", "1 77\n", "-1\n", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzTruth(t, "x.cmty.txt", FormatCommunities, data) })
}

func FuzzCDLibJSON(f *testing.F) {
	for _, s := range []string{`{"communities": [[1, 2], ["3", 4], []], "other": {"a": [1]}}`, "{\n\"communities\":\n[[4]]}\n",
		`{"communities": [[1, 99]]}`, `{"communities": [[1, 2.5]]}`, `{"communities": [[true]]}`, `{"x": 1}`, `{"communities": [[1]]}{`, "[", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) { fuzzTruth(t, "c.json", FormatCDLibJSON, data) })
}

func FuzzTransactions(f *testing.F) {
	for _, s := range []string{"1 2 3\n\n3 3\n", "# h\n5\n", "1 x\n", "", "99999999999999999999\n", "4294967296 1\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := fuzzFile(t, "r.dat", data)
		s, ids, err := LoadSets(context.Background(), p, LoadOptions{})
		if err != nil {
			checkFuzzErr(t, err, p, data)
			return
		}
		if err := s.Validate(); err != nil {
			t.Fatal(err)
		}
		if ids.Len() != s.Len() || s.Len() == 0 {
			t.Fatalf("%d ids for %d sets", ids.Len(), s.Len())
		}
	})
}

// FuzzCircles fuzzes the content of a `*.circles` member inside a valid tar.gz archive and, when
// raw is set, the archive bytes themselves.
func FuzzCircles(f *testing.F) {
	for _, s := range []string{"circle0\t1\t2\ncircle1\t3\n", "c\n", "c 1 77\n", "c\t-1\n", "# x\n\nc\t4\r\n"} {
		f.Add([]byte(s), false)
	}
	f.Add(gzipBytes("not a tar"), true)
	f.Fuzz(func(t *testing.T, data []byte, raw bool) {
		archive := data
		if !raw {
			archive = tarGz(t, map[string]string{"fb/0.circles": string(data), "fb/0.edges": "1 2\n"})
		}
		dir := t.TempDir()
		gp := filepath.Join(dir, "g.txt")
		if err := os.WriteFile(gp, []byte("1 2\n2 3\n3 4\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, "fb.tar.gz")
		if err := os.WriteFile(p, archive, 0o644); err != nil {
			t.Fatal(err)
		}
		ds, err := LoadDataset(context.Background(), gp, &TruthFile{Path: p, Format: FormatSNAPCircles}, LoadOptions{})
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), p) {
				t.Fatalf("error %v (%T) is not a ParseError naming %s", err, err, p)
			}
			if !raw {
				checkFuzzErr(t, err, p+":fb/0.circles", data)
			}
			return
		}
		if err := ds.Truth.Members().Validate(); err != nil {
			t.Fatal(err)
		}
	})
}
