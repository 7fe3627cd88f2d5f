package datasets

import "context"

// Format names an input file format. The names are stable: they appear in the registry, on the
// command line (--input-format) and in error messages.
type Format string

const (
	// FormatAuto asks the loader to detect the format from the file name and content.
	FormatAuto Format = ""
	// FormatEdgeList is a whitespace-separated edge list `u v [ignored...]` (SNAP), with `#` and
	// `%` comment lines.
	FormatEdgeList Format = "edgelist"
	// FormatCSV is a comma-separated edge list whose first line is a header (`id_1,id_2`).
	FormatCSV Format = "csv"
	// FormatGML is the Graph Modelling Language; a node attribute holds the community.
	FormatGML Format = "gml"
	// FormatNodeLabel is one `node label` pair per line; each label becomes a community.
	FormatNodeLabel Format = "labels"
	// FormatCommunities is one community per line, members separated by tabs or spaces.
	FormatCommunities Format = "communities"
	// FormatCDLibJSON is `{"communities": [[ids...], ...]}`.
	FormatCDLibJSON Format = "cdlib-json"
	// FormatSNAPCircles is the ego-Facebook tarball: per-ego `*.circles` files with a circle name
	// followed by member ids.
	FormatSNAPCircles Format = "snap-circles-tar"
	// FormatTransactions is one set per line, elements separated by whitespace (FIMI .dat).
	FormatTransactions Format = "transactions"
)

// Role says what a data set's file holds.
type Role string

const (
	RoleEdges       Role = "edges"
	RoleCommunities Role = "communities"
	RoleSets        Role = "sets"
)

// OpenOptions controls how Open resolves and loads a data set.
type OpenOptions struct {
	// Cache is the directory of downloaded data sets; "" means DefaultCacheDir().
	Cache string
	// Mirror, when set, is a directory or a base URL laid out as <mirror>/<name>/<file> that
	// replaces the upstream addresses (LSHBENCH_MIRROR).
	Mirror string
	// Download allows Open to fetch a registered data set that is in neither the mirror nor the
	// cache. When false such a data set is an error that says how to fetch it.
	Download bool
	// Format forces the format of a file path (FormatAuto detects it).
	Format Format
	// Communities is an optional ground-truth file to load with a graph given by path.
	Communities string
	// CommunitiesFormat forces the ground-truth file's format.
	CommunitiesFormat Format
	// Directed overrides the directedness of a graph given by path (nil: directed for edge lists
	// unless the registry says otherwise).
	Directed *bool
	// SelfLoops is the self-loop policy for graphs.
	SelfLoops SelfLoopPolicy
	// Progress receives bytes read out of total bytes while loading.
	Progress Progress
}

// Opener is the signature of Open, for callers that want to substitute it in tests.
type Opener func(ctx context.Context, ref string, opt OpenOptions) (*Dataset, error)
