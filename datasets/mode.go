package datasets

import (
	"fmt"
	"strings"
)

// Direction selects which edges of a vertex form its neighbourhood.
type Direction uint8

const (
	// In is the set of vertices with an edge to v (for a follower graph, v's followers). It is the
	// paper's choice.
	In Direction = iota
	// Out is the set of vertices v has an edge to.
	Out
	// Both is the union of In and Out. For undirected graphs all three are the same.
	Both
)

// String returns "in", "out" or "both".
func (d Direction) String() string {
	switch d {
	case In:
		return "in"
	case Out:
		return "out"
	case Both:
		return "both"
	}
	return fmt.Sprintf("Direction(%d)", d)
}

// Mode is a neighbourhood definition: a direction, and whether the neighbourhood is closed (it
// contains v itself) or open.
type Mode struct {
	Dir    Direction
	Closed bool
}

// String returns the mode's canonical name, e.g. "in" or "both-closed"; ParseMode reads it back.
func (m Mode) String() string {
	if m.Closed {
		return m.Dir.String() + "-closed"
	}
	return m.Dir.String()
}

// ParseMode reads a mode name: "in", "out" or "both", optionally followed by "-closed" (or
// "+closed"); "-open" is accepted and ignored.
func ParseMode(s string) (Mode, error) {
	var m Mode
	base := strings.ToLower(strings.TrimSpace(s))
	for _, suf := range []string{"-closed", "+closed", ":closed"} {
		if strings.HasSuffix(base, suf) {
			m.Closed = true
			base = strings.TrimSuffix(base, suf)
		}
	}
	base = strings.TrimSuffix(base, "-open")
	switch base {
	case "in":
		m.Dir = In
	case "out":
		m.Dir = Out
	case "both", "undirected", "union":
		m.Dir = Both
	default:
		return Mode{}, fmt.Errorf("neighbourhood mode %q: want in, out or both, optionally with -closed", s)
	}
	return m, nil
}
