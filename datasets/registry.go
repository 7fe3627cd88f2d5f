package datasets

// The registry of named data sets.
//
// A data set name (email-Eu-core, com-dblp, lfr-N1000-mu0.3, ...) stands for a fixed list of files
// with their upstream addresses and checksums. Entry.Resolve turns an entry into local paths,
// looking in this order:
//
//  1. the offline mirror, a directory laid out as <mirror>/<folder>/<file> (OpenOptions.Mirror or,
//     when that is empty, the environment variable LSHBENCH_MIRROR); files are used in place;
//  2. the download cache, laid out the same way (OpenOptions.Cache or, when that is empty,
//     DefaultCacheDir: the environment variable LSHBENCH_CACHE, else <user cache dir>/lshbench);
//  3. a download (Fetch), only when OpenOptions.Download is set or the mirror is a base URL
//     (http:// or https://), in which case files come from <mirror>/<folder>/<file> first.
//
// Environment variables (read only where documented, never cached in package state):
//
//	LSHBENCH_MIRROR  offline mirror: a directory or a base URL (default mirror of Resolve)
//	LSHBENCH_CACHE   download cache directory (DefaultCacheDir)
//
// Checksums are SHA-256 of the decompressed content: a gzip-compressed file and its plain copy
// have the same checksum, so a mirror may hold either form.

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// File is one file of a registered data set.
type File struct {
	// Role says what the file holds: edges, communities or sets.
	Role Role
	// Format is the file format the loaders read.
	Format Format
	// Name is the file name in the cache and in the mirror folder <mirror>/<folder>/<Name>.
	Name string
	// MirrorNames are other names the same content may have in a mirror or cache (for example an
	// uncompressed copy); they are tried after Name. The variant of each name with ".gz" added
	// or removed is also accepted in a mirror directory or cache.
	MirrorNames []string
	// URL is the upstream address.
	URL string
	// Member, when not empty, says that URL serves an archive (zip, tar, tar.gz) and names the
	// archive member (matched as a path suffix) that Fetch extracts and stores under Name.
	Member string
	// UpstreamForm, when not empty, says that the upstream serves the content in a form the
	// loaders cannot read (for example "npz"): the mirror's publisher converted it. Such a file
	// can only come from a mirror; Fetch reports an error naming the form otherwise.
	UpstreamForm string
	// SHA256 is the hex SHA-256 of the decompressed upstream content (of the extracted member
	// for archives), "" when unknown. When "", Fetch computes, records and reports the checksum
	// instead of failing.
	SHA256 string
	// MirrorSHA256 is the hex SHA-256 of the decompressed mirror copy when the mirror's
	// publisher changed the content (converted line ends or formats); "" when the mirror copy
	// has the upstream content (SHA256 applies).
	MirrorSHA256 string
	// Bytes is the download size in bytes as served upstream (the archive for archive members).
	// Some values are approximate (documented beside the entry); it is only used for progress.
	Bytes int64
	// Attr is a format option: the GML node attribute or the CSV column holding the community.
	Attr string
}

// Entry is one registered data set.
type Entry struct {
	// Name is the registry name (unique, also case-insensitively).
	Name string
	// Folder is the directory below the mirror and the cache that holds the files. Entries that
	// share files share a folder (all LFR graphs live in "lfr").
	Folder string
	// Description says what the data set is and, when it applies, how the mirror copy was
	// converted by the mirror's publisher.
	Description string
	// Citation is the reference to cite.
	Citation string
	// Directed reports whether the edges are directed.
	Directed bool
	// Sets reports plain set data (one set per line), not a graph.
	Sets bool
	// Nodes and Edges are the documented sizes; for set data Nodes is the number of sets and
	// Edges is 0. Undirected graphs count each unordered pair once.
	Nodes, Edges int64
	// Communities is the number of ground-truth communities, 0 when there are none.
	Communities int
	// Files lists the files: the edges (or sets) first, then any ground truth.
	Files []File
	// Mirrored reports that the entry is part of the offline mirror at ../shared/datasets, so
	// tests can use it through LSHBENCH_MIRROR.
	Mirrored bool
}

// ResolvedFile is a registered file with the local path that holds its content.
type ResolvedFile struct {
	File
	// Path is the local file: in the mirror directory or in the cache.
	Path string
	// ContentSHA256 is the checksum Fetch computed while downloading or verifying this file; ""
	// when the file was not hashed.
	ContentSHA256 string
}

// Registry returns every registered data set sorted by name (case-insensitively). The slice and
// the entries are a fresh copy on each call; callers may modify them.
func Registry() []Entry {
	es := registryEntries()
	sort.Slice(es, func(i, j int) bool {
		a, b := strings.ToLower(es[i].Name), strings.ToLower(es[j].Name)
		if a != b {
			return a < b
		}
		return es[i].Name < es[j].Name
	})
	return es
}

// LookupEntry returns the registered data set called name. An exact match wins; otherwise the
// name is matched case-insensitively (com-amazon finds com-Amazon).
func LookupEntry(name string) (Entry, bool) {
	es := registryEntries()
	for _, e := range es {
		if e.Name == name {
			return e, true
		}
	}
	for _, e := range es {
		if strings.EqualFold(e.Name, name) {
			return e, true
		}
	}
	return Entry{}, false
}

// EdgesFile returns the file holding the edges (or the sets), and false when there is none.
func (e Entry) EdgesFile() (File, bool) {
	for _, f := range e.Files {
		if f.Role == RoleEdges || f.Role == RoleSets {
			return f, true
		}
	}
	return File{}, false
}

// DownloadBytes is the sum of the files' download sizes (approximate for some entries).
func (e Entry) DownloadBytes() int64 {
	var n int64
	for _, f := range e.Files {
		n += f.Bytes
	}
	return n
}

// names lists the explicit names of f: Name, then MirrorNames.
func (f File) names() []string {
	out := make([]string, 0, 1+len(f.MirrorNames))
	out = append(out, f.Name)
	for _, n := range f.MirrorNames {
		if n != "" && n != f.Name {
			out = append(out, n)
		}
	}
	return out
}

// localNames lists the names under which f is accepted in a directory: the explicit names, then
// their variants with ".gz" added or removed.
func (f File) localNames() []string {
	ex := f.names()
	out := append([]string(nil), ex...)
	for _, n := range ex {
		var v string
		if strings.HasSuffix(n, ".gz") {
			v = strings.TrimSuffix(n, ".gz")
		} else {
			v = n + ".gz"
		}
		dup := false
		for _, o := range out {
			if o == v {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, v)
		}
	}
	return out
}

// validate checks that e is well formed: a name, a folder, files with unique names, absolute
// upstream URLs, well-formed checksums.
func (e Entry) validate() error {
	if e.Name == "" || strings.ContainsAny(e.Name, " /\\\t") {
		return fmt.Errorf("registry entry %q: bad name", e.Name)
	}
	if e.Folder == "" || strings.ContainsAny(e.Folder, "/\\") || e.Folder == "." || e.Folder == ".." {
		return fmt.Errorf("registry entry %s: bad folder %q", e.Name, e.Folder)
	}
	if len(e.Files) == 0 {
		return fmt.Errorf("registry entry %s: no files", e.Name)
	}
	if e.Sets && e.Edges != 0 {
		return fmt.Errorf("registry entry %s: set data with %d edges", e.Name, e.Edges)
	}
	seen := map[string]bool{}
	edges := 0
	for _, f := range e.Files {
		if f.Role == RoleEdges || f.Role == RoleSets {
			edges++
		}
		if f.Role == RoleSets && !e.Sets || f.Role == RoleEdges && e.Sets {
			return fmt.Errorf("registry entry %s: file %s role %s does not match Sets=%v", e.Name, f.Name, f.Role, e.Sets)
		}
		if f.Format == FormatAuto {
			return fmt.Errorf("registry entry %s: file %s has no format", e.Name, f.Name)
		}
		for _, n := range f.names() {
			if n == "" || strings.ContainsAny(n, "/\\") || strings.HasPrefix(n, ".") {
				return fmt.Errorf("registry entry %s: bad file name %q", e.Name, n)
			}
			// One file may serve two roles (a GML file holds graph and communities).
			key := string(f.Role) + "/" + n
			if seen[key] {
				return fmt.Errorf("registry entry %s: file name %s used twice", e.Name, n)
			}
			seen[key] = true
		}
		u, err := url.Parse(f.URL)
		if err != nil || !u.IsAbs() || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
			return fmt.Errorf("registry entry %s: file %s: bad URL %q", e.Name, f.Name, f.URL)
		}
		if u.Scheme == "http" && f.SHA256 == "" {
			return fmt.Errorf("registry entry %s: file %s: plain http URL without a checksum", e.Name, f.Name)
		}
		for _, s := range []string{f.SHA256, f.MirrorSHA256} {
			if s != "" && !isHexSHA256(s) {
				return fmt.Errorf("registry entry %s: file %s: bad sha256 %q", e.Name, f.Name, s)
			}
		}
		if f.Bytes < 0 {
			return fmt.Errorf("registry entry %s: file %s: negative size", e.Name, f.Name)
		}
	}
	if edges != 1 {
		return fmt.Errorf("registry entry %s: %d edge or set files, want 1", e.Name, edges)
	}
	return nil
}

func isHexSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// Upstream base addresses.
const (
	snapBase      = "https://snap.stanford.edu/data/"
	snapCommBase  = "https://snap.stanford.edu/data/bigdata/communities/"
	cdlibBase     = "https://github.com/GiulioRossetti/cdlib_datasets/raw/main/"
	sealBase      = "https://github.com/FDUDSDE/SEAL/raw/master/datasets/"
	commGraphBase = "https://raw.githubusercontent.com/vlivashkin/community-graphs/master/"
	gnnBase       = "https://github.com/shchur/gnn-benchmark/raw/master/data/npz/"
)

// lfrRow describes one LFR graph of the cdlib_datasets collection (average degree 5, minimum
// community size 50). Edges counts distinct unordered pairs without self-loops; checksums are of
// the decompressed files; sizes are of the upstream .gz files (the mirror holds them unchanged).
type lfrRow struct {
	n, mu10            int // nodes; mixing parameter times 10
	edges, communities int
	csvBytes           int64
	csvSHA             string
	jsonBytes          int64
	jsonSHA            string
}

// lfrTable returns the LFR rows (a function, so the table cannot be modified).
func lfrTable() []lfrRow {
	return []lfrRow{
		{1000, 1, 2191, 11, 7408, "c6fc5f799438f09df93a0b3e5e4ff0ed16aa1083092509a8f3b5cd04fb5d2ffd", 2111, "3afc73309d945ed4916e435d22388f6361f8adcd512d6875e7fbd3f19e1c2d60"},
		{1000, 2, 2201, 11, 7448, "a69b130ff93e8f5ced8c9b41018ecb5e8a0926e317e0588b066e8dcf99766e12", 2111, "3afc73309d945ed4916e435d22388f6361f8adcd512d6875e7fbd3f19e1c2d60"},
		{1000, 3, 2232, 11, 7576, "e811134180d7109e03f1b635bb967cd917438478eca5bec27667a3e7635174d8", 2111, "3afc73309d945ed4916e435d22388f6361f8adcd512d6875e7fbd3f19e1c2d60"},
		{1000, 4, 2238, 11, 7556, "ca08b31aa2591fa3a80e97f58ee64f9c26c214bfb597b63e1ac6d167a7247e08", 2109, "26949dcd295aac5b82a2c8c41213f88c14bb7a67ae2f2626dd9744f40c8439a2"},
		{1000, 5, 2267, 11, 7696, "6b5fae10037f521cd18a31f8a8edeb81d3f2cdc6a73aed7a46153c810a6aabba", 2118, "05bb43275ca1846b247780c670c193b86ccdc25790c5fdea45f7c5a6ed16f3be"},
		{1000, 6, 2222, 11, 7480, "936e59e09de282b945032df99a13ed4157d8a97e9a44a08f47078661e50d6896", 2113, "1a2b1a8e8a61bc7c9ce2767fde12ae33866025ab0d87f062209390798ceaa5bd"},
		{1000, 7, 2230, 11, 7478, "b221462b34e403d4274f1094609a19fa8d6aa85b541ae72164a6785089c7b0cd", 2117, "b309a684ed0eaec5cc42308a29551c9156a1442adfe9aa9101fea5f92757ea09"},
		{1000, 8, 2229, 11, 7516, "b83530ad1ece6ed1f1004f96ba6155078bae02604458b11135d9ed640d257ee6", 2117, "b309a684ed0eaec5cc42308a29551c9156a1442adfe9aa9101fea5f92757ea09"},
		{1000, 9, 2218, 11, 7467, "a07f7a82b206b08f1f8fc13c6ce47cd23b4cca427297540efca9f93cffdc8d01", 2117, "b309a684ed0eaec5cc42308a29551c9156a1442adfe9aa9101fea5f92757ea09"},
		{10000, 1, 20460, 120, 85721, "a3137905518ebe3a649732d78a36d62d51d7df053cd35c37124e423ba4a3a6b9", 24021, "5319f5a9bfd19de9d9dbd194882494f09b9b9a173c0c582cf94c01c2a88741ab"},
		{10000, 2, 20566, 120, 86069, "54fe3e14f602679d0b8a61fab25eed3cbcf743b8aad20db4d0dc74404baa4caa", 23967, "e037df271db39d5c9566e53fe588ddd2cfac66fb32ffbb1cce8566e28b8d82dd"},
		{10000, 3, 20777, 120, 86757, "6dd07e3f3746c85e2ee19bb8736625591a50034ffc7c56e8b46f7f01fe5c4177", 23967, "e037df271db39d5c9566e53fe588ddd2cfac66fb32ffbb1cce8566e28b8d82dd"},
		{10000, 4, 20832, 120, 86891, "8056f13337828305559381ca81f253d41d633070987c624b3ce0413bbffcaa6a", 23967, "e037df271db39d5c9566e53fe588ddd2cfac66fb32ffbb1cce8566e28b8d82dd"},
		{10000, 5, 20922, 120, 87116, "57b985e7683ae7bd95a44a93fd47a2ec5173a11f7c2a3a4f1cdca786ea0247a9", 23967, "e037df271db39d5c9566e53fe588ddd2cfac66fb32ffbb1cce8566e28b8d82dd"},
		{10000, 6, 21000, 120, 87122, "8cbce169537411da648475fb928c996a6a7322844310d0fa340ba21e3b8a319d", 23930, "27428c3a42b09a62758b4af04929822bbd5eb1a4e154e99a39da806e54b7155d"},
		{10000, 7, 21034, 120, 87320, "99c9c67a5ea3beba305ba8445b2bbfbc8875ce3ac6ceb05a7f56c3f269028e10", 23930, "27428c3a42b09a62758b4af04929822bbd5eb1a4e154e99a39da806e54b7155d"},
		{10000, 8, 20920, 120, 86789, "5de7c5e54f5ff33523830e5c1d9dde35856e589108bc3710488a90df0ca9f5b8", 23930, "27428c3a42b09a62758b4af04929822bbd5eb1a4e154e99a39da806e54b7155d"},
		{10000, 9, 20863, 120, 86359, "e4788c3c65367cca3c3e9d37a1cf0e2be3f9810b5ac57c82baed049358799144", 23930, "27428c3a42b09a62758b4af04929822bbd5eb1a4e154e99a39da806e54b7155d"},
		{100000, 1, 211185, 585, 998835, "e44f7196f82904835244495afe627266486239574fbbb2a9ccecc4082ad50bd1", 288534, "1db74f4ddb056b057ec76d51941f6c29b5ba6cb275b2ed1d07eefe3501c5e2c3"},
		{100000, 2, 212039, 585, 1001737, "05f2599d6356911bbbd22443c56cbcb3012cdf5c60e3159680eef38ac95abeeb", 288339, "0b46463fe3ce76e7fdf1566d41854c23c1cf72e1ccd0a1ae1dd3def9dd055ec9"},
		{100000, 3, 213774, 585, 1008486, "fc16f4867e5c85ccc08179eea8c38044e13122e0f5e617d79e8f07652af69252", 288410, "cbd5c388098d85dc57508816bc065ec75ffbbdc0e395e47782936fb2db087aeb"},
		{100000, 4, 214027, 585, 1009277, "2da43915cb4ad325a51f3930625dbebebdc5cd297ffb6fbd40063fcd7a56e8cf", 288617, "e3b2741b8426498baba6cdde46b55af00b0f12677f9cbc51ae5547f36cd2fce7"},
		{100000, 5, 214492, 585, 1011398, "598d52c84db56fc096b1cfc293b5f2685abff85969d8e57364b4066065670eca", 288583, "d4b6622d1c9e31f8b1733413ea25a0f529a992757d7d4fe15634290fe89196df"},
		{100000, 6, 214500, 585, 1010202, "7c6271af6127204389b9a0f472cfd396343a9aa2b0668cd98913917b3371a00d", 288727, "94da2d293d9f88db48c3839aaa4dc74170d2f0b1e6f2d757089304eabaab5e97"},
		{100000, 7, 214837, 585, 1011150, "2efda44bb603124ef5cfe9fda3ce580dd0b28812d7f5a9731694e8b19fa9a0ff", 288650, "928d4d1dfbce662d3e56421a247eea705e6430f6d4c5e448a1de1d854c989663"},
		{100000, 8, 214266, 585, 1008592, "6c9d2b04be1a6301d7d096940daff2cb80c5c10d8f126e4377aa3c74f94b7205", 288521, "4d74be4c82c9ed39cbe6ff986608c633cc31466e40c82b0023d8bdb47d713a37"},
		{100000, 9, 213358, 585, 1004037, "445153641a6f0bda5e5ab30bf657685e924ebc558b51a419052c590f18e8536d", 288521, "4d74be4c82c9ed39cbe6ff986608c633cc31466e40c82b0023d8bdb47d713a37"},
	}
}

// registryEntries builds the registry afresh on every call.
//
// Sizes: Bytes is the mirror file's size when the mirror holds the upstream form unchanged.
// Where the mirror holds a decompressed, extracted or converted copy, Bytes is an estimate of the
// upstream download (for SNAP .txt.gz files the size of the mirror copy compressed with gzip -9;
// for archives and the large SNAP graphs a rounded figure): such values are marked "approx".
func registryEntries() []Entry {
	es := []Entry{
		{
			Name:   "email-Eu-core",
			Folder: "email-Eu-core",
			Description: "E-mail network of a European research institution; ground truth is each " +
				"member's department. The mirror holds the two SNAP files decompressed (the labels " +
				"file renamed labels.txt).",
			Citation: "Yin, Benson, Leskovec, Gleich, Local higher-order graph clustering, KDD 2017; " +
				"Leskovec, Kleinberg, Faloutsos, Graph evolution, TKDD 2007",
			Directed: true, Nodes: 1005, Edges: 25571, Communities: 42, Mirrored: true,
			Files: []File{
				{Role: RoleEdges, Format: FormatEdgeList, Name: "email-Eu-core.txt.gz",
					MirrorNames: []string{"email-Eu-core.txt"}, URL: snapBase + "email-Eu-core.txt.gz",
					SHA256: "23e0ca0bce21a053025e78f7e9691ac9210ae806a0689bd5edff3c3bac572d4c",
					Bytes:  79768}, // approx
				{Role: RoleCommunities, Format: FormatNodeLabel, Name: "email-Eu-core-department-labels.txt.gz",
					MirrorNames: []string{"labels.txt"}, URL: snapBase + "email-Eu-core-department-labels.txt.gz",
					SHA256: "91a089f21ee35eb224066456fa5322c8ad57c0f07b2da7a58a3220c72b5d54b5",
					Bytes:  2674}, // approx
			},
		},
		{
			Name:   "ego-Facebook",
			Folder: "ego-Facebook",
			Description: "Facebook friendships from ten ego networks; ground truth is the users' " +
				"circles (overlapping). The mirror's edge list had its CRLF line ends converted to " +
				"LF, so its checksum differs from the upstream file's (unknown here).",
			Citation: "McAuley, Leskovec, Learning to discover social circles in ego networks, NIPS 2012",
			Nodes:    4039, Edges: 88234, Communities: 193, Mirrored: true,
			Files: []File{
				{Role: RoleEdges, Format: FormatEdgeList, Name: "facebook_combined.txt.gz",
					MirrorNames: []string{"facebook_combined.txt"}, URL: snapBase + "facebook_combined.txt.gz",
					MirrorSHA256: "f41c026ed8af3cc3359f1ca5573d0605fb09ae0eefa34544b820fd8c6e2ef296",
					Bytes:        223670}, // approx
				{Role: RoleCommunities, Format: FormatSNAPCircles, Name: "facebook.tar.gz",
					URL:    snapBase + "facebook.tar.gz",
					SHA256: "0649d37cc3a23956cb9332ce2166ca0b6ec9e674bace680361ddb6252ecd1a09",
					Bytes:  732104},
			},
		},
		{
			Name:   "com-dblp",
			Folder: "com-dblp",
			Description: "DBLP co-authorship network; ground truth is SNAP's top 5,000 publication " +
				"venues as communities (overlapping; com-dblp-all has all of them).",
			Citation: "Yang, Leskovec, Defining and evaluating network communities based on ground-truth, ICDM 2012",
			Nodes:    317080, Edges: 1049866, Communities: 5000, Mirrored: true,
			Files: []File{
				dblpGraph(),
				{Role: RoleCommunities, Format: FormatCommunities, Name: "com-dblp.top5000.cmty.txt.gz",
					URL:    snapCommBase + "com-dblp.top5000.cmty.txt.gz",
					SHA256: "84e5fd08f0259d0f7354b45f35e3b1d225e895bfba4cc5338a2e5f505ac45e17",
					Bytes:  320139},
			},
		},
		{
			Name:   "com-dblp-all",
			Folder: "com-dblp",
			Description: "The com-dblp graph with all 13,477 ground-truth communities, as published " +
				"in JSON by the cdlib_datasets collection (ground_truth/dblp.json.gz).",
			Citation: "Yang, Leskovec, ICDM 2012; Rossetti, Milli, Cazabet, CDLIB, Applied Network Science 2019",
			Nodes:    317080, Edges: 1049866, Communities: 13477, Mirrored: true,
			Files: []File{
				dblpGraph(),
				{Role: RoleCommunities, Format: FormatCDLibJSON, Name: "com-dblp.all.cmty.cdlib.json.gz",
					URL:    cdlibBase + "ground_truth/dblp.json.gz",
					SHA256: "163eb084fc0291abc05dee53077db2702a3aefa09bee94db417bc6e24885f035",
					Bytes:  2147662},
			},
		},
		sealEntry("dblp", "DBLP", 114095, 466761, 4559,
			"a6de9eddef28421267604f1cdc3f466cbd321435c891253341a8cf84c3c341c1",
			"e39e30692639d7367903e9b87d58117a4a3823bb9cb63c243ff323690622f959", 1800000),
		sealEntry("facebook", "Facebook", 3622, 72964, 130,
			"9b66cc52f25b81382fc8365b7d1fd3cc944eaa5a325693ba1a5655d5905504b3",
			"44d8f9580f693f349f755a0d19cccabe7c7a3be49791b8dcf2562a5ca7dac223", 300000),
		classicEntry("karate", "Zachary's karate club; ground truth is the two clubs after the split (16/18 in this version).",
			"Zachary, An information flow model for conflict and fission in small groups, J. Anthropol. Res. 1977",
			34, 78, 2, "gml_connected_subgraphs/karate.gml",
			"9b9d27dc0882b2ed3c1db3d11d9ea13db5088335250343f366cc223dc3131d6c", 405,
			"1406b1e86741c82e7d6d0f9ad55c611615bd7c0418b7b226e065b3867ff68b65", 160),
		classicEntry("dolphins", "Bottlenose dolphins of Doubtful Sound; ground truth is the two groups after a split.",
			"Lusseau et al., Behavioral Ecology and Sociobiology 2003",
			62, 159, 2, "gml_connected_subgraphs/dolphins.gml",
			"3fb910d224163d758d5606fe1aa7d4bdf25c37d140412101365cafc8436494bd", 904,
			"3fed6acd54117b3eb1c0c4b83ebc013e6b7416b3bfd9510309fb86c9229ab513", 300),
		gmlEntry("football", "American college football games of autumn 2000; ground truth is the 12 conferences (node attribute value).",
			"Girvan, Newman, Community structure in social and biological networks, PNAS 2002",
			115, 613, 12, "48bc58e19bf674cc9064e60fe7128f0b95a908e684fed575178f1388ac34e949", 33379),
		gmlEntry("polbooks", "Books about US politics co-purchased on Amazon; ground truth is the 3 political leanings (node attribute value).",
			"V. Krebs, unpublished (political books network)",
			105, 441, 3, "29e2439036fa4e13b478a9d4ceda78b5ab4d4d8252882a7f2b6036b028e34848", 26314),
		citationEntry("cora", 2708, 5278, 7,
			"663e305d70451ead54025b7a0c4d3f3ed5c8e5fdb1f41f4f5a8cb110e88b1c95",
			"7f596407f95f8597699b98c4c163e068d782412d29be06aa0695f706c934a481", 4000000),
		citationEntry("citeseer", 3312, 4536, 6,
			"3702654176b29bd955637682310a11f2c3eb711f784d1e0cbfbd225d1839736f",
			"0243379918b1610d35f5bc7a6f1cc31290b45a7147c22922261d064d8ed5f4e9", 4000000),
		citationEntry("pubmed", 19717, 44324, 3,
			"bb00685e25e15de27f397579309b12ca25a58fc7531d757ec6aeffd58c9ce054",
			"c9f94ccfe5b86622f684ca3b3b7d0cc92caa691d0e6e90aaaa5dbf7c61f38ba8", 4000000),
		{
			Name:   "musae-facebook",
			Folder: "musae",
			Description: "Facebook page-page network of verified pages (MUSAE); ground truth is the " +
				"page_type column of the target file (4 categories). Upstream is a zip archive; the " +
				"mirror holds the two CSV files extracted, without the musae_ prefix.",
			Citation: "Rozemberczki, Allen, Sarkar, Multi-scale attributed node embedding, J. Complex Networks 2021",
			Nodes:    22470, Edges: 170823, Communities: 4, Mirrored: true,
			Files: []File{
				{Role: RoleEdges, Format: FormatCSV, Name: "facebook_edges.csv",
					URL: snapBase + "facebook_large.zip", Member: "musae_facebook_edges.csv",
					SHA256: "7c50d8f02a75cc0829577814a1fc14535164daa38d79c3612340c9e9cdbd4022",
					Bytes:  8500000}, // approx (the archive)
				{Role: RoleCommunities, Format: FormatCSV, Name: "facebook_target.csv", Attr: "page_type",
					URL: snapBase + "facebook_large.zip", Member: "musae_facebook_target.csv",
					SHA256: "7bd96eafea3c2ca40f44bfa9e73642194696c21e38c7b29ed409c32ad14075cd",
					Bytes:  8500000}, // approx (the archive)
			},
		},
		{
			Name:   "deezer-europe",
			Folder: "musae",
			Description: "Mutual follower network of European Deezer users (FEATHER); no ground truth " +
				"is used. Upstream is a zip archive; the mirror holds the edge CSV extracted.",
			Citation: "Rozemberczki, Sarkar, Characteristic functions on graphs, CIKM 2020",
			Nodes:    28281, Edges: 92752, Mirrored: true,
			Files: []File{
				{Role: RoleEdges, Format: FormatCSV, Name: "deezer_europe_edges.csv",
					URL: snapBase + "deezer_europe.zip", Member: "deezer_europe_edges.csv",
					SHA256: "a4aabf57e3eb20d40d5df7c7d15142b20656d9ca8f77a083106c1ee81226e530",
					Bytes:  2000000}, // approx (the archive)
			},
		},
		{
			Name:   "wiki-Vote",
			Folder: "wiki-Vote",
			Description: "Wikipedia adminship votes (voter -> candidate); no ground truth. The mirror " +
				"copy had its CRLF line ends converted to LF and lacks the '# Nodes ... Edges ...' " +
				"header line, so its checksum differs from the upstream file's (unknown here).",
			Citation: "Leskovec, Huttenlocher, Kleinberg, Signed networks in social media, CHI 2010",
			Directed: true, Nodes: 7115, Edges: 103689, Mirrored: true,
			Files: []File{
				{Role: RoleEdges, Format: FormatEdgeList, Name: "wiki-Vote.txt.gz",
					MirrorNames: []string{"wiki-Vote.txt"}, URL: snapBase + "wiki-Vote.txt.gz",
					MirrorSHA256: "0830f1baf70fa91e5443201d23acfe009d28e054c0ae7834630a296debeac071",
					Bytes:        286084}, // approx
			},
		},
		{
			Name:   "retail",
			Folder: "retail",
			Description: "Market baskets of an anonymous Belgian retail store: one basket per line " +
				"(plain sets, not a graph). FIMI serves plain http; the checksum guards the content.",
			Citation: "Brijs, Swinnen, Vanhoof, Wets, Using association rules for product assortment decisions, KDD 1999",
			Sets:     true, Nodes: 88162, Mirrored: true,
			Files: []File{
				{Role: RoleSets, Format: FormatTransactions, Name: "retail.dat",
					URL:    "http://fimi.uantwerpen.be/data/retail.dat",
					SHA256: "d967431ba522e32f0fbb243f2ee113ecd4cb374cb0234c1b0858dae1d499a055",
					Bytes:  4167490},
			},
		},
		// Large SNAP graphs (not mirrored). Sizes are approximate; checksums unknown.
		snapCommunityEntry("com-Amazon", "com-amazon", "Amazon co-purchasing network; ground truth is SNAP's top 5,000 product categories.",
			334863, 925872, 3600000, 100000),
		snapCommunityEntry("com-Youtube", "com-youtube", "YouTube friendships; ground truth is SNAP's top 5,000 user groups.",
			1134890, 2987624, 10500000, 250000),
		snapCommunityEntry("com-LiveJournal", "com-lj", "LiveJournal friendships; ground truth is SNAP's top 5,000 user groups.",
			3997962, 34681189, 124000000, 600000),
		snapCommunityEntry("com-Orkut", "com-orkut", "Orkut friendships; ground truth is SNAP's top 5,000 user groups.",
			3072441, 117185083, 446000000, 2000000),
		snapCommunityEntry("com-Friendster", "com-friendster", "Friendster friendships; ground truth is SNAP's top 5,000 user groups. The edge list is about 9 GB compressed.",
			65608366, 1806067135, 9000000000, 1500000),
		{
			Name:        "soc-LiveJournal1",
			Folder:      "soc-LiveJournal1",
			Description: "LiveJournal friendship declarations (directed); no ground truth.",
			Citation:    "Backstrom, Huttenlocher, Kleinberg, Lan, Group formation in large social networks, KDD 2006; Leskovec, Lang, Dasgupta, Mahoney, Internet Mathematics 2009",
			Directed:    true, Nodes: 4847571, Edges: 68993773,
			Files: []File{
				{Role: RoleEdges, Format: FormatEdgeList, Name: "soc-LiveJournal1.txt.gz",
					URL: snapBase + "soc-LiveJournal1.txt.gz", Bytes: 260000000}, // approx
			},
		},
		{
			Name:        "ego-Twitter",
			Folder:      "ego-Twitter",
			Description: "Twitter follow edges from 1,000 ego networks (directed); circles are not included.",
			Citation:    "McAuley, Leskovec, Learning to discover social circles in ego networks, NIPS 2012",
			Directed:    true, Nodes: 81306, Edges: 1768149,
			Files: []File{
				{Role: RoleEdges, Format: FormatEdgeList, Name: "twitter_combined.txt.gz",
					URL: snapBase + "twitter_combined.txt.gz", Bytes: 11000000}, // approx
			},
		},
	}
	for _, r := range lfrTable() {
		es = append(es, lfrEntry(r))
	}
	return es
}

func dblpGraph() File {
	return File{Role: RoleEdges, Format: FormatEdgeList, Name: "com-dblp.ungraph.txt.gz",
		URL:    snapCommBase + "com-dblp.ungraph.txt.gz",
		SHA256: "ad025cd5933e163e3007e214b3554e0a99d735a3133d0a4e34fd001621219231",
		Bytes:  4138463}
}

// sealEntry describes a SEAL subset. Upstream is a tgz archive per data set whose members
// <name>/<name>-1.90.{ungraph,cmty}.txt the mirror holds gzip-compressed; archiveBytes is approx.
func sealEntry(name, title string, nodes, edges int64, comms int, graphSHA, cmtySHA string,
	archiveBytes int64) Entry {
	return Entry{
		Name:   "seal-" + name,
		Folder: "seal",
		Description: "SEAL's " + title + " subset for seeded community detection (communities of " +
			"size below the 90th percentile, shuffled by the publishers). Upstream is the tgz archive " +
			"datasets/" + name + ".tgz; the mirror holds its two text files gzip-compressed.",
		Citation: "Zhang, Liu, Xu, Lu, Xu, Seeded local community detection via reinforcement learning (SEAL), KDD 2020",
		Nodes:    nodes, Edges: edges, Communities: comms, Mirrored: true,
		Files: []File{
			{Role: RoleEdges, Format: FormatEdgeList, Name: name + "-1.90.ungraph.txt.gz",
				MirrorNames: []string{name + "-1.90.ungraph.txt"},
				URL:         sealBase + name + ".tgz", Member: name + "-1.90.ungraph.txt",
				SHA256: graphSHA, Bytes: archiveBytes},
			{Role: RoleCommunities, Format: FormatCommunities, Name: name + "-1.90.cmty.txt.gz",
				MirrorNames: []string{name + "-1.90.cmty.txt"},
				URL:         sealBase + name + ".tgz", Member: name + "-1.90.cmty.txt",
				SHA256: cmtySHA, Bytes: archiveBytes},
		},
	}
}

// classicEntry describes a tiny graph the mirror holds as an edge list and a node-label file,
// converted by the mirror's publisher from the community-graphs collection (upstream GML).
func classicEntry(name, desc, cite string, nodes, edges int64, comms int, upstreamPath,
	edgesSHA string, edgesBytes int64, labelsSHA string, labelsBytes int64) Entry {
	up := commGraphBase + upstreamPath
	form := "GML in the community-graphs collection (the mirror holds an edge list and node labels converted from it)"
	return Entry{
		Name: name, Folder: "classic",
		Description: desc + " From the community-graphs collection (MIT); the mirror's publisher " +
			"converted it to an edge list and a node-label file.",
		Citation: cite, Nodes: nodes, Edges: edges, Communities: comms, Mirrored: true,
		Files: []File{
			{Role: RoleEdges, Format: FormatEdgeList, Name: name + ".edges", URL: up, UpstreamForm: form,
				MirrorSHA256: edgesSHA, Bytes: edgesBytes},
			{Role: RoleCommunities, Format: FormatNodeLabel, Name: name + ".clusters", URL: up, UpstreamForm: form,
				MirrorSHA256: labelsSHA, Bytes: labelsBytes},
		},
	}
}

// gmlEntry describes a tiny GML graph whose community is the node attribute "value". The
// community-graphs copy stores the community in attribute "gt" instead, so only the mirror's copy
// (Newman's original attribute name) is registered as loadable.
func gmlEntry(name, desc, cite string, nodes, edges int64, comms int, sha string, size int64) Entry {
	f := File{Role: RoleEdges, Format: FormatGML, Name: name + ".gml",
		URL:          commGraphBase + "gml_graphs/" + name + ".gml",
		UpstreamForm: "GML with the community in node attribute gt (the mirror's copy uses value)",
		MirrorSHA256: sha, Bytes: size, Attr: "value"}
	g := f
	g.Role = RoleCommunities
	return Entry{
		Name: name, Folder: "classic",
		Description: desc + " One GML file holds both the graph and the ground truth.",
		Citation:    cite, Nodes: nodes, Edges: edges, Communities: comms, Mirrored: true,
		Files: []File{f, g},
	}
}

// citationEntry describes a Planetoid citation graph. Upstream is the gnn-benchmark npz file;
// the mirror's publisher converted it to an edge list and a node-label file.
func citationEntry(name string, nodes, edges int64, comms int, edgesSHA, labelsSHA string, npzBytes int64) Entry {
	up := gnnBase + name + ".npz"
	form := "npz (SciPy sparse arrays of the gnn-benchmark collection)"
	return Entry{
		Name: name, Folder: "citation",
		Description: "Citation graph " + name + " (Planetoid); ground truth is the paper topic " +
			"(weak as communities). The mirror's publisher converted the gnn-benchmark npz file " +
			"to an undirected edge list and a node-label file.",
		Citation: "Sen et al., Collective classification in network data, AI Magazine 2008; " +
			"Shchur et al., Pitfalls of graph neural network evaluation, 2018",
		Nodes: nodes, Edges: edges, Communities: comms, Mirrored: true,
		Files: []File{
			{Role: RoleEdges, Format: FormatEdgeList, Name: name + ".edges", URL: up, UpstreamForm: form,
				MirrorSHA256: edgesSHA, Bytes: npzBytes}, // approx
			{Role: RoleCommunities, Format: FormatNodeLabel, Name: name + ".labels", URL: up, UpstreamForm: form,
				MirrorSHA256: labelsSHA, Bytes: npzBytes}, // approx
		},
	}
}

// snapCommunityEntry describes one of SNAP's large networks with ground-truth communities; the
// sizes are approximate and the checksums unknown.
func snapCommunityEntry(name, file, desc string, nodes, edges, graphBytes, cmtyBytes int64) Entry {
	return Entry{
		Name: name, Folder: name,
		Description: desc + " Not mirrored: fetch it with `lshbench data fetch " + name + "`.",
		Citation:    "Yang, Leskovec, Defining and evaluating network communities based on ground-truth, ICDM 2012",
		Nodes:       nodes, Edges: edges, Communities: 5000,
		Files: []File{
			{Role: RoleEdges, Format: FormatEdgeList, Name: file + ".ungraph.txt.gz",
				URL: snapCommBase + file + ".ungraph.txt.gz", Bytes: graphBytes},
			{Role: RoleCommunities, Format: FormatCommunities, Name: file + ".top5000.cmty.txt.gz",
				URL: snapCommBase + file + ".top5000.cmty.txt.gz", Bytes: cmtyBytes},
		},
	}
}

// lfrEntry builds the entry lfr-N<n>-mu0.<m> from its table row.
func lfrEntry(r lfrRow) Entry {
	base := fmt.Sprintf("LFR_N%d_ad5_mc50_mu0.%d", r.n, r.mu10)
	return Entry{
		Name:   fmt.Sprintf("lfr-N%d-mu0.%d", r.n, r.mu10),
		Folder: "lfr",
		Description: fmt.Sprintf("LFR benchmark graph with %d nodes, mixing parameter 0.%d, average "+
			"degree 5 and minimum community size 50, from the cdlib_datasets collection; planted "+
			"non-overlapping communities.", r.n, r.mu10),
		Citation: "Lancichinetti, Fortunato, Radicchi, Benchmark graphs for testing community detection algorithms, PRE 2008",
		Nodes:    int64(r.n), Edges: int64(r.edges), Communities: r.communities, Mirrored: true,
		Files: []File{
			{Role: RoleEdges, Format: FormatEdgeList, Name: base + ".csv.gz",
				URL: cdlibBase + "networks/" + base + ".csv.gz", SHA256: r.csvSHA, Bytes: r.csvBytes},
			{Role: RoleCommunities, Format: FormatCDLibJSON, Name: base + ".json.gz",
				URL: cdlibBase + "ground_truth/" + base + ".json.gz", SHA256: r.jsonSHA, Bytes: r.jsonBytes},
		},
	}
}
