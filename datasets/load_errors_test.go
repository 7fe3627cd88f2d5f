package datasets

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cut drops the last n bytes.
func cut(b []byte, n int) []byte { return b[:len(b)-n] }

func gzipBytes(s string) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(s))
	zw.Close()
	return buf.Bytes()
}

// bigEdges returns n edge lines.
func bigEdges(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%d %d\n", i, i+1)
	}
	return b.String()
}

func TestLoadErrors(t *testing.T) {
	full := gzipBytes(bigEdges(20000))
	truncated := full[:len(full)/2]
	corrupt := bytes.Clone(full)
	corrupt[len(corrupt)-6] ^= 0xff // CRC32 trailer
	badHeader := bytes.Clone(full[:10])
	badHeader[2] = 7 // compression method

	const graph = "1 2\n2 3\n"
	tests := []struct {
		name    string
		file    string
		content string
		raw     []byte
		truth   bool // the file is ground truth for graph
		format  Format
		attr    string
		line    int
		msg     string
	}{
		{name: "one field", file: "g.txt", content: "1 2\n3\n", line: 2, msg: "2 fields"},
		{name: "negative id", file: "g.txt", content: "# c\n1 -2\n", line: 2, msg: "negative id"},
		{name: "id overflow", file: "g.txt", content: "1 2\n1 9223372036854775808\n", line: 2, msg: "out of range"},
		{name: "bad token", file: "g.txt", content: "1 2\n3x 4\n", line: 2, msg: `bad id "3x"`},
		{name: "control char", file: "g.txt", content: "a\x01 b\n", line: 1, msg: "bad id"},
		{name: "empty file", file: "g.txt", content: "", line: 0, msg: "no edges"},
		{name: "empty gzip", file: "g.txt.gz", raw: gzipBytes(""), line: 0, msg: "no edges"},
		{name: "only comments", file: "g.txt", content: "# a\n\n% b\n", line: 3, msg: "no edges"},
		{name: "csv one field", file: "g.csv", content: "a,b\n1,2\n3\n", line: 3, msg: "2 comma-separated"},
		{name: "csv bad id", file: "g.csv", content: "a,b\n1,-2\n", line: 2, msg: "negative"},
		{name: "csv only header", file: "g.csv", content: "a,b\n", line: 1, msg: "no edges"},
		{name: "truncated gzip", file: "g.txt.gz", raw: truncated, msg: "truncated gzip"},
		{name: "corrupt gzip", file: "g.txt.gz", raw: corrupt, line: 20001, msg: "checksum"},
		{name: "bad gzip header", file: "g.txt.gz", raw: badHeader, line: 1, msg: "gzip"},
		{name: "gml unterminated list", file: "g.gml", content: "graph [\n node [ id 1 ]\n", line: 2, msg: "unclosed graph"},
		{name: "gml bad char", file: "g.gml", content: "graph [\n node [ id 1 ] ; \n]", line: 2, msg: "unexpected character"},
		{name: "gml unknown edge end", file: "g.gml", content: "graph [\n node [ id 1 ]\n edge [ source 1 target 2 ]\n]", line: 3, msg: "not a declared node"},
		{name: "gml dup node", file: "g.gml", content: "graph [\n node [ id 1 ]\n node [ id 1 ]\n edge [ source 1 target 1 ]\n]", line: 3, msg: "duplicate node"},
		{name: "gml node without id", file: "g.gml", content: "graph [\nnode [\n label \"x\" ]\n]", line: 2, msg: "without id"},
		{name: "gml bad id", file: "g.gml", content: "graph [\nnode [\n id -1 ]\n]", line: 3, msg: "negative"},
		{name: "gml float id", file: "g.gml", content: "graph [\nnode [\n id 1.5 ]\n]", line: 3, msg: "bad id"},
		{name: "gml no edges", file: "g.gml", content: "graph [\nnode [ id 1 ]\n]", line: 1, msg: "no edges"},
		{name: "gml no graph", file: "g.gml", content: "Creator \"x\"\n", line: 1, msg: "no `graph"},
		{name: "gml unterminated string", file: "g.gml", content: "graph [\n label \"abc\n\n", line: 2, msg: "unterminated string"},
		{name: "gml directed 2", file: "g.gml", content: "graph [\n directed 2 ]", line: 2, msg: "directed"},
		{name: "gml deep", file: "g.gml", content: "graph [ x " + strings.Repeat("[ x ", 1000), line: 1, msg: "nested"},
		{name: "gml bad number", file: "g.gml", content: "graph [\n x 1.2.3 ]", line: 2, msg: "bad number"},
		{name: "labels one field", file: "x.labels", content: "1 a\n2\n", truth: true, line: 2, msg: "2 fields"},
		{name: "labels bad id", file: "x.labels", content: "1 a\n2x a\n", truth: true, line: 2, msg: "bad id"},
		{name: "labels csv missing column", file: "t.csv", content: "id,type\n1,a\n", attr: "kind", truth: true, line: 1, msg: "no column"},
		{name: "labels csv unterminated quote", file: "t.csv", content: "id,type\n1,\"a\n", truth: true, line: 2, msg: "unterminated"},
		{name: "labels empty", file: "x.labels", content: "# nothing\n", truth: true, line: 1, msg: "no labelled"},
		{name: "communities unknown id", file: "x.cmty.txt", content: "1 2\n2 3 77\n", truth: true, line: 2, msg: "77 is not a vertex"},
		{name: "communities negative", file: "x.cmty.txt", content: "1 2\n\n-3\n", truth: true, line: 3, msg: "negative"},
		{name: "communities empty", file: "x.cmty.txt", content: "", truth: true, line: 0, msg: "no community"},
		{name: "json unknown id", file: "c.json", content: "{\"communities\": [\n[1, 2],\n[3, 99]]}", truth: true, line: 3, msg: "99 is not a vertex"},
		{name: "json unknown id far", file: "c.json", content: "{\"communities\": [\n" + strings.Repeat("[1, 2],\n", 30000) + "[3, 99]]}", truth: true, line: 30002, msg: "99 is not a vertex"},
		{name: "json syntax", file: "c.json", content: "{\"communities\": [\n[1, 2],\n[3 4]]}", truth: true, line: 3, msg: "invalid"},
		{name: "json truncated", file: "c.json", content: "{\"communities\": [\n[1, 2],\n[3", truth: true, line: 3, msg: "unexpected"},
		{name: "json bad member", file: "c.json", content: "{\"communities\": [[1, 2],\n[true]]}", truth: true, line: 2, msg: "want a number"},
		{name: "json float member", file: "c.json", content: "{\"communities\": [[1, 2.5]]}", truth: true, line: 1, msg: "bad id"},
		{name: "json no key", file: "c.json", content: "{\"x\": 1}", truth: true, line: 1, msg: "no \"communities\""},
		{name: "json trailing", file: "c.json", content: "{\"communities\": [[1]]}\n{", truth: true, line: 2, msg: ""},
		{name: "json truncated gzip", file: "c.json.gz", raw: gzipBytes(`{"communities": [[1, 2], [3]]}`)[:30], truth: true, msg: "gzip"},
		{name: "circles unknown", file: "f.tar.gz", raw: tarGz(t, map[string]string{"fb/0.circles": "c0\t1\nc1\t2\t5\n"}), truth: true, line: 2, msg: "0.circles"},
		{name: "circles none", file: "f.tar.gz", raw: tarGz(t, map[string]string{"fb/0.edges": "1 2\n"}), truth: true, msg: "no *.circles"},
		{name: "circles truncated", file: "f.tar.gz", raw: cut(tarGz(t, map[string]string{"fb/0.circles": strings.Repeat("c0\t1\t2\n", 5000)}), 20), truth: true, msg: "gzip"},
		{name: "transactions bad item", file: "r.dat", content: "1 2\n3 x\n", line: 2, msg: "non-negative integer"},
		{name: "transactions overflow", file: "r.dat", content: "1 2\n99999999999999999999\n", line: 2, msg: "out of range"},
		{name: "transactions empty", file: "r.dat", content: "# x\n", line: 1, msg: "no sets"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := filepath.Join(dir, tc.file)
			data := tc.raw
			if data == nil {
				data = []byte(tc.content)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			var err error
			if tc.truth {
				g := writeFile(t, dir, "g.txt", graph, false)
				_, err = LoadDataset(context.Background(), g, &TruthFile{Path: p, Format: tc.format, Attribute: tc.attr}, LoadOptions{})
			} else {
				_, err = Open(context.Background(), p, OpenOptions{Format: tc.format})
			}
			if err == nil {
				t.Fatal("no error")
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not a *ParseError", err, err)
			}
			if !strings.Contains(err.Error(), tc.file) {
				t.Errorf("error %q does not name the file %s", err, tc.file)
			}
			if tc.line > 0 && (pe.Line != tc.line || !strings.Contains(err.Error(), fmt.Sprintf(":%d: ", tc.line))) {
				t.Errorf("error %q: line %d, want %d", err, pe.Line, tc.line)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not say %q", err, tc.msg)
			}
		})
	}
}

func TestParseID(t *testing.T) {
	tests := []struct {
		tok  string
		x    int64
		kind idKind
	}{
		{"0", 0, idInt}, {"42", 42, idInt}, {"+7", 7, idInt}, {"007", 7, idInt},
		{"9223372036854775807", 1<<63 - 1, idInt},
		{"9223372036854775808", 0, idBad}, {"99999999999999999999999", 0, idBad},
		{"-1", 0, idBad}, {"-", 0, idBad}, {"+", 0, idBad}, {"1e3", 0, idBad}, {"", 0, idBad},
		{"abc", 0, idString}, {"a-1", 0, idString}, {"é", 0, idString}, {"a\x00", 0, idBad},
	}
	for _, tc := range tests {
		x, k := parseID([]byte(tc.tok))
		if k != tc.kind || (k == idInt && x != tc.x) {
			t.Errorf("parseID(%q) = %d, %d; want %d, %d", tc.tok, x, k, tc.x, tc.kind)
		}
	}
}

func TestSplitCSV(t *testing.T) {
	tests := []struct {
		line string
		want []string
		bad  bool
	}{
		{"a,b,c", []string{"a", "b", "c"}, false},
		{" a , b ", []string{"a", "b"}, false},
		{`1,"x, y",z`, []string{"1", "x, y", "z"}, false},
		{`"say ""hi""",2`, []string{`say "hi"`, "2"}, false},
		{`a,`, []string{"a", ""}, false},
		{`"a`, nil, true},
		{`"a"b,c`, nil, true},
	}
	for _, tc := range tests {
		f, _, err := splitCSV([]byte(tc.line), nil, nil)
		if (err != nil) != tc.bad {
			t.Errorf("splitCSV(%q) err = %v", tc.line, err)
			continue
		}
		if tc.bad {
			continue
		}
		var got []string
		for _, x := range f {
			got = append(got, string(x))
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("splitCSV(%q) = %q, want %q", tc.line, got, tc.want)
		}
	}
}
