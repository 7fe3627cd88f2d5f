package experiments

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// ParseRecords parses records.jsonl content (path names it in errors): one flat JSON object per
// line, fields kept in order, integers as int64, other numbers as float64, null as NaN, the fields
// named in "_timing" marked Timing. It is a parser for the flat objects the runner writes, several
// times faster than encoding/json's token API, so sweeps of 10^4 records load in a fraction of a
// second; repeated short strings (data set, variant, index names) share memory.
func ParseRecords(path string, data []byte) ([]Record, error) {
	var recs []Record
	p := recordParser{intern: map[string]string{}}
	line := 0
	for len(data) > 0 {
		line++
		var l []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			l, data = data[:i], data[i+1:]
		} else {
			l, data = data, nil
		}
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		r, err := p.record(l)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, line, err)
		}
		recs = append(recs, r)
	}
	return recs, nil
}

type recordParser struct {
	b      []byte
	i      int
	intern map[string]string
}

func (p *recordParser) ws() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\r', '\n':
			p.i++
		default:
			return
		}
	}
}

func (p *recordParser) expect(c byte) error {
	p.ws()
	if p.i >= len(p.b) || p.b[p.i] != c {
		return fmt.Errorf("offset %d: want %q", p.i, c)
	}
	p.i++
	return nil
}

// str reads a JSON string; escapes are decoded by encoding/json.
func (p *recordParser) str() (string, error) {
	p.ws()
	if p.i >= len(p.b) || p.b[p.i] != '"' {
		return "", fmt.Errorf("offset %d: want a string", p.i)
	}
	start := p.i
	p.i++
	escaped := false
	for p.i < len(p.b) {
		c := p.b[p.i]
		if c == '\\' {
			escaped = true
			p.i += 2
			continue
		}
		if c == '"' {
			p.i++
			raw := p.b[start:p.i]
			if escaped {
				var s string
				if err := json.Unmarshal(raw, &s); err != nil {
					return "", fmt.Errorf("offset %d: %w", start, err)
				}
				return s, nil
			}
			inner := raw[1 : len(raw)-1]
			if len(inner) <= 64 {
				if s, ok := p.intern[string(inner)]; ok {
					return s, nil
				}
				s := string(inner)
				p.intern[s] = s
				return s, nil
			}
			return string(inner), nil
		}
		if c < 0x20 {
			return "", fmt.Errorf("offset %d: control character in string", p.i)
		}
		p.i++
	}
	return "", fmt.Errorf("offset %d: unterminated string", start)
}

func (p *recordParser) lit(s string) bool {
	if bytes.HasPrefix(p.b[p.i:], []byte(s)) {
		p.i += len(s)
		return true
	}
	return false
}

// value reads a scalar: string, number, true, false or null.
func (p *recordParser) value() (any, error) {
	p.ws()
	if p.i >= len(p.b) {
		return nil, fmt.Errorf("offset %d: want a value", p.i)
	}
	switch c := p.b[p.i]; {
	case c == '"':
		return p.str()
	case p.lit("true"):
		return true, nil
	case p.lit("false"):
		return false, nil
	case p.lit("null"):
		return math.NaN(), nil
	case c == '-' || (c >= '0' && c <= '9'):
		start := p.i
		isFloat := false
		for p.i < len(p.b) {
			c := p.b[p.i]
			if c == '.' || c == 'e' || c == 'E' {
				isFloat = true
			} else if !(c == '-' || c == '+' || (c >= '0' && c <= '9')) {
				break
			}
			p.i++
		}
		num := string(p.b[start:p.i])
		if !isFloat {
			if v, err := strconv.ParseInt(num, 10, 64); err == nil {
				return v, nil
			}
		}
		v, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return nil, fmt.Errorf("offset %d: number %q: %w", start, num, err)
		}
		return v, nil
	}
	return nil, fmt.Errorf("offset %d: unsupported JSON value", p.i)
}

// record parses one flat JSON object.
func (p *recordParser) record(line []byte) (Record, error) {
	p.b, p.i = line, 0
	var r Record
	if err := p.expect('{'); err != nil {
		return r, err
	}
	var timing []string
	p.ws()
	if p.i < len(p.b) && p.b[p.i] == '}' {
		p.i++
		return r, p.end()
	}
	for {
		key, err := p.str()
		if err != nil {
			return r, err
		}
		if err := p.expect(':'); err != nil {
			return r, err
		}
		if key == "_timing" {
			if timing, err = p.strings(); err != nil {
				return r, fmt.Errorf("_timing: %w", err)
			}
		} else {
			v, err := p.value()
			if err != nil {
				return r, fmt.Errorf("field %s: %w", key, err)
			}
			r.Fields = append(r.Fields, Field{Name: key, Value: v})
		}
		p.ws()
		if p.i < len(p.b) && p.b[p.i] == ',' {
			p.i++
			continue
		}
		if err := p.expect('}'); err != nil {
			return r, err
		}
		break
	}
	// The timing names follow the field order, so each search starts after the previous match.
	j, n := 0, len(r.Fields)
	for _, name := range timing {
		for k := 0; k < n; k++ {
			if idx := (j + k) % n; r.Fields[idx].Name == name {
				r.Fields[idx].Timing = true
				j = idx + 1
				break
			}
		}
	}
	return r, p.end()
}

func (p *recordParser) end() error {
	p.ws()
	if p.i != len(p.b) {
		return fmt.Errorf("offset %d: trailing data after the object", p.i)
	}
	return nil
}

// strings reads an array of strings.
func (p *recordParser) strings() ([]string, error) {
	if err := p.expect('['); err != nil {
		return nil, err
	}
	var out []string
	p.ws()
	if p.i < len(p.b) && p.b[p.i] == ']' {
		p.i++
		return out, nil
	}
	for {
		s, err := p.str()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
		p.ws()
		if p.i < len(p.b) && p.b[p.i] == ',' {
			p.i++
			continue
		}
		return out, p.expect(']')
	}
}
