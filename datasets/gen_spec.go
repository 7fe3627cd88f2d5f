package datasets

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// GenPrefix starts every generator spec.
const GenPrefix = "gen:"

// GenKinds lists the generator kinds Generate knows, in documentation order.
var GenKinds = []string{"sbm", "lfr", "powerlaw", "stars", "sets"}

// GenStats is the realised-property summary of a generated data set: one of *SBMStats,
// *LFRStats, *PowerLawStats, *StarsStats or *PlantedSetsStats (each marshals to JSON).
type GenStats interface {
	// Summary returns a one-line human-readable description.
	Summary() string
}

// GenSpec is a parsed generator spec. Kind selects which of the parameter structs is used.
type GenSpec struct {
	Kind     string
	SBM      SBMParams
	LFR      LFRParams
	PowerLaw PowerLawParams
	Stars    StarsParams
	Sets     PlantedSetsParams
}

// genKey describes one spec parameter.
type genKey struct {
	name string
	doc  string
}

var genKeys = map[string][]genKey{
	"sbm": {
		{"n", "vertices (default 1000)"}, {"k", "blocks of equal size (default 10)"},
		{"sizes", "comma-separated block sizes, instead of n and k"},
		{"pin", "edge probability inside a block"}, {"pout", "edge probability between blocks"},
		{"deg", "expected mean degree, with mu instead of pin and pout (default 10)"},
		{"mu", "expected fraction of edges between blocks (default 0.1)"},
		{"directed", "true for independent arcs in both directions (default false)"},
		{"seed", "random seed (default 1)"},
	},
	"lfr": {
		{"n", "vertices (default 1000)"}, {"deg", "mean degree (default 15)"}, {"maxdeg", "maximum degree (default 50)"},
		{"tau1", "degree exponent (default 2)"}, {"tau2", "community size exponent (default 1)"},
		{"minc", "smallest community (default 20)"}, {"maxc", "largest community (default 100)"},
		{"mu", "mixing parameter (default 0.3)"}, {"seed", "random seed (default 1)"},
	},
	"powerlaw": {
		{"n", "vertices (default 10000)"}, {"deg", "mean expected degree (default 10)"},
		{"maxdeg", "largest expected degree, 0 for sqrt(n*deg) (default 0)"},
		{"gamma", "degree exponent > 1 (default 2.5)"}, {"directed", "directed arcs (default false)"},
		{"workers", "goroutines, 0 for all cores; does not change the output (default 0)"},
		{"seed", "random seed (default 1)"},
	},
	"stars": {
		{"users", "follower accounts (default 100000)"}, {"stars", "followed accounts (default 1000)"},
		{"interests", "interest communities over the stars (default 20)"},
		{"follows", "mean number of stars a user follows (default 20)"},
		{"zipf", "star popularity exponent (default 1)"},
		{"mu", "fraction of follows outside the user's interests (default 0.1)"},
		{"maxinterests", "each user has 1..maxinterests interests (default 2)"},
		{"truthusers", "also put users in their interests' communities (default false)"},
		{"seed", "random seed (default 1)"},
	},
	"sets": {
		{"n", "sets, cluster members included (default 10000)"}, {"universe", "distinct elements (default 100000)"},
		{"minsize", "smallest set (default 10)"}, {"maxsize", "largest set (default 100)"},
		{"sizeexp", "0 for uniform sizes, else the power-law exponent of sizes (default 0)"},
		{"clusters", "planted clusters (default 100)"}, {"clustersize", "sets per cluster (default 5)"},
		{"j", "Jaccard similarity between members of a cluster (default 0.5)"},
		{"seed", "random seed (default 1)"},
	},
}

// GenHelp returns the documentation of the spec syntax and of every kind's parameters.
func GenHelp() string {
	var b strings.Builder
	b.WriteString("Generator spec: gen:KIND?key=value&key=value (unknown or repeated keys are errors; integers may be written 1e6)\n")
	for _, kind := range GenKinds {
		fmt.Fprintf(&b, "  %s:\n", kind)
		for _, k := range genKeys[kind] {
			fmt.Fprintf(&b, "    %-13s %s\n", k.name, k.doc)
		}
	}
	return b.String()
}

// DefaultGenSpec returns the spec of kind with every parameter at its default.
func DefaultGenSpec(kind string) (GenSpec, error) {
	s := GenSpec{Kind: kind}
	switch kind {
	case "sbm":
		s.SBM = SBMParams{N: 1000, K: 10, MeanDegree: 10, Mu: 0.1, Seed: 1}
	case "lfr":
		s.LFR = LFRParams{N: 1000, MeanDegree: 15, MaxDegree: 50, Tau1: 2, Tau2: 1, MinCommunity: 20, MaxCommunity: 100, Mu: 0.3, Seed: 1}
	case "powerlaw":
		s.PowerLaw = PowerLawParams{N: 10000, MeanDegree: 10, Gamma: 2.5, Seed: 1}
	case "stars":
		s.Stars = StarsParams{Users: 100000, Stars: 1000, Interests: 20, MeanFollows: 20, Zipf: 1, Mu: 0.1, MaxInterests: 2, Seed: 1}
	case "sets":
		s.Sets = PlantedSetsParams{Sets: 10000, Universe: 100000, MinSize: 10, MaxSize: 100, Clusters: 100, ClusterSize: 5, Jaccard: 0.5, Seed: 1}
	default:
		return GenSpec{}, fmt.Errorf("generator %q: unknown kind, want one of %s", kind, strings.Join(GenKinds, ", "))
	}
	return s, nil
}

// IsGenSpec reports whether ref names a generator (starts with "gen:").
func IsGenSpec(ref string) bool { return strings.HasPrefix(ref, GenPrefix) }

// ParseGenSpec parses a generator spec:
//
//	gen:KIND?key=value&key=value...
//
// KIND is sbm, lfr, powerlaw, stars or sets (GenHelp lists every key and default); the "gen:"
// prefix may be omitted and so may the query. Integers may be written as 1e6. Booleans are
// true/false, 1/0 or yes/no. Unknown or repeated keys, malformed values and impossible parameter
// combinations are errors naming the key; parsing never panics.
func ParseGenSpec(spec string) (GenSpec, error) {
	rest := strings.TrimPrefix(strings.TrimSpace(spec), GenPrefix)
	kind, query, _ := strings.Cut(rest, "?")
	kind = strings.ToLower(strings.TrimSpace(kind))
	s, err := DefaultGenSpec(kind)
	if err != nil {
		return GenSpec{}, fmt.Errorf("spec %q: %w", spec, err)
	}
	seen := map[string]bool{}
	if query != "" {
		for _, kv := range strings.Split(query, "&") {
			if kv == "" {
				continue
			}
			key, val, ok := strings.Cut(kv, "=")
			key = strings.ToLower(strings.TrimSpace(key))
			val = strings.TrimSpace(val)
			if !ok || val == "" {
				return GenSpec{}, fmt.Errorf("spec %q: parameter %q has no value (want key=value)", spec, key)
			}
			if seen[key] {
				return GenSpec{}, fmt.Errorf("spec %q: parameter %q given twice", spec, key)
			}
			seen[key] = true
			if err := s.set(key, val); err != nil {
				return GenSpec{}, fmt.Errorf("spec %q: %w", spec, err)
			}
		}
	}
	if s.Kind == "sbm" && (seen["pin"] || seen["pout"]) {
		if seen["deg"] || seen["mu"] {
			return GenSpec{}, fmt.Errorf("spec %q: sbm takes either pin and pout or deg and mu, not both", spec)
		}
		s.SBM.MeanDegree, s.SBM.Mu = 0, 0
	}
	if s.Kind == "sbm" && seen["sizes"] && (seen["n"] || seen["k"]) {
		return GenSpec{}, fmt.Errorf("spec %q: sbm takes either sizes or n and k, not both", spec)
	}
	if err := s.Validate(); err != nil {
		return GenSpec{}, fmt.Errorf("spec %q: %w", spec, err)
	}
	return s, nil
}

// Validate checks the parameters of the spec's kind without generating anything.
func (s GenSpec) Validate() error {
	switch s.Kind {
	case "sbm":
		_, err := s.SBM.plan()
		return err
	case "lfr":
		if err := s.LFR.validate(); err != nil {
			return err
		}
		_, err := lfrDegreeCut(s.LFR.MeanDegree, s.LFR.MaxDegree, s.LFR.Tau1)
		return err
	case "powerlaw":
		return s.PowerLaw.validate()
	case "stars":
		return s.Stars.validate()
	case "sets":
		return s.Sets.validate()
	}
	return fmt.Errorf("generator %q: unknown kind, want one of %s", s.Kind, strings.Join(GenKinds, ", "))
}

func (s *GenSpec) set(key, val string) error {
	valid := false
	for _, k := range genKeys[s.Kind] {
		valid = valid || k.name == key
	}
	if !valid {
		names := make([]string, 0, len(genKeys[s.Kind]))
		for _, k := range genKeys[s.Kind] {
			names = append(names, k.name)
		}
		return fmt.Errorf("unknown parameter %q for %s (want one of %s)", key, s.Kind, strings.Join(names, ", "))
	}
	var err error
	i := func(dst *int) { *dst, err = parseGenInt(key, val) }
	u := func(dst *uint64) {
		*dst, err = strconv.ParseUint(val, 10, 64)
		if err != nil {
			err = fmt.Errorf("parameter %s = %q: want a non-negative integer", key, val)
		}
	}
	f := func(dst *float64) { *dst, err = parseGenFloat(key, val) }
	b := func(dst *bool) { *dst, err = parseGenBool(key, val) }
	switch s.Kind {
	case "sbm":
		p := &s.SBM
		switch key {
		case "n":
			i(&p.N)
		case "k":
			i(&p.K)
		case "sizes":
			p.Sizes = nil
			for _, part := range strings.Split(val, ",") {
				var x int
				if x, err = parseGenInt(key, strings.TrimSpace(part)); err != nil {
					break
				}
				p.Sizes = append(p.Sizes, x)
			}
		case "pin":
			f(&p.PIn)
		case "pout":
			f(&p.POut)
		case "deg":
			f(&p.MeanDegree)
		case "mu":
			f(&p.Mu)
		case "directed":
			b(&p.Directed)
		case "seed":
			u(&p.Seed)
		}
	case "lfr":
		p := &s.LFR
		switch key {
		case "n":
			i(&p.N)
		case "deg":
			f(&p.MeanDegree)
		case "maxdeg":
			i(&p.MaxDegree)
		case "tau1":
			f(&p.Tau1)
		case "tau2":
			f(&p.Tau2)
		case "minc":
			i(&p.MinCommunity)
		case "maxc":
			i(&p.MaxCommunity)
		case "mu":
			f(&p.Mu)
		case "seed":
			u(&p.Seed)
		}
	case "powerlaw":
		p := &s.PowerLaw
		switch key {
		case "n":
			i(&p.N)
		case "deg":
			f(&p.MeanDegree)
		case "maxdeg":
			f(&p.MaxDegree)
		case "gamma":
			f(&p.Gamma)
		case "directed":
			b(&p.Directed)
		case "workers":
			i(&p.Workers)
		case "seed":
			u(&p.Seed)
		}
	case "stars":
		p := &s.Stars
		switch key {
		case "users":
			i(&p.Users)
		case "stars":
			i(&p.Stars)
		case "interests":
			i(&p.Interests)
		case "follows":
			f(&p.MeanFollows)
		case "zipf":
			f(&p.Zipf)
		case "mu":
			f(&p.Mu)
		case "maxinterests":
			i(&p.MaxInterests)
		case "truthusers":
			b(&p.UsersInTruth)
		case "seed":
			u(&p.Seed)
		}
	case "sets":
		p := &s.Sets
		switch key {
		case "n":
			i(&p.Sets)
		case "universe":
			i(&p.Universe)
		case "minsize":
			i(&p.MinSize)
		case "maxsize":
			i(&p.MaxSize)
		case "sizeexp":
			f(&p.SizeExponent)
		case "clusters":
			i(&p.Clusters)
		case "clustersize":
			i(&p.ClusterSize)
		case "j":
			f(&p.Jaccard)
		case "seed":
			u(&p.Seed)
		}
	}
	return err
}

func parseGenInt(key, val string) (int, error) {
	if x, err := strconv.ParseInt(val, 10, 64); err == nil {
		return int(x), nil
	}
	f, err := strconv.ParseFloat(val, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, fmt.Errorf("parameter %s = %q: want an integer", key, val)
	}
	return int(f), nil
}

func parseGenFloat(key, val string) (float64, error) {
	f, err := strconv.ParseFloat(val, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("parameter %s = %q: want a finite number", key, val)
	}
	return f, nil
}

func parseGenBool(key, val string) (bool, error) {
	switch strings.ToLower(val) {
	case "1", "true", "yes", "y", "t":
		return true, nil
	case "0", "false", "no", "n", "f":
		return false, nil
	}
	return false, fmt.Errorf("parameter %s = %q: want true or false", key, val)
}

// String returns the canonical spec with every parameter, in the order of GenHelp; parsing it
// gives the same GenSpec (except powerlaw's workers, which does not change the output and is
// left out).
func (s GenSpec) String() string {
	var kv []string
	add := func(k string, v any) {
		var str string
		switch x := v.(type) {
		case float64:
			str = genFmtFloat(x)
		default:
			str = fmt.Sprint(x)
		}
		kv = append(kv, k+"="+str)
	}
	switch s.Kind {
	case "sbm":
		p := s.SBM
		if len(p.Sizes) > 0 {
			parts := make([]string, len(p.Sizes))
			for i, x := range p.Sizes {
				parts[i] = strconv.Itoa(x)
			}
			add("sizes", strings.Join(parts, ","))
		} else {
			add("n", p.N)
			add("k", p.K)
		}
		if p.MeanDegree != 0 || p.Mu != 0 {
			add("deg", p.MeanDegree)
			add("mu", p.Mu)
		} else {
			add("pin", p.PIn)
			add("pout", p.POut)
		}
		add("directed", p.Directed)
		add("seed", p.Seed)
	case "lfr":
		p := s.LFR
		add("n", p.N)
		add("deg", p.MeanDegree)
		add("maxdeg", p.MaxDegree)
		add("tau1", p.Tau1)
		add("tau2", p.Tau2)
		add("minc", p.MinCommunity)
		add("maxc", p.MaxCommunity)
		add("mu", p.Mu)
		add("seed", p.Seed)
	case "powerlaw":
		return s.PowerLaw.String()
	case "stars":
		p := s.Stars
		add("users", p.Users)
		add("stars", p.Stars)
		add("interests", p.Interests)
		add("follows", p.MeanFollows)
		add("zipf", p.Zipf)
		add("mu", p.Mu)
		add("maxinterests", p.MaxInterests)
		add("truthusers", p.UsersInTruth)
		add("seed", p.Seed)
	case "sets":
		p := s.Sets
		add("n", p.Sets)
		add("universe", p.Universe)
		add("minsize", p.MinSize)
		add("maxsize", p.MaxSize)
		add("sizeexp", p.SizeExponent)
		add("clusters", p.Clusters)
		add("clustersize", p.ClusterSize)
		add("j", p.Jaccard)
		add("seed", p.Seed)
	}
	return GenPrefix + s.Kind + "?" + strings.Join(kv, "&")
}

// Run generates the data set of the spec in memory; its Name is the canonical spec. progress
// may be nil.
func (s GenSpec) Run(ctx context.Context, progress Progress) (*Dataset, GenStats, error) {
	var d *Dataset
	var st GenStats
	var err error
	switch s.Kind {
	case "sbm":
		p := s.SBM
		p.Progress = progress
		var x *SBMStats
		d, x, err = SBM(ctx, p)
		st = x
	case "lfr":
		p := s.LFR
		p.Progress = progress
		var x *LFRStats
		d, x, err = LFR(ctx, p)
		st = x
	case "powerlaw":
		p := s.PowerLaw
		p.Progress = progress
		var x *PowerLawStats
		d, x, err = PowerLaw(ctx, p)
		st = x
	case "stars":
		p := s.Stars
		p.Progress = progress
		var x *StarsStats
		d, x, err = Stars(ctx, p)
		st = x
	case "sets":
		p := s.Sets
		p.Progress = progress
		var x *PlantedSetsStats
		d, x, err = PlantedSets(ctx, p)
		st = x
	default:
		err = s.Validate()
	}
	if err != nil {
		return nil, nil, err
	}
	d.Name = s.String()
	return d, st, nil
}

// Generate parses a generator spec (see ParseGenSpec) and generates the data set in memory.
func Generate(ctx context.Context, spec string) (*Dataset, error) {
	s, err := ParseGenSpec(spec)
	if err != nil {
		return nil, err
	}
	d, _, err := s.Run(ctx, nil)
	return d, err
}
