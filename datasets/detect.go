package datasets

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
)

// DetectFormat guesses the format of a data file from its name and, when the name is not
// conclusive, from its first non-comment line. The rules, in order, on the base name without a
// trailing ".gz":
//
//   - ".gml" -> FormatGML; ".json" -> FormatCDLibJSON; ".tar" or ".tgz" -> FormatSNAPCircles;
//   - ".dat" -> FormatTransactions;
//   - ".cmty" anywhere in the name (SNAP's "x.cmty.txt") -> FormatCommunities;
//   - ".labels", ".clusters" -> FormatNodeLabel;
//   - otherwise the content decides: a line starting with '{' -> FormatCDLibJSON, a GML keyword
//     (`graph`, `Creator`) -> FormatGML, a line with a comma -> FormatCSV, anything else ->
//     FormatEdgeList. So a ".csv" file that is really tab-separated (the LFR files) is an edge
//     list. A file without any content line is an edge list (whose loader reports it empty).
//
// Ground-truth files that look like edge lists (`node label`) are told apart by DetectTruthFormat.
func DetectFormat(path string) (Format, error) {
	if f, ok := formatFromName(path); ok {
		return f, nil
	}
	return formatFromContent(path)
}

// DetectTruthFormat guesses the format of a ground-truth file: like DetectFormat, except that
// content with exactly two fields on every one of the first lines examined is FormatNodeLabel
// (`node label`), content with more is FormatCommunities (one community per line), and a CSV
// file is FormatNodeLabel (a label table with a header).
func DetectTruthFormat(path string) (Format, error) {
	if f, ok := formatFromName(path); ok {
		return f, nil
	}
	f, err := formatFromContent(path)
	if err != nil {
		return "", err
	}
	switch f {
	case FormatCSV:
		return FormatNodeLabel, nil
	case FormatEdgeList:
		return sniffTruthLines(path)
	}
	return f, nil
}

func formatFromName(path string) (Format, bool) {
	base := strings.ToLower(filepath.Base(path))
	base = strings.TrimSuffix(base, ".gz")
	ext := filepath.Ext(base)
	switch ext {
	case ".gml":
		return FormatGML, true
	case ".json":
		return FormatCDLibJSON, true
	case ".tar", ".tgz":
		return FormatSNAPCircles, true
	case ".dat":
		return FormatTransactions, true
	case ".labels", ".clusters":
		return FormatNodeLabel, true
	case ".cmty":
		return FormatCommunities, true
	}
	if strings.Contains(base, ".cmty.") {
		return FormatCommunities, true
	}
	return "", false
}

// firstLines calls fn on up to max non-comment lines of path.
func firstLines(path string, max int, fn func(line []byte) bool) error {
	in, err := openInput(context.Background(), path, nil)
	if err != nil {
		return err
	}
	defer in.Close()
	lr := newLineReader(in)
	for n := 0; n < max; {
		line, ok := lr.next()
		if !ok {
			break
		}
		if isComment(line) {
			continue
		}
		n++
		if !fn(line) {
			break
		}
	}
	return lr.Err()
}

func formatFromContent(path string) (Format, error) {
	format := Format("")
	err := firstLines(path, 1, func(line []byte) bool {
		t := bytes.TrimSpace(line)
		switch {
		case bytes.HasPrefix(t, []byte("{")):
			format = FormatCDLibJSON
		case isGMLStart(t):
			format = FormatGML
		case bytes.IndexByte(t, ',') >= 0:
			format = FormatCSV
		default:
			format = FormatEdgeList
		}
		return false
	})
	if err != nil {
		return "", fmt.Errorf("detect format: %w", err)
	}
	if format == "" {
		// No content line: the edge-list loader reports the empty file.
		format = FormatEdgeList
	}
	return format, nil
}

func sniffTruthLines(path string) (Format, error) {
	two := true
	err := firstLines(path, 100, func(line []byte) bool {
		n := 0
		for i := 0; ; {
			var f []byte
			f, i = nextField(line, i)
			if len(f) == 0 {
				break
			}
			n++
		}
		if n != 2 {
			two = false
			return false
		}
		return true
	})
	if err != nil {
		return "", fmt.Errorf("detect format: %w", err)
	}
	if two {
		return FormatNodeLabel, nil
	}
	return FormatCommunities, nil
}

// isGMLStart reports whether a trimmed first line opens a GML file: the keyword `graph` or
// `Creator` alone or followed by a space, a tab or '['.
func isGMLStart(t []byte) bool {
	for _, kw := range []string{"graph", "Creator"} {
		if bytes.HasPrefix(t, []byte(kw)) {
			rest := t[len(kw):]
			if len(rest) == 0 || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '[' {
				return true
			}
		}
	}
	return false
}

// formats lists every format name ParseFormat accepts, in documentation order.
var formats = []Format{FormatEdgeList, FormatCSV, FormatGML, FormatTransactions, FormatNodeLabel,
	FormatCommunities, FormatCDLibJSON, FormatSNAPCircles}

// Formats returns the names of every format (for help texts).
func Formats() []Format { return append([]Format(nil), formats...) }

// ParseFormat reads a format name as given on the command line (--input-format): one of Formats,
// case-insensitive, or "" / "auto" for FormatAuto. A few common aliases are accepted: snap, tsv
// and txt (edgelist), json (cdlib-json), cmty (communities), label (labels), circles
// (snap-circles-tar), dat and fimi (transactions).
func ParseFormat(s string) (Format, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	switch name {
	case "", "auto":
		return FormatAuto, nil
	case "snap", "tsv", "txt":
		return FormatEdgeList, nil
	case "json":
		return FormatCDLibJSON, nil
	case "cmty":
		return FormatCommunities, nil
	case "label":
		return FormatNodeLabel, nil
	case "circles":
		return FormatSNAPCircles, nil
	case "dat", "fimi":
		return FormatTransactions, nil
	}
	for _, f := range formats {
		if string(f) == name {
			return f, nil
		}
	}
	names := make([]string, len(formats))
	for i, f := range formats {
		names[i] = string(f)
	}
	return "", fmt.Errorf("format %q: want one of %s (or auto)", s, strings.Join(names, ", "))
}
