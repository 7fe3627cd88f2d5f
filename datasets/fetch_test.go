package datasets

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testContent is an edge list large enough to span several reads.
func testContent() []byte {
	var b bytes.Buffer
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&b, "%d %d\n", i, (i*7919)%20000)
	}
	return b.Bytes()
}

func gz(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func sum(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// server is a TLS test server with a handler per path and a request counter per path.
type server struct {
	*httptest.Server
	mu       sync.Mutex
	handlers map[string]http.HandlerFunc
	hits     map[string]int
}

func newServer(t *testing.T) *server { return newServerTLS(t, true) }

// newServerTLS returns a TLS server, or a plain HTTP one (whose URLs pass validation only with a
// checksum) that the default client of Resolve can reach.
func newServerTLS(t *testing.T, useTLS bool) *server {
	s := &server{handlers: map[string]http.HandlerFunc{}, hits: map[string]int{}}
	start := httptest.NewTLSServer
	if !useTLS {
		start = httptest.NewServer
	}
	s.Server = start(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		h := s.handlers[r.URL.Path]
		s.mu.Unlock()
		if h == nil {
			http.NotFound(w, r)
			return
		}
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) handle(path string, h http.HandlerFunc) {
	s.mu.Lock()
	s.handlers[path] = h
	s.mu.Unlock()
}

func (s *server) serve(path string, data []byte) {
	s.handle(path, func(w http.ResponseWriter, r *http.Request) { w.Write(data) })
}

func (s *server) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// testEntry is a one-file entry downloaded from srv at /up/<name>.
func testEntry(srv *server, name, sha string) Entry {
	return Entry{
		Name: "test-graph", Folder: "test-folder", Description: "test", Citation: "none",
		Nodes: 20000, Edges: 20000,
		Files: []File{{Role: RoleEdges, Format: FormatEdgeList, Name: name, URL: srv.URL + "/up/" + name, SHA256: sha}},
	}
}

func fetchOpts(srv *server, cache string) FetchOptions {
	return FetchOptions{Cache: cache, Client: srv.Client(), Retries: 3, Backoff: time.Millisecond}
}

// noTemps fails when dir holds temporary files.
func noTemps(t *testing.T, dir string) {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	}
}

func TestFetchSuccess(t *testing.T) {
	content := testContent()
	tests := []struct {
		name   string
		served []byte
	}{
		{"g.txt.gz", gz(t, content)},
		{"g.txt", content},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t)
			srv.serve("/up/"+tc.name, tc.served)
			e := testEntry(srv, tc.name, sum(content))
			cache := t.TempDir()
			opt := fetchOpts(srv, cache)
			var lastDone, lastTotal int64
			opt.Progress = func(file string, done, total int64) {
				if file != tc.name || done < lastDone {
					t.Errorf("progress(%s, %d, %d) after %d", file, done, total, lastDone)
				}
				lastDone, lastTotal = done, total
			}
			rfs, err := Fetch(context.Background(), e, opt)
			if err != nil {
				t.Fatal(err)
			}
			want := filepath.Join(cache, "test-folder", tc.name)
			if len(rfs) != 1 || rfs[0].Path != want || rfs[0].ContentSHA256 != sum(content) {
				t.Fatalf("got %+v, want path %s", rfs, want)
			}
			if got, _ := os.ReadFile(want); !bytes.Equal(got, tc.served) {
				t.Fatal("stored bytes differ from the served bytes")
			}
			if lastDone != int64(len(tc.served)) || lastTotal != int64(len(tc.served)) {
				t.Errorf("final progress %d/%d, want %d", lastDone, lastTotal, len(tc.served))
			}
			if !e.Cached(cache) {
				t.Error("Cached is false after Fetch")
			}
			noTemps(t, filepath.Dir(want))
			// A second Fetch uses the cache without a request.
			if _, err := Fetch(context.Background(), e, opt); err != nil {
				t.Fatal(err)
			}
			if n := srv.count("/up/" + tc.name); n != 1 {
				t.Errorf("%d requests, want 1 (second Fetch must use the cache)", n)
			}
		})
	}
}

func TestFetchChecksumMismatch(t *testing.T) {
	content := testContent()
	srv := newServer(t)
	srv.serve("/up/g.txt.gz", gz(t, content))
	wrong := sum([]byte("something else"))
	e := testEntry(srv, "g.txt.gz", wrong)
	cache := t.TempDir()
	_, err := Fetch(context.Background(), e, fetchOpts(srv, cache))
	var ce *ChecksumError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v, want a ChecksumError", err)
	}
	if ce.Want != wrong || ce.Got != sum(content) || ce.File != "g.txt.gz" {
		t.Errorf("ChecksumError %+v", ce)
	}
	for _, s := range []string{"g.txt.gz", wrong, sum(content)} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not mention %s", err, s)
		}
	}
	if _, err := os.Stat(filepath.Join(cache, "test-folder", "g.txt.gz")); !os.IsNotExist(err) {
		t.Error("bad download kept under its final name")
	}
	noTemps(t, filepath.Join(cache, "test-folder"))
	if n := srv.count("/up/g.txt.gz"); n != 1 {
		t.Errorf("%d requests; a checksum mismatch must not be retried", n)
	}
}

func TestFetchNotFound(t *testing.T) {
	srv := newServer(t)
	e := testEntry(srv, "missing.txt", "")
	_, err := Fetch(context.Background(), e, fetchOpts(srv, t.TempDir()))
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("error %v, want ErrNotFound", err)
	}
	if !strings.Contains(err.Error(), "404") || !strings.Contains(err.Error(), "missing.txt") {
		t.Errorf("error %q does not say 404 and the file", err)
	}
	if n := srv.count("/up/missing.txt"); n != 1 {
		t.Errorf("%d requests; a 404 must fail at once", n)
	}
}

// truncatingHandler declares the full length but sends only half of data on the first fails
// requests.
func truncatingHandler(data []byte, fails int32) http.HandlerFunc {
	var calls atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(len(data)))
		if calls.Add(1) <= fails {
			w.Write(data[:len(data)/2])
			return // the server closes the connection: the client sees an unexpected EOF
		}
		w.Write(data)
	}
}

func TestFetchTruncatedBody(t *testing.T) {
	content := testContent()
	served := gz(t, content)
	t.Run("content-length", func(t *testing.T) {
		srv := newServer(t)
		srv.handle("/up/g.txt.gz", truncatingHandler(served, 1000))
		e := testEntry(srv, "g.txt.gz", sum(content))
		cache := t.TempDir()
		opt := fetchOpts(srv, cache)
		opt.Retries = 2
		_, err := Fetch(context.Background(), e, opt)
		if err == nil {
			t.Fatal("truncated download accepted")
		}
		if n := srv.count("/up/g.txt.gz"); n != 3 {
			t.Errorf("%d requests, want 3 (1 + 2 retries)", n)
		}
		if _, err := os.Stat(filepath.Join(cache, "test-folder", "g.txt.gz")); !os.IsNotExist(err) {
			t.Error("truncated download kept under its final name")
		}
		noTemps(t, filepath.Join(cache, "test-folder"))
	})
	t.Run("gzip-unexpected-eof", func(t *testing.T) {
		// No Content-Length (chunked): only the gzip stream reveals the truncation.
		srv := newServer(t)
		var calls atomic.Int32
		srv.handle("/up/g.txt.gz", func(w http.ResponseWriter, r *http.Request) {
			if calls.Add(1) == 1 {
				w.Write(served[:len(served)/2])
				w.(http.Flusher).Flush()
				return
			}
			w.Write(served)
		})
		e := testEntry(srv, "g.txt.gz", "") // no checksum: the gzip check alone must catch it
		cache := t.TempDir()
		rfs, err := Fetch(context.Background(), e, fetchOpts(srv, cache))
		if err != nil {
			t.Fatal(err)
		}
		if n := srv.count("/up/g.txt.gz"); n != 2 {
			t.Errorf("%d requests, want 2", n)
		}
		if rfs[0].ContentSHA256 != sum(content) {
			t.Error("wrong content after retry")
		}
	})
}

func TestFetchRetriesServerErrors(t *testing.T) {
	content := testContent()
	srv := newServer(t)
	var calls atomic.Int32
	srv.handle("/up/g.txt", func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			http.Error(w, "try later", http.StatusServiceUnavailable)
			return
		}
		w.Write(content)
	})
	e := testEntry(srv, "g.txt", sum(content))
	var logs []string
	opt := fetchOpts(srv, t.TempDir())
	opt.Log = func(msg string) { logs = append(logs, msg) }
	if _, err := Fetch(context.Background(), e, opt); err != nil {
		t.Fatal(err)
	}
	if n := calls.Load(); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
	if len(logs) != 2 || !strings.Contains(logs[0], "503") {
		t.Errorf("retry log %q", logs)
	}

	// Without retries the same failure is an error.
	calls.Store(0)
	opt.Retries = -1
	opt.Cache = t.TempDir()
	if _, err := Fetch(context.Background(), e, opt); err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("error %v, want the 503", err)
	}
}

func TestFetchInterruptedThenRerun(t *testing.T) {
	content := testContent()
	served := gz(t, content)
	srv := newServer(t)
	var calls atomic.Int32
	release := make(chan struct{})
	srv.handle("/up/g.txt.gz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(len(served)))
		if calls.Add(1) == 1 {
			w.Write(served[:len(served)/2])
			w.(http.Flusher).Flush()
			select { // hang mid-body until the client goes away
			case <-r.Context().Done():
			case <-release:
			}
			return
		}
		w.Write(served)
	})
	defer close(release)
	e := testEntry(srv, "g.txt.gz", sum(content))
	cache := t.TempDir()
	dir := filepath.Join(cache, "test-folder")
	// A stray temporary file of an older interrupted run, and a recent one (maybe a concurrent run).
	os.MkdirAll(dir, 0o755)
	old := filepath.Join(dir, ".g.txt.gz.tmp-111")
	recent := filepath.Join(dir, ".g.txt.gz.tmp-222")
	os.WriteFile(old, []byte("partial"), 0o644)
	os.WriteFile(recent, []byte("partial"), 0o644)
	past := time.Now().Add(-2 * staleTemp)
	os.Chtimes(old, past, past)

	ctx, cancel := context.WithCancel(context.Background())
	opt := fetchOpts(srv, cache)
	opt.Progress = func(_ string, done, _ int64) {
		if done > 0 {
			cancel() // interrupt once bytes arrive
		}
	}
	_, err := Fetch(ctx, e, opt)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "g.txt.gz")); !os.IsNotExist(err) {
		t.Fatal("interrupted download visible under its final name")
	}
	if e.Cached(cache) {
		t.Fatal("Cached after an interrupted run")
	}

	opt.Progress = nil
	rfs, err := Fetch(context.Background(), e, opt)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(rfs[0].Path); !bytes.Equal(got, served) {
		t.Fatal("re-run stored wrong bytes")
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Error("stale temporary file not removed")
	}
	if _, err := os.Stat(recent); err != nil {
		t.Error("recent temporary file removed (it may belong to a concurrent run)")
	}
}

func TestFetchMirrorDirectory(t *testing.T) {
	content := testContent()
	srv := newServer(t) // serves nothing: the mirror must be used
	e := testEntry(srv, "g.txt.gz", sum(content))
	e.Files[0].MirrorNames = []string{"plain-copy.txt"}
	mirror := t.TempDir()
	os.MkdirAll(filepath.Join(mirror, "test-folder"), 0o755)
	p := filepath.Join(mirror, "test-folder", "plain-copy.txt")
	os.WriteFile(p, content, 0o644)
	cache := t.TempDir()
	opt := fetchOpts(srv, cache)
	opt.Mirror = mirror
	opt.Verify = true
	rfs, err := Fetch(context.Background(), e, opt)
	if err != nil {
		t.Fatal(err)
	}
	if rfs[0].Path != p || rfs[0].ContentSHA256 != sum(content) {
		t.Errorf("got %+v, want the mirror file %s in place", rfs[0], p)
	}
	if srv.count("/up/g.txt.gz") != 0 {
		t.Error("downloaded although the mirror holds the file")
	}
	// Resolve finds it through LSHBENCH_MIRROR too, without copying.
	t.Setenv(EnvMirror, mirror)
	rfs, err = e.Resolve(context.Background(), OpenOptions{Cache: cache})
	if err != nil || rfs[0].Path != p {
		t.Errorf("Resolve: %v, %+v", err, rfs)
	}
	if ents, _ := os.ReadDir(cache); len(ents) != 0 {
		t.Errorf("mirror file copied into the cache: %v", ents)
	}
	// A corrupt mirror file fails verification.
	os.WriteFile(p, []byte("corrupt"), 0o644)
	var ce *ChecksumError
	if _, err := Fetch(context.Background(), e, opt); !errors.As(err, &ce) {
		t.Errorf("error %v, want a ChecksumError", err)
	}
}

func TestFetchMirrorURL(t *testing.T) {
	content := testContent()
	converted := append([]byte("# converted by the mirror\n"), content...)
	srv := newServer(t)
	srv.serve("/mirror/test-folder/plain-copy.txt", converted) // under a mirror name, not Name
	srv.serve("/up/g.txt.gz", gz(t, content))
	e := testEntry(srv, "g.txt.gz", sum(content))
	e.Files[0].MirrorNames = []string{"plain-copy.txt"}
	e.Files[0].MirrorSHA256 = sum(converted)
	cache := t.TempDir()
	opt := fetchOpts(srv, cache)
	opt.Mirror = srv.URL + "/mirror/"
	rfs, err := Fetch(context.Background(), e, opt)
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(cache, "test-folder", "plain-copy.txt")
	if rfs[0].Path != want || rfs[0].ContentSHA256 != sum(converted) {
		t.Errorf("got %+v, want %s", rfs[0], want)
	}
	if srv.count("/mirror/test-folder/g.txt.gz") != 1 || srv.count("/up/g.txt.gz") != 0 {
		t.Errorf("requests: %v", srv.hits)
	}
	if !e.Cached(cache) {
		t.Error("not Cached after a mirror download")
	}

	// A file the mirror lacks comes from upstream, unless NoUpstream.
	e2 := testEntry(srv, "g.txt.gz", sum(content))
	opt.Cache = t.TempDir()
	opt.NoUpstream = true
	if _, err := Fetch(context.Background(), e2, opt); !errors.Is(err, ErrNotFound) {
		t.Errorf("NoUpstream: error %v, want ErrNotFound from the mirror", err)
	}
	opt.NoUpstream = false
	rfs, err = Fetch(context.Background(), e2, opt)
	if err != nil || rfs[0].ContentSHA256 != sum(content) {
		t.Fatalf("upstream fallback: %v %+v", err, rfs)
	}
	if srv.count("/up/g.txt.gz") != 1 {
		t.Error("no upstream request after the mirror's 404")
	}
}

func TestFetchArchiveMembers(t *testing.T) {
	edges := testContent()
	labels := []byte("0 a\n1 b\n")
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	for name, data := range map[string][]byte{"pack/musae_edges.csv": edges, "pack/musae_target.csv": labels, "pack/other.json": []byte("{}")} {
		w, _ := zw.Create(name)
		w.Write(data)
	}
	zw.Close()
	var tbuf bytes.Buffer
	gw := gzip.NewWriter(&tbuf)
	tw := tar.NewWriter(gw)
	for _, m := range []struct {
		name string
		data []byte
	}{{"set/set-1.90.ungraph.txt", edges}, {"set/set-1.90.cmty.txt", labels}} {
		tw.WriteHeader(&tar.Header{Name: m.name, Mode: 0o644, Size: int64(len(m.data)), Typeflag: tar.TypeReg})
		tw.Write(m.data)
	}
	tw.Close()
	gw.Close()

	srv := newServer(t)
	srv.serve("/up/pack.zip", zbuf.Bytes())
	srv.serve("/up/set.tgz", tbuf.Bytes())
	for _, tc := range []struct {
		archive, edgesMember, labelsMember string
	}{
		{"pack.zip", "musae_edges.csv", "musae_target.csv"},
		{"set.tgz", "set-1.90.ungraph.txt", "set-1.90.cmty.txt"},
	} {
		e := Entry{Name: "arch", Folder: "arch", Description: "d", Citation: "c", Nodes: 1, Edges: 1, Communities: 2,
			Files: []File{
				{Role: RoleEdges, Format: FormatEdgeList, Name: "edges.txt", URL: srv.URL + "/up/" + tc.archive, Member: tc.edgesMember, SHA256: sum(edges)},
				{Role: RoleCommunities, Format: FormatNodeLabel, Name: "labels.txt", URL: srv.URL + "/up/" + tc.archive, Member: tc.labelsMember, SHA256: sum(labels)},
			}}
		cache := t.TempDir()
		rfs, err := Fetch(context.Background(), e, fetchOpts(srv, cache))
		if err != nil {
			t.Fatalf("%s: %v", tc.archive, err)
		}
		for i, want := range [][]byte{edges, labels} {
			if got, _ := os.ReadFile(rfs[i].Path); !bytes.Equal(got, want) {
				t.Errorf("%s: member %d extracted wrongly", tc.archive, i)
			}
		}
		if n := srv.count("/up/" + tc.archive); n != 1 {
			t.Errorf("%s downloaded %d times, want once per Fetch", tc.archive, n)
		}
		noTemps(t, filepath.Join(cache, "arch"))
		// A member the archive lacks is an error.
		e.Files[1].Member = "nope.txt"
		e.Files = e.Files[1:]
		e.Files[0].Role = RoleEdges
		if _, err := Fetch(context.Background(), e, fetchOpts(srv, t.TempDir())); err == nil || !strings.Contains(err.Error(), "nope.txt") {
			t.Errorf("%s: missing member: error %v", tc.archive, err)
		}
	}
}

func TestFetchUnknownChecksumRecorded(t *testing.T) {
	content := testContent()
	srv := newServer(t)
	srv.serve("/up/g.txt", content)
	e := testEntry(srv, "g.txt", "")
	cache := t.TempDir()
	opt := fetchOpts(srv, cache)
	var logs []string
	opt.Log = func(m string) { logs = append(logs, m) }
	rfs, err := Fetch(context.Background(), e, opt)
	if err != nil {
		t.Fatal(err)
	}
	if len(logs) != 1 || !strings.Contains(logs[0], sum(content)) {
		t.Errorf("log %q does not report the checksum", logs)
	}
	if readSidecar(rfs[0].Path) != sum(content) {
		t.Error("checksum not recorded beside the file")
	}
	// Verify trusts the recorded checksum and catches a corrupted cache file, then repairs it.
	opt.Verify = true
	os.WriteFile(rfs[0].Path, []byte("corrupted"), 0o644)
	rfs, err = Fetch(context.Background(), e, opt)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(rfs[0].Path); !bytes.Equal(got, content) {
		t.Error("corrupted cache file not repaired by Verify")
	}
	if srv.count("/up/g.txt") != 2 {
		t.Errorf("%d requests, want 2", srv.count("/up/g.txt"))
	}
}

func TestFetchUpstreamFormNeedsMirror(t *testing.T) {
	srv := newServer(t)
	e := testEntry(srv, "cora.edges", "")
	e.Files[0].UpstreamForm = "npz"
	_, err := Fetch(context.Background(), e, fetchOpts(srv, t.TempDir()))
	if err == nil || !strings.Contains(err.Error(), "npz") || !strings.Contains(err.Error(), "mirror") {
		t.Fatalf("error %v, want one naming the form and the mirror", err)
	}
	if srv.count("/up/cora.edges") != 0 {
		t.Error("requested a file lshbench cannot read")
	}
}

func TestResolveDownload(t *testing.T) {
	content := testContent()
	srv := newServerTLS(t, false)
	srv.serve("/up/g.txt.gz", gz(t, content))
	srv.serve("/mirror/test-folder/g.txt", content)
	e := testEntry(srv, "g.txt.gz", sum(content))
	e.Files[0].MirrorNames = []string{"g.txt"}
	t.Setenv(EnvMirror, "")
	cache := t.TempDir()
	if _, err := e.Resolve(context.Background(), OpenOptions{Cache: cache}); !errors.Is(err, ErrNotAvailable) {
		t.Fatalf("error %v, want ErrNotAvailable without Download", err)
	}
	var progressed bool
	rfs, err := e.Resolve(context.Background(), OpenOptions{Cache: cache, Download: true,
		Progress: func(done, total int64) { progressed = true }})
	if err != nil || rfs[0].Path != filepath.Join(cache, "test-folder", "g.txt.gz") || !progressed {
		t.Fatalf("Resolve with Download: %v %+v (progress %v)", err, rfs, progressed)
	}
	// A mirror URL is a download source even without Download, and is tried first.
	cache2 := t.TempDir()
	t.Setenv(EnvMirror, srv.URL+"/mirror")
	rfs, err = e.Resolve(context.Background(), OpenOptions{Cache: cache2})
	if err != nil || rfs[0].Path != filepath.Join(cache2, "test-folder", "g.txt") {
		t.Fatalf("Resolve with a mirror URL: %v %+v", err, rfs)
	}
	if srv.count("/up/g.txt.gz") != 1 {
		t.Errorf("upstream requested %d times, want 1", srv.count("/up/g.txt.gz"))
	}
	// Now cached: no further request.
	if _, err := e.Resolve(context.Background(), OpenOptions{Cache: cache2}); err != nil {
		t.Fatal(err)
	}
	if srv.count("/mirror/test-folder/g.txt") != 1 {
		t.Errorf("mirror requested %d times, want 1", srv.count("/mirror/test-folder/g.txt"))
	}
}

func TestHashDecompressed(t *testing.T) {
	content := testContent()
	for _, tc := range []struct {
		name string
		in   []byte
		want string
	}{
		{"plain", content, sum(content)},
		{"gzip", gz(t, content), sum(content)},
		{"empty", nil, sum(nil)},
		{"one byte", []byte{0x1f}, sum([]byte{0x1f})},
	} {
		got, err := hashDecompressed(bytes.NewReader(tc.in))
		if err != nil || got != tc.want {
			t.Errorf("%s: %s, %v; want %s", tc.name, got, err, tc.want)
		}
	}
	trunc := gz(t, content)
	if _, err := hashDecompressed(bytes.NewReader(trunc[:len(trunc)/2])); err == nil {
		t.Error("truncated gzip hashed without error")
	}
}

// FuzzExtractMember feeds arbitrary bytes as a downloaded archive: extraction must fail cleanly,
// never panic.
func FuzzExtractMember(f *testing.F) {
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	w, _ := zw.Create("d/m.txt")
	w.Write([]byte("0 1\n"))
	zw.Close()
	var tbuf bytes.Buffer
	tw := tar.NewWriter(&tbuf)
	tw.WriteHeader(&tar.Header{Name: "d/m.txt", Mode: 0o644, Size: 4, Typeflag: tar.TypeReg})
	tw.Write([]byte("0 1\n"))
	tw.Close()
	f.Add(zbuf.Bytes())
	f.Add(tbuf.Bytes())
	f.Add([]byte{0x1f, 0x8b, 8, 0})
	f.Add([]byte("PK\x03\x04garbage"))
	f.Add([]byte{})
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(dir, "a")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		got, err := extractMember(p, "m.txt", &out)
		if err == nil && got != sum(out.Bytes()) && !bytes.HasPrefix(out.Bytes(), []byte{0x1f, 0x8b}) {
			t.Fatalf("checksum %s of extracted %d bytes is wrong", got, out.Len())
		}
	})
}

func BenchmarkHashDecompressed(b *testing.B) {
	var plain bytes.Buffer
	for plain.Len() < 8<<20 {
		plain.Write(testContent())
	}
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	zw.Write(plain.Bytes())
	zw.Close()
	for _, bc := range []struct {
		name string
		data []byte
	}{{"plain", plain.Bytes()}, {"gzip", zb.Bytes()}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(plain.Len())) // decompressed bytes per second
			for b.Loop() {
				if _, err := hashDecompressed(bytes.NewReader(bc.data)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
