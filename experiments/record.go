package experiments

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Field is one named value of a record. Timing fields depend on the machine and its load; all
// others are deterministic functions of the spec and its seeds.
type Field struct {
	Name   string
	Value  any // string, bool, int, int64, uint64 or float64
	Timing bool
}

// Record is one row of results: the parameters of a cell followed by its metrics, in a fixed
// order. Column names carry their units (e.g. latency_p99_us, index_bytes).
type Record struct {
	Fields []Field
}

// Add appends a deterministic field.
func (r *Record) Add(name string, v any) { r.Fields = append(r.Fields, Field{Name: name, Value: v}) }

// AddTiming appends a machine-dependent field (times, rates, measured memory).
func (r *Record) AddTiming(name string, v any) {
	r.Fields = append(r.Fields, Field{Name: name, Value: v, Timing: true})
}

// Get returns the value of the named field.
func (r *Record) Get(name string) (any, bool) {
	for _, f := range r.Fields {
		if f.Name == name {
			return f.Value, true
		}
	}
	return nil, false
}

// Float returns the named field as a float64 (NaN when absent or not numeric).
func (r *Record) Float(name string) float64 {
	v, ok := r.Get(name)
	if !ok {
		return math.NaN()
	}
	return Number(v)
}

// Number returns a field value as a float64: numbers converted, anything else NaN.
func Number(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int:
		return float64(x)
	case int64:
		return float64(x)
	case uint64:
		return float64(x)
	}
	return math.NaN()
}

// String returns the named field formatted as in the CSV file ("" when absent).
func (r *Record) String(name string) string {
	v, ok := r.Get(name)
	if !ok {
		return ""
	}
	return formatValue(v)
}

// formatValue renders a value the same way in CSV, JSON and summaries: floats in the shortest
// form that round-trips, NaN and infinities as empty strings (CSV) or null (JSON).
func formatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return ""
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return fmt.Sprint(v)
}

// MarshalJSON writes the record as one JSON object with its fields in order. Non-finite floats
// become null. Timing fields are listed under the key "_timing" so a reader can tell them apart.
func (r Record) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	var timing []string
	for i, f := range r.Fields {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(f.Name)
		b.Write(k)
		b.WriteByte(':')
		if err := writeJSONValue(&b, f.Value); err != nil {
			return nil, fmt.Errorf("field %s: %w", f.Name, err)
		}
		if f.Timing {
			timing = append(timing, f.Name)
		}
	}
	if len(timing) > 0 {
		b.WriteString(`,"_timing":`)
		t, _ := json.Marshal(timing)
		b.Write(t)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func writeJSONValue(b *bytes.Buffer, v any) error {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			b.WriteString("null")
			return nil
		}
		b.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
	case string, bool, int, int64, uint64:
		j, err := json.Marshal(x)
		if err != nil {
			return err
		}
		b.Write(j)
	default:
		return fmt.Errorf("unsupported value type %T", v)
	}
	return nil
}

// UnmarshalJSON reads a record written by MarshalJSON, keeping the field order (see
// ParseRecords for the value types).
func (r *Record) UnmarshalJSON(data []byte) error {
	p := recordParser{intern: map[string]string{}}
	rec, err := p.record(bytes.TrimSpace(data))
	if err != nil {
		return fmt.Errorf("record: %w", err)
	}
	*r = rec
	return nil
}

// Columns returns the union of the records' field names in order of first appearance.
func Columns(recs []Record) []string {
	seen := map[string]bool{}
	var cols []string
	for _, r := range recs {
		for _, f := range r.Fields {
			if !seen[f.Name] {
				seen[f.Name] = true
				cols = append(cols, f.Name)
			}
		}
	}
	return cols
}

// WriteCSV writes the records as CSV with a header of every column; absent values are empty.
func WriteCSV(w io.Writer, recs []Record) error {
	cols := Columns(recs)
	line := make([]string, len(cols))
	writeRow := func(cells []string) error {
		for i, c := range cells {
			if strings.ContainsAny(c, ",\"\n\r") {
				cells[i] = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
		}
		_, err := io.WriteString(w, strings.Join(cells, ",")+"\n")
		return err
	}
	if err := writeRow(append([]string(nil), cols...)); err != nil {
		return err
	}
	for _, r := range recs {
		for i, c := range cols {
			line[i] = r.String(c)
		}
		if err := writeRow(line); err != nil {
			return err
		}
	}
	return nil
}

// WriteJSONL writes one JSON object per record.
func WriteJSONL(w io.Writer, recs []Record) error {
	for _, r := range recs {
		b, err := r.MarshalJSON()
		if err != nil {
			return err
		}
		b = append(b, '\n')
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}
