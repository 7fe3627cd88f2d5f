package datasets

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// truthByName renders ground truth as "name:id,id" strings over original ids, sorted, with
// unnamed communities named by their members only.
func truthByName(gt *GroundTruth, ids IDs) []string {
	var out []string
	for c := 0; c < gt.Len(); c++ {
		var m []string
		for _, v := range gt.Community(c) {
			m = append(m, ids.String(v))
		}
		slices.Sort(m)
		out = append(out, gt.Name(c)+":"+strings.Join(m, ","))
	}
	slices.Sort(out)
	return out
}

func tarGz(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		tw.WriteHeader(&tar.Header{Name: n, Mode: 0o644, Size: int64(len(files[n])), Typeflag: tar.TypeReg})
		tw.Write([]byte(files[n]))
	}
	tw.Close()
	zw.Close()
	return buf.Bytes()
}

func TestLoadDatasetTruth(t *testing.T) {
	const edges = "1 2\n2 3\n3 4\n4 1\n"
	tests := []struct {
		name      string
		file      string
		content   string
		raw       []byte // binary content instead of content
		format    Format
		attr      string
		want      []string
		wantNodes int
	}{
		{name: "labels", file: "x.labels", content: "1 a\n2 a\n3 b\n4 b\n", want: []string{"a:1,2", "b:3,4"}, wantNodes: 4},
		{name: "labels tab crlf", file: "x.clusters", content: "1\t0\r\n2\t1\r\n", want: []string{"0:1", "1:2"}, wantNodes: 4},
		{name: "labels add isolated", file: "labels.txt", content: "1 a\n9 a\n", want: []string{"a:1,9"}, wantNodes: 5},
		{name: "labels csv last column", file: "t.csv", content: "id,name,type\n1,\"x, y\",tv\n2,z,gov\n3,\"q \"\"r\"\"\",tv\n", want: []string{"gov:2", "tv:1,3"}, wantNodes: 4},
		{name: "labels csv named column", file: "t.csv", content: "id,type,name\n1,tv,x\n2,gov,z\n", attr: "type", want: []string{"gov:2", "tv:1"}, wantNodes: 4},
		{name: "communities", file: "x.cmty.txt", content: "1\t2\t3\n# c\n\n3 4\n", want: []string{":1,2,3", ":3,4"}, wantNodes: 4},
		{name: "communities sniffed", file: "x.txt", content: "1 2 3\n3 4\n", want: []string{":1,2,3", ":3,4"}, wantNodes: 4},
		{name: "labels sniffed", file: "x.txt", content: "1 5\n3 5\n", want: []string{"5:1,3"}, wantNodes: 4},
		{name: "cdlib json", file: "c.json", content: `{"communities": [[1, 2], ["3", 4], []], "other": {"a": [1]}}`, want: []string{":", ":1,2", ":3,4"}, wantNodes: 4},
		{name: "cdlib json forced", file: "c.txt", format: FormatCDLibJSON, content: "{\n\"communities\":\n[[4]]}\n", want: []string{":4"}, wantNodes: 4},
		{name: "circles", file: "fb.tar.gz", raw: tarGz(t, map[string]string{
			"facebook/": "", "facebook/1.circles": "circle0\t2\t3\ncircle1\t4\n", "facebook/1.edges": "junk", "facebook/3.circles": "c\t1\n",
		}), want: []string{"1/circle0:2,3", "1/circle1:4", "3/c:1"}, wantNodes: 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			g := writeFile(t, dir, "g.txt", edges, false)
			var p string
			if tc.raw != nil {
				p = filepath.Join(dir, tc.file)
				os.WriteFile(p, tc.raw, 0o644)
			} else {
				p = writeFile(t, dir, tc.file, tc.content, false)
			}
			ds, err := LoadDataset(context.Background(), g, &TruthFile{Path: p, Format: tc.format, Attribute: tc.attr}, LoadOptions{Directed: boolp(false)})
			if err != nil {
				t.Fatal(err)
			}
			if ds.Graph.N() != tc.wantNodes {
				t.Errorf("N = %d, want %d", ds.Graph.N(), tc.wantNodes)
			}
			if got := truthByName(ds.Truth, ds.Graph.IDs()); !slices.Equal(got, tc.want) {
				t.Errorf("truth = %q, want %q", got, tc.want)
			}
			// The same file loaded against the graph afterwards.
			if tc.wantNodes == 4 {
				gt, rep, err := LoadGroundTruth(context.Background(), p, ds.Graph, LoadOptions{Format: tc.format, Attribute: tc.attr})
				if err != nil {
					t.Fatal(err)
				}
				if got := truthByName(gt, ds.Graph.IDs()); !slices.Equal(got, tc.want) || rep.Unknown != 0 {
					t.Errorf("LoadGroundTruth = %q (%+v), want %q", got, rep, tc.want)
				}
			}
		})
	}
}

func TestGMLTruth(t *testing.T) {
	const gml = `Creator "test"
# a comment line
graph
[
  directed 0
  node [ id 0 label "A b" value 7 ]
  node [ id 1 label "multi
line" value 7 extra [ x 1 y [ z "q" ] ] ]
  node [ id 2 value "c" ]
  node [ id 3 ]
  edge [ source 0 target 1 weight 1.5e-3 ]
  edge [ source 2 target 1 ]
]
`
	dir := t.TempDir()
	p := writeFile(t, dir, "g.gml", gml, false)
	ds, err := Open(context.Background(), p, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if ds.Graph.N() != 4 || ds.Graph.NumEdges() != 2 || ds.Graph.Directed() {
		t.Fatalf("graph N=%d M=%d directed=%v", ds.Graph.N(), ds.Graph.NumEdges(), ds.Graph.Directed())
	}
	if got, want := truthByName(ds.Truth, ds.Graph.IDs()), []string{"7:0,1", "c:2"}; !slices.Equal(got, want) {
		t.Errorf("truth = %q, want %q", got, want)
	}
	ds, err = LoadDataset(context.Background(), p, &TruthFile{Path: p, Attribute: "label"}, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := truthByName(ds.Truth, ds.Graph.IDs()), []string{"A b:0", "multi\nline:1"}; !slices.Equal(got, want) {
		t.Errorf("truth by label = %q, want %q", got, want)
	}
}

func TestLoadSets(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "r.dat", "# header\n10 30 20 \n\n30 30\n5\n", false)
	ds, err := Open(context.Background(), p, OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := ds.Collection
	if ds.Graph != nil || s == nil {
		t.Fatal("want a set collection")
	}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	// Items 5,10,20,30 -> 0,1,2,3.
	want := [][]uint32{{1, 2, 3}, {}, {3}, {0}}
	if s.Len() != len(want) || s.Universe != 4 {
		t.Fatalf("Len %d Universe %d", s.Len(), s.Universe)
	}
	for i, w := range want {
		if !slices.Equal(s.Set(i), w) {
			t.Errorf("set %d = %v, want %v", i, s.Set(i), w)
		}
	}
	lines := []string{"2", "3", "4", "5"}
	for i, l := range lines {
		if got := ds.SetIDs.String(uint32(i)); got != l {
			t.Errorf("set %d id %s, want line %s", i, got, l)
		}
	}
}

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		file, content string
		want, truth   Format
	}{
		{"a.gml", "", FormatGML, FormatGML},
		{"a.GML.gz", "", FormatGML, FormatGML},
		{"a.json.gz", "", FormatCDLibJSON, FormatCDLibJSON},
		{"facebook.tar.gz", "", FormatSNAPCircles, FormatSNAPCircles},
		{"retail.dat", "", FormatTransactions, FormatTransactions},
		{"x.cmty.txt.gz", "", FormatCommunities, FormatCommunities},
		{"x.cmty", "", FormatCommunities, FormatCommunities},
		{"karate.clusters", "", FormatNodeLabel, FormatNodeLabel},
		{"cora.labels", "", FormatNodeLabel, FormatNodeLabel},
		{"e.csv", "id_1,id_2\n1,2\n", FormatCSV, FormatNodeLabel},
		{"lfr.csv", "# c\n0\t1\t{}\n", FormatEdgeList, FormatCommunities},
		{"g.txt", "% c\n1 2\n", FormatEdgeList, FormatNodeLabel},
		{"c.txt", "1 2 3\n", FormatEdgeList, FormatCommunities},
		{"g.txt", "graph [\n", FormatGML, FormatGML},
		{"g.txt", "Creator \"x\"\n", FormatGML, FormatGML},
		{"g.txt", "graphite 1\n", FormatEdgeList, FormatNodeLabel},
		{"g.txt", " {\"communities\": []}", FormatCDLibJSON, FormatCDLibJSON},
	}
	for _, tc := range tests {
		p := writeFile(t, t.TempDir(), tc.file, tc.content, false)
		if got, err := DetectFormat(p); err != nil || got != tc.want {
			t.Errorf("DetectFormat(%s, %q) = %q, %v; want %q", tc.file, tc.content, got, err, tc.want)
		}
		if got, err := DetectTruthFormat(p); err != nil || got != tc.truth {
			t.Errorf("DetectTruthFormat(%s, %q) = %q, %v; want %q", tc.file, tc.content, got, err, tc.truth)
		}
	}
	p := writeFile(t, t.TempDir(), "empty.txt", "# only comments\n", false)
	if f, err := DetectFormat(p); err != nil || f != FormatEdgeList {
		t.Errorf("empty file: %q, %v; want edgelist (whose loader reports the empty file)", f, err)
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats() {
		if got, err := ParseFormat(strings.ToUpper(string(f))); err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, got, err)
		}
	}
	for in, want := range map[string]Format{"": FormatAuto, "auto": FormatAuto, "snap": FormatEdgeList, "json": FormatCDLibJSON, "dat": FormatTransactions} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseFormat("xml"); err == nil || !strings.Contains(err.Error(), "edgelist") {
		t.Errorf("ParseFormat(xml): err = %v", err)
	}
}
