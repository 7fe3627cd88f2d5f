package datasets

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"lshbench/internal/atomicfile"
)

// FetchOptions controls Fetch.
type FetchOptions struct {
	// Cache is the download cache directory; "" means DefaultCacheDir().
	Cache string
	// Mirror is an offline mirror laid out as <mirror>/<folder>/<file>: a directory, whose files
	// are used in place (never copied), or a base URL (http:// or https://) that is tried before
	// the upstream address. "" means no mirror (Fetch does not read LSHBENCH_MIRROR).
	Mirror string
	// NoUpstream restricts downloads to the mirror URL: a file it lacks is an error.
	NoUpstream bool
	// Client performs the requests; nil means a client with a 30 s response-header timeout.
	Client *http.Client
	// Retries is the number of further attempts after a transient failure (network error, HTTP
	// 5xx, 408 or 429, truncated body); 0 or less means none. Resolve uses DefaultRetries.
	Retries int
	// Backoff is the delay before the first retry, doubled for each further one (at most 30 s);
	// 0 means 1 s.
	Backoff time.Duration
	// Progress, when set, receives the bytes received of the file being downloaded and its total
	// (Content-Length, else the registry's approximate size, else 0).
	Progress func(file string, done, total int64)
	// Verify re-hashes files already present in the mirror or the cache: a cached file that does
	// not match is downloaded again, a mirror file that does not match is an error.
	Verify bool
	// Log, when set, receives one-line notes: retries, mirror fallbacks, checksums computed for
	// files whose checksum the registry does not know.
	Log func(msg string)
}

// ErrNotFound is wrapped by errors for an HTTP 404 or 410 answer.
var ErrNotFound = errors.New("not found")

// ChecksumError reports content whose SHA-256 (of the decompressed bytes) differs from the
// registry's.
type ChecksumError struct {
	File, Source, Want, Got string
}

func (e *ChecksumError) Error() string {
	return fmt.Sprintf("checksum mismatch for %s from %s: sha256 of the decompressed content is %s, want %s",
		e.File, e.Source, e.Got, e.Want)
}

// statusError is a non-200 HTTP answer.
type statusError struct {
	url  string
	code int
}

func (e *statusError) Error() string {
	return fmt.Sprintf("GET %s: %d %s", e.url, e.code, http.StatusText(e.code))
}

func (e *statusError) Unwrap() error {
	if e.code == http.StatusNotFound || e.code == http.StatusGone {
		return ErrNotFound
	}
	return nil
}

// transientError marks a failure worth retrying.
type transientError struct{ err error }

func (e *transientError) Error() string { return e.err.Error() }
func (e *transientError) Unwrap() error { return e.err }

// DefaultRetries is the number of retries Entry.Resolve asks of Fetch.
const DefaultRetries = 4

// staleTemp is the age after which a temporary file left by an interrupted run is removed.
const staleTemp = time.Hour

// Fetch makes every file of e available locally and returns their paths in the order of e.Files.
//
// For each file: a copy in the mirror directory (opt.Mirror) is used in place; else a copy in
// the cache <cache>/<folder>/ is used; else the file is downloaded into the cache, from the
// mirror URL (<mirror>/<folder>/<name> for each of the file's names) and then, unless
// opt.NoUpstream or the upstream form is not loadable (File.UpstreamForm), from File.URL
// (extracting File.Member from an archive).
//
// A download is written to a temporary file in the destination directory and renamed to its
// final name only when complete and verified: the SHA-256 of its decompressed content must match
// File.SHA256 (File.MirrorSHA256 first for mirror downloads). A mismatch is a *ChecksumError
// naming the file, the expected and the computed checksum; the download is removed. When the
// registry has no checksum, the computed one is written beside the file as <name>.sha256 and
// reported through opt.Log. Transient failures are retried with exponential backoff; a 404 fails
// at once (wrapping ErrNotFound). An interrupted run leaves no file under a final name, and
// temporary files older than an hour are removed by the next run.
func Fetch(ctx context.Context, e Entry, opt FetchOptions) ([]ResolvedFile, error) {
	if err := e.validate(); err != nil {
		return nil, err
	}
	fr := &fetcher{opt: opt, entry: e, archives: map[string]string{}}
	if fr.opt.Cache == "" {
		fr.opt.Cache = DefaultCacheDir()
	}
	if fr.opt.Client == nil {
		fr.opt.Client = &http.Client{Transport: &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			ResponseHeaderTimeout: 30 * time.Second,
			TLSHandshakeTimeout:   30 * time.Second,
		}}
	}
	fr.opt.Retries = max(fr.opt.Retries, 0)
	if fr.opt.Backoff <= 0 {
		fr.opt.Backoff = time.Second
	}
	defer fr.cleanup()
	out := make([]ResolvedFile, len(e.Files))
	for i, f := range e.Files {
		rf, err := fr.file(ctx, f)
		if err != nil {
			return nil, fmt.Errorf("fetch %s: %w", e.Name, err)
		}
		out[i] = rf
	}
	return out, nil
}

type fetcher struct {
	opt      FetchOptions
	entry    Entry
	archives map[string]string // URL -> downloaded archive (temporary file)
}

func (fr *fetcher) log(format string, args ...any) {
	if fr.opt.Log != nil {
		fr.opt.Log(fmt.Sprintf(format, args...))
	}
}

func (fr *fetcher) cleanup() {
	for _, p := range fr.archives {
		os.Remove(p)
	}
}

// file makes one file available.
func (fr *fetcher) file(ctx context.Context, f File) (ResolvedFile, error) {
	if err := ctx.Err(); err != nil {
		return ResolvedFile{}, err
	}
	mirrorDir, mirrorURL := "", ""
	if fr.opt.Mirror != "" {
		if isURL(fr.opt.Mirror) {
			mirrorURL = strings.TrimRight(fr.opt.Mirror, "/")
		} else {
			mirrorDir = fr.opt.Mirror
		}
	}
	if p := findLocal(mirrorDir, fr.entry.Folder, f); p != "" {
		rf := ResolvedFile{File: f, Path: p}
		if fr.opt.Verify {
			got, err := hashFile(p)
			if err != nil {
				return rf, err
			}
			rf.ContentSHA256 = got
			if (f.MirrorSHA256 != "" || f.SHA256 != "") && !matchesAny(got, f.MirrorSHA256, f.SHA256) {
				return rf, &ChecksumError{File: f.Name, Source: p, Want: firstNonEmpty(f.MirrorSHA256, f.SHA256), Got: got}
			}
		}
		return rf, nil
	}
	dir := filepath.Join(fr.opt.Cache, fr.entry.Folder)
	if p := findLocal(fr.opt.Cache, fr.entry.Folder, f); p != "" {
		rf := ResolvedFile{File: f, Path: p}
		if !fr.opt.Verify {
			return rf, nil
		}
		got, err := hashFile(p)
		if err != nil {
			return rf, err
		}
		side := readSidecar(p)
		if matchesAny(got, f.SHA256, f.MirrorSHA256, side) || f.SHA256 == "" && f.MirrorSHA256 == "" && side == "" {
			rf.ContentSHA256 = got
			return rf, nil
		}
		fr.log("%s: cached copy %s has sha256 %s, want %s: downloading again", f.Name, p, got, firstNonEmpty(f.SHA256, f.MirrorSHA256, side))
		if err := os.Remove(p); err != nil {
			return rf, err
		}
		os.Remove(p + ".sha256")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return ResolvedFile{}, err
	}

	var errs []error
	if mirrorURL != "" {
		want := firstNonEmpty(f.MirrorSHA256, f.SHA256)
		for _, n := range f.names() {
			u := mirrorURL + "/" + url.PathEscape(fr.entry.Folder) + "/" + url.PathEscape(n)
			dest := filepath.Join(dir, n)
			got, err := fr.download(ctx, f, u, "", dest, want)
			if err == nil {
				return fr.done(f, dest, want, got)
			}
			if !errors.Is(err, ErrNotFound) {
				return ResolvedFile{}, err
			}
			errs = append(errs, err)
		}
		if fr.opt.NoUpstream {
			return ResolvedFile{}, fmt.Errorf("%s: not in the mirror %s: %w", f.Name, mirrorURL, errors.Join(errs...))
		}
		fr.log("%s: not in the mirror %s, trying upstream %s", f.Name, mirrorURL, f.URL)
	} else if fr.opt.NoUpstream {
		return ResolvedFile{}, fmt.Errorf("%s: %w and downloads from upstream are not allowed", f.Name, ErrNotAvailable)
	}
	if f.UpstreamForm != "" {
		return ResolvedFile{}, fmt.Errorf("%s: upstream %s serves %s, which lshbench does not read: "+
			"use a mirror that holds the converted file (LSHBENCH_MIRROR or --mirror)", f.Name, f.URL, f.UpstreamForm)
	}
	dest := filepath.Join(dir, f.Name)
	got, err := fr.download(ctx, f, f.URL, f.Member, dest, f.SHA256)
	if err != nil {
		return ResolvedFile{}, err
	}
	return fr.done(f, dest, f.SHA256, got)
}

// done finishes a download: records a computed checksum the registry did not know.
func (fr *fetcher) done(f File, dest, want, got string) (ResolvedFile, error) {
	if want == "" {
		line := got + "  " + filepath.Base(dest) + "\n"
		if err := atomicfile.WriteBytes(dest+".sha256", []byte(line)); err != nil {
			return ResolvedFile{}, err
		}
		fr.log("%s: sha256 of the decompressed content is %s (not in the registry; recorded in %s.sha256)", f.Name, got, dest)
	}
	return ResolvedFile{File: f, Path: dest, ContentSHA256: got}, nil
}

// download fetches u into dest with retries, extracting member when it is not empty, and
// returns the checksum of the decompressed content.
func (fr *fetcher) download(ctx context.Context, f File, u, member, dest, want string) (string, error) {
	removeStaleTemps(filepath.Dir(dest), filepath.Base(dest))
	delay := fr.opt.Backoff
	for attempt := 0; ; attempt++ {
		got, err := fr.try(ctx, f, u, member, dest, want)
		if err == nil {
			return got, nil
		}
		if ctx.Err() != nil {
			return "", fmt.Errorf("%s: %w", f.Name, ctx.Err())
		}
		var te *transientError
		if !errors.As(err, &te) || attempt >= fr.opt.Retries {
			return "", fmt.Errorf("%s: %w", f.Name, err)
		}
		fr.log("%s: %v; retrying in %v (attempt %d of %d)", f.Name, err, delay, attempt+2, fr.opt.Retries+1)
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return "", fmt.Errorf("%s: %w", f.Name, ctx.Err())
		case <-t.C:
		}
		delay = min(2*delay, 30*time.Second)
	}
}

// try makes one download attempt.
func (fr *fetcher) try(ctx context.Context, f File, u, member, dest, want string) (string, error) {
	if member != "" {
		return fr.tryArchive(ctx, f, u, member, dest, want)
	}
	body, closeBody, err := fr.get(ctx, f, u)
	if err != nil {
		return "", err
	}
	defer closeBody()
	var got string
	err = atomicfile.Write(dest, func(w io.Writer) error {
		var err error
		got, err = hashDecompressed(io.TeeReader(body, w))
		if err != nil {
			return classifyBodyError(err)
		}
		if err := body.complete(); err != nil {
			return err
		}
		if want != "" && got != want {
			return &ChecksumError{File: f.Name, Source: u, Want: want, Got: got}
		}
		return nil
	})
	return got, err
}

// tryArchive downloads the archive at u (once per Fetch) and extracts member into dest.
func (fr *fetcher) tryArchive(ctx context.Context, f File, u, member, dest, want string) (string, error) {
	arch, ok := fr.archives[u]
	if !ok {
		body, closeBody, err := fr.get(ctx, f, u)
		if err != nil {
			return "", err
		}
		defer closeBody()
		tmp, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".tmp-*")
		if err != nil {
			return "", err
		}
		_, err = io.Copy(tmp, body)
		if err == nil {
			err = body.complete()
		} else {
			err = classifyBodyError(err)
		}
		if cerr := tmp.Close(); err == nil && cerr != nil {
			err = cerr
		}
		if err != nil {
			os.Remove(tmp.Name())
			return "", err
		}
		arch = tmp.Name()
		fr.archives[u] = arch
	}
	var got string
	err := atomicfile.Write(dest, func(w io.Writer) error {
		var err error
		got, err = extractMember(arch, member, w)
		if err != nil {
			return fmt.Errorf("archive %s: %w", u, err)
		}
		if want != "" && got != want {
			return &ChecksumError{File: f.Name, Source: u + " (" + member + ")", Want: want, Got: got}
		}
		return nil
	})
	if err != nil {
		// A corrupt archive must not be reused by the next attempt.
		os.Remove(arch)
		delete(fr.archives, u)
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, zip.ErrFormat) || errors.Is(err, gzip.ErrChecksum) {
			err = &transientError{err}
		}
	}
	return got, err
}

// get issues the GET request and returns its body wrapped for progress and length checks.
func (fr *fetcher) get(ctx context.Context, f File, u string) (*countingBody, func(), error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, nil, err
	}
	// Ask for the bytes as stored: a transparently decompressed .gz would not match its name.
	req.Header.Set("Accept-Encoding", "identity")
	req.Header.Set("User-Agent", "lshbench (research data download)")
	resp, err := fr.opt.Client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		return nil, nil, &transientError{err}
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		err := &statusError{url: u, code: resp.StatusCode}
		if resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusRequestTimeout {
			return nil, nil, &transientError{err}
		}
		return nil, nil, err
	}
	total := resp.ContentLength
	if total < 0 {
		total = max(f.Bytes, 0)
	}
	b := &countingBody{r: resp.Body, want: resp.ContentLength, total: total, name: f.Name, url: u, progress: fr.opt.Progress}
	return b, func() { resp.Body.Close() }, nil
}

// countingBody counts the bytes of a response body, reports progress and marks read errors as
// transient.
type countingBody struct {
	r          io.Reader
	n, want    int64 // bytes read; Content-Length or -1
	total      int64 // progress total
	lastReport int64
	name, url  string
	progress   func(string, int64, int64)
}

const reportEvery = 1 << 20

func (b *countingBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	b.n += int64(n)
	if b.progress != nil && (b.lastReport == 0 && n > 0 || b.n-b.lastReport >= reportEvery || err == io.EOF) {
		b.lastReport = b.n
		b.progress(b.name, b.n, max(b.total, b.n))
	}
	if err != nil && err != io.EOF {
		err = &transientError{fmt.Errorf("read %s: %w", b.url, err)}
	}
	return n, err
}

// complete drains the body and checks its length against Content-Length.
func (b *countingBody) complete() error {
	if _, err := io.Copy(io.Discard, b); err != nil {
		return err
	}
	if b.want >= 0 && b.n != b.want {
		return &transientError{fmt.Errorf("truncated download from %s: %d of %d bytes", b.url, b.n, b.want)}
	}
	return nil
}

// classifyBodyError marks a truncated or corrupted stream as transient.
func classifyBodyError(err error) error {
	var te *transientError
	if errors.As(err, &te) {
		return err
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, gzip.ErrChecksum) {
		return &transientError{fmt.Errorf("truncated or corrupt download: %w", err)}
	}
	return err
}

// hashDecompressed reads r to the end and returns the hex SHA-256 of its content, gunzipped
// when r starts with the gzip magic bytes.
func hashDecompressed(r io.Reader) (string, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	h := sha256.New()
	magic, _ := br.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return "", err
		}
		if _, err := io.Copy(h, zr); err != nil {
			return "", err
		}
		if _, err := io.Copy(io.Discard, br); err != nil {
			return "", err
		}
	} else if _, err := io.Copy(h, br); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashFile returns the SHA-256 of the decompressed content of the file at path.
func hashFile(path string) (string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer fh.Close()
	s, err := hashDecompressed(fh)
	if err != nil {
		return "", fmt.Errorf("hash %s: %w", path, err)
	}
	return s, nil
}

// extractMember copies the archive member whose path is member or ends with "/"+member to w and
// returns the SHA-256 of its decompressed content. The archive is a zip, a tar or a gzipped tar.
func extractMember(archive, member string, w io.Writer) (string, error) {
	matches := func(name string) bool {
		name = strings.TrimPrefix(name, "./")
		return name == member || strings.HasSuffix(name, "/"+member)
	}
	fh, err := os.Open(archive)
	if err != nil {
		return "", err
	}
	defer fh.Close()
	head := make([]byte, 4)
	n, _ := io.ReadFull(fh, head)
	head = head[:n]
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06")) {
		zr, err := zip.OpenReader(archive)
		if err != nil {
			return "", err
		}
		defer zr.Close()
		for _, zf := range zr.File {
			if zf.FileInfo().IsDir() || !matches(zf.Name) {
				continue
			}
			rc, err := zf.Open()
			if err != nil {
				return "", err
			}
			defer rc.Close()
			return hashDecompressed(io.TeeReader(rc, w))
		}
		return "", fmt.Errorf("no member %s", member)
	}
	if _, err := fh.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	var r io.Reader = bufio.NewReaderSize(fh, 1<<16)
	if bytes.HasPrefix(head, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(r)
		if err != nil {
			return "", err
		}
		r = zr
	}
	tr := tar.NewReader(r)
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return "", fmt.Errorf("no member %s", member)
		}
		if err != nil {
			return "", err
		}
		if hdr.Typeflag == tar.TypeReg && matches(hdr.Name) {
			return hashDecompressed(io.TeeReader(tr, w))
		}
	}
}

// removeStaleTemps removes temporary files of name in dir left by interrupted runs more than
// staleTemp ago (younger ones may belong to a concurrent run and are left alone; they never
// collide with a new temporary file).
func removeStaleTemps(dir, name string) {
	olds, _ := filepath.Glob(filepath.Join(dir, "."+name+".tmp-*"))
	for _, p := range olds {
		if st, err := os.Stat(p); err == nil && time.Since(st.ModTime()) > staleTemp {
			os.Remove(p)
		}
	}
}

// readSidecar returns the checksum recorded in <path>.sha256, "" when absent or malformed.
func readSidecar(path string) string {
	b, err := os.ReadFile(path + ".sha256")
	if err != nil {
		return ""
	}
	fields := strings.Fields(string(b))
	if len(fields) == 0 || !isHexSHA256(fields[0]) {
		return ""
	}
	return fields[0]
}

func matchesAny(got string, wants ...string) bool {
	for _, w := range wants {
		if w != "" && w == got {
			return true
		}
	}
	return false
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
