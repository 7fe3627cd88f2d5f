package exact

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxThresholdDen bounds the denominator of a Threshold so that every bound computed from it
// fits in 64-bit integers for sets of up to 2^32 elements.
const MaxThresholdDen = 1_000_000_000

// Threshold is a similarity threshold t = Num/Den in (0, 1], kept as an exact rational so that
// bounds such as ceil(t*|x|) are computed in integers. Den is positive and at most
// MaxThresholdDen; ParseThreshold and NewThreshold return it in lowest terms.
type Threshold struct {
	Num, Den int64
}

// NewThreshold returns num/den in lowest terms, or an error unless 0 < num/den <= 1 and the
// reduced denominator is at most MaxThresholdDen.
func NewThreshold(num, den int64) (Threshold, error) {
	if den <= 0 || num <= 0 || num > den {
		return Threshold{}, fmt.Errorf("threshold %d/%d: want 0 < t <= 1", num, den)
	}
	g := gcd(num, den)
	t := Threshold{Num: num / g, Den: den / g}
	if t.Den > MaxThresholdDen {
		return Threshold{}, fmt.Errorf("threshold %d/%d: denominator above %d", num, den, MaxThresholdDen)
	}
	return t, nil
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// ParseThreshold reads a threshold exactly: a decimal such as "0.07", ".5" or "1", or a fraction
// such as "1/3". The value must lie in (0, 1]. Decimals are exact (0.07 is 7/100), never rounded
// through a float.
func ParseThreshold(s string) (Threshold, error) {
	str := strings.TrimSpace(s)
	if num, den, ok := strings.Cut(str, "/"); ok {
		n, err1 := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
		d, err2 := strconv.ParseInt(strings.TrimSpace(den), 10, 64)
		if err1 != nil || err2 != nil {
			return Threshold{}, fmt.Errorf("threshold %q: want a decimal such as 0.5 or a fraction such as 1/3", s)
		}
		t, err := NewThreshold(n, d)
		if err != nil {
			return Threshold{}, fmt.Errorf("threshold %q: %w", s, err)
		}
		return t, nil
	}
	// Decimal: digits, optional point, digits; no sign, no exponent.
	intPart, frac, _ := strings.Cut(str, ".")
	if (intPart == "" && frac == "") || !allDigits(intPart) || !allDigits(frac) {
		return Threshold{}, fmt.Errorf("threshold %q: want a decimal such as 0.5 or a fraction such as 1/3", s)
	}
	frac = strings.TrimRight(frac, "0")
	digits := strings.TrimLeft(intPart+frac, "0")
	if len(frac) > 9 || len(digits) > 18 {
		return Threshold{}, fmt.Errorf("threshold %q: too many digits (at most 9 decimals)", s)
	}
	num := int64(0)
	if digits != "" {
		num, _ = strconv.ParseInt(digits, 10, 64)
	}
	den := int64(1)
	for range len(frac) {
		den *= 10
	}
	t, err := NewThreshold(num, den)
	if err != nil {
		return Threshold{}, fmt.Errorf("threshold %q: %w", s, err)
	}
	return t, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// MustThreshold is ParseThreshold for constants in tests and examples; it panics on a bad value.
func MustThreshold(s string) Threshold {
	t, err := ParseThreshold(s)
	if err != nil {
		panic(err)
	}
	return t
}

// Valid reports whether t is a threshold in (0, 1] with a denominator in range.
func (t Threshold) Valid() bool {
	return t.Den > 0 && t.Den <= MaxThresholdDen && t.Num > 0 && t.Num <= t.Den
}

// check returns an error unless t is valid.
func (t Threshold) check() error {
	if !t.Valid() {
		return fmt.Errorf("threshold %d/%d: want 0 < t <= 1 with denominator at most %d", t.Num, t.Den, MaxThresholdDen)
	}
	return nil
}

// Float returns t as a float64 (for display only).
func (t Threshold) Float() float64 { return float64(t.Num) / float64(t.Den) }

// String returns t as "num/den" ("1" for 1/1), which ParseThreshold reads back.
func (t Threshold) String() string {
	if t.Den == 1 {
		return strconv.FormatInt(t.Num, 10)
	}
	return strconv.FormatInt(t.Num, 10) + "/" + strconv.FormatInt(t.Den, 10)
}

// Accepts reports whether the similarity inter/union is at least t, exactly. A zero union (two
// empty sets) has similarity 0 and is never accepted.
func (t Threshold) Accepts(inter, union int) bool {
	if union <= 0 || inter <= 0 {
		return false
	}
	return int64(inter)*t.Den >= t.Num*int64(union)
}

// MinSize returns ceil(t*size): the smallest size of a set that can reach similarity t with a
// set of the given size.
func (t Threshold) MinSize(size int) int {
	return int(ceilDiv(t.Num*int64(size), t.Den))
}

// MaxSize returns floor(size/t): the largest size of a set that can reach similarity t with a
// set of the given size.
func (t Threshold) MaxSize(size int) int {
	return int(int64(size) * t.Den / t.Num)
}

// MinOverlap returns ceil(t/(1+t) * (a+b)): the smallest intersection with which sets of sizes a
// and b reach similarity t.
func (t Threshold) MinOverlap(a, b int) int {
	return int(ceilDiv(t.Num*int64(a+b), t.Num+t.Den))
}

// probePrefix returns the prefix length a set of the given size probes with: size-ceil(t*size)+1.
func (t Threshold) probePrefix(size int) int {
	return size - t.MinSize(size) + 1
}

// indexPrefix returns PPJoin's indexing prefix length for a set of the given size, valid when
// every probing set is at least as large: size - ceil(2t/(1+t) * size) + 1.
func (t Threshold) indexPrefix(size int) int {
	return size - int(ceilDiv(2*t.Num*int64(size), t.Num+t.Den)) + 1
}

// ceilDiv returns ceil(a/b) for a >= 0, b > 0.
func ceilDiv(a, b int64) int64 { return (a + b - 1) / b }
