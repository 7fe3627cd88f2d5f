package datasets

// Progress receives progress reports from long operations: done units out of total (total is
// 0 when unknown). It is called from one goroutine at a time, often enough to draw a bar and
// rarely enough to cost nothing measurable. A nil Progress is valid and ignored.
type Progress func(done, total int64)

// Report calls p if it is not nil.
func (p Progress) Report(done, total int64) {
	if p != nil {
		p(done, total)
	}
}
