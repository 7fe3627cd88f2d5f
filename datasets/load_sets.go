package datasets

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// LoadSets reads a transactions file (FIMI .dat): one set per line, elements given as
// whitespace-separated non-negative integer ids. `#` and `%` lines are comments; every other line,
// including a blank one, is a set (a blank line is an empty set, since each line of a FIMI file
// is one transaction). Repeated elements within a line are merged.
//
// Elements are mapped to dense ids 0..U-1 in ascending order of their original ids, with
// U = Universe = the number of distinct elements. The returned IDs name the sets by the 1-based
// number of the line each came from. A file without any set is an error.
//
// Time O(bytes + E log U) where E is the number of elements read; memory about 16 bytes per
// element while loading.
func LoadSets(ctx context.Context, path string, opt LoadOptions) (*Sets, IDs, error) {
	in, err := openInput(ctx, path, opt.Progress)
	if err != nil {
		return nil, IDs{}, err
	}
	defer in.Close()
	return readSets(in)
}

func readSets(in *input) (*Sets, IDs, error) {
	lr := newLineReader(in)
	var items []int64
	offsets := []int{0}
	var lines []int64
	maxItem := int64(-1)
	for {
		line, ok := lr.next()
		if !ok {
			break
		}
		if i := skipSpace(line, 0); i < len(line) && (line[i] == '#' || line[i] == '%') {
			continue
		}
		for i := 0; ; {
			var f []byte
			f, i = nextField(line, i)
			if len(f) == 0 {
				break
			}
			x, k := parseID(f)
			if k != idInt {
				if k == idString {
					return nil, IDs{}, in.errorf(lr.line, "item %q: want a non-negative integer", f)
				}
				return nil, IDs{}, in.errAt(lr.line, badID(f))
			}
			items = append(items, x)
			maxItem = max(maxItem, x)
		}
		offsets = append(offsets, len(items))
		lines = append(lines, int64(lr.line))
	}
	if err := lr.Err(); err != nil {
		return nil, IDs{}, err
	}
	in.progress.Report(in.raw.n, in.size)
	if len(lines) == 0 {
		return nil, IDs{}, &ParseError{File: in.name, Line: lr.line, Err: errors.New("no sets")}
	}
	// Dense element ids in ascending original order.
	var lookup func(int64) uint32
	universe := 0
	if maxItem < int64(4*len(items)+1<<16) {
		table := make([]uint32, maxItem+1)
		for _, x := range items {
			table[x] = 1
		}
		for x, t := range table {
			if t != 0 {
				table[x] = uint32(universe)
				universe++
			}
		}
		lookup = func(x int64) uint32 { return table[x] }
	} else {
		sorted := slices.Clone(items)
		slices.Sort(sorted)
		sorted = slices.Compact(sorted)
		if len(sorted) > 1<<32-1 {
			return nil, IDs{}, &ParseError{File: in.name, Err: fmt.Errorf("%d distinct items exceed the uint32 id space", len(sorted))}
		}
		universe = len(sorted)
		lookup = func(x int64) uint32 {
			i, _ := slices.BinarySearch(sorted, x)
			return uint32(i)
		}
	}
	elems := make([]uint32, len(items))
	for i, x := range items {
		elems[i] = lookup(x)
	}
	items = nil
	// Sort and de-duplicate each set in place, compacting the flat array.
	w := 0
	out := make([]int, len(offsets))
	for s := 0; s+1 < len(offsets); s++ {
		set := elems[offsets[s]:offsets[s+1]]
		slices.Sort(set)
		set = slices.Compact(set)
		w += copy(elems[w:], set)
		out[s+1] = w
	}
	sets := &Sets{Offsets: out, Elems: elems[:w:w], Universe: universe}
	ids, err := IntIDs(lines)
	if err != nil {
		return nil, IDs{}, err
	}
	return sets, ids, nil
}
