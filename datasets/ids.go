package datasets

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// IDs maps dense ids 0..Len()-1 to the identifiers read from the input, which are either all
// integers or all strings. The zero value is the identity map of length 0; use IdentityIDs for
// generated data whose ids are the dense ids themselves.
//
// An IDs value is immutable after construction and safe for concurrent use.
type IDs struct {
	ints   []int64
	strs   []string
	sorted bool             // ints ascending: Lookup by binary search
	intIdx map[int64]uint32 // ints not sorted
	strIdx map[string]uint32
}

// IntIDs returns the map whose dense id i stands for ids[i]. The ids must be distinct.
func IntIDs(ids []int64) (IDs, error) {
	out := IDs{ints: ids, sorted: slices.IsSorted(ids)}
	if out.sorted {
		for i := 1; i < len(ids); i++ {
			if ids[i] == ids[i-1] {
				return IDs{}, fmt.Errorf("ids: duplicate id %d", ids[i])
			}
		}
		return out, nil
	}
	out.intIdx = make(map[int64]uint32, len(ids))
	for i, id := range ids {
		if _, dup := out.intIdx[id]; dup {
			return IDs{}, fmt.Errorf("ids: duplicate id %d", id)
		}
		out.intIdx[id] = uint32(i)
	}
	return out, nil
}

// StringIDs returns the map whose dense id i stands for ids[i]. The ids must be distinct.
func StringIDs(ids []string) (IDs, error) {
	out := IDs{strs: ids, strIdx: make(map[string]uint32, len(ids))}
	for i, id := range ids {
		if _, dup := out.strIdx[id]; dup {
			return IDs{}, fmt.Errorf("ids: duplicate id %q", id)
		}
		out.strIdx[id] = uint32(i)
	}
	return out, nil
}

// IdentityIDs returns the map of n integer ids where dense id i stands for i.
func IdentityIDs(n int) IDs {
	ints := make([]int64, n)
	for i := range ints {
		ints[i] = int64(i)
	}
	return IDs{ints: ints, sorted: true}
}

// Len returns the number of ids.
func (m IDs) Len() int {
	if m.strs != nil {
		return len(m.strs)
	}
	return len(m.ints)
}

// IsInt reports whether the original ids are integers.
func (m IDs) IsInt() bool { return m.strs == nil }

// Int returns the integer original id of dense id i; it is 0 for string ids.
func (m IDs) Int(i uint32) int64 {
	if m.strs != nil {
		return 0
	}
	return m.ints[i]
}

// String returns the original id of dense id i as text.
func (m IDs) String(i uint32) string {
	if m.strs != nil {
		return m.strs[i]
	}
	return strconv.FormatInt(m.ints[i], 10)
}

// JSON returns the original id of dense id i as a JSON value: a number for integer ids, a string
// otherwise.
func (m IDs) JSON(i uint32) json.RawMessage {
	if m.strs != nil {
		b, _ := json.Marshal(m.strs[i])
		return b
	}
	return strconv.AppendInt(nil, m.ints[i], 10)
}

// Lookup returns the dense id of an original id given as text.
func (m IDs) Lookup(s string) (uint32, bool) {
	if m.strs != nil {
		v, ok := m.strIdx[s]
		return v, ok
	}
	x, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false
	}
	return m.LookupInt(x)
}

// LookupInt returns the dense id of an integer original id.
func (m IDs) LookupInt(x int64) (uint32, bool) {
	if m.strs != nil {
		v, ok := m.strIdx[strconv.FormatInt(x, 10)]
		return v, ok
	}
	if m.sorted {
		i, ok := slices.BinarySearch(m.ints, x)
		return uint32(i), ok
	}
	v, ok := m.intIdx[x]
	return v, ok
}
