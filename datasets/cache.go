package datasets

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Environment variables read by the registry's documented defaults.
const (
	// EnvMirror names the default offline mirror of Entry.Resolve: a directory laid out as
	// <mirror>/<folder>/<file>, or a base URL with the same layout.
	EnvMirror = "LSHBENCH_MIRROR"
	// EnvCache names the default download cache directory (DefaultCacheDir).
	EnvCache = "LSHBENCH_CACHE"
)

// ErrNotAvailable is wrapped by Entry.Resolve when a registered file is in neither the mirror nor
// the cache and downloading is not allowed.
var ErrNotAvailable = errors.New("not available locally")

// DefaultCacheDir returns the download cache directory: $LSHBENCH_CACHE when set, otherwise
// <os.UserCacheDir()>/lshbench, otherwise <os.TempDir()>/lshbench-cache.
func DefaultCacheDir() string {
	if d := os.Getenv(EnvCache); d != "" {
		return d
	}
	if d, err := os.UserCacheDir(); err == nil && d != "" {
		return filepath.Join(d, "lshbench")
	}
	return filepath.Join(os.TempDir(), "lshbench-cache")
}

// isURL reports whether a mirror is a base URL rather than a directory.
func isURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// findLocal returns the path of f in <dir>/<folder> under any of its accepted names, or "" when
// dir is empty or holds no such regular file.
func findLocal(dir, folder string, f File) string {
	if dir == "" {
		return ""
	}
	for _, n := range f.localNames() {
		p := filepath.Join(dir, folder, n)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p
		}
	}
	return ""
}

// Cached reports whether every file of e is in the cache directory cacheDir ("" means
// DefaultCacheDir()). It only checks that the files exist; Fetch with Verify checks content.
func (e Entry) Cached(cacheDir string) bool {
	if cacheDir == "" {
		cacheDir = DefaultCacheDir()
	}
	for _, f := range e.Files {
		if findLocal(cacheDir, e.Folder, f) == "" {
			return false
		}
	}
	return true
}

// Resolve returns a local path for each file of e, in the order of e.Files.
//
// Each file is looked up in the mirror directory (opt.Mirror, or $LSHBENCH_MIRROR when
// opt.Mirror is empty; used in place, never copied), then in the cache (opt.Cache, or
// DefaultCacheDir() when empty). Local files are not re-hashed (use Fetch with Verify for that).
// Missing files are fetched into the cache when opt.Download is set (mirror URL first, then
// upstream) or when the mirror is a base URL (from the mirror only, unless opt.Download).
// Otherwise the error wraps ErrNotAvailable and says how to get the data: `lshbench data fetch
// NAME` or LSHBENCH_MIRROR. opt.Progress, when set, receives the download's bytes.
func (e Entry) Resolve(ctx context.Context, opt OpenOptions) ([]ResolvedFile, error) {
	mirror := opt.Mirror
	if mirror == "" {
		mirror = os.Getenv(EnvMirror)
	}
	cache := opt.Cache
	if cache == "" {
		cache = DefaultCacheDir()
	}
	mirrorDir := ""
	if mirror != "" && !isURL(mirror) {
		mirrorDir = mirror
	}
	out := make([]ResolvedFile, len(e.Files))
	var missing []string
	for i, f := range e.Files {
		p := findLocal(mirrorDir, e.Folder, f)
		if p == "" {
			p = findLocal(cache, e.Folder, f)
		}
		out[i] = ResolvedFile{File: f, Path: p}
		if p == "" {
			missing = append(missing, f.Name)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	if !opt.Download && !isURL(mirror) {
		where := "cache " + filepath.Join(cache, e.Folder)
		if mirrorDir != "" {
			where = "mirror " + filepath.Join(mirrorDir, e.Folder) + " nor " + where
		} else {
			where = "no mirror (LSHBENCH_MIRROR unset) and not in " + where
		}
		return nil, fmt.Errorf("data set %s: %s: %w (%s); run `lshbench data fetch %s` to download it, "+
			"or set LSHBENCH_MIRROR to a mirror that holds it",
			e.Name, strings.Join(missing, ", "), ErrNotAvailable, where, e.Name)
	}
	var progress func(string, int64, int64)
	if opt.Progress != nil {
		progress = func(_ string, done, total int64) { opt.Progress(done, total) }
	}
	return Fetch(ctx, e, FetchOptions{
		Cache:      cache,
		Mirror:     mirror,
		NoUpstream: !opt.Download,
		Retries:    DefaultRetries,
		Progress:   progress,
	})
}
