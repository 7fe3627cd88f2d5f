package datasets

import (
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestRegistryEntriesValid(t *testing.T) {
	es := Registry()
	if len(es) < 40 {
		t.Fatalf("registry has %d entries, want the mirrored ones and the large SNAP graphs", len(es))
	}
	names := map[string]bool{}
	for i, e := range es {
		if err := e.validate(); err != nil {
			t.Error(err)
		}
		key := strings.ToLower(e.Name)
		if names[key] {
			t.Errorf("name %s is not unique (case-insensitively)", e.Name)
		}
		names[key] = true
		if i > 0 && strings.ToLower(es[i-1].Name) > key {
			t.Errorf("registry not sorted: %s before %s", es[i-1].Name, e.Name)
		}
		if e.Description == "" || e.Citation == "" {
			t.Errorf("%s: missing description or citation", e.Name)
		}
		if e.Nodes <= 0 || (!e.Sets && e.Edges <= 0) {
			t.Errorf("%s: sizes %d nodes, %d edges", e.Name, e.Nodes, e.Edges)
		}
		hasTruth := false
		for _, f := range e.Files {
			if f.Role == RoleCommunities {
				hasTruth = true
			}
			u, _ := url.Parse(f.URL)
			if u.Scheme != "https" {
				// Plain http only with a known checksum (validate enforces it); FIMI is the one case.
				if f.SHA256 == "" || e.Name != "retail" {
					t.Errorf("%s: file %s: URL %s is not https", e.Name, f.Name, f.URL)
				}
			}
			if f.Bytes <= 0 {
				t.Errorf("%s: file %s: no download size", e.Name, f.Name)
			}
			if e.Mirrored && f.SHA256 == "" && f.MirrorSHA256 == "" {
				t.Errorf("%s: mirrored file %s without any checksum", e.Name, f.Name)
			}
		}
		if hasTruth != (e.Communities > 0) {
			t.Errorf("%s: %d communities but ground-truth file present = %v", e.Name, e.Communities, hasTruth)
		}
	}
	// The copy is fresh: changing it does not change the registry.
	es[0].Name = "changed"
	es[0].Files[0].Name = "changed"
	if again := Registry(); again[0].Name == "changed" || again[0].Files[0].Name == "changed" {
		t.Fatal("Registry returns shared state")
	}
}

func TestRegistryContents(t *testing.T) {
	want := []string{"email-Eu-core", "ego-Facebook", "com-dblp", "com-dblp-all", "seal-dblp",
		"seal-facebook", "karate", "dolphins", "football", "polbooks", "cora", "citeseer", "pubmed",
		"musae-facebook", "deezer-europe", "wiki-Vote", "retail", "com-Amazon", "com-Youtube",
		"com-LiveJournal", "com-Orkut", "com-Friendster", "soc-LiveJournal1", "ego-Twitter"}
	for _, n := range []int{1000, 10000, 100000} {
		for m := 1; m <= 9; m++ {
			want = append(want, "lfr-N"+strconv.Itoa(n)+"-mu0."+strconv.Itoa(m))
		}
	}
	if got := len(Registry()); got != len(want) {
		t.Errorf("registry has %d entries, want %d", got, len(want))
	}
	for _, n := range want {
		if _, ok := LookupEntry(n); !ok {
			t.Errorf("LookupEntry(%q) failed", n)
		}
	}
	tests := []struct {
		name                string
		directed, sets      bool
		nodes, edges        int64
		communities         int
		mirrored            bool
		firstFile, firstURL string
	}{
		{"email-Eu-core", true, false, 1005, 25571, 42, true, "email-Eu-core.txt.gz", "https://snap.stanford.edu/data/email-Eu-core.txt.gz"},
		{"com-dblp", false, false, 317080, 1049866, 5000, true, "com-dblp.ungraph.txt.gz", "https://snap.stanford.edu/data/bigdata/communities/com-dblp.ungraph.txt.gz"},
		{"lfr-N1000-mu0.1", false, false, 1000, 2191, 11, true, "LFR_N1000_ad5_mc50_mu0.1.csv.gz", "https://github.com/GiulioRossetti/cdlib_datasets/raw/main/networks/LFR_N1000_ad5_mc50_mu0.1.csv.gz"},
		{"retail", false, true, 88162, 0, 0, true, "retail.dat", "http://fimi.uantwerpen.be/data/retail.dat"},
		{"com-Orkut", false, false, 3072441, 117185083, 5000, false, "com-orkut.ungraph.txt.gz", "https://snap.stanford.edu/data/bigdata/communities/com-orkut.ungraph.txt.gz"},
		{"soc-LiveJournal1", true, false, 4847571, 68993773, 0, false, "soc-LiveJournal1.txt.gz", "https://snap.stanford.edu/data/soc-LiveJournal1.txt.gz"},
	}
	for _, tc := range tests {
		e, ok := LookupEntry(tc.name)
		if !ok {
			t.Errorf("%s missing", tc.name)
			continue
		}
		if e.Directed != tc.directed || e.Sets != tc.sets || e.Nodes != tc.nodes || e.Edges != tc.edges ||
			e.Communities != tc.communities || e.Mirrored != tc.mirrored {
			t.Errorf("%s: got %+v", tc.name, e)
		}
		if e.Files[0].Name != tc.firstFile || e.Files[0].URL != tc.firstURL {
			t.Errorf("%s: first file %s at %s, want %s at %s", tc.name, e.Files[0].Name, e.Files[0].URL, tc.firstFile, tc.firstURL)
		}
	}
	mf, _ := LookupEntry("musae-facebook")
	if tf := mf.Files[1]; tf.Role != RoleCommunities || tf.Format != FormatCSV || tf.Attr != "page_type" {
		t.Errorf("musae-facebook ground truth: %+v", tf)
	}
	all, _ := LookupEntry("com-dblp-all")
	if all.Files[1].Format != FormatCDLibJSON || all.Folder != "com-dblp" {
		t.Errorf("com-dblp-all: %+v", all)
	}
}

func TestLookupEntry(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"email-Eu-core", "email-Eu-core", true},
		{"EMAIL-EU-CORE", "email-Eu-core", true},
		{"com-amazon", "com-Amazon", true},
		{"lfr-N10000-mu0.5", "lfr-N10000-mu0.5", true},
		{"no-such-data", "", false},
		{"", "", false},
	}
	for _, tc := range tests {
		e, ok := LookupEntry(tc.in)
		if ok != tc.ok || e.Name != tc.want {
			t.Errorf("LookupEntry(%q) = %q, %v; want %q, %v", tc.in, e.Name, ok, tc.want, tc.ok)
		}
	}
}

// regMirror returns $LSHBENCH_MIRROR or skips the test.
func regMirror(t *testing.T, what string) string {
	t.Helper()
	dir := os.Getenv(EnvMirror)
	if dir == "" || isURL(dir) {
		t.Skip("LSHBENCH_MIRROR not set or absent: skipping test on real data " + what)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		t.Skip("LSHBENCH_MIRROR not set or absent: skipping test on real data " + what)
	}
	return dir
}

// TestRegistryMatchesMirror checks that every mirrored file is in the mirror and that its
// decompressed content has the registered checksum (about 35 MB of data).
func TestRegistryMatchesMirror(t *testing.T) {
	dir := regMirror(t, "(registry checksums)")
	hashed := map[string]string{}
	for _, e := range Registry() {
		if !e.Mirrored {
			continue
		}
		for _, f := range e.Files {
			p := findLocal(dir, e.Folder, f)
			if p == "" {
				t.Errorf("%s: %s not in the mirror folder %s", e.Name, f.Name, filepath.Join(dir, e.Folder))
				continue
			}
			got, ok := hashed[p]
			if !ok {
				var err error
				if got, err = hashFile(p); err != nil {
					t.Fatal(err)
				}
				hashed[p] = got
			}
			want := firstNonEmpty(f.MirrorSHA256, f.SHA256)
			if got != want {
				t.Errorf("%s: %s: sha256 %s, registry says %s", e.Name, p, got, want)
			}
		}
	}
}

func TestResolveMirrorDirectory(t *testing.T) {
	dir := regMirror(t, "email-Eu-core")
	e, _ := LookupEntry("email-Eu-core")
	cache := t.TempDir()
	rfs, err := e.Resolve(context.Background(), OpenOptions{Mirror: dir, Cache: cache})
	if err != nil {
		t.Fatal(err)
	}
	wantPaths := []string{filepath.Join(dir, "email-Eu-core", "email-Eu-core.txt"), filepath.Join(dir, "email-Eu-core", "labels.txt")}
	for i, rf := range rfs {
		if rf.Path != wantPaths[i] {
			t.Errorf("file %d resolved to %s, want %s (in place)", i, rf.Path, wantPaths[i])
		}
	}
	if ents, _ := os.ReadDir(cache); len(ents) != 0 {
		t.Errorf("resolving from a mirror directory wrote to the cache: %v", ents)
	}
}

func TestResolveNotAvailable(t *testing.T) {
	e, _ := LookupEntry("com-Orkut")
	_, err := e.Resolve(context.Background(), OpenOptions{Mirror: t.TempDir(), Cache: t.TempDir()})
	if !errors.Is(err, ErrNotAvailable) {
		t.Fatalf("error %v, want ErrNotAvailable", err)
	}
	for _, s := range []string{"lshbench data fetch com-Orkut", "LSHBENCH_MIRROR", "com-orkut.ungraph.txt.gz"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not mention %q", err, s)
		}
	}
}

func TestDefaultCacheDir(t *testing.T) {
	t.Setenv(EnvCache, "/some/where")
	if got := DefaultCacheDir(); got != "/some/where" {
		t.Errorf("DefaultCacheDir() = %q with %s set", got, EnvCache)
	}
	t.Setenv(EnvCache, "")
	if got := DefaultCacheDir(); got == "" || !strings.Contains(got, "lshbench") {
		t.Errorf("DefaultCacheDir() = %q", got)
	}
}
