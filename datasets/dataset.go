package datasets

import "fmt"

// Dataset is one loaded data set: either a graph (with optional ground truth) or a plain
// collection of sets (one set per input line, such as market baskets).
type Dataset struct {
	// Name is the registry name, the file path, or the generator spec it came from.
	Name string
	// Graph is nil for set data.
	Graph *Graph
	// Truth is nil when the data set has no ground-truth communities.
	Truth *GroundTruth
	// Collection holds set data; nil for graphs (use Sets to derive neighbourhoods).
	Collection *Sets
	// SetIDs names the sets of Collection (for set files, their 1-based line numbers).
	SetIDs IDs
}

// IsGraph reports whether the data set is a graph.
func (d *Dataset) IsGraph() bool { return d.Graph != nil }

// Sets returns the collection the similarity engines work on: the neighbourhoods under mode for
// a graph, the collection itself for set data (where mode must be the zero Mode or is ignored).
func (d *Dataset) Sets(mode Mode) (*Sets, error) {
	switch {
	case d.Graph != nil:
		return d.Graph.Neighbourhoods(mode), nil
	case d.Collection != nil:
		return d.Collection, nil
	}
	return nil, fmt.Errorf("data set %q holds neither a graph nor sets", d.Name)
}

// IDs returns the original identifiers of the sets: vertex ids for a graph, set ids otherwise.
func (d *Dataset) IDs() IDs {
	if d.Graph != nil {
		return d.Graph.IDs()
	}
	return d.SetIDs
}
