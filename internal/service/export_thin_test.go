package service

import "time"

// ForgetCounts empties the cache of widening counts, so a benchmark can
// measure the count searches themselves.
func (h *Hub) ForgetCounts() { h.counts = newCountCache(5000, 10*time.Second) }
