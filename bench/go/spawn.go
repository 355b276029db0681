package main

import (
	"sync"
	"sync/atomic"
)

// spawn: start n goroutines that each count down one shared WaitGroup; wait for all.
func spawn(n int64) (outcome, error) {
	var wg sync.WaitGroup
	var ran int64
	wg.Add(int(n))
	for i := int64(0); i < n; i++ {
		go func() {
			atomic.AddInt64(&ran, 1)
			wg.Done()
		}()
	}
	wg.Wait()
	return ops(n), check("spawn: goroutines that ran", n, atomic.LoadInt64(&ran))
}
