package main

import (
	"math"
	"sync/atomic"
)

// sieve: the concurrent prime sieve: a generator sends 2, 3, 4, ... and one filter goroutine per
// prime found passes on what its prime does not divide; the first n primes are read and checked
// against a plain sieve. Teardown (timed): a stop flag makes the generator send -1, which every
// filter forwards before ending, and the reader drains the chain until it arrives.
func sieve(n int64) (outcome, error) {
	count := int(n)
	var stop int32
	ch := make(chan int)
	go generate(ch, &stop)
	var sum int64
	last := 0
	for k := 0; k < count; k++ {
		p := <-ch
		sum += int64(p)
		last = p
		if k == count-1 {
			break
		}
		next := make(chan int)
		go filter(p, ch, next)
		ch = next
	}
	atomic.StoreInt32(&stop, 1)
	for <-ch >= 0 {
		// drain until the stop token has passed every filter
	}
	primes := firstPrimes(count)
	var want int64
	for _, p := range primes {
		want += int64(p)
	}
	if err := check("sieve: prime #n", int64(primes[count-1]), int64(last)); err != nil {
		return outcome{}, err
	}
	return ops(n), check("sieve: sum of the primes", want, sum)
}

func generate(out chan<- int, stop *int32) {
	for i := 2; ; i++ {
		if atomic.LoadInt32(stop) != 0 {
			out <- -1
			return
		}
		out <- i
	}
}

func filter(prime int, in <-chan int, out chan<- int) {
	for {
		v := <-in
		if v < 0 {
			out <- v
			return
		}
		if v%prime != 0 {
			out <- v
		}
	}
}

// firstPrimes returns the first count primes by a plain sieve of Eratosthenes.
func firstPrimes(count int) []int {
	c := float64(count + 2)
	limit := int(float64(count)*(math.Log(c)+math.Log(math.Log(c)))) + 10
	if limit < 16 {
		limit = 16
	}
	composite := make([]bool, limit+1)
	primes := make([]int, 0, count)
	for i := 2; i <= limit && len(primes) < count; i++ {
		if !composite[i] {
			primes = append(primes, i)
			for j := i * i; j <= limit; j += i {
				composite[j] = true
			}
		}
	}
	if len(primes) < count {
		panic("sieve limit too small")
	}
	return primes
}
