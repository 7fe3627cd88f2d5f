package datasets

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// writeFile writes content to dir/name, gzip-compressing it when gz is set.
func writeFile(t testing.TB, dir, name, content string, gz bool) string {
	t.Helper()
	data := []byte(content)
	if gz {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(data)
		zw.Close()
		data = buf.Bytes()
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// edgesOf lists the graph's out-edges by original id as "u>v" strings.
func edgesOf(g *Graph) []string {
	var out []string
	ids := g.IDs()
	for u := 0; u < g.N(); u++ {
		for _, v := range g.Out(uint32(u)) {
			if !g.Directed() && v < uint32(u) {
				continue
			}
			out = append(out, ids.String(uint32(u))+">"+ids.String(v))
		}
	}
	return out
}

func boolp(b bool) *bool { return &b }

func TestLoadGraphFormats(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		content  string
		gz       bool
		opt      LoadOptions
		want     []string // edges by original id, undirected pairs listed once with u <= v (dense order)
		directed bool
	}{
		{name: "snap", file: "g.txt", content: "# comment\n% other\n\n1 2\n2 3\n3 1\n", want: []string{"1>2", "2>3", "3>1"}, directed: true},
		{name: "crlf extra fields", file: "g.txt", content: "1\t2\t{}\r\n2 3 x y\r\n", want: []string{"1>2", "2>3"}, directed: true},
		{name: "gzip by magic", file: "g.edges", content: "5 6\n6 7\n", gz: true, want: []string{"5>6", "6>7"}, directed: true},
		{name: "gzip ext but plain", file: "g.txt.gz", content: "5 6\n", want: []string{"5>6"}, directed: true},
		{name: "undirected", file: "g.txt", content: "2 1\n1 2\n3 3\n", opt: LoadOptions{Directed: boolp(false)}, want: []string{"1>2"}},
		{name: "keep loops", file: "g.txt", content: "2 1\n3 3\n", opt: LoadOptions{Directed: boolp(false), SelfLoops: KeepSelfLoops}, want: []string{"1>2", "3>3"}},
		{name: "no final newline", file: "g.txt", content: "1 2\n2 3", want: []string{"1>2", "2>3"}, directed: true},
		{name: "string ids", file: "g.txt", content: "a b\nb 7\n", want: []string{"a>b", "b>7"}, directed: true},
		{name: "header line", file: "g.txt", content: "source\ttarget\n1 2\n2 3\n", want: []string{"1>2", "2>3"}, directed: true},
		{name: "names not header", file: "g.txt", content: "a b\nc d\n", want: []string{"a>b", "c>d"}, directed: true},
		{name: "single names line", file: "g.txt", content: "# x\na b\n", want: []string{"a>b"}, directed: true},
		{name: "csv header", file: "g.csv", content: "id_1,id_2\n0,1\n1,2\n", want: []string{"0>1", "1>2"}, directed: true},
		{name: "csv no header", file: "g.csv", content: "0,1\n1,2,9\n", want: []string{"0>1", "1>2"}, directed: true},
		{name: "csv quoted crlf", file: "g.csv", content: "\"node_1\",\"node_2\"\r\n\"0\", 1\r\n", want: []string{"0>1"}, directed: true},
		{name: "tab separated .csv", file: "g.csv.gz", content: "0\t1\t{}\n1\t2\t{}\n", gz: true, want: []string{"0>1", "1>2"}, directed: true},
		{name: "forced edgelist", file: "g.gml", content: "0 1\n", opt: LoadOptions{Format: FormatEdgeList}, want: []string{"0>1"}, directed: true},
		{name: "gml", file: "g.gml", content: "graph [ directed 1 node [ id 0 ] node [ id 1 ] edge [ source 1 target 0 ] ]", want: []string{"1>0"}, directed: true},
		{name: "gml undirected", file: "x.gml", content: "graph [ node [ id 0 ] node [ id 1 ] edge [ source 1 target 0 ] ]", want: []string{"0>1"}},
		{name: "gml forced directed", file: "x.gml", content: "graph [ directed 0 node [ id 0 ] node [ id 1 ] edge [ source 1 target 0 ] ]", opt: LoadOptions{Directed: boolp(true)}, want: []string{"1>0"}, directed: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, t.TempDir(), tc.file, tc.content, tc.gz)
			g, err := LoadGraph(context.Background(), p, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if g.Directed() != tc.directed {
				t.Errorf("directed = %v, want %v", g.Directed(), tc.directed)
			}
			got := edgesOf(g)
			want := slices.Clone(tc.want)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("edges = %v, want %v", got, want)
			}
		})
	}
}

func TestOpenPath(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "g.txt.gz", "# Nodes: 3\n0 1\n1 2\n", true)
	var calls int
	var last, total int64
	ds, err := Open(context.Background(), p, OpenOptions{Progress: func(d, tot int64) { calls++; last, total = d, tot }})
	if err != nil {
		t.Fatal(err)
	}
	if ds.Graph == nil || ds.Graph.N() != 3 || ds.Graph.NumEdges() != 2 || !ds.Graph.Directed() {
		t.Fatalf("got %+v", ds.Graph)
	}
	st, _ := os.Stat(p)
	if calls == 0 || last != st.Size() || total != st.Size() {
		t.Errorf("progress: %d calls, last %d/%d, want %d", calls, last, total, st.Size())
	}
	if _, err := Open(context.Background(), filepath.Join(dir, "missing-and-unregistered"), OpenOptions{}); err == nil ||
		!strings.Contains(err.Error(), "neither") {
		t.Errorf("unknown ref: err = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var big strings.Builder
	for i := 0; i < 3*checkEvery; i++ {
		big.WriteString("1 2\n")
	}
	bp := writeFile(t, dir, "big.txt", big.String(), false)
	if _, err := Open(ctx, bp, OpenOptions{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}

func TestOpenGenerator(t *testing.T) {
	if _, err := Open(context.Background(), "gen:no-such-kind", OpenOptions{}); err == nil || !strings.Contains(err.Error(), "gen:no-such-kind") {
		t.Errorf("bad spec: err = %v", err)
	}
}

func TestOpenGeneratorSpec(t *testing.T) {
	const spec = "gen:sbm?n=200&k=4"
	ds, err := Open(context.Background(), spec, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := Generate(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Graph == nil || ds.Graph.N() != 200 || ds.Graph.NumEdges() != want.Graph.NumEdges() {
		t.Errorf("Open(%s): %+v, Generate: %d edges", spec, ds.Graph, want.Graph.NumEdges())
	}
}

// BenchmarkLoadEdgeList parses a synthetic 200,000-line edge list, plain and gzip, and reports
// the parse throughput in MB/s of uncompressed text.
func BenchmarkLoadEdgeList(b *testing.B) {
	var sb strings.Builder
	x := uint64(1)
	for i := 0; i < 200000; i++ {
		x = x*6364136223846793005 + 1442695040888963407
		sb.WriteString(strconv.Itoa(int(x>>40) % 50000))
		sb.WriteByte('\t')
		sb.WriteString(strconv.Itoa(int(x>>20) % 50000))
		sb.WriteByte('\n')
	}
	text := sb.String()
	for _, gz := range []bool{false, true} {
		name := "plain"
		if gz {
			name = "gzip"
		}
		b.Run(name, func(b *testing.B) {
			p := writeFile(b, b.TempDir(), "g.txt", text, gz)
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if _, err := LoadGraph(context.Background(), p, LoadOptions{Directed: boolp(false)}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
