package main

import (
	"sync"
	"sync/atomic"
)

const ringSize = 503

// ring: 503 goroutines in a ring of unbuffered channels pass a token n hops (Benchmarks Game
// thread-ring). The goroutine that receives 0 must be number n mod 503; it then sends -1 round
// the ring, which stops every goroutine.
func ring(n int64) (outcome, error) {
	links := make([]chan int, ringSize)
	for i := range links {
		links[i] = make(chan int)
	}
	winner := int64(-1)
	var wg sync.WaitGroup
	wg.Add(ringSize)
	for i := 0; i < ringSize; i++ {
		go func(id int64, in <-chan int, out chan<- int) {
			defer wg.Done()
			ringMember(id, in, out, &winner)
		}(int64(i), links[i], links[(i+1)%ringSize])
	}
	links[0] <- int(n)
	wg.Wait()
	return ops(n), check("ring finisher", n%ringSize, atomic.LoadInt64(&winner))
}

func ringMember(id int64, in <-chan int, out chan<- int, winner *int64) {
	for {
		token := <-in
		if token < 0 {
			if atomic.LoadInt64(winner) != id {
				out <- token // pass the stop token on; the finisher swallows it
			}
			return
		}
		if token == 0 {
			atomic.StoreInt64(winner, id)
			out <- -1
			continue // wait for the stop token to come round
		}
		out <- token - 1
	}
}
