package datasets

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// mirrorDir returns the offline mirror of real data sets, or skips the test.
func mirrorDir(t testing.TB, name string) string {
	t.Helper()
	dir := os.Getenv("LSHBENCH_MIRROR")
	if dir == "" {
		t.Skipf("LSHBENCH_MIRROR not set or absent: skipping test on real data %s", name)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Skipf("LSHBENCH_MIRROR not set or absent: skipping test on real data %s", name)
	}
	return dir
}

// realCase is one real data file with the facts measured on the mirror's copy.
type realCase struct {
	name     string
	edges    string // relative to the mirror
	truth    string // "" when none
	directed bool
	nodes    int
	edgesM   int64 // distinct edges kept (undirected: unordered pairs) after dropping self-loops
	read     int64 // edge lines read (0: same as edgesM)
	loops    int64 // distinct self-loops dropped
	comms    int   // -1: no ground truth
	covered  int   // vertices in at least one community (0: not checked)
	minSize  int   // smallest community (0: not checked)
	maxSize  int
}

// realCases lists every data set of the mirror with the README's counts. Where the README gives a
// figure for a different view of the file, the comment says what was measured.
var realCases = []realCase{
	// 25,571 directed lines of which 642 are self-loops (dropped by default): 24,929 directed
	// edges; every one of the 1,005 nodes has one of 42 department labels (sizes 1-109).
	{name: "email-Eu-core", edges: "email-Eu-core/email-Eu-core.txt", truth: "email-Eu-core/labels.txt", directed: true,
		nodes: 1005, edgesM: 24929, read: 25571, loops: 642, comms: 42, covered: 1005, minSize: 1, maxSize: 109},
	// 193 overlapping circles of 10 egos covering 2,884 users, sizes 1-308.
	{name: "ego-Facebook", edges: "ego-Facebook/facebook_combined.txt", truth: "ego-Facebook/facebook.tar.gz",
		nodes: 4039, edgesM: 88234, comms: 193, covered: 2884, minSize: 1, maxSize: 308},
	{name: "com-dblp top5000", edges: "com-dblp/com-dblp.ungraph.txt.gz", truth: "com-dblp/com-dblp.top5000.cmty.txt.gz",
		nodes: 317080, edgesM: 1049866, comms: 5000, covered: 93432, minSize: 6, maxSize: 7556},
	{name: "com-dblp all (cdlib json)", edges: "com-dblp/com-dblp.ungraph.txt.gz", truth: "com-dblp/com-dblp.all.cmty.cdlib.json.gz",
		nodes: 317080, edgesM: 1049866, comms: 13477},
	{name: "seal dblp", edges: "seal/dblp-1.90.ungraph.txt.gz", truth: "seal/dblp-1.90.cmty.txt.gz",
		nodes: 114095, edgesM: 466761, comms: 4559, minSize: 6, maxSize: 16},
	{name: "seal facebook", edges: "seal/facebook-1.90.ungraph.txt.gz", truth: "seal/facebook-1.90.cmty.txt.gz",
		nodes: 3622, edgesM: 72964, comms: 130, minSize: 3, maxSize: 72},
	// mu0.1: 2,209 lines of which 18 are self-loops; 11 communities of sizes 56-154.
	{name: "LFR N1000 mu0.1", edges: "lfr/LFR_N1000_ad5_mc50_mu0.1.csv.gz", truth: "lfr/LFR_N1000_ad5_mc50_mu0.1.json.gz",
		nodes: 1000, edgesM: 2191, read: 2209, loops: 18, comms: 11, covered: 1000, minSize: 56, maxSize: 154},
	// 20,688 lines, 228 self-loops.
	{name: "LFR N10000 mu0.1", edges: "lfr/LFR_N10000_ad5_mc50_mu0.1.csv.gz", truth: "lfr/LFR_N10000_ad5_mc50_mu0.1.json.gz",
		nodes: 10000, edgesM: 20460, read: 20688, loops: 228, comms: 120, covered: 10000},
	// The one N=100000 file tested: 212,349 lines, 1,164 self-loops, 585 communities.
	{name: "LFR N100000 mu0.1", edges: "lfr/LFR_N100000_ad5_mc50_mu0.1.csv.gz", truth: "lfr/LFR_N100000_ad5_mc50_mu0.1.json.gz",
		nodes: 100000, edgesM: 211185, read: 212349, loops: 1164, comms: 585, covered: 100000},
	// karate: clubs of 16 and 18 in this version.
	{name: "karate", edges: "classic/karate.edges", truth: "classic/karate.clusters", nodes: 34, edgesM: 78, comms: 2, covered: 34, minSize: 16, maxSize: 18},
	{name: "dolphins", edges: "classic/dolphins.edges", truth: "classic/dolphins.clusters", nodes: 62, edgesM: 159, comms: 2, covered: 62, minSize: 20, maxSize: 42},
	{name: "football", edges: "classic/football.gml", nodes: 115, edgesM: 613, comms: 12, covered: 115},
	{name: "polbooks", edges: "classic/polbooks.gml", nodes: 105, edgesM: 441, comms: 3, covered: 105, minSize: 13, maxSize: 49},
	{name: "cora", edges: "citation/cora.edges", truth: "citation/cora.labels", nodes: 2708, edgesM: 5278, comms: 7, covered: 2708},
	// citeseer: the edge file names 3,264 nodes; the 48 others appear only in the label file and
	// are added as isolated vertices, giving the README's 3,312.
	{name: "citeseer", edges: "citation/citeseer.edges", truth: "citation/citeseer.labels", nodes: 3312, edgesM: 4536, comms: 6, covered: 3312},
	{name: "pubmed", edges: "citation/pubmed.edges", truth: "citation/pubmed.labels", nodes: 19717, edgesM: 44324, comms: 3, covered: 19717},
	// 171,002 lines of which 179 are self-loops: 170,823 pairs kept; 4 page types.
	{name: "musae facebook", edges: "musae/facebook_edges.csv", truth: "musae/facebook_target.csv",
		nodes: 22470, edgesM: 170823, read: 171002, loops: 179, comms: 4, covered: 22470},
	{name: "deezer", edges: "musae/deezer_europe_edges.csv", nodes: 28281, edgesM: 92752, comms: -1},
	{name: "wiki-Vote", edges: "wiki-Vote/wiki-Vote.txt", directed: true, nodes: 7115, edgesM: 103689, comms: -1},
}

func TestRealData(t *testing.T) {
	for _, tc := range realCases {
		t.Run(tc.name, func(t *testing.T) {
			dir := mirrorDir(t, tc.name)
			opt := OpenOptions{Directed: &tc.directed}
			if tc.truth != "" {
				opt.Communities = filepath.Join(dir, tc.truth)
			}
			ds, err := Open(context.Background(), filepath.Join(dir, tc.edges), opt)
			if err != nil {
				t.Fatal(err)
			}
			checkReal(t, tc, ds)
		})
	}
}

func checkReal(t *testing.T, tc realCase, ds *Dataset) {
	t.Helper()
	g := ds.Graph
	if g == nil {
		t.Fatal("no graph")
	}
	rep := g.Report()
	read := tc.read
	if read == 0 {
		read = tc.edgesM
	}
	if g.N() != tc.nodes || g.NumEdges() != tc.edgesM || g.Directed() != tc.directed ||
		rep.EdgesRead != read || rep.SelfLoops != tc.loops {
		t.Errorf("N=%d M=%d directed=%v report=%+v; want N=%d M=%d directed=%v read=%d loops=%d",
			g.N(), g.NumEdges(), g.Directed(), rep, tc.nodes, tc.edgesM, tc.directed, read, tc.loops)
	}
	if tc.comms < 0 {
		if ds.Truth != nil {
			t.Errorf("unexpected ground truth with %d communities", ds.Truth.Len())
		}
		return
	}
	if ds.Truth == nil {
		t.Fatal("no ground truth")
	}
	st := ds.Truth.Stats()
	if st.Communities != tc.comms || (tc.covered > 0 && st.Covered != tc.covered) ||
		(tc.minSize > 0 && (st.MinSize != tc.minSize || st.MaxSize != tc.maxSize)) {
		t.Errorf("truth %+v; want %d communities, %d covered, sizes %d-%d", st, tc.comms, tc.covered, tc.minSize, tc.maxSize)
	}
	if ds.Truth.N() != g.N() {
		t.Errorf("truth over %d vertices, graph has %d", ds.Truth.N(), g.N())
	}
}

// TestRealDataEmailUndirected checks the README's undirected view of email-Eu-core: 16,064
// unordered pairs once the 642 self-loops are dropped (8,865 reciprocal lines merged).
func TestRealDataEmailUndirected(t *testing.T) {
	dir := mirrorDir(t, "email-Eu-core")
	g, err := LoadGraph(context.Background(), filepath.Join(dir, "email-Eu-core/email-Eu-core.txt"), LoadOptions{Directed: boolp(false)})
	if err != nil {
		t.Fatal(err)
	}
	if rep := g.Report(); g.N() != 1005 || g.NumEdges() != 16064 || rep.SelfLoops != 642 || rep.Duplicates != 8865 {
		t.Errorf("N=%d M=%d report %+v; want 1005, 16064, 642 loops, 8865 duplicates", g.N(), g.NumEdges(), rep)
	}
	g, err = LoadGraph(context.Background(), filepath.Join(dir, "email-Eu-core/email-Eu-core.txt"), LoadOptions{Directed: boolp(false), SelfLoops: KeepSelfLoops})
	if err != nil {
		t.Fatal(err)
	}
	if g.NumEdges() != 16064+642 {
		t.Errorf("keeping self-loops: M=%d, want %d", g.NumEdges(), 16064+642)
	}
}

// TestRealDataLFR1000 checks all nine N=1000 LFR graphs: 1,000 nodes, 11 planted communities
// partitioning them, and 2,191-2,267 unordered pairs (README).
func TestRealDataLFR1000(t *testing.T) {
	dir := mirrorDir(t, "LFR N=1000")
	for mu := 1; mu <= 9; mu++ {
		base := filepath.Join(dir, "lfr", fmt.Sprintf("LFR_N1000_ad5_mc50_mu0.%d", mu))
		ds, err := Open(context.Background(), base+".csv.gz", OpenOptions{Directed: boolp(false), Communities: base + ".json.gz"})
		if err != nil {
			t.Fatal(err)
		}
		g, st := ds.Graph, ds.Truth.Stats()
		if g.N() != 1000 || g.NumEdges() < 2191 || g.NumEdges() > 2267 || st.Communities != 11 ||
			st.Covered != 1000 || st.Overlapping != 0 {
			t.Errorf("mu0.%d: N=%d M=%d truth %+v", mu, g.N(), g.NumEdges(), st)
		}
	}
}

func TestRealDataRetail(t *testing.T) {
	dir := mirrorDir(t, "retail")
	ds, err := Open(context.Background(), filepath.Join(dir, "retail/retail.dat"), OpenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := ds.Collection
	if s == nil || s.Len() != 88162 || s.Universe != 16470 {
		t.Fatalf("retail: %v sets", s)
	}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if ds.SetIDs.Len() != 88162 || ds.SetIDs.String(0) != "1" || ds.SetIDs.String(88161) != "88162" {
		t.Errorf("set ids: %d, first %s last %s", ds.SetIDs.Len(), ds.SetIDs.String(0), ds.SetIDs.String(uint32(ds.SetIDs.Len()-1)))
	}
	// The first basket is items 0..29.
	if first := s.Set(0); len(first) != 30 || first[0] != 0 || first[29] != 29 {
		t.Errorf("first basket %v", first)
	}
}

// TestRealDataRegistry opens registered names through the mirror, checking that Open resolves
// them with the right files, formats and directedness.
func TestRealDataRegistry(t *testing.T) {
	dir := mirrorDir(t, "registry")
	byName := map[string]realCase{}
	for _, tc := range realCases {
		byName[tc.name] = tc
	}
	names := map[string]string{ // registry name -> case
		"email-Eu-core": "email-Eu-core", "ego-Facebook": "ego-Facebook", "football": "football",
		"polbooks": "polbooks", "karate": "karate", "citeseer": "citeseer", "musae-facebook": "musae facebook",
		"wiki-Vote": "wiki-Vote", "lfr-N1000-mu0.1": "LFR N1000 mu0.1", "seal-facebook": "seal facebook",
	}
	for name, c := range names {
		t.Run(name, func(t *testing.T) {
			if _, ok := LookupEntry(name); !ok {
				t.Skipf("%s is not registered", name)
			}
			ds, err := Open(context.Background(), name, OpenOptions{Mirror: dir})
			if err != nil {
				t.Fatal(err)
			}
			if ds.Name != name {
				t.Errorf("Name = %q", ds.Name)
			}
			checkReal(t, byName[c], ds)
		})
	}
	t.Run("retail", func(t *testing.T) {
		if _, ok := LookupEntry("retail"); !ok {
			t.Skip("retail is not registered")
		}
		ds, err := Open(context.Background(), "retail", OpenOptions{Mirror: dir})
		if err != nil {
			t.Fatal(err)
		}
		if ds.Collection == nil || ds.Collection.Len() != 88162 || ds.Collection.Universe != 16470 {
			t.Errorf("retail: %+v", ds.Collection)
		}
	})
}
