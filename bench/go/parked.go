package main

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// parked: n goroutines each parked on a receive from one unbuffered channel; bytes per parked
// goroutine after GC: (heap in use by objects + goroutine stacks) with all n parked, minus the
// same before, over n (runtime.MemStats HeapAlloc + StackInuse after runtime.GC()). Then n values
// are sent, each goroutine must receive one, and the WaitGroup must open.
func parked(n int64) (outcome, error) {
	ch := make(chan int)
	var started, received int64
	var done sync.WaitGroup
	done.Add(int(n))
	before := usedAfterGC()
	for i := int64(0); i < n; i++ {
		go func() {
			atomic.AddInt64(&started, 1)
			<-ch
			atomic.AddInt64(&received, 1)
			done.Done()
		}()
	}
	for atomic.LoadInt64(&started) < n {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // let the last ones reach their park
	after := usedAfterGC()
	for i := int64(0); i < n; i++ {
		ch <- int(i)
	}
	done.Wait()
	perTask := (int64(after) - int64(before)) / n
	if perTask < 0 {
		perTask = 0
	}
	return outcome{ops: n, bytesPerTask: perTask}, check("parked: goroutines that received", n, atomic.LoadInt64(&received))
}

func usedAfterGC() uint64 {
	var m runtime.MemStats
	for i := 0; i < 3; i++ {
		runtime.GC()
	}
	runtime.ReadMemStats(&m)
	return m.HeapAlloc + m.StackInuse
}
